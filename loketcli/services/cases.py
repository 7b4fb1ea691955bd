"""Opening, showing, listing, closing and reopening cases.

Every use case that reveals or changes personal data appends an audit entry
in the same transaction: the record of who looked cannot be lost apart from
the looking.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from loketcli.domain.model import (
    CancelCause,
    Case,
    CaseClosed,
    CaseId,
    CaseReopened,
    CaseStatus,
    CloseResult,
    FollowUpActor,
    NewCase,
    format_followup_id,
)
from loketcli.errors import BadInput, OpenFollowUps
from loketcli.storage.vault import UnitOfWork, Vault


def open_case(vault: Vault, new: NewCase, now: datetime) -> CaseId:
    with vault.write() as uow:
        case_id = uow.cases.add(new, now)
        uow.audit.append("intake", (case_id,), now)
        return case_id


def list_cases(vault: Vault, *, status: CaseStatus | None, agency: str | None,
               limit: int | None = None, names: bool = False, now: datetime | None = None) -> list[Case]:
    """Cases newest first. Agencies are sealed, so the agency filter needs each
    case opened; the status filter runs in SQL on the clear column. Showing
    full names is audited."""
    found: list[Case] = []
    with vault.read() as uow:
        for case in uow.cases.iter_cases(status):
            if agency is not None and agency not in case.intake.agencies:
                continue
            found.append(case)
            if limit is not None and len(found) >= limit:
                break
    if names and now is not None:
        with vault.write() as uow:
            uow.audit.append("list", tuple(c.id for c in found), now, "names")
    return found


def show_case(vault: Vault, case_id: CaseId, now: datetime, *, command: str = "show", detail: str = "") -> Case:
    """The whole case with its follow-ups, for display; audited."""
    with vault.write() as uow:
        case = uow.cases.get(case_id)
        uow.audit.append(command, (case_id,), now, detail)
        return dataclasses.replace(case, followups=uow.followups.for_case(case_id))


def get_case_with_followups(vault: Vault, case_id: CaseId) -> Case:
    with vault.read() as uow:
        case = uow.cases.get(case_id)
        return dataclasses.replace(case, followups=uow.followups.for_case(case_id))


def close_case(vault: Vault, case_id: CaseId, result: CloseResult, satisfaction: int | None,
               now: datetime, *, force: bool, minutes: int | None = None) -> Case:
    """Close a case. With open follow-ups of the desk's own it refuses, naming
    them, unless `force`: then they are cancelled with the case, so they do
    not stay on the agenda of a case nobody works on any more. The visitor's
    own tasks and a body's steps stay open: they are still true."""
    from loketcli.services.followups import cancel

    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise BadInput("error.satisfaction")
    with vault.write() as uow:
        case = uow.cases.get(case_id, with_events=False)
        if case.status is CaseStatus.CLOSED:
            raise BadInput("error.case_already_closed", case=case.label)
        # The desk's own promises end with the case; the visitor's own tasks
        # and a body's steps do not: they stay on the sheet printed after closing.
        pending = [f for f in uow.followups.for_case(case_id) if f.is_open and f.actor is FollowUpActor.DESK]
        open_count = len(pending)
        if open_count and not force:
            raise OpenFollowUps(case=case.label, count=open_count,
                                followups=", ".join(format_followup_id(f.id) for f in pending))
        for followup in pending:
            cancel(uow, followup, now, CancelCause.CASE_CLOSED)
        if minutes is not None:
            _record_minutes(uow, case, minutes, now)
        uow.cases.add_event(case_id, CaseClosed(result=result.value, satisfaction=satisfaction,
                                                open_followups=open_count), now)
        uow.cases.set_status(case_id, CaseStatus.CLOSED, now)
        uow.audit.append("close", (case_id,), now)
        return uow.cases.get(case_id)


def _record_minutes(uow: UnitOfWork, case: Case, minutes: int, now: datetime) -> None:
    """The minutes of the consult that ends with the closing. A case opened
    today without minutes gets them on its intake (the consult was the
    intake; minutes are not asked at the start), as a correction that shows
    on the timeline; otherwise they are a visit of their own."""
    from loketcli.domain.clock import local
    from loketcli.domain.model import Consult, IntakeCorrected

    if case.intake.minutes is None and local(case.opened_at).date() == local(now).date():
        uow.cases.add_event(case.id, IntakeCorrected(fields=("minutes",), before=("",), after=(str(minutes),)), now)
        uow.cases.update_payload(case.id, case.visitor, dataclasses.replace(case.intake, minutes=minutes), now)
    else:
        uow.cases.add_event(case.id, Consult(minutes=minutes), now)


def reopen_case(vault: Vault, case_id: CaseId, now: datetime) -> Case:
    with vault.write() as uow:
        case = uow.cases.get(case_id, with_events=False)
        if case.status is CaseStatus.OPEN:
            raise BadInput("error.case_already_open", case=case.label)
        uow.cases.add_event(case_id, CaseReopened(), now)
        uow.cases.set_status(case_id, CaseStatus.OPEN, now)
        uow.audit.append("reopen", (case_id,), now)
        return uow.cases.get(case_id)
