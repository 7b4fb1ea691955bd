"""Checking a whole store: SQLite's integrity check, the keyslots, every sealed
value opened, every state MAC, the meta MAC and the audit chain."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from loketcli.crypto import PURPOSE_CASE_KEYS, aad, derive_subkey, unseal, unsealer
from loketcli.errors import CorruptStore, TamperedData
from loketcli.storage.audit import SEALED_IDS, AuditLog, ChainReport
from loketcli.storage.cases import payload_aad
from loketcli.storage.keyslots import PASSPHRASE_SLOT, load_slot
from loketcli.storage.state import StateKeys, failing_case_macs, meta_ok, missing_case_ids


@dataclass(frozen=True)
class VerifyReport:
    integrity: str
    checked: int
    failures: tuple[tuple[str, int], ...]
    audit: ChainReport
    # Keyslot kinds whose checksum or KDF parameters fail.
    keyslots: tuple[str, ...] = ()
    # Cases whose state MAC fails (a row deleted, edited or copied back).
    state: tuple[int, ...] = ()
    # Case numbers handed out but neither present, in the erasure ledger, nor left out by a restore.
    missing: tuple[int, ...] = ()
    meta_ok: bool = True
    # Cases present although the erasure ledger lists them: put back from an older copy.
    erased: tuple[int, ...] = ()
    # Cases whose search-index entries differ from the case (0: a bucket that
    # does not open); `verify --rebuild-index` mends them.
    index: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return (self.integrity == "ok" and not self.failures and self.audit.ok and not self.keyslots
                and not self.state and not self.missing and self.meta_ok and not self.index and not self.erased)


def _ticker(conn: sqlite3.Connection, progress: Callable[[int, int], None] | None) -> Callable[[], bool]:
    """One call per row checked: cases (twice: opened, then their MAC), events,
    follow-ups. Returns False, so it can stand in a condition before the check."""
    if progress is None:
        return lambda: False
    total = sum(int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) * times
                for table, times in (("cases", 2), ("events", 1), ("followups", 1)))
    done = 0
    progress(0, total)

    def tick() -> bool:
        nonlocal done
        done += 1
        if done % 256 == 0 or done == total:
            progress(done, total)
        return False

    return tick


class _CaseOpener:
    """`unseal` under a case's key, the cipher of the case last asked for kept;
    a case without a key that opened gets one that refuses everything."""

    def __init__(self, case_keys: dict[int, bytes]) -> None:
        self._keys = case_keys
        self._case: object = None
        self._open: Callable[[bytes, bytes], bytes] = _refuse

    def __call__(self, case_id: object) -> Callable[[bytes, bytes], bytes]:
        if case_id != self._case or type(case_id) is not type(self._case):
            key = self._keys.get(case_id)  # type: ignore[call-overload]
            self._case, self._open = case_id, _refuse if key is None else unsealer(key)
        return self._open


def _refuse(blob: bytes, associated: bytes) -> bytes:
    raise TamperedData()


def _broken_keyslots(conn: sqlite3.Connection) -> tuple[str, ...]:
    kinds = [str(r[0]) for r in conn.execute("SELECT kind FROM keyslots ORDER BY id")]
    broken = []
    for kind in sorted(set(kinds) | {PASSPHRASE_SLOT}):
        try:
            load_slot(conn, kind)
        except CorruptStore:
            broken.append(kind)
    return tuple(broken)


def verify_all(conn: sqlite3.Connection, vault_key: bytes,
               progress: Callable[[int, int], None] | None = None) -> VerifyReport:
    """`progress` hears (rows done, rows) as the values are opened and the
    state MACs checked (each case's rows count again for its MAC)."""
    tick = _ticker(conn, progress)
    integrity = "; ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))
    checked = 0
    failures: list[tuple[str, int]] = []
    case_keys: dict[int, bytes] = {}
    open_wrapped = unsealer(derive_subkey(vault_key, PURPOSE_CASE_KEYS))
    for case_id, status, opened_at, closed_at, wrapped, payload in conn.execute(
        "SELECT id, status, opened_at, closed_at, case_key, payload FROM cases ORDER BY id"
    ):
        checked += 2
        tick()
        try:
            key = open_wrapped(wrapped, aad("cases", case_id, "case_key"))
            case_keys[case_id] = key
            unseal(key, payload, payload_aad(case_id, status, opened_at, closed_at))
        except TamperedData:
            failures.append(("cases", case_id))
    # A case's events and follow-ups mostly follow one another: its cipher is
    # set up once for the run rather than once per value.
    opener = _CaseOpener(case_keys)
    for event_id, case_id, kind, at, payload in conn.execute(
        "SELECT id, case_id, kind, at, payload FROM events ORDER BY id"
    ):
        checked += 1
        tick()
        try:
            opener(case_id)(payload, aad("events", event_id, case_id, kind, at))
        except TamperedData:
            failures.append(("events", event_id))
    for followup_id, case_id, payload in conn.execute("SELECT id, case_id, payload FROM followups ORDER BY id"):
        checked += 1
        tick()
        try:
            opener(case_id)(payload, aad("followups", followup_id, case_id))
        except TamperedData:
            failures.append(("followups", followup_id))
    from loketcli.storage.transfer import TransferRepository

    transfer_checked, transfer_failures = TransferRepository(conn, vault_key).verify()
    checked += transfer_checked
    failures += transfer_failures
    # The sealed case ids of audit entries (find, recognise) open too.
    log = AuditLog(conn, vault_key)
    for entry_id, ids in conn.execute("SELECT id, case_ids FROM audit WHERE case_ids LIKE ? ORDER BY id",
                                      (f"{SEALED_IDS}%",)):
        checked += 1
        try:
            log.open_ids(int(entry_id), str(ids))
        except TamperedData:
            failures.append(("audit", int(entry_id)))
    keys = StateKeys.from_vault_key(vault_key)
    present = [int(r[0]) for r in conn.execute("SELECT id FROM cases ORDER BY id")]
    state = failing_case_macs(conn, keys, tick)
    checked += len(present)
    # Case numbers are never reused and a case leaves only through the
    # erasure ledger or a restore of an older backup (which records the
    # numbers it left out), so a number in none of them was deleted by hand.
    # (The highest number and both records are under the meta MAC.)
    erased = {int(r[0]) for r in conn.execute("SELECT case_id FROM erasures")}
    missing = missing_case_ids(conn, exact=True)
    meta_intact = meta_ok(conn, keys)
    # Only a ledger under an intact meta MAC says what was erased.
    back = tuple(case_id for case_id in present if case_id in erased) if meta_intact else ()
    keyslots = _broken_keyslots(conn)
    chain = log.verify()
    from loketcli.storage.search_index import IndexKeys, SearchIndex, has_index

    index = SearchIndex(conn, IndexKeys.from_vault_key(vault_key)).check() if has_index(conn) else ()
    return VerifyReport(integrity=integrity, checked=checked + chain.checked + 1, failures=tuple(failures),
                        audit=chain, keyslots=keyslots, state=state, missing=missing,
                        meta_ok=meta_intact, index=index, erased=back)
