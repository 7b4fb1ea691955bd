"""Opening the SQLite store and running its transactions.

The hot path (every consult command) uses the stdlib `sqlite3` module only;
`sqlite_utils` is imported when the schema must be created or migrated, which
costs its import time once per upgrade instead of on every command.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

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

# Told how many cases an unlock's migrations will rebuild from; may hand back a
# function that hears (cases done, cases) as they go (see `migrate_if_needed`).
BeforeRebuild = Callable[[int], "Callable[[int, int], None] | None"]

if TYPE_CHECKING:
    from loketcli.storage.search_index import IndexKeys
    from loketcli.storage.state import StateGuard, StateKeys

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
        self._guard: StateGuard | None = None
        self._index: IndexKeys | None = None

    def authenticate(self, keys: StateKeys) -> None:
        """From now on every write keeps the state MACs (loketcli/storage/state.py).
        Called once the vault key is known and the schema is current."""
        from loketcli.storage.schema import STATE_SCHEMA_VERSION
        from loketcli.storage.state import StateGuard

        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as error:
            raise translate_sqlite_error(error) from None
        if version < STATE_SCHEMA_VERSION:
            # Not migrated yet (only a store opened without its key): no MACs to keep.
            self._guard = None
        elif self._guard is None or self._guard.keys != keys:
            self._guard = StateGuard(self.conn, keys)

    def keep_index(self, keys: IndexKeys) -> None:
        """From now on every guarded write brings the search index in line with
        the cases it touched, just before commit (loketcli/storage/search_index.py).
        Only once the schema has the index."""
        from loketcli.storage.schema import INDEX_SCHEMA_VERSION

        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as error:
            raise translate_sqlite_error(error) from None
        self._index = keys if version >= INDEX_SCHEMA_VERSION else None

    def touched(self, case_id: int) -> bool:
        return self._guard is not None and self._guard.touched(case_id)

    @property
    def state_keys(self) -> StateKeys | None:
        return self._guard.keys if self._guard is not None else None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self, *, guarded: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction per command.

        BEGIN IMMEDIATE takes the write lock up front: a deferred transaction
        that upgrades to a write fails with SQLITE_BUSY under contention
        whatever the busy timeout, while an immediate one simply waits.
        `guarded=False` (migrations only) leaves the state MACs alone.
        """
        with self._transaction("BEGIN IMMEDIATE", guarded=guarded and self._guard is not None) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for reading several tables."""
        with self._transaction("BEGIN") as conn:
            yield conn

    @contextmanager
    def _transaction(self, begin: str, *, guarded: bool = False) -> Iterator[sqlite3.Connection]:
        guard = self._guard if guarded else None
        try:
            self.conn.execute(begin)
            if guard is not None:
                guard.begin()
        except sqlite3.Error as error:
            self._rollback()
            raise translate_sqlite_error(error) from None
        try:
            yield self.conn
            if guard is not None:
                touched = guard.touched_ids()
                if self._index is not None and touched:
                    # The same triggers that keep the state MACs say which
                    # cases changed: every write path keeps the index too.
                    from loketcli.storage.search_index import SearchIndex

                    SearchIndex(self.conn, self._index).sync(touched)
                guard.finish()
        except sqlite3.Error as error:
            self._rollback()
            failure = guard.abandon() if guard is not None else None
            if failure is not None:
                raise failure from None
            raise translate_sqlite_error(error) from None
        except BaseException:
            self._rollback()
            if guard is not None:
                guard.abandon()
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


def migrate_if_needed(store: Store, vault_key: bytes | None = None,
                      before_rebuild: BeforeRebuild | None = None) -> None:
    """Migrate forward; steps that need the vault key wait until it is given.
    Those steps rebuild derived data from every case (most of a minute at
    100,000 cases): `before_rebuild` hears how many cases first, so the
    command line can say why it waits, and may hand back a progress
    function: it hears (cases done, cases) as the rebuild goes, and (0, 0)
    when the migrations end, however they end."""
    from loketcli.storage.schema import LATEST_VERSION, MIGRATIONS, migrate, needs_key

    progress = None
    try:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        if version < LATEST_VERSION and vault_key is not None and before_rebuild is not None \
                and version >= 1 and any(needs_key(step) for step in MIGRATIONS[version:]):
            progress = before_rebuild(store.conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    except sqlite3.Error as error:
        raise translate_sqlite_error(error) from None
    if version < LATEST_VERSION:
        try:
            migrate(store, vault_key, progress)
        finally:
            if progress is not None:
                progress(0, 0)


def create_store(path: Path, vault_key: bytes | None = None) -> Store:
    """Create an empty store file (mode 0600) with the latest schema (which
    needs the vault key it will be opened with)."""
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
    migrate(store, vault_key)
    return store
