#!/usr/bin/env python3
"""Long scans on a large store: `stats` and `report` for a year against a raw
read of every row of `events` and `cases`, measured in the same rounds, and the
same commands of an earlier version on a copy of the same store, compared byte
for byte.

    # a store made once (minutes at 100,000 cases) and reused:
    .venv/bin/python bench/scans.py --make /var/tmp/loket-bench/s100k.db --cases 100000
    .venv/bin/python bench/scans.py --store /var/tmp/loket-bench/s100k.db --rounds 5 \\
        --baseline ../before/.venv/bin/loket
    # byte-for-byte comparison of every month and year of a store, no timing:
    .venv/bin/python bench/scans.py --store /var/tmp/loket-bench/s10k.db --baseline ../before/.venv/bin/loket \\
        --compare-only

The store's folder must be writable by its owner only (the session file lives
beside it). The store given is copied twice (`*.now.db` for this version, which
may migrate it, and `*.before.db` for the baseline), so the original is never
changed. Each command runs as its own process, through a session unlocked with
`--no-agent` (so no passphrase stretching is timed), stdout to a file; the
commands of one round run in alternating order, so a noisy moment on a shared
machine hits them alike. Wall time is the median of the rounds; *ratio* is
each round's time over the same round's raw read, then the median of those.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

PASSPHRASE = "bench-wachtwoord-loket"
LOKET = str(Path(sys.executable).parent / "loket")

# Every row of both tables, in Python, as the yardstick: what any scan of the
# whole store costs before it opens a single value.
RAW_READ = """
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
n = 0
for row in conn.execute("SELECT * FROM events"):
    n += 1
for row in conn.execute("SELECT * FROM cases"):
    n += 1
print(n)
"""


def unlocked(loket: str, path: Path, env: dict[str, str]) -> dict[str, str]:
    exports = subprocess.run([loket, "unlock", "--no-agent", "--db", str(path)],
                             env={**env, "LOKET_PASSPHRASE": PASSPHRASE}, check=True, capture_output=True,
                             text=True).stdout
    session = {**env, "LOKET_DB": str(path)}
    for line in exports.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        session[name] = shlex.split(value)[0] if value.strip() else ""
    return session


def run(argv: list[str], env: dict[str, str], output: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the process and its children) in seconds."""
    start = time.perf_counter()
    with output.open("wb") as sink:
        process = subprocess.Popen(argv, env=env, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}\n{errors}")
    return elapsed, usage.ru_utime + usage.ru_stime


def periods(path: Path) -> list[list[str]]:
    """Every whole year and every month the store has events in, as `stats` options."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    first, last = conn.execute("SELECT min(at), max(at) FROM events").fetchone()
    conn.close()
    found: list[list[str]] = []
    for year in range(int(first[:4]), int(last[:4]) + 1):
        found.append(["--year", str(year)])
        for month in range(1, 13):
            if f"{year}-{month:02d}" >= first[:7] and f"{year}-{month:02d}" <= last[:7]:
                found.append(["--month", f"{year}-{month:02d}"])
    return found


def compare(now_env: dict[str, str], before_env: dict[str, str], baseline: str, scratch: Path,
            store: Path) -> list[str]:
    """`stats` in JSON and CSV and `report --format json` for every month and year: byte for byte."""
    lines = []
    mismatches = 0
    checked = 0
    for period in periods(store):
        for extra in (["--format", "json"], ["--format", "csv"]):
            argv = ["stats", *period, *extra]
            run([LOKET, *argv], now_env, scratch / "now.out")
            run([baseline, *argv], before_env, scratch / "before.out")
            checked += 1
            if (scratch / "now.out").read_bytes() != (scratch / "before.out").read_bytes():
                mismatches += 1
                lines.append(f"- DIFFERENT: `loket {' '.join(argv)}`")
    lines.insert(0, f"Compared byte for byte: {checked} outputs (`stats --format json` and `--format csv` for every"
                    f" year and month of the store), {mismatches} different.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store (made by `loket demo`), copied, never changed")
    parser.add_argument("--make", type=Path, help="make a store here with `loket demo --cases N` and stop")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--year", type=int, default=date.today().year - 1)
    parser.add_argument("--baseline", type=Path, metavar="LOKET", help="an earlier version's `loket` (its own venv)")
    parser.add_argument("--compare-only", action="store_true", help="only the byte-for-byte comparison")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env["NO_COLOR"] = "1"
    if options.make:
        start = time.perf_counter()
        subprocess.run([LOKET, "demo", "--cases", str(options.cases), "--db", str(options.make)],
                       env={**env, "LOKET_PASSPHRASE": PASSPHRASE}, check=True, capture_output=True)
        print(f"# made {options.cases} cases in {time.perf_counter() - start:.1f} s: {options.make}")
        return
    if not options.store:
        parser.error("--store or --make")
    baseline = str(options.baseline.absolute()) if options.baseline else None
    scratch = options.store.parent / "scans-scratch"
    scratch.mkdir(mode=0o700, exist_ok=True)
    now_db = scratch / "now.db"
    before_db = scratch / "before.db"
    try:
        shutil.copyfile(options.store, now_db)
        start = time.perf_counter()
        now_env = unlocked(LOKET, now_db, env)  # migrates the copy, if this version has a step to add
        unlock_s = time.perf_counter() - start
        before_env: dict[str, str] = {}
        if baseline:
            shutil.copyfile(options.store, before_db)
            before_env = unlocked(baseline, before_db, env)
        load = os.getloadavg()
        report = [f"# Scans at {options.store.name}", "",
                  f"Run {time.strftime('%Y-%m-%d %H:%M')}; load average at the start {load[0]:.1f} / {load[1]:.1f}"
                  f" / {load[2]:.1f} (1 / 5 / 15 min) on {os.cpu_count()} cores; {options.rounds} rounds.",
                  f"First unlock of this version's copy (with any migration): {unlock_s:.1f} s.", ""]
        if baseline:
            report += compare(now_env, before_env, baseline, scratch, now_db) if options.compare_only else []
        if options.compare_only:
            print("\n".join(report))
            return
        year = str(options.year)
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "raw read": ([sys.executable, "-c", RAW_READ, str(now_db)], env),
            "stats --year": ([LOKET, "stats", "--year", year, "--format", "json"], now_env),
            "report --year": ([LOKET, "report", "--year", year, "--compare", "none", "--output",
                               str(scratch / "report.html")], now_env),
        }
        if baseline:
            commands["stats --year (before)"] = ([baseline, "stats", "--year", year, "--format", "json"], before_env)
            commands["report --year (before)"] = ([baseline, "report", "--year", year, "--compare", "none",
                                                   "--output", str(scratch / "report-before.html")], before_env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        ratios: dict[str, list[float]] = {name: [] for name in commands}
        same = True
        for round_no in range(options.rounds):
            names = list(commands)
            if round_no % 2:
                names.reverse()
            taken = {}
            for name in names:
                argv, run_env = commands[name]
                taken[name], used = run(argv, run_env, scratch / f"{name.replace(' ', '_')}.out")
                times[name].append(taken[name])
                cpu[name].append(used)
            for name in commands:
                ratios[name].append(taken[name] / taken["raw read"])
            if baseline:
                same = same and ((scratch / "stats_--year.out").read_bytes()
                                 == (scratch / "stats_--year_(before).out").read_bytes())
        report += [f"Year {year}. Goal: `stats` and `report` within 2x the raw read.", "",
                   "| command | median s | min–max s | median ratio to raw read | median CPU s |",
                   "|---|---:|---:|---:|---:|"]
        for name in commands:
            report.append(f"| {name} | {statistics.median(times[name]):.2f} | {min(times[name]):.2f}–"
                          f"{max(times[name]):.2f} | {statistics.median(ratios[name]):.2f}x |"
                          f" {statistics.median(cpu[name]):.2f} |")
        if baseline:
            report += ["", "`stats --year` output identical to the baseline's in every round: "
                       + ("yes" if same else "NO")]
        print("\n".join(report))
    finally:
        for path in (now_db, before_db):
            for suffix in ("", "-wal", "-shm", ".session"):
                Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
