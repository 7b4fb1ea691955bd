"""Checking a whole store: SQLite's integrity check, then every sealed value opened."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from loketcli.crypto import aad, unseal
from loketcli.errors import TamperedData
from loketcli.storage.audit import AuditLog, ChainReport
from loketcli.storage.cases import payload_aad


@dataclass(frozen=True)
class VerifyReport:
    integrity: str
    checked: int
    failures: tuple[tuple[str, int], ...]
    audit: ChainReport

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.failures and self.audit.ok


def verify_all(conn: sqlite3.Connection, vault_key: bytes) -> VerifyReport:
    integrity = "; ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))
    checked = 0
    failures: list[tuple[str, int]] = []
    case_keys: dict[int, bytes] = {}
    for case_id, status, opened_at, closed_at, wrapped, payload in conn.execute(
        "SELECT id, status, opened_at, closed_at, case_key, payload FROM cases ORDER BY id"
    ):
        checked += 2
        try:
            key = unseal(vault_key, wrapped, aad("cases", case_id, "case_key"))
            case_keys[case_id] = key
            unseal(key, payload, payload_aad(case_id, status, opened_at, closed_at))
        except TamperedData:
            failures.append(("cases", case_id))
    for event_id, case_id, kind, at, payload in conn.execute(
        "SELECT id, case_id, kind, at, payload FROM events ORDER BY id"
    ):
        checked += 1
        event_key = case_keys.get(case_id)
        try:
            if event_key is None:
                raise TamperedData()
            unseal(event_key, payload, aad("events", event_id, case_id, kind, at))
        except TamperedData:
            failures.append(("events", event_id))
    for followup_id, case_id, payload in conn.execute("SELECT id, case_id, payload FROM followups ORDER BY id"):
        checked += 1
        followup_key = case_keys.get(case_id)
        try:
            if followup_key is None:
                raise TamperedData()
            unseal(followup_key, payload, aad("followups", followup_id, case_id))
        except TamperedData:
            failures.append(("followups", followup_id))
    from loketcli.storage.transfer import TransferRepository

    transfer_checked, transfer_failures = TransferRepository(conn, vault_key).verify()
    checked += transfer_checked
    failures += transfer_failures
    chain = AuditLog(conn, vault_key).verify()
    return VerifyReport(integrity=integrity, checked=checked + chain.checked, failures=tuple(failures), audit=chain)
