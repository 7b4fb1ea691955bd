"""What lies on disk: no personal data in the clear, and any tampering is refused.

Tampering is done behind loket's back with the stdlib sqlite3 module, then
`loket show` must exit non-zero with one line on stderr and print nothing of
the case.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from loket_testkit import UNLOCKED, error_line, execute, flip_byte, init_store, intake, invoke, rows, snapshot

from loketcli.i18n import t
from loketcli.storage.db import APPLICATION_ID
from loketcli.storage.schema import LATEST_VERSION

# Distinctive synthetic values: none of these can occur by chance in ciphertext.
CASE_ONE = {
    "--name": "Zeldzaamnaam Testpersoon",
    "--question": "Kwispelstaartvraag over de huurtoeslag",
    "--phone": "+31 6 2876 5432",
    "--email": "zeldzaam.adres@example.org",
    "--bsn": "111 222 333",
    "--language": "Zweedsfries-testtaal",
}
CASE_TWO = {
    "--name": "Ander Qwertyuiop Testpersoon",
    "--question": "Vraag over Plofkipregeling",
    "--phone": "020-5556667",
    "--email": "qwertyuiop@example.org",
    "--bsn": "123456782",
    "--language": "Papiamentuvariant",
}
SECRETS = [
    "Zeldzaamnaam", "Kwispelstaartvraag", "28765432", "zeldzaam.adres", "111222333", "Zweedsfries",
    "Qwertyuiop", "Plofkipregeling", "5556667", "qwertyuiop@", "123456782", "Papiamentuvariant",
]
NAMES = ["Zeldzaamnaam", "Qwertyuiop"]


def _flags(values: dict[str, str]) -> list[str]:
    flags = ["--channel", "balie", "--agency", "uwv", "--minutes", "10", "--consent"]
    for option, value in values.items():
        flags += [option, value]
    return flags


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    assert intake(*_flags(CASE_ONE)) == "K-0001"
    assert intake(*_flags(CASE_TWO)) == "K-0002"
    return db_path


def _assert_no_secrets(files: dict[str, bytes]) -> None:
    # Positive control: the keyslot's clear KDF description is found, so the
    # scan really reads the stored pages.
    assert any(b'"algorithm":"argon2id"' in content for content in files.values())
    for name, content in files.items():
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert secret.encode(encoding) not in content, (name, secret, encoding)


def _assert_refused(key: str, case: str = "1", **params: object) -> None:
    result = invoke(["show", case], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == error_line(key, **params)
    assert result.stderr.count("\n") == 1
    for name in NAMES:
        assert name not in result.stderr


# -- nothing personal in the clear ----------------------------------------------------------


def test_sanity_the_values_were_stored(store: Path) -> None:
    result = invoke(["show", "1", "--bsn"], env=UNLOCKED)
    for value in ("Zeldzaamnaam Testpersoon", "Kwispelstaartvraag", "06 28765432", "zeldzaam.adres@example.org",
                  "111222333", "Zweedsfries-testtaal"):
        assert value in result.stdout


def test_no_personal_data_in_the_closed_store(store: Path) -> None:
    files = snapshot(store.parent)
    assert "loket.db" in files
    _assert_no_secrets(files)


@pytest.fixture
def held_open(db_path: Path) -> Iterator[Path]:
    """A foreign reader keeps the store open, so the -wal and -shm files stay
    on disk, unchecked-pointed, while the intakes write."""
    init_store()
    reader = sqlite3.connect(db_path)
    reader.execute("SELECT count(*) FROM cases").fetchall()
    try:
        assert intake(*_flags(CASE_ONE)) == "K-0001"
        assert intake(*_flags(CASE_TWO)) == "K-0002"
        yield db_path
    finally:
        reader.close()


def test_no_personal_data_in_db_wal_and_shm(held_open: Path) -> None:
    wal = held_open.with_name("loket.db-wal")
    shm = held_open.with_name("loket.db-shm")
    files = {p.name: p.read_bytes() for p in (held_open, wal, shm)}
    assert len(files["loket.db-wal"]) > 0, "the WAL should hold the intakes' pages"
    _assert_no_secrets(files)


def test_store_files_are_private(held_open: Path) -> None:
    for path in (held_open, held_open.with_name("loket.db-wal"), held_open.with_name("loket.db-shm")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(held_open.parent.stat().st_mode) == 0o700


def test_store_file_is_created_with_mode_0600(db_path: Path) -> None:
    init_store()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


# -- one flipped byte in any ciphertext --------------------------------------------------

# Offsets: the version byte, inside the nonce, inside the ciphertext, the last tag byte.
OFFSETS = [0, 5, 20, -1]


@pytest.mark.parametrize("offset", OFFSETS)
@pytest.mark.parametrize("column", ["payload", "case_key"])
def test_flipped_byte_in_a_case_is_detected(store: Path, column: str, offset: int) -> None:
    flip_byte(store, "cases", column, 1, offset)
    _assert_refused("error.tampered_record", table="cases", id=1)
    # The other case is untouched and still opens.
    assert invoke(["show", "2"], env=UNLOCKED).exit_code == 0


@pytest.mark.parametrize("offset", OFFSETS)
def test_flipped_byte_in_an_event_is_detected(store: Path, offset: int) -> None:
    flip_byte(store, "events", "payload", 1, offset)
    _assert_refused("error.tampered_record", table="events", id=1)


@pytest.mark.parametrize("offset", [0, 7, -1])
@pytest.mark.parametrize("column", ["wrapped", "salt", "checksum"])
def test_flipped_byte_in_the_keyslot_is_damage_not_a_wrong_passphrase(store: Path, column: str, offset: int) -> None:
    flip_byte(store, "keyslots", column, 1, offset)
    _assert_refused("error.corrupt_keyslot")


@pytest.mark.parametrize(
    "kdf",
    [
        '{"algorithm":"argon2id","iterations":2,"lanes":1,"memory_kib":64}',
        '{"algorithm":"scrypt","iterations":1,"lanes":1,"memory_kib":64}',
        "niet eens json",
    ],
    ids=["cost", "algorithm", "garbage"],
)
def test_edited_kdf_parameters_are_damage(store: Path, kdf: str) -> None:
    execute(store, "UPDATE keyslots SET kdf = ?", params=(kdf,))
    _assert_refused("error.corrupt_keyslot")


def test_missing_keyslot_is_damage(store: Path) -> None:
    execute(store, "DELETE FROM keyslots")
    _assert_refused("error.corrupt_keyslot")


def test_list_also_refuses_a_damaged_case(store: Path) -> None:
    flip_byte(store, "cases", "payload", 2, 20)
    result = invoke(["list", "--names"], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == error_line("error.tampered_record", table="cases", id=2)


# -- rows moved around -------------------------------------------------------------------


def _swap(db: Path, table: str, columns: list[str], first: int, second: int) -> None:
    conn = sqlite3.connect(db)
    try:
        names = ", ".join(columns)
        row_a = conn.execute(f"SELECT {names} FROM {table} WHERE id = ?", (first,)).fetchone()
        row_b = conn.execute(f"SELECT {names} FROM {table} WHERE id = ?", (second,)).fetchone()
        assignments = ", ".join(f"{c} = ?" for c in columns)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*row_b, first))
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*row_a, second))
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("columns", [["payload"], ["case_key"], ["case_key", "payload"]])
def test_swapped_case_ciphertexts_are_detected(store: Path, columns: list[str]) -> None:
    _swap(store, "cases", columns, 1, 2)
    _assert_refused("error.tampered_record", case="1", table="cases", id=1)
    _assert_refused("error.tampered_record", case="2", table="cases", id=2)


def test_swapped_event_payloads_are_detected(store: Path) -> None:
    assert rows(store, "SELECT id, case_id FROM events ORDER BY id") == [(1, 1), (2, 2)]
    _swap(store, "events", ["payload"], 1, 2)
    _assert_refused("error.tampered_record", case="1", table="events", id=1)
    _assert_refused("error.tampered_record", case="2", table="events", id=2)


def test_event_moved_to_another_case_is_detected(store: Path) -> None:
    execute(store, "UPDATE events SET case_id = 2 WHERE id = 1")
    _assert_refused("error.tampered_record", case="2", table="events", id=1)


@pytest.mark.parametrize(
    ("column", "value"),
    [("kind", "gesloten"), ("kind", "iets-anders"), ("at", "2026-01-01T00:00:00Z")],
    ids=["kind-known", "kind-unknown", "at"],
)
def test_edited_clear_event_columns_are_detected(store: Path, column: str, value: str) -> None:
    execute(store, f"UPDATE events SET {column} = ? WHERE id = 1", params=(value,))
    _assert_refused("error.tampered_record", table="events", id=1)


def test_event_timestamp_moved_by_one_second_is_detected(store: Path) -> None:
    ((at,),) = rows(store, "SELECT at FROM events WHERE id = 1")
    assert isinstance(at, str) and at.endswith("Z")
    seconds = int(at[-3:-1])
    execute(store, "UPDATE events SET at = ? WHERE id = 1", params=(f"{at[:-3]}{(seconds + 1) % 60:02d}Z",))
    _assert_refused("error.tampered_record", table="events", id=1)


@pytest.mark.parametrize(
    ("column", "value"),
    [("status", "gesloten"), ("opened_at", "2020-01-01T00:00:00Z")],
)
def test_edited_clear_case_columns_are_detected(store: Path, column: str, value: str) -> None:
    # Events bind their clear columns so a hand edit cannot silently change
    # their meaning; a case's status and dates are shown and filtered on just
    # the same, so they deserve the same protection.
    execute(store, f"UPDATE cases SET {column} = ? WHERE id = 1", params=(value,))
    _assert_refused("error.tampered_record", table="cases", id=1)


# -- files that are not (this version's) stores ------------------------------------------


def test_newer_schema_is_refused_and_left_alone(store: Path) -> None:
    execute(store, f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = snapshot(store.parent)
    _assert_refused("error.newer_schema", found=LATEST_VERSION + 1, supported=LATEST_VERSION)
    assert snapshot(store.parent) == before


@pytest.mark.parametrize(
    "content",
    [b"Dit is geen database.\n" * 200, b"SQLite format 3\x00" + b"\xab" * 4080, b""],
    ids=["text", "sqlite-header-then-garbage", "empty"],
)
def test_garbage_file_is_a_corrupt_store(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    _assert_refused("error.corrupt_store")
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["loket.db"]


def test_other_sqlite_file_is_not_a_store(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    execute(db_path, "CREATE TABLE boodschappen (wat TEXT)")
    before = db_path.read_bytes()
    _assert_refused("error.not_a_store")
    assert db_path.read_bytes() == before


def test_store_with_a_wrong_application_id_is_not_a_store(store: Path) -> None:
    execute(store, f"PRAGMA application_id = {APPLICATION_ID + 1}")
    _assert_refused("error.not_a_store")


def test_directory_at_the_store_path(db_path: Path) -> None:
    # --db (and LOKET_DB) refuse a directory while parsing: a usage error, exit 2.
    db_path.mkdir(parents=True)
    result = invoke(["show", "1"], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "loket: " + t("error.bad_parameter", param="--db") + " " + t(
        "error.usage_hint", command="loket show"
    ) + "\n"
    assert list(db_path.iterdir()) == []
