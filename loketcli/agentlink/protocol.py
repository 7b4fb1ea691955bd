"""The agent's wire protocol (one Unix stream connection per command).

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

Standard library only, and the cheap part of it: the client side runs on every command.
"""

from __future__ import annotations

import os
import socket
import sys

from loketcli.agentlink.rules import ignored_signals
from loketcli.system import user_id

PROTOCOL = b"loket-agent/2"
STOP = -1  # argc of a request that asks the agent to stop
READY_SECONDS = 3.0
MAX_REQUEST = 1 << 20


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
    """The request's bytes; `server.Request.parse` reads them back."""
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


def peer_credentials(connection: socket.socket) -> tuple[int, int]:
    """The pid and uid of the process at the other end (Linux's struct ucred)."""
    import struct

    if not hasattr(socket, "SO_PEERCRED"):  # not Linux: no agent is started there (client.available)
        return -1, -1
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("iII"))
    pid, uid, _gid = struct.unpack("iII", credentials)
    return int(pid), int(uid)


def peer_uid(connection: socket.socket) -> int:
    return peer_credentials(connection)[1]


def private_directory(path: str) -> bool:
    """A real directory (not a link) of ours, closed to everyone else."""
    import stat

    try:
        status = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and status.st_uid == user_id() and not status.st_mode & 0o077
