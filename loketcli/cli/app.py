"""Assembles the `loket` app and is the single boundary between errors and exit codes.

Exit codes: 0 success; 2 bad input (usage, invalid value, unknown case or
vocabulary term); 3 locked store or wrong passphrase; 1 anything else.
No traceback ever reaches the worker: it could hold personal data in its
local variables, and it says nothing a desk worker can act on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Annotated, Any

import typer

# Typer 0.28 vendors its own copy of click; the exceptions it raises are these,
# not the stand-alone click package's (which sqlite-utils happens to install).
from typer._click import core as click_core
from typer._click import exceptions as click
from typer.core import TyperGroup

from loketcli.errors import LoketError
from loketcli.i18n import t

EXIT_OK, EXIT_OTHER, EXIT_BAD_INPUT, EXIT_LOCKED = 0, 1, 2, 3


def _say(text: str) -> None:
    from loketcli.render.safe import neutralise  # a file name in a message may carry controls

    sys.stderr.write(f"loket: {neutralise(text)}\n")
    sys.stderr.flush()


def _usage_message(error: click.ClickException) -> str:
    """Click's own messages are English and may echo what was typed (a name in
    the wrong place, say), so we name only the option, never the value."""
    hint = ""
    if isinstance(error, click.UsageError) and error.ctx is not None:
        hint = " " + t("error.usage_hint", command=error.ctx.command_path)
    if isinstance(error, click.NoSuchOption):
        return t("error.no_such_option", option=error.option_name) + hint
    if isinstance(error, click.MissingParameter) and error.param is not None:
        return t("error.missing_parameter", param=_param_name(error.param)) + hint
    if isinstance(error, click.BadParameter) and error.param is not None:
        return t("error.bad_parameter", param=_param_name(error.param)) + hint
    if isinstance(error, click.UsageError):
        if error.message.startswith("No such command"):
            group = error.ctx.command if error.ctx is not None else None
            if error.ctx is not None and error.ctx.parent is not None and isinstance(group, TyperGroup):
                # Name what does exist: `followup remove` then reads "Kies uit: add, done, move, list".
                # (At the top level `loket --help` lists thirty commands with what they do.)
                return t("error.no_such_subcommand", command=error.ctx.command_path,
                         choices=", ".join(group.list_commands(error.ctx)))
            close = _close_command(error)
            if close:  # `loket intak`: "Bedoelt u: intake?", not the whole help
                return t("error.no_such_command_close", candidates=", ".join(close))
            return t("error.no_such_command") + " " + t("error.usage_hint", command="loket")
        return t("error.usage") + hint
    return t("error.generic")


def _close_command(error: click.UsageError) -> tuple[str, ...]:
    """Commands close to the unknown one typed; only command names are shown."""
    import re

    from loketcli.domain.text import close_words

    typed = re.search(r"'([^']*)'", error.message)
    group = error.ctx.command if error.ctx is not None else None
    if typed is None or error.ctx is None or not isinstance(group, TyperGroup):
        return ()
    return close_words(typed.group(1), tuple(group.list_commands(error.ctx)))


def _param_name(param: click_core.Parameter) -> str:
    if param.param_type_name == "option" and param.opts:
        return max(param.opts, key=len)
    # An argument is named as its help screen names it (ZAAK, not CASE).
    return param.metavar or (param.name or "?").upper()


@dataclass(frozen=True)
class LazyCommand:
    """A sub-command by name: its module is imported, and Typer turns its
    function into a click command, only when that command is asked for.
    Building all thirty of them on every run cost about 40 ms, a third of a
    consult command, spent on commands that were not run."""

    name: str
    module: str
    attribute: str
    help_key: str | None = None  # None: the attribute is a Typer sub-app with its own help

    def build(self, root: typer.Typer) -> click_core.Command:
        from importlib import import_module

        from typer.main import get_command_from_info, get_group_from_info
        from typer.models import CommandInfo, TyperInfo

        from loketcli.cli.helptext import localise_command

        # A module of cli by its short name; a room above cli (the shell) by its full one.
        module = self.module if self.module.startswith("loketcli.") else f"loketcli.cli.{self.module}"
        target = getattr(import_module(module), self.attribute)
        command: click_core.Command
        if isinstance(target, typer.Typer):
            command = get_group_from_info(TyperInfo(target, name=self.name),
                                          pretty_exceptions_short=root.pretty_exceptions_short,
                                          rich_markup_mode=root.rich_markup_mode,
                                          suggest_commands=root.suggest_commands)
        else:
            assert self.help_key is not None
            command = get_command_from_info(CommandInfo(name=self.name, callback=target, help=t(self.help_key)),
                                            pretty_exceptions_short=root.pretty_exceptions_short,
                                            rich_markup_mode=root.rich_markup_mode)
        localise_command(command)
        return command


# In the order `loket --help` lists them.
COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand("init", "cmd_init", "init", "help.init"),
    LazyCommand("unlock", "cmd_unlock", "unlock", "help.unlock"),
    LazyCommand("lock", "cmd_unlock", "lock", "help.lock"),
    LazyCommand("intake", "cmd_intake", "intake", "help.intake"),
    LazyCommand("show", "cmd_show", "show", "help.show"),
    LazyCommand("list", "cmd_list", "list_cases", "help.list"),
    LazyCommand("call", "cmd_call", "call", "help.call"),
    LazyCommand("note", "cmd_note", "note", "help.note"),
    LazyCommand("visit", "cmd_visit", "visit", "help.visit"),
    LazyCommand("handover", "cmd_handover", "handover", "help.handover"),
    LazyCommand("edit", "cmd_edit", "edit", "help.edit"),
    LazyCommand("retract", "cmd_retract", "retract", "help.retract"),
    LazyCommand("move", "cmd_retract", "move", "help.move"),
    LazyCommand("satisfaction", "cmd_retract", "satisfaction", "help.satisfaction"),
    LazyCommand("find", "cmd_find", "find", "help.find"),
    LazyCommand("followup", "cmd_followup", "app"),
    LazyCommand("today", "cmd_agenda", "today", "help.today"),
    LazyCommand("agenda", "cmd_agenda", "agenda_command", "help.agenda"),
    LazyCommand("close", "cmd_close", "close", "help.close"),
    LazyCommand("reopen", "cmd_close", "reopen", "help.reopen"),
    LazyCommand("summary", "cmd_summary", "summary", "help.summary"),
    LazyCommand("export", "cmd_export", "export", "help.export"),
    LazyCommand("stats", "cmd_stats", "app"),
    LazyCommand("report", "cmd_report", "report", "help.report"),
    LazyCommand("erase", "cmd_erase", "erase", "help.erase"),
    LazyCommand("purge", "cmd_erase", "purge", "help.purge"),
    LazyCommand("config", "cmd_config", "app"),
    LazyCommand("inzage", "cmd_inzage", "inzage", "help.inzage"),
    LazyCommand("audit", "cmd_audit", "app"),
    LazyCommand("register", "cmd_register", "app"),
    # -- contact requests between teams (issue 25) --
    LazyCommand("inbox", "cmd_inbox", "app"),
    LazyCommand("contactverzoek", "cmd_contactverzoek", "contactverzoek", "help.contactverzoek"),
    LazyCommand("passwd", "cmd_passwd", "passwd", "help.passwd"),
    LazyCommand("backup", "cmd_backup", "backup", "help.backup"),
    LazyCommand("restore", "cmd_backup", "restore", "help.restore"),
    LazyCommand("verify", "cmd_backup", "verify", "help.verify"),
    LazyCommand("demo", "cmd_demo", "demo", "help.demo"),
    # -- transfer (issue 17) --
    LazyCommand("identity", "cmd_identity", "identity", "help.identity"),
    LazyCommand("colleague", "cmd_colleague", "app"),
    LazyCommand("transfer", "cmd_transfer", "app"),
    # The consult shell lives above the commands (loketcli/shell/); named here, imported when run.
    LazyCommand("shell", "loketcli.shell.command", "shell", "help.shell"),
)
_BY_NAME = {command.name: command for command in COMMANDS}
# Built commands, kept per process: `app()` makes a new root group on every
# call, and the agent builds them all once before it forks.
_BUILT: dict[str, click_core.Command] = {}


def _command(name: str) -> click_core.Command | None:
    lazy = _BY_NAME.get(name)
    if lazy is None:
        return None
    if name not in _BUILT:
        _BUILT[name] = lazy.build(app)
    return _BUILT[name]


def build_all_commands() -> None:
    for command in COMMANDS:
        _command(command.name)


class _Interrupted(typer.Abort):
    """Ctrl-C, as opposed to a refusal at a prompt."""


class LoketGroup(TyperGroup):
    """The root group: runs a command and turns whatever it raises into one
    Dutch line on stderr and the documented exit code."""

    def list_commands(self, ctx: click_core.Context) -> list[str]:
        return [command.name for command in COMMANDS]

    def get_command(self, ctx: click_core.Context, cmd_name: str) -> click_core.Command | None:
        return _command(cmd_name)

    def invoke(self, ctx: click_core.Context) -> Any:
        from loketcli.cli.vocabulary import echo_readings

        echo_readings()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Typer would turn Ctrl-C into a silent exit 130; the worker gets
            # the documented code and a line saying nothing was finished.
            raise _Interrupted() from None

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from loketcli.cli.helptext import localise_command

        localise_command(self, sub_commands=False)
        code = EXIT_OK
        try:
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, **extra)
            if isinstance(result, int):
                code = result
        except LoketError as error:
            _say(t(error.key, **error.params))
            code = error.exit_code
        except click.NoArgsIsHelpError as error:
            if error.ctx is not None:
                from loketcli.cli.helptext import localise_framework

                localise_framework()
                typer.echo(error.ctx.get_help())
            code = EXIT_OK
        except click.ClickException as error:
            _say(_usage_message(error))
            code = EXIT_BAD_INPUT if isinstance(error, click.UsageError) else EXIT_OTHER
        except BrokenPipeError:
            # The reader (`| head`) went away; nothing left to tell anyone.
            code = EXIT_OTHER
        except (_Interrupted, KeyboardInterrupt):
            # The terminal echoed ^C without ending the line; the message
            # starts on a line of its own.
            sys.stderr.write("\n")
            _say(t("error.aborted"))
            code = EXIT_OTHER
        except (typer.Abort, EOFError):
            _say(t("error.aborted"))
            code = EXIT_OTHER
        except Exception as error:  # noqa: BLE001 - the one place that must catch everything
            _say(t("error.unexpected", kind=type(error).__name__))
            code = EXIT_OTHER
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=LoketGroup,
    name="loket",
    help=t("help.loket"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)

def _show_version(value: bool) -> None:
    if value:
        from loketcli import __version__

        typer.echo(f"loket {__version__}")
        raise typer.Exit()


def _choose_language(lang: str | None) -> str | None:
    """Eager, so the language is set while the root options are parsed: before
    the sub-command is built, whose help texts then follow it."""
    if lang is not None:
        from loketcli.errors import BadInput
        from loketcli.i18n import available_languages, set_language

        if lang.lower() not in available_languages():
            raise BadInput("error.lang", choices=", ".join(available_languages()))
        set_language(lang.lower())
    return lang


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.callback()
def root(
    lang: Annotated[str | None, typer.Option("--lang", help=t("help.loket.lang"), envvar="LOKET_LANG",
                                             show_envvar=False, is_eager=True, callback=_choose_language)] = None,
    version: Annotated[bool, typer.Option("--version", help=t("help.loket.version"), is_eager=True,
                                          callback=_show_version)] = False,
) -> None:
    """The global options; `--lang` takes effect in its callback. The root's own
    help is built at import, so it follows LOKET_LANG, not --lang."""
    from loketcli.crypto import insecure_test_kdf

    if insecure_test_kdf() and _stdin_is_terminal():
        # Someone at a keyboard with the test suite's switch on: stores made
        # now get (and old ones may be downgraded to) a cheap KDF.
        _say(t("warning.insecure_test_kdf"))


def main() -> None:
    try:
        app(prog_name="loket")
    except SystemExit:
        raise
    except BaseException:  # noqa: BLE001 - last resort: never a traceback
        _say(t("error.generic"))
        sys.exit(EXIT_OTHER)
