"""Opt-in: the push against a real register (Open Klant), skipped unless
LOKET_OPENKLANT_URL and LOKET_OPENKLANT_TOKEN are set. It sends one synthetic
case (no real person) and checks that a second push creates nothing.

    LOKET_OPENKLANT_URL=http://localhost:8000 LOKET_OPENKLANT_TOKEN=... \\
        .venv/bin/python -m pytest tests/register/test_register_live.py
"""

from __future__ import annotations

import json
import os
import secrets

import pytest
from loket_testkit import UNLOCKED, init_store, intake, invoke

URL = os.environ.get("LOKET_OPENKLANT_URL")
TOKEN = os.environ.get("LOKET_OPENKLANT_TOKEN")

pytestmark = pytest.mark.skipif(not (URL and TOKEN),
                                reason="set LOKET_OPENKLANT_URL and LOKET_OPENKLANT_TOKEN to test a real register")


def test_push_and_read_back_against_a_real_register() -> None:
    assert URL and TOKEN
    init_store()
    setup = invoke(["register", "setup", "--url", URL, "--token-stdin"], env=UNLOCKED, input=TOKEN + "\n")
    assert setup.exit_code == 0, setup.stderr
    marker = f"Testpersoon {secrets.token_hex(3)}"
    case = intake("--name", marker, "--question", "synthetische testvraag", "--channel", "balie",
                  "--agency", "uwv", "--consent")
    assert invoke(["call", case, "uwv", "--outcome", "terugbelverzoek", "--callback", "over 5 werkdagen"],
                  env=UNLOCKED).exit_code == 0
    assert invoke(["register", "consent", case], env=UNLOCKED).exit_code == 0
    first = json.loads(invoke(["register", "push", "--json"], env=UNLOCKED).stdout)
    assert first["cases"][0]["status"] == "verstuurd", first
    second = json.loads(invoke(["register", "push", "--json"], env=UNLOCKED).stdout)
    assert second["cases"][0]["status"] == "ongewijzigd" and second["requests"] == 0
    history = json.loads(invoke(["register", "history", case, "--json"], env=UNLOCKED).stdout)
    assert len([c for c in history["contacts"] if c["own_case"]]) == 2
