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

PROTOCOL = b"loket-agent/1"
STOP = -1  # argc of a request that asks the agent to stop
READY_SECONDS = 3.0
_FORWARDED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
                   if hasattr(signal, name))


def fingerprint() -> bytes:
    """What must match between client and agent: the same loket, from the same
    place, on the same interpreter. An upgrade makes the agent step aside."""
    import loketcli

    return os.fsencode(f"{loketcli.__version__}|{sys.executable}|{os.path.dirname(loketcli.__file__)}")


def _stream_encoding(stream: object) -> bytes:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    errors = getattr(stream, "errors", None) or "strict"
    return f"{encoding},{errors}".encode("ascii", "replace")


def encode_request(argv: list[str], *, stop: bool = False) -> bytes:
    mask = os.umask(0o077)
    os.umask(mask)
    fields = [
        PROTOCOL,
        fingerprint(),
        os.fsencode(os.getcwd()),
        b"%o" % mask,
        b";".join(_stream_encoding(s) for s in (sys.stdin, sys.stdout, sys.stderr)),
        b"%d" % (STOP if stop else len(argv)),
        *(os.fsencode(arg) for arg in argv),
        *(os.fsencode(key) + b"=" + os.fsencode(value) for key, value in os.environ.items()),
    ]
    body = b"\0".join(fields)
    return len(body).to_bytes(4, "big") + body


def _read_exact(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _send_request(socket_path: str, argv: list[str], *, stop: bool = False) -> socket.socket | None:
    """A connection to the agent with the request and our standard streams sent,
    set to give up after READY_SECONDS; None when no agent takes it."""
    if not hasattr(socket, "send_fds"):
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.settimeout(READY_SECONDS)
        connection.connect(socket_path)
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
    connection = _send_request(socket_path, argv)
    if connection is None:
        return None
    with connection:
        try:
            ready = _read_exact(connection, 5)
            if len(ready) != 5 or ready[:1] != b"P":
                return None
            pid = int.from_bytes(ready[1:], "big")
            connection.settimeout(None)
            connection.sendall(b"G")
        except OSError:  # TimeoutError included: an agent that does not answer is passed by
            return None

        def forward(signum: int, _frame: object) -> None:
            # The terminal signals this process's group; the command runs in
            # the agent's child, which must hear Ctrl-C as if it were here.
            os.kill(pid, signum)

        for signum in _FORWARDED:
            signal.signal(signum, forward)
        try:
            result = _read_exact(connection, 2)
        except OSError:
            result = b""
    if len(result) == 2 and result[:1] == b"X":
        return result[1]
    # The command started but did not report back (killed, crashed). Running
    # it again here could do it twice; say so and stop.
    from loketcli.i18n import t

    sys.stderr.write(f"loket: {t('error.agent_lost')}\n")
    return 1


def stop_agent(socket_path: str) -> bool:
    """Ask the agent at `socket_path` to stop; True when one answered."""
    connection = _send_request(socket_path, [], stop=True)
    if connection is None:
        return False
    with connection:
        try:
            return _read_exact(connection, 2) == b"X\0"
        except OSError:
            return False
