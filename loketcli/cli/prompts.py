"""Prompts, only ever at a terminal. The core never asks anything itself."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar, TypeVar

from loketcli.errors import BadInput
from loketcli.i18n import t

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


def is_interactive() -> bool:
    """True when a person can answer: tests replace this to drive prompts."""
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    """True when what goes to stdout lands on a screen (and in its scrollback)."""
    return sys.stdout.isatty()


def ask_secret(prompt_key: str) -> str:
    import typer

    value: str = typer.prompt(t(prompt_key), hide_input=True, err=True)
    return value


def ask_new_secret(attempts: int = 3) -> str:
    """A new passphrase, typed twice. A slip (too short, or the two differ)
    asks again rather than ending the command; the length is checked before
    the repetition, so a worker never types a refused passphrase twice."""
    from loketcli.crypto.passphrase import MIN_PASSPHRASE_LENGTH
    from loketcli.render.console import message

    for attempt in range(attempts):
        last = attempt == attempts - 1
        first = ask_secret("prompt.new_passphrase")
        if len(first) < MIN_PASSPHRASE_LENGTH:
            if last:
                raise BadInput("error.passphrase_too_short", minimum=MIN_PASSPHRASE_LENGTH)
            message(t("error.passphrase_too_short", minimum=MIN_PASSPHRASE_LENGTH) + " "
                    + t("prompt.passphrase_retry"))
            continue
        if ask_secret("prompt.repeat_passphrase") == first:
            return first
        if last:
            raise BadInput("error.passphrase_mismatch")
        message(t("error.passphrase_mismatch_retry"))
    raise AssertionError("unreachable")


def ask(prompt: str, parse: Callable[[str], T], *, default: str = "", choices: list[str] | None = None,
        attempts: int | None = None) -> T:
    """Ask until `parse` accepts the answer; a wrong answer shows why and asks
    again, as often as needed: nothing typed before is lost over a slip. Only
    the end of input (Ctrl-D) or Ctrl-C ends the command."""
    from rich.prompt import Prompt

    from loketcli.render.console import err, message

    label = prompt
    if choices:
        label += f" [dim]({', '.join(choices)})[/dim]"
    attempt = 0
    console = err()
    while True:
        attempt += 1
        with _completing(choices) as by_readline:
            if by_readline:
                answer = _read_with_readline(label, default)
            else:
                answer = Prompt.ask(label, console=console, default=default, show_default=bool(default))
        if not answer.strip() and not default:
            _say_skipped(console, label)
        try:
            return parse(answer)
        except BadInput as error:
            if attempts is not None and attempt >= attempts:
                raise
            message(t(error.key, **error.params))


def _read_with_readline(label: str, default: str) -> str:
    """The answer read by readline with the prompt given to it. GNU readline
    moves to the next line after an empty answer only when it printed the
    prompt itself: printed beside it (as rich does), Enter left the cursor
    there and the next question began on the same line."""
    import shutil
    import textwrap

    from rich.text import Text

    plain = Text.from_markup(label).plain + (f" ({default})" if default else "") + ":"
    # Wrapped between words, as rich would: the terminal would cut a long list mid-word.
    width = max(20, shutil.get_terminal_size().columns - 1)
    answer = input("\n".join(textwrap.wrap(plain, width=width, break_on_hyphens=False)) + " ")
    return answer if answer.strip() else default


def _say_skipped(console: Console, label: str) -> None:
    """Enter on an optional question: the prompt's line says what was chosen,
    "(overgeslagen)", so the screen shows every answer, the empty ones too.
    Only at a terminal, and only for a prompt that fits on one line (the
    cursor goes back up one line to write it)."""
    from rich.text import Text

    if not console.is_terminal:
        return
    shown = Text.from_markup(label).plain + ": "
    if len(shown) + 16 >= console.width:
        return
    console.file.write(f"\x1b[1A\r{shown}{t('prompt.skipped')}\x1b[K\n")
    console.file.flush()


@contextmanager
def _completing(choices: list[str] | None) -> Iterator[bool]:
    """Tab completes the choices where the terminal has readline (not on
    Windows, not in tests); the previous completer comes back afterwards.
    Yields whether readline reads this answer (then it must print the prompt:
    `input` uses readline only when stdin and stdout are both terminals, and
    writes its prompt to stdout, which must stay for data when piped)."""
    if not choices or not sys.stdin.isatty() or not sys.stdout.isatty():
        yield False
        return
    from loketcli.system import readline_module

    readline = readline_module()
    if readline is None:  # Windows: no completion in these prompts
        yield False
        return
    previous, delimiters = readline.get_completer(), readline.get_completer_delims()

    def complete(text: str, state: int) -> str | None:
        hits = [choice for choice in choices if choice.startswith(text.lower())]
        return hits[state] if state < len(hits) else None

    readline.set_completer(complete)
    # Complete each term of a comma-separated answer ("uwv, sv<Tab>").
    readline.set_completer_delims(", ")
    # macOS's Python has libedit behind the readline module, with its own syntax.
    libedit = getattr(readline, "backend", "") == "editline" or "libedit" in (readline.__doc__ or "")
    readline.parse_and_bind("bind ^I rl_complete" if libedit else "tab: complete")
    try:
        yield True
    finally:
        readline.set_completer(previous)
        readline.set_completer_delims(delimiters)


def ask_lines(prompt: str) -> str:
    """Several lines of text at a terminal, without an editor: the prompt says
    how to end (a line with only a full stop, or Ctrl-D). Nothing is written
    to a file on the way."""
    from loketcli.render.console import message

    message(f"{prompt} {t('prompt.lines_hint')}")
    lines: list[str] = []
    while True:
        try:
            line = input()
        except EOFError:
            break
        if line.strip() == ".":
            break
        lines.append(line)
    return "\n".join(lines)


def confirm(prompt: str, *, default: bool = False) -> bool:
    """Ja/nee at a terminal: accepts j, ja, n, nee (and y/yes/no for the bilingual)."""
    from rich.prompt import Confirm, InvalidResponse
    from rich.text import Text

    from loketcli.render.console import err

    yes, no = {"j", "ja", "y", "yes"}, {"n", "nee", "no"}

    class DutchConfirm(Confirm):
        choices: ClassVar[list[str]] = ["j", "n"]  # type: ignore[misc]

        def process_response(self, value: str) -> bool:
            answer = value.strip().lower()
            if answer in yes:
                return True
            if answer in no:
                return False
            raise InvalidResponse(t("prompt.confirm_invalid"))

        def render_default(self, default: object) -> Text:
            return Text(f"({'j' if default else 'n'})", style="prompt.default")

    return bool(DutchConfirm.ask(prompt, console=err(), default=default))
