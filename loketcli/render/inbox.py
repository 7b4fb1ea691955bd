"""The inbox as lines for the worker and as versioned JSON for scripts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from loketcli.domain.clock import LOCAL_ZONE
from loketcli.i18n import t
from loketcli.render.safe import neutralise

SCHEMA_VERSION = 1
SHORT = 60

if TYPE_CHECKING:
    from loketcli.register.inbox import Inbox, InboxItem


def _age(item: InboxItem, today: date) -> int | None:
    if item.assigned_at is None:
        return None
    from loketcli.domain.dates import working_days_between
    from loketcli.errors import BadDate

    try:
        return max(0, working_days_between(item.assigned_at.astimezone(LOCAL_ZONE).date(), today))
    except BadDate:
        return None


def _short(text: str, limit: int = SHORT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _taken(item: InboxItem) -> str:
    if item.taken_by is not None:
        return t("inbox.taken_by", name=item.taken_by)
    if item.mine:
        return t("inbox.mine")
    return t("inbox.free")


def inbox_lines(inbox: Inbox) -> list[str]:
    today = inbox.read_at.astimezone(LOCAL_ZONE).date()
    lines: list[str] = []
    for item in inbox.items:
        age = _age(item, today)
        asked = _short(" — ".join(p for p in (item.asked, item.note) if p))
        parts = [f"#{item.number}", t("inbox.age", days=age) if age is not None else "-", asked]
        if inbox.names:
            parts.append(item.name or "-")
        parts.append(_taken(item))
        lines.append(neutralise("  ".join(parts), lines=False))
    return lines


def _instant(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def inbox_json(inbox: Inbox) -> dict[str, Any]:
    today = inbox.read_at.astimezone(LOCAL_ZONE).date()
    requests: list[dict[str, Any]] = []
    for item in inbox.items:
        entry: dict[str, Any] = {
            "number": item.number, "uuid": item.uuid, "assigned_at": _instant(item.assigned_at),
            "age_working_days": _age(item, today), "asked": item.asked, "note": item.note,
            "mine": item.mine, "taken_by": item.taken_by, "teams": list(item.teams)}
        if inbox.names:
            entry["name"] = item.name
        requests.append(entry)
    return {"schema_version": SCHEMA_VERSION, "read_at": inbox.read_at.isoformat(timespec="seconds"),
            "count": len(requests), "truncated": inbox.truncated, "requests": requests}
