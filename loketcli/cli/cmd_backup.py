"""`loket backup`, `loket restore` and `loket verify`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t


def backup(
    file: Annotated[Path, typer.Argument(help=t("help.backup.file"), dir_okay=False, show_default=False)],
    force: Annotated[bool, typer.Option("--force", help=t("help.backup.force"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket backup FILE`: an encrypted, verified copy, safe while loket is in use."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.progress import progress_bar
    from loketcli.domain import clock
    from loketcli.render.console import message
    from loketcli.services.backup import backup as make_backup

    vault = open_vault(db, passphrase_file)
    with progress_bar("progress.backup") as progress:
        report = make_backup(vault, file, clock.now(), overwrite=force, progress=progress)
    message(t("backup.done", path=str(file), count=report.checked))


def restore(
    file: Annotated[Path, typer.Argument(help=t("help.restore.file"), dir_okay=False, show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help=t("help.restore.yes"))] = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket restore FILE`: put a backup back; erasures made since stay applied."""
    from loketcli.cli.context import passphrase_without_session, resolve_db
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain import clock
    from loketcli.errors import BadInput
    from loketcli.render.console import message
    from loketcli.services.backup import restore as put_back

    path = resolve_db(db)
    passphrase = passphrase_without_session(passphrase_file)
    if path.exists() and not yes:
        if not is_interactive():
            raise BadInput("error.needs_yes")
        if not confirm(t("restore.confirm", path=str(path)), default=False):
            raise typer.Abort()
    from loketcli.cli.progress import progress_bar

    with progress_bar("progress.restore") as progress:
        report = put_back(path, file, passphrase, clock.now(), progress=progress)
    message(t("restore.done", count=report.checked, erased=report.reapplied_erasures))
    if report.left_out:
        message(t("restore.left_out", count=len(report.left_out)))


def verify(
    rebuild_index: Annotated[bool, typer.Option("--rebuild-index", help=t("help.verify.rebuild_index"))] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket verify`: SQLite integrity, keyslots, every encrypted value, the state MACs and the audit trail."""
    from loketcli.cli.context import open_vault
    from loketcli.errors import TamperedData
    from loketcli.render.console import message, print_json
    from loketcli.services.backup import verify_store

    vault = open_vault(db, passphrase_file)
    if rebuild_index:
        from loketcli.domain import clock
        from loketcli.services.search import rebuild_index as rebuild

        rebuild(vault, clock.now())
        message(t("verify.index_rebuilt"))
    from loketcli.cli.progress import progress_bar

    with progress_bar("progress.verify") as progress:
        report = verify_store(vault, progress)
    if as_json:
        print_json({"integrity": report.integrity, "checked": report.checked,
                    "failures": [{"table": table, "id": row} for table, row in report.failures],
                    "keyslots": list(report.keyslots), "state": list(report.state),
                    "missing": list(report.missing), "erased_present": list(report.erased),
                    "meta_intact": report.meta_ok,
                    "audit_intact": report.audit.ok, "index": [f"K-{i:04d}" for i in report.index if i],
                    "index_intact": not report.index, "ok": report.ok})
    for table, row in report.failures:
        message(t("verify.failure", table=table, id=row))
    for kind in report.keyslots:
        message(t("verify.keyslot_failure", slot=kind))
    for case_id in report.state:
        message(t("verify.state_failure", case=f"K-{case_id:04d}"))
    for case_id in report.missing:
        message(t("verify.missing_case", case=f"K-{case_id:04d}"))
    for case_id in report.erased:
        message(t("verify.erased_case", case=f"K-{case_id:04d}"))
    for case_id in report.index:
        message(t("verify.index_failure", case=f"K-{case_id:04d}") if case_id else t("verify.index_damaged"))
    if report.integrity != "ok":
        raise TamperedData("error.integrity")
    if report.failures:
        raise TamperedData("error.verify_failed", count=len(report.failures))
    if report.keyslots:
        raise TamperedData("error.keyslot_damaged", slot=report.keyslots[0])
    if report.state:
        raise TamperedData("error.state_tampered", case=f"K-{report.state[0]:04d}")
    if report.missing:
        raise TamperedData("error.case_missing", case=f"K-{report.missing[0]:04d}")
    if report.erased:
        raise TamperedData("error.case_erased_back", case=f"K-{report.erased[0]:04d}")
    if not report.meta_ok:
        raise TamperedData("error.meta_tampered")
    if report.audit.first_broken is not None:
        raise TamperedData("error.audit_broken", entry=report.audit.first_broken)
    if not report.audit.head_ok:
        raise TamperedData("error.audit_truncated", count=report.audit.checked)
    if report.index:
        raise TamperedData("error.index_mismatch")
    message(t("verify.ok", count=report.checked))
