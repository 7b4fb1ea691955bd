"""A store written by the version with the first search index (schema 8:
one row per bucket, every word of a name a key), committed as
tests/fixtures/store_v8.db by scripts/make_fixture_store_v8.py at commit
3ac012e. Every later version must migrate it to the sharded index at its
first unlock, verify it, and find its visitors the new way: "de" is no name
word any more, "(demo)" is found as `demo`. Never regenerate the file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from loket_testkit import FIXTURES, copy_fixture_store, invoke

from loketcli.i18n import t
from loketcli.storage.schema import LATEST_VERSION

FIXTURE = FIXTURES / "store_v8.db"
PASSPHRASE = "fixtuur wachtwoord 8"
ENV = {"LOKET_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def fixture_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_fixture_store(8, db_path, monkeypatch)
    return db_path


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_it_is_schema_8_with_the_first_index(fixture_store: Path) -> None:
    conn = sqlite3.connect(f"{FIXTURE.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 8
        assert conn.execute("SELECT count(*) FROM search_index").fetchone()[0] == 1024
    finally:
        conn.close()


def test_its_first_unlock_migrates_and_verifies(fixture_store: Path) -> None:
    checked = invoke(["verify"], env=ENV)
    assert checked.exit_code == 0, checked.stderr
    found = tables(fixture_store)
    assert "search_buckets" in found and "search_index" not in found
    conn = sqlite3.connect(fixture_store)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("SELECT count(*) FROM search_buckets").fetchone()[0] == 1024
        assert [r[0] for r in conn.execute("SELECT case_id FROM search_cases ORDER BY case_id")] == [1, 2, 4]
    finally:
        conn.close()


@pytest.mark.parametrize(("term", "hits", "how"), [
    ("123456782", [("K-0004", ["bsn"]), ("K-0001", ["bsn"])], "find.indexed"),
    ("vierde.fixtuur@example.org", [("K-0004", ["e-mail"])], "find.indexed"),
    ("demo", [("K-0004", ["naam"])], "find.indexed"),
    ("wit", [("K-0004", ["naam"])], "find.indexed"),
    ("fixtuur vierde-de wit (demo)", [("K-0004", ["naam"])], "find.indexed"),
    # No longer a name word: every case is searched, and its text matches.
    ("de", [("K-0004", ["e-mail", "naam", "vraag"]), ("K-0002", ["naam", "vraag"]),
            ("K-0001", ["professionallijn", "vraag"])], "find.scanned"),
])
def test_it_finds_its_visitors_after_the_migration(fixture_store: Path, term: str,
                                                   hits: list[tuple[str, list[str]]], how: str) -> None:
    found = invoke(["find", term, "--json"], env=ENV)
    assert found.exit_code == 0, found.stderr
    assert found.stderr == t(how) + "\n"
    assert [(hit["id"], hit["matched"]) for hit in json.loads(found.stdout)] == hits
