"""A store written by the version that introduced the sharded search index
(schema 9, `_v9_search_shards`), committed as tests/fixtures/store_v9.db by
scripts/make_fixture_store_v9.py. Every later version must open it, verify
it (the index included: `verify` recomputes every index row from the cases
and compares), and find its visitors through the index bytes it holds.
Never regenerate the file; add a new fixture for a new format instead."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from loket_testkit import FIXTURES, copy_fixture_store, invoke

from loketcli.i18n import t
from loketcli.storage.schema import LATEST_VERSION

FIXTURE = FIXTURES / "store_v9.db"
PASSPHRASE = "fixtuur wachtwoord 9"
ENV = {"LOKET_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def fixture_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_fixture_store(9, db_path, monkeypatch)
    return db_path


def test_it_holds_the_index_as_written(fixture_store: Path) -> None:
    conn = sqlite3.connect(fixture_store)
    try:
        assert conn.execute("SELECT count(*), min(shard), max(shard) FROM search_buckets").fetchone() == (1024, 0, 0)
        assert [r[0] for r in conn.execute("SELECT case_id FROM search_cases ORDER BY case_id")] == [1, 2, 4]
    finally:
        conn.close()


def test_it_verifies_with_its_index(fixture_store: Path) -> None:
    checked = invoke(["verify"], env=ENV)
    assert checked.exit_code == 0, checked.stderr
    conn = sqlite3.connect(fixture_store)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    finally:
        conn.close()


@pytest.mark.parametrize(("term", "hits"), [
    ("1234 56 782", [("K-0004", ["bsn"]), ("K-0001", ["bsn"])]),
    ("vierde.fixtuur@example.ORG", [("K-0004", ["e-mail"])]),
    ("+31 6 1111 2222", [("K-0001", ["telefoon"])]),
    ("fixtuur tweede", [("K-0002", ["naam"])]),
    ("Wit", [("K-0004", ["naam"])]),
])
def test_its_index_finds_its_visitors(fixture_store: Path, term: str, hits: list[tuple[str, list[str]]]) -> None:
    written = index_rows(FIXTURE)
    found = invoke(["find", term, "--json"], env=ENV)
    assert found.exit_code == 0, found.stderr
    assert found.stderr == t("find.indexed") + "\n"
    assert [(hit["id"], hit["matched"]) for hit in json.loads(found.stdout)] == hits
    # Found through the bytes this version wrote, not through an index a
    # later version rebuilt on opening it.
    assert index_rows(fixture_store) == written


def index_rows(path: Path) -> list[tuple[int, int, bytes]]:
    # The committed file is read as immutable, so no -wal or -shm appears
    # beside it; the copy as a store, with whatever its WAL holds.
    mode = "ro&immutable=1" if path == FIXTURE else "ro"
    conn = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True)
    try:
        return conn.execute("SELECT bucket, shard, payload FROM search_buckets ORDER BY bucket, shard").fetchall()
    finally:
        conn.close()


def test_an_intake_recognises_its_visitor(fixture_store: Path) -> None:
    result = invoke(["intake", "--name", "Iemand Anders", "--email", "VIERDE.fixtuur@example.org",
                     "--question", "Nieuwe vraag", "--channel", "balie"], env=ENV)
    assert (result.exit_code, result.stdout) == (0, "K-0005\n")
    assert t("intake.recognised", case="K-0004", status=t("status.open"), date="02-03-2026",
             fields="e-mail") in result.stderr
