"""Help screens in one language, without raw placeholders.

Typer (0.28) and its vendored click write parts of every help screen in
English: panel titles, "Usage:", "[required]", "Show this message and exit.",
and placeholders such as `{case}` and `<str>`. Neither offers a catalogue
hook, so the words are put in here: the rich panel strings are module
constants read at render time, and each built command gets Dutch (or English)
placeholders and help-option text before its help can be shown.
"""

from __future__ import annotations

import copy
from typing import Any

from typer._click import core as click_core
from typer._click import formatting
from typer.core import TyperArgument, TyperGroup, TyperOption

from loketcli.i18n import t

_plain_write_usage = formatting.HelpFormatter.write_usage


def _write_usage(self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
    _plain_write_usage(self, prog, args, t("help.usage") + " " if prefix is None else prefix)


def localise_framework() -> None:
    """The framework's own words, in the current language. Cheap; called again
    when `--lang` changes the language. Imported here, when help is shown:
    rich_utils imports rich, which a consult command does not need."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = t("help.panel.arguments")
    rich_utils.OPTIONS_PANEL_TITLE = t("help.panel.options")
    rich_utils.COMMANDS_PANEL_TITLE = t("help.panel.commands")
    # Typer fills these with str.format later: their `{}` stays a placeholder.
    rich_utils.DEFAULT_STRING = t("help.default", value="{}")
    rich_utils.ENVVAR_STRING = t("help.envvar", value="{}")
    rich_utils.REQUIRED_LONG_STRING = t("help.required")
    rich_utils.RICH_HELP = t("help.try_help", command_path="{command_path}", help_option="{help_option}")
    formatting.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]


# Types whose placeholder names the kind of value, for options that take one.
_TYPE_WORDS = {"text": "text", "str": "text", "integer": "number", "int": "number", "float": "number",
               "path": "file", "file": "file", "filename": "file"}


_COMPLETION = {"install_completion": "help.install_completion", "show_completion": "help.show_completion"}


def _argument_word(name: str) -> str:
    key = f"help.metavar.{name}"
    word = t(key)
    return (word if word != key else name).upper()


def localise_command(command: click_core.Command, *, sub_commands: bool = True) -> None:
    """Placeholders and the help option of `command` (and its sub-commands).
    Once per command: the root is built once and run many times (in tests, and
    in the session agent)."""
    if getattr(command, "_loket_localised", False):
        return
    _set(command, "_loket_localised", True)
    context = click_core.Context(command, info_name=command.name)
    help_option = command.get_help_option(context)
    if help_option is not None:
        help_option.help = t("help.option.help")
        _set(help_option, "callback", _localised(help_option.callback))
    command.options_metavar = t("help.metavar.options")
    for param in command.params:
        if isinstance(param, TyperArgument):
            word = _argument_word(param.name or "")
            param.metavar = word
            # Typer wraps a required argument's name in braces in the usage
            # line and adds the type as `<text>`; neither says anything to a worker.
            _set(param, "make_metavar", lambda ctx, usage=False, word=word: word)
            # A copy: the type object (STRING, say) is shared by every parameter.
            param.type = copy.copy(param.type)
            _set(param.type, "get_metavar", lambda param, ctx: "")
        elif (isinstance(param, TyperOption) and not param.is_flag and param.metavar is None
              and param.type.get_metavar(param=param, ctx=context) is None):
            kind = _TYPE_WORDS.get(param.type.name, "value")
            param.metavar = t(f"help.metavar.{kind}").upper()
        elif isinstance(param, TyperOption) and param.name in _COMPLETION:
            param.help = t(_COMPLETION[param.name])
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = t("help.metavar.subcommand")
    if sub_commands and isinstance(command, TyperGroup):
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is not None:
                localise_command(sub)


def _localised(show_help: Any) -> Any:
    def callback(ctx: click_core.Context, param: click_core.Parameter, value: bool) -> Any:
        if value and not ctx.resilient_parsing:
            localise_framework()
        return show_help(ctx, param, value)

    return callback


def _set(target: Any, name: str, value: Any) -> None:
    object.__setattr__(target, name, value)
