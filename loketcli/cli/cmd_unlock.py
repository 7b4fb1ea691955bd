"""`loket unlock` and `loket lock`: an unlock session for the working day."""

from __future__ import annotations

import os
import shlex
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t


def unlock(
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
    hours: Annotated[float, typer.Option("--hours", help=t("help.unlock.hours"))] = 9,
    raw: Annotated[bool, typer.Option("--raw", help=t("help.unlock.raw"))] = False,
    agent: Annotated[bool, typer.Option("--agent/--no-agent",
                                        help=t("help.unlock.agent"))] = True,
) -> None:
    """`loket unlock`: one passphrase for the working day; use as eval "$(loket unlock)"."""
    from loketcli.cli.context import announce_rebuild, passphrase_without_session, resolve_db
    from loketcli.cli.prompts import stdout_is_terminal
    from loketcli.domain import clock
    from loketcli.errors import LoketError
    from loketcli.render.console import message
    from loketcli.services.vault import start_session

    if stdout_is_terminal():
        # The token on the screen stays in the scrollback for anyone who
        # passes; it is meant for the shell (eval), not for eyes.
        from loketcli.errors import BadInput

        raise BadInput("error.unlock_on_screen")
    try:
        path = resolve_db(db)
        if not path.exists():
            from loketcli.errors import StoreNotFound

            raise StoreNotFound()
        session = start_session(path, passphrase_without_session(passphrase_file), clock.now(), hours,
                                announce_rebuild)
    except LoketError as error:
        if not raw:
            # For `eval "$(loket unlock)"`: a statement that fails, so the eval
            # fails too and a script (`set -e`) stops instead of going on locked.
            typer.echo(f"(exit {error.exit_code})")
        raise
    until = clock.local(session.expires_at).strftime("%H:%M")
    if raw:
        typer.echo(session.token)
    else:
        typer.echo(f"export LOKET_SESSION={shlex.quote(session.token)}")
        _stop_running_agent()
        socket_path = None
        if agent and not os.environ.get("LOKET_NO_AGENT"):
            from loketcli.agent.client import start
            from loketcli.services.session import session_path

            socket_path = start(session.expires_at.timestamp(), session_path(path))
        # Always set (or clear) it, so a shell never points at an old session's agent.
        typer.echo(f"export LOKET_AGENT={shlex.quote(socket_path or '')}")
    message(t("unlock.done", until=until))


def _stop_running_agent() -> None:
    socket_path = os.environ.get("LOKET_AGENT")
    if socket_path:
        from loketcli.agent.client import stop_agent

        stop_agent(socket_path)


def lock(db: DbOption = None) -> None:
    """`loket lock`: end the session that `loket unlock` started."""
    from loketcli.cli.context import resolve_db
    from loketcli.cli.editor import remove_leftover_drafts
    from loketcli.render.console import message
    from loketcli.services.session import end_session

    path = resolve_db(db)
    ended = end_session(path)
    _stop_running_agent()
    remove_leftover_drafts(path.parent)
    message(t("lock.done" if ended else "lock.no_session"))
