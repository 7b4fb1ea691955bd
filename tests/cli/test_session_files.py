"""The session file and the editor's drafts beside the store (issue 12): no
symlink is followed, no FIFO hangs a command, a directory others can write to
is refused, an expired session is wiped by whoever finds it, and a draft left
by a killed command does not outlive the next command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from loket_testkit import FIXED_NOW, PASSPHRASE, UNLOCKED, error_line, init_store, intake, invoke

from loketcli.domain import clock
from loketcli.services.session import session_path

TOKEN_LINE = re.compile(r"export LOKET_SESSION=(\S+)\nexport LOKET_AGENT=''\n")


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    intake("--name", "Testpersoon Sessie", "--question", "vraag", "--channel", "balie")
    return db_path


def unlock(*extra: str) -> str:
    result = invoke(["unlock", *extra], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    found = TOKEN_LINE.fullmatch(result.stdout)
    assert found, result.stdout
    return found.group(1)


def test_lock_never_writes_through_a_planted_symlink(store: Path, tmp_path: Path) -> None:
    victim = tmp_path / "andermans-bestand.txt"
    victim.write_bytes(b"belangrijk")
    session_path(store).symlink_to(victim)
    result = invoke(["lock"])
    assert (result.exit_code, result.stderr) == (1, error_line("error.session_file_unsafe"))
    assert victim.read_bytes() == b"belangrijk"
    assert session_path(store).is_symlink()  # left alone for the worker to look at


def test_unlock_refuses_a_planted_symlink(store: Path, tmp_path: Path) -> None:
    session_path(store).symlink_to(tmp_path / "elders")
    result = invoke(["unlock"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (1, error_line("error.session_file_unsafe"))
    assert not (tmp_path / "elders").exists()


@pytest.mark.parametrize("args", [["lock"], ["show", "K-0001"], ["unlock"]], ids=lambda a: a[0])
def test_a_fifo_at_the_session_path_hangs_nothing(store: Path, args: list[str]) -> None:
    os.mkfifo(session_path(store))
    environment = {**os.environ, "LOKET_SESSION": "A" * 43, "LOKET_PASSPHRASE": PASSPHRASE, "LOKET_DB": str(store)}
    # In a process of its own: before the fix, opening the FIFO blocked for ever.
    result = subprocess.run([sys.executable, "-m", "loketcli", *args], env=environment, capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert (result.returncode, result.stderr) == (1, error_line("error.session_file_unsafe"))


def test_a_store_directory_others_can_write_to_is_refused(store: Path) -> None:
    store.parent.chmod(0o777)
    try:
        for args, env in ((["unlock"], UNLOCKED), (["lock"], None)):
            result = invoke(args, env=env)
            assert (result.exit_code, result.stderr) == (1, error_line("error.store_directory_open")), args
        assert not session_path(store).exists()
    finally:
        store.parent.chmod(0o700)


def test_a_session_file_of_another_kind_is_refused(store: Path) -> None:
    session_path(store).mkdir()
    result = invoke(["lock"])
    assert (result.exit_code, result.stderr) == (1, error_line("error.session_file_unsafe"))


def test_any_command_wipes_an_expired_session(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    unlock("--hours", "1")
    assert session_path(store).exists()
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW + timedelta(hours=1))
    # A command that runs on the passphrase, without the token, still clears it up.
    result = invoke(["list"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert not session_path(store).exists()


def test_a_live_session_is_left_alone(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    token = unlock("--hours", "1")
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW + timedelta(minutes=59))
    assert invoke(["list"], env=UNLOCKED).exit_code == 0
    assert invoke(["show", "K-0001"], env={"LOKET_SESSION": token}).exit_code == 0


def test_leftover_drafts_go_when_a_store_is_opened_or_locked(store: Path) -> None:
    def leave_draft(pid: int) -> Path:
        draft = store.parent / f".loket-note-{pid}-abc123"
        draft.mkdir(mode=0o700)
        (draft / "notitie.txt").write_text("Testpersoon belt over zijn schulden\n")
        (draft / ".notitie.txt.swp").write_bytes(b"swap")
        return draft

    gone = leave_draft(_ended_pid())
    running = leave_draft(os.getpid())  # a command still editing: its draft stays
    assert invoke(["list"], env=UNLOCKED).exit_code == 0
    assert not gone.exists()
    assert running.exists()
    gone = leave_draft(_ended_pid())
    assert invoke(["lock"]).exit_code == 0
    assert not gone.exists()


def _ended_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
