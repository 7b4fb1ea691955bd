"""The store's own transfer identity, its colleagues, and the ledger of
imported transfers (tables of migration `_v6_transfer`).

Secrets and names are sealed under a subkey of the vault key
(HKDF info `loket/1/transfer`), each bound to its row by associated data;
the ledger holds HMACs under another subkey (`loket/1/transfer-ledger`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from loketcli.crypto import aad, derive_subkey, seal, unseal
from loketcli.crypto.transfer import PublicIdentity, SecretIdentity, parse_identity
from loketcli.errors import BadInput, TamperedData
from loketcli.storage import codec


@dataclass(frozen=True)
class Colleague:
    id: int
    name: str
    identity: PublicIdentity
    added_at: datetime


# meta key: the transfer ledger's HMAC keys from before key rotations, sealed.
_EARLIER_LEDGER_KEYS = "transfer_ledger_keys"


class TransferRepository:
    def __init__(self, conn: sqlite3.Connection, vault_key: bytes) -> None:
        self._conn = conn
        self._key = derive_subkey(vault_key, "transfer")
        # A second subkey for the ledger's HMAC: no key does two jobs.
        self._ledger_key = derive_subkey(vault_key, "transfer-ledger")

    # -- our own identity --------------------------------------------------

    def identity(self) -> SecretIdentity | None:
        row = self._conn.execute("SELECT created_at, payload FROM transfer_identity WHERE id = 1").fetchone()
        if row is None:
            return None
        created_at, payload = row
        try:
            fields = codec.load(unseal(self._key, payload, aad("transfer_identity", 1, created_at)))
            return SecretIdentity(age_secret=str(fields["age"]), signing_seed=bytes.fromhex(str(fields["ed25519"])))
        except (TamperedData, ValueError, KeyError, UnicodeDecodeError):
            raise TamperedData("error.tampered_record", table="transfer_identity", id=1) from None

    def save_identity(self, secret: SecretIdentity, now: datetime) -> None:
        stamp = codec.utc_text(now)
        payload = codec.dump({"v": 1, "age": secret.age_secret, "ed25519": secret.signing_seed.hex()})
        self._conn.execute(
            "INSERT INTO transfer_identity (id, created_at, payload) VALUES (1, ?, ?)",
            (stamp, seal(self._key, payload, aad("transfer_identity", 1, stamp))),
        )

    # -- colleagues --------------------------------------------------------

    def colleagues(self) -> list[Colleague]:
        found = []
        for colleague_id, added_at, payload in self._conn.execute(
            "SELECT id, added_at, payload FROM colleagues ORDER BY id"
        ):
            try:
                fields = codec.load(unseal(self._key, payload, aad("colleagues", colleague_id, added_at)))
                found.append(Colleague(id=colleague_id, name=str(fields["name"]),
                                       identity=parse_identity(str(fields["identity"])),
                                       added_at=codec.parse_utc(added_at)))
            except (TamperedData, BadInput, ValueError, KeyError, UnicodeDecodeError):
                raise TamperedData("error.tampered_record", table="colleagues", id=colleague_id) from None
        return found

    def add_colleague(self, name: str, identity: PublicIdentity, now: datetime) -> int:
        stamp = codec.utc_text(now)
        cursor = self._conn.execute("INSERT INTO colleagues (added_at, payload) VALUES (?, x'')", (stamp,))
        colleague_id = int(cursor.lastrowid or 0)
        payload = codec.dump({"v": 1, "name": name, "identity": identity.text})
        self._conn.execute("UPDATE colleagues SET payload = ? WHERE id = ?",
                           (seal(self._key, payload, aad("colleagues", colleague_id, stamp)), colleague_id))
        return colleague_id

    def remove_colleague(self, colleague_id: int) -> None:
        self._conn.execute("DELETE FROM colleagues WHERE id = ?", (colleague_id,))

    # -- the ledger of imported transfers ------------------------------------

    def _token(self, transfer_id: str) -> str:
        return hmac.new(self._ledger_key, b"received\x1f" + transfer_id.encode("ascii"), hashlib.sha256).hexdigest()

    def was_received(self, transfer_id: str) -> bool:
        # Tokens made before a `passwd --rotate-key` are under an earlier key.
        tokens = [self._token(transfer_id), *(
            hmac.new(key, b"received\x1f" + transfer_id.encode("ascii"), hashlib.sha256).hexdigest()
            for key in self._earlier_ledger_keys())]
        marks = ", ".join("?" for _ in tokens)
        return self._conn.execute(f"SELECT 1 FROM transfers_received WHERE token IN ({marks})",
                                  tokens).fetchone() is not None

    def _earlier_ledger_keys(self) -> list[bytes]:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (_EARLIER_LEDGER_KEYS,)).fetchone()
        if row is None:
            return []
        try:
            sealed = base64.b64decode(str(row[0]), validate=True)
            return [bytes.fromhex(k) for k in codec.load(unseal(self._key, sealed, aad("meta", _EARLIER_LEDGER_KEYS)))
                    ["keys"]]
        except (TamperedData, ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise TamperedData("error.tampered_record", table="meta", id=0) from None

    def hand_over_to(self, new_vault_key: bytes) -> None:
        """For `passwd --rotate-key`, in its transaction: every sealed row of
        these tables re-sealed under the new vault key's subkeys, and the
        ledger's HMAC key kept (sealed) so files imported before still count
        as imported: their tokens cannot be recomputed without the ids."""
        new = TransferRepository(self._conn, new_vault_key)
        for table, column in (("transfer_identity", "created_at"), ("colleagues", "added_at")):
            for row_id, stamp, payload in self._conn.execute(
                    f"SELECT id, {column}, payload FROM {table} ORDER BY id").fetchall():
                where = aad(table, row_id, stamp)
                try:
                    plain = unseal(self._key, payload, where)
                except TamperedData:
                    raise TamperedData("error.tampered_record", table=table, id=row_id) from None
                self._conn.execute(f"UPDATE {table} SET payload = ? WHERE id = ?",
                                   (seal(new._key, plain, where), row_id))
        keys = [*self._earlier_ledger_keys(), self._ledger_key]
        sealed = seal(new._key, codec.dump({"keys": [k.hex() for k in keys]}), aad("meta", _EARLIER_LEDGER_KEYS))
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (_EARLIER_LEDGER_KEYS, base64.b64encode(sealed).decode("ascii")))

    def record_received(self, transfer_id: str, now: datetime) -> None:
        self._conn.execute("INSERT INTO transfers_received (token, received_at) VALUES (?, ?)",
                           (self._token(transfer_id), codec.utc_text(now)))

    def verify(self) -> tuple[int, list[tuple[str, int]]]:
        """Open every sealed value of these tables, for `loket verify` and backups:
        (values checked, (table, id) of each that does not open)."""
        checked, failures = 0, []
        for table, column in (("transfer_identity", "created_at"), ("colleagues", "added_at")):
            # A backup from before migration v6_transfer has no such tables yet.
            if self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                  (table,)).fetchone() is None:
                continue
            for row_id, stamp, payload in self._conn.execute(f"SELECT id, {column}, payload FROM {table} ORDER BY id"):
                checked += 1
                try:
                    unseal(self._key, payload, aad(table, row_id, stamp))
                except TamperedData:
                    failures.append((table, row_id))
        return checked, failures

