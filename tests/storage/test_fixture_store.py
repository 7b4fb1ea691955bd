"""A store written by the version that introduced state MACs (schema with
`_v5_authenticated_state`), committed as tests/fixtures/store_v5.db by
scripts/make_fixture_store.py. Every later version must open it with its
passphrase, verify it, migrate it and read exactly these plaintexts. Never
regenerate the file; add a new fixture for a new format instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from loket_testkit import FIXTURES, copy_fixture_store, error_line, invoke, opened_vault

from loketcli.domain.model import CaseId, CaseStatus
from loketcli.i18n import t
from loketcli.storage.schema import LATEST_VERSION

FIXTURE = FIXTURES / "store_v5.db"
PASSPHRASE = "fixtuur wachtwoord 5"
RECOVERY_KEY = "FIXT-UURH-ERST-ELSL-EUTE-LAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"
ENV = {"LOKET_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def fixture_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_fixture_store(5, db_path, monkeypatch)
    return db_path


def test_it_opens_migrates_and_reads_the_known_plaintexts(fixture_store: Path) -> None:
    import sqlite3


    with opened_vault(fixture_store, PASSPHRASE) as vault, vault.read() as uow:
        first = uow.cases.get(CaseId(1))
        second = uow.cases.get(CaseId(2), with_events=False)
        followups = uow.followups.for_case(CaseId(1))
        assert not uow.cases.exists(CaseId(3))
    assert (first.visitor.name, first.visitor.bsn, first.visitor.phone) == (
        "Fixtuur Testpersoon", "123456782", "06-11112222")
    assert (first.intake.question, first.intake.channel, first.intake.agencies, first.intake.minutes) == (
        "Vraag over de fixtuurtoeslag", "balie", ("toeslagen",), 15)
    texts = [getattr(event.detail, "text", None) for event in first.events]
    assert "Fixtuurnotitie een" in texts
    assert "Fixtuurvraag aan de SVB" in [getattr(event.detail, "question", None) for event in first.events]
    assert [(f.what, f.due.day.isoformat(), f.done_at is not None) for f in followups] == [
        ("Terugbelverzoek SVB", "2026-03-09", False), ("Fixtuurdocument meenemen", "2026-03-09", True)]
    assert (second.visitor.name, second.intake.question, second.status) == (
        "Fixtuur Tweede", "Tweede fixtuurvraag", CaseStatus.CLOSED)
    conn = sqlite3.connect(fixture_store)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("SELECT case_id FROM erasures").fetchall() == [(3,)]
    finally:
        conn.close()


def test_it_verifies(fixture_store: Path) -> None:
    checked = invoke(["verify"], env=ENV)
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr.startswith(t("verify.ok", count=0).split("0")[0])
    audit = invoke(["audit", "verify"], env=ENV)
    assert audit.exit_code == 0, audit.stderr
    settings = invoke(["config", "show"], env=ENV)
    assert settings.exit_code == 0, settings.stderr
    assert "Fixtuurloket" in settings.stdout and "3y" in settings.stdout


def test_its_erased_case_stays_erased(fixture_store: Path) -> None:
    result = invoke(["show", "K-0003"], env=ENV)
    assert (result.exit_code, result.stderr) == (2, error_line("error.unknown_case", case="K-0003"))


def test_its_recovery_key_and_a_wrong_passphrase(fixture_store: Path) -> None:
    wrong = invoke(["show", "K-0001"], env={"LOKET_PASSPHRASE": "niet het wachtwoord"})
    assert (wrong.exit_code, wrong.stdout, wrong.stderr) == (3, "", error_line("error.wrong_passphrase"))
    reset = invoke(["passwd", "--recovery"], env={"LOKET_RECOVERY_KEY": RECOVERY_KEY,
                                                 "LOKET_NEW_PASSPHRASE": "een nieuw wachtwoord"})
    assert (reset.exit_code, reset.stderr) == (0, f"{t('passwd.done')}\n")
    assert invoke(["verify"], env={"LOKET_PASSPHRASE": "een nieuw wachtwoord"}).exit_code == 0


def test_it_is_still_written_to(fixture_store: Path) -> None:
    """Written to by this version, it keeps verifying: the MACs carry on."""
    assert invoke(["note", "K-0001", "Nieuwe notitie"], env=ENV).exit_code == 0
    assert invoke(["verify"], env=ENV).exit_code == 0
