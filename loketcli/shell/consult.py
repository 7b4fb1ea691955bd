"""The consult shell's state and its line processing, without any terminal.

Each line is split as a shell splits it (shlex) and handed to the very root
group that `loket` itself runs (`LoketGroup.main`, the one error boundary), so
every command keeps its options, output, exit code and audit entries; the
shell only adds the current case where a command's CASE argument was left
out. The vault key is obtained once, as a command obtains it (session,
`LOKET_PASSPHRASE`, passphrase file, prompt), and held in this process's
memory for the commands it runs (`context.hold_key`).

The bottom floor of `loketcli.shell`: `complete` and `terminal` build on it,
`command` (the `loket shell` command) on all three.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from loketcli.i18n import t

if TYPE_CHECKING:
    from typer._click import core as click_core
    from typer.core import TyperOption

    from loketcli.cli.context import HeldKey
    from loketcli.domain.model import CaseId

T = TypeVar("T")
EXIT_OK, EXIT_OTHER, EXIT_BAD_INPUT, EXIT_LOCKED = 0, 1, 2, 3
# Words the shell answers itself; everything else is a loket command.
BUILTINS = ("open", "clear", "help", "exit", "quit")
_LOOKS_LIKE_CASE = re.compile(r"^\s*(?:k\s*-?\s*)?\d{1,9}\s*$", re.IGNORECASE)
# Commands after which the current case may be gone.
_MAY_REMOVE_CASES = frozenset({"erase", "purge", "restore"})


@dataclass(frozen=True)
class Positionals:
    """Where the positional words of a command line are."""

    command: click_core.Command
    path: tuple[str, ...]  # `followup add`
    indexes: tuple[int, ...]  # into the line's words
    end: int  # where a new positional would go


class Consult:
    """The shell's state and its line processing, without any terminal: the
    terminal loop, the piped loop, the tests and the benchmark all use it."""

    def __init__(self, held: HeldKey, *, piped: bool = False) -> None:
        import typer.main

        from loketcli.cli.app import app

        self.held = held
        self.current: CaseId | None = None
        self.last_code = EXIT_OK
        self.wants_lock = False  # set by `lock`; the terminal asks the passphrase again
        self.wants_clear = False  # `clear`: the terminal clears the screen and its history
        self.wants_exit = False
        self.lock_reason: str | None = None  # a message key, when a session's end locked the shell
        self.piped = piped
        self.root = typer.main.get_command(app)
        self._case_ids: tuple[CaseId, ...] | None = None

    # -- the prompt ---------------------------------------------------------------

    def prompt(self) -> str:
        """The case by id only: the visitor sits opposite and can read the screen."""
        from loketcli.domain.model import format_case_id

        parts = ["loket"]
        if self.current is not None:
            parts.append(format_case_id(self.current))
        if self.last_code:
            parts.append(f"[{self.last_code}]")
        return " ".join(parts) + "> "

    # -- running lines -----------------------------------------------------------

    def run_lines(self, lines: Iterable[str]) -> int:
        """Piped input: one command per line, the exit code of the last one."""
        self.piped = True
        try:
            for line in lines:
                self.run_line(line.rstrip("\r\n"))
                if self.wants_exit:
                    break
                if self.wants_lock and not self.relock_without_terminal():
                    return EXIT_LOCKED
        except KeyboardInterrupt:
            _say(t("error.aborted"))
            return EXIT_OTHER
        finally:
            _settle_stdout()
        return self.last_code

    def run_line(self, line: str) -> int:
        """Run one typed line; its exit code is shown, never fatal."""
        self.wants_lock = self.wants_clear = False
        self.lock_reason = None
        try:
            words = shlex.split(line, comments=False)
        except ValueError:
            return self._finish(_fail(t("error.shell_quotes"), EXIT_BAD_INPUT))
        if words and words[0] == "loket":  # habit: `loket show` works too
            words = words[1:]
        if not words:
            return self.last_code if self.last_code else EXIT_OK
        if words[0] in ("exit", "quit", "clear", "help") or words == ["lock"]:  # these touch no data
            return self._finish(self._builtin(words))
        self.lock_reason = self.session_ended()
        if self.lock_reason is not None:
            self.wants_lock = True
            return self._finish(_fail(t(self.lock_reason), EXIT_LOCKED))
        if words[0] == "shell":
            return self._finish(_fail(t("error.shell_nested"), EXIT_BAD_INPUT))
        if words[0] in BUILTINS:
            return self._finish(self._builtin(words))
        return self._finish(self.run_command(self.with_current_case(words)))

    def _finish(self, code: int) -> int:
        self.last_code = code
        return code

    def run_command(self, argv: list[str]) -> int:
        """Through the root group and its error boundary, as `loket ARGV` runs."""
        from loketcli.cli.context import close_opened_vaults
        from loketcli.cli.current import take as take_chosen
        from loketcli.i18n import current_language, set_language

        language = current_language()
        take_chosen()  # what an earlier command chose is not this one's
        stdin = sys.stdin
        if self.piped:
            # The rest of the script is not a note's text: commands get an
            # empty input, as `loket note K-1 < /dev/null` would.
            sys.stdin = io.StringIO("")
        try:
            code = self.root.main(args=argv, prog_name="loket", standalone_mode=False)
        except SystemExit as stop:  # a command that exits by itself
            code = stop.code if isinstance(stop.code, int) else EXIT_OTHER
        except KeyboardInterrupt:  # Ctrl-C in the instant before or after the boundary
            _say(t("error.aborted"))
            code = EXIT_OTHER
        finally:
            sys.stdin = stdin
            close_opened_vaults()
            # `--lang en show` is for that command only, as on the command line.
            set_language(language)
            _settle_stdout()
        self._case_ids = None
        self._after(argv, int(code), take_chosen())
        return int(code)

    def _after(self, argv: list[str], code: int, chosen: CaseId | None) -> None:
        from loketcli.cli.current import end_consult, start_consult
        from loketcli.domain.model import parse_case_id

        name = argv[0]
        if name == "lock":
            self.wants_lock = True
        if name == "intake" and not any(w in ("--help", "-h") for w in argv):
            # An intake is a new visitor: the case it opened or continued
            # becomes current, and a cancelled one leaves no earlier
            # visitor's case current. The consult's time runs from here.
            self.current = chosen
            if chosen is None:
                end_consult()
            else:
                start_consult()
            return
        if code != EXIT_OK:
            return
        if name == "close" and self.current is not None:
            positions = self.positionals(argv)
            if positions is not None and positions.indexes:
                with contextlib.suppress(Exception):
                    if parse_case_id(argv[positions.indexes[0]]) == self.current:
                        self.current = None
                        end_consult()
        elif name in _MAY_REMOVE_CASES and self.current is not None and not self._exists(self.current):
            self.current = None

    # -- the current case ----------------------------------------------------------

    def with_current_case(self, words: list[str]) -> list[str]:
        """Insert the current case as the first positional word when the
        command's first argument is CASE and the line left it out."""
        if self.current is None:
            return words
        from loketcli.domain.model import format_case_id

        positions = self.positionals(words)
        if positions is None:
            return words
        arguments = arguments_of(positions.command)
        if not arguments or arguments[0].name != "case" or not arguments[0].required:
            return words
        if any(w in ("--help", "-h") for w in words):
            return words
        given = positions.indexes
        most = len(arguments) if all(a.nargs == 1 for a in arguments) else sys.maxsize
        required = sum(1 for a in arguments if a.required)
        first = words[given[0]] if given else ""
        # `show 43` names case 43, but in `retract 17` or `satisfaction 4` the
        # number is what follows the case: a case-like first word names a case
        # only when the line already has every required argument.
        if given and (len(given) >= most or (_LOOKS_LIKE_CASE.match(first) and len(given) >= required)):
            return words  # the worker named a case
        at = given[0] if given else positions.end
        return [*words[:at], format_case_id(self.current), *words[at:]]

    def commands_taking_case(self) -> tuple[str, ...]:
        """Every command whose first argument is a required CASE: the ones the
        current case fills in (see `with_current_case`)."""
        from typer._click import core as click_core
        from typer.core import TyperGroup

        found: list[str] = []

        def walk(command: click_core.Command, path: tuple[str, ...]) -> None:
            if isinstance(command, TyperGroup):
                context = click_core.Context(command)
                for name in command.list_commands(context):
                    sub = command.get_command(context, name)
                    if sub is not None and not sub.hidden:
                        walk(sub, (*path, name))
                return
            arguments = arguments_of(command)
            if arguments and arguments[0].name == "case" and arguments[0].required:
                found.append(" ".join(path))

        walk(self.root, ())
        return tuple(found)

    def resolve(self, words: Sequence[str]) -> tuple[click_core.Command, tuple[str, ...], int] | None:
        """The command a line names, its path, and where its own words start."""
        from typer._click import core as click_core
        from typer.core import TyperGroup

        command: click_core.Command = self.root
        path: list[str] = []
        index = 0
        while isinstance(command, TyperGroup) and index < len(words):
            if words[index].startswith("-"):  # a group's own option: `--lang en show`
                index += 2 if words[index] in option_words_taking_values(command) else 1
                continue
            sub = command.get_command(click_core.Context(command), words[index])
            if sub is None:
                break
            command, index = sub, index + 1
            path.append(words[index - 1])
        if not path:
            return None
        return command, tuple(path), index

    def positionals(self, words: Sequence[str]) -> Positionals | None:
        """Which words are positional arguments, skipping options and their values."""
        found = self.resolve(words)
        if found is None:
            return None
        command, path, start = found
        takes_value = option_words_taking_values(command)
        indexes: list[int] = []
        i = start
        while i < len(words):
            word = words[i]
            if word == "--":
                indexes.extend(range(i + 1, len(words)))
                break
            if word.startswith("-") and word != "-":
                i += 2 if word in takes_value else 1
                continue
            indexes.append(i)
            i += 1
        return Positionals(command, path, tuple(indexes), len(words))

    # -- the shell's own words -------------------------------------------------

    def _builtin(self, words: list[str]) -> int:
        from loketcli.domain.model import format_case_id, parse_case_id
        from loketcli.errors import BadInput, LoketError

        name = words[0]
        if name in ("exit", "quit"):
            self.wants_exit = True
            return self.last_code
        if name == "clear":
            # The screen and the history go; the case stays (Ctrl-L is the next visitor).
            self.wants_clear = True
            return EXIT_OK
        if name == "lock" and len(words) == 1:
            # This shell, not the day's session in every terminal: the
            # passphrase opens it again (`loket lock` outside ends the session).
            self.wants_lock = True
            return EXIT_OK
        if name == "help":
            if len(words) > 1:  # `help show` is `show --help`
                return self.run_command([*words[1:], "--help"])
            import textwrap

            # From the commands themselves, so a new command that takes CASE is listed too.
            names = textwrap.fill(", ".join(self.commands_taking_case()), width=84, initial_indent=" " * 15,
                                  subsequent_indent=" " * 15, break_on_hyphens=False)
            _message(t("shell.help", commands=names))
            return EXIT_OK
        try:
            if len(words) != 2:
                raise BadInput("error.shell_open")
            case_id = parse_case_id(words[1])
            self._check(case_id)
        except LoketError as error:
            return _fail(t(error.key, **error.params), error.exit_code)
        if case_id != self.current:
            from loketcli.cli.current import start_consult

            start_consult()  # the consult's time runs from `open`
        self.current = case_id
        _message(t("shell.opened", case=format_case_id(case_id)))
        return EXIT_OK

    def forget(self) -> None:
        """The next visitor: no current case, no code of the last one's commands."""
        from loketcli.cli.current import end_consult

        self.current = None
        self.last_code = EXIT_OK
        end_consult()

    def end_day_session(self) -> None:
        """Leaving a locked shell other than with the passphrase ends the day's
        session, as `loket lock` does: the terminal it leaves to must not open
        every case without the passphrase."""
        with contextlib.suppress(Exception):
            self.run_command(["lock"])

    # -- the key ------------------------------------------------------------------

    def session_ended(self) -> str | None:
        """A shell unlocked by a session ends with it (`loket lock` anywhere,
        expiry, `passwd`): the message key saying why, or None."""
        if self.held.session_token is None:
            return None
        from loketcli.domain import clock
        from loketcli.errors import Locked
        from loketcli.services.session import vault_key_from_session

        try:
            vault_key_from_session(self.held.path, self.held.store_id, self.held.session_token, clock.now())
        except Locked as ended:
            return ended.key
        return None

    def check_passphrase(self, passphrase: str) -> bool:
        """Unlock again with the passphrase; the held key follows the store.
        False for a wrong passphrase; other errors (the store gone) are raised."""
        import dataclasses

        from loketcli.cli.context import hold_key
        from loketcli.errors import WrongPassphrase
        from loketcli.services.vault import store_id, unlock_with_passphrase

        try:
            vault = unlock_with_passphrase(self.held.path, passphrase)
        except WrongPassphrase:
            return False
        try:
            with vault.store.read() as conn:
                identity = store_id(conn)
            key = vault.vault_key
        finally:
            vault.close()
        self.held = dataclasses.replace(self.held, store_id=identity, key=key, session_token=None)
        hold_key(self.held)
        return True

    def relock_without_terminal(self) -> bool:
        """Piped: the passphrase from the environment or file, or the end."""
        from loketcli.cli.context import passphrase_without_session
        from loketcli.errors import LoketError

        try:
            passphrase = passphrase_without_session(_passphrase_file())
        except LoketError as error:
            _say(t(error.key, **error.params))
            return False
        if not self.check_passphrase(passphrase):
            _say(t("error.wrong_passphrase"))
            return False
        self.wants_lock = False
        return True

    # -- what completion and the bookkeeping ask of the store --------------------

    def case_ids(self) -> tuple[CaseId, ...]:
        """Open cases' ids, newest first; read again after each command."""
        if self._case_ids is None:
            from loketcli.services.consult import open_case_ids

            try:
                self._case_ids = self._with_vault(open_case_ids)
            except Exception:  # noqa: BLE001 - completion must never break the line being typed
                self._case_ids = ()
        return self._case_ids

    def configured_idle_lock(self) -> int:
        from loketcli.services.privacy import get_settings

        return int(self._with_vault(get_settings)["idle_lock"])

    def _check(self, case_id: CaseId) -> None:
        from loketcli.services.consult import check_case

        self._with_vault(lambda vault: check_case(vault, case_id))

    def _exists(self, case_id: CaseId) -> bool:
        from loketcli.errors import LoketError

        try:
            self._check(case_id)
        except LoketError:
            return False
        return True

    def _with_vault(self, use: Callable[[Vault], T]) -> T:
        from loketcli.cli.context import close_opened_vaults, open_vault

        try:
            return use(open_vault(self.held.path, None))
        finally:
            close_opened_vaults()


def arguments_of(command: click_core.Command) -> list[click_core.Parameter]:
    return [param for param in command.params if param.param_type_name == "argument"]


def options_of(command: click_core.Command) -> list[TyperOption]:
    from typer.core import TyperOption

    return [param for param in command.params if isinstance(param, TyperOption)]


def option_words_taking_values(command: click_core.Command) -> frozenset[str]:
    return frozenset(word for option in options_of(command) if not option.is_flag and not option.count
                     for word in option.opts)


def _passphrase_file() -> Path | None:
    named = os.environ.get("LOKET_PASSPHRASE_FILE")
    return Path(named) if named else None


def _say(text: str) -> None:
    _message(f"loket: {text}")


def _message(text: str) -> None:
    with contextlib.suppress(OSError):
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def _fail(text: str, code: int) -> int:
    _say(text)
    return code


def _settle_stdout() -> None:
    """After a reader went away (`loket shell | head`), later output goes
    nowhere instead of failing every command and the interpreter's exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
    except (OSError, ValueError):
        pass


if TYPE_CHECKING:
    from collections.abc import Callable

    from loketcli.storage.vault import Vault
