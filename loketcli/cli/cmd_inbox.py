"""`loket inbox` and `loket inbox take N`: contact requests for me or my teams, from the register."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.inbox"), invoke_without_command=True)


@app.callback()
def inbox(
    ctx: typer.Context,
    names: Annotated[bool, typer.Option("--names", help=t("help.inbox.names"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket inbox [--names] [--json]`: the open requests, newest first; refreshes the count `today` shows."""
    if ctx.invoked_subcommand is not None:
        return
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.register.inbox import read_inbox
    from loketcli.render.console import message, print_json
    from loketcli.render.inbox import inbox_json, inbox_lines

    found = read_inbox(open_vault(db, passphrase_file), clock.now(), names=names)
    if as_json:
        print_json(inbox_json(found))
    else:
        for line in inbox_lines(found):
            typer.echo(line)
    message(t("inbox.summary", count=len(found.items)))
    if found.truncated:
        message(t("inbox.truncated", count=len(found.items)))


@app.command("take", help=t("help.inbox.take"))
def take(
    number: Annotated[int, typer.Argument(help=t("help.inbox.take.number"), show_default=False, min=1)],
    new: Annotated[bool, typer.Option("--new", help=t("help.inbox.take.new"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket inbox take N [--new]`: assign request N to me in the register and work on it here."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, format_followup_id
    from loketcli.register.inbox import take as take_request
    from loketcli.render.console import message

    taken = take_request(open_vault(db, passphrase_file), clock.now(), number, new_case=new)
    typer.echo(format_case_id(taken.case_id))
    message(t("inbox.taken_new" if taken.new_case else "inbox.taken_added", number=number,
              case=format_case_id(taken.case_id), followup=format_followup_id(taken.followup_id)))
