"""Every long command shows its progress on a terminal and nothing when piped
(issue 27): backup, restore, purge, passwd --rotate-key, export and report over
a long period, stats --year and the migrations at the first unlock after an
update, each driven through a pseudo-terminal and piped. (demo and verify:
test_progress.py; register push: tests/register/test_register_push.py.)

Through the terminal the bar is drawn under its catalogue description, runs to
its end and is gone when the command ends (transient): the command's closing
line is the last thing on the screen. Piped, stderr holds exactly the closing
line."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from loket_testkit import (
    FIXTURES,
    copy_fixture_store,
    execute,
    loket_executable,
    rows,
    terminal_env,
    through_a_terminal,
)

from loketcli.cli.context import ANNOUNCE_REBUILD_FROM
from loketcli.cli.progress import THRESHOLD
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.i18n import t
from loketcli.storage.schema import LATEST_VERSION

CASES = 2500  # above the bar's threshold (2,000), a second of work
PASSPHRASE = "voortgang wachtwoord"


# -- running loket --------------------------------------------------------------------


def _demo(db: Path, cases: int) -> Path:
    db.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([loket_executable(), "demo", "--cases", str(cases), "--db", str(db),
                           "--kdf-memory-kib", "64"], env=terminal_env(db, PASSPHRASE), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return db


def _at_terminal(db: Path, *args: str) -> tuple[int, str]:
    """loket with a pseudo-terminal on stdin and stderr: its exit code and what the terminal received."""
    return through_a_terminal([loket_executable(), *args], terminal_env(db, PASSPHRASE), timeout=120)


def _piped(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([loket_executable(), *args], env=terminal_env(db, PASSPHRASE), capture_output=True,
                          text=True)


def _checked(db: Path) -> int:
    """How many values `verify` checks in the store at `db` (it writes nothing)."""
    done = _piped(db, "verify", "--json", "--db", str(db))
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["checked"])


def _bar(text: str, key: str) -> list[tuple[int, int]]:
    """(done, total) of every frame of the bar described by `key` in what the terminal received."""
    return [(int(done), int(total)) for done, total in
            re.findall(re.escape(t(key)) + r" [^\r\n]*?(\d+)/(\d+)", text)]


_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")
_ERASE_LINE = "\x1b[2K"


def _last_line(text: str) -> tuple[str, str]:
    """The last line the terminal received (after its last line break but the
    final one): as received, and as it reads (without cursor moves, erasures,
    colours and carriage returns)."""
    raw = text.rstrip("\r\n").rsplit("\n", 1)[-1]
    return raw, _CONTROL.sub("", raw)


def _drew_a_whole_bar(code: int, text: str, key: str, closing: str) -> None:
    """Exit 0; a bar under `key` over at least THRESHOLD items that reached its
    end; and the closing line last, with the bar gone."""
    assert code == 0, text
    frames = _bar(text, key)
    assert frames, text
    done, total = frames[-1]
    assert done == total >= THRESHOLD, frames
    raw, shown = _last_line(text)
    # The bar is gone at the end (transient): its line erased, the closing line written in its place.
    assert (shown, raw.endswith(_ERASE_LINE + closing)) == (closing, True), text[-600:]


def _no_bar(done: subprocess.CompletedProcess[str], stderr: str, stdout: str = "") -> None:
    assert (done.returncode, done.stdout, done.stderr) == (0, stdout, stderr)


# -- the stores -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CASES synthetic cases over the two years before today, made once; tests copy it."""
    return _demo(tmp_path_factory.mktemp("progress-store") / "loket.db", CASES)


def _copy(store: Path, to: Path) -> Path:
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store, to)
    return to


# -- backup and restore ---------------------------------------------------------------


def test_backup_draws_its_bar_on_a_terminal_and_nothing_piped(demo_store: Path, tmp_path: Path) -> None:
    db = _copy(demo_store, tmp_path / "terminal" / "loket.db")
    file = tmp_path / "terminal" / "backup.loket"
    code, text = _at_terminal(db, "backup", str(file))
    _drew_a_whole_bar(code, text, "progress.backup", t("backup.done", path=str(file), count=_checked(file)))

    db = _copy(demo_store, tmp_path / "piped" / "loket.db")
    file = tmp_path / "piped" / "backup.loket"
    done = _piped(db, "backup", str(file))
    _no_bar(done, t("backup.done", path=str(file), count=_checked(file)) + "\n")


def test_restore_draws_its_bar_on_a_terminal_and_nothing_piped(demo_store: Path, tmp_path: Path) -> None:
    file = tmp_path / "backup.loket"
    made = _piped(_copy(demo_store, tmp_path / "source" / "loket.db"), "backup", str(file))
    assert made.returncode == 0, made.stderr

    db = tmp_path / "terminal" / "loket.db"
    code, text = _at_terminal(db, "restore", str(file))
    _drew_a_whole_bar(code, text, "progress.restore", t("restore.done", count=_checked(db), erased=0))

    db = tmp_path / "piped" / "loket.db"
    done = _piped(db, "restore", str(file))
    _no_bar(done, t("restore.done", count=_checked(db), erased=0) + "\n")


# -- purge ----------------------------------------------------------------------------


def _past_retention(store: Path, to: Path) -> tuple[Path, list[str]]:
    """A copy of the store where every case closed before yesterday is past
    retention, and those cases."""
    db = _copy(store, to)
    set_ = _piped(db, "config", "set", "retention", "1d")
    assert (set_.returncode, set_.stderr) == (0, t("config.set", setting="retention", value="1d") + "\n")
    plan = _piped(db, "purge", "--dry-run", "--json")
    assert plan.returncode == 0, plan.stderr
    cases: list[str] = json.loads(plan.stdout)["cases"]
    # Checking and erasing each: two steps a case, over the bar's threshold.
    assert 2 * len(cases) >= THRESHOLD
    return db, cases


def test_purge_draws_its_bar_on_a_terminal_and_nothing_piped(demo_store: Path, tmp_path: Path) -> None:
    db, cases = _past_retention(demo_store, tmp_path / "terminal" / "loket.db")
    code, text = _at_terminal(db, "purge", "--yes")
    _drew_a_whole_bar(code, text, "progress.purge", t("purge.done", count=len(cases), retention="1d"))
    assert _bar(text, "progress.purge")[-1][1] == 2 * len(cases)

    db, cases = _past_retention(demo_store, tmp_path / "piped" / "loket.db")
    done = _piped(db, "purge", "--yes")
    _no_bar(done, t("purge.done", count=len(cases), retention="1d") + "\n", "".join(f"{c}\n" for c in cases))


# -- passwd --rotate-key --------------------------------------------------------------


def test_rotate_key_draws_its_bar_on_a_terminal_and_nothing_piped(demo_store: Path, tmp_path: Path) -> None:
    db = _copy(demo_store, tmp_path / "terminal" / "loket.db")
    code, text = _at_terminal(db, "passwd", "--rotate-key")
    _drew_a_whole_bar(code, text, "progress.rotate", t("passwd.rotated"))
    # Each case checked, then each case key rewrapped.
    assert _bar(text, "progress.rotate")[-1][1] == 2 * CASES

    db = _copy(demo_store, tmp_path / "piped" / "loket.db")
    _no_bar(_piped(db, "passwd", "--rotate-key"), t("passwd.rotated") + "\n")


# -- export, report and stats over a long period ---------------------------------------


def _long_period() -> list[str]:
    """From three years ago to today: every demo case's contacts."""
    today = datetime.now(LOCAL_ZONE).date()
    return ["--from", date(today.year - 3, 1, 1).isoformat(), "--to", today.isoformat()]


def _last_year() -> str:
    """The demo's cases span the two years before today: last year is all in it."""
    return str(datetime.now(LOCAL_ZONE).year - 1)


def _exported(file: Path) -> int:
    with file.open(newline="", encoding="utf-8-sig") as handle:
        return len(list(csv.reader(handle, delimiter=";"))) - 1


def test_export_over_a_long_period_draws_its_bar_on_a_terminal_and_nothing_piped(
        demo_store: Path, tmp_path: Path) -> None:
    db = _copy(demo_store, tmp_path / "loket.db")
    file = tmp_path / "terminal.csv"
    code, text = _at_terminal(db, "export", *_long_period(), "-o", str(file))
    _drew_a_whole_bar(code, text, "progress.reading", t("export.written", path=str(file), count=_exported(file)))

    file = tmp_path / "piped.csv"
    done = _piped(db, "export", *_long_period(), "-o", str(file))
    _no_bar(done, t("export.written", path=str(file), count=_exported(file)) + "\n")


def test_report_over_a_year_draws_its_bar_on_a_terminal_and_nothing_piped(demo_store: Path, tmp_path: Path) -> None:
    db = _copy(demo_store, tmp_path / "loket.db")
    file = tmp_path / "terminal.html"
    code, text = _at_terminal(db, "report", "--year", _last_year(), "-o", str(file))
    _drew_a_whole_bar(code, text, "progress.reading", t("report.written", path=str(file)))

    file = tmp_path / "piped.html"
    done = _piped(db, "report", "--year", _last_year(), "-o", str(file))
    _no_bar(done, t("report.written", path=str(file)) + "\n")


def test_stats_over_a_year_draws_its_bar_on_a_terminal_and_nothing_piped(demo_store: Path, tmp_path: Path) -> None:
    db = _copy(demo_store, tmp_path / "loket.db")
    file = tmp_path / "terminal.json"
    code, text = _at_terminal(db, "stats", "--year", _last_year(), "--format", "json", "-o", str(file))
    _drew_a_whole_bar(code, text, "progress.reading", t("stats.written", path=str(file)))

    piped = tmp_path / "piped.json"
    done = _piped(db, "stats", "--year", _last_year(), "--format", "json", "-o", str(piped))
    _no_bar(done, t("stats.written", path=str(piped)) + "\n")
    assert piped.read_bytes() == file.read_bytes()


# -- the migrations at the first unlock after an update --------------------------------

# What schema 9 to 12 added, taken away again: the tables, indexes and migration
# ledger of tests/fixtures/store_v8.db (checked below), over many more cases.
_BACK_TO_SCHEMA_8 = (
    "DROP TABLE search_buckets",
    "CREATE TABLE search_index (bucket INTEGER PRIMARY KEY, payload BLOB NOT NULL)",
    "DELETE FROM search_cases",
    "DROP TABLE register_requests",
    "DROP INDEX idx_events_case_kind_at",
    "DELETE FROM _sqlite_migrations WHERE name IN ('v9_search_shards', 'v10_authenticated_transfers',"
    " 'v11_register_requests', 'v12_events_by_case_kind')",
    "PRAGMA user_version = 8",
)


def _layout(db: Path) -> tuple[object, ...]:
    return (rows(db, "PRAGMA user_version"),
            sorted(rows(db, "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")),
            rows(db, "SELECT name FROM _sqlite_migrations ORDER BY id"))


@pytest.fixture(scope="module")
def schema_8_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough demo cases for unlock to announce its rebuild, in a store laid out
    as schema 8 left it: its search index is rebuilt at the next unlock."""
    db = _demo(tmp_path_factory.mktemp("schema-8") / "loket.db", ANNOUNCE_REBUILD_FROM)
    execute(db, *_BACK_TO_SCHEMA_8)
    assert _layout(db) == _layout(FIXTURES / "store_v8.db")
    return db


def _unlocked_until(before: datetime, after: datetime) -> set[str]:
    """The closing line of `unlock` (nine hours) started between `before` and `after`."""
    return {t("unlock.done", until=(moment + timedelta(hours=9)).strftime("%H:%M")) for moment in (before, after)}


def _unlock_at_terminal(db: Path, env: dict[str, str]) -> tuple[int, str, set[str]]:
    before = datetime.now(LOCAL_ZONE)
    code, text = through_a_terminal([loket_executable(), "unlock", "--no-agent", "--shell", "posix"], env,
                                    timeout=120)
    return code, text, _unlocked_until(before, datetime.now(LOCAL_ZONE))


def test_the_rebuild_at_unlock_draws_its_bar_on_a_terminal(schema_8_store: Path, tmp_path: Path) -> None:
    db = _copy(schema_8_store, tmp_path / "loket.db")
    code, text, closing = _unlock_at_terminal(db, terminal_env(db, PASSPHRASE))
    assert code == 0, text
    # Why it waits, then the bar over every case, gone before the closing line.
    assert t("store.upgrading") in text
    frames = _bar(text, "progress.migrate")
    assert frames[-1:] == [(ANNOUNCE_REBUILD_FROM, ANNOUNCE_REBUILD_FROM)], text
    assert text.index(t("store.upgrading")) < text.index(t("progress.migrate"))
    raw, shown = _last_line(text)
    assert shown in closing, text[-600:]
    assert raw.endswith(_ERASE_LINE + shown), text[-600:]
    assert rows(db, "PRAGMA user_version") == [(LATEST_VERSION,)]


def test_the_rebuild_at_unlock_piped_says_why_it_waits_and_draws_nothing(schema_8_store: Path,
                                                                           tmp_path: Path) -> None:
    db = _copy(schema_8_store, tmp_path / "loket.db")
    before = datetime.now(LOCAL_ZONE)
    done = _piped(db, "unlock", "--no-agent", "--shell", "posix")
    closing = _unlocked_until(before, datetime.now(LOCAL_ZONE))
    assert done.returncode == 0, done.stderr
    assert done.stderr in {f"{t('store.upgrading')}\n{line}\n" for line in closing}
    assert rows(db, "PRAGMA user_version") == [(LATEST_VERSION,)]


def test_a_small_old_store_updates_at_unlock_without_a_word(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The committed schema 8 store (three cases) is rebuilt in a moment: below
    ANNOUNCE_REBUILD_FROM cases unlock neither announces it nor draws a bar."""
    passphrase = copy_fixture_store(8, db_path, monkeypatch)["LOKET_PASSPHRASE"]
    assert passphrase is not None
    env = terminal_env(db_path, passphrase)
    del env["LOKET_TEST_INSECURE_KDF"]  # a store at a real cost: no warning about the switch either
    code, text, closing = _unlock_at_terminal(db_path, env)
    assert code == 0, text
    assert text.rstrip("\r\n") in closing, text
    assert rows(db_path, "PRAGMA user_version") == [(LATEST_VERSION,)]
