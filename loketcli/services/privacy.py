"""The AVG lifecycle: erasure, retention, inzage and the audit trail."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from loketcli.domain.model import Case, CaseId, CaseStatus
from loketcli.domain.text import refuse_controls
from loketcli.errors import BadInput, TamperedData, UnknownCase
from loketcli.storage import codec
from loketcli.storage.audit import AuditEntry, ChainReport
from loketcli.storage.vault import UnitOfWork, Vault

DEFAULT_RETENTION = "2y"
_DURATION = re.compile(r"^\s*(\d{1,4})\s*(y|j|jaar|jaren|m|mnd|maand|maanden|w|wk|weken|d|dag|dagen)\s*$", re.I)


def parse_retention(text: str) -> str:
    """`2y`, `2j`, `18m`, `26w`, `730d`: normalised to `<n><y|m|w|d>`."""
    found = _DURATION.match(text)
    if not found or int(found.group(1)) == 0:
        raise BadInput("error.retention", text=text[:20])
    unit = found.group(2).lower()[0]
    return f"{int(found.group(1))}{'y' if unit == 'j' else unit}"


def retention_cutoff(retention: str, now: datetime) -> datetime:
    from dateutil.relativedelta import relativedelta

    amount, unit = int(retention[:-1]), retention[-1]
    delta = {"y": relativedelta(years=amount), "m": relativedelta(months=amount),
             "w": relativedelta(weeks=amount), "d": relativedelta(days=amount)}[unit]
    return now - delta


def get_setting(conn: sqlite3.Connection, key: str, default: str) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (f"setting.{key}",)).fetchone()
    return str(row[0]) if row else default


def _short_text(text: str) -> str:
    refuse_controls(text, "instelling")
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 100:
        raise BadInput("error.setting_text")
    return cleaned


_IDLE = re.compile(r"^\s*(\d{1,5})\s*(s|sec|seconden|m|min|minuten|u|h|uur)?\s*$", re.I)
MAX_IDLE_LOCK_SECONDS = 24 * 3600


def parse_idle_lock(text: str) -> str:
    """How long `loket shell` waits before it locks: `300`, `300s`, `5m`, `1u`;
    `0` never. Normalised to seconds."""
    found = _IDLE.match(text)
    if not found:
        raise BadInput("error.idle_lock", text=text[:20])
    unit = (found.group(2) or "s").lower()[0]
    seconds = int(found.group(1)) * {"s": 1, "m": 60, "u": 3600, "h": 3600}[unit]
    if seconds > MAX_IDLE_LOCK_SECONDS:
        raise BadInput("error.idle_lock", text=text[:20])
    return str(seconds)


def _desk_text(text: str) -> str:
    """A desk detail; an empty value clears it (the sheet then leaves it out)."""
    return _short_text(text) if text.strip() else ""


# Settings are not the visitor's data: the desk's own name, address, number and
# hours (and, if the worker wants, their first name) appear on every visitor
# overview as the place to go with questions. They are stored in clear.
SETTINGS = {
    "retention": (DEFAULT_RETENTION, parse_retention),
    # Empty: the overview names no desk and says to come back where it was handed out.
    "desk.name": ("", _desk_text),
    "desk.address": ("", _desk_text),
    "desk.phone": ("", _desk_text),
    "desk.hours": ("", _desk_text),
    "desk.worker": ("", _desk_text),
    # Seconds without a key press before `loket shell` clears the screen and locks.
    "idle_lock": ("300", parse_idle_lock),
}
# Names of earlier, undocumented versions: still accepted, and still read when
# the new name was never set.
_LEGACY = {"desk_name": "desk.name", "desk_phone": "desk.phone"}


def set_setting(vault: Vault, key: str, value: str, now: datetime) -> str:
    key = _LEGACY.get(key, key)
    if key not in SETTINGS:
        raise BadInput("error.unknown_setting", setting=key[:30], choices=", ".join(SETTINGS))
    normalised = SETTINGS[key][1](value)
    with vault.write() as uow:
        uow.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (f"setting.{key}", normalised),
        )
        old = [name for name, new in _LEGACY.items() if new == key]
        uow.conn.executemany("DELETE FROM meta WHERE key = ?", [(f"setting.{name}",) for name in old])
        uow.audit.append("config set", (), now, f"{key}={normalised}")
    return normalised


def get_settings(vault: Vault) -> dict[str, str]:
    with vault.read() as uow:
        found = {key: get_setting(uow.conn, key, default) for key, (default, _) in SETTINGS.items()}
        for old, key in _LEGACY.items():
            if not found[key]:
                found[key] = get_setting(uow.conn, old, "")
        return found


def _erase_in(uow: UnitOfWork, case_id: CaseId, now: datetime, command: str) -> None:
    if not uow.cases.exists(case_id):
        raise UnknownCase(case=f"K-{case_id:04d}")
    # Deleting the case row destroys its wrapped key: whatever ciphertext of
    # this case survives anywhere (an old backup, a disk block) can no longer
    # be opened with the vault key. secure_delete zeroes the freed cells.
    uow.conn.execute("DELETE FROM followups WHERE case_id = ?", (case_id,))
    uow.conn.execute("DELETE FROM register_ledger WHERE case_id = ?", (case_id,))
    uow.conn.execute("DELETE FROM register_requests WHERE case_id = ?", (case_id,))
    uow.conn.execute("DELETE FROM events WHERE case_id = ?", (case_id,))
    uow.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
    uow.conn.execute("INSERT OR REPLACE INTO erasures (case_id, erased_at) VALUES (?, ?)",
                     (case_id, codec.utc_text(now)))
    uow.audit.append(command, (case_id,), now)


def checkpoint(vault: Vault, *, attempts: int = 20) -> bool:
    """Copy the WAL into the main file and truncate it, so the erased pages'
    old images do not linger in the -wal file. Another process reading a
    snapshot blocks this (SQLite then reports busy rather than failing), so we
    try for a few seconds; False means the WAL still holds old frames."""
    import time

    for attempt in range(attempts):
        try:
            busy = vault.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error:
            busy = 1
        if not busy:
            return True
        time.sleep(0.05 * (attempt + 1))
    return False


def sent_to_register(vault: Vault, case_id: CaseId) -> bool:
    """Whether contacts of this case went to the municipality's register: erasing
    here does not erase them there, and the worker must hear that."""
    from loketcli.storage.register import RegisterLedger

    with vault.read() as uow:
        if not uow.cases.exists(case_id):
            return False
        return bool(RegisterLedger(uow.conn, uow.cases).get(case_id).contacts)


def erase_case(vault: Vault, case_id: CaseId, now: datetime) -> bool:
    """Erase one case; True when the WAL was emptied as well."""
    with vault.write() as uow:
        _erase_in(uow, case_id, now, "erase")
    return checkpoint(vault)


@dataclass(frozen=True)
class PurgePlan:
    retention: str
    cutoff: datetime
    case_ids: tuple[CaseId, ...]
    tampered: tuple[CaseId, ...] = ()
    wal_emptied: bool = True


def purge(vault: Vault, now: datetime, *, dry_run: bool,
          progress: Callable[[int, int], None] | None = None) -> PurgePlan:
    """Erase every closed case whose closing lies before the retention period.
    Open cases are never purged: the worker still holds regie over them.
    `progress` hears (steps done, steps): each candidate checked, each case erased."""
    with (vault.read() if dry_run else vault.write()) as uow:
        retention = get_setting(uow.conn, "retention", DEFAULT_RETENTION)
        cutoff = retention_cutoff(retention, now)
        rows = uow.conn.execute(
            "SELECT id FROM cases WHERE status = ? AND closed_at IS NOT NULL AND closed_at < ? ORDER BY id",
            (CaseStatus.CLOSED.value, codec.utc_text(cutoff)),
        ).fetchall()
        candidates = [CaseId(int(r[0])) for r in rows]
        # The clear status and dates are what we select on; opening the case
        # checks them against its sealed payload, so a case set to "closed
        # in 2001" by hand is refused, not erased.
        tampered: list[CaseId] = []
        ids_list: list[CaseId] = []
        steps = len(candidates) * (1 if dry_run else 2)
        for done, case_id in enumerate(candidates, start=1):
            if progress:
                progress(done, steps)
            try:
                uow.cases.get(case_id, with_events=False)
            except TamperedData:
                tampered.append(case_id)
                continue
            ids_list.append(case_id)
        ids = tuple(ids_list)
        if not dry_run:
            for done, case_id in enumerate(ids, start=len(candidates) + 1):
                _erase_in(uow, case_id, now, "purge")
                if progress:
                    progress(done, steps)
    wal_emptied = checkpoint(vault) if not dry_run and ids else True
    return PurgePlan(retention=retention, cutoff=cutoff, case_ids=ids, tampered=tuple(tampered),
                     wal_emptied=wal_emptied)


@dataclass(frozen=True)
class InzageRecord:
    case: Case
    audit: tuple[AuditEntry, ...]
    produced_at: datetime
    # The municipality's contact register: consent, and what was sent there
    # (a recipient, which an AVG access answer must name).
    register_consent: bool = False
    register_contacts_sent: int = 0
    register_tasks_sent: int = 0


def inzage(vault: Vault, case_id: CaseId, now: datetime) -> InzageRecord:
    """Everything recorded about one visitor, with the trail of who viewed it."""
    import dataclasses

    with vault.write() as uow:
        case = uow.cases.get(case_id)
        case = dataclasses.replace(case, followups=uow.followups.for_case(case_id))
        uow.audit.append("inzage", (case_id,), now)
        entries = tuple(uow.audit.entries(case_id=case_id))
        from loketcli.storage.register import RegisterLedger

        ledger = RegisterLedger(uow.conn, uow.cases).get(case_id)
    return InzageRecord(case=case, audit=entries, produced_at=now, register_consent=ledger.consent,
                        register_contacts_sent=len(ledger.contacts), register_tasks_sent=len(ledger.tasks))


def audit_entries(vault: Vault, case_id: CaseId | None, since: datetime | None,
                  until: datetime | None) -> list[AuditEntry]:
    with vault.read() as uow:
        return list(uow.audit.entries(case_id=case_id, since=codec.utc_text(since) if since else None,
                                      until=codec.utc_text(until) if until else None))


def verify_audit(vault: Vault) -> ChainReport:
    with vault.read() as uow:
        return uow.audit.verify()
