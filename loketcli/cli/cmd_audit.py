"""`loket audit` and `loket audit verify`: who looked at or changed what, and whether the trail is intact."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

app = typer.Typer(help=t("help.audit"), invoke_without_command=True)


@app.callback()
def entries(
    ctx: typer.Context,
    case: Annotated[str | None, typer.Option("--case", help=t("help.audit.case"))] = None,
    since: Annotated[str | None, typer.Option("--from", help=t("help.audit.from"))] = None,
    until: Annotated[str | None, typer.Option("--to", help=t("help.audit.to"))] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket audit`: the trail itself (no personal data: only commands and case numbers)."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import datetime, timedelta

    from loketcli.cli.context import open_vault
    from loketcli.domain import clock
    from loketcli.domain.dates import Direction, parse_when
    from loketcli.domain.model import parse_case_id
    from loketcli.render.audit import audit_json, audit_table
    from loketcli.render.console import out, print_json
    from loketcli.services.privacy import audit_entries

    now = clock.now()
    start = end = None
    if since:
        start = datetime.combine(parse_when(since, now, direction=Direction.PAST).day, datetime.min.time(),
                                 tzinfo=clock.LOCAL_ZONE)
    if until:
        end = datetime.combine(parse_when(until, now, direction=Direction.PAST).day + timedelta(days=1),
                               datetime.min.time(), tzinfo=clock.LOCAL_ZONE)
    found = audit_entries(open_vault(db, passphrase_file), parse_case_id(case) if case else None, start, end)
    if as_json:
        print_json(audit_json(found))
    else:
        out().print(audit_table(found))


@app.command("verify", help=t("help.audit.verify"))
def verify(
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket audit verify`: the hash chain is unbroken and not truncated."""
    from loketcli.cli.context import open_vault
    from loketcli.errors import TamperedData
    from loketcli.render.console import message
    from loketcli.services.privacy import verify_audit

    report = verify_audit(open_vault(db, passphrase_file))
    if report.first_broken is not None:
        raise TamperedData("error.audit_broken", entry=report.first_broken)
    if not report.head_ok:
        raise TamperedData("error.audit_truncated", count=report.checked)
    message(t("audit.intact", count=report.checked))
