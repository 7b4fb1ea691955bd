"""Unlock sessions: type the passphrase once per working day.

As the Bitwarden CLI does, `loket unlock` hands the shell a random session
token (LOKET_SESSION). Beside the store lies a session file holding the vault
key sealed under that token, with its expiry bound in as associated data.
Neither half opens anything alone: the file on disk is useless without the
token, which lives only in the shell's environment and dies with it; the
token is useless once `loket lock` deletes the file or the expiry passes.
Reading a session costs one AES-GCM open instead of an Argon2id derivation.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from loketcli.crypto import KEY_LEN, aad, seal, unseal
from loketcli.errors import Locked, TamperedData
from loketcli.storage import codec
from loketcli.storage.files import write_atomic

DEFAULT_HOURS = 9
MAX_HOURS = 24


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: datetime


def session_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".session")


def start_session(
    db_path: Path, store_id: str, vault_key: bytes, now: datetime, hours: float = DEFAULT_HOURS
) -> Session:
    if not 0 < hours <= MAX_HOURS:
        from loketcli.errors import BadInput

        raise BadInput("error.session_hours", maximum=MAX_HOURS)
    raw_token = secrets.token_bytes(KEY_LEN)
    expires = now + timedelta(hours=hours)
    expires_text = codec.utc_text(expires)
    record = {
        "v": 1,
        "expires_at": expires_text,
        "wrapped": base64.b64encode(
            seal(raw_token, vault_key, aad("session", store_id, expires_text, "vault_key"))
        ).decode("ascii"),
    }
    write_atomic(session_path(db_path), json.dumps(record, separators=(",", ":")).encode("ascii"))
    token = base64.urlsafe_b64encode(raw_token).decode("ascii").rstrip("=")
    return Session(token=token, expires_at=codec.parse_utc(expires_text))


def end_session(db_path: Path) -> bool:
    """Delete the session file; every token handed out for this store stops working."""
    target = session_path(db_path)
    if not target.exists():
        return False
    with contextlib.suppress(OSError):
        # Overwrite before unlinking, for file systems that keep old blocks.
        size = target.stat().st_size
        with target.open("r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
    target.unlink(missing_ok=True)
    return True


def vault_key_from_session(db_path: Path, store_id: str, token: str, now: datetime) -> bytes:
    """Return the vault key, or raise Locked with the reason (expired, ended, wrong token)."""
    target = session_path(db_path)
    try:
        record = json.loads(target.read_text(encoding="ascii"))
        expires_text = str(record["expires_at"])
        wrapped = base64.b64decode(record["wrapped"])
        expires = codec.parse_utc(expires_text)
    except FileNotFoundError:
        raise Locked("error.session_ended") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise Locked("error.session_invalid") from None
    if now >= expires:
        end_session(db_path)
        raise Locked("error.session_expired")
    try:
        raw_token = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        raise Locked("error.session_invalid") from None
    if len(raw_token) != KEY_LEN:
        raise Locked("error.session_invalid")
    try:
        return unseal(raw_token, wrapped, aad("session", store_id, expires_text, "vault_key"))
    except TamperedData:
        raise Locked("error.session_invalid") from None
