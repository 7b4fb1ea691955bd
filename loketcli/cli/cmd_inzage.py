"""`loket inzage CASE -o FILE`: a subject-access copy for the visitor (AVG art. 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def inzage(
    case: Annotated[str, typer.Argument(help=t("help.inzage.case"), show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help=t("help.inzage.output"),
                                         dir_okay=False)],
    fmt: Annotated[str | None, typer.Option("--format", help=t("help.inzage.format"))] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket inzage CASE -o FILE`: everything recorded about the visitor, plus a .json copy."""

    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
    from loketcli.errors import BadInput
    from loketcli.render.console import json_text, message
    from loketcli.render.inzage import inzage_html, inzage_json, inzage_markdown
    from loketcli.services.privacy import inzage as collect
    from loketcli.storage.files import write_atomic

    chosen = (fmt or ("html" if output.suffix.lower() in (".html", ".htm") else "md")).lower()
    if chosen not in ("md", "html") or output.suffix.lower() == ".json":
        raise BadInput("error.format", choices="md, html")
    record = collect(open_vault(db, passphrase_file), parse_case_id(case), clock.now())
    body = inzage_html(record) if chosen == "html" else inzage_markdown(record)
    json_path = output.with_suffix(".json")
    write_atomic(output, body.encode("utf-8"))
    write_atomic(json_path, (json_text(inzage_json(record)) + "\n").encode("utf-8"))
    message(t("inzage.written", path=str(output), json=str(json_path)))
