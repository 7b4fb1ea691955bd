"""What the operating system offers, asked in one place (issue 24).

loket was written on Linux; desk workers mostly have Windows, some a Mac.
Every call that only POSIX has goes through here, and each one is chosen by
capability (`hasattr`, `ImportError`), never by `sys.platform`, so a run with
the capability hidden walks exactly the branch Windows would (the simulated
working day in tests/e2e/test_windows_day.py does that). What happens when a
capability is missing:

- owner and mode bits: on POSIX a store directory others can write to, and a
  file beside the store that is not the user's, are refused. Where there are
  no user ids (Windows: `os.stat` reports 0o777 and uid 0 for most things),
  the directory must lie inside the user's own profile (`~`) and not on a
  network share; who owns a file in there cannot be read, the profile's own
  permissions (the user and administrators) stand in for it.
- `O_NOFOLLOW`: the path is checked not to be a link or junction before
  opening, and the opened file checked to be the one that was looked at.
- signals that do not exist are not handled.
- readline's completion is simply absent (the consult shell uses prompt_toolkit).
- the session agent (fork, Unix sockets, descriptor passing, Linux's peer
  credentials and pidfds) is not started; every command runs on its own.
- a process whose liveness cannot be probed counts as running.

Standard library only, and only its cheap part (errors are imported when raised):
every command imports this, the agent's client half too.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing itself costs a millisecond and a half to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Protocol

    class Readline(Protocol):
        def get_completer(self) -> Callable[[str, int], str | None] | None: ...
        def get_completer_delims(self) -> str: ...
        def set_completer(self, function: Callable[[str, int], str | None] | None = ..., /) -> None: ...
        def set_completer_delims(self, string: str, /) -> None: ...
        def parse_and_bind(self, string: str, /) -> None: ...


# --- users and owners ---------------------------------------------------------

def user_id() -> int | None:
    """This process's user id; None where the system has none (Windows)."""
    if hasattr(os, "getuid"):
        return int(os.getuid())
    return None


def owned_by_user(status: os.stat_result) -> bool:
    """The file is this user's. Where owners cannot be read, True: the store
    directory's place (`check_store_directory`) is what is checked there."""
    uid = user_id()
    return uid is None or status.st_uid == uid


def _private_group(gid: int) -> bool:
    """The user's own group with nobody else in it (Debian's user private groups)."""
    if not hasattr(os, "getgid") or gid != os.getgid():
        return False
    try:
        import grp
    except ImportError:
        return False
    if not hasattr(grp, "getgrgid"):
        return False
    try:
        return not grp.getgrgid(gid).gr_mem
    except KeyError:
        return False


def inside_profile(path: Path) -> bool:
    """`path` lies in the user's own profile (home) directory, links resolved,
    and not on a network share."""
    home = os.path.expanduser("~")
    if home == "~":
        return False
    try:
        real, profile = os.path.realpath(path), os.path.realpath(home)
    except (OSError, ValueError):
        return False
    if real.startswith(("\\\\", "//")):
        return False  # \\server\share: a network share, whoever else writes there
    real, profile = os.path.normcase(real), os.path.normcase(profile).rstrip("\\/")
    return real == profile or real.startswith(profile + os.sep)


def others_may_write(directory: Path) -> bool:  # (a Path's parent is "." at the least)
    """Can another user write in `directory` (plant a link, swap a file)?
    POSIX: by its owner and mode (group-writable only for the user's private
    group). Without user ids: unless it lies in the user's own profile."""
    uid = user_id()
    if uid is None:
        # Decided by the path alone, also for a directory `init` is yet to
        # make: one made outside the profile inherits its parent's access.
        return not inside_profile(directory)
    try:
        status = os.stat(directory)
    except OSError:
        return False  # no directory, no store: `init` makes it 0700, the store's own checks say the rest
    open_to_others = bool(status.st_mode & stat.S_IWOTH) or (
        bool(status.st_mode & stat.S_IWGRP) and not _private_group(status.st_gid))
    return open_to_others or status.st_uid not in (uid, 0)


def check_store_directory(db_path: Path) -> None:
    """Refuse (exit 1) a store whose directory others can write to: there
    they could plant a symlink or a FIFO beside it, or swap a file."""
    if others_may_write(db_path.parent):
        from loketcli.errors import LoketError

        raise LoketError("error.store_directory_open" if user_id() is not None else "error.store_outside_profile")


def check_own_file(path: Path) -> None:
    """Refuse (exit 1) something at `path` that is not a regular file of this
    user (a link, a junction, a FIFO, someone else's file); nothing there is fine."""
    try:
        status = os.lstat(path)
    except (OSError, ValueError):
        return
    if is_link(status) or not stat.S_ISREG(status.st_mode) or not owned_by_user(status):
        from loketcli.errors import LoketError

        raise LoketError("error.store_file_foreign", file=path.name)


# --- opening without following links -------------------------------------------

# Windows: the bit of a reparse tag that marks a name surrogate (a symlink, a
# junction): a path that leads elsewhere. OneDrive's placeholders are reparse
# points too, but not surrogates: they are the file itself.
_NAME_SURROGATE = 0x20000000


def is_link(status: os.stat_result) -> bool:
    """A symlink, or (Windows) a junction or other name surrogate."""
    return stat.S_ISLNK(status.st_mode) or bool(getattr(status, "st_reparse_tag", 0) & _NAME_SURROGATE)


def _same_file(one: os.stat_result, other: os.stat_result) -> bool:
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def open_no_follow(path: str | os.PathLike[str], flags: int) -> int:
    """`os.open` that never follows a link at the last component and never
    blocks on a FIFO. With O_NOFOLLOW the kernel refuses a link (ELOOP);
    without it the path is checked not to be a link or junction before
    opening, and the opened file is checked to be the one looked at, and
    still not a link, afterwards. FileNotFoundError when nothing is there;
    another OSError when something other than a file is."""
    import errno

    extra = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if hasattr(os, "O_NOFOLLOW"):
        return os.open(path, flags | os.O_NOFOLLOW | extra)
    before = os.lstat(path)
    if is_link(before):
        raise OSError(errno.ELOOP, "link")
    fd = os.open(path, flags | extra)
    try:
        opened, after = os.fstat(fd), os.lstat(path)
        if is_link(after) or not (_same_file(before, opened) and _same_file(after, opened)):
            raise OSError(errno.ELOOP, "link")
    except BaseException:
        os.close(fd)
        raise
    return fd


# --- signals and processes -----------------------------------------------------

def signal_numbers(*names: str) -> list[int]:
    """The numbers of those signals that exist here (no SIGHUP on Windows)."""
    import signal

    return [int(getattr(signal, name)) for name in names if hasattr(signal, name)]


def process_running(pid: int) -> bool:
    """Is process `pid` still running? POSIX: signal 0 probes it. Windows: ask
    the kernel for its exit code (os.kill would end it there, not probe it).
    Where neither is possible: True, so nothing of a running command is touched."""
    if hasattr(os, "killpg"):  # POSIX process signals: kill(pid, 0) only probes
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # someone else's process took the number: leave it be
        return True
    try:
        import ctypes
    except ImportError:
        return True
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return True
    kernel = windll.kernel32
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return not kernel.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
    finally:
        kernel.CloseHandle(handle)


def can_fork() -> bool:
    """Can this process fork (POSIX)? Windows cannot."""
    return hasattr(os, "fork")


class Forked:
    """Work running in a forked copy of this process (`start_forked`); its
    result comes back pickled through a pipe."""

    __slots__ = ("_pid", "_reading")

    def __init__(self, pid: int, reading: int) -> None:
        self._pid = pid
        self._reading = reading

    def result(self) -> object:
        """Wait for the work's return value. If the work raised, its exception's
        class name only (never its arguments, which may hold what was typed)
        as a ChildProcessError, or KeyboardInterrupt for a Ctrl-C; the same if
        the copy died. Interrupted while waiting: the copy is stopped."""
        import pickle

        try:
            with os.fdopen(self._reading, "rb") as source:
                succeeded, value = pickle.load(source)
        except (EOFError, pickle.UnpicklingError):
            succeeded, value = False, "died"
        except BaseException:
            self._stop()
            raise
        self._reap()
        if succeeded:
            return value
        if value == "KeyboardInterrupt":
            raise KeyboardInterrupt
        raise ChildProcessError(f"the forked part of the work failed: {value}")

    def abandon(self) -> None:
        """This process failed first: stop the copy (it may have seconds of
        work left before it would notice the closed pipe) and reap it."""
        os.close(self._reading)
        self._stop()

    def _stop(self) -> None:
        import contextlib

        for number in signal_numbers("SIGKILL"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, number)
        self._reap()

    def _reap(self) -> None:
        # With SIGCHLD ignored (inherited from whatever started loket) the
        # kernel has reaped the copy already: nothing to wait for.
        import contextlib

        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def start_forked(work: Callable[[], object]) -> Forked | None:
    """Run `work` in a forked copy of this process, at the same time as this
    one goes on (POSIX only: ask `can_fork` first); None if no process could
    be made now (the caller does the work itself). The copy shares nothing it
    opens after the fork, and leaves with os._exit, so it never runs this
    process's exit handlers or flushes its buffers a second time. It is not
    told if this process is killed: it finishes its share, finds the pipe
    closed and ends. Cheaper to start than multiprocessing (whose import
    alone costs 11 ms here)."""
    import pickle

    reading, writing = os.pipe()
    fork: Callable[[], int] = getattr(os, "fork")  # noqa: B009 - absent on Windows, which never comes here
    try:
        pid = fork()
    except OSError:  # out of processes or memory for a moment
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:
        try:
            os.close(reading)
            try:
                outcome: tuple[bool, object] = (True, work())
            except BaseException as error:  # noqa: BLE001 - its class name goes to the parent, nothing more
                outcome = (False, type(error).__name__)
            with os.fdopen(writing, "wb") as sink:
                pickle.dump(outcome, sink, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(writing)
    return Forked(pid, reading)


# --- the terminal ----------------------------------------------------------------

def readline_module() -> Readline | None:
    """GNU readline (or libedit) where Python has it; None on Windows."""
    try:
        import readline
    except ImportError:
        return None
    # Read as Windows, the module has none of these functions: it is not imported there.
    module: Readline = readline  # type: ignore[assignment,unused-ignore]
    return module


# --- where the store lives -------------------------------------------------------

# Folders that a sync client copies off the laptop, as they appear in a path.
_SYNCED = (("onedrive", "OneDrive"), ("dropbox", "Dropbox"), ("icloud drive", "iCloud"),
           ("icloud", "iCloud"), ("mobile documents", "iCloud"), ("google drive", "Google Drive"),
           ("my drive", "Google Drive"), ("cloudstorage", "CloudStorage"), ("nextcloud", "Nextcloud"))


def synced_folder(path: Path) -> str | None:
    """The sync service whose folder holds `path` (OneDrive, Dropbox, iCloud,
    ...), by the folder names those clients use and, on Windows, OneDrive's
    own variables; None when it seems local."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = str(path)
    folded = os.path.normcase(real)
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = os.environ.get(variable)
        if root and (folded + os.sep).startswith(os.path.normcase(root).rstrip("\\/") + os.sep):
            return "OneDrive"
    parts = [part.lower() for part in os.path.dirname(real).replace("\\", "/").split("/")]
    for marker, service in _SYNCED:
        if any(name == marker or name.startswith((marker + " - ", marker + "-")) for name in parts):
            return service
    return None
