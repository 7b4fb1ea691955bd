"""The end-of-day export, as data: one row per contact in a period.

It streams: events are selected on the clear `at` index for the period and
opened one by one, each case read once. A pseudonymised export holds no
personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from loketcli.domain.clock import local
from loketcli.domain.model import (
    Case,
    CaseClosed,
    CaseId,
    Consult,
    EventKind,
    EventRetracted,
    FollowUpCancelled,
    Handover,
    ProfessionallijnCall,
    TimelineEvent,
)
from loketcli.services.period import Progress, utc_bounds
from loketcli.storage.vault import Vault

EXPORT_KINDS = (EventKind.INTAKE, EventKind.CONSULT, EventKind.CALL, EventKind.HANDOVER,
                EventKind.FOLLOWUP_DONE, EventKind.FOLLOWUP_CANCELLED, EventKind.RETRACTED, EventKind.CLOSED)


@dataclass(frozen=True)
class ExportRow:
    at: datetime
    case: CaseId
    kind: str
    agency: str | None  # the body of a call or hand-over; an intake's bodies, comma-separated
    outcome: str | None  # a call's outcome or a closure's result; never a hand-over kind
    minutes: int | None
    open_followups: int
    next_due: str | None
    visitor: str | None = None
    text: str | None = None
    handover: str | None = None  # "warm" or "cold", on hand-over rows only
    satisfaction: int | None = None


@dataclass(frozen=True)
class _EventColumns:
    agency: str | None = None
    outcome: str | None = None
    text: str | None = None
    handover: str | None = None
    satisfaction: int | None = None


def _event_columns(event: TimelineEvent) -> _EventColumns:
    detail = event.detail
    if isinstance(detail, ProfessionallijnCall):
        parts = [p for p in (detail.question, detail.answer, detail.note) if p]
        return _EventColumns(detail.agency, detail.outcome, " / ".join(parts) or None)
    if isinstance(detail, Handover):
        return _EventColumns(detail.to, None, detail.what, handover="warm" if detail.warm else "cold")
    if isinstance(detail, CaseClosed):
        return _EventColumns(None, detail.result, None, satisfaction=detail.satisfaction)
    if isinstance(detail, Consult):
        return _EventColumns(text=detail.note)
    if isinstance(detail, EventRetracted):
        # Which kind of entry was withdrawn; the entry's own row is left out.
        return _EventColumns(None, detail.target_kind, detail.reason)
    if isinstance(detail, FollowUpCancelled):
        return _EventColumns(None, detail.cause, detail.reason)
    return _EventColumns()


def day_export(vault: Vault, first: date, last: date, now: datetime, *, names: bool,
               progress: Progress | None = None) -> list[ExportRow]:
    """One row per contact in [first, last]. With `names`, visitor names and
    free text are added and the export is written to the audit trail."""
    start, end = utc_bounds(first, last)
    rows: list[ExportRow] = []
    pending: dict[int, tuple[int, str | None]] = {}
    with vault.read() as uow:
        uow.require_every_case()
        total = uow.cases.count_events_between(start, end)
        withdrawn = uow.cases.withdrawn_event_ids()
        opened: dict[int, Case] = {}

        def case_of(case_id: CaseId) -> Case:
            # Opened once per case, and only when a name or the intake's minutes are needed.
            if case_id not in opened:
                opened[case_id] = uow.cases.get(case_id, with_events=False)
            return opened[case_id]

        for done, event in enumerate(uow.cases.iter_events_between(start, end), start=1):
            if progress:
                progress(done, total)
            if event.kind not in EXPORT_KINDS or event.id in withdrawn:
                continue
            if event.case_id not in pending:
                open_ones = [f for f in uow.followups.for_case(event.case_id) if f.is_open]
                soonest = min((f.due for f in open_ones), key=lambda w: w.to_storage(), default=None)
                pending[event.case_id] = (len(open_ones), " ".join(x for x in soonest.to_storage() if x)
                                          if soonest else None)
            columns = _event_columns(event)
            agency = columns.agency
            count, next_due = pending[event.case_id]
            minutes = getattr(event.detail, "minutes", None)
            if event.kind is EventKind.INTAKE:
                intake = case_of(event.case_id).intake
                minutes = intake.minutes
                agency = ", ".join(intake.agencies) or None
            rows.append(ExportRow(
                at=local(event.at), case=event.case_id, kind=event.kind.value, agency=agency,
                outcome=columns.outcome, minutes=minutes, open_followups=count, next_due=next_due,
                visitor=case_of(event.case_id).visitor.name if names else None,
                text=columns.text if names else None, handover=columns.handover,
                satisfaction=columns.satisfaction,
            ))
    if names:
        with vault.write() as uow:
            uow.audit.append("export", tuple(pending), now, f"names {first.isoformat()}..{last.isoformat()}")
    rows.sort(key=lambda r: (r.at, r.case))
    return rows
