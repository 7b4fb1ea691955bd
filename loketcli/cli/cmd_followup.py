"""`loket followup add|done|cancel|move|list`: promises to the visitor, never forgotten."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.followup"), no_args_is_help=True)


@app.command("add", help=t("help.followup.add"))
def add(
    case: Annotated[str, typer.Argument(help=t("help.followup.add.case"), show_default=False)],
    due: Annotated[str, typer.Option("--due", help=t("help.followup.add.due"))],
    what: Annotated[str | None, typer.Argument(help=t("help.followup.add.what"), show_default=False)] = None,
    allow_past: Annotated[bool, typer.Option("--allow-past", help=t("help.followup.add.allow_past"))] = False,
    bring: Annotated[bool, typer.Option("--bring", help=t("help.followup.add.bring"))] = False,
    actor: Annotated[str | None, typer.Option("--actor", help=t("help.followup.add.actor"), show_default=False)]
    = None,
    agency: Annotated[str | None, typer.Option("--agency", help=t("help.followup.add.agency"),
                                               show_default=False)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket followup add CASE [WHAT] --due WHEN [--actor bezoeker|loket|instantie] [--agency CODE]`:
    WHAT asked at a terminal, or `-` from stdin."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.dates import check_due, due_option
    from loketcli.cli.personal_input import STDIN, from_stdin_if_dash, warn_personal_arguments
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_term
    from loketcli.domain.model import FollowUpSource, format_followup_id, parse_actor, parse_case_id
    from loketcli.domain.text import refuse_controls
    from loketcli.domain.vocab import VocabularyName
    from loketcli.render.console import message, print_json
    from loketcli.render.followups import followup_json
    from loketcli.services.followups import MAX_WHAT, add_followup, resolve_actor

    warn_personal_arguments(what)
    now = clock.now()
    # The flags first: a date or a name that is refused must not cost what the
    # worker is about to type at the prompt.
    case_id = parse_case_id(case)
    source = FollowUpSource.BRING if bring else FollowUpSource.MANUAL
    agency_code = parse_term(VocabularyName.AGENCIES, agency) if agency is not None else None
    chosen = parse_actor(actor) if actor is not None else None
    resolve_actor(source, agency_code, chosen)  # a contradiction is refused before the store is opened
    check_due(due, now, allow_past=allow_past)
    if what is None:
        from loketcli.cli.prompts import ask, is_interactive

        what = ask(t("prompt.followup_what"), str) if is_interactive() else STDIN
    what = from_stdin_if_dash(what, "wat", MAX_WHAT) or ""
    refuse_controls(what, "wat")  # before the date is echoed: nothing is planned
    when = due_option(due, now, allow_past=allow_past)
    followup = add_followup(open_vault(db, passphrase_file), case_id, what, when, now, source,
                            agency=agency_code, actor=chosen)
    if as_json:
        print_json(followup_json(followup))
    else:
        typer.echo(format_followup_id(followup.id))
        message(t("followup.added", followup=format_followup_id(followup.id), case=f"K-{case_id:04d}"))


@app.command("done", help=t("help.followup.done"))
def done(
    followup: Annotated[str, typer.Argument(help=t("help.followup.done.followup"),
                                            show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket followup done ID`."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import format_followup_id, parse_followup_id
    from loketcli.render.console import message
    from loketcli.services.followups import complete_followup

    finished = complete_followup(open_vault(db, passphrase_file), parse_followup_id(followup), clock.now())
    message(t("followup.done", followup=format_followup_id(finished.id)))


@app.command("cancel", help=t("help.followup.cancel"))
def cancel(
    followup: Annotated[str, typer.Argument(help=t("help.followup.cancel.followup"), show_default=False)],
    why: Annotated[str | None, typer.Option("--why", help=t("help.followup.cancel.why"), show_default=False)] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket followup cancel ID [--why TEXT]`: not done, and not to be done."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import read_reason
    from loketcli.domain import clock
    from loketcli.domain.model import format_followup_id, parse_followup_id
    from loketcli.render.console import message
    from loketcli.services.followups import cancel_followup, check_cancellable

    followup_id = parse_followup_id(followup)
    vault = open_vault(db, passphrase_file)
    check_cancellable(vault, followup_id)
    cancelled = cancel_followup(vault, followup_id, read_reason(why, required=False), clock.now())
    message(t("followup.cancelled", followup=format_followup_id(cancelled.id)))


@app.command("move", help=t("help.followup.move"))
def move(
    followup: Annotated[str, typer.Argument(help=t("help.followup.move.followup"), show_default=False)],
    due: Annotated[str, typer.Option("--due", help=t("help.followup.move.due"))],
    allow_past: Annotated[bool, typer.Option("--allow-past", help=t("help.followup.move.allow_past"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket followup move ID --due WHEN`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.dates import due_option
    from loketcli.domain import clock
    from loketcli.domain.model import format_followup_id, parse_followup_id
    from loketcli.render.console import message
    from loketcli.services.followups import move_followup

    now = clock.now()
    followup_id = parse_followup_id(followup)
    when = due_option(due, now, allow_past=allow_past)
    moved = move_followup(open_vault(db, passphrase_file), followup_id, when, now)
    message(t("followup.moved", followup=format_followup_id(moved.id)))


@app.command("list", help=t("help.followup.list"))
def list_(
    case: Annotated[str | None, typer.Argument(help=t("help.followup.list.case"), show_default=False)] = None,
    include_done: Annotated[bool, typer.Option("--all", help=t("help.followup.list.all"))] = False,
    names: Annotated[bool, typer.Option("--names", help=t("help.followup.list.names"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket followup list [CASE]`: open follow-ups of one case or of all."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
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
