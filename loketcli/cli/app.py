"""Assembles the `loket` app and is the single boundary between errors and exit codes.

Exit codes: 0 success; 2 bad input (usage, invalid value, unknown case or
vocabulary term); 3 locked store or wrong passphrase; 1 anything else.
No traceback ever reaches the worker: it could hold personal data in its
local variables, and it says nothing a desk worker can act on.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

# Typer 0.28 vendors its own copy of click; the exceptions it raises are these,
# not the stand-alone click package's (which sqlite-utils happens to install).
from typer._click import core as click_core
from typer._click import exceptions as click
from typer.core import TyperGroup

from loketcli.cli import (
    cmd_agenda,
    cmd_audit,
    cmd_backup,
    cmd_call,
    cmd_close,
    cmd_config,
    cmd_demo,
    cmd_edit,
    cmd_erase,
    cmd_export,
    cmd_find,
    cmd_followup,
    cmd_handover,
    cmd_init,
    cmd_intake,
    cmd_inzage,
    cmd_list,
    cmd_note,
    cmd_passwd,
    cmd_show,
    cmd_stats,
    cmd_summary,
    cmd_unlock,
    cmd_visit,
)
from loketcli.errors import LoketError
from loketcli.i18n import t

EXIT_OK, EXIT_OTHER, EXIT_BAD_INPUT, EXIT_LOCKED = 0, 1, 2, 3


def _say(text: str) -> None:
    sys.stderr.write(f"loket: {text}\n")
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
            return t("error.no_such_command") + " " + t("error.usage_hint", command="loket")
        return t("error.usage") + hint
    return t("error.generic")


def _param_name(param: click_core.Parameter) -> str:
    if param.param_type_name == "option" and param.opts:
        return max(param.opts, key=len)
    return (param.name or "?").upper()


class LoketGroup(TyperGroup):
    """The root group: runs a command and turns whatever it raises into one
    Dutch line on stderr and the documented exit code."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
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
                typer.echo(error.ctx.get_help())
            code = EXIT_OK
        except click.ClickException as error:
            _say(_usage_message(error))
            code = EXIT_BAD_INPUT if isinstance(error, click.UsageError) else EXIT_OTHER
        except BrokenPipeError:
            # The reader (`| head`) went away; nothing left to tell anyone.
            code = EXIT_OTHER
        except (typer.Abort, KeyboardInterrupt, EOFError):
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


@app.callback()
def root(
    lang: Annotated[str | None, typer.Option("--lang", help=t("help.loket.lang"),
                                             envvar="LOKET_LANG", show_envvar=False)] = None,
    version: Annotated[bool, typer.Option("--version", help=t("help.loket.version"), is_eager=True,
                                          callback=_show_version)] = False,
) -> None:
    """The global options. Help texts come from the catalogue at import time (LOKET_LANG), not from --lang."""
    from loketcli.errors import BadInput
    from loketcli.i18n import available_languages, set_language

    if lang is not None:
        if lang.lower() not in available_languages():
            raise BadInput("error.lang", choices=", ".join(available_languages()))
        set_language(lang.lower())


app.command("init", help=t("help.init"))(cmd_init.init)
app.command("unlock", help=t("help.unlock"))(cmd_unlock.unlock)
app.command("lock", help=t("help.lock"))(cmd_unlock.lock)
app.command("intake", help=t("help.intake"))(cmd_intake.intake)
app.command("show", help=t("help.show"))(cmd_show.show)
app.command("list", help=t("help.list"))(cmd_list.list_cases)
app.command("call", help=t("help.call"))(cmd_call.call)
app.command("note", help=t("help.note"))(cmd_note.note)
app.command("visit", help=t("help.visit"))(cmd_visit.visit)
app.command("handover", help=t("help.handover"))(cmd_handover.handover)
app.command("edit", help=t("help.edit"))(cmd_edit.edit)
app.command("find", help=t("help.find"))(cmd_find.find)
app.add_typer(cmd_followup.app, name="followup")
app.command("today", help=t("help.today"))(cmd_agenda.today)
app.command("agenda", help=t("help.agenda"))(cmd_agenda.agenda_command)
app.command("close", help=t("help.close"))(cmd_close.close)
app.command("reopen", help=t("help.reopen"))(cmd_close.reopen)
app.command("summary", help=t("help.summary"))(cmd_summary.summary)
app.command("export", help=t("help.export"))(cmd_export.export)
app.add_typer(cmd_stats.app, name="stats")
app.command("erase", help=t("help.erase"))(cmd_erase.erase)
app.command("purge", help=t("help.purge"))(cmd_erase.purge)
app.add_typer(cmd_config.app, name="config")
app.command("inzage", help=t("help.inzage"))(cmd_inzage.inzage)
app.add_typer(cmd_audit.app, name="audit")
app.command("passwd", help=t("help.passwd"))(cmd_passwd.passwd)
app.command("backup", help=t("help.backup"))(cmd_backup.backup)
app.command("restore", help=t("help.restore"))(cmd_backup.restore)
app.command("verify", help=t("help.verify"))(cmd_backup.verify)
app.command("demo", help=t("help.demo"))(cmd_demo.demo)


def main() -> None:
    try:
        app(prog_name="loket")
    except SystemExit:
        raise
    except BaseException:  # noqa: BLE001 - last resort: never a traceback
        _say(t("error.generic"))
        sys.exit(EXIT_OTHER)
