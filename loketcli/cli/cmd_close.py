"""`loket close` and `loket reopen`."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def close(
    case: Annotated[str, typer.Argument(help=t("help.close.case"), show_default=False)],
    result: Annotated[str, typer.Option("--result", help=t("help.close.result"))],
    satisfaction: Annotated[int | None, typer.Option("--satisfaction", help=t("help.close.satisfaction"))] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.close.force"))] = False,
    minutes: Annotated[int | None, typer.Option("--minutes", help=t("help.close.minutes"))] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket close CASE --result R`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_minutes
    from loketcli.domain.model import (
        CancelCause,
        CloseResult,
        FollowUpCancelled,
        format_case_id,
        format_followup_id,
        parse_case_id,
        parse_choice,
    )
    from loketcli.errors import OpenFollowUps
    from loketcli.render.console import message
    from loketcli.services.cases import close_case

    case_id = parse_case_id(case)
    chosen = parse_choice(CloseResult, result, "error.close_result")
    spent = parse_minutes(minutes)
    vault = open_vault(db, passphrase_file)
    if spent is None and is_interactive():
        from loketcli.cli.current import measured_minutes
        from loketcli.cli.prompts import ask
        from loketcli.services.consult import check_case

        check_case(vault, case_id)
        # Minutes are not asked at the intake: the consult ends here. In the
        # shell, the time since the intake or `open` is offered.
        measured = measured_minutes()
        spent = ask(t("prompt.consult_minutes"), parse_minutes, default="" if measured is None else str(measured))
    try:
        closed = close_case(vault, case_id, chosen, satisfaction, clock.now(), force=force, minutes=spent)
    except OpenFollowUps as pending:
        if not is_interactive():
            # Ids and dates only: an error line never carries what was written about a person.
            raise
        from loketcli.domain.dates import format_when
        from loketcli.i18n import current_language
        from loketcli.services.followups import list_followups

        # At the terminal the worker sees what each promise is before it is cancelled.
        message(t("close.open_followups_heading", **pending.params))
        from loketcli.domain.model import FollowUpActor

        for followup in list_followups(vault, case_id, include_done=False, now=clock.now()):
            if followup.actor is not FollowUpActor.DESK:
                continue  # the visitor's and the bodies' steps stay
            message(f"  {format_followup_id(followup.id)} {format_when(followup.due, lang=current_language())}:"
                    f" {followup.what}")
        if not confirm(t("close.confirm_open_followups", **pending.params)):
            raise typer.Abort() from None
        closed = close_case(vault, case_id, chosen, satisfaction, clock.now(), force=True, minutes=spent)
    message(t("close.done", case=format_case_id(closed.id)))
    cancelled = [e.detail.followup_id for e in closed.events
                 if isinstance(e.detail, FollowUpCancelled) and e.detail.cause == CancelCause.CASE_CLOSED.value
                 and e.at == closed.closed_at]
    if cancelled:
        message(t("close.cancelled_followups", followups=", ".join(format_followup_id(i) for i in cancelled)))


def reopen(
    case: Annotated[str, typer.Argument(help=t("help.reopen.case"), show_default=False)],
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket reopen CASE`."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, parse_case_id
    from loketcli.render.console import message
    from loketcli.services.cases import reopen_case

    reopened = reopen_case(open_vault(db, passphrase_file), parse_case_id(case), clock.now())
    message(t("reopen.done", case=format_case_id(reopened.id)))
