"""Prompts, only ever at a terminal. The core never asks anything itself."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import ClassVar, TypeVar

from loketcli.errors import BadInput
from loketcli.i18n import t

T = TypeVar("T")


def is_interactive() -> bool:
    """True when a person can answer: tests replace this to drive prompts."""
    return sys.stdin.isatty()


def ask_secret(prompt_key: str) -> str:
    import typer

    value: str = typer.prompt(t(prompt_key), hide_input=True, err=True)
    return value


def ask_new_secret() -> str:
    first = ask_secret("prompt.new_passphrase")
    second = ask_secret("prompt.repeat_passphrase")
    if first != second:
        raise BadInput("error.passphrase_mismatch")
    return first


def ask(prompt: str, parse: Callable[[str], T], *, default: str = "", choices: list[str] | None = None,
        attempts: int = 3) -> T:
    """Ask until `parse` accepts the answer; a wrong answer shows why and asks again."""
    from rich.prompt import Prompt

    from loketcli.render.console import err, message

    label = prompt
    if choices:
        label += f" [dim]({', '.join(choices)})[/dim]"
    for attempt in range(attempts):
        answer = Prompt.ask(label, console=err(), default=default, show_default=bool(default))
        try:
            return parse(answer)
        except BadInput as error:
            if attempt == attempts - 1:
                raise
            message(t(error.key, **error.params))
    raise AssertionError("unreachable")


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
