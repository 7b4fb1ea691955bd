"""The monthly counts (`loket stats`), as data.

Everything here streams: the period's events are selected on a clear index
(`at` for a short period, `(case_id, kind, at)` for a long one) and opened one
by one, each case key unwrapped once per case. Nothing returned by
`compute_stats` holds personal data.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from loketcli.domain.model import HANDED_OVER_RESULT, EventKind
from loketcli.services.period import Progress, utc_bounds
from loketcli.services.stats_tally import (
    _COUNTED_KINDS,
    _END_OF_TIME,
    _SATISFACTION,
    _Rhythm,
    _sorted,
    _Tally,
    _tally_events,
)
from loketcli.storage.followups import FollowUpFacts
from loketcli.storage.vault import UnitOfWork, Vault
from loketcli.system import can_fork, start_forked

STATS_SCHEMA_VERSION = 1


def _histogram_median(histogram: dict[str, int]) -> float | None:
    """The median of the values a histogram counts, as statistics.median gives
    it (the mean of the two middle ones for an even count), walked over the
    counts: importing `statistics` costs every `stats` run 4 ms."""
    ordered = sorted((int(value), count) for value, count in histogram.items() if count)
    total = sum(count for _, count in ordered)
    if not total:
        return None

    def nth(index: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if index < seen:
                return value
        raise IndexError(index)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _hist(counter: Counter[int] | Iterable[int]) -> dict[str, int]:
    counts = Counter(counter) if not isinstance(counter, Counter) else counter
    return {str(k): counts[k] for k in sorted(counts)}


# Above this many records (of any kind) in the period, the events are counted
# in two processes, one per core, each a range of the cases (MY_SHARE); everything else once.
PARALLEL_THRESHOLD = 40_000
# Where walking the events' (case, kind, at) index beats sorting the period's
# rows from the `at` index: measured here, from about a quarter of all events.
ALONG_CASES_SHARE = 4


def compute_stats(vault: Vault, first: date, last: date, now: datetime, *,
                  progress: Progress | None = None) -> dict[str, Any]:
    """The programme's counts for [first, last] (local dates), as JSON-ready data.

    One pass over the period's events, grouped by case. Every case opened in
    the period has its intake event in it, so the same pass counts the new
    cases' channel, referral and life events, and the contacts' clear times
    give the report's weeks and hours. Records are read as plain fields rather
    than domain objects: a year is hundreds of thousands. For a long period
    (a year of a busy desk) that pass is split by case id over two processes
    (`_count_in_two`); the counts over all cases (open at the end, follow-ups)
    are made once, in one of them."""
    start, end = utc_bounds(first, last)
    with vault.read() as uow:
        uow.require_every_case()
        # About how many records of every kind, from a sample of a few thousand.
        sample = uow.cases.period_sample(start, end)
        total = 0
        if progress:
            # Only for the bar (at a terminal): counting these kinds reads every row of the period.
            total = uow.cases.count_events_between(start, end, _COUNTED_KINDS)
        # Withdrawn entries count nowhere, whenever they were withdrawn.
        withdrawn = uow.cases.withdrawn_event_ids()
        # A period with a quarter or more of all events is walked in case order (see iter_period).
        along_cases = sample.events * ALONG_CASES_SHARE >= sample.event_id_bound
        part = _Part(start, end, withdrawn, along_cases)
        split = sample.case_id_splitting(MY_SHARE)
        if sample.events < PARALLEL_THRESHOLD or split is None or (os.cpu_count() or 1) < 2 or not can_fork():
            tally, rhythm = part.count(uow, None, progress, total)
            open_at_end, followups = _case_wide(uow, start, end, now)
        else:
            tally, rhythm, open_at_end, followups = _count_in_two(vault, uow, part, split, now, progress, total)
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
            tally.solved_alone, _share_base(sum(tally.closed_by_result.values()), tally.closed_by_result)),
    }



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
    return int(open_at_end), _followup_counts(uow.followups.counted_between(start, end), now.date())


@dataclass(frozen=True)
class _Part:
    """How the period's events are counted, the same in either process."""

    start: str
    end: str
    withdrawn: frozenset[int]
    along_cases: bool

    def count(self, uow: UnitOfWork, case_range: tuple[int | None, int | None] | None, progress: Progress | None,
              total: int) -> tuple[_Tally, _Rhythm]:
        """The events of the cases in `case_range` (all: None) counted, and
        settled against those cases' rows outside the period: later scores,
        hand-overs before it. Settled per part, since each part holds its own
        cases, so the two processes do this at the same time too."""
        tally, rhythm = _tally_events(uow, self.start, self.end, self.withdrawn, case_range, progress, total,
                                      self.along_cases)
        # A case's satisfaction counts once: its latest recording, in the
        # period of that recording (so months add up to the year).
        scored_later = _scored_after(uow, self.end, tally.scored, self.withdrawn)
        for case_id, score in tally.scored.items():
            if case_id not in scored_later:
                tally.satisfaction[str(score)] += 1
        handed_over = _cases_with_handover(uow.conn, self.end, tally.solved, skip=self.withdrawn)
        tally.solved_alone = sum(n for case_id, n in tally.solved.items() if case_id not in handed_over)
        # Settled: not carried back from the other process.
        tally.scored.clear()
        tally.solved.clear()
        return tally, rhythm


# The split by case id: this process counts the cases below a case id that
# leaves it about MY_SHARE of the period's events, the forked one the cases
# from there on and the counts over all cases (about a fifth of the work), so
# that both finish at about the same time. Each walks only its own part of the
# indexes.
MY_SHARE = 0.58


def _count_in_two(vault: Vault, uow: UnitOfWork, part: _Part, split: int, now: datetime,
                  progress: Progress | None, total: int) -> tuple[_Tally, _Rhythm, int, dict[str, Any]]:
    """Part of the cases' events counted here, the others and the counts over
    all cases in a forked process, at the same time; the two tallies are
    added up (every count is per case, so the sum is exact)."""
    from loketcli.errors import LoketError

    def other_part() -> tuple[str, object]:
        from loketcli.storage.db import open_store

        # A fresh connection: SQLite connections must not cross a fork.
        try:
            store = open_store(vault.store.path, migrate=False)
            with type(vault)(store, vault.vault_key).read() as child_uow:
                return "ok", (*part.count(child_uow, (split, None), None, 0),
                              *_case_wide(child_uow, part.start, part.end, now))
        except LoketError as error:
            # The same error here (its class by reference, key and parameters, which are never personal).
            return "error", (type(error), error.key, error.params)

    other = start_forked(other_part)
    if other is None:  # no process to be had just now: all of it here
        return *part.count(uow, None, progress, total), *_case_wide(uow, part.start, part.end, now)
    # The bar follows this process's share, scaled to the whole.
    share = max(MY_SHARE, 0.01)
    scaled = (lambda done, whole: progress(min(whole, int(done / share)), whole)) if progress else None
    try:
        tally, rhythm = part.count(uow, (None, split), scaled, total)
    except BaseException:
        other.abandon()
        raise
    status, theirs = cast("tuple[str, Any]", other.result())
    if status != "ok":
        kind, key, params = cast("tuple[type[LoketError], str, dict[str, Any]]", theirs)
        raise kind(key, **params)
    their_tally, their_rhythm, open_at_end, followups = cast("tuple[_Tally, _Rhythm, int, dict[str, Any]]", theirs)
    tally.add(their_tally)
    rhythm.add(their_rhythm)
    return tally, rhythm, open_at_end, followups


# -- what the desk solves itself (added for `loket report`), and the figures of the counts ---


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


def _followup_counts(followups: Iterable[FollowUpFacts], today: date) -> dict[str, Any]:
    made = on_time = late = still_open = overdue = cancelled = 0
    callbacks: dict[str, Counter[str]] = {}
    for f in followups:
        if f.cancelled:
            # Neither kept nor broken: not among those made, counted apart.
            cancelled += 1
            continue
        made += 1
        state = "open" if f.done_on is None else ("on_time" if f.done_on <= f.due else "late")
        if state == "on_time":
            on_time += 1
        elif state == "late":
            late += 1
        else:
            still_open += 1
            if f.due < today:
                overdue += 1
        if f.callback:
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
