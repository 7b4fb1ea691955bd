"""`loket close` and `loket reopen`."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def close(
    case: Annotated[str, typer.Argument(help=t("help.close.case"), show_default=False)],
    result: Annotated[str, typer.Option("--result", help=t("help.close.result"))],
    satisfaction: Annotated[int | None, typer.Option("--satisfaction", help=t("help.close.satisfaction"))] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.close.force"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket close CASE --result R`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import CloseResult, format_case_id, parse_case_id, parse_choice
    from loketcli.errors import OpenFollowUps
    from loketcli.render.console import message
    from loketcli.services.cases import close_case

    case_id = parse_case_id(case)
    chosen = parse_choice(CloseResult, result, "error.close_result")
    vault = open_vault(db, passphrase_file)
    try:
        closed = close_case(vault, case_id, chosen, satisfaction, clock.now(), force=force)
    except OpenFollowUps as pending:
        if not is_interactive():
            raise
        if not confirm(t("close.confirm_open_followups", **pending.params)):
            raise typer.Abort() from None
        closed = close_case(vault, case_id, chosen, satisfaction, clock.now(), force=True)
    message(t("close.done", case=format_case_id(closed.id)))


def reopen(
    case: Annotated[str, typer.Argument(help=t("help.reopen.case"), show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket reopen CASE`."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, parse_case_id
    from loketcli.render.console import message
    from loketcli.services.cases import reopen_case

    reopened = reopen_case(open_vault(db, passphrase_file), parse_case_id(case), clock.now())
    message(t("reopen.done", case=format_case_id(reopened.id)))
