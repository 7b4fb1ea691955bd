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
    shell: Annotated[str | None, typer.Option("--shell", help=t("help.unlock.shell"),
                                              show_default=False)] = None,
) -> None:
    """`loket unlock`: one passphrase for the working day; use as eval "$(loket unlock)"."""
    from loketcli.cli.context import announce_rebuild, passphrase_without_session, resolve_db
    from loketcli.cli.prompts import stdout_is_terminal
    from loketcli.domain import clock
    from loketcli.errors import LoketError
    from loketcli.render.console import message
    from loketcli.services.vault import start_session

    syntax = _shell_syntax(shell)
    if stdout_is_terminal():
        # The token on the screen stays in the scrollback for anyone who
        # passes; it is meant for the shell (eval), not for eyes.
        from loketcli.errors import BadInput

        raise BadInput(_for_shell("error.unlock_on_screen", syntax))
    try:
        path = resolve_db(db)
        if not path.exists():
            from loketcli.errors import StoreNotFound

            raise StoreNotFound()
        session = start_session(path, passphrase_without_session(passphrase_file), clock.now(), hours,
                                announce_rebuild)
    except LoketError as error:
        if not raw and _failure(syntax, error.exit_code):
            # For `eval "$(loket unlock)"`: a statement that fails, so the eval
            # fails too and a script (`set -e`) stops instead of going on locked.
            typer.echo(_failure(syntax, error.exit_code))
        raise
    until = clock.local(session.expires_at).strftime("%H:%M")
    if raw:
        typer.echo(session.token)
    else:
        typer.echo(_assignment(syntax, "LOKET_SESSION", session.token))
        _stop_running_agent()
        socket_path = None
        if agent and not os.environ.get("LOKET_NO_AGENT"):
            from loketcli.agentlink.client import start
            from loketcli.services.session import session_path

            socket_path = start(session.expires_at.timestamp(), session_path(path))
        # Always set (or clear) it, so a shell never points at an old session's agent.
        typer.echo(_assignment(syntax, "LOKET_AGENT", socket_path or ""))
    message(t(_for_shell("unlock.done", syntax), until=until))


SHELLS = ("posix", "powershell", "cmd")


def _shell_syntax(chosen: str | None) -> str:
    """The shell whose syntax `unlock` prints. Where it can be known: SHELL is
    set by POSIX shells, PSModulePath by PowerShell (on Windows also by the
    system for cmd, which cannot evaluate output anyway: `--shell cmd`)."""
    if chosen is None:
        # PowerShell spells it so; outside Windows the case matters.
        in_powershell = bool(os.environ.get("PSModulePath")) and not os.environ.get("SHELL")  # noqa: SIM112
        return "powershell" if in_powershell else "posix"
    if chosen.lower() not in SHELLS:
        from loketcli.errors import BadInput

        raise BadInput("error.unlock_shell", choices=", ".join(SHELLS))
    return chosen.lower()


def _for_shell(key: str, syntax: str) -> str:
    """The message that shows how to use `unlock` in that shell."""
    return key if syntax == "posix" else f"{key}.{syntax}"


def _assignment(syntax: str, name: str, value: str) -> str:
    """One line that sets `name` in that shell; an empty value clears it.
    Evaluated as `eval "$(loket unlock)"`, `loket unlock | Invoke-Expression`
    and `for /f "delims=" %i in ('loket unlock --shell cmd') do @%i`."""
    if syntax == "powershell":
        return f"$env:{name} = '{value.replace(chr(39), chr(39) * 2)}'"
    if syntax == "cmd":
        return f'set "{name}={value}"'  # a token or a socket path: no quotes or % in either
    return f"export {name}={shlex.quote(value)}"


def _failure(syntax: str, code: int) -> str:
    """A statement that fails in that shell when evaluated: `set -e` or
    PowerShell's `$ErrorActionPreference = 'Stop'` then stop the script.
    cmd's `for /f` has no such statement: nothing is printed for it."""
    if syntax == "powershell":
        return f"throw 'loket unlock: exit {code}'"
    if syntax == "cmd":
        return ""
    return f"(exit {code})"


def _stop_running_agent() -> None:
    socket_path = os.environ.get("LOKET_AGENT")
    if socket_path:
        from loketcli.agentlink.client import stop_agent

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
