"""`loket today` and `loket agenda`: what the worker promised, overdue first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def today(
    days: Annotated[int, typer.Option("--days", min=0, max=30, help=t("help.today.days"))] = 3,
    names: Annotated[bool, typer.Option("--names", help=t("help.today.names"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket today`: overdue, today, then the coming working days."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.console import out, print_json
    from loketcli.render.followups import agenda_json, agenda_view
    from loketcli.services.followups import agenda
    from loketcli.storage.register_team import last_inbox

    vault = open_vault(db, passphrase_file)
    found = agenda(vault, clock.now(), working_days_ahead=days, audit_as="today" if names else None)
    # The inbox as the last `loket inbox` read it: never a network call here.
    seen = last_inbox(vault)
    if as_json:
        shown = agenda_json(found, names=names)
        if seen is not None:
            shown["inbox"] = {"count": seen.count, "read_at": seen.read_at}
        print_json(shown)
    else:
        out().print(agenda_view(found, names=names), soft_wrap=True)
        if seen is not None:
            from loketcli.render.console import message

            message(t("inbox.today", count=seen.count, at=seen.read_at[:16].replace("T", " ")))


def agenda_command(
    week: Annotated[bool, typer.Option("--week/--all", help=t("help.agenda.week"))] = True,
    ics: Annotated[Path | None, typer.Option("--ics", help=t("help.agenda.ics"), dir_okay=False)] = None,
    names: Annotated[bool, typer.Option("--names", help=t("help.agenda.names"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket agenda`: the coming week, everything open, or all open follow-ups as .ics."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.console import message, out, print_json
    from loketcli.render.followups import agenda_ics, agenda_json, agenda_view
    from loketcli.services.followups import agenda, open_agenda_items

    now = clock.now()
    vault = open_vault(db, passphrase_file)
    if ics is not None:
        from loketcli.storage.files import write_atomic

        items, store_id = open_agenda_items(vault, now, audit_as="agenda --ics" if names else None)
        write_atomic(ics, agenda_ics(items, names=names, store_id=store_id, now=now).encode("utf-8"))
        message(t("agenda.ics_written", count=len(items), path=str(ics)))
        return
    found = agenda(vault, now, working_days_ahead=None, calendar_days_ahead=_week_ahead(now) if week else None,
                   audit_as="agenda" if names else None)
    if as_json:
        print_json(agenda_json(found, names=names))
    else:
        out().print(agenda_view(found, names=names), soft_wrap=True)


# A call-back "over 5 werkdagen" promised today must be in "the coming week".
AGENDA_WORKING_DAYS = 5


def _week_ahead(now: datetime) -> int:
    """Calendar days the week view reaches: a week, or more when holidays
    and the weekend push the fifth working day further out."""
    from loketcli.domain.dates import add_working_days

    today = now.date()
    return max(6, (add_working_days(today, AGENDA_WORKING_DAYS) - today).days)
