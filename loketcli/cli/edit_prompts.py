"""Correcting an intake at a terminal: each field shows its current value; Enter keeps it."""

from __future__ import annotations

from loketcli.cli.prompts import ask
from loketcli.domain import clock
from loketcli.domain.intake import parse_minutes
from loketcli.domain.model import CaseId
from loketcli.i18n import t
from loketcli.services.cases import show_case
from loketcli.services.timeline import form_from_case
from loketcli.storage.vault import Vault

_TEXT_FIELDS = (("name", "prompt.name"), ("question", "prompt.question"), ("phone", "prompt.phone"),
                ("email", "prompt.email"), ("language", "prompt.language"))


def ask_corrections(vault: Vault, case_id: CaseId) -> dict[str, object]:
    # Showing the current values reveals them: audited like `show`.
    current = form_from_case(show_case(vault, case_id, clock.now(), command="edit", detail="shown"))
    changes: dict[str, object] = {}
    for field, key in _TEXT_FIELDS:
        now_value = getattr(current, field) or ""
        answer = ask(t(key), lambda v: v, default=now_value)
        if answer != now_value:
            changes[field] = answer
    # The minutes, unknown at the intake, can be given or corrected here;
    # checked at the prompt, so a slip is asked again, not the end of the edit.
    minutes = "" if current.minutes is None else str(current.minutes)
    answer = ask(t("prompt.minutes_edit"), lambda v: (parse_minutes(v), v.strip())[1], default=minutes)
    if answer != minutes:
        changes["minutes"] = answer
    return changes
