"""The platform seam (issue 24) and the checks around the store that every
command makes (issue 23, point 10): each branch that Windows or macOS walks,
taken here by hiding the capability, as loketcli.system chooses by it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from loket_testkit import UNLOCKED, error_line, init_store, intake, invoke

from loketcli import system
from loketcli.cli import cmd_unlock, context
from loketcli.cli.editor import _editor_command
from loketcli.i18n import t


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    intake("--name", "Testpersoon Platform", "--question", "vraag", "--channel", "balie")
    import gc

    gc.collect()  # in-process commands' connections close, and with the last one the -wal and -shm go
    return db_path


# --- the store's directory and what lies beside it, for every command ---------

@pytest.mark.parametrize("args", [["list"], ["today"], ["show", "K-0001"], ["verify"]], ids=lambda a: a[0])
def test_every_command_refuses_a_directory_others_can_write_to(store: Path, args: list[str]) -> None:
    store.parent.chmod(0o777)
    try:
        result = invoke(args, env=UNLOCKED)
    finally:
        store.parent.chmod(0o700)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.store_directory_open"))


@pytest.mark.parametrize("name", ["loket.db-wal", "loket.db-shm", "vocabulary.json"])
def test_a_file_beside_the_store_that_is_not_the_users_is_refused(store: Path, name: str) -> None:
    if os.getuid() != 0:
        pytest.skip("giving a file to another user needs root")
    planted = store.parent / name
    if not planted.exists():  # never truncate a -shm that a connection may still map
        planted.write_bytes(b"")
    os.chown(planted, 4242, 4242)
    result = invoke(["list"], env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.store_file_foreign",
                                                                                  file=name))


@pytest.mark.parametrize("name", ["loket.db-wal", "vocabulary.json"])
def test_a_link_or_fifo_beside_the_store_is_refused(store: Path, tmp_path: Path, name: str) -> None:
    (store.parent / name).symlink_to(tmp_path / "elders")
    result = invoke(["today"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (1, error_line("error.store_file_foreign", file=name))
    (store.parent / name).unlink()
    os.mkfifo(store.parent / name)
    result = invoke(["today"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (1, error_line("error.store_file_foreign", file=name))


def test_the_users_own_files_beside_the_store_are_fine(store: Path) -> None:
    (store.parent / "vocabulary.json").write_text("{}", encoding="utf-8")
    result = invoke(["list"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr


# --- without user ids (Windows): the profile decides ---------------------------

def test_without_user_ids_a_directory_counts_by_the_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "getuid")
    monkeypatch.setenv("HOME", str(tmp_path / "profiel"))
    (tmp_path / "profiel" / "loket").mkdir(parents=True)
    (tmp_path / "profiel" / "loket").chmod(0o777)  # mode bits say nothing there
    assert not system.others_may_write(tmp_path / "profiel" / "loket")
    assert not system.others_may_write(tmp_path / "profiel" / "nog-niet")  # init makes it
    assert system.others_may_write(tmp_path / "gedeeld")
    assert system.others_may_write(tmp_path / "profiel-van-een-ander")
    (tmp_path / "profiel" / "koppeling").symlink_to(tmp_path / "gedeeld")
    assert system.others_may_write(tmp_path / "profiel" / "koppeling")  # resolved before judging
    with pytest.raises(Exception) as refused:
        system.check_store_directory(tmp_path / "gedeeld" / "loket.db")
    assert getattr(refused.value, "key", None) == "error.store_outside_profile"


def test_without_user_ids_files_are_not_judged_by_owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "getuid")
    status = os.stat(tmp_path)
    assert system.owned_by_user(os.stat_result((*status[:4], 4242, *status[5:])))


# --- opening without O_NOFOLLOW --------------------------------------------------

def test_without_o_nofollow_a_link_is_refused_and_a_file_opened(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "O_NOFOLLOW")
    target = tmp_path / "echt.txt"
    target.write_bytes(b"inhoud")
    link = tmp_path / "koppeling"
    link.symlink_to(target)
    with pytest.raises(OSError):
        system.open_no_follow(link, os.O_RDONLY)
    with pytest.raises(FileNotFoundError):
        system.open_no_follow(tmp_path / "nergens", os.O_RDONLY)
    fd = system.open_no_follow(target, os.O_RDONLY)
    try:
        assert os.read(fd, 100) == b"inhoud"
    finally:
        os.close(fd)


def test_without_o_nofollow_a_file_swapped_for_a_link_while_opening_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "O_NOFOLLOW")
    target, elsewhere = tmp_path / "sessie", tmp_path / "andermans"
    target.write_bytes(b"eigen")
    elsewhere.write_bytes(b"vreemd")
    real_open = os.open

    def swapping_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        os.replace(path, tmp_path / "weg")  # between the look and the open
        os.symlink(elsewhere, path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", swapping_open)
    with pytest.raises(OSError):
        system.open_no_follow(target, os.O_RDONLY)


def test_session_files_work_without_o_nofollow_and_user_ids(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "O_NOFOLLOW")
    monkeypatch.delattr(os, "getuid")
    monkeypatch.setenv("HOME", str(store.parent.parent))
    result = invoke(["unlock", "--shell", "posix"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert invoke(["lock"]).exit_code == 0
    assert not store.with_name("loket.db.session").exists()


# --- signals, processes, readline ------------------------------------------------

def test_missing_signals_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    monkeypatch.delattr(signal, "SIGHUP")
    assert system.signal_numbers("SIGHUP", "SIGTERM") == [signal.SIGTERM]


def test_a_process_that_cannot_be_probed_counts_as_running(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "killpg")
    killed: list[int] = []
    monkeypatch.setattr(os, "kill", lambda pid, signum: killed.append(pid))  # Windows: kill ends, never probes
    assert system.process_running(99999999)
    assert killed == []


def test_readline_absent_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "readline", None)  # import readline -> ImportError
    assert system.readline_module() is None


# --- the editor ---------------------------------------------------------------------

def test_the_editor_falls_back_to_notepad_where_there_is_no_nano_or_vi() -> None:
    assert _editor_command(None, lambda name: "C:\\Windows\\notepad.exe" if name == "notepad" else None) == [
        "notepad"]
    assert _editor_command(None, lambda name: "/usr/bin/" + name if name == "vi" else None) == ["vi"]
    assert _editor_command(None, lambda name: "/usr/bin/" + name) == ["nano"]


def test_an_editor_path_with_backslashes_and_spaces_stays_one_word(tmp_path: Path) -> None:
    program = tmp_path / "Program Files" / "Notepad++" / "notepad++.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    assert _editor_command(str(program), lambda name: None) == [str(program)]
    assert _editor_command("code --wait", lambda name: None) == ["code", "--wait"]


# --- unlock for each shell ------------------------------------------------------------

@pytest.mark.parametrize(("shell", "pattern", "usage"), [
    ("posix", r"export LOKET_SESSION=([\w-]{43})\nexport LOKET_AGENT=''\n", 'eval "$(loket unlock)"'),
    ("powershell", r"\$env:LOKET_SESSION = '([\w-]{43})'\n\$env:LOKET_AGENT = ''\n",
     "loket unlock | Invoke-Expression"),
    ("cmd", r'set "LOKET_SESSION=([\w-]{43})"\nset "LOKET_AGENT="\n',
     "for /f \"delims=\" %i in ('loket unlock --shell cmd')"),
])
def test_unlock_prints_what_each_shell_needs(store: Path, shell: str, pattern: str, usage: str) -> None:
    result = invoke(["unlock", "--shell", shell], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(pattern, result.stdout), result.stdout
    assert usage in result.stderr  # how to use it, in that shell's words


def test_unlock_refuses_an_unknown_shell(store: Path) -> None:
    result = invoke(["unlock", "--shell", "fish"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (2, error_line("error.unlock_shell", choices="posix, powershell, cmd"))


def test_unlock_knows_powershell_where_it_can(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHELL", raising=False)
    monkeypatch.setenv("PSModulePath", "C:\\Program Files\\WindowsPowerShell\\Modules")
    assert cmd_unlock._shell_syntax(None) == "powershell"
    monkeypatch.setenv("SHELL", "/bin/bash")  # pwsh started from bash, or bash: SHELL says POSIX
    assert cmd_unlock._shell_syntax(None) == "posix"
    monkeypatch.delenv("PSModulePath")
    monkeypatch.delenv("SHELL")
    assert cmd_unlock._shell_syntax(None) == "posix"
    assert cmd_unlock._assignment("powershell", "X", "it's") == "$env:X = 'it''s'"


# --- where the store lives -------------------------------------------------------------

def test_the_default_store_on_windows_is_local_not_roaming(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer._click.utils as click_utils

    monkeypatch.setattr(click_utils, "WIN", True)
    monkeypatch.setenv("APPDATA", "C:\\Users\\medewerker\\AppData\\Roaming")
    monkeypatch.setenv("LOCALAPPDATA", "C:\\Users\\medewerker\\AppData\\Local")
    assert str(context.resolve_db(None)).startswith("C:\\Users\\medewerker\\AppData\\Local")


@pytest.mark.parametrize(("folder", "service"), [
    ("OneDrive - Gemeente Voorbeeld", "OneDrive"), ("Dropbox", "Dropbox"),
    ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud"), ("Library/CloudStorage/GoogleDrive-x", "CloudStorage"),
])
def test_a_store_in_a_synced_folder_gets_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     folder: str, service: str) -> None:
    monkeypatch.setattr(context, "_synced_warned", False)
    db = tmp_path / folder / "loket" / "loket.db"
    monkeypatch.setenv("LOKET_DB", str(db))
    first = invoke(["init", "--kdf-memory-kib", "64", "--kdf-iterations", "1", "--no-recovery-key"], env=UNLOCKED)
    assert first.exit_code == 0, first.stderr
    warning = f"loket: {t('warning.store_synced', service=service)}\n"
    assert first.stderr.startswith(warning)
    assert warning not in invoke(["list"], env=UNLOCKED).stderr  # once per process (the shell runs many)


def test_a_local_store_gets_no_warning(store: Path) -> None:
    assert "synchron" not in invoke(["list"], env=UNLOCKED).stderr


def test_onedrive_is_known_by_its_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OneDriveCommercial", str(tmp_path / "Werk"))
    assert system.synced_folder(tmp_path / "Werk" / "loket" / "loket.db") == "OneDrive"
    assert system.synced_folder(tmp_path / "Lokaal" / "loket.db") is None


class _FakeReadline:
    def __init__(self, doc: str) -> None:
        self.__doc__ = doc
        self.bound: list[str] = []
        self.completer: object = None

    def get_completer(self) -> object:
        return self.completer

    def get_completer_delims(self) -> str:
        return " "

    def set_completer(self, function: object = None) -> None:
        self.completer = function

    def set_completer_delims(self, delimiters: str) -> None:
        pass

    def parse_and_bind(self, line: str) -> None:
        self.bound.append(line)


@pytest.mark.parametrize(("doc", "binding"), [("Importing this module enables command line editing using GNU readline.",
                                               "tab: complete"),
                                              ("Importing this module enables command line editing using libedit "
                                               "readline.", "bind ^I rl_complete")])
def test_completion_binds_tab_in_the_readline_there_is(monkeypatch: pytest.MonkeyPatch, doc: str,
                                                        binding: str) -> None:
    import io

    from loketcli.cli import prompts

    fake = _FakeReadline(doc)
    monkeypatch.setattr(system, "readline_module", lambda: fake)
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr("sys.stdin", terminal)
    monkeypatch.setattr("sys.stdout", terminal)
    with prompts._completing(["uwv", "svb"]) as by_readline:
        assert fake.bound == [binding]
        assert by_readline  # readline then reads the answer, with the prompt
    assert fake.completer is None  # the previous completer is back


def test_without_readline_prompts_simply_complete_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from loketcli.cli import prompts

    monkeypatch.setattr(system, "readline_module", lambda: None)
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr("sys.stdin", terminal)
    monkeypatch.setattr("sys.stdout", terminal)
    with prompts._completing(["uwv"]):
        pass


def test_a_junction_counts_as_a_link_and_a_cloud_placeholder_does_not(tmp_path: Path) -> None:
    """Windows' lstat reports a junction (IO_REPARSE_TAG_MOUNT_POINT) as a
    directory with a reparse tag; OneDrive's placeholders carry a tag that is
    not a name surrogate."""
    import stat

    class Status:
        def __init__(self, mode: int, tag: int) -> None:
            self.st_mode, self.st_reparse_tag = mode, tag

    assert system.is_link(Status(stat.S_IFDIR | 0o777, 0xA0000003))  # type: ignore[arg-type]  # IO_REPARSE_TAG_MOUNT_POINT
    assert system.is_link(Status(stat.S_IFREG | 0o666, 0xA000000C))  # type: ignore[arg-type]  # IO_REPARSE_TAG_SYMLINK
    assert not system.is_link(Status(stat.S_IFREG | 0o666, 0x9000701A))  # type: ignore[arg-type]  # cloud file
    assert not system.is_link(os.lstat(tmp_path))


@pytest.mark.skipif(not system.can_fork(), reason="fork is POSIX only; Windows counts in one process")
def test_work_in_a_forked_copy_comes_back_and_a_failure_names_its_class_only() -> None:
    parent = os.getpid()
    assert system.start_forked(lambda: ("from", os.getpid() != parent, list(range(100_000)))).result() == (  # type: ignore[union-attr]
        "from", True, list(range(100_000)))

    def fails() -> object:
        raise ValueError("J. Jansen")

    forked = system.start_forked(fails)
    assert forked is not None
    with pytest.raises(ChildProcessError) as raised:
        forked.result()
    assert str(raised.value) == "the forked part of the work failed: ValueError"

    def interrupted() -> object:
        raise KeyboardInterrupt

    forked = system.start_forked(interrupted)
    assert forked is not None
    with pytest.raises(KeyboardInterrupt):
        forked.result()


@pytest.mark.skipif(not system.can_fork(), reason="fork is POSIX only")
def test_a_result_comes_back_when_sigchld_is_ignored() -> None:
    import signal

    # Inherited from whatever started loket: the kernel reaps the copy itself.
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        forked = system.start_forked(lambda: 42)
        assert forked is not None
        assert forked.result() == 42
    finally:
        signal.signal(signal.SIGCHLD, before)


@pytest.mark.skipif(not system.can_fork(), reason="fork is POSIX only")
def test_an_abandoned_copy_is_stopped_and_reaped_at_once() -> None:
    import time

    forked = system.start_forked(lambda: time.sleep(60))
    assert forked is not None
    start = time.monotonic()
    forked.abandon()
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(forked._pid, os.WNOHANG)  # gone, and reaped


@pytest.mark.skipif(not system.can_fork(), reason="fork is POSIX only")
def test_when_no_process_can_be_made_there_is_none_and_nothing_is_left_open(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_more(*_: object) -> int:
        raise BlockingIOError("out of processes")

    open_before = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").exists() else None
    monkeypatch.setattr(os, "fork", no_more)
    assert system.start_forked(lambda: 1) is None
    if open_before is not None:
        assert len(os.listdir("/proc/self/fd")) == open_before


def test_without_fork_there_is_no_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork", raising=False)
    assert system.can_fork() is False
