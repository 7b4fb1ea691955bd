#!/usr/bin/env python3
"""Benchmark: loket's consult commands at 0 and N cases, side by side with Taskwarrior.

    .venv/bin/python bench/run.py                 # N = 100,000, 7 rounds; prints a Markdown report
    .venv/bin/python bench/run.py --cases 20000 --rounds 5 --output bench/RESULTS.md
    .venv/bin/python bench/run.py --cases 200 --rounds 2     # a quick check that it runs
    .venv/bin/python bench/run.py --baseline ../before/.venv/bin/loket   # also an earlier version, interleaved
    .venv/bin/python bench/run.py --large --rounds 5 --baseline ../prev/.venv/bin/loket --output bench/RESULTS-large.md
                                                  # large stores (issue 27): see bench/large.py

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
import shlex
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


@dataclass
class Store:
    agent_env: dict[str, str]  # unlocked, commands go through the session's agent
    plain_env: dict[str, str]  # unlocked, each command imports and runs on its own
    case_id: str


def make_store(path: Path, cases: int, env: dict[str, str], loket: list[str] = LOKET, *,
               agent: bool = True) -> Store:
    """A store with `cases` synthetic cases plus one open case for the consult
    commands to work on, unlocked as a worker unlocks: eval "$(loket unlock)"
    (`agent=False`: as on Windows, where no agent starts)."""
    store_env = {**env, "LOKET_DB": str(path), "LOKET_PASSPHRASE": PASSPHRASE}
    if cases:
        t0 = time.perf_counter()
        subprocess.run([*loket, "demo", "--cases", str(cases), "--db", str(path)], env=store_env, check=True,
                       capture_output=True)
        print(f"# built {cases} cases in {time.perf_counter() - t0:.1f} s ({loket[0]})", file=sys.stderr)
    else:
        subprocess.run([*loket, "init", "--no-recovery-key"], env=store_env, check=True, capture_output=True)
    case_id = subprocess.run([*loket, "intake", "--name", "Bench (demo)", "--question", "q", "--channel", "balie"],
                             env=store_env, check=True, capture_output=True, text=True).stdout.strip()
    exports = subprocess.run([*loket, "unlock", *([] if agent else ["--no-agent"])], env=store_env, check=True,
                             capture_output=True, text=True).stdout
    session_env = {**env, "LOKET_DB": str(path)}
    for line in exports.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        session_env[name] = shlex.split(value)[0] if value.strip() else ""
    if not agent:
        return Store(session_env, session_env, case_id)
    socket_path = Path(session_env.get("LOKET_AGENT") or "/nonexistent")
    deadline = time.monotonic() + 30
    while not socket_path.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the session agent did not start; see `loket unlock --help`")
        time.sleep(0.05)
    return Store(session_env, {**session_env, "LOKET_AGENT": ""}, case_id)


def agent_memory_mib(store: Store) -> tuple[float, float]:
    """Resident and peak memory of the session's agent process (Linux /proc)."""
    socket_path = store.agent_env["LOKET_AGENT"].encode()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and socket_path in (entry / "cmdline").read_bytes().split(b"\0"):
                status = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines())
                return (int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024)
        except OSError:
            continue
    return (0.0, 0.0)


def make_taskwarrior(directory: Path, tasks: int, env: dict[str, str], realistic: bool) -> dict[str, str] | None:
    """A Taskwarrior store of `tasks` pending tasks. Light: a description and a
    due date. Realistic: what a case looks like there, a project (the agency),
    two tags, a modification time and three annotations (the calls and notes)."""
    if shutil.which("task") is None:
        return None
    directory.mkdir(parents=True)
    rc = directory / "taskrc"
    rc.write_text(f"data.location={directory}\nconfirmation=off\n")
    task_env = {**env, "TASKRC": str(rc), "TASKDATA": str(directory)}
    if tasks:
        today = date.today()
        source = directory / "import.json"
        # Written as it goes: the benchmark's own memory is what each child it
        # forks starts with, and peak memory is read per child.
        with source.open("w") as handle:
            for i in range(tasks):
                task: dict[str, object] = {
                    "description": f"taak {i}", "status": "pending", "entry": "20260101T000000Z",
                    "due": (today + timedelta(days=i % 60)).strftime("%Y%m%dT000000Z"),
                    "uuid": f"00000000-0000-4000-8000-{i:012d}"}
                if realistic:
                    task.update({
                        "description": f"Bezoeker {i}: brief niet begrepen, loonstroken meenemen",
                        "modified": "20260102T090000Z", "project": ("uwv", "duo", "toeslagen", "cjib")[i % 4],
                        "tags": ["balie", "terugbellen"],
                        "annotations": [{"entry": f"2026010{k + 1}T100000Z",
                                         "description": f"Gebeld met de professionallijn, terugbelverzoek {k}"}
                                        for k in range(3)]})
                handle.write(json.dumps(task) + "\n")
        subprocess.run(["task", "import", str(source)], env=task_env, check=True, capture_output=True)
    return task_env


CONSULT = {
    "intake": ["intake", "--name", "A. Bench (demo)", "--question", "brief niet begrepen", "--channel", "balie",
               "--agency", "uwv", "--consent", "--minutes", "20"],
    # The intake's recognition (issue 14): the e-mail address is found in the
    # sealed index (the earlier rounds' intakes hold it), at any store size.
    "intake (recognised)": ["intake", "--name", "B. Bench (demo)", "--question", "brief niet begrepen",
                            "--channel", "balie", "--email", "bench@example.org", "--minutes", "20"],
    # An exact value: a few index buckets opened, not a scan.
    "find (exact)": ["find", "bench@example.org"],
    "call": ["call", "CASE", "uwv", "--outcome", "terugbelverzoek", "--driegesprek", "--minutes", "8"],
    "note": ["note", "CASE", "bezoeker belt zelf"],
    "followup add": ["followup", "add", "CASE", "loonstroken meenemen", "--due", "over 5 werkdagen"],
    "show": ["show", "CASE"],
    "today": ["today"],
    "list": ["list"],
}


def with_case(argv: list[str], case_id: str) -> list[str]:
    return [case_id if a == "CASE" else a for a in argv]
# The consult shell (`loket shell`): the same lines through its line-processing
# function, in one warm process unlocked once, timed per line. Run in a child
# so this process stays as light as the children it forks.
SHELL_CHILD = r"""
import json, os, sys, time
from pathlib import Path
from loketcli.cli.context import hold_key, unlock_for_holding
from loketcli.shell.consult import Consult
lines, rounds, out = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = unlock_for_holding(Path(os.environ["LOKET_DB"]), None)
hold_key(held)
consult = Consult(held, piped=True)
devnull = os.open(os.devnull, os.O_WRONLY)
saved = os.dup(1), os.dup(2)
os.dup2(devnull, 1); os.dup2(devnull, 2)
times = {name: [] for name in lines}
for round in range(rounds + 1):  # the first pass loads each command's code, as the shell's first use does
    for name, line in lines.items():
        start = time.perf_counter()
        code = consult.run_line(line)
        if round:
            times[name].append(time.perf_counter() - start)
        if code:
            os.dup2(saved[1], 2)
            sys.exit(f"shell line failed ({code}): {line}")
Path(out).write_text(json.dumps(times))
"""


def measure_shell(store: Store, rounds: int, scratch: Path) -> dict[str, list[float]]:
    lines = {name: shlex.join(with_case(argv, store.case_id)) for name, argv in CONSULT.items()}
    out = scratch / "shell-times.json"
    subprocess.run([sys.executable, "-c", SHELL_CHILD, json.dumps(lines), str(rounds), str(out)],
                   env=store.agent_env, check=True)
    times: dict[str, list[float]] = json.loads(out.read_text())
    return times


SCANS = {
    "stats (month)": ["stats", "--month", (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m"),
                      "--format", "json"],
    "stats (year)": ["stats", "--year", str(date.today().year - 1), "--format", "json"],
    "export --day": ["export", "--day", (date.today() - timedelta(days=30)).isoformat()],
    "find": ["find", "jansen"],
}
# `loket report` against `stats` for the same period (issue 16): the report
# counts with the same code, so it may cost only the drawing more. OUT is a
# file in the scratch directory. The default report also counts the same
# period a year earlier; `--compare none` is the like-for-like measurement.
_LAST_MONTH = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
REPORTS = {
    "stats --month (json)": ["stats", "--month", _LAST_MONTH, "--format", "json"],
    "report --month --compare none": ["report", "--month", _LAST_MONTH, "--compare", "none", "-o", "OUT"],
    "report --month (and a year earlier)": ["report", "--month", _LAST_MONTH, "-o", "OUT"],
    "stats --year (json)": ["stats", "--year", str(date.today().year - 1), "--format", "json"],
    "report --year --compare none": ["report", "--year", str(date.today().year - 1), "--compare", "none",
                                     "-o", "OUT"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--baseline", type=Path, metavar="LOKET",
                        help="another version's `loket` executable (its own venv), measured on its own stores"
                             " of the same sizes, interleaved with this one")
    parser.add_argument("--plain", action="store_true",
                        help="only the commands a plain process runs, as on Windows (no agent), paired with "
                             "Taskwarrior's `task add` and `python -c pass`; prints ratios (issue 24)")
    parser.add_argument("--large", action="store_true",
                        help="large stores (issue 27, bench/large.py): demo, the first unlock after an update, "
                             "stats and report for a year against a raw read, verify, show of 150 events and "
                             "register push, beside --baseline (required)")
    parser.add_argument("--push-cases", type=int, default=1000, help="cases for --large's register push; 0 skips it")
    parser.add_argument("--register-cases", type=int, default=10_000,
                        help="cases for the register push benchmark (bench/register_push.py); 0 skips it")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env["NO_COLOR"] = "1"
    # An installed wheel has compiled bytecode; an editable checkout may not
    # (and PYTHONDONTWRITEBYTECODE keeps it from appearing), which would add
    # ~20 ms of compiling to every command. Measure what a user runs.
    package = Path(__file__).resolve().parents[1] / "loketcli"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    if options.baseline:
        python = str(options.baseline.absolute().parent / "python")
        # From elsewhere: `python -c` puts the working directory (maybe this checkout) first on sys.path.
        where = subprocess.run([python, "-c", "import loketcli, os; print(os.path.dirname(loketcli.__file__))"],
                               check=True, capture_output=True, text=True, cwd=tempfile.gettempdir()).stdout.strip()
        subprocess.run([python, "-m", "compileall", "-q", where], check=True)
    if options.large:
        if not options.baseline:
            parser.error("--large compares with an earlier version: --baseline ../prev/.venv/bin/loket")
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import large

        report = large.render(large.measure(options.cases, str(options.baseline.absolute()), options.rounds,
                                            options.push_cases),
                              str(options.baseline), ".venv/bin/python bench/run.py " + " ".join(sys.argv[1:]))
        print(report)
        if options.output:
            options.output.write_text(report)
        return
    if options.plain:
        report = measure_plain(options, env)
        print(report)
        if options.output:
            options.output.write_text(report)
        return
    baseline = [str(options.baseline.absolute())] if options.baseline else None
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        empty = make_store(scratch / "empty.db", 0, env)
        full = make_store(scratch / "full.db", options.cases, env)
        before = ((make_store(scratch / "base-empty.db", 0, env, baseline),
                   make_store(scratch / "base-full.db", options.cases, env, baseline)) if baseline else None)
        tasks = {
            "light": (make_taskwarrior(scratch / "task-empty", 0, env, realistic=False),
                      make_taskwarrior(scratch / "task-light", options.tasks, env, realistic=False)),
            "realistic": (None, make_taskwarrior(scratch / "task-real", options.tasks, env, realistic=True)),
        }
        samples: dict[str, Sample] = {}

        def measure(name: str, argv: list[str], run_env: dict[str, str]) -> None:
            elapsed, peak = run(argv, run_env)
            samples.setdefault(name, Sample()).add(elapsed, peak)

        try:
            for _ in range(options.rounds):
                measure("python -c pass", [sys.executable, "-c", "pass"], env)
                task_empty, task_light = tasks["light"]
                task_real = tasks["realistic"][1]
                if task_empty and task_light and task_real:
                    measure("task add (0)", ["task", "add", "bench", "due:tomorrow"], task_empty)
                    measure(f"task add ({options.tasks}, light)", ["task", "add", "bench", "due:tomorrow"],
                            task_light)
                    measure(f"task add ({options.tasks}, realistic)", ["task", "add", "bench", "due:tomorrow"],
                            task_real)
                    measure(f"task list limit:10 ({options.tasks}, realistic)", ["task", "list", "limit:10"],
                            task_real)
                for name, argv in CONSULT.items():
                    # Both stores get the same commands, so their bench cases grow
                    # alike: `show` and `today` print the same rows in both.
                    measure(f"{name} (0)", [*LOKET, *with_case(argv, empty.case_id)], empty.agent_env)
                    measure(f"{name} ({options.cases})", [*LOKET, *with_case(argv, full.case_id)], full.agent_env)
                    measure(f"{name} (0, no agent)", [*LOKET, *with_case(argv, empty.case_id)], empty.plain_env)
                    measure(f"{name} ({options.cases}, no agent)", [*LOKET, *with_case(argv, full.case_id)],
                            full.plain_env)
                    if baseline and before:
                        base_full = before[1]
                        measure(f"{name} (baseline {options.cases})", [*baseline, *with_case(argv, base_full.case_id)],
                                base_full.agent_env)
                        measure(f"{name} (baseline {options.cases}, no agent)",
                                [*baseline, *with_case(argv, base_full.case_id)], base_full.plain_env)
            for _ in range(max(3, options.rounds // 2)):
                for name, argv in SCANS.items():
                    measure(f"{name} ({options.cases})", [*LOKET, *argv], full.plain_env)
                for name, argv in REPORTS.items():
                    out = str(scratch / "report.html")
                    measure(f"{name} ({options.cases})", [*LOKET, *(out if a == "OUT" else a for a in argv)],
                            full.plain_env)
            shell_times = {"empty": measure_shell(empty, options.rounds, scratch),
                           "full": measure_shell(full, options.rounds, scratch)}
            agent_mib = agent_memory_mib(full)
            for store in (empty, full, *(before or ())):
                if not Path(store.agent_env["LOKET_AGENT"]).exists():
                    # It steps aside when loket's code changes on disk: the
                    # "agent" rows would then be runs without it.
                    raise SystemExit("the session agent stopped during the run; re-run without editing loket")
        finally:
            for store in (empty, full):
                subprocess.run([*LOKET, "lock"], env=store.agent_env, capture_output=True)
            for store in before or ():
                subprocess.run([*(baseline or LOKET), "lock"], env=store.agent_env, capture_output=True)
    report = render(samples, options, agent_mib) + render_shell(samples, shell_times, options)
    if baseline:
        report += render_baseline(samples, options)
    if options.register_cases:
        # The first push of two years of cases to the register, and a second with nothing changed.
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from register_push import measure as measure_push
        from register_push import render as render_push

        report += "\n\n" + render_push(measure_push(options.register_cases)) + "\n"
    print(report)
    if options.output:
        options.output.write_text(report)


# Without the agent (Windows, `--no-agent`): what a plain process pays, paired round by round.
PLAIN = {"show": ["show", "CASE"], "note": ["note", "CASE", "bezoeker belt zelf"], "today": ["today"]}
GOAL_PLAIN_VS_TASK = 1.3
GOAL_VERSION_VS_PYTHON = 3.0


def measure_plain(options: argparse.Namespace, env: dict[str, str]) -> str:
    """Each round runs `python -c pass`, `loket --version`, Taskwarrior's
    `task add` (realistic store) and each plain command once, one after the
    other; a ratio is taken within each round (so a busy moment weighs on both
    sides of it) and the median of those ratios reported."""
    n = options.cases
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        store = make_store(scratch / "full.db", n, env, agent=False)
        task_env = make_taskwarrior(scratch / "task-real", options.tasks, env, realistic=True)
        if task_env is None:
            raise SystemExit("--plain compares with Taskwarrior: apt-get install taskwarrior")
        names = ["python -c pass", "loket --version", "task add", *PLAIN]
        argvs = {"python -c pass": [sys.executable, "-c", "pass"], "loket --version": [*LOKET, "--version"],
                 "task add": ["task", "add", "bench", "due:tomorrow"],
                 **{name: [*LOKET, *with_case(argv, store.case_id)] for name, argv in PLAIN.items()}}
        envs = {name: (task_env if name == "task add" else store.plain_env) for name in names}
        times: dict[str, list[float]] = {name: [] for name in names}
        for name in names:  # one untimed pass: caches warm for every command alike
            run(argvs[name], envs[name])
        try:
            for _ in range(options.rounds):
                for name in names:
                    times[name].append(run(argvs[name], envs[name])[0])
        finally:
            subprocess.run([*LOKET, "lock"], env=store.plain_env, capture_output=True)

    def paired(name: str, against: str) -> float:
        return statistics.median(a / b for a, b in zip(times[name], times[against], strict=True))

    def ms(name: str) -> str:
        return f"{statistics.median(times[name]) * 1000:.0f}"

    version = paired("loket --version", "python -c pass")
    lines = [
        "## Without the agent (as on Windows), paired with Taskwarrior", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; run {time.strftime('%Y-%m-%d %H:%M')}; {options.rounds} rounds; "
        f"{n} cases, Taskwarrior's realistic store of {options.tasks} tasks; bytecode compiled. Each round runs "
        "every command once in turn; a ratio is the median of the per-round ratios.", "",
        f"Re-run: `.venv/bin/python bench/run.py --plain --cases {n} --tasks {options.tasks} "
        f"--rounds {options.rounds}`", "",
        "| command | median ms | against | its median ms | paired ratio | goal |", "|---|---:|---|---:|---:|---|",
        f"| loket --version | {ms('loket --version')} | python -c pass | {ms('python -c pass')} | {version:.2f}× | "
        f"≤ {GOAL_VERSION_VS_PYTHON}× {_mark(version <= GOAL_VERSION_VS_PYTHON)} |",
    ]
    for name in PLAIN:
        ratio = paired(name, "task add")
        lines.append(f"| {name} (no agent) | {ms(name)} | task add | {ms('task add')} | {ratio:.2f}× | "
                     f"≤ {GOAL_PLAIN_VS_TASK}× {_mark(ratio <= GOAL_PLAIN_VS_TASK)} |")
    return "\n".join(lines) + "\n"


def _mark(met: bool | None) -> str:
    return "–" if met is None else ("ok" if met else "missed")


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def render(samples: dict[str, Sample], options: argparse.Namespace, agent_mib: tuple[float, float]) -> str:
    n = options.cases
    task_real = samples.get(f"task add ({options.tasks}, realistic)")
    task_light = samples.get(f"task add ({options.tasks}, light)")
    lines = [
        "# loket benchmark", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; run {time.strftime('%Y-%m-%d %H:%M')}; "
        f"{options.rounds} rounds, medians of whole-process wall time; bytecode compiled; "
        "unlocked as a worker unlocks (`eval \"$(loket unlock)\"`, which starts the session agent).", "",
        "Re-run: `.venv/bin/python bench/run.py --output bench/RESULTS.md`", "",
        "## Reference points", "",
        "| command | median ms | min–max ms | peak MiB |", "|---|---:|---:|---:|",
    ]
    for name in [k for k in samples if k.startswith(("python", "task"))]:
        s = samples[name]
        lines.append(f"| {name} | {s.median_ms:.0f} | {min(s.seconds)*1000:.0f}–{max(s.seconds)*1000:.0f} | "
                     f"{s.peak_kib/1024:.0f} |")
    if task_real is None:
        lines += ["", "Taskwarrior is not installed (`apt-get install taskwarrior`): that comparison is skipped."]
    else:
        lines += ["", "Two Taskwarrior stores of the same size: *light* tasks hold a description and a due date; "
                  "*realistic* ones also a project, two tags and three annotations, as a case holds an agency, "
                  "calls and notes. The issue measured `task add` at 104–178 ms on a machine where "
                  "`python -c pass` took 15–21 ms; scaled by the interpreter's start-up, that matches the "
                  "realistic store here. The goal is judged against it; the light ratio is shown as well."]
    lines += ["", f"## Consult commands at 0 and {n} cases", "",
              f"Goals: ≤ {GOAL_MS} ms, ≤ 1.0× `task add` at {options.tasks} tasks, ≤ {GOAL_FLAT}× the time at 0 cases,"
              f" ≤ {GOAL_MIB} MiB.", "",
              f"| command | 0 cases ms | {n} cases ms | min–max ms | flat | vs task add | vs light task add |"
              f" no agent: 0 / {n} ms | ≤ {GOAL_MS} ms | flat | vs task | memory |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|"]
    for name in CONSULT:
        small, big = samples[f"{name} (0)"], samples[f"{name} ({n})"]
        plain = samples[f"{name} ({n}, no agent)"]
        plain_small = samples[f"{name} (0, no agent)"]
        flat = big.median_ms / small.median_ms
        versus = big.median_ms / task_real.median_ms if task_real else None
        versus_light = big.median_ms / task_light.median_ms if task_light else None
        peak = max(agent_mib[1], plain.peak_kib / 1024)
        marks = [big.median_ms <= GOAL_MS, flat <= GOAL_FLAT, None if versus is None else versus <= 1.0,
                 peak <= GOAL_MIB]
        lines.append(
            f"| {name} | {small.median_ms:.0f} | {big.median_ms:.0f} | "
            f"{min(big.seconds)*1000:.0f}–{max(big.seconds)*1000:.0f} | {flat:.2f}× | "
            f"{_ratio(versus)} | {_ratio(versus_light)} | {plain_small.median_ms:.0f} / {plain.median_ms:.0f} | "
            + " | ".join(_mark(m) for m in marks) + " |")
    floor = samples["python -c pass"].median_ms
    lines += ["", f"The interpreter alone starts in {floor:.0f} ms here. Without the agent (`LOKET_AGENT` empty, "
              "or `loket unlock --no-agent`), each command also imports typer, cryptography and loket itself: "
              "the *no agent* column (at 0 and at the full store). With it, the client imports almost nothing "
              "and hands the command to a process forked from the pre-warmed agent. "
              "Memory: the agent's peak resident set is "
              f"{agent_mib[1]:.0f} MiB ({agent_mib[0]:.0f} MiB now), shared copy-on-write with the commands it "
              "forks; the memory column takes the larger of that and the command's own peak without the agent. "
              f"(`list` and `today` show more rows at {n:,} cases than at one: the demo's open follow-ups and newest "
              "cases.)"]
    lines += ["", f"## Scans at {n} cases (without the agent, so the peak memory is the command's own)", "",
              f"Goals: ≤ {GOAL_SCAN_S} s, ≤ {GOAL_MIB} MiB.", "",
              "| command | median s | min–max s | peak MiB | goals |", "|---|---:|---:|---:|---|"]
    for name in SCANS:
        s = samples[f"{name} ({n})"]
        ok = s.median_ms / 1000 <= GOAL_SCAN_S and s.peak_kib / 1024 <= GOAL_MIB
        lines.append(f"| {name} | {s.median_ms/1000:.2f} | {min(s.seconds):.2f}–{max(s.seconds):.2f} | "
                     f"{s.peak_kib/1024:.0f} | {'ok' if ok else 'MISSED'} |")
    lines += ["", f"## The report against stats at {n} cases", "",
              "Goal: `report` for a period takes no longer than `stats` for the same period plus the drawing "
              "(the report counts with the same code, once per period).", "",
              "| command | median s | min–max s | peak MiB | more than stats |", "|---|---:|---:|---:|---:|"]
    for name in REPORTS:
        s = samples[f"{name} ({n})"]
        base = samples[f"stats --{'year' if '--year' in name else 'month'} (json) ({n})"]
        extra = "–" if name.startswith("stats") else f"{(s.median_ms - base.median_ms) / 1000:+.2f} s"
        lines.append(f"| {name} | {s.median_ms/1000:.2f} | {min(s.seconds):.2f}–{max(s.seconds):.2f} | "
                     f"{s.peak_kib/1024:.0f} | {extra} |")
    lines += ["", "*More than stats* is the drawing and writing of the page (with `--compare none`), and with "
              "the default comparison also the counting of the earlier period, when the store reaches back to it."]
    return "\n".join(lines) + "\n"


def render_shell(samples: dict[str, Sample], shell_times: dict[str, dict[str, list[float]]],
                 options: argparse.Namespace) -> str:
    n = options.cases
    lines = ["", "## Consult shell (`loket shell`)", "",
             "The same commands typed in the consult shell: each line runs through the shell's line-processing "
             "function (`Consult.run_line`) in one warm process, unlocked once, timed from the line to the "
             "command's exit code, after one untimed pass that loads each command's code. Beside it, the whole "
             "`loket` process through the session agent, as above. "
             "Goal: the shell at least as fast as the agent.", "",
             f"| command | shell, 0 cases ms | shell, {n} cases ms | agent, {n} cases ms | shell / agent | goal |",
             "|---|---:|---:|---:|---:|---|"]
    for name in CONSULT:
        small = statistics.median(shell_times["empty"][name]) * 1000
        big = statistics.median(shell_times["full"][name]) * 1000
        agent = samples[f"{name} ({n})"].median_ms
        lines.append(f"| {name} | {small:.1f} | {big:.1f} | {agent:.0f} | {big / agent:.2f}× | "
                     f"{_mark(big <= agent)} |")
    return "\n".join(lines) + "\n"


def render_baseline(samples: dict[str, Sample], options: argparse.Namespace) -> str:
    n = options.cases
    lines = ["", f"## Against `{options.baseline}` at {n} cases", "",
             "The same commands with the earlier version, on its own store built by its own `loket demo`, in the "
             "same rounds. Goal: ≤ 1.1× the earlier version (the search index's intake goal; `find (exact)` was a "
             "scan of every case before it).", "",
             "| command | earlier ms | now ms | now / earlier | no agent: earlier / now ms | now / earlier | goal |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for name in CONSULT:
        old, new = samples[f"{name} (baseline {n})"], samples[f"{name} ({n})"]
        old_plain, new_plain = samples[f"{name} (baseline {n}, no agent)"], samples[f"{name} ({n}, no agent)"]
        ratio, ratio_plain = new.median_ms / old.median_ms, new_plain.median_ms / old_plain.median_ms
        lines.append(f"| {name} | {old.median_ms:.0f} | {new.median_ms:.0f} | {ratio:.2f}× | "
                     f"{old_plain.median_ms:.0f} / {new_plain.median_ms:.0f} | {ratio_plain:.2f}× | "
                     f"{_mark(max(ratio, ratio_plain) <= GOAL_FLAT)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
