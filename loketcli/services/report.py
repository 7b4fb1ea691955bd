"""The report (`loket report`), as data: a period's stats and the earlier
period's beside it, counted by `compute_stats` exactly as `stats` counts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from loketcli.domain.clock import local
from loketcli.services.period import Progress
from loketcli.services.stats import compute_stats
from loketcli.services.stats_team import merge_stats, suppress
from loketcli.storage import codec
from loketcli.storage.vault import Vault


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
