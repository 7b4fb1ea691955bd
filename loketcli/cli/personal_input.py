"""Personal data that never needs to be a command-line argument.

Arguments are the one place the vault cannot protect: every local user can
read them in /proc/<pid>/cmdline while the command runs, and the shell keeps
them in its history file, where neither encryption nor `erase` reaches. So
every personal field can come from a prompt, from stdin, or from a file:

* `-` as the value of a free-text option or argument reads it from stdin
  (`loket handover K-42 stadsbank --warm --what -`);
* `--from-json FILE` (or `-` for stdin) gives several fields at once, as one
  JSON object (`loket intake --from-json -`, `call`, `edit`);
* `loket find --stdin` reads the search term from stdin;
* at a terminal, a command asks for what is missing.

A personal value given as an argument still works; at a terminal the command
then says once, on stderr, where that value now lives and how to avoid it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from loketcli.errors import BadInput

MAX_JSON_INPUT = 64 * 1024
STDIN = "-"
_warned = False


def warn_personal_arguments(*values: object) -> None:
    """At a terminal, say once that personal data typed as an argument is
    in the shell's history and was visible to other users. Not in scripts
    (stdin not a terminal): there the text comes from wherever the script has it."""
    global _warned
    if _warned or not any(value not in (None, "", STDIN, False) for value in values):
        return
    if not _stdin_is_terminal():
        return
    _warned = True
    from loketcli.i18n import t
    from loketcli.render.console import message

    message(f"loket: {t('privacy.argv_warning')}")


def in_consult_shell() -> None:
    """In `loket shell` a line never reaches a process's arguments or a history
    file: the warning would not be true there, so it is never given."""
    global _warned
    _warned = True


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def read_stdin_text(limit: int, field: str) -> str:
    """Text from stdin, reading no more than a text of `limit` characters can
    take: a gigabyte piped in by mistake is refused after a few kilobytes, not
    held in memory. The raw text may be longer than what is kept (CRLF line
    ends, blanks around it, which cleaning removes), so up to twice the limit
    is read before refusing."""
    bound = 2 * limit + 2
    if _stdin_is_terminal():  # `note K-1 -` typed at a terminal: say how to end
        from loketcli.i18n import t
        from loketcli.render.console import message

        message(t("prompt.stdin_hint"))
    try:
        text = sys.stdin.read(bound + 1)
    except UnicodeDecodeError:
        raise BadInput("error.stdin_encoding") from None
    if len(text) > bound:
        raise BadInput("error.field_too_long", field=field, limit=limit)
    return text


def fields_from_stdin(values: dict[str, str | None], *, from_json: str | None = None) -> dict[str, str | None]:
    """`-` as the value of one personal field (`intake --name -`) reads that
    field from stdin, as `note K-0042 -` does, its blanks at both ends removed.
    Only one field can: stdin is read once; several come together with
    `--from-json -`. Keys are the field's Dutch label, for messages."""
    dashed = [label for label, value in values.items() if value == STDIN]
    if not dashed:
        return values
    if len(dashed) > 1 or from_json == STDIN:
        raise BadInput("error.stdin_once")
    from loketcli.domain.text import MAX_TEXT

    text = read_stdin_text(MAX_TEXT, dashed[0]).strip()
    if not text:
        # An empty value clears an optional field (`--phone ""`); a dash with
        # nothing behind it (an empty pipe, the piped consult shell) must not.
        raise BadInput("error.stdin_field_empty", field=dashed[0])
    return {label: text if value == STDIN else value for label, value in values.items()}


def from_stdin_if_dash(value: str | None, field: str, limit: int) -> str | None:
    """`-` means: read this field's value from stdin."""
    return read_stdin_text(limit, field) if value == STDIN else value


def read_reason(given: str | None, *, required: bool, prompt_key: str | None = None) -> str | None:
    """A reason (`--why`) is free text that may describe a person, so it is
    read like every other personal field: asked at a terminal, read from stdin
    in a script or with `-`; given as an argument, it still works, with the
    warning at a terminal. An optional reason may stay empty (Enter, or an
    empty stdin)."""
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain.text import MAX_TEXT

    warn_personal_arguments(given)
    if given == STDIN:
        return read_stdin_text(MAX_TEXT, "reden")
    if given is not None:
        return given
    if is_interactive():
        import typer

        from loketcli.i18n import t

        key = prompt_key or ("prompt.reason" if required else "prompt.reason_optional")
        answer: str = typer.prompt(t(key), default="", show_default=False, err=True)
        return answer
    return read_stdin_text(MAX_TEXT, "reden")


def read_json_object(source: str, fields: Mapping[str, type | tuple[type, ...]]) -> dict[str, object]:
    """The JSON object in `source` (a file, or `-` for stdin), checked against
    `fields` (name -> accepted type; a list field is a list of strings). An
    unknown field is refused without repeating it (it might be personal);
    a wrong type names the field. At most MAX_JSON_INPUT bytes are read."""
    label = "stdin" if source == STDIN else source
    try:
        if source == STDIN:
            raw = sys.stdin.buffer.read(MAX_JSON_INPUT + 1)
        else:
            from loketcli.domain.regular_file import read_regular_file

            raw = read_regular_file(Path(source).expanduser(), MAX_JSON_INPUT)
    except OSError:
        raise BadInput("error.json_input_unreadable", source=label) from None
    if len(raw) > MAX_JSON_INPUT:
        raise BadInput("error.json_input_too_large", source=label, limit=MAX_JSON_INPUT)
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise BadInput("error.json_input_invalid", source=label) from None
    if not isinstance(value, dict):
        raise BadInput("error.json_input_invalid", source=label)
    accepted = ", ".join(fields)
    checked: dict[str, object] = {}
    for key, item in value.items():
        if key not in fields:
            raise BadInput("error.json_input_unknown", source=label, fields=accepted)
        if item is None:
            checked[key] = None
            continue
        kind = fields[key]
        ok = (isinstance(item, list) and all(isinstance(part, str) for part in item)) if kind is list else (
            isinstance(item, kind) and not (kind is int and isinstance(item, bool)))
        if not ok:
            raise BadInput("error.json_input_type", source=label, field=key)
        checked[key] = tuple(item) if kind is list else item
    return checked


# The JSON shape of an intake (and of `edit`, where only the fields present change).
INTAKE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "name": str, "question": str, "channel": str, "referred_by": str, "life_events": list, "agencies": list,
    "digid": str, "consent": bool, "consent_contact": bool, "consent_record": bool, "anonymous": bool,
    "minutes": int,
    "phone": str, "email": str, "bsn": str, "language": str, "companion": str,
}
# The JSON shape of a professionallijn call.
CALL_FIELDS: dict[str, type | tuple[type, ...]] = {
    "contact": str, "question": str, "answer": str, "reference": str, "note": str, "outcome": str,
    "minutes": int, "driegesprek": bool, "callback": str,
}
