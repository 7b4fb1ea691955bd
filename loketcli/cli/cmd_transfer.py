"""`loket transfer send|receive`: a whole case to one colleague, sealed to them alone."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.transfer"), no_args_is_help=True)


@app.command("send", help=t("help.transfer.send"))
def send(
    case: Annotated[str, typer.Argument(help=t("help.transfer.send.case"), show_default=False)],
    to: Annotated[str, typer.Option("--to", help=t("help.transfer.send.to"), show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help=t("help.transfer.send.output"),
                                         show_default=False, dir_okay=False)],
    why: Annotated[str | None, typer.Option("--why", help=t("help.transfer.send.why"),
                                            show_default=False)] = None,
    followups: Annotated[str, typer.Option("--followups", help=t("help.transfer.send.followups"))] = "all",
    keep_open: Annotated[bool, typer.Option("--keep-open", help=t("help.transfer.send.keep_open"))] = False,
    again: Annotated[bool, typer.Option("--again", help=t("help.transfer.send.again"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket transfer send CASE --to NAME -o FILE [--keep-open] [--again]`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import read_reason
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, parse_case_id
    from loketcli.render.console import message
    from loketcli.services.transfer import check_sendable, parse_followup_choice, send_case

    case_id = parse_case_id(case)
    chosen = parse_followup_choice(followups)
    vault = open_vault(db, passphrase_file)
    # Free text that may describe the visitor: asked or piped, so it need not
    # sit in the shell's history or the process list.
    check_sendable(vault, case_id, to, again=again)
    reason = read_reason(why, required=True, prompt_key="prompt.transfer_why") or ""
    sent = send_case(vault, case_id, to, reason, chosen, output, clock.now(), keep_open=keep_open,
                     again=again)
    message(t("transfer.sent", case=format_case_id(sent.case_id), followups=len(sent.followups)))
    if sent.closed:
        message(t("transfer.sent_closed", case=format_case_id(sent.case_id)))


@app.command("receive", help=t("help.transfer.receive"))
def receive(
    file: Annotated[Path, typer.Argument(help=t("help.transfer.receive.file"), show_default=False,
                                         dir_okay=False)],
    accept_unknown: Annotated[bool, typer.Option("--accept-unknown",
                                                 help=t("help.transfer.receive.accept_unknown"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket transfer receive FILE`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id
    from loketcli.errors import BadInput
    from loketcli.render.console import message, print_json
    from loketcli.services.transfer import import_transfer, open_transfer

    vault = open_vault(db, passphrase_file)
    from loketcli.services.transfer import MAX_FILE_BYTES

    try:
        # One byte past the limit is enough to refuse it: a huge file is never read whole.
        from loketcli.domain.regular_file import read_regular_file

        data = read_regular_file(file, MAX_FILE_BYTES)
    except OSError:
        raise BadInput("error.transfer_unreadable") from None
    incoming = open_transfer(vault, data, clock.now())
    if incoming.colleague is None and not accept_unknown:
        if not is_interactive():
            raise BadInput("error.transfer_unknown_sender", fingerprint=incoming.sender.fingerprint)
        message(t("transfer.unknown_sender_warning", fingerprint=incoming.sender.fingerprint))
        if not confirm(t("transfer.unknown_sender_confirm")):
            raise typer.Abort()
    case_id = import_transfer(vault, incoming, clock.now())
    if as_json:
        print_json({"id": format_case_id(case_id), "sender_case": incoming.sender_case})
        return
    typer.echo(format_case_id(case_id))
    message(t("transfer.received", case=format_case_id(case_id), sender_case=incoming.sender_case))
