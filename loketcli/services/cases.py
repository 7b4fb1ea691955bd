"""Opening, showing and listing cases."""

from __future__ import annotations

from datetime import datetime

from loketcli.domain.model import Case, CaseId, CaseStatus, NewCase
from loketcli.storage.vault import Vault


def open_case(vault: Vault, new: NewCase, now: datetime) -> CaseId:
    with vault.write() as uow:
        return uow.cases.add(new, now)


def get_case(vault: Vault, case_id: CaseId) -> Case:
    with vault.read() as uow:
        return uow.cases.get(case_id)


def list_cases(vault: Vault, *, status: CaseStatus | None, agency: str | None,
               limit: int | None = None) -> list[Case]:
    """Cases newest first. Agencies are sealed, so the agency filter needs each
    case opened; the status filter runs in SQL on the clear column."""
    found: list[Case] = []
    with vault.read() as uow:
        for case in uow.cases.iter_cases(status):
            if agency is not None and agency not in case.intake.agencies:
                continue
            found.append(case)
            if limit is not None and len(found) >= limit:
                break
    return found
