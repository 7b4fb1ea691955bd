"""`loket show CASE`: the case as a panel, or as JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def show(
    case: Annotated[str, typer.Argument(help=t("help.show.case"), show_default=False)],
    as_json: JsonOption = False,
    reveal_bsn: Annotated[bool, typer.Option("--bsn", help=t("help.show.bsn"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket show CASE`: visitor, intake, status and timeline."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
    from loketcli.render.cases import case_json, case_panel
    from loketcli.render.console import out, print_json
    from loketcli.services.cases import show_case

    case_id = parse_case_id(case)
    vault = open_vault(db, passphrase_file)
    found = show_case(vault, case_id, clock.now(), detail="bsn" if reveal_bsn else "")
    if as_json:
        print_json(case_json(found, reveal_bsn=reveal_bsn))
    else:
        out().print(case_panel(found, reveal_bsn=reveal_bsn))
