"""Follow-ups: due date and state in clear (the agenda selects on them without
the key), what is to be done sealed under the case's key."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from typing import NamedTuple

from loketcli.crypto import aad, seal, unseal, unsealer
from loketcli.domain.clock import local
from loketcli.domain.dates import When
from loketcli.domain.model import CaseId, FollowUp, FollowUpActor, FollowUpSource, default_actor
from loketcli.errors import TamperedData, UnknownCase
from loketcli.storage import codec
from loketcli.storage.cases import CaseRepository

_COLUMNS = "id, case_id, due_date, due_time, created_at, done_at, payload, cancelled_at"
_Row = tuple[int, int, str, str | None, str, str | None, bytes, str | None]
_STORED_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Open: neither done nor cancelled. Every query for open follow-ups uses this.
OPEN = "done_at IS NULL AND cancelled_at IS NULL"


class FollowUpFacts(NamedTuple):
    """One follow-up as `stats` counts it: its due day, the local day it was
    done, whether it was cancelled, and whether it is a body's call-back (by
    which body). A tuple: a year's count makes ten thousand."""

    due: date
    done_on: date | None
    cancelled: bool
    callback: bool
    agency: str | None


class FollowUpRepository:
    def __init__(self, conn: sqlite3.Connection, cases: CaseRepository) -> None:
        self._conn = conn
        self._cases = cases

    def add(self, case_id: CaseId, what: str, due: When, now: datetime,
            source: FollowUpSource = FollowUpSource.MANUAL, agency: str | None = None,
            actor: FollowUpActor | None = None) -> FollowUp:
        day, time = due.to_storage()
        cursor = self._conn.execute(
            "INSERT INTO followups (case_id, due_date, due_time, created_at, payload) VALUES (?, ?, ?, ?, x'')",
            (case_id, day, time, codec.utc_text(now)),
        )
        followup_id = int(cursor.lastrowid or 0)
        payload = {"v": codec.PAYLOAD_VERSION, "what": what, "source": source.value, "agency": agency,
                   "actor": (actor or default_actor(source, agency)).value}
        self._conn.execute(
            "UPDATE followups SET payload = ? WHERE id = ?",
            (seal(self._cases.key_for(case_id), codec.dump(payload), _aad(followup_id, case_id)), followup_id),
        )
        return self.get(followup_id)

    def get(self, followup_id: int) -> FollowUp:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM followups WHERE id = ?", (followup_id,)).fetchone()
        if row is None:
            raise UnknownCase("error.unknown_followup", followup=f"#{followup_id}")
        return self._from_row(row)

    def set_due(self, followup_id: int, due: When) -> None:
        day, time = due.to_storage()
        self._conn.execute("UPDATE followups SET due_date = ?, due_time = ? WHERE id = ?", (day, time, followup_id))

    def mark_done(self, followup_id: int, now: datetime) -> None:
        self._conn.execute("UPDATE followups SET done_at = ? WHERE id = ?", (codec.utc_text(now), followup_id))

    def mark_cancelled(self, followup_id: int, now: datetime) -> None:
        self._conn.execute("UPDATE followups SET cancelled_at = ? WHERE id = ?", (codec.utc_text(now), followup_id))

    def for_case(self, case_id: CaseId) -> tuple[FollowUp, ...]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM followups WHERE case_id = ? ORDER BY due_date, due_time, id", (case_id,)
        )
        return tuple(self._from_row(row) for row in rows)

    def open_until(self, last_day: date | None) -> Iterator[FollowUp]:
        """Open follow-ups due on or before `last_day` (all open ones for None), soonest first.
        Runs on the clear index; only the rows returned are opened."""
        if last_day is None:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM followups WHERE {OPEN} ORDER BY due_date, due_time, id"
            )
        else:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM followups WHERE {OPEN} AND due_date <= ?"
                " ORDER BY due_date, due_time, id",
                (last_day.isoformat(),),
            )
        for row in rows:
            yield self._from_row(row)

    def counted_between(self, start: str, end: str) -> Iterator[FollowUpFacts]:
        """What `stats` counts of the follow-ups made in [start, end): no
        domain objects and nothing personal (a year holds ten thousand), each
        case key unwrapped once. Every payload is still opened, so a changed
        row is refused as anywhere else."""
        rows = self._conn.execute(
            "SELECT f.id, f.case_id, f.due_date, f.done_at, f.payload, f.cancelled_at, c.case_key"
            " FROM followups f JOIN cases c ON c.id = f.case_id"
            " WHERE f.created_at >= ? AND f.created_at < ? ORDER BY f.case_id, f.id",
            (start, end),
        )
        current, opener = -1, None
        for followup_id, case_id, due_date, done_at, payload, cancelled_at, wrapped in rows:
            if case_id != current or opener is None:
                current = case_id
                opener = unsealer(self._cases.unwrap_uncached(case_id, wrapped))
            try:
                fields = codec.load(opener(payload, _aad(followup_id, case_id)))
                agency = fields.get("agency")
                # The due day as stored (its time does not count), held to the
                # stored form: fromisoformat alone would also take `2025-W10-1`.
                if _STORED_DAY.fullmatch(due_date) is None:
                    raise ValueError("not a stored day")
                yield FollowUpFacts(
                    due=date.fromisoformat(due_date),
                    done_on=local(codec.parse_utc(done_at)).date() if done_at else None,
                    cancelled=cancelled_at is not None,
                    callback=FollowUpSource(fields.get("source", FollowUpSource.MANUAL.value))
                    is FollowUpSource.CALLBACK,
                    agency=None if agency is None else str(agency),
                )
            except (TamperedData, ValueError, KeyError, TypeError):
                raise TamperedData("error.tampered_record", table="followups", id=followup_id) from None

    def count_open(self, case_id: CaseId) -> int:
        row = self._conn.execute(
            f"SELECT count(*) FROM followups WHERE case_id = ? AND {OPEN}", (case_id,)
        ).fetchone()
        return int(row[0])

    def _from_row(self, row: _Row) -> FollowUp:
        followup_id, case_id, due_date, due_time, created_at, done_at, payload, cancelled_at = row
        # Outside the try: a case key that is refused names its own cause.
        case_key = self._cases.key_for(CaseId(case_id))
        try:
            fields = codec.load(unseal(case_key, payload, _aad(followup_id, case_id)))
            source = FollowUpSource(fields.get("source", FollowUpSource.MANUAL.value))
            return FollowUp(
                id=followup_id,
                case_id=CaseId(case_id),
                what=str(fields["what"]),
                due=When.from_storage(due_date, due_time),
                created_at=codec.parse_utc(created_at),
                done_at=codec.parse_utc(done_at) if done_at else None,
                source=source,
                agency=fields.get("agency"),
                actor=_actor(fields, source),
                cancelled_at=codec.parse_utc(cancelled_at) if cancelled_at else None,
            )
        except TamperedData:
            raise TamperedData("error.tampered_record", table="followups", id=followup_id) from None
        except (ValueError, KeyError, TypeError):
            raise TamperedData("error.tampered_record", table="followups", id=followup_id) from None


def _actor(fields: dict[str, object], source: FollowUpSource) -> FollowUpActor:
    """Payloads from before actors existed have none: a manual follow-up was the
    desk's, a call-back the body's, something to bring the visitor's."""
    stored = fields.get("actor")
    if stored is None:
        return default_actor(source, None)
    return FollowUpActor(str(stored))


def _aad(followup_id: int, case_id: int) -> bytes:
    return aad("followups", followup_id, case_id)
