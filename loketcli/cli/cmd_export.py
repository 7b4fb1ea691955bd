"""`loket export --day WHEN`: the day's contacts, pseudonymised unless --names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def export(
    day: Annotated[str | None, typer.Option("--day", help=t("help.export.day"))] = None,
    since: Annotated[str | None, typer.Option("--from", help=t("help.export.from"))] = None,
    until: Annotated[str | None, typer.Option("--to", help=t("help.export.to"))] = None,
    fmt: Annotated[str, typer.Option("--format", help=t("help.export.format"))] = "csv",
    names: Annotated[bool, typer.Option("--names", help=t("help.export.names"))] = False,
    delimiter: Annotated[str, typer.Option("--delimiter", help=t("help.export.delimiter"))] = ";",
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("help.export.output"), dir_okay=False)] = None,
    codes: Annotated[bool, typer.Option("--codes", help=t("help.export.codes"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket export`: a day's (or period's) contacts for the end-of-day report."""
    import sys

    from loketcli.cli.context import open_vault
    from loketcli.cli.periods import period
    from loketcli.cli.progress import progress_bar
    from loketcli.domain import clock
    from loketcli.errors import BadInput
    from loketcli.render.console import message
    from loketcli.render.exports import export_csv, export_json, export_markdown
    from loketcli.services.reports import day_export

    if fmt not in ("csv", "json", "md"):
        raise BadInput("error.format", choices="csv, json, md")
    if len(delimiter) != 1:
        raise BadInput("error.delimiter")
    now = clock.now()
    first, last = period(now, day=day or (None if since or until else "vandaag"), since=since, until=until)
    vault = open_vault(db, passphrase_file)
    with progress_bar() as progress:
        rows = day_export(vault, first, last, now, names=names, progress=progress)
    if fmt == "csv":
        data = export_csv(rows, names=names, delimiter=delimiter, codes=codes)
    elif fmt == "json":
        data = export_json(rows, names=names, first=first.isoformat(), last=last.isoformat())
    else:
        title = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
        data = export_markdown(rows, names=names, title=title, codes=codes)
    if output is not None:
        from loketcli.storage.files import write_atomic

        write_atomic(output, data)
        message(t("export.written", path=str(output), count=len(rows)))
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        if not rows:
            message(t("export.none"))
