"""Completion in the consult shell: commands, options, case ids, vocabulary
terms and date phrases, from what loket already knows.

`candidates` is plain Python, tested without a terminal; `loketcli.shell.terminal`
hands it to prompt_toolkit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loketcli.shell.consult import BUILTINS, Consult, arguments_of, option_words_taking_values, options_of

if TYPE_CHECKING:
    from typer._click import core as click_core

# Phrases loket's date reader understands (see docs/manual.md, "Dates as people say them").
DATE_PHRASES = (
    "vandaag", "morgen", "overmorgen",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
    "volgende week", "volgende week maandag", "volgende week dinsdag", "volgende week woensdag",
    "volgende week donderdag", "volgende week vrijdag",
    "eind van de week", "eind van de maand", "begin volgende maand",
    "over 2 werkdagen", "over 5 werkdagen", "over 10 werkdagen",
    "over 3 dagen", "over 1 week", "over 2 weken", "over 1 maand",
    "+5wd", "+1w",
)
_DATE_OPTIONS = frozenset({"--due", "--callback", "--at", "--day", "--from", "--to"})


@dataclass(frozen=True)
class Word:
    value: str  # as the shell will read it, quotes removed
    start: int  # where its raw text starts in the line


def split_words(text: str) -> tuple[list[Word], bool]:
    """The line's words with their positions, as shlex would read them, also
    when a quote is still open; True when the last word runs to the end (so
    it is the one being typed)."""
    words: list[Word] = []
    i, n = 0, len(text)
    ends_in_word = False
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start, value, quote = i, [], ""
        while i < n:
            c = text[i]
            if quote:
                if c == quote:
                    quote = ""
                elif c == "\\" and quote == '"' and i + 1 < n and text[i + 1] in '"\\':
                    i += 1
                    value.append(text[i])
                else:
                    value.append(c)
            elif c in "\"'":
                quote = c
            elif c == "\\" and i + 1 < n:
                i += 1
                value.append(text[i])
            elif c.isspace():
                break
            else:
                value.append(c)
            i += 1
        words.append(Word("".join(value), start))
        ends_in_word = i >= n
    return words, ends_in_word


def quoted(value: str) -> str:
    """How a candidate is inserted: phrases with spaces in double quotes."""
    if value and not any(c.isspace() or c in "\"'\\$`" for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def candidates(consult: Consult, text: str) -> tuple[int, list[str]]:
    """Where the word being typed starts in `text`, and what it could become
    (already quoted for insertion)."""
    words, in_word = split_words(text)
    typing = words[-1] if in_word else Word("", len(text))
    done = [w.value for w in (words[:-1] if in_word else words)]
    if done and done[0] == "loket":
        done = done[1:]
    prefix = typing.value
    return typing.start, [quoted(c) for c in _matching(_options_for(consult, done, prefix), prefix)]


def _matching(values: Iterable[str], prefix: str) -> list[str]:
    wanted = prefix.casefold()
    seen: dict[str, None] = {}
    for value in values:
        folded = value.casefold()
        if folded.startswith(wanted) or _case_number_matches(value, wanted):
            seen.setdefault(value, None)
    return list(seen)


def _case_number_matches(value: str, wanted: str) -> bool:
    # `42<Tab>` and `k42<Tab>` find K-0042, as the case id is typed anywhere.
    if not value.startswith("K-") or not wanted:
        return False
    digits = wanted.removeprefix("k").removeprefix("-").lstrip("0")
    return digits.isdigit() and value[2:].lstrip("0").startswith(digits)


def _options_for(consult: Consult, done: list[str], prefix: str) -> Iterable[str]:
    from typer._click import core as click_core
    from typer.core import TyperGroup

    if not done:
        return [*_command_names(), *BUILTINS]
    if done[0] == "open":
        return _case_ids(consult) if len(done) == 1 else ()
    if done[0] == "help":
        return _command_names() if len(done) == 1 else ()
    found = consult.resolve(done)
    if found is None:
        return ()
    command, _, start = found
    if isinstance(command, TyperGroup):
        if start == len(done):
            return sorted(command.list_commands(click_core.Context(command)))
        return ()
    takes_value = option_words_taking_values(command)
    if done[-1] in takes_value and len(done) > start:
        return _option_values(consult, command, done[-1])
    if prefix.startswith("-"):
        return sorted(word for option in options_of(command) if not option.hidden
                      for word in (*option.opts, *option.secondary_opts))
    return _argument_values(consult, command, done, start, takes_value)


def _argument_values(consult: Consult, command: click_core.Command, done: list[str], start: int,
                     takes_value: frozenset[str]) -> Iterable[str]:
    arguments = arguments_of(command)
    given, i = 0, start
    while i < len(done):
        if done[i].startswith("-"):
            i += 2 if done[i] in takes_value else 1
            continue
        given, i = given + 1, i + 1
    wanted: list[str] = []
    if given < len(arguments):
        wanted.extend(_values_for_name(consult, arguments[given].name or ""))
    # With a current case the CASE word may be left out: offer what follows it too.
    if given == 0 and consult.current is not None and len(arguments) > 1 and arguments[0].name == "case":
        wanted.extend(_values_for_name(consult, arguments[1].name or ""))
    return wanted


def _option_values(consult: Consult, command: click_core.Command, word: str) -> Iterable[str]:
    if word in _DATE_OPTIONS:
        return DATE_PHRASES
    for option in options_of(command):
        if word in option.opts:
            return _values_for_name(consult, option.name or "")
    return ()


def _values_for_name(consult: Consult, name: str) -> Iterable[str]:
    provider = _PROVIDERS.get(name)
    return provider(consult) if provider else ()


def _case_ids(consult: Consult) -> list[str]:
    from loketcli.domain.model import format_case_id

    return [format_case_id(case_id) for case_id in consult.case_ids()]


def _vocabulary(name: str) -> Callable[[Consult], Iterable[str]]:
    def codes(_: Consult) -> Iterable[str]:
        from loketcli.domain.vocab import VocabularyName, load

        return load(VocabularyName(name)).codes()

    return codes


def _choices(enum_name: str) -> Callable[[Consult], Iterable[str]]:
    def values(_: Consult) -> Iterable[str]:
        from loketcli.domain import model

        return [str(member.value) for member in getattr(model, enum_name)]

    return values


# By the parameter's name in the command's signature: the same name means the same kind of value.
_PROVIDERS: dict[str, Callable[[Consult], Iterable[str]]] = {
    "case": _case_ids,
    "agency": _vocabulary("agencies"),
    "to": _vocabulary("agencies"),
    "channel": _vocabulary("channels"),
    "referred_by": _vocabulary("referrals"),
    "life_event": _vocabulary("life_events"),
    "companion": _vocabulary("companions"),
    "outcome": _choices("CallOutcome"),
    "result": _choices("CloseResult"),
    "digid": _choices("DigidStatus"),
    "status": _choices("CaseStatus"),
}


def _command_names() -> list[str]:
    from loketcli.cli.app import COMMANDS

    return [command.name for command in COMMANDS if command.name != "shell"]
