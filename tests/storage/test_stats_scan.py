"""`stats` reads the period's events once (for a long period split over two
processes, each a range of the cases), makes the counts over all cases once, and
finds each case's last closure on the events' (case, kind, at) index (issue 27)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from loket_testkit import copy_fixture_store, error_line, invoke

from loketcli.crypto import KdfParams
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.errors import TamperedData
from loketcli.services import stats
from loketcli.services.demo import generate_store
from loketcli.services.vault import Vault, init_vault, unlock_with_passphrase
from loketcli.storage.schema import LATEST_VERSION
from tests.conftest import PASSPHRASE

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=LOCAL_ZONE)


@pytest.fixture
def busy_store(db_path: Path) -> Path:
    init_vault(db_path, PASSPHRASE, NOW, KdfParams.fresh(memory_kib=64, iterations=1, lanes=1))
    vault = unlock_with_passphrase(db_path, PASSPHRASE)
    try:
        generate_store(vault, 300, NOW, seed=7)
        _add_what_the_demo_lacks(vault)
    finally:
        vault.close()
    return db_path


def _add_what_the_demo_lacks(vault: Vault) -> None:
    """What makes the counts settle against other rows, which the demo store
    does not have: scores recorded later (some withdrawn, some at the very
    second of the closure), withdrawn closures and contacts, hand-overs long
    before the closure, a reopening closed again, a case sent to a colleague,
    two contacts in one second, and contacts in the hour the clocks go back."""
    import random

    from loketcli.domain.model import (
        CaseClosed,
        CaseId,
        CaseReopened,
        Consult,
        EventRetracted,
        Handover,
        SatisfactionRecorded,
        TransferSent,
    )

    rng = random.Random(5)
    with vault.write() as uow:
        rows = uow.conn.execute("SELECT id, case_id, kind, at FROM events ORDER BY id").fetchall()
        for event_id, case, _, at in rng.sample([r for r in rows if r[2] == "gesloten"], 60):
            when, case_id, choice = datetime.fromisoformat(at), CaseId(case), rng.randrange(8)
            if choice == 0:
                uow.cases.add_event(case_id, SatisfactionRecorded(score=rng.randint(1, 5)),
                                    min(when + timedelta(days=rng.randint(1, 400)), NOW))
            elif choice == 1:
                uow.cases.add_event(case_id, SatisfactionRecorded(score=rng.randint(1, 5)), when)
            elif choice == 2:
                later = uow.cases.add_event(case_id, SatisfactionRecorded(score=1), min(when + timedelta(days=40), NOW))
                uow.cases.add_event(case_id, EventRetracted(event_id=later, target_kind="tevredenheid"),
                                    min(when + timedelta(days=41), NOW))
            elif choice == 3:
                uow.cases.add_event(case_id, EventRetracted(event_id=event_id, target_kind="gesloten"),
                                    min(when + timedelta(days=3), NOW))
            elif choice == 4:
                uow.cases.add_event(case_id, Handover(to="wijkteam", warm=True, minutes=5), when - timedelta(days=370))
            elif choice == 5:
                uow.cases.add_event(case_id, CaseReopened(), when + timedelta(days=2))
                uow.cases.add_event(case_id, CaseClosed(result="opgelost", satisfaction=2), when + timedelta(days=5))
                uow.cases.add_event(case_id, SatisfactionRecorded(score=5), when + timedelta(days=5))
            elif choice == 6:
                uow.cases.add_event(case_id, TransferSent(to="x", transfer_id="t", why="w"), when - timedelta(days=1))
            else:
                uow.cases.add_event(case_id, Consult(minutes=15), when)
                uow.cases.add_event(case_id, Consult(minutes=25), when)
        contacts = [r for r in rows if r[2] in ("professionallijn", "consult", "overdracht")]
        for event_id, case, kind, at in rng.sample(contacts, len(contacts) // 10):
            uow.cases.add_event(CaseId(case), EventRetracted(event_id=event_id, target_kind=kind),
                                min(datetime.fromisoformat(at) + timedelta(hours=1), NOW))
        for case in rng.sample(range(1, 301), 10):
            for hour in (0, 1):  # 02:30 local twice, in summer and in winter time
                uow.cases.add_event(CaseId(case), Consult(minutes=10), datetime(2025, 10, 26, hour, 30, tzinfo=UTC))
        uow.cases.forget_keys()


def test_a_year_below_the_split_reads_its_events_once_in_one_process(busy_store: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def no_fork() -> int:
        raise AssertionError("stats must not fork")

    monkeypatch.setattr(os, "fork", no_fork)
    vault = unlock_with_passphrase(busy_store, PASSPHRASE)
    statements: list[str] = []
    try:
        vault.store.conn.set_trace_callback(statements.append)
        counted = stats.compute_stats(vault, date(2025, 1, 1), date(2025, 12, 31), NOW)
    finally:
        vault.store.conn.set_trace_callback(None)
        vault.close()
    # The period's events are found by one statement; their cases come from
    # the primary key, not from a second walk of the period. (Later closures
    # and scores of the year's scored cases are looked up apart, by case; the
    # sample that guesses the period's size looks events up by id.)
    period = "WHERE at >= '2024-12-31T23:00:00Z' AND at < '2025-12-31T23:00:00Z' AND kind IN"
    period_reads = [s for s in statements if period in s]
    assert len(period_reads) == 1, period_reads
    # A year holds most of this store's events: it is walked along the (case, kind, at) index.
    assert "FROM events INDEXED BY idx_events_case_kind_at WHERE" in period_reads[0]
    sample = [s for s in statements if "FROM events WHERE id IN (SELECT value FROM json_each(" in s]
    assert len(sample) == 1
    assert counted["contacts"]["count"] > 100


def test_a_month_is_read_on_the_at_index_and_counts_the_same_either_way(busy_store: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    vault = unlock_with_passphrase(busy_store, PASSPHRASE)
    statements: list[str] = []
    try:
        vault.store.conn.set_trace_callback(statements.append)
        month = stats.compute_stats(vault, date(2026, 3, 1), date(2026, 3, 31), NOW)
        vault.store.conn.set_trace_callback(None)
        period_reads = [s for s in statements if "AND kind IN" in s and "at >= '2026-02-28T23:00:00Z'" in s]
        assert len(period_reads) == 1
        assert "INDEXED BY" not in period_reads[0]
        # Forced along the other index, a month and a year count exactly the same.
        monkeypatch.setattr(stats, "ALONG_CASES_SHARE", 10**6)
        assert stats.compute_stats(vault, date(2026, 3, 1), date(2026, 3, 31), NOW) == month
        year = stats.compute_stats(vault, date(2025, 1, 1), date(2025, 12, 31), NOW)
        monkeypatch.setattr(stats, "ALONG_CASES_SHARE", 0)
        assert stats.compute_stats(vault, date(2025, 1, 1), date(2025, 12, 31), NOW) == year
    finally:
        vault.close()
    assert month["contacts"]["count"] > 5


def test_the_sample_is_exact_in_a_small_store_and_splits_where_asked(busy_store: Path) -> None:
    vault = unlock_with_passphrase(busy_store, PASSPHRASE)
    try:
        with vault.read() as uow:
            start, end = "2024-12-31T23:00:00Z", "2025-12-31T23:00:00Z"
            sample = uow.cases.period_sample(start, end)
            assert sample.events == uow.cases.count_events_between(start, end)
            assert sample.event_id_bound == uow.conn.execute("SELECT count(*) FROM events").fetchone()[0]
            ids = sorted(row[0] for row in uow.conn.execute(
                "SELECT case_id FROM events WHERE at >= ? AND at < ?", (start, end)))
            assert list(sample.case_ids) == ids
            assert sample.case_id_splitting(0.0) == ids[0]
            assert sample.case_id_splitting(0.5) == ids[len(ids) // 2]
            assert sample.case_id_splitting(1.0) == ids[-1]
            assert uow.cases.period_sample("2030-01-01T00:00:00Z", "2031-01-01T00:00:00Z").case_id_splitting(
                0.5) is None
    finally:
        vault.close()


@pytest.mark.parametrize("share", [0.0, 0.6, 1.0])
@pytest.mark.parametrize(("first", "last"), [(date(2025, 1, 1), date(2025, 12, 31)),
                                             (date(2026, 11, 1), date(2026, 11, 30))])
def test_two_processes_count_exactly_what_one_does_and_the_case_wide_counts_once(
        busy_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, first: date, last: date,
        share: float) -> None:
    # Wherever the cases are split (all in the other process, most here, the last one there).
    monkeypatch.setattr(stats, "MY_SHARE", share)
    import os

    original = stats._case_wide
    log = tmp_path / "case-wide.log"

    def logged(*args: object) -> object:
        # Appended from whichever process makes these counts (a fork's included).
        with log.open("a") as sink:
            sink.write(f"{os.getpid()}\n")
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(stats, "_case_wide", logged)
    vault = unlock_with_passphrase(busy_store, PASSPHRASE)
    try:
        monkeypatch.setattr(stats, "PARALLEL_THRESHOLD", 10**9)
        single = stats.compute_stats(vault, first, last, NOW)
        assert log.read_text().split() == [str(os.getpid())]
        log.unlink()
        monkeypatch.setattr(stats, "PARALLEL_THRESHOLD", 0)
        split = stats.compute_stats(vault, first, last, NOW)
    finally:
        vault.close()
    # Once, in the second process, which counts fewer cases' events to make up for it.
    assert len(log.read_text().split()) == 1
    assert log.read_text().split() != [str(os.getpid())]
    assert single["contacts"]["count"] > 20
    assert split == single
    assert list(split) == list(single)


def test_open_at_the_end_uses_the_case_kind_index(busy_store: Path) -> None:
    conn = sqlite3.connect(busy_store)
    try:
        plan = " ".join(str(row) for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM cases c WHERE c.opened_at < :end AND COALESCE(("
            " SELECT e.kind FROM events e WHERE e.case_id = c.id AND e.kind IN ('gesloten', 'heropend')"
            " AND e.at < :end ORDER BY e.at DESC, e.id DESC LIMIT 1), 'heropend') <> 'gesloten'", {"end": "2026"}))
    finally:
        conn.close()
    assert "COVERING INDEX idx_events_case_kind_at" in plan


def test_a_schema_9_store_gains_the_index_at_its_first_open(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = copy_fixture_store(9, db_path, monkeypatch)
    counted = invoke(["stats", "--year", "2026", "--format", "json"], env=env)
    assert counted.exit_code == 0, counted.stderr
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("SELECT sql FROM sqlite_master WHERE name = 'idx_events_case_kind_at'").fetchone() == (
            "CREATE INDEX idx_events_case_kind_at ON events(case_id, kind, at)",)
    finally:
        conn.close()


def test_an_intake_event_is_still_opened_though_its_fields_are_not_needed(busy_store: Path) -> None:
    # Its clear time moved by hand (within the year): it no longer opens, and stats says which record.
    conn = sqlite3.connect(busy_store)
    try:
        event_id, at = conn.execute("SELECT id, at FROM events WHERE kind = 'intake' AND at >= '2025-03'"
                                    " AND at < '2025-11' ORDER BY id LIMIT 1").fetchone()
        moved = at[:-2] + ("1Z" if at[-2] != "1" else "2Z")  # a second later or earlier
        conn.execute("UPDATE events SET at = ? WHERE id = ?", (moved, event_id))
        conn.commit()
    finally:
        conn.close()
    counted = invoke(["stats", "--year", "2025", "--format", "json"], env={"LOKET_PASSPHRASE": PASSPHRASE})
    assert counted.exit_code == 1
    assert counted.stderr == error_line("error.tampered_record", table="events", id=event_id)


@given(st.dictionaries(st.integers(min_value=0, max_value=600).map(str), st.integers(min_value=0, max_value=40),
                       max_size=12))
def test_the_median_of_a_histogram_is_the_median_of_its_values(histogram: dict[str, int]) -> None:
    import statistics

    values = [int(value) for value, count in histogram.items() for _ in range(count)]
    expected = float(statistics.median(values)) if values else None
    found = stats._histogram_median(histogram)
    assert (found, type(found)) == (expected, type(expected))


def test_without_a_process_to_fork_the_count_is_made_here(busy_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    vault = unlock_with_passphrase(busy_store, PASSPHRASE)
    try:
        monkeypatch.setattr(stats, "PARALLEL_THRESHOLD", 10**9)
        single = stats.compute_stats(vault, date(2025, 1, 1), date(2025, 12, 31), NOW)

        def no_more() -> int:
            raise BlockingIOError("out of processes")

        monkeypatch.setattr(os, "fork", no_more)
        monkeypatch.setattr(stats, "PARALLEL_THRESHOLD", 0)
        assert stats.compute_stats(vault, date(2025, 1, 1), date(2025, 12, 31), NOW) == single
    finally:
        vault.close()


# Share 0: the forked process counts every case, so the damaged record (the
# last one) is its to find. Share 1.0: this process counts every case but the
# last, and finds the damaged first one while the other is still at work.
@pytest.mark.parametrize(("order", "share"), [("id DESC", 0.0), ("case_id, id", 1.0)],
                         ids=["found-by-the-other-process", "found-here"])
def test_a_damaged_record_is_named_by_whichever_process_finds_it_and_no_process_is_left(
        busy_store: Path, monkeypatch: pytest.MonkeyPatch, order: str, share: float) -> None:
    import os

    event_id = _move_a_counted_record(busy_store, order)
    monkeypatch.setattr(stats, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(stats, "MY_SHARE", share)
    vault = unlock_with_passphrase(busy_store, PASSPHRASE)
    try:
        with pytest.raises(TamperedData) as raised:
            stats.compute_stats(vault, date(2025, 1, 1), date(2025, 12, 31), NOW)
    finally:
        vault.close()
    assert (raised.value.key, raised.value.params) == ("error.tampered_record", {"table": "events", "id": event_id})
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the other process is gone and reaped


def _move_a_counted_record(store: Path, order: str) -> int:
    """Move one call of 2025 that still counts (not withdrawn) by a second,
    as a hand edit would: it no longer opens. Its id."""
    vault = unlock_with_passphrase(store, PASSPHRASE)
    try:
        with vault.read() as uow:
            withdrawn = uow.cases.withdrawn_event_ids()
    finally:
        vault.close()
    conn = sqlite3.connect(store)
    try:
        event_id, at = next(row for row in conn.execute(
            "SELECT id, at FROM events WHERE kind = 'professionallijn' AND at >= '2025-03' AND at < '2025-11'"
            f" ORDER BY {order}") if row[0] not in withdrawn)
        conn.execute("UPDATE events SET at = ? WHERE id = ?", (at[:-2] + ("1Z" if at[-2] != "1" else "2Z"), event_id))
        conn.commit()
    finally:
        conn.close()
    return int(event_id)
