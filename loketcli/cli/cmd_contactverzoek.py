"""`loket contactverzoek CASE --to TEAM`: ask another team to act, through the register."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t

MAX_ASKED = 1000


def contactverzoek(
    case: Annotated[str, typer.Argument(help=t("help.contactverzoek.case"), show_default=False)],
    to: Annotated[str, typer.Option("--to", help=t("help.contactverzoek.to"), show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket contactverzoek CASE --to TEAM`: what is asked at a prompt, or from stdin in a script."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import read_stdin_text
    from loketcli.cli.prompts import ask, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, parse_case_id
    from loketcli.register.requests_out import check_request, send_request
    from loketcli.render.console import message

    case_id = parse_case_id(case)
    vault = open_vault(db, passphrase_file)
    check_request(vault, case_id, to)
    # What is asked may describe the visitor: never an argument.
    what = ask(t("prompt.contactverzoek_what"), str) if is_interactive() else read_stdin_text(MAX_ASKED, "vraag")
    sent = send_request(vault, clock.now(), case_id, to, what)
    message(t("contactverzoek.sent", case=format_case_id(sent.case_id), to=sent.to_name))
