"""The report in the terminal: the same model as the HTML page, as rich tables
with text bars. Series differ by the bar's character (█ ▒ ░), never by colour
alone, and every bar has its number beside it."""

from __future__ import annotations

from typing import Any

from loketcli.i18n import t
from loketcli.render.report_model import Chart, Report, number_text

BAR_WIDTH = 28
STACK_WIDTH = 20  # narrower: a stacked row also carries each part's number, its total and a note
_MARKS = ("█", "▒", "░")


def _bar(value: int | None, top: float) -> str:
    if not value:
        return ""
    return _MARKS[0] * max(1, round(BAR_WIDTH * value / top))


def _chart_table(chart: Chart) -> Any:
    from rich.console import Group
    from rich.text import Text

    # Title and description on lines of their own: as a table's title or
    # caption they would wrap at the table's width.
    head = [Text(chart.title, style="bold"), Text(chart.description, style="dim")]
    if chart.empty and not any(v is None for row in chart.rows for v in row.values):
        return Group(*head, Text(t("report.no_data"), style="italic"))
    if chart.kind == "stacked":
        head.append(Text("  ".join(f"{_MARKS[i]} {name}" for i, name in enumerate(chart.series))))
    return Group(*head, _body(chart))


def _body(chart: Chart) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=(0, 1))
    if chart.kind == "grid":
        table.padding = (0, 0)
        table.add_column("", min_width=3)
        for column in chart.columns:
            table.add_column(column, justify="right", min_width=3)
        for row in chart.rows:
            # Two letters for the day: 24 hours must fit an 80-column terminal.
            table.add_row(row.label[:2], *(number_text(v) if v != 0 else "·" for v in row.values))
        return table
    table.add_column(t("report.col_what"))
    if chart.kind == "stacked":
        top = float(max((sum(v or 0 for v in row.values) for row in chart.rows), default=1) or 1)
        table.add_column("", no_wrap=True)
        for name in chart.series:
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column(t("report.col_total"), justify="right", no_wrap=True)
        notes = any(row.note for row in chart.rows)
        if notes:
            table.add_column("", no_wrap=True)
        for row in chart.rows:
            bar = Text()
            for i, value in enumerate(row.values):
                if value:
                    bar.append(_MARKS[i % len(_MARKS)] * max(1, round(STACK_WIDTH * value / top)))
            total = None if any(v is None for v in row.values) else sum(v or 0 for v in row.values)
            cells: list[Any] = [row.label, bar, *(number_text(v) for v in row.values), number_text(total)]
            table.add_row(*cells, *([row.note or ""] if notes else []))
        return table
    top = float(max((v or 0 for row in chart.rows for v in row.values[:1]), default=1) or 1)
    table.add_column("", no_wrap=True)
    for name in chart.series:
        table.add_column(name, justify="right")
    for row in chart.rows:
        table.add_row(row.label, _bar(row.values[0], top), *(number_text(v) for v in row.values))
    return table


def report_renderable(report: Report) -> Any:
    from rich.console import Group
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(f"{report.title}: {report.period}", style="bold"), Text("")]
    figures = Table(title=t("report.section_headline"), title_justify="left", title_style="bold", box=None,
                    show_header=False, padding=(0, 1))
    figures.add_column("")
    figures.add_column("", justify="right", style="bold")
    figures.add_column("")
    earlier = any(f.earlier is not None for f in report.figures)
    if earlier:
        figures.add_column("", justify="right")
    for f in report.figures:
        cells = [f.label, f.value, f.detail or ""]
        if earlier:
            cells.append("" if f.earlier is None else t("report.earlier", period=report.earlier_period,
                                                         value=f.earlier))
        figures.add_row(*cells)
    parts.append(figures)
    for note in report.notes:
        parts.append(Text(note, style="dim"))
    for section in report.sections:
        parts.append(Text(""))
        parts.append(Rule(section.title, align="left"))
        for chart in section.charts:
            parts.append(_chart_table(chart))
            parts.append(Text(""))
    return Group(*parts)
