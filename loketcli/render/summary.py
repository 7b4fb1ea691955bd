"""The worker's case summary and the visitor's overview.

The visitor's overview is written at B1 level, addressed to "u": short
sentences, the visitor's own tasks first and numbered, each step saying who
acts, no internal words (no "professionallijn", "opvolging", reference numbers
unless asked); it names the case number and the desk.
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING, Any

from loketcli.domain.clock import local
from loketcli.domain.dates import When
from loketcli.domain.model import FollowUp, FollowUpActor, FollowUpSource, format_case_id
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import current_language, t
from loketcli.render.followups import followup_json
from loketcli.render.safe import document, neutralise

if TYPE_CHECKING:
    from loketcli.services.summary import CaseSummary, HandedOver, VisitorSheet


def _agency(code: str | None) -> str:
    if not code:
        return ""
    vocabulary = load(VocabularyName.AGENCIES)
    return vocabulary.by_code(code).label_for(current_language()) if code in vocabulary.codes() else code


_label = _agency  # a body's name where it stands alone, as in a list: "UWV", "Belastingdienst"


def long_date(when: When) -> str:
    """`donderdag 3 december 2026, 10:00`: spelled out, easier to read than `do 3 dec`."""
    day = when.day
    text = t("date.long", weekday=t(f"weekday.{day.weekday()}"), day=day.day, month=t(f"month.{day.month}"),
             year=day.year)
    if when.time is not None:
        text += f", {when.time.strftime('%H:%M')}"
    return text


# -- for the worker -------------------------------------------------------------------


def summary_json(summary: CaseSummary) -> dict[str, Any]:
    case = summary.case
    return {
        "schema_version": 1,
        "id": format_case_id(case.id),
        "status": case.status.value,
        "question": case.intake.question,
        "life_events": list(case.intake.life_events),
        "threads": [
            {"agency": th.agency, "calls": th.calls, "last_outcome": th.last_outcome,
             "handed_over": th.handed_over, "warm": th.warm,
             "open_followups": [f.id for f in th.open_followups]}
            for th in summary.threads
        ],
        "calls": summary.calls,
        "handovers": summary.handovers,
        "open_followups": [followup_json(f) for f in summary.open_followups],
        "total_minutes": summary.total_minutes,
        "withdrawn": [{"event": e.id, "kind": e.kind.value, "at": local(e.at).isoformat(),
                       "moved_to": format_case_id(r.moved_to) if r.moved_to else None}
                      for e, r in summary.withdrawn],
    }


def _thread_line(th: Any) -> str:
    parts = [t("summary.calls", count=th.calls)] if th.calls else []
    if th.last_outcome:
        parts.append(t("summary.last_outcome", outcome=t(f"outcome.{th.last_outcome}")))
    if th.handed_over:
        parts.append(t("summary.handed_over_warm") if th.warm else t("summary.handed_over"))
    if th.open_followups:
        parts.append(t("summary.open_count", count=len(th.open_followups)))
    return f"{_agency(th.agency)}: " + (", ".join(parts) if parts else t("summary.no_contact_yet"))


def summary_text(summary: CaseSummary, *, markdown: bool = False, today: date | None = None) -> str:
    case = summary.case
    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "  - ")
    events = load(VocabularyName.LIFE_EVENTS)
    life = ", ".join(events.by_code(c).label_for(current_language()) for c in case.intake.life_events) or "–"
    lines = [
        f"{h1}{t('summary.title', case=format_case_id(case.id), status=t('status.' + case.status.value))}",
        "",
        f"{t('show.question')}: {case.intake.question}",
        f"{t('show.life_events')}: {life}",
        f"{t('summary.time')}: {t('summary.minutes', minutes=summary.total_minutes)}",
        f"{t('summary.done')}: {t('summary.done_counts', calls=summary.calls, handovers=summary.handovers)}",
        "",
        f"{h2}{t('show.agencies_involved')}",
    ]
    lines += [f"{bullet}{_thread_line(th)}" for th in summary.threads] or [f"{bullet}–"]
    lines += ["", f"{h2}{t('summary.open')}"]
    if summary.open_followups:
        lines += [f"{bullet}#{f.id} {long_date(f.due)}{_late(f, today)}: {f.what}" for f in summary.open_followups]
    else:
        lines.append(f"{bullet}{t('agenda.nothing')}")
    if summary.withdrawn:
        # Only when there are any: a summary without corrections reads as before.
        lines += ["", f"{h2}{t('summary.withdrawn')}"]
        lines += [f"{bullet}{t('summary.withdrawn_line', event=e.id, kind=t('event.' + e.kind.value))}"
                  + (" " + t("show.moved_to", case=format_case_id(r.moved_to)) if r.moved_to else "")
                  for e, r in summary.withdrawn]
    return document("\n".join(lines) + "\n", markdown=markdown)


def _late(f: FollowUp, today: date | None) -> str:
    return " " + t("summary.late") if today is not None and f.due.day < today else ""


# -- for the visitor ---------------------------------------------------------------------
#
# Each sentence says who acts ("U", "Wij", the body's name) and is chosen by
# what the record says happened (services.summary.visitor_sheet), never by hope:
# "passed on" only for a warm hand-over, "spoken with" only when someone
# answered, "nothing to do" only when the sheet asks nothing of the visitor.


def _sentence(text: str) -> str:
    """Free text typed by the worker as one whole sentence: it keeps its own
    end (`?`, `!`) and gets a full stop only when it has none, never `?.`."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _past(f: FollowUp, today: date | None) -> bool:
    return today is not None and f.due.day < today


def _term(code: str) -> Any:
    vocabulary = load(VocabularyName.AGENCIES)
    return vocabulary.by_code(code) if code in vocabulary.codes() else None


def _body(code: str, *, start: bool = False) -> str:
    """A body as a sentence names it: "de Belastingdienst", "het UWV", "DUO"."""
    term = _term(code)
    if term is None:
        return code
    named: str = term.in_sentence(current_language(), start=start)
    return named


def _reach(code: str) -> str | None:
    """How the visitor reaches a body themselves, from the vocabulary; None
    when it gives no website or number (the line is then left out)."""
    term = _term(code)
    if term is None:
        return None
    if term.website and term.phone:
        return t("visitor.reach_web_phone", website=term.website, phone=term.phone)
    if term.website:
        return t("visitor.reach_web", website=term.website)
    if term.phone:
        return t("visitor.reach_phone", phone=term.phone)
    return None


def at_date(when: When) -> str:
    """`donderdag 17 december 2026 om 10:00`: for an appointment."""
    day = long_date(When(when.day))
    return t("date.at_time", date=day, time=when.time.strftime("%H:%M")) if when.time is not None else day


def _appointment(f: FollowUp, *, bring: bool = False) -> str:
    """An appointment written as one ("U heeft een afspraak bij ... op ..."), never as a deadline."""
    where = _body(f.agency) if f.agency else t("visitor.at_us")
    line = t("visitor.appointment", where=where, date=at_date(f.due))
    if bring:
        return line
    return f"{line} {t('visitor.appointment_about', what=_sentence(f.what))}"


def _visitor_task(f: FollowUp, today: date | None) -> str:
    """The visitor's own task; when it concerns a body, how to reach it (if we know)."""
    what = _sentence(f.what)
    line = (t("visitor.task_you_late", what=what) if _past(f, today)
            else t("visitor.task_you", what=what, date=long_date(f.due)))
    if f.agency is None:
        return line
    how = _reach(f.agency)
    if how is None:
        return line
    return f"{line} {t('visitor.reach_for', agency=_body(f.agency), how=how)}"


def _names_itself(f: FollowUp) -> bool:
    """A step whose text already starts with the body's name ("Stadsbank belt u")."""
    from loketcli.domain.vocab import normalise

    term = _term(f.agency or "")
    if term is None:
        return False
    text = normalise(f.what)
    return any(text == normalise(name) or text.startswith(normalise(name) + " ")
               for name in (term.label, term.label_for(current_language()), *term.aliases) if normalise(name))


def _other_task(f: FollowUp, today: date | None) -> str:
    """A step the desk or a body takes. A deadline that has passed is not
    repeated as if still coming: we say it has not happened yet."""
    past = _past(f, today)
    if f.source is FollowUpSource.CALLBACK and f.agency:
        if past:
            return t("visitor.step_callback_waiting", agency=_body(f.agency))
        return t("visitor.step_callback", agency=_body(f.agency, start=True), date=long_date(f.due))
    what = _sentence(f.what)
    if f.actor is FollowUpActor.AGENCY and f.agency:
        who = "" if _names_itself(f) else f"{_label(f.agency)}: "
        if past:
            return t("visitor.task_agency_late", agency=who, what=what)
        if f.due.time is not None:
            return t("visitor.task_agency_at", agency=who, what=what, date=at_date(f.due))
        return t("visitor.task_agency", agency=who, what=what, date=long_date(f.due))
    return (t("visitor.task_desk_late", what=what) if past
            else t("visitor.task_desk", what=what, date=long_date(f.due)))


def _contact_yourself(handed: HandedOver) -> str:
    parts = [t("visitor.step_cold", agency=_body(handed.agency))]
    if handed.what:
        parts.append(t("visitor.step_cold_about", what=_sentence(handed.what)))
    parts.append(_reach(handed.agency) or t("visitor.reach_ask"))
    return " ".join(parts)


def _desk_lines(sheet: VisitorSheet) -> list[str]:
    desk = sheet.desk
    lines = [t("visitor.desk_named", desk=desk.name) if desk.name else t("visitor.desk_unnamed")]
    if desk.address:
        lines.append(t("visitor.desk_address", address=desk.address))
    if desk.phone:
        lines.append(t("visitor.desk_phone", phone=desk.phone))
    if desk.hours:
        lines.append(t("visitor.desk_hours", hours=desk.hours))
    if desk.worker:
        lines.append(t("visitor.desk_worker", worker=desk.worker))
    return lines


def visitor_intro(sheet: VisitorSheet, produced: str) -> list[str]:
    """`produced` is the day printed, used only when the case has no contact
    with the visitor on record: the sheet names the day of the consult."""
    day = long_date(When(sheet.consult_day)) if sheet.consult_day is not None else produced
    lines = [t("visitor.intro", date=day), t("visitor.case_number", case=format_case_id(sheet.case.id))]
    if t("visitor.notes_as_written"):  # in English: the free text stays the desk's Dutch
        lines.append(t("visitor.notes_as_written"))
    return lines


def visitor_sections(sheet: VisitorSheet, *, references: bool,
                     today: date | None = None) -> list[tuple[str, list[str], bool]]:
    """(heading, lines, numbered) in the order the visitor needs them: their own tasks first."""
    case = sheet.case
    sections: list[tuple[str, list[str], bool]] = []
    coming_bring = [f for f in sheet.bring if not _past(f, today)]
    yours = [_appointment(f) for f in sheet.appointments if not _past(f, today)]
    # Something to bring is brought to an appointment: say when and where, once.
    seen = {(f.due.to_storage(), f.agency) for f in sheet.appointments}
    for f in coming_bring:
        if (f.due.to_storage(), f.agency) not in seen:
            seen.add((f.due.to_storage(), f.agency))
            yours.append(_appointment(f, bring=True))
    yours += [_visitor_task(f, today) for f in (*sheet.visitor_tasks,
                                                  *(f for f in sheet.appointments if _past(f, today)))]
    yours += [_contact_yourself(h) for h in sheet.contact_yourself]
    if yours:
        sections.append((t("visitor.you_do"), yours, True))
    elif sheet.visitor_has_nothing_to_do:
        sections.append((t("visitor.you_do"), [t("visitor.no_steps")], False))
    bring = [t("visitor.bring_item", what=f.what.strip().rstrip("."), date=at_date(f.due))
             if not _past(f, today) else f.what.strip().rstrip(".") for f in sheet.bring]
    if bring:
        # "the next appointment" only when there is one still to come.
        sections.append((t("visitor.bring" if coming_bring else "visitor.bring_no_date"), bring, False))
    if sheet.agreed:
        sections.append((t("visitor.agreed"), [
            t("visitor.agreed_item", agency=_label(h.agency), answer=_sentence(h.answer)) if h.answer
            else t("visitor.agreed_solved", agency=_label(h.agency)) for h in sheet.agreed], False))
    others = [_other_task(f, today) for f in (*sheet.desk_tasks, *sheet.agency_tasks)]
    others += [t("visitor.step_handover", agency=_body(code, start=True)) for code in sheet.passed_on]
    if others:
        sections.append((t("visitor.others_do"), others, True))
    sections.append((t("visitor.about"), [case.intake.question], False))
    if sheet.spoken_with:
        sections.append((t("visitor.contacted"), [
            t("visitor.contacted_said", agency=_body(h.agency, start=True), answer=_sentence(h.answer)) if h.answer
            else _label(h.agency) for h in sheet.spoken_with], False))
    if sheet.not_reached:
        sections.append((t("visitor.not_reached"),
                         [t("visitor.not_reached_item", agency=_body(code)) for code in sheet.not_reached], False))
    if references:
        refs = [f"{_label(c.agency)}: {c.reference}" for c in case.calls if c.reference]
        if refs:
            sections.append((t("visitor.references"), refs, False))
    sections.append((t("visitor.questions"), _desk_lines(sheet), False))
    return sections


def visitor_text(sheet: VisitorSheet, *, markdown: bool, references: bool, produced: str,
                 today: date | None = None) -> str:
    lines = [("# " if markdown else "") + t("visitor.title"), ""]
    for paragraph in visitor_intro(sheet, produced):
        lines += [paragraph, ""]
    for heading, items, numbered in visitor_sections(sheet, references=references, today=today):
        lines.append(("## " if markdown else "") + heading)
        if not markdown:
            lines.append("")
        for index, item in enumerate(items, start=1):
            lines.append(f"{index}. {item}" if numbered else f"- {item}")
        lines.append("")
    return document("\n".join(lines), markdown=markdown)


def visitor_html(sheet: VisitorSheet, *, references: bool, produced: str, lang: str,
                 today: date | None = None) -> str:
    esc = html.escape
    body = [f"<h1>{esc(t('visitor.title'))}</h1>"]
    body += [f"<p class=\"intro\">{esc(paragraph)}</p>" for paragraph in visitor_intro(sheet, produced)]
    for heading, items, numbered in visitor_sections(sheet, references=references, today=today):
        tag = "ol" if numbered else "ul"
        body.append(f"<h2>{esc(heading)}</h2><{tag}>" + "".join(f"<li>{esc(i)}</li>" for i in items) + f"</{tag}>")
    style = (
        "@page{size:A4;margin:2cm}"
        "body{font-family:Verdana,Arial,sans-serif;font-size:13pt;line-height:1.5;max-width:40em;margin:2em auto;"
        "color:#111}"
        "h1{font-size:20pt;margin-bottom:.2em}h2{font-size:15pt;margin-top:1.4em;border-bottom:1px solid #999}"
        "li{margin:.4em 0}.intro{color:#333;margin:.3em 0}"
        "@media print{body{margin:0}}"
    )
    return neutralise(f"<!DOCTYPE html>\n<html lang=\"{esc(lang)}\"><head><meta charset=\"utf-8\">"
                      f"<title>{esc(t('visitor.title'))}</title><style>{style}</style></head><body>\n"
                      + "\n".join(body) + "\n</body></html>\n")


def produced_label(moment: Any) -> str:
    return long_date(When(local(moment).date()))
