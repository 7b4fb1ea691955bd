"""`loket summary CASE`: one screen for the worker, or an overview to hand the visitor."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def summary(
    case: Annotated[str, typer.Argument(help=t("help.summary.case"), show_default=False)],
    for_visitor: Annotated[bool, typer.Option("--for-visitor", help=t("help.summary.for_visitor"))] = False,
    fmt: Annotated[str, typer.Option("--format", help=t("help.summary.format"))] = "text",
    lang: Annotated[str | None, typer.Option("--lang", help=t("help.summary.lang"))] = None,
    references: Annotated[bool, typer.Option("--references", help=t("help.summary.references"))] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("help.summary.output"), dir_okay=False)]
    = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket summary CASE`: one screen for the worker, or with --for-visitor an overview to hand over."""

    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
    from loketcli.errors import BadInput
    from loketcli.i18n import available_languages, current_language, set_language
    from loketcli.render import summary as render
    from loketcli.render.console import json_text, message
    from loketcli.services.summary import desk_details, summarise, visitor_sheet

    if lang is not None:
        if lang not in available_languages():
            raise BadInput("error.lang", choices=", ".join(available_languages()))
        set_language(lang)
    formats = ("text", "md", "html") if for_visitor else ("text", "md", "json")
    if fmt not in formats:
        raise BadInput("error.format", choices=", ".join(formats))
    now = clock.now()
    vault = open_vault(db, passphrase_file)
    found = summarise(vault, parse_case_id(case), now, for_visitor=for_visitor)
    if for_visitor:
        sheet = visitor_sheet(found, desk_details(vault))
        produced = render.produced_label(now)
        if fmt == "html":
            text = render.visitor_html(sheet, references=references, produced=produced, lang=current_language(),
                                       today=now.date())
        else:
            text = render.visitor_text(sheet, markdown=fmt == "md", references=references, produced=produced,
                                       today=now.date())
    elif fmt == "json":
        text = json_text(render.summary_json(found)) + "\n"
    else:
        text = render.summary_text(found, markdown=fmt == "md", today=now.date())
    if output is not None:
        from loketcli.storage.files import write_atomic

        write_atomic(output, text.encode("utf-8"))
        message(t("summary.written", path=str(output)))
    else:
        typer.echo(text, nl=False)
