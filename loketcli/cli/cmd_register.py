"""`loket register setup|consent|push|history|status`: the municipality's contact register."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.register"), no_args_is_help=True)


@app.command("setup", help=t("help.register.setup"))
def setup(
    url: Annotated[str | None, typer.Option("--url", help=t("help.register.setup.url"))] = None,
    token_stdin: Annotated[bool, typer.Option("--token-stdin", help=t("help.register.setup.token_stdin"))] = False,
    send_bsn: Annotated[bool | None, typer.Option("--send-bsn/--no-send-bsn",
                                                  help=t("help.register.setup.send_bsn"))] = None,
    worker: Annotated[str | None, typer.Option("--worker", help=t("help.register.setup.worker"))] = None,
    me: Annotated[str | None, typer.Option("--me", help=t("help.register.setup.me"))] = None,
    team: Annotated[list[str] | None, typer.Option("--team", help=t("help.register.setup.team"))] = None,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket register setup --url URL` and the token from a prompt or stdin, never argv."""
    import sys

    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import ask_secret, is_interactive
    from loketcli.domain import clock
    from loketcli.register.push import configure
    from loketcli.render.console import message

    if url is None and not token_stdin and send_bsn is None and worker is None and me is None and not team:
        from loketcli.errors import BadInput

        # Before the passphrase: there is nothing to do.
        raise BadInput("error.register_setup_nothing")
    vault = open_vault(db, passphrase_file)
    token: str | None = None
    if token_stdin:
        token = sys.stdin.readline(512).rstrip("\r\n")
    elif url is not None and is_interactive():
        token = ask_secret("prompt.register_token")
    if url is not None or token is not None or send_bsn is not None or worker is not None:
        stored = configure(vault, clock.now(), url=url, token=token, send_bsn=send_bsn, worker=worker)
        message(t("register.configured", url=stored.url or "-", bsn=t("yes") if stored.send_bsn else t("no"),
                  token=t("yes") if stored.has_token else t("no")))
    # -- issue 25: the worker's and the teams' actors in the register --
    if me is not None or team:
        from loketcli.register.inbox import configure_team

        found = configure_team(vault, clock.now(), me=me, teams=tuple(team or ()))
        message(t("register.team_configured", me=t("yes") if found.me else t("no"), teams=len(found.teams)))


@app.command("status", help=t("help.register.status"))
def status(
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket register status`: where pushes go, whether a token is set, and the BSN setting."""
    from loketcli.cli.context import open_vault
    from loketcli.register.push import settings
    from loketcli.render.console import print_json
    from loketcli.render.safe import neutralise

    current = settings(open_vault(db, passphrase_file))
    fields = {"url": current.url, "token": current.has_token, "send_bsn": current.send_bsn,
              "worker": current.worker}
    if as_json:
        print_json(fields)
        return
    # A store from before the control-character check may hold one in the worker's name.
    typer.echo(f"{t('register.status.url')}: {neutralise(current.url or '-', lines=False)}")
    typer.echo(f"{t('register.status.token')}: {t('yes') if current.has_token else t('no')}")
    typer.echo(f"{t('register.status.send_bsn')}: {t('yes') if current.send_bsn else t('no')}")
    typer.echo(f"{t('register.status.worker')}: {neutralise(current.worker, lines=False)}")


@app.command("consent", help=t("help.register.consent"))
def consent(
    case: Annotated[str, typer.Argument(help=t("help.register.consent.case"), show_default=False)],
    withdraw: Annotated[bool, typer.Option("--withdraw", help=t("help.register.consent.withdraw"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket register consent CASE [--withdraw]`: the visitor's consent to registration."""
    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, parse_case_id
    from loketcli.register.push import set_consent
    from loketcli.render.console import message

    case_id = parse_case_id(case)
    set_consent(open_vault(db, passphrase_file), case_id, not withdraw, clock.now())
    message(t("register.consent_withdrawn" if withdraw else "register.consent_given", case=format_case_id(case_id)))


@app.command("push", help=t("help.register.push"))
def push(
    case: Annotated[list[str] | None, typer.Option("--case", help=t("help.register.push.case"))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.register.push.dry_run"))] = False,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=16,
                                             help=t("help.register.push.concurrency"))] = 4,
    retry_refused: Annotated[bool, typer.Option("--retry-refused", help=t("help.register.push.retry_refused"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket register push [--dry-run]`: send what is new or changed; exit 1 when a case failed."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.progress import push_progress
    from loketcli.domain import clock
    from loketcli.domain.klantinteracties import dutch_labels
    from loketcli.domain.model import parse_case_id
    from loketcli.register.push import PushOptions
    from loketcli.register.push import push as run_push
    from loketcli.render.console import message, print_json
    from loketcli.render.register import push_json, push_lines

    options = PushOptions(dry_run=dry_run, case_ids=tuple(parse_case_id(c) for c in case or ()),
                          concurrency=concurrency, retry_refused=retry_refused)
    vault = open_vault(db, passphrase_file)
    with push_progress() as progress:
        report = run_push(vault, dutch_labels(), clock.now(), options, progress=progress)
    if as_json:
        print_json(push_json(report))
    else:
        for line in push_lines(report):
            typer.echo(line)
    for line in push_lines(report, summary=True):
        message(line)
    if not report.ok:
        raise typer.Exit(1)


@app.command("history", help=t("help.register.history"))
def history(
    case: Annotated[str | None, typer.Argument(help=t("help.register.history.case"), show_default=False)] = None,
    bsn_stdin: Annotated[bool, typer.Option("--bsn-stdin", help=t("help.register.history.bsn_stdin"))] = False,
    ask_bsn: Annotated[bool, typer.Option("--bsn", help=t("help.register.history.bsn"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket register history CASE`, or `--bsn` (asked at a prompt) for someone without a case here."""
    import sys

    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import ask_secret, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
    from loketcli.errors import BadInput
    from loketcli.register.history import history as read_history
    from loketcli.render.console import message, print_json
    from loketcli.render.register import history_json, history_lines

    case_id = parse_case_id(case) if case else None
    bsn: str | None = None
    if bsn_stdin:
        bsn = sys.stdin.readline(64).strip()
    elif ask_bsn:
        if not is_interactive():
            # getpass would fall back to echoing the BSN on a pipe.
            raise BadInput("error.register_bsn_no_terminal")
        bsn = ask_secret("prompt.register_bsn")
    if case_id is None and not bsn:
        raise BadInput("error.register_history_key")
    contacts = read_history(open_vault(db, passphrase_file), clock.now(), case_id=case_id, bsn=bsn)
    if as_json:
        print_json(history_json(contacts))
        return
    for line in history_lines(contacts):
        typer.echo(line)
    if not contacts:
        message(t("register.history_none"))


# -- issue 25: the teams in the register, for `contactverzoek --to` and `setup --team` --
@app.command("teams", help=t("help.register.teams"))
def teams(
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket register teams`: identificator and name of each team in the register; mine marked."""
    from loketcli.cli.context import open_vault
    from loketcli.register.inbox import list_teams, team_settings
    from loketcli.render.console import message, print_json
    from loketcli.render.safe import neutralise

    vault = open_vault(db, passphrase_file)
    found = list_teams(vault)
    mine = {a.uuid for a in team_settings(vault).teams}
    if as_json:
        print_json({"teams": [{"id": a.ident, "name": a.name, "mine": a.uuid in mine} for a in found]})
        return
    for actor in found:
        typer.echo(f"{'*' if actor.uuid in mine else ' '} {neutralise(actor.ident, lines=False)}  "
                   f"{neutralise(actor.name, lines=False)}")
    if not found:
        message(t("register.teams_none"))
