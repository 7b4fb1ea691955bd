"""Creating and opening the encrypted store."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loketcli.crypto import KdfParams, new_key
from loketcli.crypto.passphrase import check_new_passphrase
from loketcli.errors import CorruptStore, LoketError
from loketcli.storage import codec
from loketcli.storage.db import BeforeRebuild, Store, create_store, migrate_if_needed, open_store
from loketcli.storage.keyslots import (
    PASSPHRASE_SLOT,
    load_slot,
    save_slot,
    unwrap_vault_key,
    wrap_vault_key,
)
from loketcli.storage.vault import Vault

if TYPE_CHECKING:

    from loketcli.services.session import Session


def init_vault(path: Path, passphrase: str, now: datetime, kdf: KdfParams | None = None,
               recovery_key: str | None = None) -> None:
    """Create a store with a fresh vault key, and a recovery keyslot when a
    recovery key is given.

    The store is built whole under a temporary name beside the target and
    only then linked into place (link fails if the target exists, like
    O_EXCL): a crash or an error at any point leaves either no store or a
    complete one, never a file without its keyslot."""
    import secrets  # (and random with it) only when a store is made

    from loketcli.errors import StorageIOError, StoreExists

    check_new_passphrase(passphrase)
    if path.exists():
        raise StoreExists()
    params = kdf or KdfParams.fresh()
    vault_key = new_key()
    building = path.with_name(f".{path.name}.{secrets.token_hex(6)}.init")
    try:
        store = create_store(building, vault_key)
        try:
            _fill_new_store(store, vault_key, passphrase, params, recovery_key, now)
        finally:
            store.close()
        try:
            os.link(building, path)
        except FileExistsError:
            raise StoreExists() from None
        except OSError:
            raise StorageIOError() from None
    finally:
        _remove_store_files(building)


def _fill_new_store(store: Store, vault_key: bytes, passphrase: str, params: KdfParams, recovery_key: str | None,
                    now: datetime) -> None:
    from loketcli.storage.state import StateKeys

    store.authenticate(StateKeys.from_vault_key(vault_key))
    slot = wrap_vault_key(vault_key, passphrase, PASSPHRASE_SLOT, params)
    recovery = None
    if recovery_key is not None:
        from loketcli.crypto.passphrase import normalise_recovery_key
        from loketcli.storage.keyslots import RECOVERY_SLOT

        recovery = wrap_vault_key(vault_key, normalise_recovery_key(recovery_key), RECOVERY_SLOT,
                                  KdfParams.fresh(memory_kib=params.memory_kib, iterations=params.iterations,
                                                  lanes=params.lanes))
    with store.write() as conn:
        stamp = codec.utc_text(now)
        save_slot(conn, slot, stamp)
        if recovery is not None:
            save_slot(conn, recovery, stamp)
        import secrets

        from loketcli.storage.audit import AuditLog

        # The trail starts here: a store whose trail is empty has been wiped.
        AuditLog(conn, vault_key).append("init", (), now, "recovery" if recovery is not None else "")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            (("store_id", secrets.token_hex(16)), ("created_at", stamp), ("format", "1")),
        )


def _remove_store_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def unlock_with_passphrase(path: Path, passphrase: str, before_rebuild: BeforeRebuild | None = None
                           ) -> Vault:
    """`before_rebuild`: see `migrate_if_needed`."""
    store = open_store(path, migrate=False)
    try:
        with store.read() as conn:
            slot = load_slot(conn, PASSPHRASE_SLOT)
        vault_key = unwrap_vault_key(slot, passphrase)
        migrate_if_needed(store, vault_key, before_rebuild)
        return Vault(store, vault_key)
    except LoketError:
        store.close()
        raise


def store_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
    if row is None:
        raise CorruptStore()
    return str(row[0])


def unlock_with_session(path: Path, token: str, now: datetime,
                        before_rebuild: BeforeRebuild | None = None) -> Vault:
    """Open the store with an unlock session's token; Locked says why it no longer works."""
    from loketcli.services.session import vault_key_from_session

    store = open_store(path, migrate=False)
    try:
        with store.read() as conn:
            identity = store_id(conn)
        vault_key = vault_key_from_session(path, identity, token, now)
        migrate_if_needed(store, vault_key, before_rebuild)
        return Vault(store, vault_key)
    except LoketError:
        store.close()
        raise


def start_session(path: Path, passphrase: str, now: datetime, hours: float,
                  before_rebuild: BeforeRebuild | None = None) -> Session:
    from loketcli.services.session import start_session as write_session

    store = open_store(path, migrate=False)
    try:
        with store.read() as conn:
            slot = load_slot(conn, PASSPHRASE_SLOT)
            identity = store_id(conn)
        vault_key = unwrap_vault_key(slot, passphrase)
        migrate_if_needed(store, vault_key, before_rebuild)
        return write_session(path, identity, vault_key, now, hours)
    finally:
        store.close()


