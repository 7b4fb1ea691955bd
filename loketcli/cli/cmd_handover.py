"""`loket handover CASE TO --warm|--cold`: a hand-over to another body or desk."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def handover(
    case: Annotated[str, typer.Argument(help=t("help.handover.case"), show_default=False)],
    to: Annotated[str, typer.Argument(help=t("help.handover.to"),
                                      show_default=False)],
    # Two flags, not one `--warm/--cold` switch: with a switch the last one
    # typed silently wins, and `--warm --cold` must be refused instead.
    warm: Annotated[bool, typer.Option("--warm", help=t("help.handover.warm"))] = False,
    cold: Annotated[bool, typer.Option("--cold", help=t("help.handover.cold"))] = False,
    what: Annotated[str | None, typer.Option("--what", help=t("help.handover.what"))] = None,
    minutes: Annotated[int | None, typer.Option("--minutes", help=t("help.handover.minutes"))] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help=t("help.handover.reopen"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket handover CASE TO --warm|--cold`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import from_stdin_if_dash, warn_personal_arguments
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_minutes, parse_term
    from loketcli.domain.model import Handover, parse_case_id
    from loketcli.domain.text import MAX_TEXT, clean_text
    from loketcli.domain.vocab import VocabularyName
    from loketcli.errors import BadInput
    from loketcli.render.console import message, print_json
    from loketcli.services.timeline import hand_over

    warn_personal_arguments(what)
    what = from_stdin_if_dash(what, "wat", MAX_TEXT)
    case_id = parse_case_id(case)
    if warm and cold:
        raise BadInput("error.warm_and_cold")
    if not warm and not cold:
        raise BadInput("error.warm_or_cold")
    to_code = parse_term(VocabularyName.AGENCIES, to)
    parse_minutes(minutes)
    if what is None and warm and is_interactive():
        # A warm hand-over passes something on: ask what, as the sheet and the colleague need it.
        from loketcli.cli.prompts import ask

        what = ask(t("prompt.handover_what"), lambda v: clean_text(v, "wat"))
    record = Handover(to=to_code, warm=warm,
                      what=clean_text(what, "wat"), minutes=parse_minutes(minutes))
    event_id = hand_over(open_vault(db, passphrase_file), case_id, record, clock.now(), reopen=reopen)
    if as_json:
        print_json({"event": event_id})
    else:
        message(t("handover.done_warm" if warm else "handover.done_cold", case=f"K-{case_id:04d}"))
