#!/usr/bin/env python3
"""Benchmark: loket's consult commands at 0 and N cases, side by side with Taskwarrior.

    .venv/bin/python bench/run.py                 # N = 100,000, 7 rounds; prints a Markdown report
    .venv/bin/python bench/run.py --cases 20000 --rounds 5 --output bench/RESULTS.md

It installs nothing. Taskwarrior is compared when `task` is on the PATH
(`apt-get install taskwarrior`); otherwise that column says so. Each command
runs in a fresh process, interleaved with its comparisons in every round, so
a noisy moment hits all of them alike. Wall time is measured around the
process; peak memory is the child's maximum resident set size (wait4).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PASSPHRASE = "bench-wachtwoord-loket"
LOKET = [str(Path(sys.executable).parent / "loket")]
GOAL_MS = 150
GOAL_FLAT = 1.1
GOAL_SCAN_S = 1.5
GOAL_MIB = 80


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0

    def add(self, seconds: float, peak_kib: int) -> None:
        self.seconds.append(seconds)
        self.peak_kib = max(self.peak_kib, peak_kib)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}\n{errors}")
    return elapsed, usage.ru_maxrss


def make_store(path: Path, cases: int, env: dict[str, str]) -> tuple[dict[str, str], str]:
    """A store with `cases` synthetic cases plus one open case for the consult
    commands to work on; returns an unlocked environment and that case's id."""
    store_env = {**env, "LOKET_DB": str(path), "LOKET_PASSPHRASE": PASSPHRASE}
    if cases:
        t0 = time.perf_counter()
        subprocess.run([*LOKET, "demo", "--cases", str(cases), "--db", str(path)], env=store_env, check=True,
                       capture_output=True)
        print(f"# built {cases} cases in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    else:
        subprocess.run([*LOKET, "init", "--no-recovery-key"], env=store_env, check=True, capture_output=True)
    case_id = subprocess.run([*LOKET, "intake", "--name", "Bench (demo)", "--question", "q", "--channel", "balie"],
                             env=store_env, check=True, capture_output=True, text=True).stdout.strip()
    token = subprocess.run([*LOKET, "unlock", "--raw"], env=store_env, check=True, capture_output=True,
                           text=True).stdout.strip()
    session_env = {**env, "LOKET_DB": str(path), "LOKET_SESSION": token}
    session_env.pop("LOKET_PASSPHRASE", None)
    return session_env, case_id


def make_taskwarrior(directory: Path, tasks: int, env: dict[str, str]) -> dict[str, str] | None:
    if shutil.which("task") is None:
        return None
    directory.mkdir(parents=True)
    rc = directory / "taskrc"
    rc.write_text(f"data.location={directory}\nconfirmation=off\nverbose=nothing\nhooks=off\n")
    task_env = {**env, "TASKRC": str(rc), "TASKDATA": str(directory)}
    if tasks:
        today = date.today()
        lines = [json.dumps({"description": f"taak {i}", "status": "pending", "entry": "20260101T000000Z",
                             "due": (today + timedelta(days=i % 60)).strftime("%Y%m%dT000000Z"),
                             "uuid": f"00000000-0000-4000-8000-{i:012d}"}) for i in range(tasks)]
        source = directory / "import.json"
        source.write_text("\n".join(lines) + "\n")
        subprocess.run(["task", "import", str(source)], env=task_env, check=True, capture_output=True)
    return task_env


CONSULT = {
    "intake": ["intake", "--name", "A. Bench (demo)", "--question", "brief niet begrepen", "--channel", "balie",
               "--agency", "uwv", "--consent", "--minutes", "20"],
    "call": ["call", "CASE", "uwv", "--outcome", "terugbelverzoek", "--driegesprek", "--minutes", "8"],
    "note": ["note", "CASE", "bezoeker belt zelf"],
    "followup add": ["followup", "add", "CASE", "loonstroken meenemen", "--due", "over 5 werkdagen"],
    "show": ["show", "CASE"],
    "today": ["today"],
    "list": ["list"],
}


def with_case(argv: list[str], case_id: str) -> list[str]:
    return [case_id if a == "CASE" else a for a in argv]
SCANS = {
    "stats (month)": ["stats", "--month", (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m"),
                      "--format", "json"],
    "stats (year)": ["stats", "--year", str(date.today().year - 1), "--format", "json"],
    "export --day": ["export", "--day", (date.today() - timedelta(days=30)).isoformat()],
    "find": ["find", "jansen"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--output", type=Path)
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env["NO_COLOR"] = "1"
    # An installed wheel has compiled bytecode; an editable checkout may not
    # (and PYTHONDONTWRITEBYTECODE keeps it from appearing), which would add
    # ~20 ms of compiling to every command. Measure what a user runs.
    package = Path(__file__).resolve().parents[1] / "loketcli"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        empty, empty_case = make_store(scratch / "empty.db", 0, env)
        full, full_case = make_store(scratch / "full.db", options.cases, env)
        task_empty = make_taskwarrior(scratch / "task-empty", 0, env)
        task_full = make_taskwarrior(scratch / "task-full", options.tasks, env)
        samples: dict[str, Sample] = {}

        def measure(name: str, argv: list[str], run_env: dict[str, str]) -> None:
            elapsed, peak = run(argv, run_env)
            samples.setdefault(name, Sample()).add(elapsed, peak)

        for _ in range(options.rounds):
            measure("python -c pass", [sys.executable, "-c", "pass"], env)
            if task_empty and task_full:
                measure("task add (0)", ["task", "add", "bench", "due:tomorrow"], task_empty)
                measure(f"task add ({options.tasks})", ["task", "add", "bench", "due:tomorrow"], task_full)
                measure(f"task list limit:10 ({options.tasks})", ["task", "list", "limit:10"], task_full)
            for name, argv in CONSULT.items():
                measure(f"{name} (0)", [*LOKET, *with_case(argv, empty_case)], empty)
                measure(f"{name} ({options.cases})", [*LOKET, *with_case(argv, full_case)], full)
        for _ in range(max(3, options.rounds // 2)):
            for name, argv in SCANS.items():
                measure(f"{name} ({options.cases})", [*LOKET, *argv], full)
    report = render(samples, options)
    print(report)
    if options.output:
        options.output.write_text(report)


def _mark(met: bool | None) -> str:
    return "–" if met is None else ("ok" if met else "missed")


def render(samples: dict[str, Sample], options: argparse.Namespace) -> str:
    n = options.cases
    task_ref = samples.get(f"task add ({options.tasks})")
    lines = [
        "# loket benchmark", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; run {time.strftime('%Y-%m-%d %H:%M')}; "
        f"{options.rounds} rounds, medians of whole-process wall time; bytecode compiled, unlocked session.", "",
        "Re-run: `.venv/bin/python bench/run.py --output bench/RESULTS.md`", "",
        "## Reference points", "",
        "| command | median ms | min–max ms | peak MiB |", "|---|---:|---:|---:|",
    ]
    for name in [k for k in samples if k.startswith(("python", "task"))]:
        s = samples[name]
        lines.append(f"| {name} | {s.median_ms:.0f} | {min(s.seconds)*1000:.0f}–{max(s.seconds)*1000:.0f} | "
                     f"{s.peak_kib/1024:.0f} |")
    if task_ref is None:
        lines += ["", "Taskwarrior is not installed (`apt-get install taskwarrior`): that comparison is skipped."]
    lines += ["", f"## Consult commands at 0 and {n} cases", "",
              f"Goals: ≤ {GOAL_MS} ms, ≤ 1.0× `task add` at {options.tasks} tasks, ≤ {GOAL_FLAT}× the time at 0 cases,"
              f" ≤ {GOAL_MIB} MiB.", "",
              f"| command | 0 cases ms | {n} cases ms | min–max ms | flat ratio | vs task add | peak MiB |"
              f" ≤ {GOAL_MS} ms | flat | vs task | memory |",
              "|---|---:|---:|---:|---:|---:|---:|---|---|---|---|"]
    for name in CONSULT:
        small, big = samples[f"{name} (0)"], samples[f"{name} ({n})"]
        flat = big.median_ms / small.median_ms
        versus = big.median_ms / task_ref.median_ms if task_ref else None
        versus_text = f"{versus:.2f}×" if versus is not None else "–"
        marks = [big.median_ms <= GOAL_MS, flat <= GOAL_FLAT, None if versus is None else versus <= 1.0,
                 big.peak_kib / 1024 <= GOAL_MIB]
        lines.append(
            f"| {name} | {small.median_ms:.0f} | {big.median_ms:.0f} | "
            f"{min(big.seconds)*1000:.0f}–{max(big.seconds)*1000:.0f} | {flat:.2f}× | "
            f"{versus_text} | {big.peak_kib/1024:.0f} | " + " | ".join(_mark(m) for m in marks) + " |")
    floor = samples["python -c pass"].median_ms
    lines += ["", f"The interpreter alone starts in {floor:.0f} ms here; importing typer, cryptography's AES-GCM "
              "and loket's own layers adds most of the rest. Taskwarrior is compiled C++ and needs none of that, "
              "so a Python CLI cannot match its `task add` here; the flat ratio shows that store size costs "
              "nothing. (`list` and `today` show more rows at 100,000 cases than at one.)"]
    lines += ["", f"## Scans at {n} cases", "", f"Goals: ≤ {GOAL_SCAN_S} s, ≤ {GOAL_MIB} MiB.", "",
              "| command | median s | min–max s | peak MiB | goals |", "|---|---:|---:|---:|---|"]
    for name in SCANS:
        s = samples[f"{name} ({n})"]
        ok = s.median_ms / 1000 <= GOAL_SCAN_S and s.peak_kib / 1024 <= GOAL_MIB
        lines.append(f"| {name} | {s.median_ms/1000:.2f} | {min(s.seconds):.2f}–{max(s.seconds):.2f} | "
                     f"{s.peak_kib/1024:.0f} | {'ok' if ok else 'MISSED'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
