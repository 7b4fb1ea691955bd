"""Opening the SQLite store and running its transactions.

The hot path (every consult command) uses the stdlib `sqlite3` module only;
`sqlite_utils` is imported when the schema must be created or migrated, which
costs its import time once per upgrade instead of on every command.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loketcli.errors import (
    CorruptStore,
    LoketError,
    NewerSchema,
    NotALoketStore,
    StorageIOError,
    StoreBusy,
    StoreExists,
    StoreNotFound,
)

# "LOKT" in the SQLite header's application_id field: tells a loket store from
# any other SQLite file without touching a table.
APPLICATION_ID = 0x4C4F4B54
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000


def translate_sqlite_error(error: sqlite3.Error) -> LoketError:
    """Map an sqlite3 error to our tree. The SQLite message names no data, but we
    still keep it out of what the user sees."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StoreBusy()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return CorruptStore()
    if "full" in text:
        return StorageIOError("error.disk_full")
    return StorageIOError()


class Store:
    """One open connection to a loket store."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction per command.

        BEGIN IMMEDIATE takes the write lock up front: a deferred transaction
        that upgrades to a write fails with SQLITE_BUSY under contention
        whatever the busy timeout, while an immediate one simply waits.
        """
        with self._transaction("BEGIN IMMEDIATE") as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for reading several tables."""
        with self._transaction("BEGIN") as conn:
            yield conn

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute(begin)
        except sqlite3.Error as error:
            raise translate_sqlite_error(error) from None
        try:
            yield self.conn
        except sqlite3.Error as error:
            self._rollback()
            raise translate_sqlite_error(error) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise translate_sqlite_error(error) from None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            # The transaction may already be gone (SQLite rolls back by itself
            # on some I/O errors); the original error is what matters.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # FULL: a command that said "done" survives a power cut, also in WAL mode.
    conn.execute("PRAGMA synchronous = FULL")
    # Deleted content is overwritten with zeros instead of lingering in free pages.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_store(path: Path, *, migrate: bool = True) -> Store:
    """Open an existing store, migrating it forward when it is older than this code.

    With `migrate=False` the caller migrates later (`migrate_if_needed`), after
    checking the passphrase: a wrong passphrase must change nothing."""
    from loketcli.storage.schema import LATEST_VERSION

    if not path.exists():
        raise StoreNotFound()
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError:
        raise StorageIOError() from None
    if header != SQLITE_MAGIC:
        raise CorruptStore()
    try:
        conn = _connect(path)
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        raise translate_sqlite_error(error) from None
    if application_id != APPLICATION_ID:
        conn.close()
        raise NotALoketStore()
    if version > LATEST_VERSION:
        conn.close()
        raise NewerSchema(found=version, supported=LATEST_VERSION)
    store = Store(path, conn)
    if migrate and version < LATEST_VERSION:
        migrate_if_needed(store)
    return store


def migrate_if_needed(store: Store) -> None:
    from loketcli.storage.schema import LATEST_VERSION, migrate

    try:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        raise translate_sqlite_error(error) from None
    if version < LATEST_VERSION:
        migrate(store)


def create_store(path: Path) -> Store:
    """Create an empty store file (mode 0600) with the latest schema."""
    from loketcli.storage.schema import migrate

    if path.exists():
        raise StoreExists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: two `loket init` at once cannot both believe they created it.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        raise StoreExists() from None
    except OSError:
        raise StorageIOError() from None
    try:
        conn = _connect(path)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as error:
        raise translate_sqlite_error(error) from None
    store = Store(path, conn)
    migrate(store)
    return store
