"""The call form at a terminal: asks only what the flags left open."""

from __future__ import annotations

from datetime import datetime

from loketcli.cli.dates import ask_due
from loketcli.cli.prompts import ask, confirm
from loketcli.domain.intake import parse_minutes
from loketcli.domain.model import CallOutcome, parse_choice
from loketcli.i18n import t

CallAnswers = tuple[bool, str | None, str | None, str | None, str, int | None, str | None, str | None, str | None]


def _outcome(value: str) -> str:
    return parse_choice(CallOutcome, value, "error.call_outcome").value


def _optional(value: str) -> str | None:
    return value.strip() or None


def ask_call(driegesprek: bool | None, contact: str | None, question: str | None, answer: str | None,
             minutes: int | None, reference: str | None, note: str | None, *, now: datetime,
             callback_given: bool = False) -> CallAnswers:
    if driegesprek is None:
        driegesprek = confirm(t("prompt.driegesprek"), default=False)  # as without the flag
    contact = contact or ask(t("prompt.contact"), _optional)
    question = question or ask(t("prompt.call_question"), _optional)
    answer = answer or ask(t("prompt.call_answer"), _optional)
    outcome = ask(t("prompt.outcome"), _outcome, choices=[o.value for o in CallOutcome])
    if minutes is None:
        minutes = ask(t("prompt.minutes"), parse_minutes)
    reference = reference or ask(t("prompt.reference"), _optional)
    note = note or ask(t("prompt.note"), _optional)
    callback = None
    if outcome == CallOutcome.CALLBACK.value and not callback_given:
        # A date that cannot be read is asked again, never the end of the call.
        callback = ask_due(t("prompt.callback"), now, default="over 5 werkdagen")
    return driegesprek, contact, question, answer, outcome, minutes, reference, note, callback
