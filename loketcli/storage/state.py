"""Authenticated state: what the clear columns say, and which rows exist.

AES-GCM authenticates each sealed value and the columns bound into its
associated data, but not which rows exist, nor the clear columns left out of
it (a follow-up's due date, a case's `updated_at`), nor a row copied back from
an older copy of the store. So each case carries a MAC over every column of
every row it owns (its `cases` row, its events and follow-ups), and the store
one MAC over its `meta` rows, its erasure ledger and the highest case number
ever handed out.

The MACs are kept by the connection itself rather than by each write path:
TEMP triggers on the tables note every case a write touches (and check that
case's MAC before its first change, so a tampered case is refused rather than
re-MACed over), and `Store.write()` refreshes the MACs of what was touched just
before it commits. Any future write path, column or event kind is covered
without remembering to call anything. Columns are read generically
(`SELECT *`, names included, in name order), so a column added by a later
migration is covered too; NULLs are left out, so adding a nullable column
changes no existing MAC. A later migration that writes values into these
tables (or adds a column with a non-NULL default) must set `needs_key` and
end with `refresh_all`, as `_v5_authenticated_state` does.

Byte formats are in docs/FORMAT.md ("Authenticated state"); the known-answer
tests in tests/unit/test_vectors.py pin them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
import struct
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from loketcli.crypto import PURPOSE_META, PURPOSE_STATE, derive_subkey
from loketcli.errors import TamperedData

# The tables that make up one case, with the column naming the case. A new
# table whose rows belong to a case must be added here (and to FORMAT.md).
CASE_TABLES: tuple[tuple[str, str], ...] = (("cases", "id"), ("events", "case_id"), ("followups", "case_id"))
# Tables added after the MACs were introduced, keyed by the case id itself: a
# case's rows there count only when it has any (so a store gaining such a
# table keeps every MAC), and only where the table exists yet.
LATER_CASE_TABLES: tuple[str, ...] = ("register_ledger", "register_requests")
# Not covered by the MAC it holds.
STATE_MAC_COLUMN = "state_mac"
META_MAC_KEY = "state.meta_mac"
# Has a MAC of its own (the audit chain's head, under the audit subkey), and
# changes with every command: left out, so most writes need no meta MAC.
AUDIT_HEAD_KEY = "audit_head"
# Case numbers a deliberate `restore` left out (see `left_out_by_restore`).
LEFT_OUT_KEY = "restore.left_out"
_RUN = re.compile(r"([1-9][0-9]{0,17})(?:-([1-9][0-9]{0,17}))?")
# Set by `v10_authenticated_transfers`: the meta MAC also covers these tables
# (rows in this order) and whether the audit head exists.
META_FORMAT_KEY = "state.meta_format"
META_FORMAT_2 = "2"
META_TRANSFER_TABLES: tuple[tuple[str, str], ...] = (
    ("transfer_identity", "id"), ("colleagues", "id"), ("transfers_received", "token"))
CASE_DOMAIN = b"loket/1/state/case"
META_DOMAIN = b"loket/1/state/meta"


@dataclass(frozen=True)
class StateKeys:
    """The two MAC keys, HKDF subkeys of the vault key."""

    case: bytes = field(repr=False)
    meta: bytes = field(repr=False)

    @classmethod
    def from_vault_key(cls, vault_key: bytes) -> StateKeys:
        return cls(case=derive_subkey(vault_key, PURPOSE_STATE), meta=derive_subkey(vault_key, PURPOSE_META))

    def __repr__(self) -> str:
        return "StateKeys(...)"


def _value(value: object) -> bytes:
    """One SQLite value, typed and length-prefixed, so no two rows encode alike."""
    if value is None:
        return b"n"
    if isinstance(value, int):
        return b"i" + struct.pack(">q", value)
    if isinstance(value, float):
        return b"f" + struct.pack(">d", value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return b"t" + struct.pack(">I", len(raw)) + raw
    if isinstance(value, bytes):
        return b"b" + struct.pack(">I", len(value)) + value
    raise TypeError(f"unexpected SQLite value of type {type(value).__name__}")


def _rows(mac: hmac.HMAC, cursor: sqlite3.Cursor, rows: Iterable[tuple[object, ...]] | None = None,
          skip: Iterable[str] = ()) -> None:
    """Each row as its (column name, value) pairs in name order. NULLs are left
    out, so a later migration adding a nullable column changes no MAC; a value
    set to NULL still does, as its pair disappears. `rows`: the cursor's rows,
    when already fetched."""
    names = [d[0] for d in cursor.description]
    order = sorted((i for i, name in enumerate(names) if name not in skip), key=lambda i: names[i])
    encoded = {i: _value(names[i]) for i in order}
    for row in (cursor if rows is None else rows):
        mac.update(b"R" + b"".join(encoded[i] + _value(row[i]) for i in order if row[i] is not None))
    mac.update(b"E")


def case_state_mac(conn: sqlite3.Connection, key: bytes, case_id: int) -> bytes:
    """HMAC-SHA256 over every column of every row of the case, table by table, rows by id.

    The case's `state_version` is one of those columns, so each write gives
    a new MAC even when it puts back an earlier value."""
    mac = hmac.new(key, CASE_DOMAIN + _value(case_id), hashlib.sha256)
    for table, column in CASE_TABLES:
        mac.update(_value(table))
        _rows(mac, conn.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id", (case_id,)),
              skip=(STATE_MAC_COLUMN,) if table == "cases" else ())
    for table in _existing(conn, LATER_CASE_TABLES):
        _later_rows(mac, conn, table, case_id)
    return mac.digest()


_PACK_Q = struct.Struct(">q").pack
_PACK_I = struct.Struct(">I").pack


def _row_encoder(cursor: sqlite3.Cursor, skip: Iterable[str] = ()) -> Callable[[tuple[object, ...]], bytes]:
    """`b"R"` and the row's (name, value) pairs as `_rows` writes them, for
    scans that encode millions of values: the names encoded once, the common
    SQLite types inline, anything else through `_value` (same bytes)."""
    names = [d[0] for d in cursor.description]
    columns = [(i, _value(names[i])) for i in sorted((i for i, name in enumerate(names) if name not in skip),
                                                     key=lambda i: names[i])]
    pack_q, pack_i = _PACK_Q, _PACK_I

    def encode(row: tuple[object, ...]) -> bytes:
        parts = [b"R"]
        append = parts.append
        for i, name in columns:
            value = row[i]
            if value is None:
                continue
            kind = type(value)
            if kind is int:
                append(name + b"i" + pack_q(value))
            elif kind is str:
                raw = value.encode("utf-8")  # type: ignore[attr-defined]
                append(name + b"t" + pack_i(len(raw)) + raw)
            elif kind is bytes:
                append(name + b"b" + pack_i(len(value)) + value)  # type: ignore[arg-type, operator]
            else:
                append(name + _value(value))
        return b"".join(parts)

    return encode


def failing_case_macs(conn: sqlite3.Connection, keys: StateKeys,
                      tick: Callable[[], object] = lambda: None) -> tuple[int, ...]:
    """The cases whose state MAC fails, ascending: `case_ok` of every case, in
    one ordered pass over each of `CASE_TABLES` instead of queries per case
    (`verify` at 100,000 cases). The bytes are those of `case_state_mac`; the
    later, sparse tables are read per case, and only for the cases that have
    rows there. `tick` is called once per case, before its check."""
    key = keys.case
    later = {table: {int(r[0]) for r in conn.execute(f"SELECT case_id FROM {table}")}
             for table in _existing(conn, LATER_CASE_TABLES)}
    cases = conn.execute("SELECT * FROM cases ORDER BY id")
    case_row = _row_encoder(cases, skip=(STATE_MAC_COLUMN,))
    stored_at = [d[0] for d in cases.description].index(STATE_MAC_COLUMN)
    owned: list[tuple[bytes, Callable[[tuple[object, ...]], bytes], int, Iterator[tuple[object, ...]],
                      list[tuple[object, ...] | None]]] = []
    for table, column in CASE_TABLES[1:]:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {column}, id")
        at = [d[0] for d in cursor.description].index(column)
        owned.append((_value(table), _row_encoder(cursor), at, iter(cursor), [None]))
    failing: list[int] = []
    cases_name = _value("cases")
    for row in cases:
        case_id = int(row[0])
        tick()
        mac = hmac.new(key, CASE_DOMAIN + _value(case_id), hashlib.sha256)
        mac.update(cases_name + case_row(row) + b"E")
        for table_name, encode, at, rows, pending in owned:
            mac.update(table_name)
            # Rows by (case, id); rows naming no present case, or not by an
            # integer, are another case's business (or orphans verify names).
            current = pending[0]
            while True:
                if current is None:
                    current = next(rows, None)
                    if current is None:
                        break
                owner = current[at]
                if type(owner) is not int or owner < case_id:
                    current = None
                    continue
                if owner > case_id:
                    break
                mac.update(encode(current))
                current = None
            pending[0] = current
            mac.update(b"E")
        for table, holders in later.items():
            if case_id in holders:
                _later_rows(mac, conn, table, case_id)
        stored = row[stored_at]
        if not (isinstance(stored, bytes) and hmac.compare_digest(stored, mac.digest())):
            failing.append(case_id)
    return tuple(failing)


def _later_rows(mac: hmac.HMAC, conn: sqlite3.Connection, table: str, case_id: int) -> None:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE case_id = ?", (case_id,))
    rows = cursor.fetchall()
    if rows:
        mac.update(_value(table))
        names = [d[0] for d in cursor.description]
        order = sorted(range(len(names)), key=lambda i: names[i])
        for row in rows:
            mac.update(b"R" + b"".join(_value(names[i]) + _value(row[i]) for i in order if row[i] is not None))
        mac.update(b"E")


def _existing(conn: sqlite3.Connection, tables: tuple[str, ...]) -> list[str]:
    marks = ", ".join("?" for _ in tables)
    found = {r[0] for r in conn.execute(f"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({marks})",
                                        tables)}
    return [t for t in tables if t in found]


def meta_mac(conn: sqlite3.Connection, key: bytes) -> bytes:
    """HMAC-SHA256 over the meta rows (but its own and the audit head), the
    erasure ledger and the highest case number used: settings, the store's
    identity, and which cases may be missing. Once `meta` holds
    `state.meta_format` = `2` (from `v10_authenticated_transfers` on) also
    whether the audit head exists (so a wiped trail shows) and the transfer
    tables (the store's identity, the colleagues it trusts, the files it
    imported). That row is itself covered: removing it changes the MAC."""
    mac = hmac.new(key, META_DOMAIN, hashlib.sha256)
    mac.update(_value("meta"))
    cursor = conn.execute("SELECT key, value FROM meta WHERE key NOT IN (?, ?) ORDER BY key",
                          (META_MAC_KEY, AUDIT_HEAD_KEY))
    rows = cursor.fetchall()
    _rows(mac, cursor, rows)
    mac.update(_value("erasures"))
    _rows(mac, conn.execute("SELECT * FROM erasures ORDER BY case_id"))
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'cases'").fetchone()
    mac.update(_value("cases.seq") + _value(int(row[0]) if row else 0))
    if (META_FORMAT_KEY, META_FORMAT_2) in rows:
        head = conn.execute("SELECT 1 FROM meta WHERE key = ?", (AUDIT_HEAD_KEY,)).fetchone()
        mac.update(_value(AUDIT_HEAD_KEY) + _value(1 if head else 0))
        for table, order in META_TRANSFER_TABLES:
            mac.update(_value(table))
            _rows(mac, conn.execute(f"SELECT * FROM {table} ORDER BY {order}"))
    return mac.digest()


def left_out_by_restore(conn: sqlite3.Connection) -> frozenset[int]:
    """The case numbers that restores of older backups left out: handed out
    after the backup was made, so the counter stays above them and they are
    never used again, yet neither present nor erased. A `meta` row, so under
    the meta MAC like the erasure ledger: only an unlocked restore writes it.
    Unreadable, it counts as empty, so those numbers are reported missing."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (LEFT_OUT_KEY,)).fetchone()
    if row is None:
        return frozenset()
    # Never beyond the counter: no number above it was handed out (and a
    # widened range cannot make this set huge).
    counter = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'cases'").fetchone()
    highest = int(counter[0]) if counter else 0
    numbers: set[int] = set()
    for part in str(row[0]).split(","):
        run = _RUN.fullmatch(part)
        if run is None or int(run[2] or run[1]) < int(run[1]):
            return frozenset()
        numbers.update(range(int(run[1]), min(int(run[2] or run[1]), highest) + 1))
    return frozenset(numbers)


def missing_case_ids(conn: sqlite3.Connection, *, exact: bool = False) -> tuple[int, ...]:
    """Case numbers handed out (up to the counter, under the meta MAC) that are
    neither present, nor in the erasure ledger, nor left out by a restore: cases
    deleted by hand. Counted first, so a store with no gap costs no scan of
    its ids: the count of cases (SQLite counts on the smallest index, about
    9 ms at 100,000 cases; no case id exceeds the counter, which SQLite keeps
    at least as high as any id) plus the ledger's. A case counted both ways
    (an erased case put back) is refused where it is read; in this count it
    could offset one deleted case. `exact` (for `verify`) skips the count and
    compares every number."""
    counter = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'cases'").fetchone()
    highest = int(counter[0]) if counter else 0
    present = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    erased_total = conn.execute("SELECT count(*) FROM erasures WHERE case_id <= ?", (highest,)).fetchone()[0]
    accounted = present + int(erased_total)
    left_out = left_out_by_restore(conn)
    if left_out:
        erased = {int(r[0]) for r in conn.execute("SELECT case_id FROM erasures")}
        rest = sorted(left_out - erased)
        found = {int(r[0]) for r in conn.execute("SELECT id FROM cases WHERE id IN (SELECT value FROM json_each(?))",
                                                 (json.dumps(rest),))}
        accounted += len(rest) - len(found)
    if accounted >= highest and not exact:
        return ()
    known = {int(r[0]) for r in conn.execute("SELECT id FROM cases")}
    known |= {int(r[0]) for r in conn.execute("SELECT case_id FROM erasures")} | left_out
    return tuple(i for i in range(1, highest + 1) if i not in known)


def check_no_case_missing(conn: sqlite3.Connection) -> None:
    """For the commands that list or count cases: a gap would make them wrong."""
    missing = missing_case_ids(conn)
    if missing:
        raise TamperedData("error.case_missing", case=f"K-{missing[0]:04d}")


def number_ranges(numbers: Iterable[int]) -> str:
    """`3-4,9`: ascending runs, as `restore.left_out` and the audit detail hold them."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def case_ok(conn: sqlite3.Connection, keys: StateKeys, case_id: int) -> bool:
    row = conn.execute(f"SELECT {STATE_MAC_COLUMN} FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        # No case row: its events and follow-ups, if any, are orphans that
        # `verify` reports by their own ids.
        return True
    stored = row[0]
    return isinstance(stored, bytes) and hmac.compare_digest(stored, case_state_mac(conn, keys.case, case_id))


def meta_ok(conn: sqlite3.Connection, keys: StateKeys) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_MAC_KEY,)).fetchone()
    if row is None:
        # Only a store being built has no MAC yet, and then nothing else either.
        return int(conn.execute("SELECT count(*) FROM meta").fetchone()[0]) == 0
    return hmac.compare_digest(str(row[0]), meta_mac(conn, keys.meta).hex())


def check_case(conn: sqlite3.Connection, keys: StateKeys, case_id: int) -> None:
    if not case_ok(conn, keys, case_id):
        raise TamperedData("error.state_tampered", case=f"K-{case_id:04d}")


def check_meta(conn: sqlite3.Connection, keys: StateKeys) -> None:
    if not meta_ok(conn, keys):
        raise TamperedData("error.meta_tampered")


def refresh_case(conn: sqlite3.Connection, keys: StateKeys, case_id: int) -> None:
    """Bump the case's version and MAC its new state (nothing when it was erased)."""
    conn.execute("UPDATE cases SET state_version = state_version + 1 WHERE id = ?", (case_id,))
    if conn.execute("SELECT changes()").fetchone()[0]:
        conn.execute(f"UPDATE cases SET {STATE_MAC_COLUMN} = ? WHERE id = ?",
                     (case_state_mac(conn, keys.case, case_id), case_id))


def refresh_meta(conn: sqlite3.Connection, keys: StateKeys) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (META_MAC_KEY, meta_mac(conn, keys.meta).hex()))


def refresh_all(conn: sqlite3.Connection, keys: StateKeys) -> None:
    """Every MAC afresh: for the migration that introduces them and for a key rotation."""
    for (case_id,) in conn.execute("SELECT id FROM cases ORDER BY id").fetchall():
        refresh_case(conn, keys, int(case_id))
    refresh_meta(conn, keys)


# TEMP triggers live in this connection only; they call back into Python.
# The second argument says whether to check the case before its first change
# in this transaction: not for a new case (no MAC yet) and not for deletions
# (erasing a damaged case must stay possible; nothing is re-MACed over it).
_TRIGGERS = (
    ("cases", "INSERT", "NEW.id", 0, True),
    ("cases", "UPDATE", "OLD.id", 1, False),
    ("cases", "DELETE", "OLD.id", 0, False),
    ("events", "INSERT", "NEW.case_id", 1, False),
    ("events", "UPDATE", "OLD.case_id", 1, False),
    ("events", "DELETE", "OLD.case_id", 0, False),
    ("followups", "INSERT", "NEW.case_id", 1, False),
    ("followups", "UPDATE", "OLD.case_id", 1, False),
    ("followups", "DELETE", "OLD.case_id", 0, False),
)
_META_TABLES = ("meta", "erasures")


class StateGuard:
    """Notes the cases and meta a write touches and re-MACs them before commit."""

    def __init__(self, conn: sqlite3.Connection, keys: StateKeys) -> None:
        self._conn = conn
        self.keys = keys
        self._active = False
        self._touched: dict[int, None] = {}
        self._meta_touched = False
        self.failure: TamperedData | None = None
        # Through a weak reference: the connection holding the guard's bound
        # methods would make a cycle, and a store left to the garbage collector
        # closes late, behind later commands' backs.
        me = weakref.ref(self)

        def touch_case(case_id: int, check: int) -> int:
            guard = me()
            return guard._touch_case(case_id, check) if guard is not None else 0

        def touch_meta() -> int:
            guard = me()
            return guard._touch_meta() if guard is not None else 0

        conn.create_function("loket_touch_case", 2, touch_case)
        conn.create_function("loket_touch_meta", 0, touch_meta)

    def begin(self) -> None:
        """At the start of each write transaction: (re)create the triggers, which a
        migration rebuilding a table would have dropped with it."""
        statements = []
        for table, event, ref, check, meta in _TRIGGERS:
            also = " SELECT loket_touch_meta();" if meta else ""
            statements.append(
                # AFTER for a new case: before its insert, NEW.id is not yet assigned.
                f"CREATE TEMP TRIGGER IF NOT EXISTS loket_state_{table}_{event.lower()}"
                f" {'AFTER' if meta else 'BEFORE'} {event} ON main.{table}"
                f" BEGIN SELECT loket_touch_case({ref}, {check});{also} END;")
        for table in _existing(self._conn, LATER_CASE_TABLES):
            for event, ref, check in (("INSERT", "NEW.case_id", 1), ("UPDATE", "OLD.case_id", 1),
                                      ("DELETE", "OLD.case_id", 0)):
                statements.append(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS loket_state_{table}_{event.lower()} BEFORE {event}"
                    f" ON main.{table} BEGIN SELECT loket_touch_case({ref}, {check}); END;")
        meta_tables = [*_META_TABLES, *_existing(self._conn, tuple(t for t, _ in META_TRANSFER_TABLES))]
        for table in meta_tables:
            for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
                # The head's value has a MAC of its own and changes with every
                # command; only its coming or going is under the meta MAC.
                when = f" WHEN {row}.key != '{AUDIT_HEAD_KEY}'" if table == "meta" and event == "UPDATE" else ""
                statements.append(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS loket_state_{table}_{event.lower()} BEFORE {event}"
                    f" ON main.{table}{when} BEGIN SELECT loket_touch_meta(); END;")
        for statement in statements:
            self._conn.execute(statement)
        self._touched.clear()
        self._meta_touched = False
        self.failure = None
        self._active = True

    def _touch_case(self, case_id: int, check: int) -> int:
        if not self._active or case_id in self._touched:
            return 0
        self._touched[case_id] = None
        if check and not case_ok(self._conn, self.keys, case_id):
            self.failure = TamperedData("error.state_tampered", case=f"K-{case_id:04d}")
            # Raising aborts the statement; Store turns it into `failure`.
            raise ValueError("state MAC mismatch")
        return 0

    def touched_ids(self) -> tuple[int, ...]:
        return tuple(self._touched) if self._active else ()

    def touched(self, case_id: int) -> bool:
        """Changed in this write: checked at its first change, re-MACed at commit."""
        return self._active and case_id in self._touched

    def _touch_meta(self) -> int:
        if self._active:
            self._meta_touched = True
        return 0

    def finish(self) -> None:
        """Before COMMIT: new MACs for everything touched."""
        self._active = False
        for case_id in self._touched:
            refresh_case(self._conn, self.keys, case_id)
        if self._meta_touched:
            refresh_meta(self._conn, self.keys)
        self._touched.clear()
        self._meta_touched = False

    def abandon(self) -> TamperedData | None:
        self._active = False
        self._touched.clear()
        self._meta_touched = False
        failure, self.failure = self.failure, None
        return failure
