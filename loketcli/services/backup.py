"""Backup, restore and verify."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from loketcli.errors import CorruptStore, StorageIOError, StoreExists
from loketcli.storage import codec
from loketcli.storage.audit import AuditLog
from loketcli.storage.db import migrate_if_needed, open_store, translate_sqlite_error
from loketcli.storage.keyslots import PASSPHRASE_SLOT, load_slot, unwrap_vault_key
from loketcli.storage.state import LEFT_OUT_KEY, StateKeys, left_out_by_restore, number_ranges
from loketcli.storage.vault import Vault, index_keys
from loketcli.storage.verify import VerifyReport, verify_all

# (rows done, rows): the full check of a store, a copy or a backup being restored.
Progress = Callable[[int, int], None]

def verify_store(vault: Vault, progress: Progress | None = None) -> VerifyReport:
    from loketcli.services.privacy import checkpoint

    # Also a chance to empty a WAL that an erase could not truncate.
    checkpoint(vault, attempts=3)
    with vault.read(check_state=False) as uow:
        return verify_all(uow.conn, vault.vault_key, progress)


def _live_ledger(live: Path) -> tuple[set[int], int]:
    """The live store's erased case ids and highest case number, read without
    key or migration. If the file exists but cannot be read, restoring would
    risk bringing erased cases back, so we refuse."""
    if not live.exists():
        return set(), 0
    try:
        # A normal connection, not mode=ro: a read-only one cannot remove the
        # -wal and -shm files it creates, and must still see the WAL's content.
        conn = sqlite3.connect(live, timeout=15)
        try:
            erased = {int(r[0]) for r in conn.execute("SELECT case_id FROM erasures")}
            row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'cases'").fetchone()
            return erased, int(row[0]) if row else 0
        finally:
            conn.close()
    except sqlite3.Error:
        raise StorageIOError("error.restore_ledger") from None


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def backup(vault: Vault, destination: Path, now: datetime, *, overwrite: bool = False,
           progress: Progress | None = None) -> VerifyReport:
    """A consistent copy through SQLite's online backup API, so other commands
    may keep writing; it stays encrypted, and is opened and checked in full
    before it replaces anything at `destination`."""
    from loketcli.storage.files import refuse_unless_regular

    target = destination.expanduser()
    refuse_unless_regular(target)
    if target.exists() and not overwrite:
        raise StoreExists("error.backup_exists")
    if not target.parent.is_dir():
        raise StorageIOError("error.write_file")
    scratch = Path(tempfile.mkdtemp(prefix=".loket-backup-", dir=target.parent))
    copy = scratch / "backup.db"
    try:
        try:
            out = sqlite3.connect(copy)
            try:
                vault.store.conn.backup(out)
            finally:
                out.close()
        except sqlite3.Error as error:
            raise translate_sqlite_error(error) from None
        copy.chmod(0o600)
        checked = open_store(copy, migrate=False)
        try:
            with checked.read() as conn:
                # The copy is checked in full: the long part, which `progress` hears.
                report = verify_all(conn, vault.vault_key, progress)
            checked.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            checked.close()
        if not report.ok:
            raise CorruptStore("error.backup_failed_check")
        try:
            os.replace(copy, target)
        except OSError:
            raise StorageIOError("error.write_file") from None
        # Recorded once the copy exists and passed its check.
        with vault.write() as uow:
            uow.audit.append("backup", (), now)
        return report
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@dataclass(frozen=True)
class RestoreReport:
    reapplied_erasures: int
    checked: int
    # Case numbers handed out after the backup was made, whose cases it lacks.
    left_out: tuple[int, ...] = ()


def restore(live: Path, source: Path, passphrase: str, now: datetime, *,
            progress: Progress | None = None) -> RestoreReport:
    """Put a backup back. The passphrase is checked against the backup before
    anything changes; erasures recorded in the live store (and the backup) are
    applied to the copy first, so an erased case never comes back. Case numbers
    the live store handed out after the backup are never handed out again, and
    recorded as left out by this restore."""
    source = source.expanduser()
    if not source.exists():
        raise StorageIOError("error.backup_missing")
    try:
        live.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        raise StorageIOError("error.write_file") from None
    scratch = Path(tempfile.mkdtemp(prefix=".loket-restore-", dir=live.parent))
    copy = scratch / "restore.db"
    try:
        shutil.copyfile(source, copy)
        copy.chmod(0o600)
        staged = open_store(copy, migrate=False)
        try:
            with staged.read() as conn:
                vault_key = unwrap_vault_key(load_slot(conn, PASSPHRASE_SLOT), passphrase)
            # A backup from an older loket is brought forward (on the copy).
            migrate_if_needed(staged, vault_key)
            staged.authenticate(StateKeys.from_vault_key(vault_key))
            # The backup's own index comes along; the erasures re-applied
            # below take their cases' entries out of it in the same write.
            staged.keep_index(index_keys(vault_key))
            # Only after the passphrase proved right is the live store touched.
            erased, live_sequence = _live_ledger(live)
            with staged.write() as conn:
                present = {int(r[0]) for r in conn.execute("SELECT id FROM cases")}
                reapplied = sorted(erased & present)
                for case_id in reapplied:
                    conn.execute("DELETE FROM followups WHERE case_id = ?", (case_id,))
                    conn.execute("DELETE FROM events WHERE case_id = ?", (case_id,))
                    conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
                conn.executemany("INSERT OR IGNORE INTO erasures (case_id, erased_at) VALUES (?, ?)",
                                 [(i, codec.utc_text(now)) for i in sorted(erased)])
                # Never hand out a case number again that the live store used:
                # K-numbers on paper must keep meaning one visitor.
                row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'cases'").fetchone()
                backup_sequence = int(row[0]) if row else 0
                highest = max([live_sequence, *erased])
                conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'cases'", (highest,))
                if conn.execute("SELECT changes()").fetchone()[0] == 0 and highest:
                    conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('cases', ?)", (highest,))
                # The numbers handed out after the backup was made and not
                # erased since: this restore leaves their cases out. Recorded
                # (beside those an earlier restore left out, which the backup
                # may hold), so `verify` tells them from a case deleted by hand.
                # Numbers up to the backup's own counter are the backup's to
                # account for, so a case missing from the backup still shows.
                left_out = set(range(backup_sequence + 1, highest + 1)) - set(erased) - present
                detail = f"erasures={len(reapplied)}"
                if left_out:
                    detail += f" left_out={number_ranges(left_out)}"
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (LEFT_OUT_KEY, number_ranges(left_out | left_out_by_restore(conn))))
                AuditLog(conn, vault_key).append("restore", tuple(reapplied), now, detail)
            with staged.read() as conn:
                report = verify_all(conn, vault_key, progress)
            if not report.ok:
                raise CorruptStore("error.backup_failed_check")
            staged.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if live.exists():
                # Through the backup API into the live file: SQLite takes the
                # locks and rewrites the WAL properly, unlike a file copy.
                target = sqlite3.connect(live, timeout=15)
                try:
                    staged.conn.backup(target)
                finally:
                    target.close()
            else:
                staged.close()
                live.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.replace(copy, live)
        finally:
            staged.close()
        return RestoreReport(reapplied_erasures=len(reapplied), checked=report.checked,
                             left_out=tuple(sorted(left_out)))
    except sqlite3.Error as error:
        raise translate_sqlite_error(error) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not live.exists():
            _remove(live)
