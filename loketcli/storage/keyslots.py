"""Keyslots: the vault key, wrapped under a key derived from a secret.

A passphrase change rewraps the one vault key; nothing else is re-encrypted.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from loketcli.crypto import KdfParams, aad, derive_key, kdf_params_allowed, seal, unseal
from loketcli.errors import BadInput, CorruptStore, TamperedData, WrongPassphrase

PASSPHRASE_SLOT = "passphrase"
RECOVERY_SLOT = "recovery"


@dataclass(frozen=True)
class Keyslot:
    kind: str
    kdf: KdfParams
    wrapped: bytes


def _kdf_json(params: KdfParams) -> str:
    return json.dumps(
        {
            "algorithm": params.algorithm,
            "iterations": params.iterations,
            "lanes": params.lanes,
            "memory_kib": params.memory_kib,
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def _checksum(kind: str, kdf_json: str, salt: bytes, wrapped: bytes) -> bytes:
    # Not a security measure (anyone who can write the file can recompute it):
    # it lets a damaged keyslot be reported as damage, not as a wrong passphrase.
    return hashlib.sha256(
        kind.encode() + b"\x00" + kdf_json.encode() + b"\x00" + salt + b"\x00" + wrapped
    ).digest()


def wrap_vault_key(vault_key: bytes, secret: str, kind: str, params: KdfParams) -> Keyslot:
    if not kdf_params_allowed(params):
        raise BadInput("error.kdf_too_weak")
    kek = derive_key(secret, params)
    return Keyslot(kind=kind, kdf=params, wrapped=seal(kek, vault_key, aad("keyslots", kind, "vault_key")))


def save_slot(conn: sqlite3.Connection, slot: Keyslot, created_at: str) -> None:
    kdf_json = _kdf_json(slot.kdf)
    conn.execute(
        "INSERT INTO keyslots (kind, kdf, salt, wrapped, checksum, created_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(kind) DO UPDATE SET kdf = excluded.kdf, salt = excluded.salt,"
        " wrapped = excluded.wrapped, checksum = excluded.checksum, created_at = excluded.created_at",
        (slot.kind, kdf_json, slot.kdf.salt, slot.wrapped,
         _checksum(slot.kind, kdf_json, slot.kdf.salt, slot.wrapped), created_at),
    )


def load_slot(conn: sqlite3.Connection, kind: str = PASSPHRASE_SLOT) -> Keyslot:
    row = conn.execute(
        "SELECT kdf, salt, wrapped, checksum FROM keyslots WHERE kind = ?", (kind,)
    ).fetchone()
    if row is None:
        raise CorruptStore("error.corrupt_keyslot")
    kdf_json, salt, wrapped, checksum = row
    if not isinstance(salt, bytes) or not isinstance(wrapped, bytes) or not isinstance(kdf_json, str):
        raise CorruptStore("error.corrupt_keyslot")
    if _checksum(kind, kdf_json, salt, wrapped) != checksum:
        raise CorruptStore("error.corrupt_keyslot")
    try:
        raw = json.loads(kdf_json)
        params = KdfParams(
            salt=salt,
            memory_kib=int(raw["memory_kib"]),
            iterations=int(raw["iterations"]),
            lanes=int(raw["lanes"]),
            algorithm=str(raw["algorithm"]),
        )
    except (ValueError, KeyError, TypeError):
        raise CorruptStore("error.corrupt_keyslot") from None
    if not kdf_params_allowed(params):
        # The checksum is no defence (anyone who can edit the file can redo
        # it), so the cost is judged on its own, before anything is derived.
        raise CorruptStore("error.kdf_out_of_range")
    return Keyslot(kind=kind, kdf=params, wrapped=wrapped)


def unwrap_vault_key(slot: Keyslot, secret: str) -> bytes:
    try:
        kek = derive_key(secret, slot.kdf)
    except TamperedData:
        raise CorruptStore("error.kdf_out_of_range") from None
    except ValueError:
        # Impossible cost parameters can only come from a damaged slot.
        raise CorruptStore("error.corrupt_keyslot") from None
    try:
        return unseal(kek, slot.wrapped, aad("keyslots", slot.kind, "vault_key"))
    except TamperedData:
        raise WrongPassphrase() from None
