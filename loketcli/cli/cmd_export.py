"""`loket export --day WHEN`: the day's contacts, pseudonymised unless --names."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t

if TYPE_CHECKING:
    from datetime import date, datetime

    from loketcli.storage.vault import Vault


def export(
    day: Annotated[str | None, typer.Option("--day", help=t("help.export.day"))] = None,
    since: Annotated[str | None, typer.Option("--from", help=t("help.export.from"))] = None,
    until: Annotated[str | None, typer.Option("--to", help=t("help.export.to"))] = None,
    fmt: Annotated[str, typer.Option("--format", help=t("help.export.format"))] = "csv",
    names: Annotated[bool, typer.Option("--names", help=t("help.export.names"))] = False,
    delimiter: Annotated[str, typer.Option("--delimiter", help=t("help.export.delimiter"))] = ";",
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("help.export.output"), dir_okay=False)] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help=t("help.export.case"))] = None,
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
    from loketcli.services.day_export import day_export

    if fmt not in ("csv", "json", "md", "klantinteracties"):
        raise BadInput("error.format", choices="csv, json, md, klantinteracties")
    if len(delimiter) != 1:
        raise BadInput("error.delimiter")
    now = clock.now()
    first, last = period(now, day=day or (None if since or until else "vandaag"), since=since, until=until)
    vault = open_vault(db, passphrase_file)
    if fmt == "klantinteracties" or case:
        _export_klantinteracties(vault, first, last, now, case or [], names=names, output=output, fmt=fmt)
        return
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


def _export_klantinteracties(vault: Vault, first: date, last: date, now: datetime, cases: list[str], *,
                             names: bool, output: Path | None, fmt: str) -> None:
    """The register's resources for the period (or the cases named), as one JSON document."""
    import json
    import sys

    from loketcli.domain.klantinteracties import dutch_labels
    from loketcli.domain.model import parse_case_id
    from loketcli.errors import BadInput
    from loketcli.register.export import ExportScope, export_resources
    from loketcli.render.console import message

    if fmt != "klantinteracties":
        raise BadInput("error.export_case_format")
    scope = ExportScope(first, last, tuple(parse_case_id(c) for c in cases))
    document = export_resources(vault, dutch_labels(), now, scope, names=names)
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if output is not None:
        from loketcli.storage.files import write_atomic

        write_atomic(output, data)
        message(t("export.written", path=str(output), count=len(document["klantcontacten"])))
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
