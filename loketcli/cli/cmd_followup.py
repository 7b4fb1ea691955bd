"""`loket followup add|done|move|list`: promises to the visitor, never forgotten."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption

app = typer.Typer(help="Opvolgingen: plannen, afvinken, verzetten, tonen.", no_args_is_help=True)

DueOption = Annotated[str, typer.Option("--due", help="Wanneer: morgen, dinsdag 10u, over 5 werkdagen, 1-12 ...")]
AllowPastOption = Annotated[bool, typer.Option("--allow-past", help="Sta een datum in het verleden toe.")]


@app.command("add")
def add(
    case: Annotated[str, typer.Argument(help="Zaaknummer, bijvoorbeeld K-0042.", show_default=False)],
    what: Annotated[str, typer.Argument(help="Wat er moet gebeuren.", show_default=False)],
    due: DueOption,
    allow_past: AllowPastOption = False,
    bring: Annotated[bool, typer.Option("--bring", help="Iets wat de bezoeker meeneemt naar de volgende afspraak.")]
    = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Plan een opvolging op een zaak."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.dates import due_option
    from loketcli.domain import clock
    from loketcli.domain.model import format_followup_id, parse_case_id
    from loketcli.i18n import t
    from loketcli.render.console import message, print_json
    from loketcli.render.followups import followup_json
    from loketcli.services.followups import add_followup

    now = clock.now()
    case_id = parse_case_id(case)
    when = due_option(due, now, allow_past=allow_past)
    from loketcli.domain.model import FollowUpSource

    source = FollowUpSource.BRING if bring else FollowUpSource.MANUAL
    followup = add_followup(open_vault(db, passphrase_file), case_id, what, when, now, source)
    if as_json:
        print_json(followup_json(followup))
    else:
        typer.echo(format_followup_id(followup.id))
        message(t("followup.added", followup=format_followup_id(followup.id), case=f"K-{case_id:04d}"))


@app.command("done")
def done(
    followup: Annotated[str, typer.Argument(help="Nummer van de opvolging, bijvoorbeeld 12 of #12.",
                                            show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Vink een opvolging af."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import format_followup_id, parse_followup_id
    from loketcli.i18n import t
    from loketcli.render.console import message
    from loketcli.services.followups import complete_followup

    finished = complete_followup(open_vault(db, passphrase_file), parse_followup_id(followup), clock.now())
    message(t("followup.done", followup=format_followup_id(finished.id)))


@app.command("move")
def move(
    followup: Annotated[str, typer.Argument(help="Nummer van de opvolging.", show_default=False)],
    due: DueOption,
    allow_past: AllowPastOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Verzet een opvolging naar een andere datum."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.dates import due_option
    from loketcli.domain import clock
    from loketcli.domain.model import format_followup_id, parse_followup_id
    from loketcli.i18n import t
    from loketcli.render.console import message
    from loketcli.services.followups import move_followup

    now = clock.now()
    followup_id = parse_followup_id(followup)
    when = due_option(due, now, allow_past=allow_past)
    moved = move_followup(open_vault(db, passphrase_file), followup_id, when, now)
    message(t("followup.moved", followup=format_followup_id(moved.id)))


@app.command("list")
def list_(
    case: Annotated[str | None, typer.Argument(help="Alleen deze zaak.", show_default=False)] = None,
    include_done: Annotated[bool, typer.Option("--all", help="Ook afgevinkte opvolgingen (met een zaak).")] = False,
    names: Annotated[bool, typer.Option("--names", help="Toon de omschrijving ook in het overzicht van alle zaken.")]
    = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Toon open opvolgingen, van één zaak of van alle zaken."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
    from loketcli.i18n import t
    from loketcli.render.console import message, out, print_json
    from loketcli.render.followups import followup_json, followup_table
    from loketcli.services.followups import list_followups

    case_id = parse_case_id(case) if case else None
    show_text = names or case_id is not None
    found = list_followups(open_vault(db, passphrase_file), case_id, include_done=include_done, names=names,
                           now=clock.now())
    if as_json:
        print_json([followup_json(f, with_text=show_text) for f in found])
    elif found:
        out().print(followup_table(found, with_text=show_text))
    else:
        message(t("followup.none"))
