"""Follow-ups (opvolging) and the worker's agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from loketcli.domain.dates import When, add_working_days, working_days_between
from loketcli.domain.model import (
    CancelCause,
    Case,
    CaseId,
    CaseStatus,
    FollowUp,
    FollowUpActor,
    FollowUpCancelled,
    FollowUpDone,
    FollowUpMoved,
    FollowUpPlanned,
    FollowUpSource,
    default_actor,
)
from loketcli.domain.text import clean_text, refuse_controls
from loketcli.errors import BadInput
from loketcli.storage.vault import UnitOfWork, Vault

MAX_WHAT = 500


def _when_text(when: When) -> str:
    day, time = when.to_storage()
    return f"{day} {time}" if time else day


def resolve_actor(source: FollowUpSource, agency: str | None, actor: FollowUpActor | None) -> FollowUpActor:
    """The actor asked for, or the default; refuses a combination the visitor
    sheet could only phrase falsely (a body with no name, a visitor's item
    brought by someone else)."""
    chosen = actor or default_actor(source, agency)
    if chosen is FollowUpActor.AGENCY and agency is None:
        raise BadInput("error.followup_actor_agency")
    if source is FollowUpSource.BRING and chosen is not FollowUpActor.VISITOR:
        raise BadInput("error.followup_bring_actor")
    return chosen


def plan(uow: UnitOfWork, case_id: CaseId, what: str, due: When, now: datetime,
         source: FollowUpSource = FollowUpSource.MANUAL, agency: str | None = None,
         actor: FollowUpActor | None = None) -> FollowUp:
    """Plan a follow-up inside a running unit of work; other services (a call
    that promises a call-back) use this so both land in one transaction."""
    refuse_controls(what, "wat")
    text = " ".join(what.split())
    if not text:
        raise BadInput("error.field_required", field="wat")
    if len(text) > MAX_WHAT:
        raise BadInput("error.field_too_long", field="wat", limit=MAX_WHAT)
    chosen = resolve_actor(source, agency, actor)
    case = uow.cases.get(case_id, with_events=False)
    if case.status is CaseStatus.CLOSED:
        raise BadInput("error.case_closed", case=case.label)
    followup = uow.followups.add(case_id, text, due, now, source, agency, chosen)
    uow.cases.add_event(case_id, FollowUpPlanned(followup_id=followup.id, what=text, due=_when_text(due),
                                                 source=source.value), now)
    return followup


def add_followup(vault: Vault, case_id: CaseId, what: str, due: When, now: datetime,
                 source: FollowUpSource = FollowUpSource.MANUAL, *, agency: str | None = None,
                 actor: FollowUpActor | None = None) -> FollowUp:
    with vault.write() as uow:
        followup = plan(uow, case_id, what, due, now, source, agency, actor)
        uow.audit.append("followup add", (case_id,), now)
        return followup


def _check_open(followup: FollowUp) -> None:
    if followup.cancelled_at is not None:
        raise BadInput("error.followup_cancelled", followup=f"#{followup.id}")
    if followup.done_at is not None:
        raise BadInput("error.followup_already_done", followup=f"#{followup.id}")


def cancel(uow: UnitOfWork, followup: FollowUp, now: datetime, cause: CancelCause, *,
           reason: str | None = None, event_id: int | None = None) -> None:
    """Cancel inside a running unit of work (a withdrawn or moved call, a
    forced close): the follow-up leaves the agenda and counts as neither done
    on time nor late."""
    uow.followups.mark_cancelled(followup.id, now)
    uow.cases.add_event(followup.case_id, FollowUpCancelled(followup_id=followup.id, cause=cause.value,
                                                            reason=reason, event_id=event_id), now)


def check_cancellable(vault: Vault, followup_id: int) -> None:
    """Refuse early, before the worker types a reason: the follow-up does
    not exist or is no longer open. `cancel_followup` checks again as it writes."""
    with vault.read() as uow:
        _check_open(uow.followups.get(followup_id))


def cancel_followup(vault: Vault, followup_id: int, reason: str | None, now: datetime) -> FollowUp:
    """`followup cancel`: a promise that will not be kept, or was never a real
    one (a test, a duplicate). Not the same as done."""
    why = clean_text(reason, "reden")
    with vault.write() as uow:
        followup = uow.followups.get(followup_id)
        _check_open(followup)
        cancel(uow, followup, now, CancelCause.MANUAL, reason=why)
        uow.audit.append("followup cancel", (followup.case_id,), now)
        return uow.followups.get(followup_id)


def complete_followup(vault: Vault, followup_id: int, now: datetime) -> FollowUp:
    with vault.write() as uow:
        followup = uow.followups.get(followup_id)
        _check_open(followup)
        uow.followups.mark_done(followup_id, now)
        uow.cases.add_event(followup.case_id, FollowUpDone(followup_id=followup_id), now)
        uow.audit.append("followup done", (followup.case_id,), now)
        return uow.followups.get(followup_id)


def move_followup(vault: Vault, followup_id: int, due: When, now: datetime) -> FollowUp:
    with vault.write() as uow:
        followup = uow.followups.get(followup_id)
        _check_open(followup)
        uow.followups.set_due(followup_id, due)
        uow.cases.add_event(
            followup.case_id,
            FollowUpMoved(followup_id=followup_id, due_from=_when_text(followup.due), due_to=_when_text(due)),
            now,
        )
        uow.audit.append("followup move", (followup.case_id,), now)
        return uow.followups.get(followup_id)


def list_followups(vault: Vault, case_id: CaseId | None, *, include_done: bool, names: bool = False,
                   now: datetime | None = None) -> list[FollowUp]:
    """One case's follow-ups (with their text: a case view, audited), or all
    open ones across cases (their text only with `names`, then audited)."""
    with vault.read() as uow:
        if case_id is not None:
            uow.cases.get(case_id, with_events=False)
            found = list(uow.followups.for_case(case_id))
            found = found if include_done else [f for f in found if f.is_open]
        else:
            uow.require_every_case()
            found = list(uow.followups.open_until(None))
    if now is not None and (case_id is not None or names):
        with vault.write() as uow:
            uow.audit.append("followup list", tuple({f.case_id for f in found} | ({case_id} if case_id else set())),
                             now, "names" if names else "")
    return found


@dataclass(frozen=True)
class AgendaItem:
    followup: FollowUp
    case: Case
    working_days_late: int


@dataclass(frozen=True)
class Agenda:
    today: date
    until: date | None
    overdue: tuple[AgendaItem, ...]
    due_today: tuple[AgendaItem, ...]
    upcoming: tuple[AgendaItem, ...]
    # What waits on the visitor or a body (open cases only): not the worker's
    # to do, so never "late" for the worker.
    waiting: tuple[AgendaItem, ...] = ()


def agenda(vault: Vault, now: datetime, *, working_days_ahead: int | None = 3,
           calendar_days_ahead: int | None = None, audit_as: str | None = None) -> Agenda:
    """Overdue first, then today, then what is coming (a number of working days
    ahead for `today`, calendar days for the week view)."""
    from datetime import timedelta

    today = now.date()
    if calendar_days_ahead is not None:
        until: date | None = today + timedelta(days=calendar_days_ahead)
    elif working_days_ahead is not None:
        until = add_working_days(today, working_days_ahead)
    else:
        until = None
    overdue: list[AgendaItem] = []
    due_today: list[AgendaItem] = []
    upcoming: list[AgendaItem] = []
    waiting: list[AgendaItem] = []
    cases: dict[int, Case] = {}
    # Shown with names, the agenda reveals who is waiting for what: audited.
    with vault.read() as uow:
        uow.require_every_case()
        for followup in uow.followups.open_until(until):
            if followup.case_id not in cases:
                cases[followup.case_id] = uow.cases.get(followup.case_id, with_events=False)
            day = followup.due.day
            if followup.actor is not FollowUpActor.DESK:
                # The visitor's or a body's step: it waits on them, and on a
                # closed case nobody follows it up any more.
                if cases[followup.case_id].status is not CaseStatus.CLOSED:
                    waiting.append(AgendaItem(followup=followup, case=cases[followup.case_id],
                                              working_days_late=0))
                continue
            late = max(working_days_between(day, today), 0) if day < today else 0
            item = AgendaItem(followup=followup, case=cases[followup.case_id], working_days_late=late)
            if day < today:
                overdue.append(item)
            elif day == today:
                due_today.append(item)
            else:
                upcoming.append(item)
    if audit_as:
        with vault.write() as uow:
            uow.audit.append(audit_as, tuple(cases), now, "names")
    return Agenda(today=today, until=until, overdue=tuple(overdue), due_today=tuple(due_today),
                  upcoming=tuple(upcoming), waiting=tuple(waiting))


def open_agenda_items(vault: Vault, now: datetime, *, audit_as: str | None = None
                      ) -> tuple[list[AgendaItem], str]:
    """Every open follow-up with its case, and the store's id (for stable calendar UIDs)."""
    from loketcli.services.vault import store_id

    today = now.date()
    items: list[AgendaItem] = []
    cases: dict[int, Case] = {}
    with vault.read() as uow:
        uow.require_every_case()
        identity = store_id(uow.conn)
        for followup in uow.followups.open_until(None):
            if followup.case_id not in cases:
                cases[followup.case_id] = uow.cases.get(followup.case_id, with_events=False)
            day = followup.due.day
            late = max(working_days_between(day, today), 0) if day < today else 0
            items.append(AgendaItem(followup=followup, case=cases[followup.case_id], working_days_late=late))
    if audit_as:
        with vault.write() as uow:
            uow.audit.append(audit_as, tuple(cases), now, "names")
    return items, identity
