"""Cases, visitors and the timeline, as immutable values.

The domain knows nothing of storage or screens. Vocabulary terms are held by
their code (see `vocab`), which is also what is stored and what scripts see.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, NewType, TypeVar

from loketcli.domain.dates import When
from loketcli.errors import BadInput, UnknownCase

CaseId = NewType("CaseId", int)

_CASE_ID = re.compile(r"^\s*(?:k\s*-?\s*)?0*(\d{1,9})\s*$", re.IGNORECASE)


def format_case_id(case_id: int) -> str:
    """`K-0042`: short enough to say aloud and type; widens past 9999 cases."""
    return f"K-{case_id:04d}"


def parse_case_id(text: str) -> CaseId:
    """Accept `K-0042`, `k42`, `K 42` and `42` alike: the worker types what they hear."""
    found = _CASE_ID.match(text)
    if not found or int(found.group(1)) == 0:
        raise UnknownCase("error.case_id_format", text=text[:20])
    return CaseId(int(found.group(1)))


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "gesloten"


class DigidStatus(StrEnum):
    HAS = "heeft"
    NONE = "geen"
    APPLIED = "aangevraagd"
    UNKNOWN = "onbekend"


@dataclass(frozen=True)
class Visitor:
    name: str
    phone: str | None = None
    email: str | None = None
    bsn: str | None = None
    language: str | None = None
    digid: DigidStatus = DigidStatus.UNKNOWN
    companion: str | None = None


@dataclass(frozen=True)
class Consent:
    """Toestemming: to contact bodies on the visitor's behalf, and to record their data."""

    contact_bodies: bool = False
    record_data: bool = False
    # The visitor said no to recording their details (not merely: not asked).
    # The case then keeps no name, phone, e-mail or BSN; it still counts.
    declined_record: bool = False


@dataclass(frozen=True)
class Intake:
    question: str
    channel: str
    referred_by: str | None = None
    life_events: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    consent: Consent = Consent()
    minutes: int | None = None


@dataclass(frozen=True)
class NewCase:
    visitor: Visitor
    intake: Intake


class EventKind(StrEnum):
    INTAKE = "intake"
    FOLLOWUP_PLANNED = "opvolging-gepland"
    FOLLOWUP_MOVED = "opvolging-verzet"
    FOLLOWUP_DONE = "opvolging-gedaan"
    CLOSED = "gesloten"
    REOPENED = "heropend"
    CALL = "professionallijn"
    NOTE = "notitie"
    CONSULT = "consult"
    HANDOVER = "overdracht"
    EDITED = "correctie"
    FOLLOWUP_CANCELLED = "opvolging-geannuleerd"
    RETRACTED = "ingetrokken"
    SATISFACTION = "tevredenheid"
    # -- transfer (issue 17) --
    TRANSFER_SENT = "collega-overdracht"
    TRANSFER_RECEIVED = "collega-ontvangst"


class CallOutcome(StrEnum):
    SOLVED = "opgelost"
    CALLBACK = "terugbelverzoek"
    REFERRED = "doorverwezen"
    NO_ANSWER = "geen-gehoor"
    INFORMATION = "informatie-ontvangen"


class CancelCause(StrEnum):
    """Why a follow-up was cancelled rather than done."""

    MANUAL = "handmatig"
    CALL_WITHDRAWN = "gesprek-ingetrokken"
    CALL_MOVED = "gesprek-verplaatst"
    CASE_CLOSED = "zaak-gesloten"


class CloseResult(StrEnum):
    SOLVED = "opgelost"
    PARTLY_SOLVED = "deels-opgelost"
    REFERRED = "doorverwezen"
    NO_ENTITLEMENT_EXPLAINED = "geen-recht-uitgelegd"
    STOPPED = "gestopt"


class FollowUpSource(StrEnum):
    MANUAL = "handmatig"
    CALLBACK = "terugbelverzoek"
    # Something the visitor brings to the next appointment ("loonstroken meenemen").
    BRING = "meenemen"


class FollowUpActor(StrEnum):
    """Who acts on a follow-up: the visitor sheet says "U ...", "Wij ..." or "DUO ..." by it."""

    VISITOR = "bezoeker"
    DESK = "loket"
    AGENCY = "instantie"


# English words a worker may type for the actor; what is stored is always the Dutch code.
_ACTOR_ALIASES = {"visitor": FollowUpActor.VISITOR, "desk": FollowUpActor.DESK, "wij": FollowUpActor.DESK,
                  "agency": FollowUpActor.AGENCY, "body": FollowUpActor.AGENCY}


def parse_actor(text: str) -> FollowUpActor:
    """`bezoeker|loket|instantie` (or a prefix), or the English `visitor|desk|agency`."""
    alias = _ACTOR_ALIASES.get(text.strip().casefold())
    return alias if alias is not None else parse_choice(FollowUpActor, text, "error.followup_actor")


def default_actor(source: FollowUpSource, agency: str | None) -> FollowUpActor:
    """Who acts when nobody said: the visitor brings what is to be brought, a
    body calls back what it promised or acts on what concerns it, the desk does the rest.
    Also how a follow-up recorded before actors existed is read."""
    if source is FollowUpSource.BRING:
        return FollowUpActor.VISITOR
    if source is FollowUpSource.CALLBACK or agency is not None:
        return FollowUpActor.AGENCY
    return FollowUpActor.DESK


E = TypeVar("E", bound=StrEnum)


def parse_choice(choices: type[E], text: str, error_key: str) -> E:
    """A value of a small fixed vocabulary, by any unambiguous prefix
    (`deels` for deels-opgelost); otherwise BadInput listing the choices."""
    wanted = text.strip().casefold()
    matches = [c for c in choices if c.value.startswith(wanted)] if wanted else []
    exact = [c for c in choices if c.value == wanted]
    if exact:
        return exact[0]
    if len(matches) != 1:
        from loketcli.domain.text import close_words

        close = close_words(wanted, [c.value for c in choices]) if not matches else ()
        if close:  # a typo: the close match, not the whole list
            raise BadInput("error.choice_close", candidates=", ".join(close))
        raise BadInput(error_key, choices=", ".join(c.value for c in choices))
    return matches[0]


def parse_status(text: str) -> CaseStatus | None:
    """A status filter: open, gesloten (or closed), or alle (all) for None."""
    wanted = text.strip().casefold()
    if wanted in ("alle", "all"):
        return None
    try:
        return parse_choice(CaseStatus, {"closed": CaseStatus.CLOSED.value}.get(wanted, wanted), "error.status")
    except BadInput:
        raise BadInput("error.status", choices="open, gesloten, alle") from None


@dataclass(frozen=True)
class IntakeRecorded:
    """The first consult. Its minutes are the intake's."""

    kind: ClassVar[EventKind] = EventKind.INTAKE
    minutes: int | None = None


@dataclass(frozen=True)
class FollowUpPlanned:
    kind: ClassVar[EventKind] = EventKind.FOLLOWUP_PLANNED
    followup_id: int
    what: str
    due: str
    source: str = "handmatig"


@dataclass(frozen=True)
class FollowUpMoved:
    kind: ClassVar[EventKind] = EventKind.FOLLOWUP_MOVED
    followup_id: int
    due_from: str
    due_to: str


@dataclass(frozen=True)
class FollowUpDone:
    kind: ClassVar[EventKind] = EventKind.FOLLOWUP_DONE
    followup_id: int


@dataclass(frozen=True)
class FollowUpCancelled:
    """A follow-up that will not happen: neither done on time nor late."""

    kind: ClassVar[EventKind] = EventKind.FOLLOWUP_CANCELLED
    followup_id: int
    cause: str = CancelCause.MANUAL.value
    reason: str | None = None
    # The withdrawn or moved call whose call-back this was.
    event_id: int | None = None


@dataclass(frozen=True)
class CaseClosed:
    kind: ClassVar[EventKind] = EventKind.CLOSED
    result: str
    satisfaction: int | None = None
    open_followups: int = 0


@dataclass(frozen=True)
class CaseReopened:
    kind: ClassVar[EventKind] = EventKind.REOPENED


@dataclass(frozen=True)
class ProfessionallijnCall:
    """A call on the professionallijn to one of the national bodies."""

    kind: ClassVar[EventKind] = EventKind.CALL
    agency: str
    outcome: str
    driegesprek: bool = False
    contact_person: str | None = None
    question: str | None = None
    answer: str | None = None
    minutes: int | None = None
    reference: str | None = None
    note: str | None = None
    followup_id: int | None = None


@dataclass(frozen=True)
class Note:
    kind: ClassVar[EventKind] = EventKind.NOTE
    text: str


@dataclass(frozen=True)
class Consult:
    """A later consult with a returning visitor."""

    kind: ClassVar[EventKind] = EventKind.CONSULT
    minutes: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Handover:
    """Warme (or koude) overdracht to another body, desk or department."""

    kind: ClassVar[EventKind] = EventKind.HANDOVER
    to: str
    warm: bool
    what: str | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class IntakeCorrected:
    """A correction of intake fields; the old values stay on the timeline."""

    kind: ClassVar[EventKind] = EventKind.EDITED
    fields: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]


# -- transfer (issue 17) --

# The closing result of a case handed to a colleague with `transfer send`: not a
# CloseResult, because `loket close` must not offer it (only a transfer hands over).
HANDED_OVER_RESULT = "overgedragen"


@dataclass(frozen=True)
class TransferSent:
    """The whole case was handed to a colleague in a sealed transfer file.
    `followups` are this store's follow-up ids that went along (closed here)."""

    kind: ClassVar[EventKind] = EventKind.TRANSFER_SENT
    to: str
    transfer_id: str
    why: str
    followups: tuple[int, ...] = ()


@dataclass(frozen=True)
class TransferReceived:
    """This case came from a colleague: who (their name in our colleague list,
    or empty when the sender was unknown and accepted), when they sent it,
    and their case id."""

    kind: ClassVar[EventKind] = EventKind.TRANSFER_RECEIVED
    sender: str
    sender_fingerprint: str
    sender_case: str
    sent_at: str
    transfer_id: str
    why: str


@dataclass(frozen=True)
class EventRetracted:
    """Withdraws an earlier entry of the same case: the entry stays on the
    timeline, marked, and counts nowhere. Append-only: the entry itself is
    never rewritten. `moved_to` is set when the entry was moved to another case."""

    kind: ClassVar[EventKind] = EventKind.RETRACTED
    event_id: int
    target_kind: str
    reason: str | None = None
    moved_to: int | None = None


@dataclass(frozen=True)
class SatisfactionRecorded:
    """The visitor's satisfaction (1-5), asked while the case may stay open;
    the latest recording of a case is the one that counts."""

    kind: ClassVar[EventKind] = EventKind.SATISFACTION
    score: int


EventDetail = (
    IntakeRecorded | FollowUpPlanned | FollowUpMoved | FollowUpDone | CaseClosed | CaseReopened
    | ProfessionallijnCall | Note | Consult | Handover | IntakeCorrected | FollowUpCancelled | EventRetracted
    | SatisfactionRecorded | TransferSent | TransferReceived
)

EVENT_DETAIL_TYPES: dict[EventKind, type[EventDetail]] = {
    cls.kind: cls
    for cls in (IntakeRecorded, FollowUpPlanned, FollowUpMoved, FollowUpDone, CaseClosed, CaseReopened,
                ProfessionallijnCall, Note, Consult, Handover, IntakeCorrected, FollowUpCancelled, EventRetracted,
                SatisfactionRecorded, TransferSent, TransferReceived)
}

# Entries that record something that happened with or for the visitor, and can
# therefore be withdrawn or moved to another case. The others change state
# (follow-ups, closing, corrections) and have their own way back.
RETRACTABLE_KINDS = frozenset({EventKind.CALL, EventKind.NOTE, EventKind.CONSULT, EventKind.HANDOVER,
                               EventKind.SATISFACTION})
MOVABLE_KINDS = frozenset({EventKind.CALL, EventKind.NOTE, EventKind.CONSULT, EventKind.HANDOVER})


def detail_from_fields(kind: EventKind, fields: dict[str, object]) -> EventDetail:
    """Rebuild an event detail from its stored fields, tolerating fields added later."""
    cls = EVENT_DETAIL_TYPES[kind]
    known = {f.name: f for f in dataclasses.fields(cls)}
    values = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in fields.items()
        if name in known
    }
    return cls(**values)  # type: ignore[arg-type]


def detail_to_fields(detail: EventDetail) -> dict[str, object]:
    return dataclasses.asdict(detail)


@dataclass(frozen=True)
class MovedFrom:
    """Where an entry moved to this case came from."""

    case_id: CaseId
    event_id: int


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    case_id: CaseId
    at: datetime
    detail: EventDetail
    moved_from: MovedFrom | None = None

    @property
    def kind(self) -> EventKind:
        return self.detail.kind


def format_followup_id(followup_id: int) -> str:
    return f"#{followup_id}"


def parse_followup_id(text: str) -> int:
    digits = text.strip().lstrip("#")
    if not digits.isdigit() or int(digits) == 0 or len(digits) > 9:
        raise UnknownCase("error.followup_id_format", text=text[:20])
    return int(digits)


@dataclass(frozen=True)
class FollowUp:
    """Opvolging: something promised, due on a local date and maybe a time."""

    id: int
    case_id: CaseId
    what: str
    due: When
    created_at: datetime
    done_at: datetime | None = None
    source: FollowUpSource = FollowUpSource.MANUAL
    agency: str | None = None
    actor: FollowUpActor = FollowUpActor.DESK
    cancelled_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.cancelled_at is None

    @property
    def state(self) -> str:
        """`open`, `gedaan` or `geannuleerd`, as scripts see it."""
        if self.cancelled_at is not None:
            return "geannuleerd"
        return "open" if self.done_at is None else "gedaan"


@dataclass(frozen=True)
class Case:
    id: CaseId
    status: CaseStatus
    opened_at: datetime
    closed_at: datetime | None
    visitor: Visitor
    intake: Intake
    events: tuple[TimelineEvent, ...] = ()
    followups: tuple[FollowUp, ...] = ()

    @property
    def open_followups(self) -> tuple[FollowUp, ...]:
        return tuple(f for f in self.followups if f.is_open)

    @property
    def retractions(self) -> dict[int, tuple[TimelineEvent, EventRetracted]]:
        """Withdrawn entries by id, each with the retraction event that withdrew it."""
        return {e.detail.event_id: (e, e.detail) for e in self.events if isinstance(e.detail, EventRetracted)}

    @property
    def counted_events(self) -> tuple[TimelineEvent, ...]:
        """The timeline as it counts: withdrawn entries and the retractions themselves left out."""
        withdrawn = self.retractions
        return tuple(e for e in self.events if e.id not in withdrawn and not isinstance(e.detail, EventRetracted))

    @property
    def satisfaction(self) -> int | None:
        """The latest score recorded (at closing or on its own) and not withdrawn."""
        score = None
        for event in self.counted_events:
            if isinstance(event.detail, SatisfactionRecorded):
                score = event.detail.score
            elif isinstance(event.detail, CaseClosed) and event.detail.satisfaction is not None:
                score = event.detail.satisfaction
        return score

    @property
    def label(self) -> str:
        return format_case_id(self.id)

    @property
    def total_minutes(self) -> int:
        """Contact time: the intake counts with its minutes as (last) corrected."""
        return sum((self.intake.minutes if isinstance(e.detail, IntakeRecorded) else getattr(e.detail, "minutes", None))
                   or 0 for e in self.counted_events)

    @property
    def calls(self) -> tuple[ProfessionallijnCall, ...]:
        return tuple(e.detail for e in self.counted_events if isinstance(e.detail, ProfessionallijnCall))

    def calls_per_agency(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for call in self.calls:
            counts[call.agency] = counts.get(call.agency, 0) + 1
        return counts

    @property
    def agencies_involved(self) -> tuple[str, ...]:
        """Bodies named at intake, called or handed over to, in first-seen order."""
        seen: list[str] = list(self.intake.agencies)
        for event in self.counted_events:
            detail = event.detail
            code = detail.agency if isinstance(detail, ProfessionallijnCall) else (
                detail.to if isinstance(detail, Handover) else None)
            if code and code not in seen:
                seen.append(code)
        return tuple(seen)
