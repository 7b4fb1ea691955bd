"""Help texts, the documentation and the message catalogue keep up with the code."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import importlib
import re
import shlex
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path

import pytest
import typer.main
from loket_testkit import invoke
from typer._click import core as click_core
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

import loketcli
from loketcli import errors
from loketcli.cli.app import app
from loketcli.i18n import t
from loketcli.i18n.nl import MESSAGES

PACKAGE = Path(loketcli.__file__).parent
README = PACKAGE.parent / "README.md"
MANUAL = PACKAGE.parent / "docs" / "manual.md"
DOCUMENTS = [README, *sorted((PACKAGE.parent / "docs").glob("*.md"))]


def _commands() -> Iterator[tuple[str, click_core.Command]]:
    """Every command reachable from the root, as its path: `show`, `followup add`."""

    def walk(prefix: str, command: click_core.Command) -> Iterator[tuple[str, click_core.Command]]:
        if isinstance(command, TyperGroup):
            context = click_core.Context(command)
            for name in sorted(command.list_commands(context)):
                sub = command.get_command(context, name)
                assert sub is not None
                path = f"{prefix} {name}".strip()
                yield path, sub
                yield from walk(path, sub)

    yield from walk("", typer.main.get_command(app))


COMMANDS = dict(_commands())


def test_the_foundation_commands_are_registered() -> None:
    assert {"init", "unlock", "lock", "intake", "show", "list", "demo"} <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_help(path: str) -> None:
    command = COMMANDS[path]
    text = (command.help or "").strip()
    assert text, f"`loket {path}` has no help text"
    result = invoke([*path.split(), "--help"])
    assert result.exit_code == 0, result.stderr
    assert f"{t('help.usage')} loket {path}" in result.stdout
    # The first words of the help text are on the help screen.
    assert " ".join(text.split()[:3]) in " ".join(result.stdout.split())


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_is_in_the_manual(path: str) -> None:
    text = MANUAL.read_text(encoding="utf-8")
    # "`loket show`" and "`loket show K-0042`" both count; a subcommand may also
    # appear as "`followup add ...`" in its group's row.
    pattern = rf"`loket {re.escape(path)}[`\s]"
    if " " in path:
        pattern += rf"|`{re.escape(path)}[`\s]"
    assert re.search(pattern, text), f"docs/manual.md does not mention `loket {path}`"


# -- the README: short, and every command in it runs -------------------------------------

def test_the_readme_is_short() -> None:
    # The reference lives in docs/manual.md and docs/privacy.md (issue 26).
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines; move the detail to docs/"


_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_SUBSTITUTION = re.compile(r"\$\((loket\b[^)]*)\)")
_SHELL_PROMPT = re.compile(r"^loket( [A-Z]-\d+)?( \[\d+\])?>")  # `loket K-0043> call duo`: inside the shell


def _command_lines(text: str) -> list[tuple[str, list[str]]]:
    """Each `loket ...` command shown in a fenced code block, as the line and its
    arguments after `loket`: comments, redirections and pipes cut off, `$(loket ...)`
    taken out of its `eval`, a `$ ` prompt dropped."""
    found: list[tuple[str, list[str]]] = []
    for block in _FENCE.findall(text):
        for raw in block.splitlines():
            line = raw.strip().removeprefix("$ ")
            candidates = _SUBSTITUTION.findall(line)
            if line.startswith("loket ") and not _SHELL_PROMPT.match(line):
                candidates.append(line)
            for candidate in candidates:
                lexer = shlex.shlex(candidate, posix=True, punctuation_chars=True)
                lexer.whitespace_split = True
                words: list[str] = []
                for word in lexer:
                    if set(word) <= set("();<>|&"):  # a redirection, a pipe, the next command
                        break
                    words.append(word)
                assert words[0] == "loket", raw
                found.append((raw.strip(), words[1:]))
    return found


README_COMMANDS = _command_lines(README.read_text(encoding="utf-8"))
# The manual's examples are held to the same standard.
SHOWN_COMMANDS = [(document.name, line, args) for document in (README, MANUAL)
                  for line, args in _command_lines(document.read_text(encoding="utf-8"))]


def _parse(args: list[str]) -> list[str]:
    """Parse a command line as `loket` would, down to the command that would run, without
    running it: every option must exist, every value have its type, every argument be
    given. Returns the command's path (`["followup", "add"]`)."""
    command: click_core.Command = typer.main.get_command(app)
    context = command.make_context("loket", list(args))
    path: list[str] = []
    while isinstance(command, TyperGroup):
        rest = [*context._protected_args, *context.args]
        if not rest:
            break
        name, sub, rest = command.resolve_command(context, rest)
        assert name is not None and sub is not None
        path.append(name)
        command = sub
        context = command.make_context(name, rest, parent=context)
    return path


def test_the_readme_shows_the_working_day() -> None:
    # Guard against an extraction that silently finds nothing.
    shown = set()
    for _, args in README_COMMANDS:
        with contextlib.suppress(typer.Exit, click_exceptions.ClickException):  # the test below names it
            shown.add(" ".join(_parse(args)))
    assert len(README_COMMANDS) >= 25
    assert {"init", "unlock", "intake", "show", "list", "followup add", "followup done", "today", "call",
            "note", "find", "close", "lock", "shell"} <= shown


@pytest.mark.parametrize(("document", "line", "args"), SHOWN_COMMANDS,
                         ids=[f"{doc}: loket {' '.join(args)}" for doc, _, args in SHOWN_COMMANDS])
def test_every_command_shown_parses(document: str, line: str, args: list[str]) -> None:
    """Every command line README.md (and docs/manual.md) shows is one loket accepts as typed.

    Parsed, not run: running them would need the README's files (bezoeker.json), a
    terminal for the prompts, a clock for "gisteren 14u" and a store with K-0042, and a
    failure would then say more about the test's set-up than about the README. Click's
    own parser, with loket's real command tree, refuses an unknown command or option, a
    missing argument, a value of the wrong type (`--satisfaction vier`) or one too many:
    everything a copied line could trip over before loket itself reads it.
    """
    try:
        path = _parse(args)
    except typer.Exit as done:  # `loket --version` prints and stops
        assert done.exit_code == 0, line
        return
    except click_exceptions.ClickException as error:
        pytest.fail(f"{document} shows `{line}`, which loket refuses: {error.format_message()}")
    assert " ".join(path) in COMMANDS, line
    # And through the real entry point (the error boundary, lazy loading of commands):
    # the same words with --help reach that command's help screen.
    result = invoke([*args, "--help"])
    assert result.exit_code == 0, result.stderr
    assert f"{t('help.usage')} loket {' '.join(path)}" in result.stdout


# -- links between the documents --------------------------------------------------------

def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(document: Path) -> set[str]:
    text = _FENCE.sub("", document.read_text(encoding="utf-8"))
    return {_anchor(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.MULTILINE)}


def _links() -> list[tuple[Path, str]]:
    links = []
    for document in DOCUMENTS:
        text = _FENCE.sub("", document.read_text(encoding="utf-8"))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if not re.match(r"[a-z]+:", target):  # https:, mailto:
                links.append((document, target))
    return links


def test_the_documents_link_to_each_other() -> None:
    targets = {(doc.name, target) for doc, target in _links()}
    assert ("README.md", "docs/manual.md") in targets
    assert ("README.md", "docs/privacy.md") in targets
    assert ("manual.md", "privacy.md") in targets


@pytest.mark.parametrize(("document", "target"), _links(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_link_between_the_documents_resolves(document: Path, target: str) -> None:
    file, _, anchor = target.partition("#")
    linked = (document.parent / file).resolve() if file else document
    assert linked.exists(), f"{document.name} links to {target}: no such file"
    if anchor:
        assert linked.suffix == ".md"
        assert anchor in _anchors(linked), f"{document.name} links to {target}: no such heading"


# -- the catalogue ----------------------------------------------------------------------

PREFIXES = {key.split(".")[0] for key in MESSAGES}


def _enum_values(module: str, name: str) -> Callable[[], list[str]]:
    def values() -> list[str]:
        enum: type[Enum] = getattr(importlib.import_module(module), name)
        return [str(member.value) for member in enum]

    return values


def _intake_fields() -> list[str]:
    from loketcli.domain.intake import IntakeForm

    return [f.name for f in dataclasses.fields(IntakeForm)]


# Keys built at run time: the literal prefix, and where the rest comes from.
DYNAMIC: dict[str, Callable[[], list[str]]] = {
    "status.": _enum_values("loketcli.domain.model", "CaseStatus"),
    "digid.": _enum_values("loketcli.domain.model", "DigidStatus"),
    "event.": _enum_values("loketcli.domain.model", "EventKind"),
    "result.": _enum_values("loketcli.domain.model", "CloseResult"),
    "outcome.": _enum_values("loketcli.domain.model", "CallOutcome"),
    "field.": _intake_fields,
    "weekday.": lambda: [str(day) for day in range(7)],  # date.weekday()
    "month.": lambda: [str(month) for month in range(1, 13)],
    "error.vocab_unknown.": _enum_values("loketcli.domain.vocab", "VocabularyName"),
    "error.vocab_ambiguous.": _enum_values("loketcli.domain.vocab", "VocabularyName"),
    "register.outcome.": _enum_values("loketcli.register.push", "PushStatus"),
    "register.part.": lambda: ["partij", "contact", "task", "telefoonnummer", "email"],
    # -- clear questions and answers (issue 11) --
    "error.vocab_choices.": _enum_values("loketcli.domain.vocab", "VocabularyName"),
    "error.desk_vocab.": lambda: ["unreadable", "json", "shape", "not_object", "unknown_field", "code", "text",
                                  "website", "aliases", "duplicate", "taken"],
    # Argument names without a key of their own fall back to the name itself.
    "help.metavar.": lambda: ["options", "subcommand", "text", "number", "file", "value"],
    "export.col.": lambda: ["time", "case", "kind", "agency", "handover", "outcome", "satisfaction", "minutes",
                            "open_followups", "next_due", "visitor", "text"],
    "export.handover.": lambda: ["warm", "cold"],
}


def _source_files() -> list[Path]:
    # The catalogue itself is the thing checked against, not a user of keys.
    return sorted(p for p in PACKAGE.rglob("*.py") if "i18n" not in p.parts)


def _is_key_shaped(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z]+(\.[a-z0-9_\-]+)+", text)) and text.split(".")[0] in PREFIXES


def _dynamic_prefix(node: ast.AST) -> str | None:
    """`f"status.{x}"` or `"result." + x`: the literal start, if it looks like a key family."""
    first: ast.AST | None = None
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        first = node.left
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        text = first.value
        if re.fullmatch(r"[a-z]+\.([a-z_]+\.)?", text) and text.split(".")[0] in PREFIXES:
            return text
    return None


def _used_keys() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Literal keys and dynamic key prefixes found in the code, each with where."""
    literal: dict[str, list[str]] = {}
    dynamic: dict[str, list[str]] = {}
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            # Parts of f-strings are checked as a family; `Path / "demo.db"` is a file name.
            if isinstance(node, ast.JoinedStr):
                skip.update(id(v) for v in node.values)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                skip.update((id(node.left), id(node.right)))
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _dynamic_prefix(node):
                skip.add(id(node.left))
            # rich style names ("prompt.default") look like keys but are not.
            if isinstance(node, ast.keyword) and node.arg is not None and node.arg.endswith("style"):
                skip.add(id(node.value))
            # An error class's default key has its own test below.
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id == "default_key"):
                skip.add(id(node.value))
            if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                    and node.target.id == "default_key" and node.value is not None):
                skip.add(id(node.value))
        for node in ast.walk(tree):
            where = f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', '?')}"
            prefix = _dynamic_prefix(node)
            if prefix is not None:
                dynamic.setdefault(prefix, []).append(where)
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                  and _is_key_shaped(node.value)):
                literal.setdefault(node.value, []).append(where)
    return literal, dynamic


LITERAL, DYNAMIC_USED = _used_keys()


def test_the_scan_finds_keys() -> None:
    # Guard against a scan that silently finds nothing.
    for key in ("error.locked", "intake.done", "prompt.passphrase", "show.bsn", "list.col_id"):
        assert key in LITERAL, key
    assert {"status.", "digid.", "event.", "error.vocab_unknown."} <= set(DYNAMIC_USED)


def test_every_t_call_uses_a_literal_or_known_key() -> None:
    # Only a whole literal argument: `t("result." + code)` is a family, checked below.
    pattern = re.compile(r"""\bt\(\s*["']([^"']+)["']\s*[,)]""")
    for path in _source_files():
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            assert key in MESSAGES, f"{path.name}: t({key!r}) is not in the catalogue"


def test_every_literal_key_is_in_the_catalogue() -> None:
    missing = {key: where for key, where in LITERAL.items() if key not in MESSAGES}
    assert not missing, f"keys used in the code but missing from loketcli/i18n/nl.py: {missing}"


@pytest.mark.parametrize("prefix", sorted(DYNAMIC))
def test_every_dynamic_key_family_is_complete(prefix: str) -> None:
    missing = [prefix + value for value in DYNAMIC[prefix]() if prefix + value not in MESSAGES]
    assert not missing, f"missing from the catalogue: {missing}"


def test_every_dynamic_key_family_in_the_code_is_known_to_this_test() -> None:
    unknown = {prefix: where for prefix, where in DYNAMIC_USED.items() if prefix not in DYNAMIC}
    assert not unknown, f"add these key families to DYNAMIC in {Path(__file__).name}: {unknown}"


def _error_classes() -> list[type[errors.LoketError]]:
    found: list[type[errors.LoketError]] = []
    pending: list[type[errors.LoketError]] = [errors.LoketError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__name__)


@pytest.mark.parametrize(
    "cls",
    _error_classes(),
    ids=lambda cls: cls.__name__,
)
def test_every_error_default_key_is_in_the_catalogue(cls: type[errors.LoketError]) -> None:
    assert cls.default_key in MESSAGES
    # And so an error raised without a key never shows a bare key.
    assert t(cls().key) != cls.default_key


def test_exit_codes_are_the_documented_ones() -> None:
    # 2 bad input, 3 locked or wrong passphrase, 1 everything else (loketcli/cli/app.py).
    for cls in _error_classes():
        if issubclass(cls, errors.BadInput):
            expected = 2
        elif issubclass(cls, (errors.Locked, errors.WrongPassphrase)):
            expected = 3
        else:
            expected = 1
        assert cls.exit_code == expected, cls.__name__


def test_catalogue_placeholders_are_well_formed() -> None:
    for key, template in MESSAGES.items():
        names = re.findall(r"\{([^{}]*)\}", template.replace("{{", "").replace("}}", ""))
        assert all(re.fullmatch(r"[a-z_]+", name) for name in names), (key, names)
