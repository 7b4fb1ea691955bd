"""`loket report`: the period at a glance, for a coordinator or a researcher.

Counted once by the same code as `loket stats` (and suppressed by the same
rule with `--min-count`); drawn as a standalone HTML page (`-o rapport.html`)
or in the terminal. From team files (`loket report team-*.json`) it adds them
up as `loket stats merge` does, each file read and checked by the same code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t

if TYPE_CHECKING:
    from datetime import date

    from loketcli.services.report import ReportData


def report(
    files: Annotated[list[Path] | None, typer.Argument(help=t("help.report.files"), show_default=False)] = None,
    month: Annotated[str | None, typer.Option("--month", help=t("help.stats.month"))] = None,
    year: Annotated[str | None, typer.Option("--year", help=t("help.stats.year"))] = None,
    since: Annotated[str | None, typer.Option("--from", help=t("help.stats.from"))] = None,
    until: Annotated[str | None, typer.Option("--to", help=t("help.stats.to"))] = None,
    compare: Annotated[str, typer.Option("--compare", help=t("help.report.compare"))] = "year",
    min_count: Annotated[int | None, typer.Option("--min-count", help=t("help.stats.min_count"))] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("help.report.output"),
                                                dir_okay=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=t("help.loket.lang"))] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket report --month 2026-11 [-o rapport.html]` or `loket report team-*.json`."""
    from loketcli.cli.cmd_stats import read_team_files
    from loketcli.domain import clock
    from loketcli.errors import BadInput
    from loketcli.i18n import available_languages, set_language
    from loketcli.services.report import Compare, build_report, report_from_parts

    if lang is not None:
        if lang.lower() not in available_languages():
            raise BadInput("error.lang", choices=", ".join(available_languages()))
        set_language(lang.lower())
    if compare not in {c.value for c in Compare}:
        raise BadInput("error.report_compare")
    if min_count is not None and min_count < 2:
        raise BadInput("error.min_count")
    now = clock.now()
    data: ReportData
    if files:
        if month or year or since or until:
            raise BadInput("error.report_files_period")
        data = report_from_parts(read_team_files(files), min_count=min_count)
    else:
        from loketcli.cli.context import open_vault
        from loketcli.cli.periods import period
        from loketcli.cli.progress import progress_bar

        first, last = period(now, month=month, year=year, since=since, until=until)
        vault = open_vault(db, passphrase_file)
        with progress_bar() as progress:
            data = build_report(vault, first, last, now, compare=Compare(compare), min_count=min_count,
                                progress=progress)
    _emit(data, compare, len(files or ()), now.date(), output)


def _emit(data: ReportData, compare: str, team_files: int, today: date, output: Path | None) -> None:
    from loketcli.render.console import message, out
    from loketcli.render.report_model import build_model

    missing = None
    if data.earlier is None and data.earlier_period is not None:
        missing = (data.earlier_period[0].isoformat(), data.earlier_period[1].isoformat())
    model = build_model(data.stats, earlier=data.earlier, compare=compare, team_files=team_files, made=today,
                        earlier_missing=missing, store_began=data.store_began)
    if output is None:
        from loketcli.render.report_terminal import report_renderable

        out().print(report_renderable(model))
        return
    from loketcli.render.report_html import report_html
    from loketcli.storage.files import write_atomic

    write_atomic(output, report_html(model))
    message(t("report.written", path=str(output)))
