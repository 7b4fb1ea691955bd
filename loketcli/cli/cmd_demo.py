"""`loket demo`: a throwaway store with synthetic cases, shown as a worker would see them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from loketcli.i18n import t


def demo(
    db: Annotated[Path | None, typer.Option("--db", help=t("help.demo.db"),
                                            dir_okay=False)] = None,
    cases: Annotated[int | None, typer.Option("--cases", min=1, max=1_000_000,
                                              help=t("help.demo.cases"))] = None,
    kdf_memory_kib: Annotated[int | None, typer.Option(hidden=True, min=8)] = None,
) -> None:
    """`loket demo`: made-up cases in a throwaway store, or a large one for benchmarks."""
    from loketcli.domain import clock
    from loketcli.render.cases import case_panel, case_table
    from loketcli.render.console import message, out
    from loketcli.render.followups import agenda_view
    from loketcli.services.cases import get_case_with_followups, list_cases
    from loketcli.services.demo import DEMO_PASSPHRASE, record_demo_cases
    from loketcli.services.followups import agenda
    from loketcli.services.vault import init_vault, unlock_with_passphrase

    passphrase = os.environ.get("LOKET_PASSPHRASE") or DEMO_PASSPHRASE
    with tempfile.TemporaryDirectory(prefix="loket-demo-") as scratch:
        path = db.expanduser() if db is not None else Path(scratch) / "demo.db"
        kdf = None
        if kdf_memory_kib is not None:
            from loketcli.crypto import KdfParams

            kdf = KdfParams.fresh(memory_kib=kdf_memory_kib, iterations=1, lanes=1)
        init_vault(path, passphrase, clock.now(), kdf)
        vault = unlock_with_passphrase(path, passphrase)
        if cases is not None:
            from loketcli.cli.progress import progress_bar
            from loketcli.services.demo import generate_store

            try:
                with progress_bar("progress.demo") as progress:
                    generate_store(vault, cases, clock.now(), progress=progress)
            finally:
                vault.close()
            message(t("demo.generated", count=cases, path=str(path)))
            if db is not None and not os.environ.get("LOKET_PASSPHRASE"):
                message(t("demo.passphrase", passphrase=DEMO_PASSPHRASE))
            return
        try:
            case_ids = record_demo_cases(vault, clock.now())
            message(t("demo.intro", count=len(case_ids)))
            out().print(case_table(list_cases(vault, status=None, agency=None), names=True), soft_wrap=True)
            for case_id in case_ids:
                out().print(case_panel(get_case_with_followups(vault, case_id)))
            message(t("demo.agenda"))
            out().print(agenda_view(agenda(vault, clock.now(), working_days_ahead=5), names=False), soft_wrap=True)
        finally:
            vault.close()
        if db is not None:
            message(t("demo.kept", path=str(path)))
            if not os.environ.get("LOKET_PASSPHRASE"):
                message(t("demo.passphrase", passphrase=DEMO_PASSPHRASE))
        else:
            message(t("demo.discarded"))
