"""`loket list`: cases as a table or a JSON array."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption


def list_cases(
    status: Annotated[str, typer.Option("--status", help="open, gesloten of alle.")] = "open",
    agency: Annotated[str | None, typer.Option("--agency", help="Alleen zaken met deze instantie.")] = None,
    names: Annotated[bool, typer.Option("--names", help="Toon volledige namen in plaats van initialen.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Toon hooguit zoveel zaken (0 = alle).")] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Toon de zaken (standaard de open zaken), nieuwste eerst."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_term
    from loketcli.domain.model import parse_status
    from loketcli.domain.vocab import VocabularyName
    from loketcli.i18n import t
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
