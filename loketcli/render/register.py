"""What a push and a read-back say: case ids, counts and the register's codes, never personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loketcli.i18n import t

if TYPE_CHECKING:
    from loketcli.register.history import RegisterContact
    from loketcli.register.push import CaseOutcome, PushReport

SCHEMA_VERSION = 1


def _sent_text(outcome: CaseOutcome, key: str = "register.outcome.verstuurd") -> str:
    text = t(key, contacts=outcome.contacts_new, changed=outcome.contacts_changed, tasks=outcome.tasks_new,
             tasks_changed=outcome.tasks_changed)
    if outcome.addresses_new or outcome.addresses_changed:
        text += ", " + t("register.outcome.addresses", new=outcome.addresses_new, changed=outcome.addresses_changed)
    return text + (" " + t("register.outcome.with_bsn") if outcome.with_bsn else "")


def _sent_any(outcome: CaseOutcome) -> bool:
    return any((outcome.contacts_new, outcome.contacts_changed, outcome.tasks_new, outcome.tasks_changed,
                outcome.addresses_new, outcome.addresses_changed))


def _parts(outcome: CaseOutcome, *, earlier: bool) -> str:
    """`telefoonnummer (400: adres: invalid)`: the part and the register's codes, never a value."""
    named = []
    for part in outcome.refused:
        if part.earlier is earlier:
            codes = ", ".join(part.reasons) or "-"
            named.append(f"{t('register.part.' + part.part)} ({part.status}: {codes})" if part.status
                         else f"{t('register.part.' + part.part)} ({codes})")
    return "; ".join(named)


def _outcome_text(outcome: CaseOutcome) -> str:
    status = outcome.status.value
    fresh, earlier = _parts(outcome, earlier=False), _parts(outcome, earlier=True)
    if status == "zou-versturen":
        text = _sent_text(outcome, "register.outcome.zou-versturen")
    elif status == "verstuurd" or (status == "geweigerd" and _sent_any(outcome)):
        text = _sent_text(outcome)
    elif status == "niet-bereikt":
        text = t("register.outcome.niet-bereikt")
        if _sent_any(outcome):
            text += " (" + _sent_text(outcome) + ")"
    else:
        text = t(f"register.outcome.{status}")
    if fresh:
        text += "; " + t("register.outcome.refused_parts", parts=fresh)
    if earlier:
        text += "; " + t("register.outcome.earlier_parts", parts=earlier)
    return text


def push_lines(report: PushReport, *, summary: bool = False) -> list[str]:
    if not summary:
        # Unchanged cases are only counted: a second push of two years of cases
        # would otherwise print ten thousand lines saying nothing happened.
        return [f"{o.case}  {_outcome_text(o)}" for o in report.outcomes if o.status.value != "ongewijzigd"]

    def count(status: str) -> int:
        return sum(1 for o in report.outcomes if o.status.value == status)

    if report.dry_run:
        return [t("register.summary_dry_run", sent=count("zou-versturen"), unchanged=count("ongewijzigd"),
                  still=count("eerder-geweigerd"), without=report.without_consent)]
    return [t("register.summary", sent=count("verstuurd"), unchanged=count("ongewijzigd"),
              refused=count("geweigerd"), still=count("eerder-geweigerd"), unreachable=count("niet-bereikt"),
              without=report.without_consent, requests=report.requests, contacts=report.total("contacts_new"),
              tasks=report.total("tasks_new"), addresses=report.total("addresses_new"))]


def push_json(report: PushReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "dry_run": report.dry_run,
        "without_consent": report.without_consent,
        "requests": report.requests,
        "totals": {name: report.total(name) for name in (
            "contacts_new", "contacts_changed", "tasks_new", "tasks_changed", "addresses_new", "addresses_changed")},
        "cases": [
            {"case": o.case, "status": o.status.value, "contacts_new": o.contacts_new,
             "contacts_changed": o.contacts_changed, "tasks_new": o.tasks_new, "tasks_changed": o.tasks_changed,
             "addresses_new": o.addresses_new, "addresses_changed": o.addresses_changed,
             "bsn": o.with_bsn, "http_status": o.http_status, "reasons": list(o.reasons),
             "refused": [{"part": r.part, "status": r.status, "reasons": list(r.reasons), "earlier": r.earlier}
                         for r in o.refused]}
            for o in report.outcomes
        ],
    }


def history_lines(contacts: tuple[RegisterContact, ...]) -> list[str]:
    from loketcli.domain.clock import LOCAL_ZONE

    lines = []
    for contact in contacts:
        when = contact.at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M") if contact.at else "????-??-?? --:--"
        who = ", ".join(_plain(name) for name in contact.handled_by) or "-"
        mark = " *" if contact.own_case else ""
        lines.append(f"{when}  {_plain(contact.channel):<12} {_plain(contact.subject)}  ({who}){mark}")
    return lines


def history_json(contacts: tuple[RegisterContact, ...]) -> dict[str, Any]:
    from loketcli.domain.clock import local

    return {
        "schema_version": SCHEMA_VERSION,
        "contacts": [
            {"at": local(c.at).isoformat() if c.at else None, "channel": c.channel, "subject": c.subject,
             "handled_by": list(c.handled_by), "own_case": c.own_case}
            for c in contacts
        ],
    }



def _plain(text: str) -> str:
    """The register's text on one line, its controls shown, not obeyed: a server
    must not be able to move the cursor or retitle the worker's terminal."""
    from loketcli.render.safe import neutralise

    return neutralise(" ".join(text.split()), lines=False)
