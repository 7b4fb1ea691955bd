"""`loket colleague add|list|remove`: whose identities this store knows."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.colleague"), no_args_is_help=True)


@app.command("add", help=t("help.colleague.add"))
def add(
    name: Annotated[str, typer.Argument(help=t("help.colleague.add.name"), show_default=False)],
    identity: Annotated[str, typer.Argument(help=t("help.colleague.add.identity"), show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket colleague add NAME IDENTITY`."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.console import message
    from loketcli.services.transfer import add_colleague

    added = add_colleague(open_vault(db, passphrase_file), name, identity, clock.now())
    message(t("colleague.added", fingerprint=added.identity.fingerprint))


@app.command("list", help=t("help.colleague.list"))
def list_(
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket colleague list`."""
    from loketcli.cli.context import open_vault
    from loketcli.domain.clock import local
    from loketcli.render.console import out, padded_lines, print_json
    from loketcli.services.transfer import list_colleagues

    colleagues = list_colleagues(open_vault(db, passphrase_file))
    if as_json:
        print_json([{"name": c.name, "identity": c.identity.text, "fingerprint": c.identity.fingerprint,
                     "added_at": local(c.added_at).isoformat()} for c in colleagues])
        return
    if not colleagues:
        from loketcli.render.console import message

        message(t("colleague.none"))
        return
    header = [t("colleague.col_name"), t("colleague.col_fingerprint"), t("colleague.col_added")]
    out().print(padded_lines(header, [[c.name, c.identity.fingerprint, local(c.added_at).strftime("%d-%m-%Y")]
                                      for c in colleagues]))


@app.command("remove", help=t("help.colleague.remove"))
def remove(
    name: Annotated[str, typer.Argument(help=t("help.colleague.remove.name"), show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket colleague remove NAME`."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.console import message
    from loketcli.services.transfer import remove_colleague

    remove_colleague(open_vault(db, passphrase_file), name, clock.now())
    message(t("colleague.removed"))
