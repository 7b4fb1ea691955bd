"""Turning what the worker typed into a valid `NewCase`, one field at a time.

Each field has its own parser so that a prompt can re-ask just the field that
was wrong; `build_new_case` runs them all for the scripted path.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from loketcli.domain.bsn import normalise_bsn
from loketcli.domain.model import Consent, DigidStatus, Intake, NewCase, Visitor
from loketcli.domain.text import refuse_controls
from loketcli.domain.vocab import VocabularyName, load
from loketcli.errors import BadInput

MAX_MINUTES = 600
# The name an anonymous case carries: the visitor declined having their details kept.
ANONYMOUS_NAME = "Anoniem"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class IntakeForm:
    """The intake as typed: free strings, before any checking."""

    name: str
    question: str
    channel: str
    referred_by: str | None = None
    life_events: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    digid: str | None = None
    consent_contact: bool = False
    consent_record: bool = False
    minutes: int | None = None
    phone: str | None = None
    email: str | None = None
    bsn: str | None = None
    language: str | None = None
    companion: str | None = None
    # Declined recording their details: no name, phone, e-mail or BSN is kept.
    anonymous: bool = False


def required_text(value: str | None, field: str, limit: int) -> str:
    refuse_controls(value, field)
    text = " ".join((value or "").split())
    if not text:
        raise BadInput("error.field_required", field=field)
    if len(text) > limit:
        raise BadInput("error.field_too_long", field=field, limit=limit)
    return text


def optional_text(value: str | None, field: str, limit: int) -> str | None:
    refuse_controls(value, field)
    text = " ".join((value or "").split())
    if not text:
        return None
    if len(text) > limit:
        raise BadInput("error.field_too_long", field=field, limit=limit)
    return text


def parse_minutes(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise BadInput("error.minutes", maximum=MAX_MINUTES) from None
    if not 0 <= minutes <= MAX_MINUTES:
        raise BadInput("error.minutes", maximum=MAX_MINUTES)
    return minutes


def parse_email(value: str | None) -> str | None:
    refuse_controls(value, "e-mail")
    text = (value or "").strip()
    if not text:
        return None
    if not _EMAIL.match(text):
        raise BadInput("error.email")
    return text


def parse_phone(value: str | None) -> str | None:
    """A Dutch or international number, checked against the numbering plans
    and written the way a Dutch desk reads it: `06 12345678`, `020 555 6667`,
    or `+32 470 12 34 56` for a number abroad. Never echoed in an error."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > 40:
        raise BadInput("error.phone")
    # Lazily: the numbering plans cost ~50 ms to import, paid only when a
    # number is typed, not on every consult command.
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        raise BadInput("error.phone") from None
    if not phonenumbers.is_valid_number(number):
        raise BadInput("error.phone")
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 31
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return str(phonenumbers.format_number(number, style))


def parse_bsn(value: str | None) -> str | None:
    text = (value or "").strip()
    return normalise_bsn(text) if text else None


def parse_digid(value: str | None) -> DigidStatus:
    text = (value or "").strip().casefold()
    if not text:
        return DigidStatus.UNKNOWN
    for status in DigidStatus:
        if status.value.startswith(text):
            return status
    aliases = {"ja": DigidStatus.HAS, "nee": DigidStatus.NONE, "yes": DigidStatus.HAS, "no": DigidStatus.NONE}
    if text in aliases:
        return aliases[text]
    raise BadInput("error.digid", choices=", ".join(s.value for s in DigidStatus))


def parse_term(vocabulary: VocabularyName, value: str) -> str:
    return load(vocabulary).match(value).code


def parse_terms(vocabulary: VocabularyName, values: tuple[str, ...]) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values:
        # "--agency uwv,svb" is as natural to type as repeating the flag.
        for part in value.split(","):
            if part.strip():
                code = parse_term(vocabulary, part)
                if code not in codes:
                    codes.append(code)
    return tuple(codes)


def build_visitor(form: IntakeForm) -> Visitor:
    """The visitor's part of the form, checked: enough to recognise a returning visitor."""
    if form.anonymous:
        # Whatever was typed of who they are is not kept.
        return Visitor(name=ANONYMOUS_NAME, language=optional_text(form.language, "taal", 60),
                       digid=parse_digid(form.digid),
                       companion=parse_term(VocabularyName.COMPANIONS, form.companion) if form.companion else None)
    return Visitor(
        name=required_text(form.name, "naam", 200),
        phone=parse_phone(form.phone),
        email=parse_email(form.email),
        bsn=parse_bsn(form.bsn),
        language=optional_text(form.language, "taal", 60),
        digid=parse_digid(form.digid),
        companion=parse_term(VocabularyName.COMPANIONS, form.companion) if form.companion else None,
    )


def build_new_case(form: IntakeForm) -> NewCase:
    visitor = build_visitor(form)
    if not form.channel.strip():
        # Missing is not unknown: say which flag to add, and its choices.
        raise BadInput("error.channel_missing", choices=", ".join(load(VocabularyName.CHANNELS).codes()))
    intake = Intake(
        question=required_text(form.question, "vraag", 4000),
        channel=parse_term(VocabularyName.CHANNELS, form.channel),
        referred_by=(parse_term(VocabularyName.REFERRALS, form.referred_by)
                     if form.referred_by else None),
        life_events=parse_terms(VocabularyName.LIFE_EVENTS, form.life_events),
        agencies=parse_terms(VocabularyName.AGENCIES, form.agencies),
        consent=Consent(contact_bodies=form.consent_contact, record_data=form.consent_record and not form.anonymous,
                        declined_record=form.anonymous),
        minutes=parse_minutes(form.minutes),
    )
    return NewCase(visitor=visitor, intake=intake)


def check_given(form: IntakeForm) -> None:
    """Check the fields that were given before asking for the others: a wrong
    flag must not cost the answers typed at the prompts."""
    build_visitor(dataclasses.replace(form, name=form.name or "-"))
    if form.question:
        required_text(form.question, "vraag", 4000)
    if form.channel:
        parse_term(VocabularyName.CHANNELS, form.channel)
    if form.referred_by:
        parse_term(VocabularyName.REFERRALS, form.referred_by)
    parse_terms(VocabularyName.LIFE_EVENTS, form.life_events)
    parse_terms(VocabularyName.AGENCIES, form.agencies)
    parse_minutes(form.minutes)
