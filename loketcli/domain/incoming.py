"""A case from outside (a colleague's transfer file) held to the rules a case
typed here meets: the intake's own checks for the visitor and the intake, and
for every event and follow-up text without control characters and within the
length a command takes, codes from this store's vocabulary, minutes and scores
in range, and times a real desk could have written. Whatever passes can be
shown, listed, searched and counted like any case made here.

The checks raise `Refused` naming the place (`intake`, `event 7`,
`follow-up 12`: the sender's ids) and the field, never the value."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from loketcli.domain.dates import FIRST_YEAR, LAST_YEAR, When
from loketcli.domain.intake import MAX_MINUTES, IntakeForm, build_new_case
from loketcli.domain.model import (
    EVENT_DETAIL_TYPES,
    HANDED_OVER_RESULT,
    RETRACTABLE_KINDS,
    CallOutcome,
    CancelCause,
    CloseResult,
    EventKind,
    FollowUpSource,
    NewCase,
)
from loketcli.domain.text import CONTROLS, MAX_TEXT
from loketcli.domain.vocab import VocabularyName, load
from loketcli.errors import BadDate, BadInput

MAX_ID = 2**31 - 1
# The oldest instant a desk could have written (the desks began in 2021), and
# how far ahead of this machine's clock a sender's clock may run.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
CLOCK_SKEW = dt.timedelta(days=1)


class Refused(ValueError):
    """A value a case made here could not hold."""

    def __init__(self, where: str, field: str) -> None:
        super().__init__(f"{where}: {field}")
        self.where = where
        self.field = field


def new_case(visitor: dict[str, Any], intake: dict[str, Any]) -> NewCase:
    """The visitor and intake, through the same checks as `loket intake`."""
    # A code must be one of ours as it stands, not what a prefix or an alias of
    # it would find: the intake forgives typing, and a file is not typed.
    for name, vocabulary, codes in (
            ("channel", VocabularyName.CHANNELS, [intake["channel"]]),
            ("referred_by", VocabularyName.REFERRALS, [intake.get("referred_by")]),
            ("life_events", VocabularyName.LIFE_EVENTS, list(intake.get("life_events", ()))),
            ("agencies", VocabularyName.AGENCIES, list(intake.get("agencies", ()))),
            ("companion", VocabularyName.COMPANIONS, [visitor.get("companion")])):
        if not all(_code(vocabulary)(code) for code in codes) or len(set(codes)) != len(codes):
            raise Refused("intake", name)
    consent = intake.get("consent") or {}
    form = IntakeForm(
        name=visitor["name"], question=intake["question"], channel=intake["channel"],
        referred_by=intake.get("referred_by"), life_events=tuple(intake.get("life_events", ())),
        agencies=tuple(intake.get("agencies", ())), digid=visitor.get("digid"),
        consent_contact=bool(consent.get("contact_bodies", False)),
        consent_record=bool(consent.get("record_data", False)), minutes=intake.get("minutes"),
        anonymous=bool(consent.get("declined_record", False)),
        phone=visitor.get("phone"), email=visitor.get("email"), bsn=visitor.get("bsn"),
        language=visitor.get("language"), companion=visitor.get("companion"))
    try:
        return build_new_case(form)
    except BadInput as error:
        # The message's field, else its key's subject (error.minutes, error.bsn_elfproef).
        field = error.params.get("field") or error.key.rsplit(".", 1)[-1].split("_")[0]
        raise Refused("intake", str(field)) from None


def check_instant(moment: dt.datetime, now: dt.datetime, where: str, field: str) -> None:
    if not EARLIEST <= moment <= now + CLOCK_SKEW:
        raise Refused(where, field)


def check_due(day: str, time: str | None, where: str, field: str) -> None:
    try:
        when = When.from_storage(day, time)
    except BadDate:
        raise Refused(where, field) from None
    if not FIRST_YEAR <= when.day.year <= LAST_YEAR:
        raise Refused(where, field)


def _text(value: object, where: str, field: str) -> None:
    if isinstance(value, str) and (len(value) > MAX_TEXT or not CONTROLS.isdisjoint(value)):
        raise Refused(where, field)


def _code(vocabulary: VocabularyName) -> Callable[[object], bool]:
    return lambda value: value is None or (isinstance(value, str) and value in load(vocabulary).codes())


def _one_of(*choices: str) -> Callable[[object], bool]:
    return lambda value: value in choices


def _between(low: int, high: int) -> Callable[[object], bool]:
    return lambda value: value is None or (isinstance(value, int) and low <= value <= high)


def _due(value: object) -> bool:
    if not isinstance(value, str):
        return False
    day, _, time = value.partition(" ")
    try:
        check_due(day, time or None, "", "")
    except Refused:
        return False
    return True


# Per event kind, the fields with a rule beyond their type; every other string
# is free text, every other integer an id.
_RULES: dict[EventKind, dict[str, Callable[[object], bool]]] = {
    EventKind.INTAKE: {"minutes": _between(0, MAX_MINUTES)},
    EventKind.FOLLOWUP_PLANNED: {"due": _due, "source": _one_of(*FollowUpSource)},
    EventKind.FOLLOWUP_MOVED: {"due_from": _due, "due_to": _due},
    EventKind.FOLLOWUP_CANCELLED: {"cause": _one_of(*CancelCause)},
    EventKind.CLOSED: {"result": _one_of(*CloseResult, HANDED_OVER_RESULT), "satisfaction": _between(1, 5),
                       "open_followups": _between(0, 10_000)},
    EventKind.CALL: {"agency": _code(VocabularyName.AGENCIES), "outcome": _one_of(*CallOutcome),
                     "minutes": _between(0, MAX_MINUTES)},
    EventKind.CONSULT: {"minutes": _between(0, MAX_MINUTES)},
    EventKind.HANDOVER: {"to": _code(VocabularyName.AGENCIES), "minutes": _between(0, MAX_MINUTES)},
    EventKind.RETRACTED: {"target_kind": _one_of(*(kind.value for kind in RETRACTABLE_KINDS))},
    EventKind.SATISFACTION: {"score": _between(1, 5)},
}


def check_event(kind: EventKind, fields: dict[str, Any], where: str) -> None:
    """The fields of one event (types already checked)."""
    rules = _RULES.get(kind, {})
    for spec in dataclasses.fields(EVENT_DETAIL_TYPES[kind]):
        if spec.name not in fields:
            continue
        value = fields[spec.name]
        rule = rules.get(spec.name)
        if rule is not None:
            if not rule(value):
                raise Refused(where, spec.name)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and not 0 <= value <= MAX_ID:
            raise Refused(where, spec.name)
        elif isinstance(value, list):
            for item in value:
                _text(item, where, spec.name)
                if isinstance(item, int) and not 0 <= item <= MAX_ID:
                    raise Refused(where, spec.name)
        else:
            _text(value, where, spec.name)


def check_followup(followup: dict[str, Any], where: str) -> None:
    """A follow-up's own fields (types already checked; its times by the caller)."""
    what = followup["what"]
    if not what.strip() or len(what) > MAX_TEXT or not CONTROLS.isdisjoint(what):
        raise Refused(where, "what")
    if not _code(VocabularyName.AGENCIES)(followup["agency"]):
        raise Refused(where, "agency")
    if not 0 <= followup["id"] <= MAX_ID:
        raise Refused(where, "id")
    check_due(followup["due_date"], followup["due_time"], where, "due_date")
