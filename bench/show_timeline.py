#!/usr/bin/env python3
"""`show` of a case with a long timeline in the warm consult shell.

    .venv/bin/python bench/show_timeline.py                          # this version
    .venv/bin/python bench/show_timeline.py --baseline ../before/.venv/bin/python --rounds 30

A store with one case of 150 events (calls, notes, consults, hand-overs,
follow-ups done) is made in a scratch folder; each version's child process
unlocks it once, runs `show K-0001` through the shell's line function
(`Consult.run_line`, output to /dev/null as in bench/run.py) once untimed,
then `--rounds` times, timed. The children of the two versions alternate
three times each, and the medians of all their rounds are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PASSPHRASE = "bench-wachtwoord-loket"

MAKE = r"""
import sys
from datetime import datetime, timedelta
from pathlib import Path
from loketcli.crypto import KdfParams
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.domain.model import (Consult, Handover, Intake, NewCase, Note, ProfessionallijnCall, Visitor)
from loketcli.services.vault import init_vault, unlock_with_passphrase
path, passphrase = Path(sys.argv[1]), sys.argv[2]
now = datetime(2026, 11, 2, 9, 0, tzinfo=LOCAL_ZONE)
init_vault(path, passphrase, now, KdfParams.fresh(memory_kib=19456, iterations=2, lanes=1))
vault = unlock_with_passphrase(path, passphrase)
with vault.write() as uow:
    case = uow.cases.add(NewCase(visitor=Visitor(name="J. Bench (demo)"), intake=Intake(
        question="Brieven van UWV en Belastingdienst over terugvorderingen", channel="balie",
        agencies=("uwv", "belastingdienst"), minutes=30)), now)
    at = now
    for i in range(149):
        at += timedelta(hours=3)
        kind = i % 4
        if kind == 0:
            detail = ProfessionallijnCall(agency=("uwv", "svb", "duo", "cak")[i % 3], outcome="terugbelverzoek",
                                          driegesprek=i % 2 == 0, minutes=12, question="Stand van zaken opvragen "
                                          "over de terugvordering en de betalingsregeling",
                                          answer="Wordt uitgezocht, ze bellen binnen vijf werkdagen terug")
        elif kind == 1:
            detail = Note(text="Bezoeker neemt de volgende keer de brieven van de deurwaarder en het "
                               "beschikkingsoverzicht mee; daarna samen de aanvraag invullen")
        elif kind == 2:
            detail = Consult(minutes=20, note="Samen de brieven doorgenomen")
        else:
            detail = Handover(to="stadsbank", warm=True, minutes=5, what="Aanmelding schuldhulp")
        uow.cases.add_event(case, detail, at)
vault.close()
"""

CHILD = r"""
import json, os, sys, time
from pathlib import Path
from loketcli.cli.context import hold_key, unlock_for_holding
try:
    from loketcli.shell.consult import Consult
except ImportError:  # versions before the shell had its own package (issue 26)
    from loketcli.cli.shell import Consult
rounds = int(sys.argv[1])
held = unlock_for_holding(Path(os.environ["LOKET_DB"]), None)
hold_key(held)
consult = Consult(held, piped=True)
devnull = os.open(os.devnull, os.O_WRONLY)
saved = os.dup(1), os.dup(2)
os.dup2(devnull, 1); os.dup2(devnull, 2)
times = []
for round in range(rounds + 1):
    start = time.perf_counter()
    code = consult.run_line("show K-0001")
    if round:
        times.append(time.perf_counter() - start)
    if code:
        os.dup2(saved[1], 2)
        sys.exit(f"show failed ({code})")
os.dup2(saved[0], 1)
print(json.dumps(times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--baseline", type=Path, metavar="PYTHON", help="an earlier version's venv python")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory(prefix="loket-show-") as scratch:
        path = Path(scratch) / "show.db"
        # From the scratch folder: `python -c` puts the working directory first
        # on sys.path, and a checkout's own loketcli there would shadow the baseline's.
        # Made by the earlier version when there is one: the later one opens (and migrates) its copy.
        maker = str(options.baseline) if options.baseline else sys.executable
        subprocess.run([maker, "-c", MAKE, str(path), PASSPHRASE], env=env, check=True, cwd=scratch)
        pythons = {"now": sys.executable}
        stores = {"now": path}
        if options.baseline:
            # Its own copy: this version may migrate its store to a schema the earlier one refuses.
            pythons["before"] = str(options.baseline)
            stores["before"] = Path(scratch) / "before.db"
            shutil.copyfile(path, stores["before"])
        times: dict[str, list[float]] = {name: [] for name in pythons}
        for _ in range(3):
            for name, python in pythons.items():
                run_env = {**env, "LOKET_DB": str(stores[name]), "LOKET_PASSPHRASE": PASSPHRASE}
                done = subprocess.run([python, "-c", CHILD, str(options.rounds)], env=run_env, check=True,
                                      capture_output=True, text=True, cwd=scratch)
                times[name] += json.loads(done.stdout)
    load = os.getloadavg()
    print(f"`show` of a case with 150 events in the warm shell, {3 * options.rounds} rounds per version;"
          f" load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.")
    print("\n| version | median ms | min ms |\n|---|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values) * 1000:.1f} | {min(values) * 1000:.1f} |")


if __name__ == "__main__":
    main()
