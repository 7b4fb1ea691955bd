"""`loket find [TEXT]`: exact values from the sealed search index, else search
names, questions, notes and calls (decrypting as it goes).

A search term is often personal (a name, a BSN, a phone number): it can come
from stdin (`--stdin`, or `-` as TEXT) or, at a terminal, from a prompt, so
that it never has to be an argument."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def find(
    text: Annotated[str | None, typer.Argument(help=t("help.find.text"),
                                               show_default=False)] = None,
    from_stdin: Annotated[bool, typer.Option("--stdin", help=t("help.find.stdin"))] = False,
    names: Annotated[bool, typer.Option("--names", help=t("help.find.names"))] = False,
    scan: Annotated[bool, typer.Option("--scan", help=t("help.find.scan"))] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help=t("help.find.limit"))] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket find [TEXT]`: cases whose name, question, notes or calls contain TEXT."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.render.cases import find_json, find_table
    from loketcli.render.console import message, out, print_json
    from loketcli.services.timeline import find_cases

    term = _search_term(text, from_stdin)
    hits, total, indexed = find_cases(open_vault(db, passphrase_file), term, clock.now(), limit=limit or None,
                                      scan=scan)
    # Which search ran: the index answers exact values only, so a worker
    # looking for a word in a note knows to ask for the scan.
    message(t("find.indexed" if indexed else "find.scanned"))
    if as_json:
        print_json(find_json(hits, names=names))
    elif hits:
        out().print(find_table(hits, names=names))
    else:
        message(t("find.none"))
    if total > len(hits):
        message(t("find.more", shown=len(hits), total=total))


# Longer than any name, BSN or phone number; a note's phrase fits too.
MAX_SEARCH = 200


def _search_term(text: str | None, from_stdin: bool) -> str:
    """The term from the argument, stdin (`--stdin` or `-`), or a prompt at a
    terminal. Only the first line of stdin counts, so `echo ... |` works."""
    from loketcli.cli.personal_input import STDIN, read_stdin_text, warn_personal_arguments
    from loketcli.cli.prompts import is_interactive
    from loketcli.errors import BadInput

    warn_personal_arguments(None if from_stdin else text)
    if from_stdin and text is not None:
        raise BadInput("error.find_stdin_and_text")
    if from_stdin or text == STDIN or (text is None and not is_interactive()):
        lines = read_stdin_text(MAX_SEARCH, "zoekterm").splitlines()
        return lines[0] if lines else ""
    if text is None:
        from loketcli.cli.prompts import ask

        return ask(t("prompt.find"), str)
    return text
