"""The case repository: rows in, sealed; rows out, opened and checked.

Each case has its own random key, wrapped under the vault key, so that one
case can later be made unreadable on its own by destroying that one key.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import cast

from loketcli.crypto import (
    AAD_PREFIX,
    NONCE_LEN,
    SEAL_VERSION,
    aad,
    invalid_tag,
    new_key,
    raw_decrypter,
    seal,
    unseal,
    unsealer,
)
from loketcli.domain.model import (
    Case,
    CaseId,
    CaseStatus,
    EventDetail,
    EventKind,
    Intake,
    IntakeRecorded,
    MovedFrom,
    NewCase,
    TimelineEvent,
    Visitor,
    detail_from_fields,
    detail_to_fields,
)
from loketcli.errors import TamperedData, UnknownCase
from loketcli.storage import codec

# Where a sealed value's ciphertext begins: after the version byte and the nonce.
_SEALED_BODY = 1 + NONCE_LEN
_CASE_COLUMNS = "id, status, opened_at, closed_at, case_key, payload"
_CaseRow = tuple[int, str, str, str | None, bytes, bytes]


class PeriodCase:
    """One case's events in a period, as (kind, UTC `at` text, plain fields); the
    case payload is opened on demand (a year's scan builds tens of thousands)."""

    __slots__ = ("_closed_at", "_decrypt", "_payload", "_status", "case_id", "events", "opened_at")

    def __init__(self, case_id: int, status: str, opened_at: str, closed_at: str | None,
                 decrypt: Callable[[bytes, bytes, bytes], bytes], payload: bytes) -> None:
        self.case_id = case_id
        self.opened_at = opened_at
        self.events: list[tuple[str, str, dict[str, object]]] = []
        self._status = status
        self._closed_at = closed_at
        self._decrypt = decrypt
        self._payload = payload

    def fields(self) -> dict[str, object]:
        # unseal() inlined, as for the events in iter_period: a year opens tens of thousands.
        blob = self._payload
        try:
            if blob[0] != SEAL_VERSION:
                raise ValueError("seal version")
            return codec.load(self._decrypt(blob[1:_SEALED_BODY], blob[_SEALED_BODY:],
                                            payload_aad(self.case_id, self._status, self.opened_at,
                                                        self._closed_at)))
        except (invalid_tag(), ValueError, IndexError):
            raise TamperedData("error.tampered_record", table="cases", id=self.case_id) from None


@dataclass(frozen=True)
class PeriodSample:
    """`CaseRepository.period_sample`: how many events a period holds (about),
    of how many ids handed out, and the case ids of the sampled ones, sorted."""

    events: int
    event_id_bound: int
    case_ids: tuple[int, ...]

    def case_id_splitting(self, share: float) -> int | None:
        """A case id below which about `share` of the period's events belong
        (None: none sampled)."""
        if not self.case_ids:
            return None
        return self.case_ids[min(len(self.case_ids) - 1, int(len(self.case_ids) * share))]


class CaseRepository:
    def __init__(self, conn: sqlite3.Connection, vault_key: bytes) -> None:
        self._conn = conn
        self._vault_key = vault_key
        self._case_keys: dict[int, bytes] = {}
        self._vault_opener: Callable[[bytes, bytes], bytes] | None = None
        self._erased: frozenset[int] | None = None

    # -- writing -----------------------------------------------------------

    def add(self, new: NewCase, now: datetime) -> CaseId:
        stamp = codec.utc_text(now)
        # The row id is part of the associated data, so the row must exist
        # before its values can be sealed; both writes share one transaction.
        cursor = self._conn.execute(
            "INSERT INTO cases (status, opened_at, updated_at, case_key, payload)"
            " VALUES (?, ?, ?, x'', x'')",
            (CaseStatus.OPEN.value, stamp, stamp),
        )
        case_id = CaseId(int(cursor.lastrowid or 0))
        case_key = new_key()
        self._conn.execute(
            "UPDATE cases SET case_key = ?, payload = ? WHERE id = ?",
            (
                seal(self._vault_key, case_key, aad("cases", case_id, "case_key")),
                seal(case_key, codec.dump(codec.case_payload(new.visitor, new.intake)),
                     payload_aad(case_id, CaseStatus.OPEN.value, stamp, None)),
                case_id,
            ),
        )
        self._case_keys[case_id] = case_key
        self.add_event(case_id, IntakeRecorded(minutes=new.intake.minutes), now)
        return case_id

    def add_event(self, case_id: CaseId, detail: EventDetail, at: datetime,
                  moved_from: MovedFrom | None = None) -> int:
        case_key = self.key_for(case_id)
        stamp = codec.utc_text(at)
        cursor = self._conn.execute(
            "INSERT INTO events (case_id, kind, at, payload) VALUES (?, ?, ?, x'')",
            (case_id, detail.kind.value, stamp),
        )
        event_id = int(cursor.lastrowid or 0)
        fields = {"v": codec.PAYLOAD_VERSION, **detail_to_fields(detail)}
        if moved_from is not None:
            fields["moved_from"] = {"case": int(moved_from.case_id), "event": moved_from.event_id}
        self._conn.execute(
            "UPDATE events SET payload = ? WHERE id = ?",
            (seal(case_key, codec.dump(fields), _event_aad(event_id, case_id, detail.kind.value, stamp)),
             event_id),
        )
        self._conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (stamp, case_id))
        return event_id

    # -- reading -----------------------------------------------------------

    def update_payload(self, case_id: CaseId, visitor: Visitor, intake: Intake, now: datetime) -> None:
        status, opened_at, closed_at = self._clear_columns(case_id)
        self._conn.execute(
            "UPDATE cases SET payload = ?, updated_at = ? WHERE id = ?",
            (seal(self.key_for(case_id), codec.dump(codec.case_payload(visitor, intake)),
                  payload_aad(case_id, status, opened_at, closed_at)), codec.utc_text(now), case_id),
        )

    def _clear_columns(self, case_id: CaseId) -> tuple[str, str, str | None]:
        row = self._conn.execute("SELECT status, opened_at, closed_at FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise UnknownCase(case=f"K-{case_id:04d}")
        return str(row[0]), str(row[1]), row[2]

    def event_id_bound(self) -> int:
        """The highest event id: at least the number of events, read in one
        step (ids are never reused), for choosing how to walk a period."""
        row = self._conn.execute("SELECT max(id) FROM events").fetchone()
        return int(row[0] or 0)

    def period_sample(self, start: str, end: str) -> PeriodSample:
        """About how many events lie in [start, end), and whose cases they are:
        the events among 2,000 to 4,000 ids spread evenly over all ids, looked
        up by primary key: one query of about 12 ms for a year of 100,000
        cases, which stands in for a count on the `at` index (8 ms) and a
        sample taken off that index (17 ms more). Exact while fewer than 4,000 event ids have been
        handed out (every id is looked up); beyond, a guess, good for choosing
        how to read the period and where to split its work, never part of a
        count."""
        bound = self.event_id_bound()
        step = max(1, bound // 2000)
        sampled = sorted(row[0] for row in self._conn.execute(
            "SELECT case_id FROM events WHERE id IN (SELECT value FROM json_each(?)) AND at >= ? AND at < ?",
            (json.dumps(list(range(1, bound + 1, step))), start, end)))
        return PeriodSample(len(sampled) * step, bound, tuple(sampled))

    def count_events_between(self, start: str, end: str, kinds: tuple[EventKind, ...] | None = None) -> int:
        if kinds is None:
            row = self._conn.execute("SELECT count(*) FROM events WHERE at >= ? AND at < ?", (start, end)).fetchone()
        else:
            marks = ", ".join("?" for _ in kinds)
            row = self._conn.execute(f"SELECT count(*) FROM events WHERE at >= ? AND at < ? AND kind IN ({marks})",
                                     (start, end, *(k.value for k in kinds))).fetchone()
        return int(row[0])

    def iter_events_between(self, start: str, end: str) -> Iterator[TimelineEvent]:
        """Events whose UTC `at` lies in [start, end), found on the clear index, by case."""
        rows = self._conn.execute(
            "SELECT e.id, e.case_id, e.kind, e.at, e.payload, c.case_key FROM events e"
            " JOIN cases c ON c.id = e.case_id WHERE e.at >= ? AND e.at < ? ORDER BY e.case_id, e.at, e.id",
            (start, end),
        )
        return self._stream_events(rows)

    def iter_case_texts(self, kinds: tuple[EventKind, ...]
                        ) -> Iterator[tuple[int, bytes, list[tuple[str, bytes]]]]:
        """Every case, newest first, as (id, opened payload, [(kind, opened event payload)])
        for the events of `kinds`: raw UTF-8 JSON, no domain objects, each case key
        unwrapped once. For scans (find) that look at every record and keep few."""
        marks = ", ".join("?" for _ in kinds)
        rows = self._conn.execute(
            "SELECT c.id, c.status, c.opened_at, c.closed_at, c.case_key, c.payload, e.id, e.kind, e.at, e.payload"
            f" FROM cases c LEFT JOIN events e ON e.case_id = c.id AND e.kind IN ({marks})"
            " ORDER BY c.id DESC, e.id",
            tuple(k.value for k in kinds),
        )
        current: tuple[int, bytes, list[tuple[str, bytes]]] | None = None
        opener = None
        for case_id, status, opened_at, closed_at, wrapped, payload, event_id, kind, at, event_payload in rows:
            if current is None or current[0] != case_id:
                if current is not None:
                    yield current
                opener = unsealer(self._unwrap_case_key(case_id, wrapped, cache=False))
                current = (case_id, _open_with(opener, payload, payload_aad(case_id, status, opened_at, closed_at),
                                               "cases", case_id), [])
            if event_id is not None and opener is not None:
                current[2].append((kind, _open_with(opener, event_payload, _event_aad(event_id, case_id, kind, at),
                                                    "events", event_id)))
        if current is not None:
            yield current

    def withdrawn_event_ids(self) -> frozenset[int]:
        """Ids of every withdrawn entry in the store. The retraction that names
        one is sealed and may come long after the entry, so a count of any
        period reads them all: few rows, found on their own partial index."""
        rows = self._conn.execute(
            "SELECT e.id, e.case_id, e.kind, e.at, e.payload, c.case_key FROM events e"
            " JOIN cases c ON c.id = e.case_id WHERE e.kind = 'ingetrokken' ORDER BY e.case_id, e.id"
        )
        return frozenset(int(getattr(event.detail, "event_id", 0)) for event in self._stream_events(rows))

    def iter_period(self, start: str, end: str, kinds: tuple[EventKind, ...],
                    skip: frozenset[int] = frozenset(), only: Collection[int] | None = None,
                    unread: frozenset[str] = frozenset(),
                    case_range: tuple[int | None, int | None] | None = None,
                    along_cases: bool = False) -> Iterator[PeriodCase]:
        """Every case with events of `kinds` in [start, end) (UTC text), with
        those events as plain fields, in case order: one cursor over the
        period's events (on the clear `at` index, sorted by case), merged with
        one over the cases by primary key from the first of them on, so no
        case is looked up twice; each case key unwrapped once, no domain
        objects, and the case's own payload opened only when asked for. For
        counting a month or a year. Events of a kind in `unread` are opened
        (so a changed clear column is still refused) but not parsed: their
        fields come out empty. `only` limits it to those case ids (found by
        their own index, so a few cases over a long span cost a few look-ups,
        not a scan of the span). A `case_range` [low, high) takes only the
        cases with ids in it (None: no bound on that side), so two processes
        can each count a share of a long period, each walking only its own
        part of the indexes. `along_cases`: for a period that
        holds a large share of all events (`event_id_bound`), walk the events'
        (case, kind, at) index instead of the `at` one."""
        marks = ", ".join("?" for _ in kinds)
        which = ""
        params: tuple[object, ...] = (start, end, *(k.value for k in kinds))
        below = None
        if case_range is not None:
            low, below = case_range
            if low is not None:
                which += " AND case_id >= ?"
                params = (*params, low)
            if below is not None:
                which += " AND case_id < ?"
                params = (*params, below)
        if only is not None:
            which += " AND case_id IN (SELECT value FROM json_each(?))"
            params = (*params, json.dumps(sorted(only)))
        # Along the (case, kind, at) index the events come in case order, so
        # SQLite sorts only each case's few events by time; on the `at` index
        # it sorts the whole period (a year of 169,000 events here: 0.22 s
        # against 0.29 s). A short period is fewer rows on the `at` index than
        # a walk of the whole other one, so the caller chooses.
        # (Only if it is there: a store damaged by hand still counts, slower.)
        index = (" INDEXED BY idx_events_case_kind_at" if along_cases and only is None and self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'idx_events_case_kind_at'").fetchone()
            else "")
        events: Iterator[tuple[int, int, str, str, bytes]] = self._conn.cursor().execute(
            f"SELECT id, case_id, kind, at, payload FROM events{index}"
            f" WHERE at >= ? AND at < ? AND kind IN ({marks}){which} ORDER BY case_id, at, id",
            params,
        )
        if only is not None:
            # Few of the cases asked about have events here, as a rule (later
            # scores of a year's cases): only theirs are read.
            found = list(events)
            events = iter(found)
            only = {row[1] for row in found}
        pending = next(events, None)
        if pending is None:
            return
        if only is not None:
            cases = self._conn.cursor().execute(
                "SELECT id, status, opened_at, closed_at, case_key, payload FROM cases"
                " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(sorted(only)),))
        else:
            # From the period's first case on, by primary key: the cases in
            # between without events in the period are stepped over, which
            # costs less than finding the period's cases again on the index.
            cases = self._conn.cursor().execute(
                "SELECT id, status, opened_at, closed_at, case_key, payload FROM cases WHERE id >= ?"
                f"{'' if below is None else ' AND id < ?'} ORDER BY id",
                (pending[1],) if below is None else (pending[1], below))
        failed = invalid_tag()
        load = codec.load
        prefix = f"{AAD_PREFIX}/events/"
        body = _SEALED_BODY
        empty: dict[str, object] = {}
        # One loop over the events (the cursor's own iteration: a year has
        # hundreds of thousands); the cases' cursor is stepped on to each new case.
        case_row = next(cases, None)
        current: PeriodCase | None = None
        current_id = skipped = -1
        # Set at each case's first event, before any use.
        append = cast("list[tuple[str, str, dict[str, object]]]", []).append
        decrypt: Callable[[bytes, bytes, bytes], bytes] = _no_case_key
        for event_id, case_id, kind, at, blob in chain((pending,), events):
            if case_id != current_id:
                if case_id == skipped:
                    continue
                if current is not None:
                    yield current
                    current = None
                while case_row is not None and case_row[0] < case_id:
                    case_row = next(cases, None)
                if case_row is None:
                    return
                if case_row[0] != case_id:
                    # An event without its case row (a damaged store, which
                    # `verify` names) counts nowhere, as before.
                    skipped = case_id
                    continue
                _, status, opened_at, closed_at, wrapped, payload = case_row
                decrypt = raw_decrypter(self._unwrap_case_key(case_id, wrapped, cache=False))
                current = PeriodCase(case_id, status, opened_at, closed_at, decrypt, payload)
                current_id = case_id
                append = current.events.append
            if event_id in skip:
                continue
            # unseal() inlined: this runs for every record of a year.
            try:
                if blob[0] != SEAL_VERSION:
                    raise ValueError("seal version")
                plain = decrypt(blob[1:body], blob[body:], f"{prefix}{event_id}/{case_id}/{kind}/{at}".encode())
                append((kind, at, empty if kind in unread else load(plain)))
            except (failed, ValueError, IndexError, UnicodeDecodeError):
                raise TamperedData("error.tampered_record", table="events", id=event_id) from None
        if current is not None:
            yield current

    def _stream_events(self, rows: Iterator[tuple[int, int, str, str, bytes, bytes]]) -> Iterator[TimelineEvent]:
        current_case, opener = -1, None
        for event_id, case_id, kind, at, payload, wrapped in rows:
            if case_id != current_case or opener is None:
                # Not cached: a scan over thousands of cases should not hold every key.
                current_case = case_id
                opener = unsealer(self._unwrap_case_key(case_id, wrapped, cache=False))
            try:
                fields = codec.load(opener(payload, _event_aad(event_id, case_id, kind, at)))
                detail = detail_from_fields(EventKind(kind), fields)
                moved_from = _moved_from(fields)
            except (TamperedData, ValueError, TypeError, KeyError, UnicodeDecodeError):
                raise TamperedData("error.tampered_record", table="events", id=event_id) from None
            yield TimelineEvent(id=event_id, case_id=CaseId(case_id), at=codec.parse_utc(at), detail=detail,
                                moved_from=moved_from)

    def set_status(self, case_id: CaseId, status: CaseStatus, now: datetime) -> None:
        """Change the clear status columns and reseal the payload, whose
        associated data binds them: a status edited by hand does not open."""
        old_status, opened_at, old_closed = self._clear_columns(case_id)
        key = self.key_for(case_id)
        row = self._conn.execute("SELECT payload FROM cases WHERE id = ?", (case_id,)).fetchone()
        plaintext = _open_raw(key, row[0], payload_aad(case_id, old_status, opened_at, old_closed), "cases", case_id)
        closed_at = codec.utc_text(now) if status is CaseStatus.CLOSED else None
        self._conn.execute(
            "UPDATE cases SET status = ?, closed_at = ?, updated_at = ?, payload = ? WHERE id = ?",
            (status.value, closed_at, codec.utc_text(now),
             seal(key, plaintext, payload_aad(case_id, status.value, opened_at, closed_at)), case_id),
        )

    def exists(self, case_id: CaseId) -> bool:
        return self._conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None

    def newest_ids(self, limit: int, status: CaseStatus | None = None) -> tuple[CaseId, ...]:
        """Case ids only, newest first; nothing is opened."""
        if status is None:
            rows = self._conn.execute("SELECT id FROM cases ORDER BY id DESC LIMIT ?", (limit,))
        else:
            rows = self._conn.execute("SELECT id FROM cases WHERE status = ? ORDER BY id DESC LIMIT ?",
                                      (status.value, limit))
        return tuple(CaseId(row[0]) for row in rows)

    def get(self, case_id: CaseId, *, with_events: bool = True) -> Case:
        row = self._conn.execute(
            f"SELECT {_CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        if row is None:
            raise UnknownCase(case=f"K-{case_id:04d}")
        case = self._case_from_row(row)
        if with_events:
            case = Case(
                id=case.id, status=case.status, opened_at=case.opened_at, closed_at=case.closed_at,
                visitor=case.visitor, intake=case.intake, events=tuple(self.events(case.id)),
            )
        return case

    def iter_cases(self, status: CaseStatus | None = None) -> Iterator[Case]:
        """Stream cases without their timelines, newest first."""
        if status is None:
            rows = self._conn.execute(f"SELECT {_CASE_COLUMNS} FROM cases ORDER BY id DESC")
        else:
            rows = self._conn.execute(
                f"SELECT {_CASE_COLUMNS} FROM cases WHERE status = ? ORDER BY id DESC", (status.value,)
            )
        for row in rows:
            # Keys are not cached here: a scan over every case should not hold every key.
            yield self._case_from_row(row, cache_key=False)

    def events(self, case_id: CaseId) -> Iterator[TimelineEvent]:
        case_key = self.key_for(case_id)
        rows = self._conn.execute(
            "SELECT id, kind, at, payload FROM events WHERE case_id = ? ORDER BY at, id", (case_id,)
        )
        for event_id, kind, at, payload in rows:
            fields = _open_json(case_key, payload, _event_aad(event_id, case_id, kind, at),
                                row_id=event_id)
            try:
                detail = detail_from_fields(EventKind(kind), fields)
                moved_from = _moved_from(fields)
            except (ValueError, TypeError, KeyError):
                raise TamperedData("error.tampered_record", table="events", id=event_id) from None
            yield TimelineEvent(id=event_id, case_id=case_id, at=codec.parse_utc(at), detail=detail,
                                moved_from=moved_from)

    # -- keys and rows -----------------------------------------------------

    def forget_keys(self) -> None:
        """Drop cached case keys (bulk work must not hold every key in memory)."""
        self._case_keys.clear()

    def key_for(self, case_id: CaseId) -> bytes:
        cached = self._case_keys.get(case_id)
        if cached is not None:
            return cached
        row = self._conn.execute("SELECT case_key FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise UnknownCase(case=f"K-{case_id:04d}")
        return self._unwrap_case_key(case_id, row[0])

    def unwrap_uncached(self, case_id: int, wrapped: bytes) -> bytes:
        """A case key from its wrapped form, for scans that must not hold every key."""
        return self._unwrap_case_key(case_id, wrapped, cache=False)

    def _unwrap_case_key(self, case_id: int, wrapped: bytes, *, cache: bool = True) -> bytes:
        if self._vault_opener is None:
            # One cipher object for the vault key: scans unwrap thousands of case keys.
            self._vault_opener = unsealer(self._vault_key)
            # Every read of a case's data passes here. The erasure ledger is
            # under the meta MAC: a case it lists whose rows are present again
            # was put back from an older copy, and is refused, not shown.
            self._erased = erased_case_ids(self._conn)
        if self._erased and case_id in self._erased:
            raise TamperedData("error.case_erased_back", case=f"K-{case_id:04d}")
        try:
            # aad("cases", case_id, "case_key"), spelled out: scans unwrap tens of thousands.
            key = self._vault_opener(wrapped, f"{AAD_PREFIX}/cases/{case_id}/case_key".encode("ascii"))
        except TamperedData:
            raise TamperedData("error.tampered_record", table="cases", id=case_id) from None
        if cache:
            self._case_keys[case_id] = key
        return key

    def _case_from_row(self, row: _CaseRow, *, cache_key: bool = True) -> Case:
        case_id, status, opened_at, closed_at, wrapped, payload = row
        key = self._case_keys.get(case_id) or self._unwrap_case_key(case_id, wrapped, cache=cache_key)
        fields = _open_json(key, payload, payload_aad(case_id, status, opened_at, closed_at), table="cases",
                            row_id=case_id)
        try:
            return Case(
                id=CaseId(case_id),
                status=CaseStatus(status),
                opened_at=codec.parse_utc(opened_at),
                closed_at=codec.parse_utc(closed_at) if closed_at else None,
                visitor=codec.visitor_from(fields),
                intake=codec.intake_from(fields),
            )
        except (ValueError, TypeError, KeyError):
            raise TamperedData("error.tampered_record", table="cases", id=case_id) from None


def erased_case_ids(conn: sqlite3.Connection) -> frozenset[int]:
    """The erasure ledger (a few rows; read once per unit of work)."""
    try:
        return frozenset(int(r[0]) for r in conn.execute("SELECT case_id FROM erasures"))
    except sqlite3.OperationalError:
        # A store opened before `v3_privacy` ran has no ledger yet.
        return frozenset()


def _moved_from(fields: dict[str, object]) -> MovedFrom | None:
    origin = fields.get("moved_from")
    if origin is None:
        return None
    if not isinstance(origin, dict):
        raise ValueError("moved_from")
    return MovedFrom(case_id=CaseId(int(origin["case"])), event_id=int(origin["event"]))


def _no_case_key(nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
    raise ValueError("no case key")


def payload_aad(case_id: int, status: str, opened_at: str, closed_at: str | None) -> bytes:
    # The clear columns are bound in, as for events: a case set to "gesloten"
    # or given another opening date by hand no longer opens. (Spelled out as
    # aad("cases", case_id, "payload", status, opened_at, closed_at or "-")
    # would be: scans build one per case.)
    return f"{AAD_PREFIX}/cases/{case_id}/payload/{status}/{opened_at}/{closed_at or '-'}".encode("ascii")


def _open_with(opener: Callable[[bytes, bytes], bytes], blob: bytes, associated: bytes, table: str,
               row_id: int) -> bytes:
    try:
        return opener(blob, associated)
    except TamperedData:
        raise TamperedData("error.tampered_record", table=table, id=row_id) from None


def _open_raw(key: bytes, blob: bytes, associated: bytes, table: str, row_id: int) -> bytes:
    try:
        return unseal(key, blob, associated)
    except TamperedData:
        raise TamperedData("error.tampered_record", table=table, id=row_id) from None


def _event_aad(event_id: int, case_id: int, kind: str, at: str) -> bytes:
    # The clear columns are bound too: editing a kind or a timestamp by hand
    # makes the event fail to open rather than silently change meaning.
    # (Spelled out rather than through aad(): this runs once per event in scans.)
    return f"{AAD_PREFIX}/events/{event_id}/{case_id}/{kind}/{at}".encode("ascii")


def _open_json(
    key: bytes, blob: bytes, associated: bytes, *, table: str = "events", row_id: int = 0
) -> dict[str, object]:
    try:
        return codec.load(unseal(key, blob, associated))
    except TamperedData:
        raise TamperedData("error.tampered_record", table=table, id=row_id) from None
    except (ValueError, UnicodeDecodeError):
        raise TamperedData("error.tampered_record", table=table, id=row_id) from None
