"""The audit trail: who did what to which case, chained so that tampering shows.

Entry i carries mac_i = HMAC-SHA256(k, mac_{i-1} || canonical(entry_i)), with
k derived from the vault key and mac_0 = 32 zero bytes. The newest MAC is
itself authenticated in `meta.audit_head`, so dropping entries from the end
is detected as well as editing or deleting one in the middle. A new entry
moves the head on only when the head named the last entry before it, so a cut
tail stays detected after later commands; whether the head exists at all is
under the meta MAC (a wiped trail).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from loketcli.crypto import PURPOSE_AUDIT, PURPOSE_AUDIT_IDS, aad, derive_subkey, seal, unseal
from loketcli.errors import TamperedData
from loketcli.storage import codec
from loketcli.storage.state import META_FORMAT_2, META_FORMAT_KEY

GENESIS = bytes(32)
# `case_ids` of an entry whose ids are sealed: this prefix and the base64 of the
# sealed decimal ids (see `append(..., sealed=True)`).
SEALED_IDS = "s:"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    command: str
    case_ids: tuple[int, ...]
    detail: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken: int | None
    head_ok: bool

    @property
    def ok(self) -> bool:
        return self.first_broken is None and self.head_ok


def _ids_aad(entry_id: int) -> bytes:
    return aad("audit", entry_id, "case_ids")


def _canonical(entry_id: int, at: str, command: str, case_ids: str, detail: str) -> bytes:
    return "\x1f".join((str(entry_id), at, command, case_ids, detail)).encode("utf-8")


class AuditLog:
    def __init__(self, conn: sqlite3.Connection, vault_key: bytes) -> None:
        self._conn = conn
        self._vault_key = vault_key
        self._key: bytes | None = None
        self._ids: bytes | None = None

    def _mac_key(self) -> bytes:
        if self._key is None:
            self._key = derive_subkey(self._vault_key, PURPOSE_AUDIT)
        return self._key

    def _ids_key(self, vault_key: bytes | None) -> bytes:
        if vault_key is not None:
            return derive_subkey(vault_key, PURPOSE_AUDIT_IDS)
        if self._ids is None:
            self._ids = derive_subkey(self._vault_key, PURPOSE_AUDIT_IDS)
        return self._ids

    def seal_ids(self, entry_id: int, ids: str, vault_key: bytes | None = None) -> str:
        key = self._ids_key(vault_key)
        return SEALED_IDS + base64.b64encode(seal(key, ids.encode("ascii"), _ids_aad(entry_id))).decode("ascii")

    def open_ids(self, entry_id: int, stored: str, vault_key: bytes | None = None) -> str:
        """The decimal ids of an entry, opened when sealed (TamperedData when
        they do not open)."""
        if not stored.startswith(SEALED_IDS):
            return stored
        key = self._ids_key(vault_key)
        try:
            return unseal(key, base64.b64decode(stored[len(SEALED_IDS):], validate=True),
                          _ids_aad(entry_id)).decode("ascii")
        except (ValueError, UnicodeDecodeError):
            raise TamperedData() from None

    def _mac(self, previous: bytes, entry_id: int, at: str, command: str, case_ids: str, detail: str) -> bytes:
        return hmac.new(self._mac_key(), previous + _canonical(entry_id, at, command, case_ids, detail),
                        hashlib.sha256).digest()

    def _head_mac(self, entry_id: int, mac: bytes) -> str:
        return hmac.new(self._mac_key(), b"head\x1f" + str(entry_id).encode() + b"\x1f" + mac,
                        hashlib.sha256).hexdigest()

    def append(self, command: str, case_ids: tuple[int, ...], now: datetime, detail: str = "", *,
               sealed: bool = False) -> int:
        """One entry. `sealed`: the case ids are stored sealed, for entries whose
        ids together say something about the visitors (the cases a search or an
        intake's recognition matched share a BSN, phone, e-mail or name)."""
        last = self._conn.execute("SELECT id, mac FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        previous = last[1] if last else GENESIS
        head = self._conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        # The head moves on only from a head that names the current last entry:
        # a tail cut off (and the id counter set back so no gap shows) leaves
        # the head naming an entry that is gone, and it stays so, for `verify`.
        # No head and no entry is a new trail; a head that exists can never be
        # removed unnoticed (the meta MAC covers whether it exists).
        if head is None:
            keep_going = last is None
        else:
            keep_going = last is not None and isinstance(last[1], bytes) and hmac.compare_digest(
                str(head[0]), self._head_mac(int(last[0]), last[1]))
        at = codec.utc_text(now)
        ids = ",".join(str(i) for i in sorted(set(case_ids)))
        cursor = self._conn.execute(
            "INSERT INTO audit (at, command, case_ids, detail, mac) VALUES (?, ?, ?, ?, x'')",
            (at, command, "" if sealed else ids, detail),
        )
        entry_id = int(cursor.lastrowid or 0)
        if sealed:
            # The row id is in the associated data: sealed once the row exists.
            ids = self.seal_ids(entry_id, ids)
            self._conn.execute("UPDATE audit SET case_ids = ? WHERE id = ?", (ids, entry_id))
        mac = self._mac(previous, entry_id, at, command, ids, detail)
        self._conn.execute("UPDATE audit SET mac = ? WHERE id = ?", (mac, entry_id))
        if keep_going and head is None:
            self._conn.execute("INSERT INTO meta (key, value) VALUES ('audit_head', ?)",
                               (self._head_mac(entry_id, mac),))
        elif keep_going:
            self._conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (self._head_mac(entry_id, mac),))
        return entry_id

    def rekey(self, old_vault_key: bytes) -> None:
        """Every MAC and the head afresh under this log's key, sealed ids
        re-sealed (a vault key rotation, after the chain was verified under the
        old one)."""
        previous, last_id = GENESIS, 0
        for entry_id, at, command, ids, detail in self._conn.execute(
                "SELECT id, at, command, case_ids, detail FROM audit ORDER BY id").fetchall():
            if str(ids).startswith(SEALED_IDS):
                try:
                    ids = self.seal_ids(entry_id, self.open_ids(entry_id, str(ids), old_vault_key))
                except TamperedData:
                    raise TamperedData("error.tampered_record", table="audit", id=entry_id) from None
                self._conn.execute("UPDATE audit SET case_ids = ? WHERE id = ?", (ids, entry_id))
            previous, last_id = self._mac(previous, entry_id, at, command, ids, detail), entry_id
            self._conn.execute("UPDATE audit SET mac = ? WHERE id = ?", (previous, entry_id))
        if last_id:
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES ('audit_head', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (self._head_mac(last_id, previous),),
            )

    def entries(self, case_id: int | None = None, since: str | None = None,
                until: str | None = None) -> Iterator[AuditEntry]:
        clauses, params = [], []
        if since is not None:
            clauses.append("at >= ?")
            params.append(since)
        if until is not None:
            clauses.append("at < ?")
            params.append(until)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        for entry_id, at, command, ids, detail in self._conn.execute(
            f"SELECT id, at, command, case_ids, detail FROM audit{where} ORDER BY id", params
        ):
            try:
                case_ids = tuple(int(i) for i in self.open_ids(entry_id, str(ids)).split(",") if i)
                moment = codec.parse_utc(str(at))
            except (ValueError, TamperedData):
                raise TamperedData("error.tampered_record", table="audit", id=entry_id) from None
            if case_id is not None and case_id not in case_ids:
                continue
            yield AuditEntry(id=entry_id, at=moment, command=str(command), case_ids=case_ids, detail=str(detail))

    def verify(self) -> ChainReport:
        """Check every MAC, that ids run 1, 2, 3... without gaps (ids are only
        ever taken inside the transaction that commits the entry, so a gap
        means a deleted entry), and the head. An empty trail is a wiped one,
        unless no head exists either and the meta MAC vouches for that (a
        store made before the trail existed, not audited since)."""
        previous = GENESIS
        last_id = 0
        checked = 0
        for entry_id, at, command, ids, detail, mac in self._conn.execute(
            "SELECT id, at, command, case_ids, detail, mac FROM audit ORDER BY id"
        ):
            checked += 1
            if entry_id != last_id + 1 or not isinstance(mac, bytes) or not hmac.compare_digest(
                    mac, self._mac(previous, entry_id, at, command, ids, detail)):
                return ChainReport(checked=checked, first_broken=entry_id, head_ok=False)
            previous, last_id = mac, entry_id
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        if checked == 0 and row is None:
            # No entry and no head: a store from before the trail (schema 3)
            # that has not been audited since. Only where the meta MAC covers
            # whether the head exists (its second format), so that removing a
            # head shows there; a store without it has had its trail wiped.
            head_ok = self._conn.execute("SELECT 1 FROM meta WHERE key = ? AND value = ?",
                                         (META_FORMAT_KEY, META_FORMAT_2)).fetchone() is not None
            return ChainReport(checked=0, first_broken=None, head_ok=head_ok)
        head_ok = checked > 0 and row is not None and hmac.compare_digest(str(row[0]),
                                                                          self._head_mac(last_id, previous))
        return ChainReport(checked=checked, first_broken=None, head_ok=head_ok)
