"""`loket config`: settings kept in the store (bewaartermijn)."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.config"), no_args_is_help=True)


@app.command("set", help=t("help.config.set"))
def set_(
    key: Annotated[str, typer.Argument(help=t("help.config.set.key"), show_default=False)],
    value: Annotated[str, typer.Argument(help=t("help.config.set.value"), show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket config set KEY VALUE` (retention: how long after closing, e.g. 2y)."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.console import message
    from loketcli.services.privacy import set_setting

    stored = set_setting(open_vault(db, passphrase_file), key.strip().lower(), value, clock.now())
    message(t("config.set", setting=key, value=stored))


@app.command("show", help=t("help.config.show"))
def show(
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket config show`."""
    from loketcli.cli.context import open_vault
    from loketcli.render.console import print_json
    from loketcli.render.safe import neutralise
    from loketcli.services.privacy import get_settings

    settings = get_settings(open_vault(db, passphrase_file))
    if as_json:
        print_json(settings)
    else:
        for key, value in settings.items():
            typer.echo(neutralise(f"{key} = {value}"))
