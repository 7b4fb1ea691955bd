"""`loket retract CASE EVENT` and `loket move CASE EVENT --to OTHER`: correcting
the timeline without rewriting it."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def retract(
    case: Annotated[str, typer.Argument(help=t("help.retract.case"), show_default=False)],
    event: Annotated[str, typer.Argument(help=t("help.retract.event"), show_default=False)],
    why: Annotated[str | None, typer.Option("--why", help=t("help.retract.why"), show_default=False)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket retract CASE EVENT [--why TEXT]`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import read_reason
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, format_followup_id, parse_case_id
    from loketcli.render.console import message, print_json
    from loketcli.services.corrections import check_correctable, parse_event_id
    from loketcli.services.corrections import retract as withdraw

    case_id = parse_case_id(case)
    event_id = parse_event_id(event)
    vault = open_vault(db, passphrase_file)
    check_correctable(vault, case_id, event_id)
    done = withdraw(vault, case_id, event_id, read_reason(why, required=True), clock.now())
    if as_json:
        print_json({"event": done.event_id, "cancelled_followups": [f.id for f in done.cancelled]})
        return
    message(t("retract.done", event=done.event_id, case=format_case_id(case_id)))
    for followup in done.cancelled:
        message(t("retract.followup_cancelled", followup=format_followup_id(followup.id)))


def move(
    case: Annotated[str, typer.Argument(help=t("help.move.case"), show_default=False)],
    event: Annotated[str, typer.Argument(help=t("help.move.event"), show_default=False)],
    to: Annotated[str, typer.Option("--to", help=t("help.move.to"), show_default=False)],
    why: Annotated[str | None, typer.Option("--why", help=t("help.move.why"), show_default=False)] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help=t("help.move.reopen"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket move CASE EVENT --to OTHER`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import read_reason
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, format_followup_id, parse_case_id
    from loketcli.render.console import message, print_json
    from loketcli.services.corrections import check_correctable, parse_event_id
    from loketcli.services.corrections import move as move_entry

    case_id = parse_case_id(case)
    event_id = parse_event_id(event)
    target = parse_case_id(to)
    vault = open_vault(db, passphrase_file)
    check_correctable(vault, case_id, event_id, target_id=target, reopen=reopen)
    reason = read_reason(why, required=False)
    moved = move_entry(vault, case_id, event_id, target, clock.now(), reason=reason, reopen=reopen)
    if as_json:
        print_json({"event": moved.new_event_id, "from_event": moved.event_id,
                    "followups": [f.id for f in moved.followups]})
        return
    message(t("move.done", event=moved.event_id, case=format_case_id(case_id), target=format_case_id(target),
              new_event=moved.new_event_id))
    for old, new in zip(moved.cancelled, moved.followups, strict=True):
        message(t("move.followup_moved", followup=format_followup_id(old.id), new=format_followup_id(new.id)))


def satisfaction(
    case: Annotated[str, typer.Argument(help=t("help.satisfaction.case"), show_default=False)],
    score: Annotated[int, typer.Argument(help=t("help.satisfaction.score"), show_default=False)],
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket satisfaction CASE SCORE`."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, parse_case_id
    from loketcli.render.console import message, print_json
    from loketcli.services.corrections import record_satisfaction

    case_id = parse_case_id(case)
    if not 1 <= score <= 5:
        from loketcli.errors import BadInput

        raise BadInput("error.satisfaction")
    event_id = record_satisfaction(open_vault(db, passphrase_file), case_id, score, clock.now())
    if as_json:
        print_json({"event": event_id})
    else:
        message(t("retract.satisfaction_done", case=format_case_id(case_id), score=score))
