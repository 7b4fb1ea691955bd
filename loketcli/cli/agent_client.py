"""The client half of the agent: hand this process's command, standard streams,
working directory and environment to the agent, and wait for the exit code.

Standard library only, and the cheap part of it: this runs on every command.

The wire protocol (one Unix stream connection per command):

    client -> agent   4-byte big-endian length, then the request: NUL-separated
                      fields (see `encode_request`), with file descriptors 0, 1
                      and 2 attached to the first bytes (SCM_RIGHTS)
    agent  -> client  b"F"               run it yourself; nothing has run
                      b"P" + 4-byte pid  ready to run the command in process `pid`
    client -> agent   b"G"               go
    agent  -> client  b"X" + 1 byte      it ended with this exit code

The command runs only after b"G", and the client falls back to running it
itself only before sending b"G" (no answer within READY_SECONDS, or the
connection closed), so a command can never run twice. A connection that closes
after b"G" without b"X" may have run part of the command: the client reports
an error and does not run it again.
"""

from __future__ import annotations

import os
import signal
import socket
import sys

TYPE_CHECKING = False  # typing itself costs a millisecond and a half to import

PROTOCOL = b"loket-agent/2"
STOP = -1  # argc of a request that asks the agent to stop
READY_SECONDS = 3.0
# Signals that end a process: passed on to the command's process group, then
# this process ends by the same signal, as it would have without the agent.
_ENDING = ("SIGTERM", "SIGHUP", "SIGQUIT")
_ENDING_AND_INTERRUPT = tuple(getattr(signal, name) for name in ("SIGINT", *_ENDING) if hasattr(signal, name))


def fingerprint() -> bytes:
    """What must match between client and agent: the same loket, from the same
    place, on the same interpreter. An upgrade makes the agent step aside."""
    import loketcli

    return os.fsencode(f"{loketcli.__version__}|{sys.executable}|{os.path.dirname(loketcli.__file__)}")


def _stream_encoding(stream: object) -> bytes:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    errors = getattr(stream, "errors", None) or "strict"
    return f"{encoding},{errors}".encode("ascii", "replace")


def ignored_signals() -> list[int]:
    """Signals this process ignores (`nohup`, a script's `&`): the command
    must ignore them too, and they are not forwarded."""
    return [signum for signum in _ENDING_AND_INTERRUPT if signal.getsignal(signum) == signal.SIG_IGN]


def encode_request(argv: list[str], *, stop: bool = False) -> bytes:
    mask = os.umask(0o077)
    os.umask(mask)
    fields = [
        PROTOCOL,
        fingerprint(),
        os.fsencode(os.getcwd()),
        b"%o" % mask,
        b";".join(_stream_encoding(s) for s in (sys.stdin, sys.stdout, sys.stderr)),
        b",".join(b"%d" % signum for signum in ignored_signals()),
        b"%d" % (STOP if stop else len(argv)),
        *(os.fsencode(arg) for arg in argv),
        *(os.fsencode(key) + b"=" + os.fsencode(value) for key, value in os.environ.items()),
    ]
    body = b"\0".join(fields)
    return len(body).to_bytes(4, "big") + body


def read_exact(connection: socket.socket, size: int) -> bytes:
    """Up to `size` bytes: fewer only when the other end closed."""
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def peer_uid(connection: socket.socket) -> int:
    """The uid of the process at the other end (Linux's struct ucred)."""
    import struct

    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("iII"))
    return int(struct.unpack("iII", credentials)[1])


def private_directory(path: str) -> bool:
    """A real directory (not a link) of ours, closed to everyone else."""
    import stat

    try:
        status = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077


def _trusted(socket_path: str, connection: socket.socket) -> bool:
    """Our terminal and environment go only to our own agent: the socket's
    directory must be ours and closed to others, and so must the listener."""
    return private_directory(os.path.dirname(socket_path)) and peer_uid(connection) == os.getuid()


def _send_request(socket_path: str, argv: list[str], *, stop: bool = False) -> socket.socket | None:
    """A connection to the agent with the request and our standard streams sent,
    set to give up after READY_SECONDS; None when no agent takes it."""
    if not (sys.platform.startswith("linux") and hasattr(socket, "send_fds")):
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
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
    if _in_the_background():
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
    try:
        return os.isatty(0) and os.tcgetpgrp(0) != os.getpgrp()
    except OSError:
        return False


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
        to_command(signal.SIGCONT)  # a stopped command must wake to hear it
        to_command(signum)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def suspend(_signum: int, _frame: FrameType | None) -> None:
        # The command's group is orphaned (a session of its own), where the
        # kernel drops SIGTSTP: stop it outright, editor included. The shell
        # keeps the terminal's settings of a stopped job and restores them at `fg`.
        to_command(signal.SIGSTOP)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)
        signal.signal(signal.SIGTSTP, suspend)  # resumed (fg): SIGCONT follows

    handlers: dict[str, _Handler] = {"SIGINT": interrupt, "SIGWINCH": forward, "SIGCONT": resume,
                                   "SIGTSTP": suspend, **dict.fromkeys(_ENDING, end)}
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
