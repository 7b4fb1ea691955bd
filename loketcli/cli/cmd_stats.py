"""`loket stats` and `loket stats merge`: the programme's counts, stable for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.stats"), invoke_without_command=True)


def _emit(stats: dict[str, object], fmt: str, output: Path | None) -> None:
    import sys

    from loketcli.errors import BadInput
    from loketcli.render.console import message, out
    from loketcli.render.exports import stats_csv, stats_json

    if fmt not in ("table", "json", "csv"):
        raise BadInput("error.format", choices="table, json, csv")
    if fmt == "table" and output is None:
        from loketcli.render.report_stats import stats_table

        out().print(stats_table(stats))
        return
    data = stats_csv(stats) if fmt == "csv" else stats_json(stats)
    if output is not None:
        from loketcli.storage.files import write_atomic

        write_atomic(output, data)
        message(t("stats.written", path=str(output)))
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.callback()
def stats(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Option("--month", help=t("help.stats.month"))] = None,
    year: Annotated[str | None, typer.Option("--year", help=t("help.stats.year"))] = None,
    since: Annotated[str | None, typer.Option("--from", help=t("help.stats.from"))] = None,
    until: Annotated[str | None, typer.Option("--to", help=t("help.stats.to"))] = None,
    fmt: Annotated[str, typer.Option("--format", help=t("help.stats.format"))] = "table",
    min_count: Annotated[int | None, typer.Option("--min-count", help=t("help.stats.min_count"))] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("help.stats.output"), dir_okay=False)] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket stats`: visitors, cases, contact time, agencies, callbacks and satisfaction over a period."""
    if ctx.invoked_subcommand is not None:
        return
    from loketcli.cli.context import open_vault
    from loketcli.cli.periods import period
    from loketcli.cli.progress import progress_bar
    from loketcli.domain import clock
    from loketcli.errors import BadInput
    from loketcli.services.stats import compute_stats
    from loketcli.services.stats_team import suppress

    if min_count is not None and min_count < 2:
        raise BadInput("error.min_count")
    now = clock.now()
    first, last = period(now, month=month, year=year, since=since, until=until)
    vault = open_vault(db, passphrase_file)
    with progress_bar() as progress:
        result = compute_stats(vault, first, last, now, progress=progress)
    if min_count is not None:
        result = suppress(result, min_count)
    _emit(result, fmt, output)


@app.command("merge", help=t("help.stats.merge"))
def merge(
    files: Annotated[list[Path], typer.Argument(help=t("help.stats.merge.files"),
                                                show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help=t("help.stats.merge.format"))] = "json",
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("help.stats.merge.output"),
                                                dir_okay=False)] = None,
) -> None:
    """`loket stats merge FILE...`: several workers' JSON stats added up to one team total."""
    from loketcli.services.stats_team import merge_stats

    _emit(merge_stats(read_team_files(files)), fmt, output)


def read_team_files(files: list[Path]) -> list[dict[str, object]]:
    """Colleagues' stats files, for `stats merge` and for `report` alike: all
    read and checked before anything is added up or written, so one bad file
    is refused by name the same way by both."""
    refuse_same_file_twice(files)
    return [_read_stats_file(path) for path in files]


def refuse_same_file_twice(files: list[Path]) -> None:
    """One worker's file given twice would count that worker twice, silently."""
    from loketcli.errors import BadInput

    seen: set[Path] = set()
    for path in files:
        same = path.expanduser().resolve()
        if same in seen:
            raise BadInput("error.merge_same_file", path=str(path))
        seen.add(same)


# A month's stats file is a few kilobytes; a colleague's file is read no further than this.
_MAX_STATS_FILE = 1 << 20


def _read_stats_file(path: Path) -> dict[str, object]:
    """A colleague's stats file, checked against the stats schema before it is
    added up: a file from elsewhere may hold text where a count belongs (a
    formula for the merged CSV), negative numbers or unknown keys. A bad file
    is refused by name and JSON path, never by the value in it."""
    import json

    from loketcli.domain.regular_file import read_regular_file
    from loketcli.errors import BadInput
    from loketcli.services.stats_schema import SCHEMA_VERSION, problem

    try:
        raw = read_regular_file(path, _MAX_STATS_FILE)
        if len(raw) > _MAX_STATS_FILE:
            raise ValueError("too large")
        value = json.loads(raw.decode("utf-8-sig"))
    except (OSError, ValueError):
        raise BadInput("error.merge_file", path=str(path)) from None
    if isinstance(value, dict) and value.get("schema_version") != SCHEMA_VERSION:
        raise BadInput("error.merge_schema_file", path=str(path), supported=SCHEMA_VERSION)
    if isinstance(value, dict) and value.get("min_count") is not None:
        raise BadInput("error.merge_suppressed_file", path=str(path))
    where = problem(value)
    if where is not None:
        raise BadInput("error.merge_invalid", path=str(path), where=where)
    assert isinstance(value, dict)
    return value
