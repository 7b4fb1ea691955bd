"""The end-of-day export and the monthly counts, in their machine-readable forms.

CSV is written for Dutch Excel and LibreOffice: UTF-8 with a byte-order mark
(so Excel reads the accents right), `;` between fields (the Dutch list
separator; `--delimiter ,` for other locales), a header row with titles in
the worker's language (the stable column codes with `--codes`), a stable
column order, ISO 8601 dates and CRLF line ends. JSON always uses the codes.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from loketcli.domain.model import format_case_id
from loketcli.i18n import t
from loketcli.render.safe import guard_cell, json_safe, markdown_safe

if TYPE_CHECKING:
    from loketcli.services.day_export import ExportRow

# Stable codes: the JSON keys, and the CSV header with --codes.
EXPORT_COLUMNS = ("time", "case", "kind", "agency", "handover", "outcome", "satisfaction", "minutes",
                  "open_followups", "next_due")
NAMED_COLUMNS = ("visitor", "text")
EXPORT_SCHEMA_VERSION = 2


def _export_values(row: ExportRow, names: bool) -> dict[str, Any]:
    values: dict[str, Any] = {
        "time": row.at.isoformat(timespec="seconds"),
        "case": format_case_id(row.case),
        "kind": row.kind,
        "agency": row.agency,
        "handover": row.handover,
        "outcome": row.outcome,
        "satisfaction": row.satisfaction,
        "minutes": row.minutes,
        "open_followups": row.open_followups,
        "next_due": row.next_due,
    }
    if names:
        values["visitor"] = row.visitor
        values["text"] = row.text
    return values


def _for_a_person(values: dict[str, Any]) -> dict[str, Any]:
    """Titles in the worker's language, and the hand-over kind as a word
    (warm/koud); everything else keeps its stable value."""
    if values["handover"] is not None:
        values = {**values, "handover": t(f"export.handover.{values['handover']}")}
    # `2026-11-03 09:15:00`, local time without the offset: what a spreadsheet
    # (a Dutch LibreOffice or Excel too) reads as a date and time, not as text.
    # The offset stays in --codes and JSON, for scripts.
    values = {**values, "time": datetime.fromisoformat(values["time"]).strftime("%Y-%m-%d %H:%M:%S")}
    return {t(f"export.col.{key}"): value for key, value in values.items()}


def _columns(names: bool, codes: bool) -> list[str]:
    columns = list(EXPORT_COLUMNS + (NAMED_COLUMNS if names else ()))
    return columns if codes else [t(f"export.col.{c}") for c in columns]


def _row(row: ExportRow, names: bool, codes: bool) -> dict[str, Any]:
    values = _export_values(row, names)
    return values if codes else _for_a_person(values)


def _safe_cell(value: Any) -> Any:
    return guard_cell(value)


def export_csv(rows: list[ExportRow], *, names: bool, delimiter: str = ";", codes: bool = False) -> bytes:
    """Column titles in the worker's language for a spreadsheet; `codes` gives
    the stable column codes (the JSON keys) for scripts."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_columns(names, codes), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe_cell(v) for k, v in _row(row, names, codes).items()})
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def export_json(rows: list[ExportRow], *, names: bool, first: str, last: str) -> bytes:
    body = {"schema_version": EXPORT_SCHEMA_VERSION, "from": first, "to": last, "pseudonymised": not names,
            "rows": [_export_values(r, names) for r in rows]}
    return (json_safe(json.dumps(body, ensure_ascii=False, indent=2)) + "\n").encode("utf-8")


def export_markdown(rows: list[ExportRow], *, names: bool, title: str, codes: bool = False) -> bytes:
    columns = _columns(names, codes)
    lines = [f"# {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        values = _row(row, names, codes)
        cells = ["" if values[c] is None else str(values[c]).replace("|", "/").replace("\n", " ") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return markdown_safe("\n".join(lines) + "\n").encode("utf-8")


def stats_json(stats: dict[str, Any]) -> bytes:
    return (json_safe(json.dumps(stats, ensure_ascii=False, indent=2)) + "\n").encode("utf-8")


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    else:
        out.append((prefix, "" if value is None else str(value)))


def stats_csv(stats: dict[str, Any], *, delimiter: str = ";") -> bytes:
    """One `metric;value` row per number, metric names as dotted JSON paths."""
    rows: list[tuple[str, str]] = []
    _flatten("", stats, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(("metric", "value"))
    # Stats hold counts, but merged files come from elsewhere: guard them as any cell.
    writer.writerows((guard_cell(metric), guard_cell(value)) for metric, value in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
