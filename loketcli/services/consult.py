"""What the consult shell (`loket shell`) asks of the store besides running
commands: which case ids exist. Ids are not personal data, so nothing here is
decrypted or audited; every command the shell runs audits itself as usual."""

from __future__ import annotations

from loketcli.domain.model import CaseId, CaseStatus
from loketcli.errors import UnknownCase
from loketcli.storage.vault import Vault


def check_case(vault: Vault, case_id: CaseId) -> None:
    """UnknownCase unless the case exists (erased cases do not)."""
    with vault.read() as uow:
        if not uow.cases.exists(case_id):
            raise UnknownCase(case=f"K-{case_id:04d}")


def open_case_ids(vault: Vault, limit: int = 500) -> tuple[CaseId, ...]:
    """The newest open cases' ids, for completion."""
    with vault.read() as uow:
        return uow.cases.newest_ids(limit, CaseStatus.OPEN)
