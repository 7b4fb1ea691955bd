"""`loket shell`: the consult mode. One warm process, unlocked once, a current case.

At a terminal the line editor lives in `loketcli.shell.terminal` (prompt_toolkit,
only imported there); with piped input the lines are read plainly, one command
per line, and the shell exits with the last command's code (`consult`).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, PassphraseFileOption
from loketcli.i18n import t
from loketcli.shell.consult import Consult


def shell(
    idle_lock: Annotated[str | None, typer.Option("--idle-lock", help=t("help.shell.idle_lock"),
                                                  show_default=False)] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket shell`: commands without `loket`, one case current, unlocked once."""
    from loketcli.cli.context import hold_key, resolve_db, unlock_for_holding
    from loketcli.services.privacy import parse_idle_lock

    idle_seconds = int(parse_idle_lock(idle_lock)) if idle_lock is not None else None
    # Commands read these like any `loket` run does; set for them once.
    os.environ["LOKET_DB"] = str(resolve_db(db))
    if passphrase_file is not None:
        os.environ["LOKET_PASSPHRASE_FILE"] = str(passphrase_file)
    held = unlock_for_holding(db, passphrase_file)
    hold_key(held)
    from loketcli.cli.personal_input import in_consult_shell

    in_consult_shell()
    try:
        consult = Consult(held)
        if idle_seconds is None:
            idle_seconds = consult.configured_idle_lock()
        if sys.stdin.isatty() and sys.stdout.isatty():
            from loketcli.shell.terminal import run_terminal

            code = run_terminal(consult, idle_seconds, idle_from_option=idle_lock is not None)
        else:
            code = consult.run_lines(sys.stdin)
    finally:
        hold_key(None)
    raise typer.Exit(code)
