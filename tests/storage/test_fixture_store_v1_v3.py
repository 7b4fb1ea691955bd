"""Stores written by the oldest loket in the history (schema 1, a55ccdf), by the
last one at schema 2 (9781ab6), by the last one before the case payload's
associated data bound the case's clear columns (schema 3, afb20d6) and by the
one that brought schema 4 (b8a6bb8), committed as tests/fixtures/store_v1.db
to store_v4.db by scripts/make_fixture_stores_v1_v3.sh. Every later version must
open them, migrate them, verify them and keep every record: before schema 10
their case payloads (associated data `loket/1/cases/<id>/payload`) never
opened again after the upgrade. Also the stores of the loket that brought
transfers (77c162a) and of the last one at schema 7 (758b2f1), store_v6.db and
store_v7.db by scripts/make_fixture_stores_v6_v7.sh, whose transfer tables the
meta MAC now covers. Never regenerate the files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import FIXTURES, copy_fixture_store, invoke

from loketcli.i18n import t
from loketcli.storage.schema import LATEST_VERSION


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    mode = "ro&immutable=1" if path.parent == FIXTURES else "ro"
    conn = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def records(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What a migration must keep: every row id and clear column of the case data and the trail."""
    tables = {"cases": "id, status, opened_at, closed_at", "events": "id, case_id, kind, at",
              "followups": "id, case_id, due_date, due_time, created_at, done_at",
              # (case_ids: the upgrade seals those of find and recognise; checked by reading them)
              "audit": "id, at, command, detail", "erasures": "case_id, erased_at"}
    present = {r[0] for r in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = {table: columns for table, columns in tables.items() if table in present}
    return {table: rows(path, f"SELECT {columns} FROM {table} ORDER BY 1") for table, columns in tables.items()}


def store(version: int, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str | None]]:
    return db_path, copy_fixture_store(version, db_path, monkeypatch)


def run(args: list[str], env: dict[str, str | None]) -> str:
    result = invoke(args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def shown(case: str, env: dict[str, str | None]) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(run(["show", case, "--json", "--bsn"], env))
    return found


FIRST_VISITOR = {"name": "Eerste Fixtuurpersoon", "phone": "0612345678", "email": "eerste.fixtuur@example.org",
                 "bsn": "123456782", "language": "Pools", "digid": "heeft", "companion": "tolk"}
FIRST_INTAKE = {"question": "Brief van de Belastingdienst niet begrepen", "channel": "balie", "referred_by": None,
                "life_events": ["schulden"], "agencies": ["belastingdienst", "toeslagen"],
                "consent": {"contact_bodies": True, "record_data": True}, "minutes": 20}


LISTED = {1: ["K-0003", "K-0002", "K-0001"], 2: ["K-0002", "K-0001"], 3: ["K-0005", "K-0003", "K-0002", "K-0001"],
          4: ["K-0002", "K-0001"]}


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_it_opens_migrates_verifies_and_keeps_every_record(version: int, db_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path, env = store(version, db_path, monkeypatch)
    before = records(FIXTURES / f"store_v{version}.db")
    assert rows(FIXTURES / f"store_v{version}.db", "PRAGMA user_version") == [(version,)]
    run(["verify"], env)
    assert rows(path, "PRAGMA user_version") == [(LATEST_VERSION,)]
    after = records(path)
    assert {table: after[table] for table in before} == before
    first = shown("K-0001", env)
    assert (first["visitor"], first["intake"]) == (FIRST_VISITOR, FIRST_INTAKE)
    # Found through the index built at the upgrade, and listed.
    hits = json.loads(run(["find", "123456782", "--json"], env))
    assert [hit["id"] for hit in hits] == ["K-0001"]
    listed = json.loads(run(["list", "--status", "alle", "--json"], env))
    assert [case["id"] for case in listed] == LISTED[version]
    # It takes new records, and still checks out.
    run(["note", "K-0001", "Na de upgrade"], env)
    run(["audit", "verify"], env)
    run(["verify"], env)


def test_the_schema_3_store_keeps_its_whole_history(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, env = store(3, db_path, monkeypatch)
    timelines = {case: [e["kind"] for e in shown(case, env)["events"]] for case in ("K-0001", "K-0002", "K-0003",
                                                                                   "K-0005")}
    assert timelines == {
        "K-0001": ["intake", "opvolging-gepland", "professionallijn", "notitie", "consult"],
        "K-0002": ["intake", "overdracht", "gesloten"],
        "K-0003": ["intake", "opvolging-gepland", "opvolging-gepland", "opvolging-gedaan", "opvolging-verzet",
                   "correctie"],
        "K-0005": ["intake", "gesloten", "heropend"],
    }
    third = shown("K-0003", env)
    assert (third["visitor"]["phone"], third["visitor"]["bsn"], third["intake"]["minutes"]) == (
        "0201234567", "111222333", 30)
    assert shown("K-0002", env)["status"] == "gesloten"
    call = next(e for e in shown("K-0001", env)["events"] if e["kind"] == "professionallijn")
    assert (call["answer"], call["reference"], call["minutes"]) == ("wordt uitgezocht", "TS-1234", 12)
    followups = json.loads(run(["followup", "list", "--json"], env))
    assert [(f["id"], f["case"], f["due"]["date"]) for f in followups] == [(1, "K-0001", "2026-12-14"),
                                                                          (2, "K-0003", "2026-12-21")]
    # K-0004 was erased by that version: erased still, and not missing.
    assert invoke(["show", "K-0004"], env=env).exit_code == 2
    audit = json.loads(run(["audit", "--json"], env))
    assert [e["command"] for e in audit][:3] == ["intake", "intake", "intake"]
    assert {"erase", "config set", "find"} <= {e["command"] for e in audit}
    # Its find entry listed the matched cases in clear; sealed by the upgrade, read the same with the key.
    assert rows(FIXTURES / "store_v3.db", "SELECT case_ids FROM audit WHERE id = 21") == [("1,2,3,5",)]
    ((sealed,),) = rows(db_path, "SELECT case_ids FROM audit WHERE id = 21")
    assert sealed.startswith("s:")
    assert next(e for e in audit if e["id"] == 21)["cases"] == ["K-0001", "K-0002", "K-0003", "K-0005"]
    run(["audit", "verify"], env)
    assert json.loads(run(["config", "show", "--json"], env))["retention"] == "18m"


# -- schemas 6 and 7: the transfer tables (and the register ledger), made before the meta MAC covered them --


@pytest.mark.parametrize("version", [6, 7])
def test_the_transfer_stores_keep_their_transfers_and_put_them_under_the_meta_mac(
        version: int, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Store 6 was made by the loket that brought transfers, whose schema was v1,
    v2, v3 and v6_transfer (user_version 4): its missing steps apply out of order."""
    path, env = store(version, db_path, monkeypatch)
    before = records(FIXTURES / f"store_v{version}.db")
    run(["verify"], env)
    after = records(path)
    assert {table: after[table] for table in before} == before
    assert rows(path, "SELECT value FROM meta WHERE key = 'state.meta_format'") == [("2",)]
    assert [c["name"] for c in json.loads(run(["colleague", "list", "--json"], env))] == ["Bea"]
    assert shown("K-0001", env)["visitor"]["bsn"] == "123456782"
    received = shown("K-0003", env)
    assert received["visitor"]["name"] == "Derde Fixtuur"
    assert [e["kind"] for e in received["events"]][-1] == "collega-ontvangst"
    assert shown("K-0002", env)["status"] == "gesloten"
    # The file it imported imports once, also after the upgrade ...
    again = invoke(["transfer", "receive", str(FIXTURES / f"store_v{version}_received.age")], env=env)
    assert (again.exit_code, again.stderr) == (2, f"loket: {t('error.transfer_already_received')}\n")
    # ... and deleting the ledger row is now refused, not a second import.
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM transfers_received")
    conn.commit()
    conn.close()
    refused = invoke(["transfer", "receive", str(FIXTURES / f"store_v{version}_received.age")], env=env)
    assert (refused.exit_code, refused.stderr) == (1, f"loket: {t('error.meta_tampered')}\n")
    assert rows(path, "SELECT count(*) FROM cases") == [(3,)]


def test_the_schema_4_store_keeps_its_corrections(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, env = store(4, db_path, monkeypatch)
    second = shown("K-0002", env)
    assert [e["kind"] for e in second["events"]] == ["intake", "professionallijn", "ingetrokken",
                                                     "opvolging-gepland", "opvolging-geannuleerd"]
    followups = json.loads(run(["followup", "list", "--json"], env))
    assert [(f["id"], f["case"]) for f in followups] == [(1, "K-0001")]  # #2 stays cancelled
    assert [e["kind"] for e in shown("K-0001", env)["events"]][-1] == "tevredenheid"
    assert invoke(["show", "K-0003"], env=env).exit_code == 2
