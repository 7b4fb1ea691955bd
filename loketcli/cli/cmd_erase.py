"""`loket erase CASE` and `loket purge`: erasure for good (crypto-shredding)."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def erase(
    case: Annotated[str, typer.Argument(help=t("help.erase.case"), show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help=t("help.erase.yes"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket erase CASE`: erase a case for good (right to erasure)."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id, parse_case_id
    from loketcli.errors import BadInput
    from loketcli.render.console import message
    from loketcli.services.privacy import erase_case, sent_to_register

    case_id = parse_case_id(case)
    vault = open_vault(db, passphrase_file)
    in_register = sent_to_register(vault, case_id)
    if not yes:
        if not is_interactive():
            raise BadInput("error.needs_yes")
        if not confirm(t("erase.confirm", case=format_case_id(case_id)), default=False):
            raise typer.Abort()
    if not erase_case(vault, case_id, clock.now()):
        from loketcli.errors import StoreBusy

        raise StoreBusy("error.erase_wal_busy", case=format_case_id(case_id))
    message(t("erase.done", case=format_case_id(case_id)))
    if in_register:
        message(t("erase.register_note", case=format_case_id(case_id)))


def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.purge.dry_run"))] = False,
    yes: Annotated[bool, typer.Option("--yes", help=t("help.purge.yes"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket purge`: erase every case closed for longer than the retention period."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import format_case_id
    from loketcli.errors import BadInput
    from loketcli.render.console import message, print_json
    from loketcli.services.privacy import purge as run_purge

    vault = open_vault(db, passphrase_file)
    now = clock.now()
    plan = run_purge(vault, now, dry_run=True)
    ids = [format_case_id(i) for i in plan.case_ids]
    if not dry_run and ids and not yes:
        if not is_interactive():
            raise BadInput("error.needs_yes")
        if not confirm(t("purge.confirm", count=len(ids)), default=False):
            raise typer.Abort()
    if not dry_run and ids:
        from loketcli.cli.progress import progress_bar

        with progress_bar("progress.purge") as progress:
            plan = run_purge(vault, now, dry_run=False, progress=progress)
        ids = [format_case_id(i) for i in plan.case_ids]
    if as_json:
        print_json({"retention": plan.retention, "cutoff": clock.local(plan.cutoff).isoformat(),
                    "dry_run": dry_run, "cases": ids})
        return
    for label in ids:
        typer.echo(label)
    key = "purge.would" if dry_run else "purge.done"
    message(t(key, count=len(ids), retention=plan.retention))
    if not plan.wal_emptied:
        from loketcli.errors import StoreBusy

        raise StoreBusy("error.erase_wal_busy", case=", ".join(ids))
    if plan.tampered:
        from loketcli.errors import TamperedData

        raise TamperedData("error.purge_tampered", cases=", ".join(format_case_id(i) for i in plan.tampered))
