"""Finding the store and its key: session, environment, file, prompt, in that order."""

from __future__ import annotations

import os
from pathlib import Path

from loketcli.errors import BadInput, Locked
from loketcli.storage.vault import Vault


def resolve_db(db: Path | None) -> Path:
    if db is not None:
        return db.expanduser()
    import typer

    return Path(typer.get_app_dir("loket")) / "loket.db"


# No passphrase is longer; a file that is (or a device that never ends) is not one.
_MAX_PASSPHRASE_FILE = 4096


def read_passphrase_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_PASSPHRASE_FILE + 1)
        if len(raw) > _MAX_PASSPHRASE_FILE:
            raise BadInput("error.passphrase_file")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise BadInput("error.passphrase_file") from None
    # Editors add a final newline; a passphrase never ends in one on purpose.
    return text.rstrip("\r\n")


def passphrase_without_session(passphrase_file: Path | None, locked_key: str = "error.locked") -> str:
    """The passphrase from the environment, a file or a prompt; otherwise exit 3."""
    from_env = os.environ.get("LOKET_PASSPHRASE")
    if from_env:
        return from_env
    if passphrase_file is not None:
        return read_passphrase_file(passphrase_file)
    from loketcli.cli.prompts import ask_secret, is_interactive

    if is_interactive():
        return ask_secret("prompt.passphrase")
    raise Locked(locked_key)


def open_vault(db: Path | None, passphrase_file: Path | None) -> Vault:
    from loketcli.domain import clock
    from loketcli.services import vault as vault_service

    path = resolve_db(db)
    if not path.exists():
        # Say "no store" before asking for a passphrase that could open nothing.
        from loketcli.errors import StoreNotFound

        raise StoreNotFound()
    token = os.environ.get("LOKET_SESSION")
    _tidy(path, with_token=bool(token))
    locked_key = "error.locked"
    if token:
        try:
            return vault_service.unlock_with_session(path, token, clock.now())
        except Locked as stale:
            # An ended or expired session falls back to the passphrase, and if
            # none is at hand, the worker hears why the session stopped working.
            locked_key = stale.key
    return vault_service.unlock_with_passphrase(path, passphrase_without_session(passphrase_file, locked_key))


def _tidy(path: Path, *, with_token: bool) -> None:
    """What an earlier command may have left beside the store: an editor draft
    of a command that was killed, and a session past its expiry (a token
    read from it would be refused, but the file would still unwrap the key;
    with a token, reading the session removes it and says it expired)."""
    from loketcli.cli.editor import remove_leftover_drafts
    from loketcli.domain import clock
    from loketcli.services.session import remove_expired_session

    remove_leftover_drafts(path.parent)
    if not with_token:
        remove_expired_session(path, clock.now())
