"""A long period is counted in two processes; the result must equal one process's."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from loketcli.crypto import KdfParams
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.services import reports
from loketcli.services.demo import generate_store
from loketcli.services.vault import init_vault, unlock_with_passphrase
from tests.conftest import PASSPHRASE

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=LOCAL_ZONE)


@pytest.fixture
def busy_store(db_path: Path) -> Path:
    init_vault(db_path, PASSPHRASE, NOW, KdfParams.fresh(memory_kib=64, iterations=1, lanes=1))
    vault = unlock_with_passphrase(db_path, PASSPHRASE)
    try:
        generate_store(vault, 600, NOW, seed=7)
    finally:
        vault.close()
    return db_path


@pytest.mark.parametrize(("first", "last"), [(date(2025, 1, 1), date(2025, 12, 31)),
                                             (date(2026, 11, 1), date(2026, 11, 30))])
def test_two_processes_count_exactly_what_one_does(busy_store: Path, monkeypatch: pytest.MonkeyPatch,
                                                    first: date, last: date) -> None:
    vault = unlock_with_passphrase(busy_store, PASSPHRASE)
    try:
        monkeypatch.setattr(reports, "PARALLEL_THRESHOLD", 10**9)
        single = reports.compute_stats(vault, first, last, NOW)
        calls: list[str] = []
        original = reports._stats_in_two
        monkeypatch.setattr(reports, "_stats_in_two", lambda *a: calls.append("two") or original(*a))
        monkeypatch.setattr(reports, "PARALLEL_THRESHOLD", 0)
        split = reports.compute_stats(vault, first, last, NOW)
    finally:
        vault.close()
    assert calls == ["two"]
    assert single["contacts"]["count"] > 20
    assert split == single
    assert list(split) == list(single)
