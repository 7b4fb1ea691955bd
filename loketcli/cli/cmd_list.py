"""`loket list`: cases as a table or a JSON array."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def list_cases(
    status: Annotated[str, typer.Option("--status", help=t("help.list.status"))] = "open",
    agency: Annotated[str | None, typer.Option("--agency", help=t("help.list.agency"))] = None,
    names: Annotated[bool, typer.Option("--names", help=t("help.list.names"))] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help=t("help.list.limit"))] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket list`: cases (open ones by default), newest first."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_term
    from loketcli.domain.model import parse_status
    from loketcli.domain.vocab import VocabularyName
    from loketcli.render.cases import case_list_json, case_table
    from loketcli.render.console import message, out, print_json
    from loketcli.services.cases import list_cases as find_cases

    chosen = parse_status(status)
    agency_code = parse_term(VocabularyName.AGENCIES, agency) if agency else None
    vault = open_vault(db, passphrase_file)
    cases = find_cases(vault, status=chosen, agency=agency_code, limit=limit or None, names=names, now=clock.now())
    if as_json:
        print_json(case_list_json(cases, names=names))
    elif cases:
        out().print(case_table(cases, names=names), soft_wrap=True)
    else:
        message(t("list.empty"))
