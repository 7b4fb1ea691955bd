"""`loket init`: create the encrypted store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def init(
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
    kdf_memory_kib: Annotated[int | None, typer.Option(hidden=True, min=8)] = None,
    kdf_iterations: Annotated[int | None, typer.Option(hidden=True, min=1)] = None,
    recovery: Annotated[bool, typer.Option("--recovery-key/--no-recovery-key",
                                           help=t("help.init.recovery_key"))] = True,
) -> None:
    """`loket init`: a new encrypted store, with a one-time recovery key by default."""
    from loketcli.cli.context import read_passphrase_file, resolve_db
    from loketcli.cli.prompts import ask_new_secret, is_interactive
    from loketcli.crypto import KdfParams
    from loketcli.domain import clock
    from loketcli.errors import Locked, StoreExists
    from loketcli.render.console import message
    from loketcli.services.vault import init_vault

    path = resolve_db(db)
    if path.exists():
        raise StoreExists()
    if os.environ.get("LOKET_PASSPHRASE"):
        passphrase = os.environ["LOKET_PASSPHRASE"]
    elif passphrase_file is not None:
        passphrase = read_passphrase_file(passphrase_file)
    elif is_interactive():
        message(t("init.warning_no_recovery"))
        passphrase = ask_new_secret()
    else:
        raise Locked("error.init_needs_passphrase")
    # Lower KDF costs exist for tests and very old laptops only; hidden from help.
    kdf = None
    if kdf_memory_kib is not None or kdf_iterations is not None:
        kdf = KdfParams.fresh(memory_kib=kdf_memory_kib or 65536, iterations=kdf_iterations or 3, lanes=1)
    recovery_key = None
    if recovery:
        from loketcli.crypto.passphrase import new_recovery_key

        recovery_key = new_recovery_key()
    init_vault(path, passphrase, clock.now(), kdf, recovery_key)
    message(t("init.done", path=str(path)))
    if recovery_key is not None:
        message(t("init.recovery_intro"))
        # On stdout, as data: `loket init > herstel.txt` puts it straight on paper-to-be.
        typer.echo(recovery_key)
        message(t("init.recovery_warning"))
    else:
        message(t("init.warning_no_recovery"))
