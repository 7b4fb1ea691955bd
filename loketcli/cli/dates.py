"""Reading a date option the way the whole CLI does: parse, refuse the past
unless allowed, and echo how it was understood while the visitor is still there."""

from __future__ import annotations

from datetime import datetime

from loketcli.domain.dates import Direction, When, format_when, parse_when, require_not_past
from loketcli.i18n import current_language
from loketcli.render.console import message


def check_due(text: str, now: datetime, *, allow_past: bool) -> When:
    """The date read and checked, nothing said yet: a flag is checked this way
    before the first prompt, so a wrong date never costs the answers typed."""
    when = parse_when(text, now, direction=Direction.FUTURE)
    if not allow_past:
        require_not_past(when, now)
    return when


def due_option(text: str, now: datetime, *, allow_past: bool) -> When:
    when = check_due(text, now, allow_past=allow_past)
    message(f"→ {format_when(when, lang=current_language())}")
    return _on_a_working_day(when)


def ask_due(prompt: str, now: datetime, *, default: str = "") -> str:
    """A date at a prompt: a date that cannot be read (or lies in the past) is
    explained and asked again; the text as typed is returned, already checked."""
    from loketcli.cli.prompts import ask

    def checked(text: str) -> str:
        check_due(text, now, allow_past=False)
        return text

    return ask(prompt, checked, default=default)


def _on_a_working_day(when: When) -> When:
    """A due date on a weekend or public holiday is usually a slip (`25 dec`,
    `zaterdag`). At a terminal the worker is offered the next working day; a
    script keeps what it asked for and hears about it on stderr."""
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain.dates import add_working_days, holidays_in, is_working_day
    from loketcli.i18n import t

    if is_working_day(when.day):
        return when
    lang = current_language()
    shown = format_when(When(when.day), lang=lang)
    holiday = holidays_in(when.day.year).get(when.day)
    reason = holiday or t("due.saturday" if when.day.weekday() == 5 else "due.sunday")
    if not is_interactive():
        message(t("due.kept", date=shown, reason=reason))
        return when
    message(t("due.not_working_day", date=shown, reason=reason))
    moved = When(add_working_days(when.day, 0), when.time)
    if confirm(t("prompt.next_working_day", date=format_when(When(moved.day), lang=lang)), default=True):
        message(f"→ {format_when(moved, lang=lang)}")
        return moved
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
