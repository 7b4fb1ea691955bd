"""What `loket report` shows, as plain data in the UI language: figures,
sections and charts, each chart with its numbers. Built from the stats object
only (`compute_stats`, possibly suppressed or merged), so every number in the
report is one that `loket stats` prints for the same period; the HTML page and
the terminal view both draw from this one model.

A number that stats suppressed (`null`) stays `None` here and is shown as "–";
a total or share that would include it is `None` too, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from loketcli.domain.vocab import data_dir
from loketcli.i18n import current_language, t

Number = int | None


@dataclass(frozen=True)
class Figure:
    """A headline number: its label, the value as text, a short detail, and the earlier period's value."""

    key: str
    label: str
    value: str
    detail: str | None = None
    earlier: str | None = None


@dataclass(frozen=True)
class ChartRow:
    label: str
    values: tuple[Number, ...]
    note: str | None = None


@dataclass(frozen=True)
class Chart:
    """`kind` is how it is drawn: "bars" (horizontal, one bar per series, e.g. this
    period and a year earlier), "stacked" (horizontal, the series are parts of one
    bar), "columns" (vertical, an ordered axis: weeks, minutes) or "grid" (rows
    by `columns`, e.g. weekday by hour)."""

    key: str
    title: str
    description: str
    kind: str
    series: tuple[str, ...]
    rows: tuple[ChartRow, ...]
    columns: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(v for row in self.rows for v in row.values)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    period: str
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...]
    notes: tuple[str, ...]
    earlier_period: str | None = None  # "oktober 2025", when the figures carry an earlier value


# -- labels ---------------------------------------------------------------------------------


@cache
def _vocabulary(name: str, lang: str) -> dict[str, str]:
    """code -> label in `lang`. A term's English label is `label_en` in data/*.json;
    where a term has none yet, its Dutch label is used."""
    try:
        raw = json.loads((data_dir() / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    labels: dict[str, str] = {}
    for term in raw.get("terms", ()):
        if isinstance(term, dict) and "code" in term:
            labels[str(term["code"])] = str(term.get(f"label_{lang}") or term.get("label") or term["code"])
    return labels


def term_label(vocabulary: str, code: str) -> str:
    """The label of a vocabulary code in the UI language; an unknown code (a desk's
    own term, `onbekend`) is shown as it is."""
    if code in ("onbekend", "None"):
        return t("report.unknown")
    return _vocabulary(vocabulary, current_language()).get(code, code)


def _known(key: str, code: str) -> str:
    text = t(key)
    return code if text == key else text


def result_label(code: str) -> str:
    return _known("result." + code, code)


def outcome_label(code: str) -> str:
    return _known("outcome." + code, code)


def kind_label(code: str) -> str:
    return _known("event." + code, code)


def weekday_label(iso_weekday: str) -> str:
    return t(f"weekday.{int(iso_weekday) - 1}")


def date_text(day: date) -> str:
    return f"{day.day} {t(f'month.{day.month}')} {day.year}"


def period_text(first: str, last: str) -> str:
    """"november 2026" for a whole month, "2026" for a whole year, otherwise the two days."""
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    if a.day == 1 and (a.year, a.month) == (b.year, b.month) and (b.toordinal() + 1 == _next_month(a).toordinal()):
        return f"{t(f'month.{a.month}')} {a.year}"
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return str(a.year)
    return t("report.period", first=date_text(a), last=date_text(b))


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


# -- numbers as text ------------------------------------------------------------------------


def number_text(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.1f}".removesuffix(".0")
        return text.replace(".", ",") if current_language() == "nl" else text
    return f"{value:,}".replace(",", "." if current_language() == "nl" else ",")


def share_text(share: float | None) -> str:
    if share is None:
        return "–"
    return f"{round(share * 100)}%"


def _ratio(part: Number, whole: Number) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _total(values: Any) -> Number:
    """The sum of counts, or None when one of them was suppressed."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += int(value)
    return total


def _get(stats: dict[str, Any] | None, *path: str) -> Any:
    value: Any = stats
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


# -- the model --------------------------------------------------------------------------------


MINUTE_BUCKETS = ((0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 45), (46, 60))
CASE_MINUTE_BUCKETS = ((0, 15), (16, 30), (31, 60), (61, 90), (91, 120), (121, 180))


def _buckets(histogram: dict[str, Number] | None, bounds: tuple[tuple[int, int], ...]) -> list[tuple[str, Number]]:
    """A minutes histogram (minutes -> count) in ranges; the last range is open."""
    histogram = histogram or {}
    ranges = [*bounds, (bounds[-1][1] + 1, None)]
    found: list[tuple[str, Number]] = []
    for low, high in ranges:
        parts = [count for minutes, count in histogram.items()
                 if int(minutes) >= low and (high is None or int(minutes) <= high)]
        label = (t("report.minutes_range", low=low, high=high) if high is not None
                 else t("report.minutes_over", low=low - 1))
        found.append((label, _total(parts)))
    return found


class _Builder:
    def __init__(self, stats: dict[str, Any], earlier: dict[str, Any] | None, earlier_series: str) -> None:
        self.stats = stats
        self.earlier = earlier
        self.series = (t("report.series_now"), earlier_series) if earlier is not None else (t("report.series_now"),)

    def compared(self, key: str, title: str, description: str, path: tuple[str, ...], label: Any,
                 order: list[str] | None = None, kind: str = "bars") -> Chart:
        """One count per code, this period beside the earlier one."""
        now: dict[str, Number] = _get(self.stats, *path) or {}
        before: dict[str, Number] = _get(self.earlier, *path) or {}
        codes = order if order is not None else sorted(set(now) | set(before),
                                                       key=lambda c: (-(now.get(c) or 0), label(c).casefold()))
        rows = []
        for code in codes:
            values: tuple[Number, ...] = (now.get(code, 0),)
            if self.earlier is not None:
                values += (before.get(code, 0),)
            rows.append(ChartRow(label(code), values))
        return Chart(key, title, description, kind, self.series, tuple(rows))


def build_model(stats: dict[str, Any], *, earlier: dict[str, Any] | None = None, compare: str = "none",
                 team_files: int = 0, made: date | None = None, earlier_missing: tuple[str, str] | None = None,
                 store_began: date | None = None) -> Report:
    lang = current_language()
    earlier_series = t("report.series_year") if compare == "year" else t("report.series_previous")
    b = _Builder(stats, earlier, earlier_series)
    first, last = stats["period"]["from"], stats["period"]["to"]
    notes: list[str] = []
    if team_files:
        notes.append(t("report.team_files", count=team_files))
    if earlier is not None:
        earlier_period = period_text(earlier["period"]["from"], earlier["period"]["to"])
        notes.append(t("report.compare_year" if compare == "year" else "report.compare_previous",
                       period=earlier_period))
        if store_began is not None:
            notes.append(t("report.compare_partial", day=date_text(store_began)))
    elif earlier_missing is not None:
        notes.append(t("report.compare_missing", period=period_text(*earlier_missing)))
    if stats.get("min_count") is not None:
        notes.append(t("report.suppressed", below=int(stats["min_count"]) - 1))
    if made is not None:
        notes.append(t("report.made", day=date_text(made)))
    return Report(
        lang=lang,
        title=t("report.title_team" if team_files else "report.title"),
        period=period_text(first, last),
        figures=_figures(stats, earlier),
        sections=_sections(b),
        notes=tuple(notes),
        earlier_period=period_text(earlier["period"]["from"], earlier["period"]["to"]) if earlier else None,
    )


def _figures(stats: dict[str, Any], earlier: dict[str, Any] | None) -> tuple[Figure, ...]:
    def fig(key: str, label_key: str, getter: Any, detail: str | None = None) -> Figure:
        value = getter(stats)
        before = getter(earlier) if earlier is not None else None
        return Figure(key, t(label_key), value, detail, before)

    def count(*path: str) -> Any:
        return lambda s: number_text(_get(s, *path))

    def satisfied(s: dict[str, Any]) -> str:
        sat = _get(s, "satisfaction") or {}
        happy = _total((sat.get("4"), sat.get("5")))
        return share_text(_ratio(happy, sat.get("recorded")))

    def solo(s: dict[str, Any]) -> str:
        return share_text(_get(s, "resolved_without_handover", "share"))

    closed = _get(stats, "cases", "closed")
    recorded = _get(stats, "satisfaction", "recorded")
    calls = _get(stats, "calls", "count")
    return (
        fig("visitors_helped", "report.fig_visitors", count("visitors_helped")),
        fig("cases.new", "report.fig_new", count("cases", "new")),
        fig("cases.closed", "report.fig_closed", count("cases", "closed")),
        fig("cases.open_at_end", "report.fig_open", count("cases", "open_at_end")),
        fig("contacts.count", "report.fig_contacts", count("contacts", "count")),
        fig("contacts.minutes_median", "report.fig_median_contact", count("contacts", "minutes_median")),
        fig("minutes_per_case.median", "report.fig_median_case", count("minutes_per_case", "median")),
        fig("satisfaction.recorded", "report.fig_answered", count("satisfaction", "recorded"),
            t("report.fig_detail_answered")),
        fig("satisfaction.satisfied", "report.fig_satisfied", satisfied,
            t("report.fig_detail_satisfied", whole=number_text(recorded))),
        fig("resolved_without_handover.share", "report.fig_solo", solo,
            t("report.fig_detail_solo", part=number_text(_get(stats, "resolved_without_handover", "count")),
              whole=number_text(closed))),
        fig("calls.count", "report.fig_calls", count("calls", "count")),
        fig("calls.driegesprek_share", "report.fig_drie", lambda s: share_text(_get(s, "calls", "driegesprek_share")),
            t("report.fig_detail_drie", part=number_text(_get(stats, "calls", "driegesprek")),
              whole=number_text(calls))),
    )


def _sections(b: _Builder) -> tuple[Section, ...]:
    stats = b.stats
    return (
        Section("visitors", t("report.section_visitors"), (
            _weeks(stats),
            _weekdays(b),
            _hours(stats),
        )),
        Section("time", t("report.section_time"), (
            _histogram(b, "minutes", t("report.chart_minutes"), t("report.chart_minutes_desc"),
                       ("contacts", "minutes_histogram"), MINUTE_BUCKETS),
            _histogram(b, "case_minutes", t("report.chart_case_minutes"), t("report.chart_case_minutes_desc"),
                       ("minutes_per_case", "histogram"), CASE_MINUTE_BUCKETS),
            b.compared("satisfaction", t("report.chart_satisfaction"), t("report.chart_satisfaction_desc"),
                       ("satisfaction",), str, order=["1", "2", "3", "4", "5"], kind="columns"),
        )),
        Section("agencies", t("report.section_agencies"), (
            b.compared("cases_per_agency", t("report.chart_cases_per_agency"), t("report.chart_cases_per_agency_desc"),
                       ("cases_per_agency",), lambda c: term_label("agencies", c)),
            _calls(stats),
            b.compared("outcomes", t("report.chart_outcomes"), t("report.chart_outcomes_desc"),
                       ("calls", "outcomes"), outcome_label),
            _callbacks(stats),
        )),
        Section("handovers", t("report.section_handovers"), (
            _handovers(stats),
            b.compared("results", t("report.chart_results"), t("report.chart_results_desc"),
                       ("cases", "closed_by_result"), result_label),
            b.compared("agency_count", t("report.chart_agency_count"), t("report.chart_agency_count_desc"),
                       ("agencies_per_case",), _agency_count_label, order=["0", "1", "2", "3+"]),
        )),
        Section("intake", t("report.section_intake"), (
            b.compared("channels", t("report.chart_channels"), t("report.chart_channels_desc"), ("channels",),
                       lambda c: term_label("channels", c)),
            b.compared("referrals", t("report.chart_referrals"), t("report.chart_referrals_desc"), ("referrals",),
                       lambda c: term_label("referrals", c)),
            b.compared("life_events", t("report.chart_life_events"), t("report.chart_life_events_desc"),
                       ("life_events",), lambda c: term_label("life_events", c)),
        )),
    )


def _agency_count_label(code: str) -> str:
    if code == "0":
        return t("report.agency_count_none")
    if code == "1":
        return t("report.agency_count_one")
    return t("report.agency_count", count=code)


def _weeks(stats: dict[str, Any]) -> Chart:
    weeks: dict[str, Number] = _get(stats, "visitors_per_week") or {}
    rows = tuple(ChartRow(t("report.week", week=int(week.rsplit("W", 1)[1])), (count,))
                 for week, count in weeks.items())
    return Chart("weeks", t("report.chart_weeks"), t("report.chart_weeks_desc"), "columns",
                 (t("report.series_count"),), rows)


def _weekday_totals(stats: dict[str, Any] | None) -> dict[str, Number]:
    grid: dict[str, dict[str, Number]] = _get(stats, "contacts_by_weekday_hour") or {}
    return {day: _total(hours.values()) for day, hours in grid.items()}


def _weekdays(b: _Builder) -> Chart:
    now = _weekday_totals(b.stats)
    before = _weekday_totals(b.earlier)
    # Monday to Friday always; the weekend only when someone was helped then.
    days = [str(d) for d in range(1, 8) if d <= 5 or now.get(str(d)) or before.get(str(d))]
    rows = []
    for day in days:
        values: tuple[Number, ...] = (now.get(day, 0),)
        if b.earlier is not None:
            values += (before.get(day, 0),)
        rows.append(ChartRow(weekday_label(day), values))
    return Chart("weekdays", t("report.chart_weekdays"), t("report.chart_weekdays_desc"), "bars", b.series,
                 tuple(rows))


def _hours(stats: dict[str, Any]) -> Chart:
    grid: dict[str, dict[str, Number]] = _get(stats, "contacts_by_weekday_hour") or {}
    used = sorted({hour for hours in grid.values() for hour in hours})
    # Office hours always shown, so two reports line up; other hours only when used.
    hours = sorted(set(used) | {f"{h:02d}" for h in range(8, 18)})
    days = [str(d) for d in range(1, 8) if d <= 5 or str(d) in grid]
    rows = tuple(ChartRow(weekday_label(day), tuple((grid.get(day) or {}).get(hour, 0) for hour in hours))
                 for day in days)
    return Chart("hours", t("report.chart_hours"), t("report.chart_hours_desc"), "grid",
                 (t("report.series_count"),), rows, columns=tuple(str(int(h)) for h in hours))


def _histogram(b: _Builder, key: str, title: str, description: str, path: tuple[str, ...],
               bounds: tuple[tuple[int, int], ...]) -> Chart:
    now = _buckets(_get(b.stats, *path), bounds)
    before = _buckets(_get(b.earlier, *path), bounds) if b.earlier is not None else None
    rows = []
    for i, (label, count) in enumerate(now):
        values: tuple[Number, ...] = (count,)
        if before is not None:
            values += (before[i][1],)
        rows.append(ChartRow(label, values))
    return Chart(key, title, description, "columns", b.series, tuple(rows))


def _calls(stats: dict[str, Any]) -> Chart:
    per_agency: dict[str, dict[str, Any]] = _get(stats, "calls", "per_agency") or {}
    rows = []
    for code, counts in sorted(per_agency.items(), key=lambda item: (-(item[1].get("calls") or 0), item[0])):
        calls, drie = counts.get("calls"), counts.get("driegesprek")
        without = None if calls is None or drie is None else calls - drie
        rows.append(ChartRow(term_label("agencies", code), (drie, without),
                             t("report.share_drie", share=share_text(counts.get("driegesprek_share")))))
    return Chart("calls", t("report.chart_calls"), t("report.chart_calls_desc"), "stacked",
                 (t("report.series_drie"), t("report.series_without")), tuple(rows))


def _callbacks(stats: dict[str, Any]) -> Chart:
    per_agency: dict[str, dict[str, Number]] = _get(stats, "callbacks", "per_agency") or {}
    rows = tuple(
        ChartRow(term_label("agencies", code), (counts.get("on_time"), counts.get("late"), counts.get("open")))
        for code, counts in sorted(per_agency.items(), key=lambda item: (-(item[1].get("promised") or 0), item[0]))
    )
    return Chart("callbacks", t("report.chart_callbacks"), t("report.chart_callbacks_desc"), "stacked",
                 (t("report.series_on_time"), t("report.series_late"), t("report.series_open")), rows)


def _handovers(stats: dict[str, Any]) -> Chart:
    per_target: dict[str, dict[str, Number]] = _get(stats, "handovers_per_target") or {}
    rows = tuple(
        ChartRow(term_label("agencies", code), (counts.get("warm"), counts.get("cold")))
        for code, counts in sorted(per_target.items(),
                                   key=lambda item: (-((item[1].get("warm") or 0) + (item[1].get("cold") or 0)),
                                                     item[0]))
    )
    return Chart("handovers", t("report.chart_handovers"), t("report.chart_handovers_desc"), "stacked",
                 (t("report.series_warm"), t("report.series_cold")), rows)
