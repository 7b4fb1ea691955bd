"""Schema migrations: a store written before follow-ups existed (schema 1) is
brought forward when the current code opens it, without touching a record;
a store from a newer loket is refused. All data is synthetic."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Protocol

import pytest
from conftest import PASSPHRASE, TEST_KDF_ARGS
from loket_testkit import ok, opened_vault, run

import loketcli.domain.clock
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.i18n import t
from loketcli.storage import schema

NOW = dt.datetime(2027, 4, 23, 10, 0, tzinfo=LOCAL_ZONE)
INTAKE_FORM: dict[str, Any] = {
    "name": "Testpersoon Oud", "question": "Vraag over de WOZ-beschikking", "channel": "telefoon",
    "agencies": ("toeslagen",), "life_events": ("verhuizing",), "minutes": 20, "phone": "06-12345678",
    "bsn": "123456782", "consent_contact": True, "consent_record": True,
}
# The same intake as flags; 123456782 passes the elfproef and belongs to nobody.
INTAKE_FLAGS = [
    "--name", "Testpersoon Oud", "--question", "Vraag over de WOZ-beschikking", "--channel", "telefoon",
    "--agency", "toeslagen", "--life-event", "verhuizing", "--minutes", "20", "--phone", "06-12345678",
    "--bsn", "123456782", "--consent",
]
# What a schema-1 store holds: the first migration's tables, the ledger, and
# the meta keys `init` wrote then. Migrations are forward-only, so this never changes.
V1_TABLES = {"meta", "keyslots", "cases", "events", "_sqlite_migrations", "sqlite_sequence"}
V1_META = {"store_id", "created_at", "format"}
RECORD_TABLES = ("keyslots", "cases", "events")


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.domain.clock, "now", lambda: NOW)


@contextmanager
def raw(db: Path) -> Iterator[sqlite3.Connection]:
    """The store's file behind loket's back, committed on leaving."""
    gc.collect()  # no connection left over from an earlier command in this process
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        yield conn


def user_version(db: Path) -> int:
    with raw(db) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def tables(db: Path) -> set[str]:
    with raw(db) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def indexes(db: Path, table: str) -> set[str]:
    with raw(db) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA index_list({table})")}


def ledger(db: Path) -> list[tuple[str, str]]:
    with raw(db) as conn:
        return list(conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"))


# Schema 5 re-wraps each case key under a subkey of the vault key (the case
# key itself, and so every sealed record, stays) and adds the state columns.
V1_COLUMNS = {"cases": "id, status, opened_at, closed_at, updated_at, payload"}


def records(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the schema-1 tables, sealed blobs and all (but the re-wrapped case keys)."""
    with raw(db) as conn:
        found = {table: list(conn.execute(f"SELECT {V1_COLUMNS.get(table, '*')} FROM {table} ORDER BY rowid"))
                 for table in RECORD_TABLES}
        found["meta"] = list(conn.execute(
            f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' * len(V1_META))}) ORDER BY key",
            sorted(V1_META),
        ))
    return found


def all_migrations() -> list[tuple[str, str]]:
    return [("loketcli", step.__name__.lstrip("_")) for step in schema.MIGRATIONS]


def by_hand(db: Path, monkeypatch: pytest.MonkeyPatch, *, schema_1: bool) -> None:
    """A store made by the current code through the CLI, then (for schema 1)
    everything after the first migration taken out again with sqlite3."""
    ok(["init", "--db", str(db), *TEST_KDF_ARGS])
    assert ok(["intake", "--db", str(db), *INTAKE_FLAGS]).stdout == "K-0001\n"
    if not schema_1:
        return
    from loketcli.crypto import PURPOSE_CASE_KEYS, aad, derive_subkey, seal, unseal
    from loketcli.services.vault import unlock_with_passphrase

    vault = unlock_with_passphrase(db, PASSPHRASE)
    vault_key = vault.vault_key
    vault.close()
    with raw(db) as conn:
        # Schema 5 undone: case keys back under the vault key itself, no state columns.
        for case_id, wrapped in list(conn.execute("SELECT id, case_key FROM cases")):
            where = aad("cases", case_id, "case_key")
            case_key = unseal(derive_subkey(vault_key, PURPOSE_CASE_KEYS), wrapped, where)
            conn.execute("UPDATE cases SET case_key = ? WHERE id = ?", (seal(vault_key, case_key, where), case_id))
        conn.execute("ALTER TABLE cases DROP COLUMN state_version")
        conn.execute("ALTER TABLE cases DROP COLUMN state_mac")
        for table in {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}:
            if table not in V1_TABLES:
                conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name != 'v1_foundation'")
        conn.execute(f"DELETE FROM meta WHERE key NOT IN ({', '.join('?' * len(V1_META))})", sorted(V1_META))
        conn.execute("PRAGMA user_version = 1")


def with_schema_1_code(db: Path, monkeypatch: pytest.MonkeyPatch, *, schema_1: bool) -> None:
    """A store created while the code knew only the first migration, with a
    case put in through the storage layer (today's services also write tables
    that schema 1 lacks)."""
    from loketcli.crypto import KdfParams
    from loketcli.domain.intake import IntakeForm, build_new_case
    from loketcli.services.vault import init_vault

    form = IntakeForm(**INTAKE_FORM)
    with monkeypatch.context() as old:
        if schema_1:
            old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
            old.setattr(schema, "LATEST_VERSION", 1)
            # Code of schema 1 had no audit trail to start at init.
            old.setattr("loketcli.storage.audit.AuditLog.append", lambda *args, **kwargs: 0)
        init_vault(db, PASSPHRASE, NOW, KdfParams.fresh(memory_kib=64, iterations=1, lanes=1))
        with opened_vault(db, PASSPHRASE) as vault, vault.write() as uow:
            assert uow.cases.add(build_new_case(form), NOW) == 1


class Builder(Protocol):
    def __call__(self, db: Path, monkeypatch: pytest.MonkeyPatch, *, schema_1: bool) -> None: ...


@pytest.fixture(params=[with_schema_1_code, by_hand], ids=["schema-1-code", "by-hand"])
def build(request: pytest.FixtureRequest) -> Builder:
    builder: Builder = request.param
    return builder


@pytest.fixture
def schema_1_store(build: Builder, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build(db_path, monkeypatch, schema_1=True)
    assert user_version(db_path) == 1
    assert tables(db_path) == V1_TABLES
    assert ledger(db_path) == [("loketcli", "v1_foundation")]
    return db_path


def test_the_second_migration_adds_followups() -> None:
    assert schema.LATEST_VERSION == len(schema.MIGRATIONS) >= 2
    assert [step.__name__ for step in schema.MIGRATIONS[:2]] == ["_v1_foundation", "_v2_followups"]


def test_schema_1_store_is_migrated_on_open(schema_1_store: Path, build: Builder, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = schema_1_store
    before = records(db)

    # The same case in a store made by the current code, for comparison.
    fresh = tmp_path / "fresh" / "loket.db"
    build(fresh, monkeypatch, schema_1=False)
    expected_json = ok(["show", "K-0001", "--json", "--db", str(fresh)]).stdout
    expected_panel = ok(["show", "K-0001", "--db", str(fresh)]).stdout

    shown = ok(["show", "K-0001", "--json"])
    assert shown.stderr == ""
    assert shown.stdout == expected_json
    case = json.loads(shown.stdout)
    assert (case["id"], case["status"], case["visitor"]["name"], case["followups"]) == (
        "K-0001", "open", "Testpersoon Oud", []
    )
    assert [event["kind"] for event in case["events"]] == ["intake"]
    assert ok(["show", "K-0001"]).stdout == expected_panel

    assert user_version(db) == schema.LATEST_VERSION
    assert "followups" in tables(db)
    assert {"idx_followups_open", "idx_followups_case"} <= indexes(db, "followups")
    assert ledger(db) == all_migrations()
    # Migrations never rewrite a record: every sealed byte is as it was.
    assert records(db) == before
    with raw(db) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x4C4F4B54
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    # The new table works.
    added = ok(["followup", "add", "K-0001", "Terugbellen over de beschikking", "--due", "over 5 werkdagen"])
    assert (added.stdout, added.stderr) == ("#1\n", "→ ma 3 mei 2027\nOpvolging #1 gepland op zaak K-0001.\n")
    followups = json.loads(ok(["show", "K-0001", "--json"]).stdout)["followups"]
    assert [(f["id"], f["what"], f["due"], f["status"]) for f in followups] == [
        (1, "Terugbellen over de beschikking", {"date": "2027-05-03", "time": None}, "open")
    ]

    # Opening again migrates nothing more.
    ok(["today"])
    assert user_version(db) == schema.LATEST_VERSION
    assert ledger(db) == all_migrations()


def test_read_only_command_migrates_too(schema_1_store: Path) -> None:
    result = ok(["today", "--json"])
    assert json.loads(result.stdout)["overdue"] == []
    assert user_version(schema_1_store) == schema.LATEST_VERSION
    assert ledger(schema_1_store) == all_migrations()


def test_failed_migration_leaves_the_store_as_it_was(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Schema 1 by its version and ledger, but with a followups table already
    # there: the second migration fails half-way and must roll back whole.
    by_hand(db_path, monkeypatch, schema_1=False)
    with raw(db_path) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name != 'v1_foundation'")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("DROP INDEX idx_followups_case")
    before = records(db_path)
    names = tables(db_path)

    result = run(["show", "K-0001"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"loket: {t('error.io')}\n"
    assert user_version(db_path) == 1
    assert ledger(db_path) == [("loketcli", "v1_foundation")]
    assert "idx_followups_case" not in indexes(db_path, "followups")
    assert tables(db_path) == names
    assert records(db_path) == before


@pytest.mark.parametrize("args", [
    ["show", "K-0001"],
    ["today"],
    ["followup", "add", "K-0001", "wat", "--due", "morgen"],
    ["close", "K-0001", "--result", "opgelost"],
])
def test_newer_schema_is_refused(db_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    by_hand(db_path, monkeypatch, schema_1=False)
    with raw(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = records(db_path)

    result = run(args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "loket: Deze opslag is gemaakt door een nieuwere versie van loket (schema 99, deze versie kent"
        f" tot en met {schema.LATEST_VERSION}). Werk loket bij.\n"
    )
    assert user_version(db_path) == 99
    assert records(db_path) == before
