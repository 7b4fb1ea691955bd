"""`loket today` and `loket agenda`: what the worker promised, overdue first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption

NamesOption = Annotated[bool, typer.Option("--names", help="Toon namen en de omschrijving (let op wie meekijkt).")]


def today(
    days: Annotated[int, typer.Option("--days", min=0, max=30, help="Hoeveel werkdagen vooruit.")] = 3,
    names: NamesOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Wat vandaag moet: eerst wat te laat is, dan vandaag, dan de komende werkdagen."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.console import out, print_json
    from loketcli.render.followups import agenda_json, agenda_view
    from loketcli.services.followups import agenda

    found = agenda(open_vault(db, passphrase_file), clock.now(), working_days_ahead=days,
                   audit_as="today" if names else None)
    if as_json:
        print_json(agenda_json(found, names=names))
    else:
        out().print(agenda_view(found, names=names), soft_wrap=True)


def agenda_command(
    week: Annotated[bool, typer.Option("--week/--all", help="De komende week (standaard), of alles wat open staat.")]
    = True,
    ics: Annotated[Path | None, typer.Option("--ics", help="Schrijf alle open opvolgingen als iCalendar-bestand.",
                                             dir_okay=False)] = None,
    names: NamesOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """De agenda van de komende week, of alle open opvolgingen als .ics voor Outlook of Thunderbird."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.i18n import t
    from loketcli.render.console import message, out, print_json
    from loketcli.render.followups import agenda_ics, agenda_json, agenda_view
    from loketcli.services.followups import agenda, open_agenda_items

    now = clock.now()
    vault = open_vault(db, passphrase_file)
    if ics is not None:
        from loketcli.cli.files import write_atomic

        items, store_id = open_agenda_items(vault, now, audit_as="agenda --ics" if names else None)
        write_atomic(ics, agenda_ics(items, names=names, store_id=store_id, now=now).encode("utf-8"))
        message(t("agenda.ics_written", count=len(items), path=str(ics)))
        return
    found = agenda(vault, now, working_days_ahead=None, calendar_days_ahead=6 if week else None,
                   audit_as="agenda" if names else None)
    if as_json:
        print_json(agenda_json(found, names=names))
    else:
        out().print(agenda_view(found, names=names), soft_wrap=True)
