"""`loket identity`: this store's public identity, to give to colleagues."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def identity(
    export_age_key: Annotated[Path | None, typer.Option("--export-age-key", help=t("help.identity.export_age_key"),
                                                        show_default=False, dir_okay=False)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket identity`: the `loket1...` string on stdout, its fingerprint on stderr."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.console import message, print_json
    from loketcli.services.transfer import export_age_key as export
    from loketcli.services.transfer import own_identity

    vault = open_vault(db, passphrase_file)
    if export_age_key is not None:
        export(vault, export_age_key, clock.now())
        message(t("identity.exported"))
        return
    public = own_identity(vault, clock.now())
    if as_json:
        print_json({"identity": public.text, "fingerprint": public.fingerprint,
                    "age_recipient": public.age_recipient})
        return
    typer.echo(public.text)
    message(t("identity.fingerprint", fingerprint=public.fingerprint))
