"""The client half of the agent: start one for a session, hand this process's
command, standard streams, working directory and environment to it, and wait
for the exit code. The wire format is in `protocol`.

Standard library only, and the cheap part of it: this runs on every command.
"""

from __future__ import annotations

import os
import signal
import socket
import sys

from loketcli.agentlink.protocol import READY_SECONDS, encode_request, peer_uid, private_directory, read_exact
from loketcli.agentlink.rules import ENDING, KEPT, WITHHELD_PREFIX
from loketcli.system import user_id

TYPE_CHECKING = False  # typing itself costs a millisecond and a half to import

def _trusted(socket_path: str, connection: socket.socket) -> bool:
    """Our terminal and environment go only to our own agent: the socket's
    directory must be ours and closed to others, and so must the listener."""
    return private_directory(os.path.dirname(socket_path)) and peer_uid(connection) == user_id()


def _send_request(socket_path: str, argv: list[str], *, stop: bool = False) -> socket.socket | None:
    """A connection to the agent with the request and our standard streams sent,
    set to give up after READY_SECONDS; None when no agent takes it."""
    if not available() or not hasattr(socket, "send_fds"):
        return None
    connection = _unix_stream()
    try:
        connection.settimeout(READY_SECONDS)
        connection.connect(socket_path)
        if not _trusted(socket_path, connection):
            connection.close()
            return None
        request = encode_request(argv, stop=stop)
        sent = socket.send_fds(connection, [request], [0, 1, 2])
        if sent < len(request):
            connection.sendall(request[sent:])
    except OSError:
        connection.close()
        return None
    return connection


def run_through_agent(socket_path: str, argv: list[str]) -> int | None:
    """The command's exit code, or None when the agent did not run it (absent,
    stale, or unable to) and this process should run it itself."""
    if not available() or _in_the_background():
        # Only the foreground job may read the terminal: run here, where the
        # terminal's job control stops a background reader as it should.
        return None
    connection = _send_request(socket_path, argv)
    if connection is None:
        return None
    with connection:
        try:
            ready = read_exact(connection, 5)
            if len(ready) != 5 or ready[:1] != b"P":
                return None
            pid = int.from_bytes(ready[1:], "big")
            connection.settimeout(None)
        except OSError:  # TimeoutError included: an agent that does not answer is passed by
            return None
        state = _CommandState(pid)
        previous = _forward_signals(state)
        try:
            if state.interrupted:
                raise KeyboardInterrupt  # Ctrl-C before the go: nothing runs
            connection.sendall(b"G")
            state.started = True
        except OSError:
            # The go never arrived, so the command will not run there.
            _restore(previous)
            return None
        except KeyboardInterrupt:
            _restore(previous)
            raise
        try:
            result = read_exact(connection, 2)
        except OSError:
            result = b""
        finally:
            _restore(previous)
    if len(result) == 2 and result[:1] == b"X":
        return result[1]
    # The command started but did not report back (killed, crashed). Running
    # it again here could do it twice; say so and stop.
    from loketcli.i18n import t

    sys.stderr.write(f"loket: {t('error.agent_lost')}\n")
    return 1


if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType
    from typing import Any

    _Handler = Callable[[int, FrameType | None], Any] | int | None


def _in_the_background() -> bool:
    if not hasattr(os, "getpgrp"):
        return False
    try:
        return os.isatty(0) and _terminal_group() != os.getpgrp()
    except OSError:
        return False


# Job-control signals, which only POSIX has: used only once `available()` said so.
_SIGCONT, _SIGSTOP, _SIGTSTP = (getattr(signal, name, 0) for name in ("SIGCONT", "SIGSTOP", "SIGTSTP"))


def _terminal_group() -> int | None:
    """The terminal's foreground process group (POSIX job control)."""
    if not hasattr(os, "tcgetpgrp"):
        return None
    return int(os.tcgetpgrp(0))


def _unix_stream() -> socket.socket:
    """A Unix stream socket; only called once `available()` said there are such."""
    if not hasattr(socket, "AF_UNIX"):
        raise OSError("no Unix sockets")
    return socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)


class _CommandState:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.started = False  # the go has been sent
        self.interrupted = False  # Ctrl-C came before it


def _forward_signals(state: _CommandState) -> dict[int, _Handler]:
    """The terminal signals this process's group; the command runs in the
    agent's child, in a session of its own (with its editor, if any), which
    must hear Ctrl-C, Ctrl-Z and a resized window as if it ran here. Signals
    this process ignores stay ignored (the child ignores them too). Returns
    the handlers to put back."""

    def to_command(signum: int) -> None:
        if not hasattr(os, "killpg"):
            return
        try:  # noqa: SIM105 - importing contextlib costs 2 ms on every command
            os.killpg(state.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def interrupt(signum: int, _frame: FrameType | None) -> None:
        if state.started:
            to_command(signum)
        else:
            state.interrupted = True

    def forward(signum: int, _frame: FrameType | None) -> None:
        to_command(signum)

    def resume(signum: int, _frame: FrameType | None) -> None:
        # Continued in the background (`bg`): the command stays stopped until
        # `fg`, as a background job that wants the terminal would.
        if not _in_the_background():
            to_command(signum)

    def end(signum: int, _frame: FrameType | None) -> None:
        to_command(_SIGCONT)  # a stopped command must wake to hear it
        to_command(signum)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def suspend(_signum: int, _frame: FrameType | None) -> None:
        # The command's group is orphaned (a session of its own), where the
        # kernel drops SIGTSTP: stop it outright, editor included. The shell
        # keeps the terminal's settings of a stopped job and restores them at `fg`.
        to_command(_SIGSTOP)
        signal.signal(_SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), _SIGTSTP)
        signal.signal(_SIGTSTP, suspend)  # resumed (fg): SIGCONT follows

    handlers: dict[str, _Handler] = {"SIGINT": interrupt, "SIGWINCH": forward, "SIGCONT": resume,
                                   "SIGTSTP": suspend, **dict.fromkeys(ENDING, end)}
    previous: dict[int, _Handler] = {}
    for name, handler in handlers.items():
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) != signal.SIG_IGN:
            previous[signum] = signal.signal(signum, handler)
    return previous


def _restore(handlers: dict[int, _Handler]) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def stop_agent(socket_path: str) -> bool:
    """Ask the agent at `socket_path` to stop; True when one answered."""
    connection = _send_request(socket_path, [], stop=True)
    if connection is None:
        return False
    with connection:
        try:
            return read_exact(connection, 2) == b"X\0"
        except OSError:
            return False


def available() -> bool:
    """Can this system run the agent? It needs fork, Unix sockets with
    descriptor passing, the peer's credentials in Linux's field order, pidfds,
    job control and POLLRDHUP: Linux, chosen by capability (pidfd_open is
    Linux's alone), so a run with any of them hidden walks Windows' way."""
    import select

    return (all(hasattr(os, name) for name in ("fork", "setsid", "killpg", "tcgetpgrp", "pidfd_open", "getuid"))
            and all(hasattr(socket, name) for name in ("AF_UNIX", "send_fds", "recv_fds", "SO_PEERCRED"))
            and all(hasattr(select, name) for name in ("poll", "POLLRDHUP"))
            and all(hasattr(signal, name) for name in ("SIGCONT", "SIGSTOP", "SIGTSTP", "SIGCHLD")))


def agent_directory() -> str | None:
    """The per-user directory for agent sockets, created with mode 0700; None
    when it cannot be made safe (someone else's, a symlink, too open)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or _temporary_base()
    directory = os.path.join(base, f"loket-{user_id()}")
    try:  # noqa: SIM105 - contextlib costs 2 ms on every command
        os.mkdir(directory, 0o700)
    except OSError:
        pass  # there already, or not ours to make: checked next
    return directory if private_directory(directory) else None


def _temporary_base() -> str:
    import tempfile

    return tempfile.gettempdir()


def start(expires_at: float, session_file: str | os.PathLike[str]) -> str | None:
    """Start an agent for the session in `session_file`, ending at `expires_at`
    (epoch seconds); return its socket path, or None when this system cannot
    run one."""
    if not available():
        return None
    directory = agent_directory()
    if directory is None:
        directory = _unpredictable_directory()
        if directory is None:
            return None
    import secrets
    import subprocess

    _remove_dead_sockets(directory)
    socket_path = os.path.join(directory, f"{secrets.token_hex(8)}.sock")
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(WITHHELD_PREFIX) or key in KEPT}
    # The session as it is now: the agent ends when the file goes or changes.
    try:
        status = os.stat(session_file)
    except OSError:
        return None
    subprocess.Popen(
        [sys.executable, "-m", "loketcli.agent.server", socket_path, repr(expires_at), os.fspath(session_file),
         f"{status.st_ino}:{status.st_mtime_ns}"],
        env=environment, cwd="/", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True,
    )
    return socket_path


def _unpredictable_directory() -> str | None:
    """Without XDG_RUNTIME_DIR the agent's directory lies in the shared temp
    directory, where another user can take the name `loket-<uid>` first. Then
    a directory of an unpredictable name is used (mkdtemp makes it 0700,
    atomically), and the worker hears once, at unlock, that the usual one is
    not theirs. Under XDG_RUNTIME_DIR (private to the user) a bad directory is
    a misconfiguration: no agent."""
    if os.environ.get("XDG_RUNTIME_DIR"):
        return None
    import tempfile

    from loketcli.i18n import t

    try:
        directory = tempfile.mkdtemp(prefix=f"loket-{user_id()}-")
    except OSError:
        return None
    sys.stderr.write(f"loket: {t('agent.directory_squatted')}\n")
    return directory


def _remove_dead_sockets(directory: str) -> None:
    """Sockets of agents that were killed outright stay behind; nobody answers
    on them. (A starting agent binds under another name and renames its socket
    into place once it listens, so a live one never refuses.)"""
    import glob
    import time

    for leftover in glob.glob(os.path.join(glob.escape(directory), "*.sock.new")):
        # Bound but never renamed into place: its agent died starting up.
        try:
            if time.time() - os.lstat(leftover).st_mtime > 60:
                os.unlink(leftover)
        except OSError:
            pass
    for candidate in glob.glob(os.path.join(glob.escape(directory), "*.sock")):
        probe = _unix_stream()
        probe.settimeout(1.0)
        try:
            probe.connect(candidate)
        except ConnectionRefusedError:
            try:  # noqa: SIM105 - contextlib costs 2 ms on every command
                os.unlink(candidate)
            except OSError:
                pass
        except OSError:
            pass
        finally:
            probe.close()
