"""Passphrase changes, KDF upgrades and the recovery key: rewrapping one key, never re-encrypting."""

from __future__ import annotations

import base64
import os
from datetime import datetime
from pathlib import Path

from loketcli.crypto import KEY_LEN, KdfParams
from loketcli.errors import BadInput, WrongPassphrase
from loketcli.services.vault import check_new_passphrase
from loketcli.storage import codec
from loketcli.storage.audit import AuditLog
from loketcli.storage.db import migrate_if_needed, open_store
from loketcli.storage.keyslots import PASSPHRASE_SLOT, load_slot, save_slot, unwrap_vault_key, wrap_vault_key

RECOVERY_SLOT = "recovery"


def new_recovery_key() -> str:
    """32 random bytes in base32, in groups of four: typed back from paper, so no 0/O or 1/l confusion."""
    raw = base64.b32encode(os.urandom(KEY_LEN)).decode("ascii").rstrip("=")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    if len(cleaned) != 52:
        raise WrongPassphrase("error.wrong_recovery_key")
    return "-".join(cleaned[i:i + 4] for i in range(0, len(cleaned), 4))


def add_recovery_slot(path: Path, vault_key: bytes, recovery_key: str, now: datetime,
                      kdf: KdfParams | None = None) -> None:
    store = open_store(path)
    try:
        slot = wrap_vault_key(vault_key, normalise_recovery_key(recovery_key), RECOVERY_SLOT,
                              kdf or KdfParams.fresh())
        with store.write() as conn:
            save_slot(conn, slot, codec.utc_text(now))
    finally:
        store.close()


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
            current = load_slot(conn, PASSPHRASE_SLOT).kdf
        migrate_if_needed(store)
        params = kdf or KdfParams.fresh(memory_kib=current.memory_kib, iterations=current.iterations,
                                        lanes=current.lanes)
        new_slot = wrap_vault_key(vault_key, new_passphrase, PASSPHRASE_SLOT, params)
        with store.write() as conn:
            save_slot(conn, new_slot, codec.utc_text(now))
            AuditLog(conn, vault_key).append("passwd", (), now, "recovery" if recovery_key else "")
    finally:
        store.close()
