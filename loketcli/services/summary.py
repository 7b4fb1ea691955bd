"""What a case is about at a glance (for the worker) and what happens next (for the visitor)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from loketcli.domain.model import (
    Case,
    CaseId,
    EventRetracted,
    FollowUp,
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

