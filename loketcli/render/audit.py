"""The audit trail as JSON and as a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loketcli.domain.clock import local
from loketcli.domain.model import format_case_id
from loketcli.i18n import t

if TYPE_CHECKING:
    from rich.console import RenderableType

    from loketcli.storage.audit import AuditEntry


def audit_json(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "at": local(e.at).isoformat(), "command": e.command,
         "cases": [format_case_id(i) for i in e.case_ids], "detail": e.detail}
        for e in entries
    ]


def audit_table(entries: list[AuditEntry]) -> RenderableType:
    from rich.table import Table

    table = Table(box=None, padding=(0, 2), header_style="bold")
    for key in ("audit.col_id", "audit.col_at", "audit.col_command", "audit.col_cases", "audit.col_detail"):
        table.add_column(t(key))
    for e in entries:
        table.add_row(str(e.id), local(e.at).strftime("%d-%m-%Y %H:%M:%S"), e.command,
                      ", ".join(format_case_id(i) for i in e.case_ids), e.detail)
    return table
