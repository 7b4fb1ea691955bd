#!/usr/bin/env python3
"""Large stores (issue 27): the long commands at N cases, this version beside an earlier one.

    # the earlier version, once: a worktree of its commit with its own venv
    git worktree add ../prev fd40170
    (cd ../prev && python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]')
    # then (about 25 minutes at 100,000 cases, most of it the two register pushes):
    .venv/bin/python bench/run.py --large --cases 100000 --baseline ../prev/.venv/bin/loket \\
        --output bench/RESULTS-large.md

`bench/run.py --large` calls `measure` and `render` here; this file runs on its
own with the same options. What it does, in a scratch folder (mode 700):

1. `loket demo --cases N` by the earlier version (store B) and by this one
   (store A), timed once each.
2. A copy of B opened by this version (`unlock --no-agent`): the first unlock
   after an update, with every migration the update brings, timed.
3. The earlier version works on B, this one on that copy: the same records,
   so their outputs can be compared byte for byte. In each of `--rounds`
   rounds, in alternating order: every row of `events` and `cases` read in
   Python (the yardstick), `stats --year` and `report --year --compare none`
   of both versions; a ratio is a command's time over the same round's raw
   read, and the median of those is reported.
4. `stats --format json` and `--format csv` of both versions for the whole
   year and every month of the store, compared byte for byte.
5. `verify --json`, both versions, alternating, `--rounds` times.
6. `show` of a case with 150 events in the warm shell (bench/show_timeline.py).
7. `register push` of `--push-cases` demo cases, first and second push, by
   each version (bench/register_push.py): to a real Open Klant when
   LOKET_OPENKLANT_URL and LOKET_OPENKLANT_TOKEN name one (../shared/openklant),
   else to the test suite's fake register.

Every command runs piped (so without progress bars) as its own process,
through a session unlocked with `--no-agent`, so no passphrase stretching is
timed. Wall time is the median over the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scans import LOKET, PASSPHRASE, RAW_READ, periods, run, unlocked  # noqa: E402

GOAL_RATIO = 2.0
GOAL_VERIFY_S = 30.0
GOAL_SHOW_MS = 50.0
GOAL_DEMO_S = 60.0


@dataclass
class Large:
    """What one run measured; seconds unless the name says otherwise."""

    cases: int
    rounds: int
    year: int
    demo: dict[str, float] = field(default_factory=dict)
    first_unlock: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    same_year_every_round: bool = True
    compared: int = 0
    different: list[str] = field(default_factory=list)
    verify_same: bool = True
    verify_added: list[str] = field(default_factory=list)
    show: dict[str, tuple[float, float]] = field(default_factory=dict)  # version -> (median ms, min ms)
    push: dict[str, dict[str, float]] = field(default_factory=dict)
    push_where: str = ""
    load: tuple[float, ...] = ()


def _sample(large: Large, name: str, seconds: float) -> None:
    large.times.setdefault(name, []).append(seconds)


def measure(cases: int, baseline: str, rounds: int = 5, push_cases: int = 1000) -> Large:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env["NO_COLOR"] = "1"
    year = date.today().year - 1
    large = Large(cases=cases, rounds=rounds, year=year, load=os.getloadavg())
    versions = {"before": baseline, "now": LOKET}
    with tempfile.TemporaryDirectory(prefix="loket-large-") as scratch_dir:
        scratch = Path(scratch_dir)
        paths = {"before": scratch / "before.db", "now": scratch / "now-demo.db"}
        for name in ("before", "now"):
            start = time.perf_counter()
            subprocess.run([versions[name], "demo", "--cases", str(cases), "--db", str(paths[name])],
                           env={**env, "LOKET_PASSPHRASE": PASSPHRASE}, check=True, capture_output=True)
            large.demo[name] = time.perf_counter() - start
            print(f"# demo ({name}): {large.demo[name]:.1f} s", file=sys.stderr)
        # The earlier version's records, opened by this one: the update's first unlock.
        paths["now-demo"] = paths["now"]
        paths["now"] = scratch / "now.db"
        shutil.copyfile(paths["before"], paths["now"])
        start = time.perf_counter()
        sessions = {"now": unlocked(LOKET, paths["now"], env)}
        large.first_unlock = time.perf_counter() - start
        sessions["before"] = unlocked(baseline, paths["before"], env)
        paths["now-demo"].unlink()
        out = {name: scratch / f"{name}.out" for name in ("raw", "before", "now")}
        commands = {
            "raw read": ([sys.executable, "-c", RAW_READ, str(paths["now"])], env, out["raw"]),
            **{f"stats --year ({name})": ([versions[name], "stats", "--year", str(year), "--format", "json"],
                                          sessions[name], out[name]) for name in versions},
            **{f"report --year ({name})": ([versions[name], "report", "--year", str(year), "--compare", "none",
                                            "--output", str(scratch / f"report-{name}.html")], sessions[name],
                                           scratch / "report.out") for name in versions},
        }
        for round_no in range(rounds):
            names = list(commands) if round_no % 2 == 0 else list(reversed(commands))
            taken: dict[str, float] = {}
            for name in names:
                argv, run_env, sink = commands[name]
                taken[name] = run(argv, run_env, sink)[0]
                _sample(large, name, taken[name])
                if name.startswith("stats"):
                    shutil.copyfile(sink, scratch / f"{name}.json")
            for name in commands:
                large.ratios.setdefault(name, []).append(taken[name] / taken["raw read"])
            large.same_year_every_round &= ((scratch / "stats --year (now).json").read_bytes()
                                            == (scratch / "stats --year (before).json").read_bytes())
        print("# scans done", file=sys.stderr)
        for period in periods(paths["now"]):
            for extra in (["--format", "json"], ["--format", "csv"]):
                for name in versions:
                    run([versions[name], "stats", *period, *extra], sessions[name], out[name])
                large.compared += 1
                if out["now"].read_bytes() != out["before"].read_bytes():
                    large.different.append(" ".join(["stats", *period, *extra]))
        print("# byte-for-byte comparison done", file=sys.stderr)
        reports: dict[str, bytes] = {}
        for round_no in range(rounds):
            for name in (["before", "now"] if round_no % 2 == 0 else ["now", "before"]):
                _sample(large, f"verify ({name})", run([versions[name], "verify", "--json"], sessions[name],
                                                       out[name])[0])
                reports[name] = out[name].read_bytes()
        # Findings compared key by key; a check added since (a key only one version reports) is named apart.
        found = {name: json.loads(report) for name, report in reports.items()}
        large.verify_same = all(found["now"][key] == found["before"][key] for key in found["now"]
                                if key in found["before"])
        large.verify_added = sorted(set(found["now"]) - set(found["before"]))
        print("# verify done", file=sys.stderr)
        for name in versions:
            subprocess.run([versions[name], "lock"], env=sessions[name], capture_output=True)
    shown = subprocess.run([sys.executable, str(HERE / "show_timeline.py"), "--rounds", "20", "--baseline",
                            str(Path(baseline).parent / "python")], env=env, check=True, capture_output=True,
                           text=True).stdout
    for name, median, least in re.findall(r"^\| (now|before) \| ([0-9.]+) \| ([0-9.]+) \|$", shown, re.M):
        large.show[name] = (float(median), float(least))
    print("# show done", file=sys.stderr)
    if push_cases:
        from register_push import measure as measure_push

        # The register's root (earlier versions add the API's path themselves).
        real = (os.environ.get("LOKET_OPENKLANT_URL", "").removesuffix("/klantinteracties/api/v1")
                if os.environ.get("LOKET_OPENKLANT_TOKEN") else "") or None
        large.push_where = "a real Open Klant 2.18 on loopback" if real else "the fake register on loopback"
        for name in ("before", "now"):
            large.push[name] = measure_push(push_cases, real=real, loket=versions[name])
            print(f"# push ({name}): {large.push[name]['first_s']:.0f} s", file=sys.stderr)
    return large


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _mark(met: bool) -> str:
    return "met" if met else "**missed**"


def render(large: Large, baseline: str, command: str) -> str:
    n = f"{large.cases:,}"
    load = " / ".join(f"{x:.1f}" for x in large.load)
    ratio = {name: _median(values) for name, values in large.ratios.items()}
    secs = {name: _median(values) for name, values in large.times.items()}
    lines = [
        f"## Large stores: {n} cases, this version beside `{baseline}`", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; run {time.strftime('%Y-%m-%d %H:%M')}; load average at the start "
        f"{load} (1 / 5 / 15 min); {large.rounds} rounds; every command piped, its own process, through a session "
        "unlocked with `--no-agent`. The earlier version works on its own `loket demo` store, this one on a copy of "
        "it that it opened (and migrated) itself: the same records.", "",
        f"Re-run: `{command}`", "",
        "| figure | before | now | goal | |", "|---|---:|---:|---|---|",
        f"| `demo --cases {large.cases}` | {large.demo['before']:.1f} s | {large.demo['now']:.1f} s | "
        f"≤ {GOAL_DEMO_S:.0f} s | {_mark(large.demo['now'] <= GOAL_DEMO_S)} |",
        f"| first unlock of the earlier version's store (every migration) | – | {large.first_unlock:.1f} s | "
        "a bar when it rebuilds derived data | see below |",
        f"| raw read of every row of `events` and `cases` | – | {secs['raw read']:.2f} s | yardstick | |",
    ]
    for command_name in ("stats --year", "report --year"):
        before, now = f"{command_name} (before)", f"{command_name} (now)"
        lines.append(f"| `{command_name} {large.year}` | {secs[before]:.2f} s ({ratio[before]:.2f}×) | "
                     f"{secs[now]:.2f} s ({ratio[now]:.2f}×) | ≤ {GOAL_RATIO:.0f}× the raw read | "
                     f"{_mark(ratio[now] <= GOAL_RATIO)} |")
    lines.append(f"| `verify` | {secs['verify (before)']:.1f} s | {secs['verify (now)']:.1f} s | "
                 f"≤ {GOAL_VERIFY_S:.0f} s | {_mark(secs['verify (now)'] <= GOAL_VERIFY_S)} |")
    if large.show:
        lines.append(f"| `show` of a case with 150 events, warm shell | {large.show['before'][0]:.1f} ms | "
                     f"{large.show['now'][0]:.1f} ms | ≤ {GOAL_SHOW_MS:.0f} ms | "
                     f"{_mark(large.show['now'][0] <= GOAL_SHOW_MS)} |")
    for name in ("first", "second"):
        if large.push:
            before, now = large.push["before"], large.push["now"]
            lines.append(f"| `register push` of {int(now['cases']):,} cases, {name} push | "
                         f"{before[name + '_s']:.1f} s, {int(before[name + '_requests']):,} requests | "
                         f"{now[name + '_s']:.1f} s, {int(now[name + '_requests']):,} requests | shows progress | "
                         "see below |")
    lines += [
        "",
        "Ratios are per round (a command's time over the same round's raw read), then the median. "
        f"`stats --year {large.year} --format json` of both versions identical in every round: "
        f"{'yes' if large.same_year_every_round else '**NO**'}. Byte for byte, `stats --format json` and "
        f"`--format csv` for the year and every month the store has: {large.compared} outputs compared, "
        f"{len(large.different)} different{': ' + ', '.join(large.different) if large.different else ''}. "
        f"`verify --json`: the same findings from both: {'yes' if large.verify_same else '**NO**'}"
        + (f" (this version adds {', '.join(f'`{key}`' for key in large.verify_added)})."
           if large.verify_added else "."),
    ]
    if large.push:
        before, now = large.push["before"], large.push["now"]

        def made(figures: dict[str, float]) -> str:
            addresses = f", {int(figures['addresses']):,} addresses" if figures["addresses"] >= 0 else ""
            return (f"{int(figures['contacts']):,} contacts, {int(figures['tasks']):,} tasks{addresses}; "
                    f"{int(figures['refused'])} cases with a part refused")

        lines += ["", f"Register push to {large.push_where}, `--no-send-bsn`, concurrency 4. First push: before "
                  f"{made(before)}; now {made(now)}."]
    lines += ["", "Progress: none of the above shows a bar, since each runs piped. On a terminal `verify`, "
              "`register push`, `demo`, the migrations at unlock, `backup`, `restore`, `purge`, "
              "`passwd --rotate-key`, `export`, `stats` and `report` over long periods show one: "
              "tests/e2e/test_progress.py, tests/e2e/test_progress_commands.py and "
              "tests/register/test_register_push.py drive each through a pseudo-terminal, and piped, each "
              "shows none."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", required=True, metavar="LOKET", help="the earlier version's `loket` (own venv)")
    parser.add_argument("--push-cases", type=int, default=1000)
    parser.add_argument("--output", type=Path)
    options = parser.parse_args()
    command = " ".join([".venv/bin/python bench/large.py", *sys.argv[1:]])
    report = render(measure(options.cases, options.baseline, options.rounds, options.push_cases),
                    options.baseline, command)
    print(report)
    if options.output:
        options.output.write_text(report)


if __name__ == "__main__":
    main()
