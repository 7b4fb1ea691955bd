#!/usr/bin/env python3
"""Benchmark: a worker's first push of two years of cases to the register, and a second push.

    .venv/bin/python bench/register_push.py --cases 10000

A synthetic store (`loket demo --cases N`), every case with the visitor's
consent, pushed as `loket register push` (a fresh process, as a worker runs it)
to the test suite's fake Klantinteracties register on loopback, with its
schema validation switched off so the register is not what is measured. Then
the same push again, with nothing changed. `bench/run.py --register-cases N`
runs this too and adds the figures to its report.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

PASSPHRASE = "bench-wachtwoord-loket"
LOKET = str(Path(sys.executable).parent / "loket")


def consent_all(path: Path) -> int:
    """Every case consents, in one transaction through the real service code."""
    from datetime import UTC, datetime

    from loketcli.domain.model import CaseId
    from loketcli.services.vault import unlock_with_passphrase
    from loketcli.storage.register import RegisterLedger

    vault = unlock_with_passphrase(path, PASSPHRASE)
    now = datetime.now(UTC)
    with vault.write() as uow:
        ledger = RegisterLedger(uow.conn, uow.cases)
        ids = [CaseId(int(r[0])) for r in uow.conn.execute("SELECT id FROM cases")]
        for case_id in ids:
            ledger.put(case_id, ledger.get(case_id).with_consent(True, now), now)
    vault.close()
    return len(ids)


def measure(cases: int, concurrency: int = 4) -> dict[str, float]:
    from register.fake_openklant import TOKEN, FakeOpenKlant

    with tempfile.TemporaryDirectory() as directory, FakeOpenKlant(validate=False) as server:
        path = Path(directory) / "loket.db"
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
        env.update({"LOKET_DB": str(path), "LOKET_PASSPHRASE": PASSPHRASE, "LOKET_NO_AGENT": "1"})
        subprocess.run([LOKET, "demo", "--cases", str(cases), "--db", str(path)], env=env, check=True,
                       capture_output=True)
        consented = consent_all(path)
        subprocess.run([LOKET, "register", "setup", "--url", server.url, "--token-stdin"], env=env, check=True,
                       input=TOKEN + "\n", text=True, capture_output=True)
        figures: dict[str, float] = {"cases": consented}
        for label in ("first", "second"):
            before = server.register.requests()
            start = time.perf_counter()
            done = subprocess.run([LOKET, "register", "push", "--concurrency", str(concurrency)], env=env,
                                  capture_output=True, text=True)
            figures[f"{label}_s"] = time.perf_counter() - start
            figures[f"{label}_requests"] = server.register.requests() - before
            if done.returncode != 0:
                raise SystemExit(f"push failed: {done.stderr.strip().splitlines()[-1:]}")
        figures["contacts"] = server.register.count("klantcontacten")
        figures["tasks"] = server.register.count("internetaken")
        return figures


def render(figures: dict[str, float]) -> str:
    return "\n".join([
        f"### Register push at {int(figures['cases']):,} cases (fake register on loopback)",
        "",
        "| push | seconds | requests |",
        "|---|---:|---:|",
        f"| first (everything) | {figures['first_s']:.1f} | {int(figures['first_requests']):,} |",
        f"| second (nothing changed) | {figures['second_s']:.2f} | {int(figures['second_requests']):,} |",
        "",
        f"The first push made {int(figures['contacts']):,} contacts and {int(figures['tasks']):,} tasks.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()
    print(render(measure(options.cases, options.concurrency)))


if __name__ == "__main__":
    main()
