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
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from loketcli import system
from loketcli.crypto import KEY_LEN, aad, seal, unseal
from loketcli.errors import Locked, LoketError, TamperedData
from loketcli.storage import codec

DEFAULT_HOURS = 9
MAX_HOURS = 24


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: datetime


def session_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".session")


# The session file is small; anything larger is not one of ours.
_MAX_SESSION_FILE = 4096


def _open_session_file(target: Path, flags: int) -> int | None:
    """A descriptor on the session file, or None when there is none. Never
    follows a symlink or junction, never blocks on a FIFO, and accepts only a
    regular file of this user; anything else planted there is refused (exit 1),
    untouched."""
    system.check_store_directory(target)
    try:
        fd = system.open_no_follow(target, flags)
    except FileNotFoundError:
        return None
    except OSError:
        # ELOOP: a link; ENXIO: a FIFO without a reader opened for writing; EACCES: not ours.
        if os.path.lexists(target):
            raise LoketError("error.session_file_unsafe") from None
        return None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode) or not system.owned_by_user(status) or status.st_nlink != 1:
        os.close(fd)
        raise LoketError("error.session_file_unsafe")
    return fd


def start_session(
    db_path: Path, store_id: str, vault_key: bytes, now: datetime, hours: float = DEFAULT_HOURS
) -> Session:
    # secrets (with random) and tempfile only here: every command reads a
    # session, only `unlock` starts one.
    import secrets

    from loketcli.storage.files import write_atomic

    if not 0 < hours <= MAX_HOURS:
        from loketcli.errors import BadInput

        raise BadInput("error.session_hours", maximum=MAX_HOURS)
    # A file already there must be a session file of ours: write_atomic renames
    # over it, which never follows a link, but a planted one means trouble.
    fd = _open_session_file(session_path(db_path), os.O_RDONLY)
    if fd is not None:
        os.close(fd)
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
    return wipe_session_file(session_path(db_path))


def wipe_session_file(target: Path) -> bool:
    """Overwrite the session file, then unlink it; False when there was none.
    Opened without following links or blocking, so a planted symlink or FIFO
    is refused, not written through."""
    fd = _open_session_file(target, os.O_WRONLY)
    if fd is None:
        return False
    try:
        # Overwrite before unlinking, for file systems that keep old blocks.
        with contextlib.suppress(OSError):
            os.write(fd, b"\0" * os.fstat(fd).st_size)
            os.fsync(fd)
    finally:
        os.close(fd)
    target.unlink(missing_ok=True)
    return True


def _read_record(target: Path) -> bytes | None:
    fd = _open_session_file(target, os.O_RDONLY)
    if fd is None:
        return None
    try:
        data = os.read(fd, _MAX_SESSION_FILE + 1)
    finally:
        os.close(fd)
    if len(data) > _MAX_SESSION_FILE:
        raise Locked("error.session_invalid")
    return data


def _expiry(data: bytes) -> tuple[dict[str, object], str, datetime]:
    record = json.loads(data.decode("ascii"))
    expires_text = str(record["expires_at"])
    return record, expires_text, codec.parse_utc(expires_text)


def remove_expired_session(db_path: Path, now: datetime) -> bool:
    """Wipe the store's session file when it has expired: a command that finds
    one, with or without a token, leaves nothing that still opens the store."""
    target = session_path(db_path)
    if not os.path.lexists(target):
        return False
    try:
        data = _read_record(target)
        if data is None:
            return False
        _record, _text, expires = _expiry(data)
    except (Locked, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False  # not ours to judge here; reading it with a token says why
    if now < expires:
        return False
    return wipe_session_file(target)


def vault_key_from_session(db_path: Path, store_id: str, token: str, now: datetime) -> bytes:
    """Return the vault key, or raise Locked with the reason (expired, ended, wrong token)."""
    target = session_path(db_path)
    data = _read_record(target)
    if data is None:
        raise Locked("error.session_ended")
    try:
        record, expires_text, expires = _expiry(data)
        wrapped = base64.b64decode(str(record["wrapped"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
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
