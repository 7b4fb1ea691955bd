"""Cases as JSON (stable, for scripts) and as rich panels and tables (for people)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loketcli.domain.bsn import mask_bsn
from loketcli.domain.clock import local
from loketcli.domain.model import Case, EventRetracted, TimelineEvent, format_case_id
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import current_language, t

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.text import Text

    from loketcli.services.timeline import FindHit


def _iso(moment: datetime | None) -> str | None:
    return local(moment).isoformat() if moment else None


def initials(name: str) -> str:
    """`A.J.` for `Anna Jansen`: enough to tell cases apart on a shared screen."""
    parts = [p for p in name.replace(".", " ").split() if p[:1].isalpha()]
    return "".join(p[0].upper() + "." for p in parts[:3]) or "?"


def event_json(event: TimelineEvent, withdrawal: tuple[TimelineEvent, EventRetracted] | None = None
               ) -> dict[str, Any]:
    """One timeline entry. `moved_from` and `withdrawn` appear only on entries
    that were moved here or withdrawn, so every other entry reads as before."""
    body: dict[str, Any] = {"id": event.id, "kind": event.kind.value, "at": _iso(event.at)}
    from loketcli.domain.model import detail_to_fields

    body.update(detail_to_fields(event.detail))
    if isinstance(event.detail, EventRetracted):
        body["moved_to"] = format_case_id(event.detail.moved_to) if event.detail.moved_to else None
    if event.moved_from is not None:
        body["moved_from"] = {"case": format_case_id(event.moved_from.case_id), "event": event.moved_from.event_id}
    if withdrawal is not None:
        by, retraction = withdrawal
        body["withdrawn"] = {"at": _iso(by.at), "by_event": by.id, "reason": retraction.reason,
                             "moved_to": format_case_id(retraction.moved_to) if retraction.moved_to else None}
    return body


def case_json(case: Case, *, reveal_bsn: bool = False) -> dict[str, Any]:
    from loketcli.render.followups import followup_json

    visitor = case.visitor
    bsn = visitor.bsn if reveal_bsn or visitor.bsn is None else mask_bsn(visitor.bsn)
    return {
        "id": format_case_id(case.id),
        "number": int(case.id),
        "status": case.status.value,
        "opened_at": _iso(case.opened_at),
        "closed_at": _iso(case.closed_at),
        "visitor": {
            "name": visitor.name,
            "phone": visitor.phone,
            "email": visitor.email,
            "bsn": bsn,
            "language": visitor.language,
            "digid": visitor.digid.value,
            "companion": visitor.companion,
        },
        "intake": {
            "question": case.intake.question,
            "channel": case.intake.channel,
            "referred_by": case.intake.referred_by,
            "life_events": list(case.intake.life_events),
            "agencies": list(case.intake.agencies),
            "consent": {
                "contact_bodies": case.intake.consent.contact_bodies,
                "record_data": case.intake.consent.record_data,
            },
            "minutes": case.intake.minutes,
        },
        "total_minutes": case.total_minutes,
        "agencies_involved": list(case.agencies_involved),
        "calls_per_agency": case.calls_per_agency(),
        "events": [event_json(e, case.retractions.get(e.id)) for e in case.events],
        "satisfaction": case.satisfaction,
        "followups": [followup_json(f) for f in case.followups],
    }


def case_list_json(cases: list[Case], *, names: bool) -> list[dict[str, Any]]:
    return [
        {
            "id": format_case_id(c.id),
            "number": int(c.id),
            "status": c.status.value,
            "opened_at": _iso(c.opened_at),
            "visitor": c.visitor.name if names else initials(c.visitor.name),
            "agencies": list(c.intake.agencies),
        }
        for c in cases
    ]


def _label(vocabulary: VocabularyName, code: str | None) -> str:
    if not code:
        return "–"
    try:
        return load(vocabulary).by_code(code).label_for(current_language())
    except Exception:  # noqa: BLE001 - a term dropped from the data still shows its code
        return code


def _labels(vocabulary: VocabularyName, codes: tuple[str, ...]) -> str:
    return ", ".join(_label(vocabulary, c) for c in codes) or "–"


def _when(moment: datetime | None) -> str:
    return local(moment).strftime("%d-%m-%Y %H:%M") if moment else "–"


def _due_text(stored: str) -> str:
    from loketcli.domain.dates import When, format_when
    from loketcli.i18n import current_language

    day, _, time = stored.partition(" ")
    try:
        return format_when(When.from_storage(day, time or None), lang=current_language())
    except ValueError:
        return stored


_ICONS = {
    "intake": "▶", "consult": "●", "notitie": "✎", "professionallijn": "☎", "overdracht": "⇢",
    "opvolging-gepland": "⏰", "opvolging-verzet": "↻", "opvolging-gedaan": "✓", "gesloten": "■",
    "heropend": "□", "correctie": "✱", "opvolging-geannuleerd": "⊘", "ingetrokken": "✗", "tevredenheid": "☺",
    "collega-overdracht": "⇉", "collega-ontvangst": "⇇",
}


def _agency(code: str) -> str:
    return _label(VocabularyName.AGENCIES, code)


def _event_line(event: TimelineEvent) -> str:
    from loketcli.domain.model import (
        CaseClosed,
        Consult,
        FollowUpCancelled,
        FollowUpDone,
        FollowUpMoved,
        FollowUpPlanned,
        Handover,
        IntakeCorrected,
        Note,
        ProfessionallijnCall,
        SatisfactionRecorded,
        TransferReceived,
        TransferSent,
    )

    detail = event.detail
    text = _ICONS.get(event.kind.value, "·") + " " + t(f"event.{event.kind.value}")
    if isinstance(detail, ProfessionallijnCall):
        text += f" {_agency(detail.agency)}"
        if detail.driegesprek:
            text += " " + t("show.driegesprek")
        text += f": {t('outcome.' + detail.outcome)}"
        for key, value in (("show.call_contact", detail.contact_person), ("show.call_question", detail.question),
                           ("show.call_answer", detail.answer), ("show.call_reference", detail.reference),
                           ("show.call_note", detail.note)):
            if value:
                text += f"\n  {t(key)}: {value}"
        if detail.followup_id:
            text += f"\n  {t('show.call_followup', followup=detail.followup_id)}"
    elif isinstance(detail, Note):
        text += f": {detail.text}"
    elif isinstance(detail, Consult) and detail.note:
        text += f": {detail.note}"
    elif isinstance(detail, Handover):
        text += " " + t("show.handover_warm" if detail.warm else "show.handover_cold", to=_agency(detail.to))
        if detail.what:
            text += f": {detail.what}"
    elif isinstance(detail, IntakeCorrected):
        text += ": " + "; ".join(f"{t('field.' + f)}: '{b}' → '{a}'" for f, b, a in zip(
            detail.fields, detail.before, detail.after, strict=False))
    elif isinstance(detail, TransferSent):
        text += " " + t("show.transfer_sent", to=detail.to) + f": {detail.why}"
        if detail.followups:
            text += "\n  " + t("show.transfer_followups", followups=", ".join(f"#{i}" for i in detail.followups if i))
    elif isinstance(detail, TransferReceived):
        from datetime import datetime as instant

        sent = _when(instant.fromisoformat(detail.sent_at))
        text += " " + (t("show.transfer_from", sender=detail.sender, case=detail.sender_case, sent=sent)
                       if detail.sender else
                       t("show.transfer_from_unknown", fingerprint=detail.sender_fingerprint,
                         case=detail.sender_case, sent=sent))
        text += f": {detail.why}"
    # A follow-up that stayed with the colleague who sent the case has no number here (0).
    if isinstance(detail, FollowUpPlanned):
        text += (f" #{detail.followup_id}" if detail.followup_id else "") + f": {detail.what} → {_due_text(detail.due)}"
    elif isinstance(detail, FollowUpMoved):
        text += ((f" #{detail.followup_id}" if detail.followup_id else "")
                 + f": {_due_text(detail.due_from)} → {_due_text(detail.due_to)}")
    elif isinstance(detail, FollowUpDone) and detail.followup_id:
        text += f" #{detail.followup_id}"
    elif isinstance(detail, FollowUpCancelled):
        cause = {"gesprek-ingetrokken": "show.cancelled_call_withdrawn",
                 "gesprek-verplaatst": "show.cancelled_call_moved",
                 "zaak-gesloten": "show.cancelled_case_closed"}.get(detail.cause)
        text += f" #{detail.followup_id}"
        if cause:
            text += " " + t(cause, event=detail.event_id or "")
        if detail.reason:
            text += f": {detail.reason}"
    elif isinstance(detail, EventRetracted):
        text += " " + t("show.retracted", event=detail.event_id, kind=t(f"event.{detail.target_kind}"))
        if detail.moved_to:
            text += " " + t("show.moved_to", case=format_case_id(detail.moved_to))
    elif isinstance(detail, SatisfactionRecorded):
        text += f": {detail.score}/5"
    elif isinstance(detail, CaseClosed):
        text += f": {t('result.' + detail.result)}"
        if detail.satisfaction:
            text += " " + t("show.satisfaction", score=detail.satisfaction)
    minutes = getattr(detail, "minutes", None)
    if minutes:
        text += " " + t("show.minutes_suffix", minutes=minutes)
    if event.moved_from is not None:
        text += "\n  " + t("show.moved_from", case=format_case_id(event.moved_from.case_id),
                           event=event.moved_from.event_id)
    return text


def _withdrawal_note(case: Case, event: TimelineEvent) -> str | None:
    withdrawal = case.retractions.get(event.id)
    if withdrawal is None:
        return None
    by, retraction = withdrawal
    key = "show.withdrawn_moved" if retraction.moved_to else "show.withdrawn"
    note = t(key, when=_when(by.at), case=format_case_id(retraction.moved_to) if retraction.moved_to else "")
    return note + (f": {retraction.reason}" if retraction.reason else "")


def timeline_line(case: Case, event: TimelineEvent) -> str:
    """An entry as the timeline shows it: a withdrawn one says so, with when and why."""
    note = _withdrawal_note(case, event)
    text = _event_line(event)
    return text if note is None else f"{_withdrawn_prefix(case, event)} {text}\n  {note}"


def _withdrawn_prefix(case: Case, event: TimelineEvent) -> str:
    return t("show.moved_prefix" if case.retractions[event.id][1].moved_to else "show.withdrawn_prefix")


class _Columns:
    """Rows of short fixed cells and one last cell that wraps, laid out as a
    rich Table with `box=None` would lay them out, without its measuring: a
    timeline of 150 entries costs a Table over 100 ms, this a few. The fixed
    cells are as wide as their widest; the last takes the rest and wraps at
    words (rich's own wrap, only for a cell that does not fit)."""

    def __init__(self, rows: list[tuple[list[str], Text]], *, justify: tuple[str, ...], edge: int, gap: int,
                 header: list[str] | None = None, title: str | None = None) -> None:
        self.rows = rows
        self.justify = justify
        self.edge = edge  # spaces before the first cell and after the last
        self.gap = gap
        self.header = header
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.style import Style

        cells = [fixed for fixed, _ in self.rows]
        if self.header:
            cells.append(self.header[:-1])
        widths = [max((cell_len(row[i]) for row in cells), default=0) for i in range(len(self.justify))]
        last = max(options.max_width - 2 * self.edge - sum(widths) - self.gap * len(widths), 8)
        blank = " " * (self.edge + sum(widths) + self.gap * len(widths))
        new_line = Segment.line()
        if self.title is not None:
            yield Segment(self.title, Style(italic=True))
            yield new_line

        def fixed_part(row: list[str]) -> str:
            parts = [" " * self.edge]
            for cell, width, how in zip(row, widths, self.justify, strict=True):
                pad = " " * (width - cell_len(cell))
                parts.append((pad + cell if how == "right" else cell + pad) + " " * self.gap)
            return "".join(parts)

        if self.header:
            yield Segment(fixed_part(self.header[:-1]) + self.header[-1], Style(bold=True))
            yield new_line
        for fixed, text in self.rows:
            lines = [text] if "\n" not in text.plain else list(text.split("\n"))
            if any(cell_len(line.plain) > last for line in lines):
                lines = [part for line in lines for part in _wrapped(line, last)]
            for number, line in enumerate(lines):
                yield Segment(fixed_part(fixed) if number == 0 else blank)
                yield from line.render(console)
                yield new_line


def _wrapped(line: Text, width: int) -> list[Text]:
    """`line` broken at spaces into pieces of at most `width` cells, as rich
    wraps a table cell (a word wider than that is cut), styles kept."""
    import re

    from rich.cells import cell_len

    if cell_len(line.plain) <= width:
        return [line]
    breaks: list[int] = []
    used = 0
    for word in re.finditer(r"\s*\S+\s*", line.plain):
        start, end = word.span()
        size = cell_len(word.group().rstrip())
        if used and used + size > width:
            breaks.append(start)
            used = 0
        while size > width:
            # A word too long for a line of its own: cut (ASCII widths; a rare case).
            start += width
            breaks.append(start)
            size -= width
        used += cell_len(line.plain[start:end])
    pieces = list(line.divide(breaks))
    for piece in pieces:
        piece.rstrip()
    return pieces


def case_panel(case: Case, *, reveal_bsn: bool = False) -> RenderableType:
    """The case in a panel. Every piece of stored text is neutralised once,
    here; the console's own filter (`render.console`) then runs once over
    the whole panel rather than around each nested renderable."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from loketcli.render.safe import neutralise

    v, i = case.visitor, case.intake
    facts: list[tuple[list[str], Text]] = []

    def row(key: str, value: str | None) -> None:
        facts.append(([t(key)], Text(neutralise(value) if value else "–")))

    bsn = None if v.bsn is None else (v.bsn if reveal_bsn else mask_bsn(v.bsn))
    row("show.name", v.name)
    row("show.phone", v.phone)
    row("show.email", v.email)
    row("show.bsn", bsn)
    row("show.language", v.language)
    row("show.digid", t(f"digid.{v.digid.value}"))
    row("show.companion", _label(VocabularyName.COMPANIONS, v.companion))
    facts.append(([""], Text("")))
    row("show.status", t(f"status.{case.status.value}"))
    row("show.opened", _when(case.opened_at))
    if case.closed_at:
        row("show.closed", _when(case.closed_at))
    row("show.channel", _label(VocabularyName.CHANNELS, i.channel))
    row("show.referred_by", _label(VocabularyName.REFERRALS, i.referred_by))
    row("show.question", i.question)
    row("show.life_events", _labels(VocabularyName.LIFE_EVENTS, i.life_events))
    row("show.agencies", _labels(VocabularyName.AGENCIES, i.agencies))
    row("show.consent_contact", t("yes") if i.consent.contact_bodies else t("no"))
    row("show.consent_record", t("yes") if i.consent.record_data else t("no"))
    row("show.total_minutes", str(case.total_minutes))
    if case.satisfaction is not None:
        row("show.satisfaction_row", f"{case.satisfaction}/5")
    row("show.agencies_involved", _labels(VocabularyName.AGENCIES, case.agencies_involved))
    calls = case.calls_per_agency()
    row("show.calls", ", ".join(f"{_agency(code)} {count}×" for code, count in calls.items()) or None)

    entries: list[tuple[list[str], Text]] = []
    for event in case.events:
        # Text(), not str: a visitor's words are data, never rich markup.
        note = _withdrawal_note(case, event)
        if note is None:
            line = Text(neutralise(_event_line(event)))
        else:
            # Struck through where the terminal can; the words say it everywhere.
            line = Text(_withdrawn_prefix(case, event) + " ")
            line.append(neutralise(_event_line(event)), style="strike")
            line.append("\n  " + neutralise(note))
        entries.append(([str(event.id), _when(event.at)], line))
    # The entry's number is what `retract` and `move` take.
    timeline = _Columns(entries, justify=("right", "left"), edge=2, gap=4,
                        header=[t("show.col_id"), t("show.col_when"), t("show.col_what")], title=t("show.timeline"))
    parts: list[RenderableType] = [_Columns(facts, justify=("left",), edge=0, gap=2), Text(""), timeline]
    if case.open_followups:
        from loketcli.render.followups import followup_table

        parts += [Text(""), Text(t("show.open_followups", count=len(case.open_followups)), style="bold"),
                  followup_table(list(case.open_followups))]
    return Panel(Group(*parts), title=f"[bold]{format_case_id(case.id)}[/bold]",
                 title_align="left")


def case_table(cases: list[Case], *, names: bool) -> RenderableType:
    from loketcli.render.console import padded_lines

    header = [t(key) for key in ("list.col_id", "list.col_opened", "list.col_status", "list.col_visitor",
                                 "list.col_agencies")]
    rows = [
        [format_case_id(c.id), local(c.opened_at).strftime("%d-%m-%Y"), t(f"status.{c.status.value}"),
         c.visitor.name if names else initials(c.visitor.name), _labels(VocabularyName.AGENCIES, c.intake.agencies)]
        for c in cases
    ]
    return padded_lines(header, rows)


def find_json(hits: list[FindHit], *, names: bool) -> list[dict[str, Any]]:
    return [
        {
            "id": format_case_id(hit.case.id),
            "status": hit.case.status.value,
            "opened_at": _iso(hit.case.opened_at),
            "visitor": hit.case.visitor.name if names else initials(hit.case.visitor.name),
            "matched": list(hit.fields),
        }
        for hit in hits
    ]


def find_table(hits: list[FindHit], *, names: bool) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=(0, 2), header_style="bold")
    for key in ("list.col_id", "list.col_opened", "list.col_status", "list.col_visitor", "find.col_matched"):
        table.add_column(t(key))
    for hit in hits:
        c = hit.case
        table.add_row(format_case_id(c.id), local(c.opened_at).strftime("%d-%m-%Y"), t(f"status.{c.status.value}"),
                      Text(c.visitor.name if names else initials(c.visitor.name)), ", ".join(hit.fields))
    return table
