"""`loket find TEXT`: search names, questions, notes and calls (decrypting as it goes)."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def find(
    text: Annotated[str, typer.Argument(help=t("help.find.text"),
                                        show_default=False)],
    names: Annotated[bool, typer.Option("--names", help=t("help.find.names"))] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help=t("help.find.limit"))] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket find TEXT`: cases whose name, question, notes or calls contain TEXT."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.cases import find_json, find_table
    from loketcli.render.console import message, out, print_json
    from loketcli.services.timeline import find_cases

    hits, total = find_cases(open_vault(db, passphrase_file), text, clock.now(), limit=limit or None)
    if as_json:
        print_json(find_json(hits, names=names))
    elif hits:
        out().print(find_table(hits, names=names))
    else:
        message(t("find.none"))
    if total > len(hits):
        message(t("find.more", shown=len(hits), total=total))
