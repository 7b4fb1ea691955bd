"""The schema and its forward-only migrations.

`PRAGMA user_version` holds the number of migrations applied, so opening a
current store costs one pragma read; sqlite-utils' `Migrations` keeps the
named ledger (`_sqlite_migrations`) and is imported only when something is
pending. Migrations never drop or rewrite records: these rows are the only copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    import sqlite_utils

    from loketcli.storage.db import Store


def _v1_foundation(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    )
    db.execute(
        """CREATE TABLE keyslots (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL UNIQUE,
            kdf TEXT NOT NULL,
            salt BLOB NOT NULL,
            wrapped BLOB NOT NULL,
            checksum BLOB NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    # AUTOINCREMENT: an erased case's number is never handed out again, so a
    # K-number on paper always means one visitor.
    db.execute(
        """CREATE TABLE cases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            status TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            updated_at TEXT NOT NULL,
            case_key BLOB NOT NULL,
            payload BLOB NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            payload BLOB NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_cases_status ON cases(status, id)")
    db.execute("CREATE INDEX idx_events_case ON events(case_id, id)")
    db.execute("CREATE INDEX idx_events_at ON events(at)")


def _v2_followups(db: sqlite_utils.Database) -> None:
    # Due dates are local wall-clock date and time (Europe/Amsterdam), not
    # instants: "Thursday 10:00" stays 10:00 across a daylight-saving change.
    db.execute(
        """CREATE TABLE followups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            due_date TEXT NOT NULL,
            due_time TEXT,
            created_at TEXT NOT NULL,
            done_at TEXT,
            payload BLOB NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_followups_open ON followups(done_at, due_date, due_time)")
    db.execute("CREATE INDEX idx_followups_case ON followups(case_id, id)")


def _v3_privacy(db: sqlite_utils.Database) -> None:
    # The audit trail names commands and case ids only, never personal data;
    # each entry's MAC covers the previous one's, so gaps and edits show.
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            command TEXT NOT NULL,
            case_ids TEXT NOT NULL,
            detail TEXT NOT NULL,
            mac BLOB NOT NULL
        )"""
    )
    # Ids of erased cases: no personal data, and what `restore` re-applies so
    # an older backup cannot bring an erased case back.
    db.execute("CREATE TABLE erasures (case_id INTEGER PRIMARY KEY, erased_at TEXT NOT NULL)")


def _v4_corrections(db: sqlite_utils.Database) -> None:
    # A cancelled follow-up is neither done nor open: the agenda and the counts
    # select on this clear column, as they do on done_at. Existing rows stay as
    # they are (NULL: not cancelled).
    db.execute("ALTER TABLE followups ADD COLUMN cancelled_at TEXT")
    # Retractions are rare; the counts read all of them (they may come after
    # the period counted), so they get a small index of their own.
    db.execute("CREATE INDEX IF NOT EXISTS idx_events_retracted ON events(case_id) WHERE kind = 'ingetrokken'")

# The vault key, for the one migration step that needs it (set by `migrate`
# for the length of one call; a migration function takes only the database).
_MIGRATION_KEY: list[bytes] = []
# Where a step that rebuilds from every case reports (cases done, cases); set alike.
_MIGRATION_PROGRESS: list[Callable[[int, int], None]] = []


def _v5_authenticated_state(db: sqlite_utils.Database) -> None:
    """Subkeys and authenticated state (docs/FORMAT.md, "Authenticated state").

    Case keys were wrapped under the vault key itself; they are re-wrapped
    under its `case-keys` subkey here, in the same transaction, so no key
    does two jobs. Then every case gets a version and a MAC over all its
    rows, and the store one over meta, erasures and the case counter. Needs
    the vault key, so it runs at the first unlock after an upgrade."""
    from loketcli.crypto import PURPOSE_CASE_KEYS, aad, derive_subkey, seal, unseal
    from loketcli.errors import TamperedData
    from loketcli.storage.state import StateKeys, refresh_all

    vault_key = _MIGRATION_KEY[0]
    db.execute("ALTER TABLE cases ADD COLUMN state_version INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE cases ADD COLUMN state_mac BLOB NOT NULL DEFAULT x''")
    wrapping = derive_subkey(vault_key, PURPOSE_CASE_KEYS)
    conn = db.conn
    for case_id, wrapped in conn.execute("SELECT id, case_key FROM cases ORDER BY id").fetchall():
        where = aad("cases", case_id, "case_key")
        try:
            case_key = unseal(vault_key, wrapped, where)
        except TamperedData:
            # Already under the subkey: this store was past this step and
            # someone rolled its schema back, so that this step would MAC
            # whatever they left. Refused.
            try:
                unseal(wrapping, wrapped, where)
            except TamperedData:
                # Damaged: stays as it is for `verify` to name; a migration
                # never drops or rewrites what it cannot read.
                continue
            raise TamperedData("error.schema_downgraded") from None
        conn.execute("UPDATE cases SET case_key = ? WHERE id = ?", (seal(wrapping, case_key, where), case_id))
    refresh_all(conn, StateKeys.from_vault_key(vault_key))


_v5_authenticated_state.needs_key = True  # type: ignore[attr-defined]



def _v6_transfer(db: sqlite_utils.Database) -> None:
    # Handing cases to colleagues (issue 17). The store's own key pair (age
    # X25519 secret and Ed25519 seed) is one sealed row, made on first use.
    db.execute(
        """CREATE TABLE transfer_identity (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            created_at TEXT NOT NULL,
            payload BLOB NOT NULL
        )"""
    )
    # A colleague's chosen name and public identity, sealed together: the list
    # of whom a worker hands cases to says something about them too.
    db.execute(
        """CREATE TABLE colleagues (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            added_at TEXT NOT NULL,
            payload BLOB NOT NULL
        )"""
    )
    # Transfers already imported, so a file imports once. Keyed by an HMAC of
    # the transfer's random id, so the clear table cannot be matched against
    # the sender's store.
    db.execute(
        """CREATE TABLE transfers_received (
            token TEXT PRIMARY KEY,
            received_at TEXT NOT NULL
        )"""
    )


def _v7_register(db: sqlite_utils.Database) -> None:
    # The push ledger: per case, sealed under that case's key, which objects in
    # the municipality's register (Klantinteracties) mirror which loket records,
    # and whether the visitor consented to registration. Erasing a case deletes
    # its row with the case key, so nothing about it remains here.
    db.execute(
        """CREATE TABLE register_ledger (
            case_id INTEGER PRIMARY KEY REFERENCES cases(id),
            updated_at TEXT NOT NULL,
            payload BLOB NOT NULL
        )"""
    )


def _v8_search_index(db: sqlite_utils.Database) -> None:
    """The first search index (one row per bucket, 1,024 rows). Its rows were
    built here until schema 9 replaced the table; a store that passes through
    this step on its way gets the tables only, and `_v9_search_shards` builds."""
    db.execute("CREATE TABLE search_index (bucket INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
    db.execute("CREATE TABLE search_cases (case_id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")


_v8_search_index.needs_key = True  # type: ignore[attr-defined]


def _v9_search_shards(db: sqlite_utils.Database) -> None:
    """The search index split by case number as well as by bucket
    (docs/FORMAT.md, "Search index"): a write re-seals only rows of its own
    shard, so an intake costs the same at 100,000 cases as at 100, even for a
    name word every visitor shares. Name words are also read anew (punctuation
    and tussenvoegsels left out), so every row is rebuilt from the cases here;
    it needs the vault key. Derived data only: no case row, MAC or meta value
    changes."""
    from loketcli.storage.search_index import IndexKeys, SearchIndex

    vault_key = _MIGRATION_KEY[0]
    db.execute("DROP TABLE search_index")
    db.execute("CREATE TABLE search_buckets (bucket INTEGER NOT NULL, shard INTEGER NOT NULL,"
               " payload BLOB NOT NULL, PRIMARY KEY (bucket, shard))")
    SearchIndex(db.conn, IndexKeys.from_vault_key(vault_key)).rebuild(
        _MIGRATION_PROGRESS[0] if _MIGRATION_PROGRESS else None)


_v9_search_shards.needs_key = True  # type: ignore[attr-defined]


def _v10_authenticated_transfers(db: sqlite_utils.Database) -> None:
    """Three repairs that need the vault key (docs/FORMAT.md, "Authenticated state").

    Case payloads written before the payload's associated data bound the
    case's clear columns (loket before schema 4: `loket/1/cases/<id>/payload`)
    never opened again after an upgrade: each is re-sealed with today's
    associated data, and its case re-MACed, when its state MAC checks out
    (otherwise it stays as it is, for `verify` to name). The case ids of
    earlier `find` and `recognise` audit entries are sealed, and the chain
    re-MACed, when the chain checks out. Then the meta MAC's second format:
    it also covers the transfer tables (so a deleted ledger
    row cannot import a file twice, nor a removed colleague come back) and
    whether the audit head exists (so a wiped trail shows). It is recomputed
    only over a store whose present MAC checks out under the first format:
    otherwise it is left as it is, and every command goes on refusing."""
    from loketcli.crypto import PURPOSE_CASE_KEYS, aad, derive_subkey, seal, unseal
    from loketcli.errors import TamperedData
    from loketcli.storage.cases import payload_aad
    from loketcli.storage.state import (
        META_FORMAT_2,
        META_FORMAT_KEY,
        StateKeys,
        case_ok,
        meta_ok,
        refresh_case,
        refresh_meta,
    )

    keys = StateKeys.from_vault_key(_MIGRATION_KEY[0])
    wrapping = derive_subkey(_MIGRATION_KEY[0], PURPOSE_CASE_KEYS)
    conn = db.conn
    resealed: list[int] = []
    for case_id, status, opened_at, closed_at, wrapped, payload in conn.execute(
            "SELECT id, status, opened_at, closed_at, case_key, payload FROM cases ORDER BY id").fetchall():
        where = payload_aad(case_id, status, opened_at, closed_at)
        try:
            case_key = unseal(wrapping, wrapped, aad("cases", case_id, "case_key"))
        except TamperedData:
            continue  # damaged: a migration never rewrites what it cannot read
        try:
            unseal(case_key, payload, where)
            continue  # as today
        except TamperedData:
            pass
        try:
            plaintext = unseal(case_key, payload, aad("cases", case_id, "payload"))
        except TamperedData:
            continue
        if case_ok(conn, keys, case_id):
            conn.execute("UPDATE cases SET payload = ? WHERE id = ?", (seal(case_key, plaintext, where), case_id))
            refresh_case(conn, keys, case_id)
            resealed.append(case_id)
    # The case ids of earlier find and recognise entries, sealed as new ones are
    # (docs/FORMAT.md, "Audit chain"), and the chain's MACs recomputed: only over a
    # chain that checks out, so a tampered trail is not re-MACed.
    from loketcli.storage.audit import SEALED_IDS, AuditLog

    log = AuditLog(conn, _MIGRATION_KEY[0])
    linking = conn.execute("SELECT id, case_ids FROM audit WHERE command IN ('find', 'recognise')"
                           " AND case_ids != '' AND substr(case_ids, 1, 2) != ? ORDER BY id", (SEALED_IDS,)).fetchall()
    if linking and log.verify().ok:
        for entry_id, ids in linking:
            conn.execute("UPDATE audit SET case_ids = ? WHERE id = ?",
                         (log.seal_ids(int(entry_id), str(ids)), entry_id))
        log.rekey(_MIGRATION_KEY[0])
    if resealed:
        # The index was built without them (they did not open): their entries now.
        from loketcli.storage.search_index import IndexKeys, SearchIndex, has_index

        if has_index(conn):
            SearchIndex(conn, IndexKeys.from_vault_key(_MIGRATION_KEY[0])).sync(resealed)
    if meta_ok(conn, keys):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (META_FORMAT_KEY, META_FORMAT_2))
        refresh_meta(conn, keys)


_v10_authenticated_transfers.needs_key = True  # type: ignore[attr-defined]


def _v11_register_requests(db: sqlite_utils.Database) -> None:
    # Contact requests between teams (issue 25): per case, sealed under that
    # case's key, the register's InterneTaken taken into it from the inbox and
    # sent from it to another team. `open` counts the taken ones the register
    # has not yet been told are done, so a push finds them without opening
    # every case. A new table only: no existing row or MAC changes.
    db.execute(
        """CREATE TABLE register_requests (
            case_id INTEGER PRIMARY KEY REFERENCES cases(id),
            updated_at TEXT NOT NULL,
            open INTEGER NOT NULL,
            payload BLOB NOT NULL
        )"""
    )


def _v12_events_by_case_kind(db: sqlite_utils.Database) -> None:
    """Events by (case, kind, at): a case's last closure or reopening before a
    date, and its hand-overs or scores, are found without reading its whole
    timeline (`stats` asks this of every case for "open at the end"). Clear
    columns only; no row changes, and the key is not needed."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_events_case_kind_at ON events(case_id, kind, at)")


MIGRATIONS = (_v1_foundation, _v2_followups, _v3_privacy, _v4_corrections, _v5_authenticated_state,
              _v6_transfer, _v7_register, _v8_search_index, _v9_search_shards, _v10_authenticated_transfers,
              _v11_register_requests, _v12_events_by_case_kind)
LATEST_VERSION = len(MIGRATIONS)
# From this schema version on, stores carry state MACs.
STATE_SCHEMA_VERSION = MIGRATIONS.index(_v5_authenticated_state) + 1
# From this schema version on, stores carry the search index.
INDEX_SCHEMA_VERSION = MIGRATIONS.index(_v9_search_shards) + 1


def needs_key(step: object) -> bool:
    return bool(getattr(step, "needs_key", False))


def migrate(store: Store, vault_key: bytes | None = None,
            progress: Callable[[int, int], None] | None = None) -> None:
    """Apply pending migrations in one write transaction, then record the version.

    Without the vault key, steps stop before the first one that needs it and
    `user_version` says how far they got; the rest runs at the next unlock."""
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

    ledger = Migrations("loketcli")
    for step in MIGRATIONS:
        ledger(name=step.__name__.lstrip("_"))(step)
    reachable = len(MIGRATIONS)
    if vault_key is None:
        reachable = next((i for i, step in enumerate(MIGRATIONS) if needs_key(step)), len(MIGRATIONS))
    db = sqlite_utils.Database(store.conn, execute_plugins=False)
    with store.write(guarded=False) as conn:
        # Re-read under the write lock: another process may have migrated
        # between our first look and now.
        if conn.execute("PRAGMA user_version").fetchone()[0] >= reachable:
            return
        # Steps merged from parallel branches can be applied out of order (a
        # store written by one branch lacks another's earlier step): stop only
        # before steps still pending, which is all `stop_before` accepts.
        applied = {migration.name for migration in ledger.applied(db)}
        stop = [name for name in (step.__name__.lstrip("_") for step in MIGRATIONS[reachable:])
                if name not in applied]
        _MIGRATION_KEY[:] = [vault_key] if vault_key is not None else []
        _MIGRATION_PROGRESS[:] = [progress] if progress is not None else []
        try:
            ledger.apply(db, stop_before=stop or None)
        finally:
            _MIGRATION_KEY.clear()
            _MIGRATION_PROGRESS.clear()
        conn.execute(f"PRAGMA user_version = {reachable}")
