"""The worker's case summary and the visitor's overview.

The visitor's overview is written at B1 level, addressed to "u": short
sentences, next steps first and numbered, no internal words (no
"professionallijn", "opvolging", reference numbers unless asked).
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING, Any

from loketcli.domain.clock import local
from loketcli.domain.dates import When
from loketcli.domain.model import FollowUp, FollowUpSource, format_case_id
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import t
from loketcli.render.followups import followup_json
from loketcli.render.safe import document, neutralise

if TYPE_CHECKING:
    from loketcli.services.summary import CaseSummary


def bring_list(summary: CaseSummary) -> tuple[FollowUp, ...]:
    return tuple(f for f in summary.open_followups if f.source is FollowUpSource.BRING)


def next_steps(summary: CaseSummary) -> tuple[FollowUp, ...]:
    return tuple(f for f in summary.open_followups if f.source is not FollowUpSource.BRING)


def _agency(code: str | None) -> str:
    if not code:
        return ""
    vocabulary = load(VocabularyName.AGENCIES)
    return vocabulary.by_code(code).label if code in vocabulary.codes() else code


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
    life = ", ".join(load(VocabularyName.LIFE_EVENTS).by_code(c).label for c in case.intake.life_events) or "–"
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
    return document("\n".join(lines) + "\n", markdown=markdown)


def _late(f: FollowUp, today: date | None) -> str:
    return " " + t("summary.late") if today is not None and f.due.day < today else ""


# -- for the visitor ---------------------------------------------------------------------


def _step(f: FollowUp, today: date | None) -> str:
    """A deadline that has passed is not repeated to the visitor as if it were
    still coming: we say what we are waiting for instead."""
    past = today is not None and f.due.day < today
    when = long_date(f.due)
    if f.source is FollowUpSource.CALLBACK and f.agency:
        if past:
            return t("visitor.step_callback_waiting", agency=_agency(f.agency))
        return t("visitor.step_callback", agency=_agency(f.agency), date=when)
    if past:
        return t("visitor.step_undated", what=f.what)
    return t("visitor.step", what=f.what, date=when)


def visitor_sections(summary: CaseSummary, *, desk_name: str, desk_phone: str, references: bool,
                     today: date | None = None) -> list[tuple[str, list[str], bool]]:
    """(heading, lines, numbered) in the order the visitor needs them: what happens next first."""
    case = summary.case
    steps = [_step(f, today) for f in next_steps(summary)]
    for th in summary.threads:
        if th.handed_over:
            steps.append(t("visitor.step_handover", agency=_agency(th.agency)))
    if not steps:
        steps.append(t("visitor.no_steps"))
    sections: list[tuple[str, list[str], bool]] = [(t("visitor.next"), steps, True)]
    bring = [t("visitor.bring_item", what=f.what, date=long_date(f.due))
             if today is None or f.due.day >= today else f.what for f in bring_list(summary)]
    if bring:
        sections.append((t("visitor.bring"), bring, False))
    sections.append((t("visitor.about"), [case.intake.question], False))
    contacted = [_agency(th.agency) for th in summary.threads if th.calls]
    if contacted:
        sections.append((t("visitor.contacted"), contacted, False))
    if references:
        refs = [f"{_agency(c.agency)}: {c.reference}" for c in case.calls if c.reference]
        if refs:
            sections.append((t("visitor.references"), refs, False))
    contact = t("visitor.contact_phone", desk=desk_name, phone=desk_phone) if desk_phone else t(
        "visitor.contact", desk=desk_name)
    sections.append((t("visitor.questions"), [contact], False))
    return sections


def visitor_text(summary: CaseSummary, *, markdown: bool, desk_name: str, desk_phone: str,
                 references: bool, produced: str, today: date | None = None) -> str:
    lines = [("# " if markdown else "") + t("visitor.title"), "", t("visitor.intro", date=produced), ""]
    for heading, items, numbered in visitor_sections(summary, desk_name=desk_name, desk_phone=desk_phone,
                                                     references=references, today=today):
        lines.append(("## " if markdown else "") + heading)
        if not markdown:
            lines.append("")
        for index, item in enumerate(items, start=1):
            lines.append(f"{index}. {item}" if numbered else f"- {item}")
        lines.append("")
    return document("\n".join(lines), markdown=markdown)


def visitor_html(summary: CaseSummary, *, desk_name: str, desk_phone: str, references: bool, produced: str,
                 lang: str, today: date | None = None) -> str:
    esc = html.escape
    body = [f"<h1>{esc(t('visitor.title'))}</h1>", f"<p class=\"intro\">{esc(t('visitor.intro', date=produced))}</p>"]
    for heading, items, numbered in visitor_sections(summary, desk_name=desk_name, desk_phone=desk_phone,
                                                     references=references, today=today):
        tag = "ol" if numbered else "ul"
        body.append(f"<h2>{esc(heading)}</h2><{tag}>" + "".join(f"<li>{esc(i)}</li>" for i in items) + f"</{tag}>")
    style = (
        "@page{size:A4;margin:2cm}"
        "body{font-family:Verdana,Arial,sans-serif;font-size:13pt;line-height:1.5;max-width:40em;margin:2em auto;"
        "color:#111}"
        "h1{font-size:20pt;margin-bottom:.2em}h2{font-size:15pt;margin-top:1.4em;border-bottom:1px solid #999}"
        "li{margin:.4em 0}.intro{color:#333}"
        "@media print{body{margin:0}}"
    )
    return neutralise(f"<!DOCTYPE html>\n<html lang=\"{esc(lang)}\"><head><meta charset=\"utf-8\">"
                      f"<title>{esc(t('visitor.title'))}</title><style>{style}</style></head><body>\n"
                      + "\n".join(body) + "\n</body></html>\n")


def produced_label(moment: Any) -> str:
    return long_date(When(local(moment).date()))
