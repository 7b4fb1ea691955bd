#!/usr/bin/env python3
"""Benchmark: `loket inbox` with N open contact requests in a real Open Klant.

    LOKET_OPENKLANT_URL=http://127.0.0.1:8765 LOKET_OPENKLANT_TOKEN=... \\
        .venv/bin/python bench/inbox.py --requests 500

Makes a team of its own (a random identificator, so the shared register's
other data never counts), seeds N requests for it as KISS makes them (a
klantcontact with a betrokkene and a phone number, an internetaak assigned to
the team; synthetic names), sets up a fresh store for a worker of that team,
and times `loket inbox` as a worker runs it (a fresh process, every page read,
the count kept for `today`), then `--json` and `--names`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

PASSPHRASE = "bench-wachtwoord-loket"
LOKET = str(Path(sys.executable).parent / "loket")
API = "/klantinteracties/api/v1"


def seed(url: str, token: str, team: str, count: int, workers: int = 4) -> None:
    def one(n: int) -> None:
        with httpx.Client(base_url=url + API, headers={"Authorization": f"Token {token}"}, timeout=60) as http:
            made = http.post("/maak-klantcontact", json={
                "klantcontact": {"kanaal": "telefoon", "onderwerp": "Vraag over bijstand", "taal": "nld",
                                 "vertrouwelijk": False, "indicatieContactGelukt": True},
                "betrokkene": {"rol": "klant", "initiator": True,
                               "contactnaam": {"voornaam": "Bench", "achternaam": f"Testpersoon{n}"}}})
            made.raise_for_status()
            contact = made.json()
            http.post("/digitaleadressen", json={
                "verstrektDoorBetrokkene": {"uuid": contact["betrokkene"]["uuid"]}, "verstrektDoorPartij": None,
                "adres": f"06{10000000 + n:08d}", "soortDigitaalAdres": "telefoonnummer"}).raise_for_status()
            http.post("/internetaken", json={
                "gevraagdeHandeling": "Contact opnemen met betrokkene", "toelichting": f"Verzoek {n}",
                "status": "te_verwerken", "aanleidinggevendKlantcontact": {"uuid": contact["klantcontact"]["uuid"]},
                "toegewezenAanActoren": [{"uuid": team}]}).raise_for_status()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(count)))


def timed(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([LOKET, *args], env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"loket {' '.join(args)} failed: {result.stderr}")
    return elapsed, result.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-names", action="store_true", help="skip the (slow) --names runs")
    options = parser.parse_args()
    if not 1 <= options.requests <= 2000:
        raise SystemExit("--requests: 1 to 2000")
    url = os.environ["LOKET_OPENKLANT_URL"].rstrip("/")
    token = os.environ["LOKET_OPENKLANT_TOKEN"]
    ident = f"bench-team-{secrets.token_hex(5)}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LOKET_DB": str(Path(tmp) / "bench.db"), "LOKET_PASSPHRASE": PASSPHRASE,
               "LOKET_TEST_INSECURE_KDF": "1"}
        subprocess.run([LOKET, "init", "--no-recovery-key", "--kdf-memory-kib", "64", "--kdf-iterations", "1"],
                       env=env, check=True, capture_output=True)
        subprocess.run([LOKET, "register", "setup", "--url", url, "--token-stdin"], env=env, check=True,
                       capture_output=True, input=token + "\n", text=True)
        subprocess.run([LOKET, "register", "setup", "--me", f"{ident}-worker@example.org", "--team", ident],
                       env=env, check=True, capture_output=True)
        with httpx.Client(base_url=url + API, headers={"Authorization": f"Token {token}"}) as http:
            team = http.get("/actoren", params={"actoridentificatorObjectId": ident}).json()["results"][0]["uuid"]
        start = time.perf_counter()
        seed(url, token, team, options.requests)
        print(f"seeded {options.requests} requests in {time.perf_counter() - start:.1f} s")
        for args in (["inbox"], ["inbox", "--json"], *([] if options.no_names else [["inbox", "--names"]])):
            times = []
            for _ in range(options.runs):
                elapsed, said = timed(args, env)
                times.append(elapsed)
            print(f"loket {' '.join(args)}: {', '.join(f'{s:.2f}' for s in times)} s  ({said.splitlines()[0]})")


if __name__ == "__main__":
    main()
