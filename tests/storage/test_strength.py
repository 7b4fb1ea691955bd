"""Issue 23, test strength: the gaps mutation testing found, each closed by a
test that a surviving mutant fails (see docs/mutation-testing.md)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import UNLOCKED, error_line, execute, init_store, intake, invoke, rows

from loketcli.crypto.transfer import parse_identity
from loketcli.errors import BadInput
from loketcli.i18n import t


def outcome(args: list[str]) -> tuple[int, str, str]:
    result = invoke(args, env=UNLOCKED)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    assert intake("--name", "Alfa Beta", "--question", "Vraag een", "--channel", "balie") == "K-0001"
    assert intake("--name", "Gamma Delta", "--question", "Vraag twee", "--channel", "balie") == "K-0002"
    return db_path


# -- keyslots ---------------------------------------------------------------------------------------


def _set_kdf(db: Path, **fields: Any) -> None:
    """Edit the passphrase slot's KDF JSON and redo its (unkeyed) checksum, as an attacker can."""
    ((kdf, salt, wrapped),) = rows(db, "SELECT kdf, salt, wrapped FROM keyslots WHERE kind = 'passphrase'")
    text = json.dumps({**json.loads(kdf), **fields}, sort_keys=True, separators=(",", ":"))
    checksum = hashlib.sha256(b"passphrase\x00" + text.encode() + b"\x00" + salt + b"\x00" + wrapped).digest()
    execute(db, "UPDATE keyslots SET kdf = ?, checksum = ? WHERE kind = 'passphrase'",
            params=(text, checksum))


def test_the_iteration_cap_itself_is_accepted(store: Path) -> None:
    # The wrapped key was made with other parameters, so it no longer unwraps:
    # what matters is that the cost passed the bounds and a derivation ran.
    _set_kdf(store, iterations=64)
    assert outcome(["show", "K-0001"]) == (3, "", error_line("error.wrong_passphrase"))
    _set_kdf(store, iterations=65)
    assert outcome(["show", "K-0001"]) == (1, "", error_line("error.kdf_out_of_range"))


@pytest.mark.parametrize(("memory_kib", "lanes", "code", "key"), [
    (31, 4, 1, "error.kdf_out_of_range"),   # under 8 x lanes: Argon2 itself would refuse it
    (32, 4, 3, "error.wrong_passphrase"),   # exactly 8 x lanes: within bounds
])
def test_memory_below_eight_per_lane_is_out_of_range(store: Path, memory_kib: int, lanes: int, code: int,
                                                    key: str) -> None:
    _set_kdf(store, memory_kib=memory_kib, lanes=lanes, iterations=1)
    assert outcome(["show", "K-0001"]) == (code, "", error_line(key))


def test_another_algorithm_with_a_recomputed_checksum_is_refused(store: Path) -> None:
    _set_kdf(store, algorithm="argon2i")
    assert outcome(["show", "K-0001"]) == (1, "", error_line("error.kdf_out_of_range"))


# -- identities --------------------------------------------------------------------------------------


def test_an_identity_in_capitals_is_the_same_and_mixed_case_is_refused(store: Path) -> None:
    code, identity, _ = outcome(["identity"])
    assert code == 0
    text = identity.strip()
    assert parse_identity(text.upper()) == parse_identity(text)
    mixed = text[:10] + text[10:].upper()
    assert mixed not in (text, text.upper())
    with pytest.raises(BadInput):
        parse_identity(mixed)


# -- the audit listing -------------------------------------------------------------------------------


@pytest.mark.parametrize(("column", "value"), [("at", "gisteren"), ("at", "2026-03-02T09:15:00"),
                                               ("case_ids", "1,x"), ("case_ids", "s:bm9n")])
def test_an_unreadable_audit_entry_is_named(store: Path, column: str, value: str) -> None:
    execute(store, f"UPDATE audit SET {column} = ? WHERE id = 2", params=(value,))
    assert outcome(["audit"]) == (1, "", error_line("error.tampered_record", table="audit", id=2))


# -- verify and the search index -----------------------------------------------------------------------


def test_verify_names_the_case_whose_index_row_alone_is_stale(store: Path) -> None:
    (old,) = rows(store, "SELECT payload FROM search_cases WHERE case_id = 2")[0]
    assert outcome(["edit", "K-0002", "--name", "Epsilon Zeta Eta Theta"])[0] == 0
    execute(store, "UPDATE search_cases SET payload = ? WHERE case_id = 2", params=(old,))
    assert outcome(["verify"]) == (1, "", t("verify.index_failure", case="K-0002") + "\n"
                                   + error_line("error.index_mismatch"))


@pytest.mark.parametrize("sql", [
    "INSERT INTO search_buckets VALUES (2000, 0, x'00')",   # a row beyond the buckets
    "INSERT INTO search_buckets VALUES (0, 3, x'00')",      # a stray shard
    "DELETE FROM search_buckets",                           # every row gone
    "DELETE FROM search_buckets WHERE bucket < 512",        # half of them
])
def test_structural_index_damage_is_reported_as_the_index(store: Path, sql: str) -> None:
    execute(store, sql)
    assert outcome(["verify"]) == (1, "", t("verify.index_damaged") + "\n" + error_line("error.index_mismatch"))


# -- reading a named file ------------------------------------------------------------------------------


def test_read_regular_file_reads_to_one_past_its_bound(tmp_path: Path) -> None:
    import os

    from loketcli.domain.regular_file import NotRegularFile, read_regular_file

    data = bytes(range(256)) * 600  # 153,600 bytes: more than one read of 64 KiB
    path = tmp_path / "f"
    path.write_bytes(data)
    assert read_regular_file(path, len(data)) == data
    assert read_regular_file(path, len(data) + 10) == data
    assert read_regular_file(path, 100_000) == data[:100_001]
    assert read_regular_file(path, 0) == data[:1]
    (tmp_path / "empty").write_bytes(b"")
    assert read_regular_file(tmp_path / "empty", 10) == b""
    (tmp_path / "sub").mkdir()
    # (Windows refuses to open a directory at all.)
    with pytest.raises(NotRegularFile if os.name == "posix" else OSError, match="sub" if os.name == "posix" else ""):
        read_regular_file(tmp_path / "sub", 10)
    with pytest.raises(NotRegularFile):
        read_regular_file(Path(os.devnull), 10)
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "missing", 10)
    # Nothing stays open: the descriptor is closed on every path.
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    for _ in range(5):
        with pytest.raises(OSError):
            read_regular_file(tmp_path / "sub", 10)
        read_regular_file(path, 10)
    assert (len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0) == before
