"""The pass of `loket stats` over a period: each case's events counted, case
by case, into a tally (and the weeks and hours of the contacts).

Records are read as plain fields rather than domain objects: a year is
hundreds of thousands. Nothing counted here holds personal data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from loketcli.domain.clock import local
from loketcli.domain.model import CloseResult, EventKind
from loketcli.services.period import Progress
from loketcli.storage.cases import PeriodCase
from loketcli.storage.vault import UnitOfWork

CONTACT_KINDS = (EventKind.INTAKE, EventKind.CONSULT, EventKind.CALL, EventKind.HANDOVER)


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
    # Closures as solved of cases that had no hand-over, once settled (stats._Part.count).
    solved_alone: int = 0

    def add(self, other: _Tally) -> None:
        """Another tally of other cases (the second process's half) added in."""
        self.visitors += other.visitors
        self.new_cases += other.new_cases
        self.solved_alone += other.solved_alone
        for name in ("contacts_by_kind", "contact_minutes", "minutes_per_case", "calls_per_agency",
                     "driegesprek_per_agency", "outcomes", "handovers", "handover_targets", "closed_by_result",
                     "satisfaction", "agencies_per_case", "cases_per_agency", "channels", "referrals", "life_events"):
            getattr(self, name).update(getattr(other, name))
        for target, kinds in other.handovers_by_target.items():
            self.handovers_by_target.setdefault(target, Counter()).update(kinds)
        # Per case: the halves hold different cases.
        self.scored.update(other.scored)
        self.solved.update(other.solved)


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return {k: counter[k] for k in sorted(counter)}



def _tally_events(uow: UnitOfWork, start: str, end: str, withdrawn: frozenset[int],
                  case_range: tuple[int | None, int | None] | None, progress: Progress | None, total: int,
                  along_cases: bool = False) -> tuple[_Tally, _Rhythm]:
    """The pass over the period's events (of the cases with ids in [low, high), if
    given; a missing bound is no bound)."""
    tally = _Tally()
    rhythm = _Rhythm()
    done = 0
    for period_case in uow.cases.iter_period(start, end, _COUNTED_KINDS, skip=withdrawn, unread=_UNREAD_KINDS,
                                             case_range=case_range, along_cases=along_cases):
        _count_case(tally, rhythm, period_case, start <= period_case.opened_at < end)
        done += len(period_case.events)
        if progress:
            progress(done, total)
    return tally, rhythm


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
    hours = rhythm.hours
    slots = rhythm.slots
    for kind, at, event in period_case.events:
        if kind == _CLOSED:
            result = str(event.get("result"))
            tally.closed_by_result[result] += 1
            if result == _SOLVED:
                tally.solved[case_id] = tally.solved.get(case_id, 0) + 1
            given = event.get("satisfaction")
            score = given if isinstance(given, int) else score
            continue
        if kind == _SATISFACTION:
            given = event.get("score")
            score = given if isinstance(given, int) else score
            continue
        # A contact (only the kinds counted are read): by its UTC hour for the
        # weekday-and-hour grid, which is worked out from the hours at the end.
        by_kind[kind] += 1
        contacts += 1
        hour = at[:13]
        hours[hour] += 1
        weeks.add((slots.get(hour) or rhythm.slot(hour))[2])
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


# Plain strings: an enum's .value costs an attribute lookup per record in a year's scan.
_INTAKE, _CALL, _HANDOVER, _CLOSED = (EventKind.INTAKE.value, EventKind.CALL.value, EventKind.HANDOVER.value,
                                      EventKind.CLOSED.value)
_SATISFACTION = EventKind.SATISFACTION.value
_END_OF_TIME = "9999-12-31T23:59:59Z"
# Notes, follow-up and correction events do not count; they are not even opened.
_COUNTED_KINDS = (*CONTACT_KINDS, EventKind.CLOSED, EventKind.SATISFACTION)
# The intake's minutes are read from the case (as last corrected): its event is
# opened, so a changed clear column is refused, but its fields are not needed.
_UNREAD_KINDS = frozenset({_INTAKE})
_SOLVED = CloseResult.SOLVED.value


# -- when the desk is busy (added for `loket report`) -------------------------------------


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class _Rhythm:
    """`visitors_per_week`: cases with a contact in each (ISO, local) week of the
    period, every week listed; `contacts_by_weekday_hour`: contacts by local
    weekday (1 = Monday) and hour ("09"), only the hours that had any. Counted
    in the main pass from each contact's clear UTC time (a time is not personal
    data): contacts by UTC hour, and each UTC hour's local slot (weekday, hour,
    ISO week) worked out once, when first met."""

    def __init__(self) -> None:
        self.hours: Counter[str] = Counter()  # UTC hour ("2026-11-24T09") -> contacts
        # UTC hour -> (local weekday, local hour, local ISO week).
        self.slots: dict[str, tuple[str, str, str]] = {}
        self.weeks: Counter[str] = Counter()  # week -> cases; the pass adds each case's weeks once

    def add(self, other: _Rhythm) -> None:
        """Another part's weeks and hours added in (each case is in one part only)."""
        self.weeks.update(other.weeks)
        self.hours.update(other.hours)
        self.slots.update(other.slots)

    def slot(self, utc_hour: str) -> tuple[str, str, str]:
        """The local slot of a UTC hour (`2026-11-24T09`), worked out once per hour."""
        moment = local(datetime.fromisoformat(utc_hour + ":00:00+00:00"))
        found = self.slots[utc_hour] = (str(moment.isoweekday()), f"{moment.hour:02d}", iso_week(moment.date()))
        return found

    def fields(self, first: date, last: date) -> dict[str, Any]:
        every_week: dict[str, int] = {}
        day = first
        while day <= last:
            every_week.setdefault(iso_week(day), 0)
            day += timedelta(days=1)
        grid: dict[str, Counter[str]] = {}
        for utc_hour, contacts in self.hours.items():
            weekday, hour, _ = self.slots[utc_hour]
            grid.setdefault(weekday, Counter())[hour] += contacts
        return {
            "visitors_per_week": {week: self.weeks[week] for week in sorted(every_week)},
            "contacts_by_weekday_hour": {weekday: _sorted(grid[weekday]) for weekday in sorted(grid)},
        }
