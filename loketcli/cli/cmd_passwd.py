"""`loket passwd`: a new passphrase, a higher KDF cost, or a reset with the recovery key."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def passwd(
    rekdf: Annotated[bool, typer.Option("--rekdf", help=t("help.passwd.rekdf"))] = False,
    recovery: Annotated[bool, typer.Option("--recovery", help=t("help.passwd.recovery"))] = False,
    rotate_key: Annotated[bool, typer.Option("--rotate-key", help=t("help.passwd.rotate_key"))] = False,
    kdf_memory_kib: Annotated[int | None, typer.Option(hidden=True, min=8)] = None,
    kdf_iterations: Annotated[int | None, typer.Option(hidden=True, min=1)] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket passwd`: re-wrap the store key only, so it is fast at any store size."""
    from loketcli.cli.context import passphrase_without_session, resolve_db
    from loketcli.cli.prompts import ask_new_secret, ask_secret, is_interactive
    from loketcli.crypto import KdfParams
    from loketcli.domain import clock
    from loketcli.errors import Locked
    from loketcli.render.console import message
    from loketcli.services.keys import change_passphrase

    path = resolve_db(db)
    if rotate_key:
        _rotate(path, passphrase_file, recovery=recovery, rekdf=rekdf or bool(kdf_memory_kib or kdf_iterations))
        return
    old = recovery_key = None
    if recovery:
        recovery_key = os.environ.get("LOKET_RECOVERY_KEY") or (
            ask_secret("prompt.recovery_key") if is_interactive() else None)
        if not recovery_key:
            raise Locked("error.recovery_needed")
    else:
        old = passphrase_without_session(passphrase_file)
    new = os.environ.get("LOKET_NEW_PASSPHRASE")
    if not new:
        if not is_interactive():
            raise Locked("error.new_passphrase_needed")
        new = ask_new_secret()
    kdf = None
    if rekdf or kdf_memory_kib or kdf_iterations:
        kdf = KdfParams.fresh(memory_kib=kdf_memory_kib or 65536, iterations=kdf_iterations or 3,
                              lanes=1 if kdf_memory_kib else 4)
    change_passphrase(path, old_passphrase=old, recovery_key=recovery_key, new_passphrase=new, now=clock.now(),
                      kdf=kdf)
    from loketcli.services.session import end_session

    # A passphrase is changed when it may have leaked: running sessions end too.
    end_session(path)
    message(t("passwd.done"))


def _rotate(path: Path, passphrase_file: Path | None, *, recovery: bool, rekdf: bool) -> None:
    """`passwd --rotate-key`: a new vault key under the same passphrase."""
    from loketcli.cli.context import passphrase_without_session
    from loketcli.domain import clock
    from loketcli.errors import BadInput
    from loketcli.render.console import message
    from loketcli.services.keys import rotate_vault_key
    from loketcli.services.session import end_session

    if recovery or rekdf:
        raise BadInput("error.rotate_alone")
    from loketcli.cli.progress import progress_bar

    passphrase = passphrase_without_session(passphrase_file)
    with progress_bar("progress.rotate") as progress:
        new_recovery_key = rotate_vault_key(path, passphrase, clock.now(), progress)
    # A session file wraps the old key: whoever holds its token could still open it.
    end_session(path)
    message(t("passwd.rotated"))
    if new_recovery_key is not None:
        message(t("passwd.rotated_recovery"))
        # On stdout, as data, like at `init`.
        typer.echo(new_recovery_key)
        message(t("init.recovery_warning"))
