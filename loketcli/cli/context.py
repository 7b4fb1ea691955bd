"""Finding the store and its key: session, environment, file, prompt, in that order.

The consult shell (`loket shell`) unlocks once and then holds the key here,
in this process's memory only, for every command it runs (`hold_key`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from loketcli.errors import BadInput, Locked

if TYPE_CHECKING:
    from collections.abc import Callable

    # Imported where a vault is opened: `resolve_db` runs in the --db option's
    # callback of every command, and must not pull in the storage layer.
    from loketcli.storage.vault import Vault


@dataclass(frozen=True)
class HeldKey:
    """A store's vault key as the shell obtained it: never written anywhere."""

    path: Path  # the store it opens, resolved
    store_id: str  # so a store restored from another one is not opened with it
    key: bytes = field(repr=False)
    session_token: str | None = field(repr=False, default=None)  # None: from the passphrase


_held: HeldKey | None = None
# Vaults opened with the held key during the current command, closed after it
# by the shell (a one-off command simply exits).
_opened: list[Vault] = []


def resolve_db(db: Path | None) -> Path:
    if db is not None:
        return db.expanduser()
    import typer

    # Not roaming: on Windows %LOCALAPPDATA%\loket, which stays on the laptop
    # (%APPDATA% travels with a roaming profile). Linux ~/.config/loket, macOS
    # ~/Library/Application Support/loket.
    return Path(typer.get_app_dir("loket", roaming=False)) / "loket.db"


_synced_warned = False


def check_store_place(db: Path | None) -> None:
    """Before any command touches the store (issues 23, 24): refuse a store
    whose directory others can write to, and a `-wal`, `-shm` or desk
    `vocabulary.json` beside it that is not a regular file of this user (what
    can be known about that on Windows: see `loketcli.system`); warn once per
    process when the store lies in a folder a sync client copies elsewhere."""
    from loketcli import system
    from loketcli.domain.vocab import DESK_FILE_NAME

    path = resolve_db(db)
    system.check_store_directory(path)
    beside = [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    if not os.environ.get("LOKET_VOCAB"):
        beside.append(path.parent / DESK_FILE_NAME)
    for neighbour in beside:
        system.check_own_file(neighbour)
    global _synced_warned
    service = system.synced_folder(path)
    if service is not None and not _synced_warned:
        from loketcli.i18n import t
        from loketcli.render.console import message

        _synced_warned = True
        message(f"loket: {t('warning.store_synced', service=service)}")


# No passphrase is longer; a file that is (or a device that never ends) is not one.
_MAX_PASSPHRASE_FILE = 4096


def read_passphrase_file(path: Path) -> str:
    try:
        from loketcli.domain.regular_file import read_regular_file

        raw = read_regular_file(path, _MAX_PASSPHRASE_FILE)
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
    path = resolve_db(db)
    if not path.exists():
        # Say "no store" before asking for a passphrase that could open nothing.
        from loketcli.errors import StoreNotFound

        raise StoreNotFound()
    if _held is not None:
        vault = _open_with_held_key(path, _held)
        if vault is not None:
            return vault
    return _unlock(path, passphrase_file)[0]


def _unlock(path: Path, passphrase_file: Path | None) -> tuple[Vault, str | None]:
    """The vault, and the session token that opened it (None: the passphrase did)."""
    from loketcli.domain import clock
    from loketcli.services import vault as vault_service

    token = os.environ.get("LOKET_SESSION")
    _tidy(path, with_token=bool(token))
    locked_key = "error.locked"
    if token:
        try:
            return vault_service.unlock_with_session(path, token, clock.now(), announce_rebuild), token
        except Locked as stale:
            # An ended or expired session falls back to the passphrase, and if
            # none is at hand, the worker hears why the session stopped working.
            locked_key = stale.key
    passphrase = passphrase_without_session(passphrase_file, locked_key)
    return vault_service.unlock_with_passphrase(path, passphrase, announce_rebuild), None


# From about this many cases the first unlock after an update that rebuilds
# derived data takes a second or more (18 s at 100,000): say why it waits.
ANNOUNCE_REBUILD_FROM = 5000


def announce_rebuild(cases: int) -> Callable[[int, int], None] | None:
    """Says why the unlock waits, and hands back the bar (on a terminal) that
    the rebuild reports its progress to."""
    if cases >= ANNOUNCE_REBUILD_FROM:
        from loketcli.cli.progress import unlock_bar
        from loketcli.i18n import t
        from loketcli.render.console import message

        message(t("store.upgrading"))
        return unlock_bar()
    return None


def unlock_for_holding(db: Path | None, passphrase_file: Path | None) -> HeldKey:
    """The key exactly as a command would find it (session, environment, file,
    prompt), once, for `hold_key`."""
    from loketcli.services.vault import store_id

    path = resolve_db(db)
    if not path.exists():
        from loketcli.errors import StoreNotFound

        raise StoreNotFound()
    vault, token = _unlock(path, passphrase_file)
    try:
        with vault.store.read() as conn:
            identity = store_id(conn)
        return HeldKey(path.resolve(), identity, vault.vault_key, token)
    finally:
        vault.close()


def hold_key(held: HeldKey | None) -> None:
    """From now on, commands of this process that open `held.path` use this
    key without a session, passphrase or prompt; None forgets it."""
    global _held
    _held = held


def close_opened_vaults() -> None:
    """Close what the last command opened with the held key."""
    while _opened:
        _opened.pop().close()


def _open_with_held_key(path: Path, held: HeldKey) -> Vault | None:
    from loketcli.services.vault import store_id
    from loketcli.storage.db import migrate_if_needed, open_store
    from loketcli.storage.vault import Vault

    if path.resolve() != held.path:
        return None
    store = open_store(path, migrate=False)
    try:
        with store.read() as conn:
            same = store_id(conn) == held.store_id
        if same:
            migrate_if_needed(store)
    except BaseException:
        store.close()
        raise
    if not same:
        # Another store was restored over this one: it asks for its own key.
        store.close()
        return None
    vault = Vault(store, held.key)
    _opened.append(vault)
    return vault


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
