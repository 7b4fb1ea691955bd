"""Passphrase changes, KDF upgrades, the recovery key and vault key rotation:
rewrapping keys, never re-encrypting records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from loketcli.crypto import KdfParams, aad, new_key, seal, unseal
from loketcli.crypto.passphrase import check_new_passphrase, new_recovery_key, normalise_recovery_key
from loketcli.errors import BadInput, TamperedData, WrongPassphrase
from loketcli.storage import codec
from loketcli.storage.audit import AuditLog
from loketcli.storage.db import migrate_if_needed, open_store
from loketcli.storage.keyslots import (
    PASSPHRASE_SLOT,
    RECOVERY_SLOT,
    load_slot,
    save_slot,
    unwrap_vault_key,
    wrap_vault_key,
)


def change_passphrase(path: Path, *, old_passphrase: str | None, recovery_key: str | None, new_passphrase: str,
                      now: datetime, kdf: KdfParams | None = None) -> None:
    """Rewrap the vault key under a new passphrase in one transaction: a crash
    leaves either the old keyslot or the new one, never neither. With a
    recovery key instead of the old passphrase, this is the reset for a
    forgotten passphrase."""
    check_new_passphrase(new_passphrase)
    store = open_store(path, migrate=False)
    try:
        with store.read() as conn:
            if recovery_key is not None:
                present = conn.execute("SELECT 1 FROM keyslots WHERE kind = ?", (RECOVERY_SLOT,)).fetchone()
                if present is None:
                    raise BadInput("error.no_recovery_slot")
                slot = load_slot(conn, RECOVERY_SLOT)
                try:
                    vault_key = unwrap_vault_key(slot, normalise_recovery_key(recovery_key))
                except WrongPassphrase:
                    raise WrongPassphrase("error.wrong_recovery_key") from None
            else:
                slot = load_slot(conn, PASSPHRASE_SLOT)
                vault_key = unwrap_vault_key(slot, old_passphrase or "")
        migrate_if_needed(store, vault_key)
        if kdf is not None:
            params = kdf
        elif recovery_key is not None:
            # The passphrase slot was not opened: its parameters may have been
            # edited down (it no longer opens, which is why the worker resets).
            # The reset never copies them; the new slot gets today's default.
            params = KdfParams.fresh()
        else:
            # Just proven by unwrapping with them: keep the same cost.
            params = KdfParams.fresh(memory_kib=slot.kdf.memory_kib, iterations=slot.kdf.iterations,
                                     lanes=slot.kdf.lanes)
        new_slot = wrap_vault_key(vault_key, new_passphrase, PASSPHRASE_SLOT, params)
        from loketcli.storage.state import StateKeys, check_meta

        state_keys = StateKeys.from_vault_key(vault_key)
        store.authenticate(state_keys)
        with store.write() as conn:
            check_meta(conn, state_keys)
            save_slot(conn, new_slot, codec.utc_text(now))
            AuditLog(conn, vault_key).append("passwd", (), now, "recovery" if recovery_key else "")
    finally:
        store.close()


def rotate_vault_key(path: Path, passphrase: str, now: datetime,
                     progress: Callable[[int, int], None] | None = None) -> str | None:
    """Replace the vault key, for when it may have leaked (a session file and
    its token, a memory dump): every case key is rewrapped, the audit chain
    and the state MACs are made anew under the new key's subkeys, and the
    passphrase slot wraps the new key; all in one transaction. Records are
    not re-encrypted (their case keys stay). The old recovery key would open
    only the old vault key, so a store that had one gets a new one, returned
    here to be shown once."""
    from loketcli.storage.search_index import SearchIndex, has_index
    from loketcli.storage.state import StateKeys, case_ok, meta_ok, refresh_all
    from loketcli.storage.vault import case_key_wrapping_key, index_keys

    store = open_store(path, migrate=False)
    try:
        with store.read() as conn:
            slot = load_slot(conn, PASSPHRASE_SLOT)
            had_recovery = conn.execute("SELECT 1 FROM keyslots WHERE kind = ?", (RECOVERY_SLOT,)).fetchone()
        old_key = unwrap_vault_key(slot, passphrase)
        migrate_if_needed(store, old_key)
        old_state = StateKeys.from_vault_key(old_key)
        # Re-MACing a tampered store under a fresh key would launder the
        # tampering: everything must check out under the old key first.
        with store.read() as conn:
            case_ids = [int(r[0]) for r in conn.execute("SELECT id FROM cases ORDER BY id")]
            # `progress` hears (steps done, steps): each case checked, then each case key rewrapped.
            steps = 2 * len(case_ids)

            def checked(done: int, case_id: int) -> bool:
                if progress:
                    progress(done, steps)
                return case_ok(conn, old_state, case_id)

            if not AuditLog(conn, old_key).verify().ok or not meta_ok(conn, old_state) or not all(
                    checked(done, case_id) for done, case_id in enumerate(case_ids, start=1)):
                raise TamperedData("error.rotate_refused")
        new_vault_key = new_key()
        params = KdfParams.fresh(memory_kib=slot.kdf.memory_kib, iterations=slot.kdf.iterations,
                                 lanes=slot.kdf.lanes)
        slots = [wrap_vault_key(new_vault_key, passphrase, PASSPHRASE_SLOT, params)]
        recovery_key = None
        if had_recovery:
            recovery_key = new_recovery_key()
            slots.append(wrap_vault_key(new_vault_key, normalise_recovery_key(recovery_key), RECOVERY_SLOT,
                                        KdfParams.fresh(memory_kib=params.memory_kib,
                                                        iterations=params.iterations, lanes=params.lanes)))
        old_wrapping, new_wrapping = case_key_wrapping_key(old_key), case_key_wrapping_key(new_vault_key)
        new_state = StateKeys.from_vault_key(new_vault_key)
        with store.write(guarded=False) as conn:
            rows = conn.execute("SELECT id, case_key FROM cases ORDER BY id").fetchall()
            for done, (case_id, wrapped) in enumerate(rows, start=len(case_ids) + 1):
                if progress:
                    progress(done, steps)
                where = aad("cases", case_id, "case_key")
                try:
                    case_key = unseal(old_wrapping, wrapped, where)
                except TamperedData:
                    raise TamperedData("error.tampered_record", table="cases", id=case_id) from None
                conn.execute("UPDATE cases SET case_key = ? WHERE id = ?",
                             (seal(new_wrapping, case_key, where), case_id))
            stamp = codec.utc_text(now)
            for new_slot in slots:
                save_slot(conn, new_slot, stamp)
            # What else is sealed under the vault key's subkeys goes along.
            from loketcli.storage.register import rotate_token
            from loketcli.storage.transfer import TransferRepository

            TransferRepository(conn, old_key).hand_over_to(new_vault_key)
            rotate_token(conn, old_key, new_vault_key)
            from loketcli.storage.register_team import rotate_team

            rotate_team(conn, old_key, new_vault_key)
            audit = AuditLog(conn, new_vault_key)
            audit.rekey(old_key)
            audit.append("passwd", (), now, "rotate-key")
            refresh_all(conn, new_state)
            # The tokens and the sealing key both change with the vault key:
            # the index is made anew under the new one, in the same write.
            if has_index(conn):
                SearchIndex(conn, index_keys(new_vault_key)).rebuild()
        return recovery_key
    finally:
        store.close()
