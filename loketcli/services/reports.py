"""Summaries, the end-of-day export and the monthly counts, as data.

Everything here streams: events are selected on the clear `at` index for the
period and opened one by one, each case key unwrapped once per case. Nothing
returned by `compute_stats` or a pseudonymised export holds personal data.
"""

from __future__ import annotations

import json
import os
import statistics
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from loketcli.domain.clock import LOCAL_ZONE, local
from loketcli.domain.model import (
    HANDED_OVER_RESULT,
    Case,
    CaseClosed,
    CaseId,
    CloseResult,
    Consult,
    EventKind,
    EventRetracted,
    FollowUp,
    FollowUpCancelled,
    FollowUpSource,
    Handover,
    ProfessionallijnCall,
    TimelineEvent,
)
from loketcli.errors import BadInput
from loketcli.storage import codec
from loketcli.storage.cases import PeriodCase
from loketcli.storage.vault import UnitOfWork, Vault

STATS_SCHEMA_VERSION = 1
CONTACT_KINDS = (EventKind.INTAKE, EventKind.CONSULT, EventKind.CALL, EventKind.HANDOVER)
EXPORT_KINDS = (EventKind.INTAKE, EventKind.CONSULT, EventKind.CALL, EventKind.HANDOVER,
                EventKind.FOLLOWUP_DONE, EventKind.FOLLOWUP_CANCELLED, EventKind.RETRACTED, EventKind.CLOSED)

Progress = Callable[[int, int], None]


def utc_bounds(first: date, last: date) -> tuple[str, str]:
    """Local days [first, last] as a half-open UTC text range for the clear index."""
    start = datetime.combine(first, time.min, tzinfo=LOCAL_ZONE)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=LOCAL_ZONE)
    return codec.utc_text(start), codec.utc_text(end)


# -- end-of-day export -------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    at: datetime
    case: CaseId
    kind: str
    agency: str | None  # the body of a call or hand-over; an intake's bodies, comma-separated
    outcome: str | None  # a call's outcome or a closure's result; never a hand-over kind
    minutes: int | None
    open_followups: int
    next_due: str | None
    visitor: str | None = None
    text: str | None = None
    handover: str | None = None  # "warm" or "cold", on hand-over rows only
    satisfaction: int | None = None


@dataclass(frozen=True)
class _EventColumns:
    agency: str | None = None
    outcome: str | None = None
    text: str | None = None
    handover: str | None = None
    satisfaction: int | None = None


def _event_columns(event: TimelineEvent) -> _EventColumns:
    detail = event.detail
    if isinstance(detail, ProfessionallijnCall):
        parts = [p for p in (detail.question, detail.answer, detail.note) if p]
        return _EventColumns(detail.agency, detail.outcome, " / ".join(parts) or None)
    if isinstance(detail, Handover):
        return _EventColumns(detail.to, None, detail.what, handover="warm" if detail.warm else "cold")
    if isinstance(detail, CaseClosed):
        return _EventColumns(None, detail.result, None, satisfaction=detail.satisfaction)
    if isinstance(detail, Consult):
        return _EventColumns(text=detail.note)
    if isinstance(detail, EventRetracted):
        # Which kind of entry was withdrawn; the entry's own row is left out.
        return _EventColumns(None, detail.target_kind, detail.reason)
    if isinstance(detail, FollowUpCancelled):
        return _EventColumns(None, detail.cause, detail.reason)
    return _EventColumns()


def day_export(vault: Vault, first: date, last: date, now: datetime, *, names: bool,
               progress: Progress | None = None) -> list[ExportRow]:
    """One row per contact in [first, last]. With `names`, visitor names and
    free text are added and the export is written to the audit trail."""
    start, end = utc_bounds(first, last)
    rows: list[ExportRow] = []
    pending: dict[int, tuple[int, str | None]] = {}
    with vault.read() as uow:
        uow.require_every_case()
        total = uow.cases.count_events_between(start, end)
        withdrawn = uow.cases.withdrawn_event_ids()
        opened: dict[int, Case] = {}

        def case_of(case_id: CaseId) -> Case:
            # Opened once per case, and only when a name or the intake's minutes are needed.
            if case_id not in opened:
                opened[case_id] = uow.cases.get(case_id, with_events=False)
            return opened[case_id]

        for done, event in enumerate(uow.cases.iter_events_between(start, end), start=1):
            if progress:
                progress(done, total)
            if event.kind not in EXPORT_KINDS or event.id in withdrawn:
                continue
            if event.case_id not in pending:
                open_ones = [f for f in uow.followups.for_case(event.case_id) if f.is_open]
                soonest = min((f.due for f in open_ones), key=lambda w: w.to_storage(), default=None)
                pending[event.case_id] = (len(open_ones), " ".join(x for x in soonest.to_storage() if x)
                                          if soonest else None)
            columns = _event_columns(event)
            agency = columns.agency
            count, next_due = pending[event.case_id]
            minutes = getattr(event.detail, "minutes", None)
            if event.kind is EventKind.INTAKE:
                intake = case_of(event.case_id).intake
                minutes = intake.minutes
                agency = ", ".join(intake.agencies) or None
            rows.append(ExportRow(
                at=local(event.at), case=event.case_id, kind=event.kind.value, agency=agency,
                outcome=columns.outcome, minutes=minutes, open_followups=count, next_due=next_due,
                visitor=case_of(event.case_id).visitor.name if names else None,
                text=columns.text if names else None, handover=columns.handover,
                satisfaction=columns.satisfaction,
            ))
    if names:
        with vault.write() as uow:
            uow.audit.append("export", tuple(pending), now, f"names {first.isoformat()}..{last.isoformat()}")
    rows.sort(key=lambda r: (r.at, r.case))
    return rows


# -- monthly counts ----------------------------------------------------------------


@dataclass
class _Tally:
    """What one pass counts. A case is counted whole once its events in the
    period have been read (`iter_period` gives each case once, with all of
    them), so nothing is kept per case beyond the two maps the closing checks
    need (`scored`, `solved`): a year is tens of thousands of cases."""

    visitors: int = 0  # cases with a contact in the period
    new_cases: int = 0
    contacts_by_kind: Counter[str] = field(default_factory=Counter)
    contact_minutes: Counter[int] = field(default_factory=Counter)
    minutes_per_case: Counter[int] = field(default_factory=Counter)  # a case's contact minutes -> cases
    calls_per_agency: Counter[str] = field(default_factory=Counter)
    driegesprek_per_agency: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    handovers: Counter[str] = field(default_factory=Counter)
    handover_targets: Counter[str] = field(default_factory=Counter)
    closed_by_result: Counter[str] = field(default_factory=Counter)
    satisfaction: Counter[str] = field(default_factory=Counter)
    agencies_per_case: Counter[str] = field(default_factory=Counter)  # "0", "1", "2", "3+" -> cases
    cases_per_agency: Counter[str] = field(default_factory=Counter)
    handovers_by_target: dict[str, Counter[str]] = field(default_factory=dict)
    channels: Counter[str] = field(default_factory=Counter)
    referrals: Counter[str] = field(default_factory=Counter)
    life_events: Counter[str] = field(default_factory=Counter)
    # The latest score recorded in the period, by case, and the number of
    # closures as solved, by case: both are settled against other rows at the end.
    scored: dict[int, int] = field(default_factory=dict)
    solved: dict[int, int] = field(default_factory=dict)

    def add(self, other: _Tally) -> None:
        """Another tally of other cases (the second process's half) added in."""
        self.visitors += other.visitors
        self.new_cases += other.new_cases
        for name in ("contacts_by_kind", "contact_minutes", "minutes_per_case", "calls_per_agency",
                     "driegesprek_per_agency", "outcomes", "handovers", "handover_targets", "closed_by_result",
                     "satisfaction", "agencies_per_case", "cases_per_agency", "channels", "referrals", "life_events"):
            getattr(self, name).update(getattr(other, name))
        for target, kinds in other.handovers_by_target.items():
            self.handovers_by_target.setdefault(target, Counter()).update(kinds)
        # Per case: the halves hold different cases.
        self.scored.update(other.scored)
        self.solved.update(other.solved)


def _histogram_median(histogram: dict[str, int]) -> float | None:
    values: list[int] = []
    for minutes, count in histogram.items():
        values.extend([int(minutes)] * count)
    return float(statistics.median(values)) if values else None


def _hist(counter: Counter[int] | Iterable[int]) -> dict[str, int]:
    counts = Counter(counter) if not isinstance(counter, Counter) else counter
    return {str(k): counts[k] for k in sorted(counts)}


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return {k: counter[k] for k in sorted(counter)}


# Above this many records (of any kind) in the period, the events are counted
# in two processes, one per core, each half of the cases; everything else once.
PARALLEL_THRESHOLD = 40_000


def compute_stats(vault: Vault, first: date, last: date, now: datetime, *,
                  progress: Progress | None = None) -> dict[str, Any]:
    """The programme's counts for [first, last] (local dates), as JSON-ready data.

    One pass over the period's events, grouped by case. Every case opened in
    the period has its intake event in it, so the same pass counts the new
    cases' channel, referral and life events, and the contacts' clear times
    give the report's weeks and hours. Records are read as plain fields rather
    than domain objects: a year is hundreds of thousands. For a long period
    (a year of a busy desk) that pass is split by case id over two processes
    (`_tally_in_two`); the counts over all cases (open at the end, follow-ups,
    later scores, hand-overs) are made once, in this one."""
    start, end = utc_bounds(first, last)
    with vault.read() as uow:
        uow.require_every_case()
        # Records of every kind, counted on the clear `at` index without reading a row.
        records = uow.cases.count_events_between(start, end)
        total = 0
        if progress:
            # Only for the bar (at a terminal): counting these kinds reads every row of the period.
            total = uow.cases.count_events_between(start, end, _COUNTED_KINDS)
        # Withdrawn entries count nowhere, whenever they were withdrawn.
        withdrawn = uow.cases.withdrawn_event_ids()
        if records < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
            tally, rhythm = _tally_events(uow, start, end, withdrawn, None, progress, total)
            open_at_end, followups = _case_wide(uow, start, end, now)
        else:
            tally, rhythm, open_at_end, followups = _tally_in_two(vault, uow, start, end, now, withdrawn, progress,
                                                                 total)
        # A case's satisfaction counts once: its latest recording, in the
        # period of that recording (so months add up to the year).
        scored_later = _scored_after(uow, end, tally.scored, withdrawn)
        for case_id, score in tally.scored.items():
            if case_id not in scored_later:
                tally.satisfaction[str(score)] += 1
        handed_over = _cases_with_handover(uow.conn, end, tally.solved, skip=withdrawn)
    contact_hist = _hist(tally.contact_minutes)
    per_case = _hist(tally.minutes_per_case)
    return {
        "schema_version": STATS_SCHEMA_VERSION,
        "period": {"from": first.isoformat(), "to": last.isoformat()},
        "min_count": None,
        "visitors_helped": tally.visitors,
        "cases": {
            "new": tally.new_cases,
            "closed": sum(tally.closed_by_result.values()),
            "closed_by_result": _sorted(tally.closed_by_result),
            "open_at_end": int(open_at_end),
        },
        "contacts": {
            "count": sum(tally.contacts_by_kind.values()),
            "by_kind": _sorted(tally.contacts_by_kind),
            "minutes_total": sum(int(m) * c for m, c in contact_hist.items()),
            "minutes_median": _histogram_median(contact_hist),
            "minutes_histogram": contact_hist,
        },
        "minutes_per_case": {
            "cases": sum(tally.minutes_per_case.values()),
            "total": sum(minutes * cases for minutes, cases in tally.minutes_per_case.items()),
            "median": _histogram_median(per_case),
            "histogram": per_case,
        },
        "calls": _calls(tally),
        "callbacks": followups.pop("callbacks"),
        "handovers": {"warm": tally.handovers["warm"], "cold": tally.handovers["cold"],
                      "per_target": _sorted(tally.handover_targets)},
        "channels": _sorted(tally.channels),
        "referrals": _sorted(tally.referrals),
        "life_events": _sorted(tally.life_events),
        "agencies_per_case": {k: tally.agencies_per_case[k] for k in ("0", "1", "2", "3+")},
        "followups": followups,
        "satisfaction": {**{str(i): tally.satisfaction[str(i)] for i in range(1, 6)},
                         "recorded": sum(tally.satisfaction.values())},
        **rhythm.fields(first, last),
        "cases_per_agency": _sorted(tally.cases_per_agency),
        "handovers_per_target": {target: {"warm": kinds["warm"], "cold": kinds["cold"]}
                                 for target, kinds in sorted(tally.handovers_by_target.items())},
        "resolved_without_handover": _resolved_without_handover(
            sum(n for case_id, n in tally.solved.items() if case_id not in handed_over),
            _share_base(sum(tally.closed_by_result.values()), tally.closed_by_result)),
    }


def _tally_events(uow: UnitOfWork, start: str, end: str, withdrawn: frozenset[int],
                  shard: tuple[int, tuple[int, ...]] | None, progress: Progress | None, total: int
                  ) -> tuple[_Tally, _Rhythm]:
    """The pass over the period's events (of the cases in `shard`, if given)."""
    tally = _Tally()
    rhythm = _Rhythm()
    done = 0
    for period_case in uow.cases.iter_period(start, end, _COUNTED_KINDS, skip=withdrawn, unread=_UNREAD_KINDS,
                                             shard=shard):
        _count_case(tally, rhythm, period_case, start <= period_case.opened_at < end)
        done += len(period_case.events)
        if progress:
            progress(done, total)
    return tally, rhythm


def _case_wide(uow: UnitOfWork, start: str, end: str, now: datetime) -> tuple[int, dict[str, Any]]:
    """The counts over all cases rather than the period's events: open at the
    end, and the follow-ups made in the period."""
    # Open at the end is decided by the last close or reopen before the end,
    # not by today's status: a case closed in the period and reopened later
    # was not open at the period's end. (Each case's last closure or reopening
    # is found on the events' (case, kind, at) index without reading its timeline.)
    open_at_end = uow.conn.execute(
        "SELECT count(*) FROM cases c WHERE c.opened_at < :end AND COALESCE(("
        " SELECT e.kind FROM events e WHERE e.case_id = c.id AND e.kind IN ('gesloten', 'heropend')"
        " AND e.at < :end ORDER BY e.at DESC, e.id DESC LIMIT 1), 'heropend') <> 'gesloten'",
        {"end": end},
    ).fetchone()[0]
    return int(open_at_end), _followup_counts(uow.followups.created_between(start, end), now.date())


# The split by case id: this process counts the cases whose id leaves one of
# MINE as remainder, the forked one the rest and the counts over all cases
# (about a quarter of the work), so that both finish at about the same time.
SPLIT = 5
MINE = (0, 1, 2)


def _tally_in_two(vault: Vault, uow: UnitOfWork, start: str, end: str, now: datetime, withdrawn: frozenset[int],
                  progress: Progress | None, total: int) -> tuple[_Tally, _Rhythm, int, dict[str, Any]]:
    """Part of the cases' events counted here, the others and the counts over
    all cases in a forked process, at the same time; the two tallies are
    added up (every count is per case, so the sum is exact)."""
    import multiprocessing

    from loketcli.errors import LoketError
    from loketcli.storage.db import open_store

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def other_half() -> None:
        # A fresh connection: SQLite connections must not cross a fork. The
        # child leaves with os._exit so it never finalises the parent's one.
        try:
            store = open_store(vault.store.path, migrate=False)
            theirs = tuple(r for r in range(SPLIT) if r not in MINE)
            with type(vault)(store, vault.vault_key).read() as child_uow:
                writer.send(("ok", (*_tally_events(child_uow, start, end, withdrawn, (SPLIT, theirs), None, 0),
                                    *_case_wide(child_uow, start, end, now))))
        except LoketError as error:
            writer.send(("error", error.key))
        except BaseException:  # noqa: BLE001 - reported to the parent by name only
            writer.send(("error", "error.generic"))
        finally:
            os._exit(0)

    # Only fork's context has Process in typeshed on every platform; this runs only where os.fork exists.
    child = context.Process(target=other_half, daemon=True)  # type: ignore[attr-defined,unused-ignore]
    child.start()
    # The bar follows this process's share, scaled to the whole.
    scaled = (lambda done, whole: progress(done * SPLIT // len(MINE), whole)) if progress else None
    tally, rhythm = _tally_events(uow, start, end, withdrawn, (SPLIT, MINE), scaled, total)
    status, theirs = reader.recv()
    child.join()
    if status != "ok":
        raise LoketError(str(theirs))
    their_tally, their_rhythm, open_at_end, followups = theirs
    tally.add(their_tally)
    rhythm.add(their_rhythm)
    return tally, rhythm, open_at_end, followups


def _count_case(tally: _Tally, rhythm: _Rhythm, period_case: PeriodCase, opened_now: bool) -> None:
    """Count one case's events in the period, then the case itself. Runs for
    every case of a year: counters are bound to local names, and the intake's
    minutes (read from the case, as last corrected by `loket edit`) are added
    after the loop, once the case's payload is known to be needed."""
    case_id = period_case.case_id
    agencies: set[str] = set()
    weeks: set[str] = set()
    contacts = minutes_spent = intakes = 0
    score: int | None = None
    by_kind = tally.contacts_by_kind
    contact_minutes = tally.contact_minutes
    slots = rhythm.slots
    grid = rhythm.grid
    for kind, at, event in period_case.events:
        if kind in _CONTACT_KIND_VALUES:
            by_kind[kind] += 1
            contacts += 1
            slot = slots.get(at[:13]) or rhythm.slot(at[:13])
            grid[slot[0]][slot[1]] += 1
            weeks.add(slot[2])
            if kind == _INTAKE:
                intakes += 1
                continue
            minutes = event.get("minutes")
            if isinstance(minutes, int):
                contact_minutes[minutes] += 1
                minutes_spent += minutes
            if kind == _CALL:
                agency = str(event.get("agency"))
                tally.calls_per_agency[agency] += 1
                if event.get("driegesprek"):
                    tally.driegesprek_per_agency[agency] += 1
                tally.outcomes[str(event.get("outcome"))] += 1
                agencies.add(agency)
            elif kind == _HANDOVER:
                warmth = "warm" if event.get("warm") else "cold"
                target = str(event.get("to"))
                tally.handovers[warmth] += 1
                tally.handover_targets[target] += 1
                by_warmth = tally.handovers_by_target.get(target)
                if by_warmth is None:
                    by_warmth = tally.handovers_by_target[target] = Counter()
                by_warmth[warmth] += 1
                agencies.add(target)
        elif kind == _CLOSED:
            result = str(event.get("result"))
            tally.closed_by_result[result] += 1
            if result == _SOLVED:
                tally.solved[case_id] = tally.solved.get(case_id, 0) + 1
            given = event.get("satisfaction")
            score = given if isinstance(given, int) else score
        elif kind == _SATISFACTION:
            given = event.get("score")
            score = given if isinstance(given, int) else score
    if score is not None:
        tally.scored[case_id] = score
    # A case with only closures and scores in the period is counted without its own payload.
    intake: dict[str, Any] = {}
    if opened_now or contacts:
        loaded = period_case.fields().get("intake") or {}
        assert isinstance(loaded, dict)
        intake = loaded
    if intakes:
        minutes = intake.get("minutes")
        if isinstance(minutes, int):
            contact_minutes[minutes] += intakes
            minutes_spent += minutes * intakes
    if opened_now:
        tally.new_cases += 1
        tally.channels[str(intake.get("channel"))] += 1
        tally.referrals[str(intake.get("referred_by") or "onbekend")] += 1
        # Loops rather than Counter.update: a few items each, tens of thousands of times.
        for life_event in intake.get("life_events") or ():
            tally.life_events[str(life_event)] += 1
    if contacts:
        tally.visitors += 1
        tally.minutes_per_case[minutes_spent] += 1
        for week in weeks:
            rhythm.weeks[week] += 1
        for code in intake.get("agencies") or ():
            agencies.add(str(code))
        n = len(agencies)
        tally.agencies_per_case["0" if n == 0 else "1" if n == 1 else "2" if n == 2 else "3+"] += 1
        for agency in agencies:
            tally.cases_per_agency[agency] += 1


_CONTACT_KIND_VALUES = frozenset(k.value for k in CONTACT_KINDS)
# Plain strings: an enum's .value costs an attribute lookup per record in a year's scan.
_INTAKE, _CALL, _HANDOVER, _CLOSED = (EventKind.INTAKE.value, EventKind.CALL.value, EventKind.HANDOVER.value,
                                      EventKind.CLOSED.value)
_SATISFACTION = EventKind.SATISFACTION.value
# A case with only these in the period is counted without opening its own payload.
_NO_INTAKE_NEEDED = frozenset({_CLOSED, _SATISFACTION})
_END_OF_TIME = "9999-12-31T23:59:59Z"
# Notes, follow-up and correction events do not count; they are not even opened.
_COUNTED_KINDS = (*CONTACT_KINDS, EventKind.CLOSED, EventKind.SATISFACTION)
# The intake's minutes are read from the case (as last corrected): its event is
# opened, so a changed clear column is refused, but its fields are not needed.
_UNREAD_KINDS = frozenset({_INTAKE})
_SOLVED = CloseResult.SOLVED.value


# -- when the desk is busy, and what it solves itself (added for `loket report`) ------------


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class _Rhythm:
    """`visitors_per_week`: cases with a contact in each (ISO, local) week of the
    period, every week listed; `contacts_by_weekday_hour`: contacts by local
    weekday (1 = Monday) and hour ("09"), only the hours that had any. Counted
    in the main pass from each contact's clear UTC time (a time is not personal
    data); the local slot of each UTC hour is worked out once."""

    def __init__(self) -> None:
        # UTC hour ("2026-11-24T09") -> (local weekday, local hour, local ISO week).
        self.slots: dict[str, tuple[str, str, str]] = {}
        self.grid: dict[str, Counter[str]] = {}
        self.weeks: Counter[str] = Counter()  # week -> cases; the pass adds each case's weeks once

    def add(self, other: _Rhythm) -> None:
        """Another half's weeks and hours added in (each case is in one half only)."""
        self.weeks.update(other.weeks)
        for weekday, hours in other.grid.items():
            self.grid.setdefault(weekday, Counter()).update(hours)

    def slot(self, utc_hour: str) -> tuple[str, str, str]:
        """The local slot of a UTC hour (`2026-11-24T09`), worked out once per hour;
        its weekday gets its row in the grid."""
        moment = local(datetime.fromisoformat(utc_hour + ":00:00+00:00"))
        found = self.slots[utc_hour] = (str(moment.isoweekday()), f"{moment.hour:02d}", iso_week(moment.date()))
        self.grid.setdefault(found[0], Counter())
        return found

    def fields(self, first: date, last: date) -> dict[str, Any]:
        every_week: dict[str, int] = {}
        day = first
        while day <= last:
            every_week.setdefault(iso_week(day), 0)
            day += timedelta(days=1)
        return {
            "visitors_per_week": {week: self.weeks[week] for week in sorted(every_week)},
            "contacts_by_weekday_hour": {weekday: _sorted(self.grid[weekday]) for weekday in sorted(self.grid)},
        }


def _cases_with_handover(conn: Any, end: str, cases: Collection[int], skip: Collection[int] = ()) -> set[int]:
    """Of `cases` (closed in the period), those that had a hand-over on their
    timeline before the period's end (also one before the period began), or
    that were handed to a colleague (`transfer send`) by then and not received
    back since: the desk did not solve those itself. A hand-over whose id is in
    `skip` (withdrawn) does not count. A received case carries the sender's
    `collega-overdracht` entries, older than its own `collega-ontvangst`. Only
    these cases' timelines are read, found by case id on their index."""
    if not cases:
        return set()
    rows = conn.execute(
        "SELECT DISTINCT e.case_id FROM events e WHERE e.case_id IN (SELECT value FROM json_each(?)) AND e.at < ?"
        " AND (e.kind = ? AND e.id NOT IN (SELECT value FROM json_each(?))"
        "  OR e.kind = ? AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = e.case_id AND r.kind = ?"
        "   AND r.at < ? AND (r.at > e.at OR r.at = e.at AND r.id > e.id)))",
        (json.dumps(sorted(cases)), end, EventKind.HANDOVER.value, json.dumps(sorted(skip)),
         EventKind.TRANSFER_SENT.value, EventKind.TRANSFER_RECEIVED.value, end),
    )
    return {row[0] for row in rows}


def _share_base(closed: int | None, by_result: dict[str, Any]) -> int | None:
    """What the solved share is a share of: the closures, less those that
    handed the case to a colleague (it goes on there and is closed there)."""
    handed = by_result.get(HANDED_OVER_RESULT, 0)
    if closed is None or not isinstance(handed, int):
        return None
    return closed - handed


def _resolved_without_handover(count: int, closed: int | None) -> dict[str, Any]:
    return {"count": count, "share": _share(count, closed)}


def _scored_after(uow: UnitOfWork, end: str, scored: Collection[int], withdrawn: frozenset[int]) -> set[int]:
    """Of the cases scored in the period, those whose satisfaction was recorded
    again after it: their score counts in that later period, not in this one.
    Only those cases' later closures and scores are read, found by case id: the
    time after a year long past holds every later case's closure."""
    later: set[int] = set()
    if not scored:
        return later
    for period_case in uow.cases.iter_period(end, _END_OF_TIME, (EventKind.SATISFACTION, EventKind.CLOSED),
                                             skip=withdrawn, only=scored):
        if any(kind == _SATISFACTION or isinstance(event.get("satisfaction"), int)
               for kind, _, event in period_case.events):
            later.add(period_case.case_id)
    return later


def _share(part: int, whole: int | None) -> float | None:
    return round(part / whole, 4) if whole else None


def _calls(tally: _Tally) -> dict[str, Any]:
    total = sum(tally.calls_per_agency.values())
    drie = sum(tally.driegesprek_per_agency.values())
    return {
        "count": total,
        "driegesprek": drie,
        "driegesprek_share": _share(drie, total),
        "per_agency": {
            agency: {"calls": tally.calls_per_agency[agency], "driegesprek": tally.driegesprek_per_agency[agency],
                     "driegesprek_share": _share(tally.driegesprek_per_agency[agency], tally.calls_per_agency[agency])}
            for agency in sorted(tally.calls_per_agency)
        },
        "outcomes": _sorted(tally.outcomes),
    }


def _followup_counts(followups: Iterable[FollowUp], today: date) -> dict[str, Any]:
    made = on_time = late = still_open = overdue = cancelled = 0
    callbacks: dict[str, Counter[str]] = {}
    for f in followups:
        if f.cancelled_at is not None:
            # Neither kept nor broken: not among those made, counted apart.
            cancelled += 1
            continue
        made += 1
        done_day = local(f.done_at).date() if f.done_at is not None else None
        state = "open" if done_day is None else ("on_time" if done_day <= f.due.day else "late")
        if state == "on_time":
            on_time += 1
        elif state == "late":
            late += 1
        else:
            still_open += 1
            if f.due.day < today:
                overdue += 1
        if f.source is FollowUpSource.CALLBACK:
            tally = callbacks.setdefault(f.agency or "onbekend", Counter())
            tally["promised"] += 1
            tally[state] += 1
    return {
        "made": made, "done_on_time": on_time, "done_late": late, "open": still_open, "overdue": overdue,
        "cancelled": cancelled,
        "callbacks": {
            "promised": sum(c["promised"] for c in callbacks.values()),
            "per_agency": {a: {k: callbacks[a][k] for k in ("promised", "on_time", "late", "open")}
                           for a in sorted(callbacks)},
        },
    }


# -- suppression and merging ---------------------------------------------------------

_NEVER_SUPPRESSED = {"schema_version", "min_count", "period"}


def suppress(stats: dict[str, Any], min_count: int) -> dict[str, Any]:
    """Replace every count from 1 to min_count-1 by null, for publication: a
    small number can point at one person in a small municipality. A share or a
    median built on a suppressed count goes too, or it would give it back."""
    def walk(value: Any, key: str) -> Any:
        if key in _NEVER_SUPPRESSED:
            return value
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < min_count:
            return None
        return value

    result: dict[str, Any] = walk(stats, "")
    result["min_count"] = min_count
    calls = result["calls"]
    if calls["count"] is None or calls["driegesprek"] is None:
        calls["driegesprek_share"] = None
    for agency in calls["per_agency"].values():
        if agency["calls"] is None or agency["driegesprek"] is None:
            agency["driegesprek_share"] = None
    contacts = result["contacts"]
    if contacts["count"] is None or any(v is None for v in contacts["minutes_histogram"].values()):
        contacts["minutes_median"] = None
    per_case = result["minutes_per_case"]
    if per_case["cases"] is None or any(v is None for v in per_case["histogram"].values()):
        per_case["median"] = None
    resolved = result.get("resolved_without_handover")
    if isinstance(resolved, dict) and (resolved.get("count") is None or result["cases"]["closed"] is None
                                       or result["cases"]["closed_by_result"].get(HANDED_OVER_RESULT, 0) is None):
        # The share's base is the closures less the hand-overs to colleagues:
        # with either count hidden, the share would give it back.
        resolved["share"] = None
    return result


_REQUIRED_SECTIONS = ("period", "cases", "contacts", "minutes_per_case", "calls", "callbacks", "handovers",
                      "channels", "referrals", "life_events", "agencies_per_case", "followups", "satisfaction")
# Maps keyed by vocabulary codes: sorted, as `stats` writes them, so a merge
# prints exactly what stats over the union would.
_CODE_KEYED = (("cases", "closed_by_result"), ("contacts", "by_kind"), ("calls", "per_agency"),
               ("calls", "outcomes"), ("callbacks", "per_agency"), ("handovers", "per_target"), ("channels",),
               ("referrals",), ("life_events",))


def merge_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        return _merge_stats(parts)
    except (KeyError, TypeError, ValueError, AttributeError):
        # A file that looks like stats at the top but not inside is bad input.
        raise BadInput("error.merge_schema", supported=STATS_SCHEMA_VERSION) from None


def _merge_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Add several workers' stats into a team total; medians and shares are
    recomputed from the summed histograms and counts, so the merge equals the
    stats over the union."""
    if not parts:
        raise BadInput("error.merge_empty")
    for part in parts:
        if not isinstance(part, dict) or part.get("schema_version") != STATS_SCHEMA_VERSION or not all(
                isinstance(part.get(section), dict) for section in _REQUIRED_SECTIONS):
            raise BadInput("error.merge_schema", supported=STATS_SCHEMA_VERSION)
        if part.get("min_count") is not None:
            raise BadInput("error.merge_suppressed")

    def add(a: Any, b: Any) -> Any:
        if isinstance(a, dict) and isinstance(b, dict):
            return {k: add(a.get(k), b.get(k)) for k in sorted(set(a) | set(b), key=_key_order(a, b))}
        if a is None:
            return b
        if b is None:
            return a
        if isinstance(a, int) and isinstance(b, int):
            return a + b
        return a

    merged: dict[str, Any] = parts[0]
    for part in parts[1:]:
        merged = add(merged, part)
    merged["schema_version"] = STATS_SCHEMA_VERSION
    merged["min_count"] = None
    merged["period"] = {"from": min(p["period"]["from"] for p in parts), "to": max(p["period"]["to"] for p in parts)}
    contacts = merged["contacts"]
    contacts["minutes_histogram"] = {k: contacts["minutes_histogram"][k]
                                     for k in sorted(contacts["minutes_histogram"], key=int)}
    contacts["minutes_median"] = _histogram_median(contacts["minutes_histogram"])
    per_case = merged["minutes_per_case"]
    per_case["histogram"] = {k: per_case["histogram"][k] for k in sorted(per_case["histogram"], key=int)}
    per_case["median"] = _histogram_median(per_case["histogram"])
    for path in _CODE_KEYED:
        holder = merged
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = {k: holder[path[-1]][k] for k in sorted(holder[path[-1]])}
    calls = merged["calls"]
    calls["driegesprek_share"] = _share(calls["driegesprek"], calls["count"])
    for agency in calls["per_agency"].values():
        agency["driegesprek_share"] = _share(agency["driegesprek"], agency["calls"])
    # The fields `loket report` added; a file from before them merges without.
    if isinstance(merged.get("visitors_per_week"), dict):
        merged["visitors_per_week"] = {k: merged["visitors_per_week"][k] for k in sorted(merged["visitors_per_week"])}
    if isinstance(merged.get("contacts_by_weekday_hour"), dict):
        grid = merged["contacts_by_weekday_hour"]
        merged["contacts_by_weekday_hour"] = {day: {hour: grid[day][hour] for hour in sorted(grid[day])}
                                              for day in sorted(grid)}
    for added in ("cases_per_agency", "handovers_per_target"):
        if isinstance(merged.get(added), dict):
            merged[added] = {k: merged[added][k] for k in sorted(merged[added])}
    resolved = merged.get("resolved_without_handover")
    if isinstance(resolved, dict):
        by_result = merged["cases"].get("closed_by_result")
        resolved["share"] = _share(resolved["count"], _share_base(merged["cases"]["closed"],
                                                                  by_result if isinstance(by_result, dict) else {}))
    return merged


def _key_order(a: dict[str, Any], b: dict[str, Any]) -> Callable[[str], tuple[int, str]]:
    order = {k: i for i, k in enumerate(list(a) + [k for k in b if k not in a])}
    return lambda k: (order[k], k)


# -- the report (`loket report`) -------------------------------------------------------


class Compare(StrEnum):
    """Which earlier period a report sets beside its own."""

    YEAR = "year"  # the same days a year earlier
    PREVIOUS = "previous"  # the period just before (the previous month for a month)
    NONE = "none"


@dataclass(frozen=True)
class ReportData:
    """The stats object of the period, exactly as `stats` computes (and, with
    `min_count`, suppresses) it, and the earlier period's beside it when the
    store covers that period whole."""

    stats: dict[str, Any]
    earlier: dict[str, Any] | None = None
    # The earlier period asked for, also when the store does not reach back to it.
    earlier_period: tuple[date, date] | None = None
    # The day the store's first case was opened, when that falls inside the
    # earlier period: its counts then cover only part of it, and the report says so.
    store_began: date | None = None


def _a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def earlier_period(first: date, last: date, compare: Compare) -> tuple[date, date] | None:
    if compare is Compare.NONE:
        return None
    if compare is Compare.YEAR:
        return _a_year_before(first), _a_year_before(last)
    whole_month = first.day == 1 and (last + timedelta(days=1)).day == 1 and (first.year, first.month) == (
        last.year, last.month)
    if whole_month:
        end = first - timedelta(days=1)
        return end.replace(day=1), end
    whole_year = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year
    if whole_year:
        return date(first.year - 1, 1, 1), date(first.year - 1, 12, 31)
    length = last - first
    return first - length - timedelta(days=1), first - timedelta(days=1)


def store_first_day(vault: Vault) -> date | None:
    """The local day the store's first case was opened (a clear column)."""
    with vault.read() as uow:
        row = uow.conn.execute("SELECT min(opened_at) FROM cases").fetchone()
    return local(codec.parse_utc(row[0])).date() if row and row[0] else None


def build_report(vault: Vault, first: date, last: date, now: datetime, *, compare: Compare,
                 min_count: int | None = None, progress: Progress | None = None) -> ReportData:
    """Counted once per period, by `compute_stats`: the report shows nothing
    that `stats` for the same period (and `--min-count`) does not. The earlier
    period is counted only when the store reaches back into it."""
    stats = compute_stats(vault, first, last, now, progress=progress)
    earlier: dict[str, Any] | None = None
    before = earlier_period(first, last, compare)
    began = store_first_day(vault) if before else None
    if before and began is not None and began <= before[1]:
        earlier = compute_stats(vault, before[0], before[1], now)
    if min_count is not None:
        stats = suppress(stats, min_count)
        earlier = suppress(earlier, min_count) if earlier is not None else None
    partial = began if earlier is not None and before and began and began > before[0] else None
    return ReportData(stats=stats, earlier=earlier, earlier_period=before, store_began=partial)


def report_from_parts(parts: list[dict[str, Any]], *, min_count: int | None = None) -> ReportData:
    """A team's report: the workers' stats files added up by `merge_stats`."""
    merged = merge_stats(parts)
    return ReportData(stats=suppress(merged, min_count) if min_count is not None else merged)
