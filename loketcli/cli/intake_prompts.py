"""The intake conversation at a terminal: one question per field, Enter skips the optional ones."""

from __future__ import annotations

import dataclasses

from loketcli.cli.prompts import ask, confirm
from loketcli.domain import intake as fields
from loketcli.domain.intake import IntakeForm
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import t


def complete_form(form: IntakeForm, *, ask_optional: bool) -> IntakeForm:
    """Ask for what the flags left open. Each answer is checked as it is given,
    so a typo is corrected on the spot, not after the whole intake."""
    changes: dict[str, object] = {}
    if not form.name:
        changes["name"] = ask(t("prompt.name"), lambda v: fields.required_text(v, "naam", 200))
    if not form.question:
        changes["question"] = ask(t("prompt.question"), lambda v: fields.required_text(v, "vraag", 4000))
    if not form.channel:
        channels = list(load(VocabularyName.CHANNELS).codes())
        changes["channel"] = ask(t("prompt.channel"), lambda v: fields.parse_term(VocabularyName.CHANNELS, v),
                                 default="balie", choices=channels)
    if ask_optional:
        referrals = list(load(VocabularyName.REFERRALS).codes())
        changes["referred_by"] = ask(
            t("prompt.referred_by"),
            lambda v: fields.parse_term(VocabularyName.REFERRALS, v) if v.strip() else None,
            choices=referrals) or None
        # Fixed vocabularies show their choices up front, not only after a wrong answer.
        changes["life_events"] = ask(
            t("prompt.life_events"), lambda v: fields.parse_terms(VocabularyName.LIFE_EVENTS, (v,)),
            choices=list(load(VocabularyName.LIFE_EVENTS).codes()))
        changes["agencies"] = ask(
            t("prompt.agencies"), lambda v: fields.parse_terms(VocabularyName.AGENCIES, (v,)),
            choices=list(load(VocabularyName.AGENCIES).codes()))
        changes["digid"] = ask(t("prompt.digid"), lambda v: fields.parse_digid(v).value,
                               default="onbekend", choices=["heeft", "geen", "aangevraagd", "onbekend"])
        changes["consent_contact"] = confirm(t("prompt.consent_contact"), default=False)
        changes["consent_record"] = confirm(t("prompt.consent_record"), default=False)
        changes["minutes"] = ask(t("prompt.minutes"), fields.parse_minutes)
        changes["phone"] = ask(t("prompt.phone"), fields.parse_phone)
        changes["email"] = ask(t("prompt.email"), fields.parse_email)
        changes["bsn"] = ask(t("prompt.bsn"), fields.parse_bsn)
        changes["language"] = ask(t("prompt.language"), lambda v: fields.optional_text(v, "taal", 60))
        companions = list(load(VocabularyName.COMPANIONS).codes())
        changes["companion"] = ask(
            t("prompt.companion"),
            lambda v: fields.parse_term(VocabularyName.COMPANIONS, v) if v.strip() else None,
            choices=companions)
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]
