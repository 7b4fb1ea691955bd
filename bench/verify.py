#!/usr/bin/env python3
"""`loket verify` on a large store, this version against an earlier one, paired.

    # a store made once (about 45 s at 100,000 cases) and reused:
    LOKET_PASSPHRASE=bench-wachtwoord-loket .venv/bin/loket demo --cases 100000 --db /var/tmp/v100k/loket.db
    .venv/bin/python bench/verify.py --store /var/tmp/v100k/loket.db --rounds 3 \\
        --baseline ../before/.venv/bin/loket

The store's folder must be writable by its owner only. Both versions check the
same file (verify only reads, apart from a WAL checkpoint), through one
session unlocked by this version with `--no-agent`, so no passphrase stretching is timed; the
two versions alternate within a round, so a noisy moment on a shared machine
hits them alike. The baseline may be any command, e.g. an exported tree run
with `env PYTHONPATH=../before .venv/bin/python -P -m loketcli`
(-P: not the current folder's package). Both must report
the same: their `verify --json` output is compared byte for byte.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from scans import LOKET, run, unlocked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="an existing store (made by `loket demo`)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", help="an earlier version's `loket`, as a command line")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    versions = {"this one": [LOKET]}
    if args.baseline:
        versions["before"] = shlex.split(args.baseline)
    # One session for both (a second unlock would replace the first's).
    session = unlocked(LOKET, args.store, env)
    times: dict[str, list[float]] = {name: [] for name in versions}
    cpu: dict[str, list[float]] = {name: [] for name in versions}
    outputs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for round_ in range(args.rounds):
            order = list(versions) if round_ % 2 == 0 else list(reversed(versions))
            for name in order:
                out = Path(scratch) / "out"
                wall, used = run([*versions[name], "verify", "--json"], session, out)
                times[name].append(wall)
                cpu[name].append(used)
                outputs[name] = out.read_bytes()
    print(f"load average at the end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| version | median s | min–max s | median CPU s |\n|---|---:|---:|---:|")
    for name in versions:
        print(f"| {name} | {statistics.median(times[name]):.1f} | {min(times[name]):.1f}–{max(times[name]):.1f} "
              f"| {statistics.median(cpu[name]):.1f} |")
    if len(set(outputs.values())) != 1:
        raise SystemExit(f"the versions report differently: {outputs}")
    print("same report (verify --json) from both" if len(outputs) > 1 else "")


if __name__ == "__main__":
    main()
