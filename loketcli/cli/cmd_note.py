"""`loket note CASE [TEXT]`: text from a pipe (or `-`), from $EDITOR, or from the argument."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def note(
    case: Annotated[str, typer.Argument(help=t("help.note.case"), show_default=False)],
    text: Annotated[str | None, typer.Argument(help=t("help.note.text"),
                                               show_default=False)] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help=t("help.note.reopen"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket note CASE [TEXT]`."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import STDIN, read_stdin_text, warn_personal_arguments
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
    from loketcli.domain.text import MAX_TEXT
    from loketcli.render.console import message, print_json
    from loketcli.services.timeline import add_note

    warn_personal_arguments(text)
    case_id = parse_case_id(case)
    vault = open_vault(db, passphrase_file)
    if text == STDIN:
        text = read_stdin_text(MAX_TEXT, "notitie")
    elif text is None:
        if is_interactive():
            from loketcli.cli.editor import edit_text, editor_set
            from loketcli.services.timeline import check_writable

            check_writable(vault, case_id, reopen=reopen)
            if editor_set():
                text = edit_text(vault.store.path.parent)
            else:  # no editor chosen: a simple multi-line prompt, not vi
                from loketcli.cli.prompts import ask_lines

                text = ask_lines(t("prompt.note_lines"))
        else:
            text = read_stdin_text(MAX_TEXT, "notitie")
    event_id = add_note(vault, case_id, text, clock.now(), reopen=reopen)
    if as_json:
        print_json({"event": event_id})
    else:
        message(t("note.done", case=f"K-{case_id:04d}"))
