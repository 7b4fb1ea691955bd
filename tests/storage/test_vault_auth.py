"""Issue 12, the vault's own doors: KDF cost floor and cap, subkeys, authenticated
state (clear columns, deleted rows, rows copied back, meta), vault key rotation
and what `verify` checks. Each attack is done behind loket's back with sqlite3;
all data is synthetic."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import (
    PASSPHRASE,
    TEST_KDF_ARGS,
    UNLOCKED,
    error_line,
    execute,
    init_store,
    intake,
    invoke,
    opened_vault,
    rows,
)

from loketcli.crypto import PURPOSE_CASE_KEYS, KdfParams, aad, derive_subkey, unseal
from loketcli.errors import TamperedData
from loketcli.i18n import t

NAME = "Zeldzaamnaam Testpersoon"
INTAKE = ["--name", NAME, "--question", "Vraag over de huurtoeslag", "--channel", "balie", "--agency", "uwv",
          "--minutes", "10", "--consent"]


def ok(args: list[str], env: dict[str, str | None] | None = None) -> str:
    result = invoke(args, env={**UNLOCKED, **(env or {})})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def refused(args: list[str], key: str, code: int = 1, **params: object) -> None:
    result = invoke(args, env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", error_line(key, **params))
    assert NAME not in result.stderr


def vault_key(db: Path) -> bytes:

    with opened_vault(db, PASSPHRASE) as vault:
        return vault.vault_key


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    assert intake(*INTAKE) == "K-0001"
    assert intake(*INTAKE) == "K-0002"
    ok(["note", "K-0001", "eerste notitie"])
    ok(["followup", "add", "K-0001", "terugbellen", "--due", "morgen"])
    return db_path


def verify_fails(key: str, lines: list[str], **params: object) -> None:
    result = invoke(["verify"], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stderr == "".join(f"{line}\n" for line in lines) + error_line(key, **params)


# -- 1. KDF floor and cap ------------------------------------------------------------------------


def _set_kdf(db: Path, memory_kib: int, iterations: int, lanes: int = 1) -> None:
    """Edit the passphrase slot's cost and redo its (unkeyed) checksum, as an attacker can."""
    import hashlib

    kdf = json.dumps({"algorithm": "argon2id", "iterations": iterations, "lanes": lanes, "memory_kib": memory_kib},
                     sort_keys=True, separators=(",", ":"))
    ((salt, wrapped),) = rows(db, "SELECT salt, wrapped FROM keyslots WHERE kind = 'passphrase'")
    checksum = hashlib.sha256(b"passphrase\x00" + kdf.encode() + b"\x00" + salt + b"\x00" + wrapped).digest()
    execute(db, "UPDATE keyslots SET kdf = ?, checksum = ? WHERE kind = 'passphrase'", params=(kdf, checksum))


@pytest.fixture
def no_derivation(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts Argon2id derivations: refusals must come before any."""
    import cryptography.hazmat.primitives.kdf.argon2 as argon2

    calls: list[int] = []
    real = argon2.Argon2id.derive

    def counting(self: Any, secret: bytes) -> bytes:
        calls.append(1)
        return real(self, secret)

    monkeypatch.setattr(argon2.Argon2id, "derive", counting)
    return calls


@pytest.mark.parametrize(("memory_kib", "iterations", "lanes"), [
    (8, 1, 1),                  # the downgrade
    (19455, 2, 1),              # one KiB under OWASP's floor
    (47103, 1, 1),              # under the one-pass equivalent
    (4 * 1024 * 1024 + 1, 3, 4),  # over the memory cap: minutes and gigabytes per unlock
    (65536, 65, 4),             # over the pass cap
    (65536, 3, 65),             # over the lane cap
])
def test_kdf_out_of_bounds_is_refused_on_load_before_deriving(
        store: Path, monkeypatch: pytest.MonkeyPatch, no_derivation: list[int],
        memory_kib: int, iterations: int, lanes: int) -> None:
    monkeypatch.delenv("LOKET_TEST_INSECURE_KDF")
    _set_kdf(store, memory_kib, iterations, lanes)
    refused(["show", "K-0001"], "error.kdf_out_of_range")
    assert no_derivation == []


def test_the_test_switch_lowers_the_floor_only_while_set(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite's stores (64 KiB, 1 pass) open with the switch ...
    ok(["show", "K-0001"])
    # ... and are refused without it: a real worker's environment never has it.
    monkeypatch.delenv("LOKET_TEST_INSECURE_KDF")
    refused(["show", "K-0001"], "error.kdf_out_of_range")
    monkeypatch.setenv("LOKET_TEST_INSECURE_KDF", "yes")  # only "1" counts
    refused(["show", "K-0001"], "error.kdf_out_of_range")


def test_the_floor_and_cap_on_derive(monkeypatch: pytest.MonkeyPatch, no_derivation: list[int]) -> None:
    from loketcli.crypto import derive_key, kdf_params_allowed

    monkeypatch.delenv("LOKET_TEST_INSECURE_KDF")
    salt = bytes(16)
    for memory_kib, iterations in ((19456, 2), (47104, 1), (12288, 3), (9216, 4), (7168, 5)):
        assert kdf_params_allowed(KdfParams(salt=salt, memory_kib=memory_kib, iterations=iterations, lanes=1))
        weaker = KdfParams(salt=salt, memory_kib=memory_kib - 1, iterations=iterations, lanes=1)
        assert not kdf_params_allowed(weaker)
        with pytest.raises(TamperedData) as caught:
            derive_key(PASSPHRASE, weaker)
        assert caught.value.key == "error.kdf_out_of_range"
    assert not kdf_params_allowed(KdfParams(salt=salt, memory_kib=65536, iterations=3, lanes=4, algorithm="x"))
    assert not kdf_params_allowed(KdfParams(salt=bytes(8), memory_kib=65536, iterations=3, lanes=4))
    assert kdf_params_allowed(KdfParams.fresh())
    assert no_derivation == []


def test_init_and_passwd_refuse_a_weak_cost_without_the_switch(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOKET_TEST_INSECURE_KDF")
    result = invoke(["init", *TEST_KDF_ARGS], env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line("error.kdf_too_weak"))
    assert not db_path.exists()
    ok(["init", "--kdf-memory-kib", "19456", "--kdf-iterations", "2", "--no-recovery-key"])
    weak = invoke(["passwd", "--kdf-memory-kib", "1024", "--kdf-iterations", "1"],
                  env={**UNLOCKED, "LOKET_NEW_PASSPHRASE": "een ander wachtwoord"})
    assert (weak.exit_code, weak.stderr) == (2, error_line("error.kdf_too_weak"))
    ok(["list"])  # the passphrase is unchanged


def test_recovery_reset_gives_fresh_default_cost(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reset never copies the cost of the passphrase slot it could not open."""
    key = ok(["init", *TEST_KDF_ARGS]).strip()
    _set_kdf(db_path, 16, 1)  # edited down: the passphrase no longer opens, so the worker resets
    result = invoke(["passwd", "--recovery"], env={"LOKET_RECOVERY_KEY": key,
                                                   "LOKET_NEW_PASSPHRASE": "een nieuw wachtwoord"})
    assert result.exit_code == 0, result.stderr
    ((kdf,),) = rows(db_path, "SELECT kdf FROM keyslots WHERE kind = 'passphrase'")
    assert json.loads(kdf) == {"algorithm": "argon2id", "iterations": 3, "lanes": 4, "memory_kib": 65536}


def test_the_switch_warns_at_a_terminal_only(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import loketcli.cli.app as app_module

    init_store()
    plain = invoke(["list"], env=UNLOCKED).stderr
    assert "LOKET_TEST_INSECURE_KDF" not in plain
    monkeypatch.setattr(app_module, "_stdin_is_terminal", lambda: True)
    result = invoke(["list"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (0, f"loket: {t('warning.insecure_test_kdf')}\n" + plain)
    monkeypatch.delenv("LOKET_TEST_INSECURE_KDF")
    assert invoke(["--help"]).stderr == ""


# -- 2. subkeys ------------------------------------------------------------------------------


def test_case_keys_are_wrapped_under_their_own_subkey(store: Path) -> None:
    key = vault_key(store)
    ((wrapped,),) = rows(store, "SELECT case_key FROM cases WHERE id = 1")
    where = aad("cases", 1, "case_key")
    unseal(derive_subkey(key, PURPOSE_CASE_KEYS), wrapped, where)
    with pytest.raises(TamperedData):
        unseal(key, wrapped, where)


# -- 3. authenticated state ------------------------------------------------------------------


@pytest.mark.parametrize(("table", "column", "value"), [
    ("followups", "due_date", "2027-01-01"),
    ("followups", "due_time", "09:00"),
    ("followups", "created_at", "2020-01-01T00:00:00Z"),
    ("followups", "done_at", "2026-03-02T09:00:00Z"),
    ("cases", "updated_at", "2020-01-01T00:00:00Z"),
    ("cases", "state_version", 99),
])
def test_edited_clear_columns_are_detected(store: Path, table: str, column: str, value: object) -> None:
    where = "case_id" if table != "cases" else "id"
    execute(store, f"UPDATE {table} SET {column} = ? WHERE {where} = 1", params=(value,))
    refused(["show", "K-0001"], "error.state_tampered", case="K-0001")
    verify_fails("error.state_tampered", [f"{t('verify.state_failure', case='K-0001')}"], case="K-0001")
    ok(["show", "K-0002"])  # the other case is untouched


@pytest.mark.parametrize("table", ["events", "followups"])
def test_a_deleted_row_is_detected(store: Path, table: str) -> None:
    execute(store, f"DELETE FROM {table} WHERE id = (SELECT max(id) FROM {table} WHERE case_id = 1)")
    refused(["show", "K-0001"], "error.state_tampered", case="K-0001")
    verify_fails("error.state_tampered", [f"{t('verify.state_failure', case='K-0001')}"], case="K-0001")


def test_an_older_row_copied_back_is_detected(store: Path) -> None:
    """The rollback of the issue: the payload from before an `edit` put back."""
    ((before,),) = rows(store, "SELECT payload FROM cases WHERE id = 1")
    ok(["edit", "K-0001", "--minutes", "30"])
    execute(store, "UPDATE cases SET payload = ? WHERE id = 1", params=(before,))
    refused(["show", "K-0001"], "error.state_tampered", case="K-0001")


def test_a_tampered_case_is_not_re_maced_by_the_next_write(store: Path) -> None:
    """`followup done` never reads the case whole: the check before the first
    change of each case in a write is what stops it MACing over the deletion."""
    execute(store, "DELETE FROM events WHERE case_id = 1 AND kind = 'notitie'")
    ((followup_id,),) = rows(store, "SELECT id FROM followups WHERE case_id = 1")
    refused(["followup", "done", f"#{followup_id}"], "error.state_tampered", case="K-0001")
    refused(["note", "K-0001", "nog een notitie"], "error.state_tampered", case="K-0001")
    refused(["show", "K-0001"], "error.state_tampered", case="K-0001")


def test_a_whole_case_deleted_is_detected(store: Path) -> None:
    for table, column in (("followups", "case_id"), ("events", "case_id"), ("cases", "id")):
        execute(store, f"DELETE FROM {table} WHERE {column} = 2")
    # Its search-index entries now name no case: reported too (issue 14).
    verify_fails("error.case_missing", [f"{t('verify.missing_case', case='K-0002')}",
                                        t("verify.index_failure", case="K-0002")], case="K-0002")


def test_an_erased_case_is_not_missing(store: Path) -> None:
    ok(["erase", "K-0002", "--yes"])
    ok(["verify"])


@pytest.mark.parametrize("sql", [
    "UPDATE meta SET value = '1d' WHERE key = 'setting.retention'",
    "DELETE FROM meta WHERE key = 'state.meta_mac'",
    "INSERT INTO erasures (case_id, erased_at) VALUES (2, '2026-01-01T00:00:00Z')",
    "UPDATE sqlite_sequence SET seq = 1 WHERE name = 'cases'",
])
def test_meta_and_the_erasure_ledger_are_authenticated(store: Path, sql: str) -> None:
    ok(["config", "set", "retention", "2y"])
    execute(store, sql)
    refused(["list"], "error.meta_tampered")
    refused(["config", "set", "retention", "3y"], "error.meta_tampered")
    verify_fails("error.meta_tampered", [])


def test_verify_checks_the_recovery_slot(store: Path) -> None:
    execute(store, "UPDATE keyslots SET checksum = zeroblob(32) WHERE kind = 'recovery'")
    verify_fails("error.keyslot_damaged", [f"{t('verify.keyslot_failure', slot='recovery')}"],
                 slot="recovery")


def test_verify_json_reports_every_check(store: Path) -> None:
    report = json.loads(ok(["verify", "--json"]))
    assert report == {"integrity": "ok", "checked": report["checked"], "failures": [], "keyslots": [],
                      "state": [], "missing": [], "erased_present": [], "meta_intact": True, "audit_intact": True,
                      "index": [], "index_intact": True, "ok": True}


def test_a_schema_rolled_back_to_redo_the_macs_is_refused(store: Path) -> None:
    """Dropping the state columns and the ledger entry, so that the migration
    would MAC what the attacker left: the case keys tell it was done before."""
    execute(store, "DELETE FROM followups WHERE case_id = 1")
    conn = sqlite3.connect(store)
    try:
        conn.execute("ALTER TABLE cases DROP COLUMN state_version")
        conn.execute("ALTER TABLE cases DROP COLUMN state_mac")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'v5_authenticated_state'")
        conn.execute("PRAGMA user_version = 3")
        conn.commit()
    finally:
        conn.close()
    refused(["show", "K-0001"], "error.schema_downgraded")


# -- 4. vault key rotation -------------------------------------------------------------------


@pytest.fixture
def with_recovery(db_path: Path) -> Iterator[tuple[Path, str]]:
    key = ok(["init", *TEST_KDF_ARGS]).strip()
    assert intake(*INTAKE) == "K-0001"
    ok(["followup", "add", "K-0001", "terugbellen", "--due", "morgen"])
    yield db_path, key


def test_rotate_key_replaces_the_vault_key(with_recovery: tuple[Path, str]) -> None:
    db, old_recovery = with_recovery
    before = ok(["show", "K-0001", "--json"])
    old_key = vault_key(db)
    ok(["unlock"])
    assert db.with_name(db.name + ".session").exists()
    result = invoke(["passwd", "--rotate-key"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    new_recovery = result.stdout.strip()
    assert result.stderr == "".join(
        f"{t(k)}\n" for k in ("passwd.rotated", "passwd.rotated_recovery", "init.recovery_warning"))
    assert new_recovery != old_recovery and len(new_recovery) == len(old_recovery)
    assert not db.with_name(db.name + ".session").exists()
    new_key = vault_key(db)
    assert new_key != old_key
    ((wrapped,),) = rows(db, "SELECT case_key FROM cases WHERE id = 1")
    unseal(derive_subkey(new_key, PURPOSE_CASE_KEYS), wrapped, aad("cases", 1, "case_key"))
    with pytest.raises(TamperedData):
        unseal(derive_subkey(old_key, PURPOSE_CASE_KEYS), wrapped, aad("cases", 1, "case_key"))
    # Same records, same passphrase; everything verifies under the new key.
    after = json.loads(ok(["show", "K-0001", "--json"]))
    assert after == json.loads(before)
    ok(["verify"])
    ok(["audit", "verify"])
    # The old recovery key opens nothing any more; the new one does.
    stale = invoke(["passwd", "--recovery"], env={"LOKET_RECOVERY_KEY": old_recovery,
                                                  "LOKET_NEW_PASSPHRASE": "een nieuw wachtwoord"})
    assert (stale.exit_code, stale.stderr) == (3, error_line("error.wrong_recovery_key"))


def test_rotate_key_refuses_a_tampered_store(with_recovery: tuple[Path, str]) -> None:
    db, _ = with_recovery
    execute(db, "DELETE FROM followups")
    snapshot = rows(db, "SELECT * FROM keyslots") + rows(db, "SELECT id, case_key FROM cases")
    refused(["passwd", "--rotate-key"], "error.rotate_refused")
    assert rows(db, "SELECT * FROM keyslots") + rows(db, "SELECT id, case_key FROM cases") == snapshot


def test_rotate_key_with_a_wrong_passphrase_changes_nothing(with_recovery: tuple[Path, str]) -> None:
    db, _ = with_recovery
    snapshot = rows(db, "SELECT * FROM keyslots")
    result = invoke(["passwd", "--rotate-key"], env={"LOKET_PASSPHRASE": "niet het wachtwoord"})
    assert (result.exit_code, result.stderr) == (3, error_line("error.wrong_passphrase"))
    assert rows(db, "SELECT * FROM keyslots") == snapshot
