"""The inzage document: everything recorded about one visitor, readable by them."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from loketcli.domain.bsn import mask_bsn
from loketcli.domain.clock import local
from loketcli.domain.model import format_case_id
from loketcli.domain.vocab import VocabularyName
from loketcli.i18n import t
from loketcli.render.audit import audit_json
from loketcli.render.cases import _label, _labels, case_json, timeline_line
from loketcli.render.followups import followup_state
from loketcli.render.safe import markdown_safe, neutralise

if TYPE_CHECKING:
    from loketcli.services.privacy import InzageRecord

INZAGE_SCHEMA = 1


def inzage_json(record: InzageRecord) -> dict[str, Any]:
    # The visitor asked for everything recorded about them: the BSN in full.
    return {
        "schema_version": INZAGE_SCHEMA,
        "produced_at": local(record.produced_at).isoformat(),
        "case": case_json(record.case, reveal_bsn=True),
        # Other cases named in the same entry (a search, a list) are not this visitor's business.
        "audit": [{**entry, "cases": [format_case_id(record.case.id)]} for entry in audit_json(list(record.audit))],
        "register": {"consent": record.register_consent, "contacts_sent": record.register_contacts_sent,
                     "tasks_sent": record.register_tasks_sent},
    }


def _facts(record: InzageRecord) -> list[tuple[str, str]]:
    c = record.case
    v, i = c.visitor, c.intake
    return [
        (t("show.name"), v.name), (t("show.phone"), v.phone or "–"), (t("show.email"), v.email or "–"),
        (t("show.bsn"), v.bsn or "–"), (t("show.language"), v.language or "–"),
        (t("show.digid"), t(f"digid.{v.digid.value}")),
        (t("show.companion"), _label(VocabularyName.COMPANIONS, v.companion)),
        (t("show.status"), t(f"status.{c.status.value}")),
        (t("show.opened"), local(c.opened_at).strftime("%d-%m-%Y %H:%M")),
        (t("show.channel"), _label(VocabularyName.CHANNELS, i.channel)),
        (t("show.referred_by"), _label(VocabularyName.REFERRALS, i.referred_by)),
        (t("show.question"), i.question),
        (t("show.life_events"), _labels(VocabularyName.LIFE_EVENTS, i.life_events)),
        (t("show.agencies"), _labels(VocabularyName.AGENCIES, i.agencies)),
        (t("show.consent_contact"), t("yes") if i.consent.contact_bodies else t("no")),
        (t("show.consent_record"), t("yes") if i.consent.record_data else t("no")),
        (t("inzage.register_consent"), t("yes") if record.register_consent else t("no")),
        (t("inzage.register_sent"), t("inzage.register_sent_counts", contacts=record.register_contacts_sent,
                                      tasks=record.register_tasks_sent)),
    ]


def inzage_markdown(record: InzageRecord) -> str:
    c = record.case
    lines = [f"# {t('inzage.title', case=format_case_id(c.id))}", "",
             t("inzage.intro", date=local(record.produced_at).strftime("%d-%m-%Y %H:%M")), "",
             f"## {t('inzage.facts')}", "", f"| {t('inzage.field')} | {t('inzage.value')} |", "|---|---|"]
    lines += [f"| {k} | {v.replace('|', '/')} |" for k, v in _facts(record)]
    lines += ["", f"## {t('show.timeline')}", ""]
    for e in c.events:
        text = timeline_line(c, e).replace("\n", " ")
        lines.append(f"- {local(e.at).strftime('%d-%m-%Y %H:%M')}: {text}")
    lines += ["", f"## {t('inzage.followups')}", ""]
    for f in c.followups:
        day, time = f.due.to_storage()
        state = followup_state(f)
        lines.append(f"- #{f.id} {day}{' ' + time if time else ''} ({state}): {f.what}")
    if not c.followups:
        lines.append(f"- {t('agenda.nothing')}")
    lines += ["", f"## {t('inzage.audit')}", "", t("inzage.audit_intro"), ""]
    for a in record.audit:
        lines.append(f"- {local(a.at).strftime('%d-%m-%Y %H:%M:%S')}: {a.command}")
    return markdown_safe("\n".join(lines) + "\n")


def inzage_html(record: InzageRecord) -> str:
    c = record.case
    esc = html.escape
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in _facts(record))
    events = "".join(f"<li>{esc(local(e.at).strftime('%d-%m-%Y %H:%M'))}: {esc(timeline_line(c, e))}</li>"
                     for e in c.events)
    follow = "".join(f"<li>#{f.id} {esc(' '.join(x for x in f.due.to_storage() if x))} ({esc(followup_state(f))}):"
                     f" {esc(f.what)}</li>" for f in c.followups) or f"<li>{esc(t('agenda.nothing'))}</li>"
    audit = "".join(f"<li>{esc(local(a.at).strftime('%d-%m-%Y %H:%M:%S'))}: {esc(a.command)}</li>"
                    for a in record.audit)
    title = esc(t("inzage.title", case=format_case_id(c.id)))
    return neutralise(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:48em;margin:2em auto}}"
        "th{text-align:left;padding-right:1em;vertical-align:top}@page{size:A4;margin:2cm}</style></head><body>"
        f"<h1>{title}</h1><p>{esc(t('inzage.intro', date=local(record.produced_at).strftime('%d-%m-%Y %H:%M')))}</p>"
        f"<h2>{esc(t('inzage.facts'))}</h2><table>{rows}</table>"
        f"<h2>{esc(t('show.timeline'))}</h2><ul>{events}</ul>"
        f"<h2>{esc(t('inzage.followups'))}</h2><ul>{follow}</ul>"
        f"<h2>{esc(t('inzage.audit'))}</h2><p>{esc(t('inzage.audit_intro'))}</p><ul>{audit}</ul>"
        "</body></html>\n"
    )


__all__ = ["inzage_html", "inzage_json", "inzage_markdown", "mask_bsn"]
