"""Which case a command worked on, for the consult shell to make current.

A command that opens or continues a case (`intake`) says so here; the shell
reads it after the command and clears it before the next one. Outside the
shell nobody reads it. Case ids only: never anything about the visitor.
"""

from __future__ import annotations

import time

from loketcli.domain.model import CaseId

_chosen: list[CaseId] = []
# When the consult with the current case began (the shell's intake or `open`).
_started: list[float] = []


def choose(case_id: CaseId) -> None:
    _chosen[:] = [case_id]


def take() -> CaseId | None:
    """The case chosen since the last call, once."""
    found = _chosen[0] if _chosen else None
    _chosen.clear()
    return found


def start_consult() -> None:
    _started[:] = [time.monotonic()]


def end_consult() -> None:
    _started.clear()


def measured_minutes() -> int | None:
    """Whole minutes since the consult began (at least 1), or None outside one."""
    if not _started:
        return None
    return max(1, round((time.monotonic() - _started[0]) / 60))
