"""`loket stats --format table`: the stats object for a person to read.

Labels in the UI language, grouped in sections, numbers right-aligned; JSON and
CSV stay the contract for scripts. Every number of the stats object appears,
also a field this table does not know yet (under "Overig"), so the table never
hides what the JSON holds.
"""

from __future__ import annotations

from typing import Any

from loketcli.i18n import t
from loketcli.render.report_model import (
    date_text,
    kind_label,
    number_text,
    outcome_label,
    result_label,
    term_label,
    weekday_label,
)

Rows = list[tuple[str, Any]]

_SHOWN = {"schema_version", "period", "min_count", "visitors_helped", "cases", "contacts", "minutes_per_case", "calls",
          "callbacks", "handovers", "channels", "referrals", "life_events", "agencies_per_case", "followups",
          "satisfaction", "visitors_per_week", "contacts_by_weekday_hour", "cases_per_agency", "handovers_per_target",
          "resolved_without_handover"}


def _value(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "–" if value is None else str(value)
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def _percent(share: Any) -> str:
    if not isinstance(share, int | float):
        return "–"
    return number_text(round(float(share) * 100, 1)) + "%"


def _table(title: str | None, header: list[str] | None, rows: list[list[str]], *,
           padding: tuple[int, int] | tuple[int, int, int, int] = (0, 2)) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=padding, show_header=header is not None, header_style="dim", pad_edge=True)
    columns = header or [""] * (len(rows[0]) if rows else 2)
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right", no_wrap=i > 0)
    for row in rows:
        table.add_row(*row)
    if not rows:
        table.add_row("–", *[""] * (len(columns) - 1))
    # The title on a line of its own: a table's title would wrap at the table's width.
    return Group(Text(title, style="bold"), table) if title else table


def _pairs(title: str, rows: Rows) -> Any:
    return _table(title, None, [[label, _value(value)] for label, value in rows])


def _codes(title: str, counts: Any, label: Any, *, ordered: bool = False) -> Any:
    """One row per code; by label, unless the codes have an order of their own (weeks, 0/1/2/3+)."""
    counts = counts if isinstance(counts, dict) else {}
    rows = [(label(code), value) for code, value in counts.items()]
    return _pairs(title, rows if ordered else sorted(rows, key=lambda row: row[0].casefold()))


def _by_label(counts: Any, label: Any) -> list[tuple[str, Any]]:
    """(label, value) for a map keyed by code, in the order of the labels."""
    counts = counts if isinstance(counts, dict) else {}
    return sorted(((label(code), value) for code, value in counts.items()), key=lambda row: row[0].casefold())


def _minutes(counts: Any) -> Rows:
    counts = counts if isinstance(counts, dict) else {}
    return [(t("stats.minutes", minutes=minutes), value) for minutes, value in counts.items()]


def _get(stats: dict[str, Any], *path: str) -> Any:
    value: Any = stats
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _extra(section: Any, shown: set[str]) -> Rows:
    """The section's fields this table does not name (a field added later), as dotted keys."""
    rows: Rows = []
    if isinstance(section, dict):
        for key, value in section.items():
            if key not in shown:
                _flatten(key, value, rows)
    return rows


def _flatten(prefix: str, value: Any, out: Rows) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    else:
        out.append((prefix, value))


def stats_table(stats: dict[str, Any]) -> Any:
    from datetime import date

    from rich.console import Group
    from rich.text import Text

    def agency(code: str) -> str:
        return term_label("agencies", code)

    def g(*path: str) -> Any:
        return _get(stats, *path)

    first, last = date.fromisoformat(g("period", "from")), date.fromisoformat(g("period", "to"))
    parts: list[Any] = [Text(t("stats.table_title", first=date_text(first), last=date_text(last)), style="bold")]
    if g("min_count") is not None:
        parts.append(Text(t("report.suppressed", below=int(g("min_count")) - 1), style="dim"))
    parts.append(_pairs(t("stats.section_overview"), [
        (t("stats.visitors_helped"), g("visitors_helped")),
        (t("stats.cases_new"), g("cases", "new")),
        (t("stats.cases_closed"), g("cases", "closed")),
        (t("stats.cases_open_at_end"), g("cases", "open_at_end")),
        *_extra(g("cases"), {"new", "closed", "closed_by_result", "open_at_end"}),
        *([(t("stats.resolved_count"), g("resolved_without_handover", "count")),
           (t("stats.resolved_share"), _percent(g("resolved_without_handover", "share")))]
          if isinstance(g("resolved_without_handover"), dict) else []),
    ]))
    parts.append(_codes(t("stats.section_results"), g("cases", "closed_by_result"), result_label))
    parts.append(_pairs(t("stats.section_contacts"), [
        (t("stats.contacts_count"), g("contacts", "count")),
        *((kind_label(code), n) for code, n in (g("contacts", "by_kind") or {}).items()),
        (t("stats.minutes_total"), g("contacts", "minutes_total")),
        (t("stats.minutes_median"), g("contacts", "minutes_median")),
        *_extra(g("contacts"), {"count", "by_kind", "minutes_total", "minutes_median", "minutes_histogram"}),
    ]))
    parts.append(_pairs(t("stats.section_minutes"), _minutes(g("contacts", "minutes_histogram"))))
    parts.append(_pairs(t("stats.section_case_minutes"), [
        (t("stats.cases_with_minutes"), g("minutes_per_case", "cases")),
        (t("stats.minutes_total"), g("minutes_per_case", "total")),
        (t("stats.minutes_median"), g("minutes_per_case", "median")),
        *_minutes(g("minutes_per_case", "histogram")),
        *_extra(g("minutes_per_case"), {"cases", "total", "median", "histogram"}),
    ]))
    parts.append(_pairs(t("stats.section_calls"), [
        (t("stats.calls_count"), g("calls", "count")),
        (t("stats.calls_drie"), g("calls", "driegesprek")),
        (t("stats.calls_share"), _percent(g("calls", "driegesprek_share"))),
        *_extra(g("calls"), {"count", "driegesprek", "driegesprek_share", "per_agency", "outcomes"}),
    ]))
    per_agency = g("calls", "per_agency") or {}
    if per_agency:
        parts.append(_table(None, ["", t("stats.col_calls"), t("stats.col_drie"), t("stats.col_share")], [
            [name, _value(c.get("calls")), _value(c.get("driegesprek")), _percent(c.get("driegesprek_share"))]
            for name, c in _by_label(per_agency, agency)
        ]))
    parts.append(_codes(t("stats.section_outcomes"), g("calls", "outcomes"), outcome_label))
    parts.append(_pairs(t("stats.section_callbacks"), [(t("stats.callbacks_promised"), g("callbacks", "promised")),
                                                      *_extra(g("callbacks"), {"promised", "per_agency"})]))
    callbacks = g("callbacks", "per_agency") or {}
    if callbacks:
        parts.append(_table(None, ["", t("stats.col_promised"), t("stats.col_on_time"), t("stats.col_late"),
                                   t("stats.col_open")],
                            [[name, *(_value(c.get(k)) for k in ("promised", "on_time", "late", "open"))]
                             for name, c in _by_label(callbacks, agency)]))
    parts.append(_pairs(t("stats.section_handovers"), [(t("stats.handovers_warm"), g("handovers", "warm")),
                                                      (t("stats.handovers_cold"), g("handovers", "cold")),
                                                      *_extra(g("handovers"), {"warm", "cold", "per_target"})]))
    split = g("handovers_per_target")
    if isinstance(split, dict) and split:
        parts.append(_table(None, ["", t("stats.col_warm"), t("stats.col_cold")],
                            [[name, _value(c.get("warm")), _value(c.get("cold"))]
                             for name, c in _by_label(split, agency)]))
    elif g("handovers", "per_target"):
        parts.append(_table(None, ["", t("stats.col_count")],
                            [[name, _value(n)] for name, n in _by_label(g("handovers", "per_target"), agency)]))
    if isinstance(g("cases_per_agency"), dict):
        parts.append(_codes(t("stats.section_cases_per_agency"), g("cases_per_agency"), agency))
    parts.append(_codes(t("stats.section_agency_count"), g("agencies_per_case"), str, ordered=True))
    parts.append(_codes(t("stats.section_channels"), g("channels"), lambda c: term_label("channels", c)))
    parts.append(_codes(t("stats.section_referrals"), g("referrals"), lambda c: term_label("referrals", c)))
    parts.append(_codes(t("stats.section_life_events"), g("life_events"), lambda c: term_label("life_events", c)))
    parts.append(_pairs(t("stats.section_followups"), [
        (t("stats.followups_made"), g("followups", "made")),
        (t("stats.followups_on_time"), g("followups", "done_on_time")),
        (t("stats.followups_late"), g("followups", "done_late")),
        (t("stats.followups_open"), g("followups", "open")),
        (t("stats.followups_overdue"), g("followups", "overdue")),
        (t("stats.followups_cancelled"), g("followups", "cancelled")),
        *_extra(g("followups"), {"made", "done_on_time", "done_late", "open", "overdue", "cancelled"}),
    ]))
    parts.append(_pairs(t("stats.section_satisfaction"), [
        *((t("stats.satisfaction_score", score=score), g("satisfaction", score)) for score in "12345"),
        (t("stats.satisfaction_recorded"), g("satisfaction", "recorded")),
        *_extra(g("satisfaction"), {"1", "2", "3", "4", "5", "recorded"}),
    ]))
    if isinstance(g("visitors_per_week"), dict):
        parts.append(_codes(t("stats.section_weeks"), g("visitors_per_week"),
                            lambda week: t("report.week", week=f"{week[:4]}-{week.rsplit('W', 1)[1]}"), ordered=True))
    grid = g("contacts_by_weekday_hour")
    if isinstance(grid, dict):
        hours = sorted({hour for day in grid.values() for hour in day})
        parts.append(_table(t("stats.section_hours"), ["", *(str(int(h)) for h in hours)],
                            [[weekday_label(day)[:2], *(_value(grid[day].get(h, 0)) for h in hours)]
                             for day in grid], padding=(0, 0, 0, 1)))
    other: Rows = []
    for key, value in stats.items():
        if key not in _SHOWN:
            _flatten(key, value, other)
    if other:
        parts.append(_pairs(t("stats.section_other"), other))
    return Group(*(part for pair in zip(parts, [Text("")] * len(parts), strict=True) for part in pair))
