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
    visitors: set[int] = field(default_factory=set)
    contacts_by_kind: Counter[str] = field(default_factory=Counter)
    contact_minutes: Counter[int] = field(default_factory=Counter)
    case_minutes: dict[int, int] = field(default_factory=dict)
    calls_per_agency: Counter[str] = field(default_factory=Counter)
    driegesprek_per_agency: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    handovers: Counter[str] = field(default_factory=Counter)
    handover_targets: Counter[str] = field(default_factory=Counter)
    closed_by_result: Counter[str] = field(default_factory=Counter)
    satisfaction: Counter[str] = field(default_factory=Counter)
    agencies_by_case: dict[int, set[str]] = field(default_factory=dict)
    handovers_by_target: dict[str, Counter[str]] = field(default_factory=dict)


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


# Above this many records a period is counted in two processes, one per core.
PARALLEL_THRESHOLD = 40_000


def compute_stats(vault: Vault, first: date, last: date, now: datetime, *,
                  progress: Progress | None = None) -> dict[str, Any]:
    """The programme's counts for [first, last] (local dates), as JSON-ready data.

    A long period (a year of a busy desk) is split by case id over two
    processes; the halves are added up with `merge_stats`, which is exact
    because every count is per case and medians come from the histograms."""
    start, end = utc_bounds(first, last)
    with vault.read() as uow:
        total = uow.cases.count_events_between(start, end, _COUNTED_KINDS)
    if total < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return _stats_part(vault, first, last, now, progress=progress, shard=None)
    return _stats_in_two(vault, first, last, now, progress)


def _stats_in_two(vault: Vault, first: date, last: date, now: datetime, progress: Progress | None
                  ) -> dict[str, Any]:
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
            writer.send(("ok", _stats_part(type(vault)(store, vault.vault_key), first, last, now,
                                           progress=None, shard=(2, 1))))
        except LoketError as error:
            writer.send(("error", error.key))
        except BaseException:  # noqa: BLE001 - reported to the parent by name only
            writer.send(("error", "error.generic"))
        finally:
            os._exit(0)

    child = context.Process(target=other_half, daemon=True)
    child.start()
    halved = (lambda done, total: progress(done * 2, total * 2)) if progress else None
    mine = _stats_part(vault, first, last, now, progress=halved, shard=(2, 0))
    status, theirs = reader.recv()
    child.join()
    if status != "ok":
        raise LoketError(str(theirs))
    return merge_stats([mine, theirs])


def _stats_part(vault: Vault, first: date, last: date, now: datetime, *, progress: Progress | None,
                shard: tuple[int, int] | None) -> dict[str, Any]:
    """One pass over the period's events, grouped by case. Every case opened in
    the period has its intake event in it, so the same pass counts the new
    cases' channel, referral and life events. Records are read as plain
    fields rather than domain objects: a year is hundreds of thousands."""
    start, end = utc_bounds(first, last)
    tally = _Tally()
    new_cases = 0
    channels: Counter[str] = Counter()
    referrals: Counter[str] = Counter()
    life_events: Counter[str] = Counter()
    solved: dict[int, int] = {}
    with vault.read() as uow:
        total = uow.cases.count_events_between(start, end, _COUNTED_KINDS) // (shard[0] if shard else 1)
        done = 0
        # Withdrawn entries count nowhere, whenever they were withdrawn.
        withdrawn = uow.cases.withdrawn_event_ids()
        scored_later = _scored_after(uow, end, shard, withdrawn)
        for period_case in uow.cases.iter_period(start, end, _COUNTED_KINDS, shard, skip=withdrawn):
            case_id = period_case.case_id
            active = False
            agencies: set[str] = set()
            opened_now = start <= period_case.opened_at < end
            intake: dict[str, Any] = {}
            score: int | None = None
            if opened_now or any(kind not in _NO_INTAKE_NEEDED for kind, _ in period_case.events):
                loaded = period_case.fields().get("intake") or {}
                assert isinstance(loaded, dict)
                intake = loaded
            for kind, event in period_case.events:
                if kind == _INTAKE:
                    # The intake counts with its minutes as (last) corrected by `loket edit`.
                    event = {**event, "minutes": intake.get("minutes")}
                active = _count_event(tally, case_id, kind, event, agencies) or active
                if kind == _CLOSED and event.get("result") == _SOLVED:
                    solved[case_id] = solved.get(case_id, 0) + 1
                if kind in _SCORED:
                    given = event.get("score") if kind == _SATISFACTION else event.get("satisfaction")
                    score = given if isinstance(given, int) else score
            # A case's satisfaction counts once: its latest recording, in the
            # period of that recording (so months add up to the year).
            if score is not None and case_id not in scored_later:
                tally.satisfaction[str(score)] += 1
            if active or opened_now:
                if opened_now:
                    new_cases += 1
                    channels[str(intake.get("channel"))] += 1
                    referrals[str(intake.get("referred_by") or "onbekend")] += 1
                    life_events.update(str(x) for x in intake.get("life_events") or ())
                if active:
                    tally.visitors.add(case_id)
                    agencies.update(str(a) for a in intake.get("agencies") or ())
                    tally.agencies_by_case[case_id] = agencies
            done += len(period_case.events)
            if progress:
                progress(done, total)
        # Open at the end is decided by the last close or reopen before the end,
        # not by today's status: a case closed in the period and reopened later
        # was not open at the period's end.
        modulus, remainder = shard or (1, 0)
        open_at_end = uow.conn.execute(
            "SELECT count(*) FROM cases c WHERE c.opened_at < :end AND c.id % :m = :r AND COALESCE(("
            " SELECT e.kind FROM events e WHERE e.case_id = c.id AND e.kind IN ('gesloten', 'heropend')"
            " AND e.at < :end ORDER BY e.at DESC, e.id DESC LIMIT 1), 'heropend') <> 'gesloten'",
            {"end": end, "m": modulus, "r": remainder},
        ).fetchone()[0]
        followups = _followup_counts(uow.followups.created_between(start, end, shard), now.date())
        rhythm = _contact_rhythm(uow.conn, first, last, shard, skip=withdrawn)
        handed_over = _cases_with_handover(uow.conn, start, end, shard, skip=withdrawn)
    per_case = {str(k): v for k, v in Counter(tally.case_minutes.values()).items()}
    contact_hist = _hist(tally.contact_minutes)
    bucket: Counter[str] = Counter()
    for involved in tally.agencies_by_case.values():
        n = len(involved)
        bucket["0" if n == 0 else "1" if n == 1 else "2" if n == 2 else "3+"] += 1
    return {
        "schema_version": STATS_SCHEMA_VERSION,
        "period": {"from": first.isoformat(), "to": last.isoformat()},
        "min_count": None,
        "visitors_helped": len(tally.visitors),
        "cases": {
            "new": new_cases,
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
            "cases": len(tally.case_minutes),
            "total": sum(tally.case_minutes.values()),
            "median": _histogram_median(per_case),
            "histogram": {k: per_case[k] for k in sorted(per_case, key=int)},
        },
        "calls": _calls(tally),
        "callbacks": followups.pop("callbacks"),
        "handovers": {"warm": tally.handovers["warm"], "cold": tally.handovers["cold"],
                      "per_target": _sorted(tally.handover_targets)},
        "channels": _sorted(channels),
        "referrals": _sorted(referrals),
        "life_events": _sorted(life_events),
        "agencies_per_case": {k: bucket[k] for k in ("0", "1", "2", "3+")},
        "followups": followups,
        "satisfaction": {**{str(i): tally.satisfaction[str(i)] for i in range(1, 6)},
                         "recorded": sum(tally.satisfaction.values())},
        **rhythm,
        "cases_per_agency": _sorted(Counter(a for involved in tally.agencies_by_case.values() for a in involved)),
        "handovers_per_target": {target: {"warm": kinds["warm"], "cold": kinds["cold"]}
                                 for target, kinds in sorted(tally.handovers_by_target.items())},
        "resolved_without_handover": _resolved_without_handover(
            sum(n for case_id, n in solved.items() if case_id not in handed_over),
            _share_base(sum(tally.closed_by_result.values()), tally.closed_by_result)),
    }


_CONTACT_KIND_VALUES = frozenset(k.value for k in CONTACT_KINDS)
# Plain strings: an enum's .value costs an attribute lookup per record in a year's scan.
_INTAKE, _CALL, _HANDOVER, _CLOSED = (EventKind.INTAKE.value, EventKind.CALL.value, EventKind.HANDOVER.value,
                                      EventKind.CLOSED.value)
_SATISFACTION = EventKind.SATISFACTION.value
_SCORED = frozenset({_CLOSED, _SATISFACTION})
_NO_INTAKE_NEEDED = _SCORED
_END_OF_TIME = "9999-12-31T23:59:59Z"
# Notes, follow-up and correction events do not count; they are not even opened.
_COUNTED_KINDS = (*CONTACT_KINDS, EventKind.CLOSED, EventKind.SATISFACTION)
_SOLVED = CloseResult.SOLVED.value


# -- when the desk is busy, and what it solves itself (added for `loket report`) ------------
#
# Both read only the clear index (kind, time, case id), never a payload: the
# time of a contact is not personal data, and a year of contacts is counted
# without opening a record.


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _contact_rhythm(conn: Any, first: date, last: date, shard: tuple[int, int] | None,
                    skip: Collection[int] = ()) -> dict[str, Any]:
    """`visitors_per_week`: cases with a contact in each (ISO, local) week of the
    period, every week listed; `contacts_by_weekday_hour`: contacts by local
    weekday (1 = Monday) and hour ("09"), only the hours that had any. Events
    whose id is in `skip` (entries withdrawn) do not count."""
    start, end = utc_bounds(first, last)
    modulus, remainder = shard or (1, 0)
    marks = ", ".join("?" for _ in CONTACT_KINDS)
    rows = conn.execute(
        f"SELECT case_id, substr(at, 1, 13), count(*) FROM events WHERE at >= ? AND at < ? AND kind IN ({marks})"
        " AND case_id % ? = ? AND id NOT IN (SELECT value FROM json_each(?)) GROUP BY case_id, substr(at, 1, 13)",
        (start, end, *(k.value for k in CONTACT_KINDS), modulus, remainder, json.dumps(sorted(skip))),
    )
    local_hour: dict[str, tuple[str, str, str]] = {}
    grid: dict[str, Counter[str]] = {}
    weeks: dict[str, set[int]] = {}
    for case_id, utc_hour, count in rows:
        slot = local_hour.get(utc_hour)
        if slot is None:
            moment = local(datetime.fromisoformat(utc_hour + ":00:00+00:00"))
            slot = local_hour[utc_hour] = (str(moment.isoweekday()), f"{moment.hour:02d}", iso_week(moment.date()))
        weekday, hour, week = slot
        grid.setdefault(weekday, Counter())[hour] += count
        weeks.setdefault(week, set()).add(case_id)
    every_week: dict[str, int] = {}
    day = first
    while day <= last:
        every_week.setdefault(iso_week(day), 0)
        day += timedelta(days=1)
    return {
        "visitors_per_week": {week: len(weeks.get(week, ())) for week in sorted(every_week)},
        "contacts_by_weekday_hour": {weekday: _sorted(grid[weekday]) for weekday in sorted(grid)},
    }


def _cases_with_handover(conn: Any, start: str, end: str, shard: tuple[int, int] | None,
                         skip: Collection[int] = ()) -> set[int]:
    """The cases closed in the period that had a hand-over on their timeline
    before the period's end (also one before the period began), or that were
    handed to a colleague (`transfer send`) by then and not received back since:
    the desk did not solve those itself. A hand-over whose id is in `skip`
    (withdrawn) does not count. A received case carries the sender's
    `collega-overdracht` entries, older than its own `collega-ontvangst`."""
    modulus, remainder = shard or (1, 0)
    rows = conn.execute(
        "SELECT DISTINCT e.case_id FROM events e WHERE e.at < ? AND e.case_id % ? = ? AND e.case_id IN ("
        " SELECT case_id FROM events WHERE kind = ? AND at >= ? AND at < ?)"
        " AND (e.kind = ? AND e.id NOT IN (SELECT value FROM json_each(?))"
        "  OR e.kind = ? AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = e.case_id AND r.kind = ?"
        "   AND r.at < ? AND (r.at > e.at OR r.at = e.at AND r.id > e.id)))",
        (end, modulus, remainder, EventKind.CLOSED.value, start, end, EventKind.HANDOVER.value,
         json.dumps(sorted(skip)), EventKind.TRANSFER_SENT.value, EventKind.TRANSFER_RECEIVED.value, end),
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


def _count_event(tally: _Tally, case_id: int, kind: str, event: dict[str, Any], agencies: set[str]) -> bool:
    """Count one event's plain fields; True when it is a contact with the visitor."""
    contact = kind in _CONTACT_KIND_VALUES
    if contact:
        tally.contacts_by_kind[kind] += 1
        minutes = event.get("minutes")
        if isinstance(minutes, int):
            tally.contact_minutes[minutes] += 1
        tally.case_minutes[case_id] = tally.case_minutes.get(case_id, 0) + (minutes if isinstance(minutes, int)
                                                                              else 0)
    if kind == _CALL:
        agency = str(event.get("agency"))
        tally.calls_per_agency[agency] += 1
        if event.get("driegesprek"):
            tally.driegesprek_per_agency[agency] += 1
        tally.outcomes[str(event.get("outcome"))] += 1
        agencies.add(agency)
    elif kind == _HANDOVER:
        tally.handovers["warm" if event.get("warm") else "cold"] += 1
        target = str(event.get("to"))
        tally.handover_targets[target] += 1
        tally.handovers_by_target.setdefault(target, Counter())["warm" if event.get("warm") else "cold"] += 1
        agencies.add(target)
    elif kind == _CLOSED:
        tally.closed_by_result[str(event.get("result"))] += 1
    return contact


def _scored_after(uow: UnitOfWork, end: str, shard: tuple[int, int] | None, withdrawn: frozenset[int]) -> set[int]:
    """Cases whose satisfaction was recorded again after the period: their
    score counts in that later period, not in this one."""
    later: set[int] = set()
    for period_case in uow.cases.iter_period(end, _END_OF_TIME, (EventKind.SATISFACTION, EventKind.CLOSED), shard,
                                             skip=withdrawn):
        if any(kind == _SATISFACTION or isinstance(event.get("satisfaction"), int)
               for kind, event in period_case.events):
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
