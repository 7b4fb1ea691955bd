"""Issue 23: what the vault promises, held against a second attack review. Each
attack is done behind loket's back with sqlite3, on synthetic data only."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import UNLOCKED, error_line, init_store, intake, invoke

from loketcli.i18n import t

NAME = "Zeldzaamnaam Testpersoon"
INTAKE = ["--name", NAME, "--question", "Vraag over de huurtoeslag", "--channel", "balie", "--agency", "uwv",
          "--minutes", "10", "--consent", "--bsn", "123456782"]


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def execute(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def ok(args: list[str]) -> str:
    result = invoke(args, env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def refused(args: list[str], key: str, code: int = 1, **params: object) -> None:
    result = invoke(args, env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", error_line(key, **params))


def copy_of(db: Path, to: Path) -> Path:
    source, target = sqlite3.connect(db), sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return to


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    assert intake(*INTAKE) == "K-0001"
    assert intake(*INTAKE) == "K-0002"
    ok(["note", "K-0002", "een notitie"])
    ok(["followup", "add", "K-0002", "terugbellen", "--due", "morgen"])
    return db_path


# -- 4. an erased case stays erased ------------------------------------------------------------------


def test_an_erased_case_put_back_from_an_older_copy_is_refused_everywhere(store: Path, tmp_path: Path) -> None:
    old = copy_of(store, tmp_path / "old.db")
    ok(["erase", "K-0002", "--yes"])
    # Its rows and the index rows the erasure rewrote, from the older copy.
    execute(store, f"ATTACH '{old}' AS old",
            "INSERT INTO cases SELECT * FROM old.cases WHERE id = 2",
            "INSERT INTO events SELECT * FROM old.events WHERE case_id = 2",
            "INSERT INTO followups SELECT * FROM old.followups WHERE case_id = 2",
            "DELETE FROM search_buckets", "INSERT INTO search_buckets SELECT * FROM old.search_buckets",
            "INSERT INTO search_cases SELECT * FROM old.search_cases WHERE case_id = 2")
    for args in (["show", "K-0002"], ["list"], ["find", "123456782"], ["find", "huurtoeslag"], ["summary", "K-0002"],
                 ["note", "K-0002", "nog een"], ["followup", "list", "--all"]):
        refused(args, "error.case_erased_back", case="K-0002")
    result = invoke(["verify"], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stderr == (t("verify.erased_case", case="K-0002") + "\n"
                             + error_line("error.case_erased_back", case="K-0002"))
    # The other case is untouched, and erasing it again is the way out.
    assert NAME in ok(["show", "K-0001"])
    ok(["erase", "K-0002", "--yes"])
    ok(["verify"])
