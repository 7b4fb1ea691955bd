"""The report's charts as hand-written SVG.

Why no plotting library (the choice is also noted in pyproject.toml): the
charts are four simple shapes (horizontal bars, stacked bars, columns and a
weekday-by-hour grid), and written by hand they are byte-stable for golden
tests, carry `<title>`/`<desc>` and a direct number on every bar, use fill
patterns that survive a black-and-white printer, and cost no import time and
no dependency tree (matplotlib brings numpy, Pillow and fonttools and takes
most of a second to import; pygal's SVG wants JavaScript for its labels).

Every chart is readable without colour: series differ by pattern (solid,
hatched, open), each bar has its number as text, and a legend names the series.
"""

from __future__ import annotations

from html import escape

from loketcli.render.report_model import Chart, ChartRow, Number, number_text

WIDTH = 640
FONT = 11
LABEL_WIDTH = 190  # room for the row labels left of the bars
ROW_GAP = 8

# Fills by series index: dark solid, diagonal hatching, white with a dark edge.
# The patterns are defined per chart (ids prefixed with the chart's key) so a
# page can hold several charts without clashing ids.
_PATTERN_COUNT = 3


def _fill(prefix: str, index: int) -> str:
    return ("#3a3a3a", f"url(#{prefix}-hatch)", "#ffffff")[index % _PATTERN_COUNT]


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#d0d0d0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#3a3a3a" '
        'stroke-width="2.2"/></pattern>'
        "</defs>"
    )


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = FONT, weight: str = "normal",
          halo: bool = False, rotate: bool = False) -> str:
    extra = ' paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"' if halo else ""
    transform = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    bold = f' font-weight="{weight}"' if weight != "normal" else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{bold}{extra}{transform}>'
            f"{escape(content)}</text>")


def _inside(x: float, y: float, content: str, index: int) -> str:
    """A number inside a bar segment: white on the solid fill, black with a
    white halo on the hatching, plain black on the open fill."""
    kind = index % _PATTERN_COUNT
    if kind == 0:
        return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{FONT}" font-weight="bold" '
                f'fill="#ffffff">{escape(content)}</text>')
    return _text(x, y, content, anchor="middle", weight="bold", halo=kind == 1)


def _bar(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" fill="{fill}" '
            'stroke="#1a1a1a" stroke-width="0.8"/>')


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _legend(prefix: str, series: tuple[str, ...], y: float) -> tuple[str, float]:
    if len(series) < 2:
        return "", y
    parts, x = [], float(LABEL_WIDTH)
    for i, name in enumerate(series):
        parts.append(_bar(x, y - 9, 14, 10, _fill(prefix, i)))
        parts.append(_text(x + 19, y, name))
        x += 19 + len(name) * 6.2 + 22
    return "".join(parts), y + 14


def _open(chart: Chart, height: float) -> str:
    prefix = f"chart-{chart.key}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="Arial, Helvetica, sans-serif" '
        f'class="chart">'
        f'<title id="{prefix}-title">{escape(chart.title)}</title>'
        f'<desc id="{prefix}-desc">{escape(describe(chart))}</desc>'
        f"{_defs(prefix)}"
    )


def describe(chart: Chart) -> str:
    """The chart's numbers in one sentence, for a screen reader (`<desc>`)."""
    parts = []
    for row in chart.rows:
        if chart.kind == "grid":
            used = [f"{column}: {number_text(v)}" for column, v in zip(chart.columns, row.values, strict=True) if v]
            if used:
                parts.append(f"{row.label} ({', '.join(used)})")
            continue
        values = ", ".join(f"{name} {number_text(v)}" for name, v in zip(chart.series, row.values, strict=True))
        if chart.kind == "stacked":
            total = None if any(v is None for v in row.values) else sum(v or 0 for v in row.values)
            values = f"{number_text(total)} ({values})"
        parts.append(f"{row.label}: {values}" + (f", {row.note}" if row.note else ""))
    return chart.description + " " + "; ".join(parts) + "."


def _scale(rows: tuple[ChartRow, ...], stacked: bool) -> float:
    if stacked:
        top = max((sum(v or 0 for v in row.values) for row in rows), default=0)
    else:
        top = max((v or 0 for row in rows for v in row.values), default=0)
    return float(max(top, 1))


def svg(chart: Chart) -> str:
    if chart.kind == "columns":
        return _columns(chart)
    if chart.kind == "grid":
        return _grid(chart)
    return _bars(chart, stacked=chart.kind == "stacked")


def _bars(chart: Chart, *, stacked: bool) -> str:
    prefix = f"chart-{chart.key}"
    series = len(chart.series)
    bar_h = 16.0 if stacked or series == 1 else 12.0
    row_h = bar_h if stacked else bar_h * series
    legend, y = _legend(prefix, chart.series, 14)
    y += 4
    top = _scale(chart.rows, stacked)
    room = WIDTH - LABEL_WIDTH - 10 - (150 if stacked else 40)
    body: list[str] = []
    for row in chart.rows:
        body.append(_text(LABEL_WIDTH - 6, y + row_h / 2 + 4, _short(row.label), anchor="end"))
        if stacked:
            x = float(LABEL_WIDTH)
            for i, value in enumerate(row.values):
                width = room * (value or 0) / top
                if value:
                    body.append(_bar(x, y, width, bar_h, _fill(prefix, i)))
                    if width >= 16:
                        body.append(_inside(x + width / 2, y + bar_h / 2 + 4, number_text(value), i))
                x += width
            total = None if any(v is None for v in row.values) else sum(v or 0 for v in row.values)
            summary = " + ".join(number_text(v) for v in row.values)
            label = f"{number_text(total)} ({summary})" + (f" · {row.note}" if row.note else "")
            body.append(_text(x + 6, y + bar_h / 2 + 4, label))
        else:
            for i, value in enumerate(row.values):
                width = room * (value or 0) / top
                by = y + i * bar_h
                body.append(_bar(LABEL_WIDTH, by, width, bar_h - 1, _fill(prefix, i)))
                body.append(_text(LABEL_WIDTH + width + 5, by + bar_h / 2 + 3.5, number_text(value),
                                  weight="bold" if i == 0 else "normal"))
        y += row_h + ROW_GAP
    axis = f'<line x1="{LABEL_WIDTH}" y1="{18 if legend else 4}" x2="{LABEL_WIDTH}" y2="{y - ROW_GAP + 2:.1f}" ' \
           'stroke="#1a1a1a" stroke-width="1"/>'
    return _open(chart, y + 4) + legend + "".join(body) + axis + "</svg>"


def _columns(chart: Chart) -> str:
    prefix = f"chart-{chart.key}"
    series = len(chart.series)
    legend, top_y = _legend(prefix, chart.series, 14)
    plot_top = top_y + 14
    plot_h = 130.0
    left, right = 40.0, WIDTH - 10.0
    slot = (right - left) / max(len(chart.rows), 1)
    bar_w = min(slot * 0.8 / series, 48.0)
    many = slot < 34
    top = _scale(chart.rows, stacked=False)
    base = plot_top + plot_h
    body: list[str] = []
    for n, row in enumerate(chart.rows):
        group_w = bar_w * series
        x0 = left + n * slot + (slot - group_w) / 2
        for i, value in enumerate(row.values):
            height = plot_h * (value or 0) / top
            x = x0 + i * bar_w
            body.append(_bar(x, base - height, bar_w - 1, height, _fill(prefix, i)))
            if many:
                body.append(_text(x + bar_w / 2 + 3, base - height - 4, number_text(value), size=9, rotate=True))
            else:
                body.append(_text(x + bar_w / 2, base - height - 4, number_text(value), anchor="middle",
                                  size=FONT if series == 1 else 9, weight="bold" if i == 0 else "normal"))
        label_x = left + n * slot + slot / 2
        if many:
            body.append(_text(label_x + 3, base + 6, row.label, anchor="end", size=9, rotate=True))
        else:
            body.append(_text(label_x, base + 15, row.label, anchor="middle", size=10))
    axis = f'<line x1="{left - 4}" y1="{base:.1f}" x2="{right}" y2="{base:.1f}" stroke="#1a1a1a" stroke-width="1"/>'
    height = base + (52 if many else 24)
    return _open(chart, height) + legend + axis + "".join(body) + "</svg>"


def _shade(value: Number, top: int) -> tuple[str, str]:
    """A grey from white (none) to near black (the busiest hour), and the text colour that reads on it."""
    if not value:
        return "#ffffff", "#1a1a1a"
    level = 0.15 + 0.75 * value / max(top, 1)
    grey = round(255 * (1 - level))
    return f"#{grey:02x}{grey:02x}{grey:02x}", ("#ffffff" if level > 0.5 else "#1a1a1a")


def _grid(chart: Chart) -> str:
    left = 90.0
    cell_w = min((WIDTH - left - 6) / max(len(chart.columns), 1), 40.0)
    cell_h = 20.0
    top = max((v or 0 for row in chart.rows for v in row.values), default=0)
    body: list[str] = []
    y = 16.0
    for i, column in enumerate(chart.columns):
        body.append(_text(left + i * cell_w + cell_w / 2, y, column, anchor="middle", size=10))
    y += 6
    for row in chart.rows:
        body.append(_text(left - 6, y + cell_h / 2 + 4, row.label, anchor="end"))
        for i, value in enumerate(row.values):
            fill, ink = _shade(value, top)
            x = left + i * cell_w
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell_w:.1f}" height="{cell_h:.1f}" fill="{fill}" '
                        'stroke="#8a8a8a" stroke-width="0.6"/>')
            if value is None or value:
                body.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle" '
                            f'font-size="10" fill="{ink}">{escape(number_text(value))}</text>')
        y += cell_h
    return _open(chart, y + 6) + "".join(body) + "</svg>"
