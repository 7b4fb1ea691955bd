"""`loket visit CASE --minutes N`: a returning visitor, so contact time adds up."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def visit(
    case: Annotated[str, typer.Argument(help=t("help.visit.case"), show_default=False)],
    minutes: Annotated[int | None, typer.Option("--minutes", help=t("help.visit.minutes"))] = None,
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
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_minutes
    from loketcli.domain.model import parse_case_id
    from loketcli.domain.text import MAX_TEXT
    from loketcli.errors import BadInput
    from loketcli.render.console import message, print_json
    from loketcli.services.timeline import log_consult

    warn_personal_arguments(note)
    note = from_stdin_if_dash(note, "notitie", MAX_TEXT)
    now = clock.now()
    case_id = parse_case_id(case)
    checked = parse_minutes(minutes)
    moment = at_option(at, now)
    if checked is None and not is_interactive():
        raise BadInput("error.field_required", field="--minutes")
    vault = open_vault(db, passphrase_file)
    if checked is None or (note is None and is_interactive()):
        from loketcli.cli.current import measured_minutes
        from loketcli.cli.prompts import ask
        from loketcli.domain.text import clean_text
        from loketcli.services.timeline import check_writable

        check_writable(vault, case_id, reopen=reopen)
        if checked is None:
            # In the consult shell the time since the intake or `open` is offered.
            measured = measured_minutes()
            checked = ask(t("prompt.visit_minutes"), _required_minutes,
                          default="" if measured is None else str(measured))
        if note is None and is_interactive():
            note = ask(t("prompt.visit_note"), lambda v: clean_text(v, "notitie"))
    event_id = log_consult(vault, case_id, checked, now, at=moment, note=note, reopen=reopen)
    if as_json:
        print_json({"event": event_id})
    else:
        message(t("visit.done", case=f"K-{case_id:04d}", minutes=checked))


def _required_minutes(value: str) -> int:
    from loketcli.domain.intake import parse_minutes
    from loketcli.errors import BadInput

    minutes = parse_minutes(value)
    if minutes is None:
        raise BadInput("error.field_required", field="--minutes")
    return minutes
