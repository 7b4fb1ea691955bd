"""The report as one standalone HTML page: no script, no external file, no
network; the charts are inline SVG. It prints on A4 from any browser, one
section per page, and reads in grayscale.

Every chart has a text equivalent twice over: its SVG `<desc>` lists the
numbers, and a table with the same numbers follows it (folded on screen,
left out of print, where every bar carries its number)."""

from __future__ import annotations

from html import escape

from loketcli.i18n import t
from loketcli.render.report_model import Chart, Report, number_text
from loketcli.render.report_svg import svg

STYLE = """
:root { color: #111; background: #fff; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.35; margin: 0 auto;
       max-width: 190mm; padding: 12mm 10mm; }
header { border-bottom: 2px solid #111; margin-bottom: 6mm; padding-bottom: 2mm; }
h1 { font-size: 20pt; margin: 0; }
.period { font-size: 14pt; margin: 1mm 0 0; }
h2 { font-size: 15pt; margin: 0 0 4mm; border-bottom: 1px solid #777; padding-bottom: 1mm; }
h3 { font-size: 12pt; margin: 0; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 0; }
.figure { border: 1px solid #555; padding: 2.5mm 3mm; break-inside: avoid; }
.figure dt { font-size: 9.5pt; }
.figure dd { margin: 0; }
.figure .value { font-size: 22pt; font-weight: bold; }
.figure .detail, .figure .earlier { font-size: 9pt; color: #333; }
.notes { font-size: 9.5pt; padding-left: 5mm; margin-top: 5mm; }
.about { margin-top: 6mm; font-size: 9.5pt; break-inside: avoid; }
.about ul { padding-left: 5mm; margin: 1mm 0 0; }
figure.chart { margin: 0 0 6mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart p { margin: 0.5mm 0 1.5mm; font-size: 9.5pt; color: #333; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.empty { font-style: italic; font-size: 10pt; }
details { font-size: 9pt; margin-top: 1mm; }
table { border-collapse: collapse; margin-top: 1mm; }
th, td { border: 1px solid #999; padding: 0.5mm 2mm; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
section.page { break-before: page; page-break-before: always; }
footer { font-size: 8.5pt; color: #333; margin-top: 8mm; border-top: 1px solid #777; padding-top: 1mm; }
@page { size: A4; margin: 12mm 12mm 14mm; }
@media print {
  body { padding: 0; max-width: none; }
  details { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def _table(chart: Chart) -> str:
    if chart.kind == "grid":
        head = "".join(f'<th scope="col" class="n">{escape(c)}</th>' for c in chart.columns)
        body = "".join(
            f'<tr><th scope="row">{escape(row.label)}</th>'
            + "".join(f'<td class="n">{number_text(v)}</td>' for v in row.values) + "</tr>"
            for row in chart.rows
        )
        return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"
    notes = any(row.note for row in chart.rows)
    head = (f'<th scope="col">{escape(t("report.col_what"))}</th>'
            + "".join(f'<th scope="col" class="n">{escape(name)}</th>' for name in chart.series)
            + (f'<th scope="col" class="n">{escape(t("report.col_total"))}</th>' if chart.kind == "stacked" else "")
            + ("<th></th>" if notes else ""))
    rows = []
    for row in chart.rows:
        cells = "".join(f'<td class="n">{number_text(v)}</td>' for v in row.values)
        if chart.kind == "stacked":
            total = None if any(v is None for v in row.values) else sum(v or 0 for v in row.values)
            cells += f'<td class="n">{number_text(total)}</td>'
        if notes:
            cells += f"<td>{escape(row.note or '')}</td>"
        rows.append(f'<tr><th scope="row">{escape(row.label)}</th>{cells}</tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _chart(chart: Chart) -> str:
    heading = f"<h3>{escape(chart.title)}</h3><p>{escape(chart.description)}</p>"
    if chart.empty and not any(v is None for row in chart.rows for v in row.values):
        return (f'<figure class="chart" id="figure-{chart.key}"><figcaption>{heading}</figcaption>'
                f'<p class="empty">{escape(t("report.no_data"))}</p></figure>')
    return (f'<figure class="chart" id="figure-{chart.key}"><figcaption>{heading}</figcaption>{svg(chart)}'
            f'<details><summary>{escape(t("report.numbers"))}</summary>{_table(chart)}</details></figure>')


def _about() -> str:
    """What the key figures mean, for a reader who did not make the report."""
    items = "".join(f"<li>{escape(t(key))}</li>" for key in (
        "report.about_visitors", "report.about_minutes", "report.about_satisfaction", "report.about_solo",
        "report.about_drie"))
    return f'<div class="about"><h3>{escape(t("report.about_title"))}</h3><ul>{items}</ul></div>'


def _earlier(report: Report, value: str) -> str:
    return t("report.earlier", period=report.earlier_period, value=value)


def report_html(report: Report) -> bytes:
    figures = "".join(
        f'<div class="figure" id="fig-{escape(f.key)}"><dt>{escape(f.label)}</dt>'
        f'<dd class="value">{escape(f.value)}</dd>'
        + (f'<dd class="detail">{escape(f.detail)}</dd>' if f.detail else "")
        + (f'<dd class="earlier">{escape(_earlier(report, f.earlier))}</dd>' if f.earlier is not None else "")
        + "</div>"
        for f in report.figures
    )
    notes = "".join(f"<li>{escape(note)}</li>" for note in report.notes)
    sections = "".join(
        f'<section class="page" id="section-{section.key}" aria-labelledby="h-{section.key}">'
        f'<h2 id="h-{section.key}">{escape(section.title)}</h2>{"".join(_chart(c) for c in section.charts)}</section>'
        for section in report.sections
    )
    title = f"{report.title}: {report.period}"
    page = (
        f'<!DOCTYPE html>\n<html lang="{report.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header><h1>{escape(report.title)}</h1><p class="period">{escape(report.period)}</p></header>\n'
        f'<section id="headline" aria-labelledby="h-headline"><h2 id="h-headline">'
        f'{escape(t("report.section_headline"))}</h2><dl class="figures">{figures}</dl>'
        f'<ul class="notes">{notes}</ul>{_about()}</section>\n'
        f"{sections}\n"
        f"<footer>{escape(title)}</footer>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
