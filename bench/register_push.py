#!/usr/bin/env python3
"""Benchmark: a worker's first push of two years of cases to the register, and a second push.

    .venv/bin/python bench/register_push.py --cases 10000
    LOKET_OPENKLANT_TOKEN=... .venv/bin/python bench/register_push.py --cases 1000 \
        --real http://127.0.0.1:8765 --send-bsn

A synthetic store (`loket demo --cases N`), every case with the visitor's
consent, pushed as `loket register push` (a fresh process, as a worker runs it)
to the test suite's fake Klantinteracties register on loopback, with its
schema validation switched off so the register is not what is measured; or,
with `--real URL`, to a real Open Klant (../shared/openklant), where the
figures are the register's as much as loket's. Then the same push again, with
nothing changed, and `register history` of one case. `bench/run.py
--register-cases N` runs the fake variant too and adds it to its report.
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


# Every case consents, in one transaction through the version's own service
# code (run in that version's interpreter, so an earlier version can be measured too).
CONSENT_ALL = r"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from loketcli.domain.model import CaseId
from loketcli.services.vault import unlock_with_passphrase
from loketcli.storage.register import RegisterLedger
vault = unlock_with_passphrase(Path(sys.argv[1]), sys.argv[2])
now = datetime.now(UTC)
with vault.write() as uow:
    ledger = RegisterLedger(uow.conn, uow.cases)
    ids = [CaseId(int(r[0])) for r in uow.conn.execute("SELECT id FROM cases")]
    for case_id in ids:
        ledger.put(case_id, ledger.get(case_id).with_consent(True, now), now)
vault.close()
print(len(ids))
"""


def measure(cases: int, concurrency: int = 4, real: str | None = None, send_bsn: bool = False,
            loket: str = LOKET) -> dict[str, float]:
    """The figures of one version (`loket`: its executable, beside its own python)."""
    import contextlib
    import json

    from register.fake_openklant import TOKEN, FakeOpenKlant

    python = str(Path(loket).parent / "python")
    with tempfile.TemporaryDirectory() as directory, \
            (contextlib.nullcontext(None) if real else FakeOpenKlant(validate=False)) as server:
        url, token = (real, os.environ["LOKET_OPENKLANT_TOKEN"]) if real else (server.url, TOKEN)
        path = Path(directory) / "loket.db"
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
        env.update({"LOKET_DB": str(path), "LOKET_PASSPHRASE": PASSPHRASE, "LOKET_NO_AGENT": "1"})
        subprocess.run([loket, "demo", "--cases", str(cases), "--db", str(path)], env=env, check=True,
                       capture_output=True)
        # From the scratch folder: a checkout's own loketcli in the working directory would shadow the version's.
        consented = int(subprocess.run([python, "-c", CONSENT_ALL, str(path), PASSPHRASE], env=env, check=True,
                                       capture_output=True, text=True, cwd=directory).stdout)
        subprocess.run([loket, "register", "setup", "--url", url, "--token-stdin",
                        "--send-bsn" if send_bsn else "--no-send-bsn"], env=env, check=True,
                       input=token + "\n", text=True, capture_output=True)
        figures: dict[str, float] = {"cases": consented}
        for label in ("first", "second"):
            start = time.perf_counter()
            done = subprocess.run([loket, "register", "push", "--json", "--concurrency", str(concurrency)], env=env,
                                  capture_output=True, text=True)
            figures[f"{label}_s"] = time.perf_counter() - start
            if done.returncode not in (0, 1) or not done.stdout:
                raise SystemExit(f"push failed: {done.stderr.strip().splitlines()[-1:]}")
            report = json.loads(done.stdout)
            figures[f"{label}_requests"] = report["requests"]
            if label == "first":
                # Earlier versions give no totals, only the cases (and count no addresses).
                totals = report.get("totals") or {
                    "contacts_new": sum(c["contacts_new"] for c in report["cases"]),
                    "tasks_new": sum(c["tasks_new"] for c in report["cases"]), "addresses_new": -1}
                figures["contacts"] = totals["contacts_new"]
                figures["tasks"] = totals["tasks_new"]
                figures["addresses"] = totals["addresses_new"]
                figures["refused"] = sum(1 for c in report["cases"] if c["status"] == "geweigerd")
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([loket, "register", "history", "K-0001"], env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        figures["history_s"] = sorted(times)[2]
        start = time.perf_counter()
        subprocess.run([loket, "show", "K-0001"], env=env, check=True, capture_output=True)
        figures["show_s"] = time.perf_counter() - start
        figures["real"] = 1.0 if real else 0.0
        return figures


def render(figures: dict[str, float]) -> str:
    where = "a real Open Klant 2.18 on loopback" if figures["real"] else "fake register on loopback"
    contacts = max(int(figures["contacts"]), 1)
    return "\n".join([
        f"### Register push at {int(figures['cases']):,} cases ({where})",
        "",
        "| push | seconds | requests | requests per contact |",
        "|---|---:|---:|---:|",
        f"| first (everything) | {figures['first_s']:.1f} | {int(figures['first_requests']):,} | "
        f"{figures['first_requests'] / contacts:.2f} |",
        f"| second (nothing changed) | {figures['second_s']:.2f} | {int(figures['second_requests']):,} | - |",
        "",
        f"The first push made {int(figures['contacts']):,} contacts, {int(figures['tasks']):,} tasks and "
        + (f"{int(figures['addresses']):,} addresses" if figures["addresses"] >= 0 else "no addresses")
        + f"; {int(figures['refused'])} cases had a part refused. "
        f"`register history K-0001`: {figures['history_s']:.2f} s (median of 5; `show K-0001`: "
        f"{figures['show_s']:.2f} s).",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--real", metavar="URL", help="a real Open Klant (token in LOKET_OPENKLANT_TOKEN)")
    parser.add_argument("--send-bsn", action="store_true", help="the desk sends BSNs (a partij per person)")
    options = parser.parse_args()
    print(render(measure(options.cases, options.concurrency, options.real, options.send_bsn)))


if __name__ == "__main__":
    main()
