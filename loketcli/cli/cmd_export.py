"""`loket export --day WHEN`: the day's contacts, pseudonymised unless --names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption


def export(
    day: Annotated[str | None, typer.Option("--day", help="De dag: vandaag, gisteren, 2026-11-24, ...")] = None,
    since: Annotated[str | None, typer.Option("--from", help="Begin van een periode.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Einde van een periode (inclusief).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv, json of md.")] = "csv",
    names: Annotated[bool, typer.Option("--names", help="Met namen en vrije tekst (wordt in het auditspoor gezet).")]
    = False,
    delimiter: Annotated[str, typer.Option("--delimiter", help="Scheidingsteken voor csv.")] = ";",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Schrijf naar dit bestand.", dir_okay=False)]
    = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Export van de contacten van een dag (of periode) voor de dagafsluiting."""
    import sys

    from loketcli.cli.context import open_vault
    from loketcli.cli.periods import period
    from loketcli.cli.progress import progress_bar
    from loketcli.domain import clock
    from loketcli.errors import BadInput
    from loketcli.i18n import t
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
        data = export_csv(rows, names=names, delimiter=delimiter)
    elif fmt == "json":
        data = export_json(rows, names=names, first=first.isoformat(), last=last.isoformat())
    else:
        title = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
        data = export_markdown(rows, names=names, title=title)
    if output is not None:
        from loketcli.cli.files import write_atomic

        write_atomic(output, data)
        message(t("export.written", path=str(output), count=len(rows)))
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        if not rows:
            message(t("export.none"))
