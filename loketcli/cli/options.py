"""Option types shared by several commands, so each is spelled and documented once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.i18n import t


def _store_chosen(value: Path | None) -> Path | None:
    """Once the store is known, its place is checked (for every command), and
    the desk vocabulary beside it is set before the command reads a single
    term (`intake` checks terms before unlocking)."""
    from loketcli.cli.context import check_store_place
    from loketcli.cli.vocabulary import use_desk_vocabulary

    check_store_place(value)
    use_desk_vocabulary(value)
    return value


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="LOKET_DB",
        help=t("help.option.db"),
        show_default=False,
        dir_okay=False,
        callback=_store_chosen,
    ),
]

PassphraseFileOption = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        envvar="LOKET_PASSPHRASE_FILE",
        help=t("help.option.passphrase_file"),
        show_default=False,
        dir_okay=False,
    ),
]

JsonOption = Annotated[bool, typer.Option("--json", help=t("help.option.json"))]
