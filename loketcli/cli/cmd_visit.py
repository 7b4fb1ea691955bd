"""`loket visit CASE --minutes N`: a returning visitor, so contact time adds up."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def visit(
    case: Annotated[str, typer.Argument(help=t("help.visit.case"), show_default=False)],
    minutes: Annotated[int, typer.Option("--minutes", help=t("help.visit.minutes"))],
    at: Annotated[str | None, typer.Option("--at", help=t("help.visit.at"))] = None,
    note: Annotated[str | None, typer.Option("--note", help=t("help.visit.note"))] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help=t("help.visit.reopen"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket visit CASE --minutes N`: a follow-up consultation with a returning visitor."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.dates import at_option
    from loketcli.cli.personal_input import from_stdin_if_dash, warn_personal_arguments
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_minutes
    from loketcli.domain.model import parse_case_id
    from loketcli.errors import BadInput
    from loketcli.render.console import message, print_json
    from loketcli.services.timeline import MAX_TEXT, log_consult

    warn_personal_arguments(note)
    note = from_stdin_if_dash(note, "notitie", MAX_TEXT)
    now = clock.now()
    case_id = parse_case_id(case)
    checked = parse_minutes(minutes)
    if checked is None:
        raise BadInput("error.field_required", field="--minutes")
    moment = at_option(at, now)
    event_id = log_consult(open_vault(db, passphrase_file), case_id, checked, now, at=moment, note=note,
                           reopen=reopen)
    if as_json:
        print_json({"event": event_id})
    else:
        message(t("visit.done", case=f"K-{case_id:04d}", minutes=checked))
