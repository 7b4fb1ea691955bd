"""Correcting the record without rewriting it: withdrawing an entry, moving it
to the case it belongs to, and recording the visitor's satisfaction.

Everything is append-only. A withdrawn entry keeps its row and gets a
retraction beside it; a moved entry is withdrawn on the wrong case and copied
onto the right one. Each command's writes share one transaction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from loketcli.domain.model import (
    MOVABLE_KINDS,
    RETRACTABLE_KINDS,
    CancelCause,
    Case,
    CaseId,
    EventKind,
    EventRetracted,
    FollowUp,
    FollowUpPlanned,
    MovedFrom,
    ProfessionallijnCall,
    SatisfactionRecorded,
    TimelineEvent,
    format_case_id,
)
from loketcli.domain.text import clean_text
from loketcli.errors import BadInput, UnknownCase
from loketcli.services.followups import cancel
from loketcli.storage.vault import UnitOfWork, Vault

# Where to go instead, for the entries that change state rather than record a contact.
_OTHER_WAY = {
    EventKind.INTAKE: "error.retract_intake",
    EventKind.RETRACTED: "error.retract_retraction",
    EventKind.FOLLOWUP_PLANNED: "error.retract_followup",
    EventKind.FOLLOWUP_MOVED: "error.retract_followup",
    EventKind.FOLLOWUP_DONE: "error.retract_followup",
    EventKind.FOLLOWUP_CANCELLED: "error.retract_followup",
    EventKind.CLOSED: "error.retract_closed",
    EventKind.REOPENED: "error.retract_closed",
    EventKind.EDITED: "error.retract_edit",
}


def parse_event_id(text: str) -> int:
    """The number in the timeline's first column (`17`); `nr 17` and `n17` too."""
    digits = text.strip().casefold().removeprefix("nr").removeprefix("n").strip().lstrip(".").strip()
    if not digits.isdigit() or int(digits) == 0 or len(digits) > 9:
        raise UnknownCase("error.event_id_format")
    return int(digits)


def _entry(uow: UnitOfWork, case_id: CaseId, event_id: int) -> tuple[Case, TimelineEvent]:
    case = uow.cases.get(case_id)
    for event in case.events:
        if event.id == event_id:
            return case, event
    raise UnknownCase("error.unknown_event", event=event_id, case=case.label)


def _check_withdrawable(case: Case, event: TimelineEvent, allowed: frozenset[EventKind]) -> None:
    if event.id in case.retractions:
        raise BadInput("error.event_already_withdrawn", event=event.id, case=case.label)
    if event.kind in _OTHER_WAY:
        raise BadInput(_OTHER_WAY[event.kind], event=event.id, case=case.label,
                       followup=f"#{getattr(event.detail, 'followup_id', '')}")
    if event.kind not in allowed:
        raise BadInput("error.move_kind", event=event.id)


def _withdraw(uow: UnitOfWork, case: Case, event: TimelineEvent, now: datetime, reason: str | None, *,
              moved_to: CaseId | None = None) -> tuple[FollowUp, ...]:
    """The retraction, and the call-back its call promised: a promise made in
    a call that did not happen (or not on this case) is no promise here."""
    uow.cases.add_event(case.id, EventRetracted(event_id=event.id, target_kind=event.kind.value, reason=reason,
                                                moved_to=moved_to), now)
    detail = event.detail
    if not isinstance(detail, ProfessionallijnCall) or detail.followup_id is None:
        return ()
    followup = uow.followups.get(detail.followup_id)
    if not followup.is_open:
        return ()
    cause = CancelCause.CALL_MOVED if moved_to is not None else CancelCause.CALL_WITHDRAWN
    cancel(uow, followup, now, cause, event_id=event.id)
    return (followup,)


def check_correctable(vault: Vault, case_id: CaseId, event_id: int, *, target_id: CaseId | None = None,
                      reopen: bool = False) -> None:
    """Refuse early, before the worker types a reason: the case or the entry
    does not exist, the entry cannot be withdrawn (or moved), or the case it
    would move to does not take it. `retract` and `move` check again as they
    write; this only reads."""
    from loketcli.services.timeline import check_writable

    if target_id == case_id:
        raise BadInput("error.move_same_case", case=format_case_id(case_id))
    with vault.read() as uow:
        case, event = _entry(uow, case_id, event_id)
    _check_withdrawable(case, event, RETRACTABLE_KINDS if target_id is None else MOVABLE_KINDS)
    if target_id is not None:
        check_writable(vault, target_id, reopen=reopen)


@dataclass(frozen=True)
class Withdrawn:
    event_id: int
    kind: EventKind
    cancelled: tuple[FollowUp, ...]


def retract(vault: Vault, case_id: CaseId, event_id: int, reason: str | None, now: datetime) -> Withdrawn:
    """Withdraw an entry logged by mistake (twice, or never true). It stays on
    the timeline, marked, and no longer counts in summaries, the visitor's
    overview, exports or the counts."""
    why = clean_text(reason, "reden", required=True)
    with vault.write() as uow:
        case, event = _entry(uow, case_id, event_id)
        _check_withdrawable(case, event, RETRACTABLE_KINDS)
        cancelled = _withdraw(uow, case, event, now, why)
        uow.audit.append("retract", (case_id,), now, f"{event_id} {event.kind.value}")
    return Withdrawn(event_id=event_id, kind=event.kind, cancelled=cancelled)


@dataclass(frozen=True)
class Moved:
    event_id: int
    new_event_id: int
    kind: EventKind
    cancelled: tuple[FollowUp, ...]
    followups: tuple[FollowUp, ...]


def move(vault: Vault, case_id: CaseId, event_id: int, target_id: CaseId, now: datetime, *,
         reason: str | None = None, reopen: bool = False) -> Moved:
    """Move an entry logged on the wrong case. The wrong case keeps it,
    withdrawn ("moved to K-..."); the right case gets a copy at the same
    moment, sealed under its own key, saying where it came from. An open
    call-back of a moved call moves with it."""
    from loketcli.services.timeline import writable_case

    if target_id == case_id:
        raise BadInput("error.move_same_case", case=format_case_id(case_id))
    why = clean_text(reason, "reden")
    with vault.write() as uow:
        case, event = _entry(uow, case_id, event_id)
        _check_withdrawable(case, event, MOVABLE_KINDS)
        writable_case(uow, target_id, now, reopen=reopen)
        cancelled = _withdraw(uow, case, event, now, why, moved_to=target_id)
        origin = MovedFrom(case_id=case_id, event_id=event_id)
        detail = event.detail
        followups: list[FollowUp] = []
        if isinstance(detail, ProfessionallijnCall):
            for old in cancelled:
                # Made when the call was, so the counts of that period stay as they were.
                new = uow.followups.add(target_id, old.what, old.due, old.created_at, old.source, old.agency, old.actor)
                day, time = old.due.to_storage()
                uow.cases.add_event(target_id, FollowUpPlanned(
                    followup_id=new.id, what=old.what, due=f"{day} {time}" if time else day,
                    source=old.source.value), old.created_at, moved_from=origin)
                followups.append(new)
            detail = dataclasses.replace(detail, followup_id=followups[0].id if followups else None)
        new_event_id = uow.cases.add_event(target_id, detail, event.at, moved_from=origin)
        uow.audit.append("move", (case_id, target_id), now, f"{event_id}>{new_event_id} {event.kind.value}")
    return Moved(event_id=event_id, new_event_id=new_event_id, kind=event.kind, cancelled=cancelled,
                 followups=tuple(followups))


def record_satisfaction(vault: Vault, case_id: CaseId, score: int, now: datetime) -> int:
    """The visitor's satisfaction, asked at the end of a consult while the case
    may stay open; recording it again changes it (the latest counts)."""
    if not 1 <= score <= 5:
        raise BadInput("error.satisfaction")
    with vault.write() as uow:
        uow.cases.get(case_id, with_events=False)
        event_id = uow.cases.add_event(case_id, SatisfactionRecorded(score=score), now)
        uow.audit.append("satisfaction", (case_id,), now)
        return event_id
