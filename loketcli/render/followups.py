"""Follow-ups and the agenda: JSON for scripts, tables for people, iCalendar for Outlook."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from loketcli.domain.dates import When, format_when
from loketcli.domain.model import FollowUp, FollowUpActor, FollowUpSource, format_case_id, format_followup_id
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import current_language, t
from loketcli.render.safe import neutralise

if TYPE_CHECKING:
    from rich.console import RenderableType

    from loketcli.services.followups import Agenda, AgendaItem


def _due_json(when: When) -> dict[str, str | None]:
    day, time = when.to_storage()
    return {"date": day, "time": time}


def followup_label(followup: FollowUp) -> str:
    """What kind of promise, and to which body: shown instead of the free text
    when follow-ups of many cases are listed together."""
    kind = {FollowUpSource.CALLBACK: "agenda.callback", FollowUpSource.BRING: "agenda.bring"}.get(
        followup.source, "agenda.followup")
    agency = _agency_label(followup.agency)
    return f"{t(kind)} ({agency})" if agency else t(kind)


def followup_json(followup: FollowUp, *, with_text: bool = True) -> dict[str, Any]:
    from loketcli.domain.clock import local

    return {
        "id": followup.id,
        "case": format_case_id(followup.case_id),
        "what": followup.what if with_text else None,
        "label": followup_label(followup),
        "due": _due_json(followup.due),
        "status": followup.state,
        "done_at": local(followup.done_at).isoformat() if followup.done_at else None,
        "cancelled_at": local(followup.cancelled_at).isoformat() if followup.cancelled_at else None,
        "source": followup.source.value,
        "agency": followup.agency,
        "actor": followup.actor.value,
    }


def followup_table(followups: list[FollowUp], *, with_text: bool = True) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=(0, 2), header_style="bold")
    for key in ("followup.col_id", "followup.col_case", "followup.col_due", "followup.col_status", "followup.col_what"):
        table.add_column(t(key))
    for f in followups:
        table.add_row(format_followup_id(f.id), format_case_id(f.case_id), format_when(f.due, lang=current_language()),
                      followup_state(f),
                      Text(f.what if with_text else followup_label(f)))
    return table


def followup_state(followup: FollowUp) -> str:
    return {"open": t("followup.open"), "gedaan": t("followup.is_done")}.get(followup.state,
                                                                             t("followup.is_cancelled"))


def _agency_label(code: str | None) -> str | None:
    if code is None:
        return None
    vocabulary = load(VocabularyName.AGENCIES)
    return vocabulary.by_code(code).label_for(current_language()) if code in vocabulary.codes() else code


def agenda_label(item: AgendaItem, *, names: bool) -> str:
    """Without `names`, a label that says what kind of thing is due and for
    which body, but nothing about who: the agenda is often on screen with a
    visitor sitting opposite."""
    followup = item.followup
    if names:
        return f"{item.case.visitor.name}: {followup.what}"
    kind = t("agenda.callback") if followup.source is FollowUpSource.CALLBACK else t("agenda.followup")
    agencies = [a for a in ((followup.agency,) if followup.agency else item.case.intake.agencies)]
    labels = ", ".join(_agency_label(a) or "" for a in agencies[:3])
    return f"{kind} ({labels})" if labels else kind


def agenda_item_json(item: AgendaItem, *, names: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "followup": item.followup.id,
        "case": format_case_id(item.followup.case_id),
        "due": _due_json(item.followup.due),
        "working_days_late": item.working_days_late,
        "label": agenda_label(item, names=names),
        "source": item.followup.source.value,
        "agency": item.followup.agency,
        "actor": item.followup.actor.value,
    }
    if names:
        body["visitor"] = item.case.visitor.name
        body["what"] = item.followup.what
    return body


def agenda_json(agenda: Agenda, *, names: bool) -> dict[str, Any]:
    return {
        # 2: overdue, today_due and upcoming hold the desk's own follow-ups; what
        # waits on the visitor or a body is in "waiting"; each item has "actor".
        "schema_version": 2,
        "today": agenda.today.isoformat(),
        "until": agenda.until.isoformat() if agenda.until else None,
        "overdue": [agenda_item_json(i, names=names) for i in agenda.overdue],
        "today_due": [agenda_item_json(i, names=names) for i in agenda.due_today],
        "upcoming": [agenda_item_json(i, names=names) for i in agenda.upcoming],
        "waiting": [agenda_item_json(i, names=names) for i in agenda.waiting],
    }


def who_acts(followup: FollowUp) -> str:
    """Who acts on a follow-up, in a word: "wij", "bezoeker" or the body."""
    if followup.actor is FollowUpActor.VISITOR:
        return t("agenda.who_visitor")
    if followup.actor is FollowUpActor.AGENCY:
        return _agency_label(followup.agency) or t("agenda.who_agency")
    return t("agenda.who_desk")


def agenda_view(agenda: Agenda, *, names: bool) -> RenderableType:
    """Plain padded lines rather than a rich Table: a desk with hundreds of open
    promises would otherwise wait on table layout every morning."""
    from rich.console import Group
    from rich.text import Text

    lang = current_language()
    parts: list[RenderableType] = []
    # The worker's own first; then what waits on the visitor or a body, which
    # is never "late" for the worker.
    sections = (
        ("agenda.overdue", agenda.overdue, "bold red"),
        ("agenda.today", agenda.due_today, "bold"),
        ("agenda.upcoming", agenda.upcoming, "bold"),
        ("agenda.waiting", agenda.waiting, "bold"),
    )
    for key, items, style in sections:
        if key == "agenda.waiting" and not items:
            continue
        parts.append(Text(t(key, count=len(items)), style=style))
        if not items:
            parts.append(Text("  " + t("agenda.nothing")))
            continue
        rows = [
            (format_followup_id(item.followup.id), format_case_id(item.followup.case_id),
             format_when(item.followup.due, lang=lang), who_acts(item.followup),
             t("agenda.late", days=item.working_days_late) if item.working_days_late else "",
             agenda_label(item, names=names))
            for item in items
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            line = Text("  ")
            for i, cell in enumerate(row[:5]):
                line.append(cell.ljust(widths[i]) + "  ", style="red" if i == 4 else "")
            line.append(row[5])
            parts.append(line)
    return Group(*parts)


# -- iCalendar -------------------------------------------------------------------


def _ics_escape(text: str) -> str:
    text = neutralise(text, lines=True)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF and a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces: list[str] = []
    current = b""
    for char in line:
        raw = char.encode("utf-8")
        if len(current) + len(raw) > (75 if not pieces else 74):
            pieces.append(current.decode("utf-8"))
            current = b""
        current += raw
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def agenda_ics(items: list[AgendaItem], *, names: bool, store_id: str, now: datetime) -> str:
    """Open follow-ups as VEVENTs. Timed ones are written in UTC, which every
    calendar imports without a VTIMEZONE block; all-day ones as DATE values."""
    from datetime import UTC, timedelta

    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//loketcli//loket//NL", "CALSCALE:GREGORIAN"]
    for item in items:
        followup = item.followup
        lines += ["BEGIN:VEVENT", f"UID:followup-{followup.id}@{store_id}", f"DTSTAMP:{stamp}"]
        if followup.due.time is None:
            day = followup.due.day
            lines += [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}"]
        else:
            start = followup.due.as_datetime().astimezone(UTC)
            lines += [f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTEND:{start + timedelta(minutes=15):%Y%m%dT%H%M%SZ}"]
        summary = f"{format_case_id(followup.case_id)} {agenda_label(item, names=names)}"
        lines.append(f"SUMMARY:{_ics_escape(summary)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
