"""What a case is about at a glance (for the worker) and what happens next (for the visitor)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from loketcli.domain.model import (
    CallOutcome,
    Case,
    CaseId,
    CaseStatus,
    EventKind,
    EventRetracted,
    FollowUp,
    FollowUpActor,
    FollowUpSource,
    Handover,
    ProfessionallijnCall,
    TimelineEvent,
)
from loketcli.services.cases import show_case
from loketcli.storage.vault import Vault


@dataclass(frozen=True)
class AgencyThread:
    """The state of the case with one body: calls made, the last outcome, what is still open."""

    agency: str
    calls: int
    last_outcome: str | None
    handed_over: bool
    warm: bool
    open_followups: tuple[FollowUp, ...]


@dataclass(frozen=True)
class CaseSummary:
    case: Case
    threads: tuple[AgencyThread, ...]
    calls: int
    handovers: int
    open_followups: tuple[FollowUp, ...]
    total_minutes: int
    # Entries withdrawn or moved away: shown to the worker as such, counted nowhere.
    withdrawn: tuple[tuple[TimelineEvent, EventRetracted], ...] = ()


def summarise(vault: Vault, case_id: CaseId, now: datetime, *, for_visitor: bool = False) -> CaseSummary:
    full = show_case(vault, case_id, now, command="summary", detail="visitor" if for_visitor else "")
    withdrawn = tuple((e, full.retractions[e.id][1]) for e in full.events if e.id in full.retractions)
    # The summary's case holds only what counts, so neither this summary nor
    # the visitor's overview can say anything about a withdrawn entry.
    case = dataclasses.replace(full, events=full.counted_events)
    threads: list[AgencyThread] = []
    for agency in case.agencies_involved:
        calls = [e.detail for e in case.events
                 if isinstance(e.detail, ProfessionallijnCall) and e.detail.agency == agency]
        handovers = [e.detail for e in case.events if isinstance(e.detail, Handover) and e.detail.to == agency]
        threads.append(AgencyThread(
            agency=agency,
            calls=len(calls),
            last_outcome=calls[-1].outcome if calls else None,
            handed_over=bool(handovers),
            warm=any(h.warm for h in handovers),
            open_followups=tuple(f for f in case.open_followups if f.agency == agency),
        ))
    return CaseSummary(
        case=case,
        threads=tuple(threads),
        calls=len(case.calls),
        handovers=sum(1 for e in case.events if isinstance(e.detail, Handover)),
        open_followups=tuple(sorted(case.open_followups, key=lambda f: f.due.to_storage())),
        total_minutes=case.total_minutes,
        withdrawn=withdrawn,
    )



# -- the visitor's sheet -----------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """The desk's own details (`loket config set desk.*`), printed on every sheet; empty when not set."""

    name: str = ""
    address: str = ""
    phone: str = ""
    hours: str = ""
    worker: str = ""


def desk_details(vault: Vault) -> Desk:
    from loketcli.services.privacy import get_settings

    settings = get_settings(vault)
    return Desk(name=settings["desk.name"], address=settings["desk.address"], phone=settings["desk.phone"],
                hours=settings["desk.hours"], worker=settings["desk.worker"])


@dataclass(frozen=True)
class HandedOver:
    agency: str
    what: str | None


@dataclass(frozen=True)
class Heard:
    """A body someone answered for, with what it said (or None)."""

    agency: str
    answer: str | None


@dataclass(frozen=True)
class VisitorSheet:
    """What the visitor is told, decided here so that the wording cannot make it
    true or false: who acts on what, which bodies answered, which hand-overs
    really passed the question on."""

    case: Case
    visitor_tasks: tuple[FollowUp, ...]
    bring: tuple[FollowUp, ...]
    contact_yourself: tuple[HandedOver, ...]
    desk_tasks: tuple[FollowUp, ...]
    agency_tasks: tuple[FollowUp, ...]
    passed_on: tuple[str, ...]
    agreed: tuple[Heard, ...]
    spoken_with: tuple[Heard, ...]
    not_reached: tuple[str, ...]
    desk: Desk
    # The day of the consult the sheet is about: the latest contact with the
    # visitor (intake, visit, or a call they sat in on), not the day it is printed.
    consult_day: date | None = None
    # Follow-ups with a time for the visitor or the desk: an appointment, not a deadline.
    appointments: tuple[FollowUp, ...] = ()

    @property
    def visitor_has_nothing_to_do(self) -> bool:
        """True only when the visitor truly has nothing to do: no task, no
        appointment, nothing to bring, no body to contact, no answer from a
        body (an agreed payment plan is something to do), and no problem left
        open: the case is closed, or someone else has a step to take."""
        if (self.visitor_tasks or self.appointments or self.bring or self.contact_yourself or self.agreed
                or any(h.answer for h in self.spoken_with)):
            return False
        return self.case.status is CaseStatus.CLOSED or bool(self.desk_tasks or self.agency_tasks
                                                              or self.passed_on)


def visitor_sheet(summary: CaseSummary, desk: Desk) -> VisitorSheet:
    case = summary.case
    open_followups = summary.open_followups

    def appointment(f: FollowUp) -> bool:
        return f.due.time is not None and f.actor is not FollowUpActor.AGENCY

    def by_actor(actor: FollowUpActor) -> tuple[FollowUp, ...]:
        return tuple(f for f in open_followups
                     if f.actor is actor and f.source is not FollowUpSource.BRING and not appointment(f))

    warm: list[str] = []
    cold: dict[str, HandedOver] = {}
    for event in case.events:
        detail = event.detail
        if isinstance(detail, Handover):
            if detail.warm:
                if detail.to not in warm:
                    warm.append(detail.to)
            else:
                cold[detail.to] = HandedOver(agency=detail.to, what=detail.what)
    # A body the question was really passed on to needs no call from the visitor.
    contact_yourself = tuple(h for code, h in cold.items() if code not in warm)

    answered = [c for c in case.calls if c.outcome != CallOutcome.NO_ANSWER.value]
    agreed = tuple(Heard(agency=c.agency, answer=c.answer) for c in answered if c.outcome == CallOutcome.SOLVED.value)
    spoken: dict[str, str | None] = {}
    for call in answered:
        said = call.answer if call.outcome == CallOutcome.INFORMATION.value else None
        spoken[call.agency] = said or spoken.get(call.agency)
    not_reached = tuple(dict.fromkeys(c.agency for c in case.calls
                                      if c.outcome == CallOutcome.NO_ANSWER.value and c.agency not in spoken))
    return VisitorSheet(
        case=case,
        visitor_tasks=by_actor(FollowUpActor.VISITOR),
        bring=tuple(f for f in open_followups if f.source is FollowUpSource.BRING),
        contact_yourself=contact_yourself,
        desk_tasks=by_actor(FollowUpActor.DESK),
        agency_tasks=by_actor(FollowUpActor.AGENCY),
        passed_on=tuple(warm),
        agreed=agreed,
        spoken_with=tuple(Heard(agency=code, answer=answer) for code, answer in spoken.items()),
        not_reached=not_reached,
        desk=desk,
        consult_day=consult_day(case),
        appointments=tuple(f for f in open_followups if f.source is not FollowUpSource.BRING and appointment(f)),
    )


def consult_day(case: Case) -> date | None:
    """The day of the latest contact with the visitor: the intake, a visit, or
    a call made with them beside the worker (driegesprek)."""
    from loketcli.domain.clock import local

    days = [local(e.at).date() for e in case.events
            if e.kind in (EventKind.INTAKE, EventKind.CONSULT)
            or (isinstance(e.detail, ProfessionallijnCall) and e.detail.driegesprek)]
    return max(days) if days else None
