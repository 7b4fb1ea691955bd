"""Boundaries that mutation testing found unguarded (issue 12)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from loket_testkit import UNLOCKED, error_line, init_store, intake, invoke

import loketcli.domain.clock
from loketcli.crypto import NONCE_LEN, TAG_LEN, new_key, seal, unseal, unsealer
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.errors import TamperedData
from loketcli.i18n import t

MONDAY = dt.datetime(2027, 4, 26, 10, 0, tzinfo=LOCAL_ZONE)


def test_a_one_entry_audit_trail_verifies(db_path: Path) -> None:
    init_store()  # its trail: the `init` entry alone
    result = invoke(["audit", "verify"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (0, f"{t('audit.intact', count=1)}\n")


def test_an_empty_plaintext_opens_through_the_scan_path() -> None:
    key = new_key()
    sealed = seal(key, b"", b"loket/1/x")
    # The shortest valid blob: version byte, nonce and tag, nothing else.
    assert len(sealed) == 1 + NONCE_LEN + TAG_LEN
    assert unsealer(key)(sealed, b"loket/1/x") == b""
    assert unseal(key, sealed, b"loket/1/x") == b""
    for short in (sealed[:-1], b""):
        with pytest.raises(TamperedData):
            unsealer(key)(short, b"loket/1/x")
        with pytest.raises(TamperedData):
            unseal(key, short, b"loket/1/x")


def test_a_follow_up_due_today_is_not_overdue(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.domain.clock, "now", lambda: MONDAY)
    init_store()
    assert intake("--name", "Grens Testpersoon", "--question", "Vraag", "--channel", "balie") == "K-0001"
    for due in ("2027-04-26", "2027-04-23"):  # today, and the Friday before
        added = invoke(["followup", "add", "K-0001", f"Terugbellen {due}", "--due", due, "--allow-past"],
                       env=UNLOCKED)
        assert added.exit_code == 0, added.stderr
    agenda = json.loads(invoke(["today", "--json"], env=UNLOCKED).stdout)
    assert [item["due"]["date"] for item in agenda["overdue"]] == ["2027-04-23"]
    assert [item["due"]["date"] for item in agenda["today_due"]] == ["2027-04-26"]


def test_error_messages_not_only_codes(db_path: Path) -> None:
    init_store()
    unknown = invoke(["show", "K-0042"], env=UNLOCKED)
    assert (unknown.exit_code, unknown.stdout, unknown.stderr) == (
        2, "", error_line("error.unknown_case", case="K-0042"))
    wrong = invoke(["verify"], env={"LOKET_PASSPHRASE": "niet het wachtwoord"})
    assert (wrong.exit_code, wrong.stdout, wrong.stderr) == (3, "", error_line("error.wrong_passphrase"))
    rotate = invoke(["passwd", "--rotate-key", "--recovery"], env=UNLOCKED)
    assert (rotate.exit_code, rotate.stdout, rotate.stderr) == (2, "", error_line("error.rotate_alone"))
