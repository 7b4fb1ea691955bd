"""Reading a date option the way the whole CLI does: parse, refuse the past
unless allowed, and echo how it was understood while the visitor is still there."""

from __future__ import annotations

from datetime import datetime

from loketcli.domain.dates import Direction, When, format_when, parse_when, require_not_past
from loketcli.i18n import current_language
from loketcli.render.console import message


def due_option(text: str, now: datetime, *, allow_past: bool) -> When:
    when = parse_when(text, now, direction=Direction.FUTURE)
    if not allow_past:
        require_not_past(when, now)
    message(f"→ {format_when(when, lang=current_language())}")
    return when


def at_option(text: str | None, now: datetime) -> datetime | None:
    """A moment that already happened (`--at gisteren 14u`); a day without a
    time keeps the current time of day, so the timeline stays in order."""
    if text is None:
        return None
    when = parse_when(text, now, direction=Direction.PAST)
    moment = when.as_datetime() if when.time is not None else datetime.combine(
        when.day, now.timetz().replace(second=0, microsecond=0))
    if moment > now:
        from loketcli.errors import BadDate

        raise BadDate("error.at_in_future", text=text[:40])
    message(f"→ {format_when(when, lang=current_language())}")
    return moment
