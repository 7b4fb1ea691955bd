"""The intake conversation at a terminal, in the order a consult goes.

First who the visitor is (name, then phone, e-mail and BSN), so that a
returning visitor is recognised before anything else is typed; then what a
desk knows at the start (the question, the channel, the bodies, consent); the
rest (referral, life events, DigiD, language, companion, consent in detail)
only after one "meer?". Minutes are not asked: nobody knows them yet (the
consult shell measures them; `visit`, `close` and `edit` take them later).
Each answer is checked as it is given, so a typo is corrected on the spot.
"""

from __future__ import annotations

import dataclasses

from loketcli.cli.prompts import ask, confirm
from loketcli.domain import intake as fields
from loketcli.domain.intake import IntakeForm
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import t


def ask_identity(form: IntakeForm, *, ask_optional: bool) -> IntakeForm:
    """Who the visitor is: enough to recognise them."""
    changes: dict[str, object] = {}
    if not form.name:
        changes["name"] = ask(t("prompt.name"), lambda v: fields.required_text(v, "naam", 200))
    if ask_optional:
        changes["phone"] = ask(t("prompt.phone"), fields.parse_phone)
        changes["email"] = ask(t("prompt.email"), fields.parse_email)
        changes["bsn"] = ask(t("prompt.bsn"), fields.parse_bsn)
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


def complete_form(form: IntakeForm, *, ask_optional: bool) -> IntakeForm:
    """Ask for what the flags left open, after `ask_identity`."""
    changes: dict[str, object] = {}
    if not form.question:
        changes["question"] = ask(t("prompt.question"), lambda v: fields.required_text(v, "vraag", 4000))
    if not form.channel:
        channels = list(load(VocabularyName.CHANNELS).codes())
        changes["channel"] = ask(t("prompt.channel"), lambda v: fields.parse_term(VocabularyName.CHANNELS, v),
                                 default="balie", choices=channels)
    if not ask_optional:
        return dataclasses.replace(form, **changes)  # type: ignore[arg-type]
    # Fixed vocabularies show their choices up front, not only after a wrong answer.
    changes["agencies"] = ask(
        t("prompt.agencies"), lambda v: fields.parse_terms(VocabularyName.AGENCIES, (v,)),
        choices=list(load(VocabularyName.AGENCIES).codes()))
    consent = confirm(t("prompt.consent"), default=False)
    changes["consent_contact"] = changes["consent_record"] = consent
    if confirm(t("prompt.more"), default=False):
        referrals = list(load(VocabularyName.REFERRALS).codes())
        changes["referred_by"] = ask(
            t("prompt.referred_by"),
            lambda v: fields.parse_term(VocabularyName.REFERRALS, v) if v.strip() else None,
            choices=referrals) or None
        changes["life_events"] = ask(
            t("prompt.life_events"), lambda v: fields.parse_terms(VocabularyName.LIFE_EVENTS, (v,)),
            choices=list(load(VocabularyName.LIFE_EVENTS).codes()))
        changes["digid"] = ask(t("prompt.digid"), lambda v: fields.parse_digid(v).value,
                               default="onbekend", choices=["heeft", "geen", "aangevraagd", "onbekend"])
        changes["consent_contact"] = confirm(t("prompt.consent_contact"), default=consent)
        changes["consent_record"] = confirm(t("prompt.consent_record"), default=consent)
        if not changes["consent_record"]:
            # "No" to recording is a decision with a consequence: asked for once more.
            changes["anonymous"] = confirm(t("prompt.anonymous"), default=False)
        changes["language"] = ask(t("prompt.language"), lambda v: fields.optional_text(v, "taal", 60))
        companions = list(load(VocabularyName.COMPANIONS).codes())
        changes["companion"] = ask(
            t("prompt.companion"),
            lambda v: fields.parse_term(VocabularyName.COMPANIONS, v) if v.strip() else None,
            choices=companions)
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


def ask_visit_question() -> str | None:
    """A returning visitor's question of today, kept as the visit's note."""
    return ask(t("prompt.visit_question"), lambda v: fields.optional_text(v, "vraag", 4000))
