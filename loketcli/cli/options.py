"""Option types shared by several commands, so each is spelled and documented once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="LOKET_DB",
        help="Pad naar de opslag (standaard in de app-map van loket).",
        show_default=False,
        dir_okay=False,
    ),
]

PassphraseFileOption = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        envvar="LOKET_PASSPHRASE_FILE",
        help="Lees het wachtwoord uit dit bestand (voor scripts).",
        show_default=False,
        dir_okay=False,
    ),
]

JsonOption = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON op stdout.")]
