"""What a push and a read-back say: case ids, counts and the register's codes, never personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loketcli.i18n import t

if TYPE_CHECKING:
    from loketcli.register.history import RegisterContact
    from loketcli.register.push import CaseOutcome, PushReport

SCHEMA_VERSION = 1


def _outcome_text(outcome: CaseOutcome) -> str:
    status = outcome.status.value
    if status in ("verstuurd", "zou-versturen"):
        text = t(f"register.outcome.{status}", contacts=outcome.contacts_new, changed=outcome.contacts_changed,
                 tasks=outcome.tasks_new, tasks_changed=outcome.tasks_changed)
        return text + (" " + t("register.outcome.with_bsn") if outcome.with_bsn else "")
    if status == "geweigerd":
        return t("register.outcome.geweigerd", status=outcome.http_status or "-",
                 reasons=", ".join(outcome.reasons) or "-")
    return t(f"register.outcome.{status}")


def push_lines(report: PushReport, *, summary: bool = False) -> list[str]:
    if not summary:
        # Unchanged cases are only counted: a second push of two years of cases
        # would otherwise print ten thousand lines saying nothing happened.
        return [f"{o.case}  {_outcome_text(o)}" for o in report.outcomes if o.status.value != "ongewijzigd"]

    def count(status: str) -> int:
        return sum(1 for o in report.outcomes if o.status.value == status)

    key = "register.summary_dry_run" if report.dry_run else "register.summary"
    return [t(key, sent=count("zou-versturen" if report.dry_run else "verstuurd"), unchanged=count("ongewijzigd"),
              refused=count("geweigerd"), unreachable=count("niet-bereikt"), without=report.without_consent,
              requests=report.requests)]


def push_json(report: PushReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "dry_run": report.dry_run,
        "without_consent": report.without_consent,
        "requests": report.requests,
        "cases": [
            {"case": o.case, "status": o.status.value, "contacts_new": o.contacts_new,
             "contacts_changed": o.contacts_changed, "tasks_new": o.tasks_new, "tasks_changed": o.tasks_changed,
             "bsn": o.with_bsn, "http_status": o.http_status, "reasons": list(o.reasons)}
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
