"""Which case a command worked on, for the consult shell to make current.

A command that opens or continues a case (`intake`) says so here; the shell
reads it after the command and clears it before the next one. Outside the
shell nobody reads it. Case ids only: never anything about the visitor.
"""

from __future__ import annotations

from loketcli.domain.model import CaseId

_chosen: list[CaseId] = []


def choose(case_id: CaseId) -> None:
    _chosen[:] = [case_id]


def take() -> CaseId | None:
    """The case chosen since the last call, once."""
    found = _chosen[0] if _chosen else None
    _chosen.clear()
    return found
