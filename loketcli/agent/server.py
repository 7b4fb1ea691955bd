"""The agent: a pre-warmed `loket` that `loket unlock` starts for the session.

A Python command spends most of its time importing (the interpreter, Typer,
cryptography, loket itself) before it does a few milliseconds of work. The
agent imports all of that once and then forks a child per command: the child
takes over the client's standard streams (passed over the socket), working
directory, environment and umask, becomes the leader of a session of its own
(so Ctrl-C, Ctrl-Z and `kill 0` in an editor reach it and its editor, and
nothing else), runs the command exactly as `loket` would, and reports the exit
code. See `loketcli.agentlink.protocol` for the wire format.

What the agent holds: code, no data. It never opens a store, never sees the
passphrase or the session token (it is started without them in its
environment; each child reads them from its client's environment and forgets
them when it exits), and it writes nothing but its socket (and, at expiry,
the zeros that wipe the session file). Only the
same user can connect: the socket lies in a directory of mode 0700, has mode
0600 itself, and the peer's uid is checked before anything is read.

It ends when the session would expire (then it wipes the session file, so
the token opens nothing even where a command never ran to notice), when its
session file is gone or replaced (`loket lock`, or `loket unlock` anywhere),
on SIGTERM, and when a client of another loket version calls, or its own code
changed on disk (the client then runs the command itself). A client with
settings that the agent fixed when it imported Typer (language, terminal
width, colour forcing), or one confined otherwise than the agent (see
`loketcli.agentlink.rules.same_sandbox`), runs that command itself as well.
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from loketcli.agentlink.protocol import MAX_REQUEST, PROTOCOL, STOP, fingerprint, peer_credentials, read_exact
from loketcli.agentlink.rules import IMPORT_TIME_ENVIRONMENT, RESET_IN_CHILD, same_sandbox

# Linux only: pidfds, POLLRDHUP, SO_PEERCRED's field order. Nothing starts this
# module unless `loketcli.agentlink.client.available()` found all of that (by capability); this
# line tells the type checker, which reads it as Windows or macOS would
# (`mypy --platform win32`), that the rest is not meant for those.
assert sys.platform == "linux"

_CHECK_SECONDS = 2.0  # how soon a lock elsewhere stops the agent


def _prewarm() -> None:
    """Import everything a command could need and build every command, so a
    child starts with nothing left to load."""
    import importlib
    import pkgutil

    import loketcli

    skipped = {"loketcli.__main__", "loketcli.agent.server"}
    for module in pkgutil.walk_packages(loketcli.__path__, "loketcli."):
        if module.name not in skipped:
            importlib.import_module(module.name)
    # dateutil: imported by a command only for a date counted in months or years.
    for name in ("rich.console", "rich.table", "rich.text", "rich.markup", "rich.progress",
                 "cryptography.hazmat.primitives.ciphers.aead", "sqlite3", "dateutil.relativedelta"):
        importlib.import_module(name)
    from loketcli.cli.app import build_all_commands

    build_all_commands()
    import gc

    # Pre-fork server practice: what exists now lives as long as the agent, so
    # keep it out of the children's collections (and their copy-on-write pages).
    gc.freeze()


def _code_on_disk() -> tuple[tuple[str, int, int], ...]:
    """Each loaded loket module's file, inode and modification time (this
    module runs as __main__): a child that sees anything else than the agent
    saw at start-up knows the code changed on disk."""
    files = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and (name.startswith("loketcli") or name == "__main__"):
            files.append((path, *(_file_identity(Path(path)) or (0, 0))))
    return tuple(sorted(files))


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns


def serve(socket_path: Path, expires_at: float, session_file: Path, session: tuple[int, int] | None) -> None:
    _prewarm()
    code = _code_on_disk()
    agent_pid = os.getpid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    binding = socket_path.with_name(socket_path.name + ".new")
    previous = os.umask(0o177)
    try:
        listener.bind(str(binding))
    finally:
        os.umask(previous)
    listener.listen(16)
    os.rename(binding, socket_path)
    identity = socket_path.stat().st_ino
    # Children report to their client, not to us: let the kernel reap them.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    poller = select.poll()
    poller.register(listener, select.POLLIN)
    # Each running command's connection, kept to notice a client that vanishes
    # while its command is stopped (Ctrl-Z, then killed): the command is woken
    # so that it sees the client gone and ends, instead of waiting for ever.
    # Our copy is let go as soon as the command ends (its pidfd turns
    # readable), so a client still sees the connection close with it.
    running: dict[int, _Running] = {}
    try:
        while (remaining := expires_at - time.time()) > 0:
            if session is None or _file_identity(session_file) != session:
                break  # locked, or unlocked again: this session's tokens no longer work
            for fd, _events in poller.poll(min(remaining, _CHECK_SECONDS) * 1000):
                if fd != listener.fileno():
                    command = running.get(fd)
                    if command is None:
                        continue
                    if fd == command.connection.fileno():
                        for wake in (os.killpg, os.kill):  # the client went: wake it to see that
                            with contextlib.suppress(OSError):
                                wake(command.pid, signal.SIGCONT)
                    command.forget(poller, running)
                    continue
                try:
                    connection, _ = listener.accept()
                    client_pid, client_uid = peer_credentials(connection)
                    if client_uid != os.getuid():
                        connection.close()
                        continue
                    pid = os.fork()
                except OSError:
                    continue  # out of processes or descriptors for a moment: the client runs it itself
                if pid == 0:
                    try:
                        listener.close()
                        for other in set(running.values()):
                            other.close()
                        _child(connection, agent_pid, code, client_pid)
                    finally:
                        os._exit(1)  # a child never returns into the accept loop
                command = _Running(connection, pid)
                if command.pidfd is None:
                    connection.close()  # already over
                    continue
                for watched in (command.connection.fileno(), command.pidfd):
                    running[watched] = command
                poller.register(command.connection, select.POLLRDHUP)
                poller.register(command.pidfd, select.POLLIN)
    except SystemExit:
        pass
    finally:
        if os.getpid() == agent_pid:
            if time.time() >= expires_at and session is not None and _file_identity(session_file) == session:
                _wipe_expired(session_file)
            listener.close()
            with contextlib.suppress(OSError):
                if socket_path.stat().st_ino == identity:
                    socket_path.unlink()
            if socket_path.parent.name != f"loket-{os.getuid()}":
                with contextlib.suppress(OSError):  # a directory of its own (see client.start): empty now
                    socket_path.parent.rmdir()


def _wipe_expired(session_file: Path) -> None:
    """The session expired: its file goes, as `loket lock` would remove it."""
    with contextlib.suppress(Exception):
        from loketcli.services.session import wipe_session_file

        wipe_session_file(session_file)


class _Running:
    """A command running in a child, as the agent watches it."""

    def __init__(self, connection: socket.socket, pid: int) -> None:
        self.connection = connection
        self.pid = pid
        try:
            self.pidfd: int | None = os.pidfd_open(pid)
        except OSError:
            self.pidfd = None

    def close(self) -> None:
        self.connection.close()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None

    def forget(self, poller: select.poll, running: dict[int, _Running]) -> None:
        for watched in (self.connection.fileno(), self.pidfd):
            if watched is not None and running.get(watched) is self:
                del running[watched]
                poller.unregister(watched)
        self.close()


def _stop(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


@dataclass(frozen=True)
class Request:
    """A client's request, as `protocol.encode_request` wrote it."""

    fingerprint: bytes
    cwd: bytes
    umask: int
    encodings: tuple[tuple[str, ...], ...]  # (encoding, errors) of stdin, stdout, stderr
    ignored: frozenset[int]
    stop: bool
    argv: tuple[str, ...]
    environment: dict[str, str]

    @classmethod
    def parse(cls, body: bytes) -> Request:
        fields = body.split(b"\0")
        if len(fields) < 7 or fields[0] != PROTOCOL:
            raise ValueError("protocol")
        argc = int(fields[6])
        count = max(argc, 0)
        environment: dict[str, str] = {}
        for entry in fields[7 + count:]:
            key, _, value = entry.partition(b"=")
            if key:
                environment[os.fsdecode(key)] = os.fsdecode(value)
        return cls(
            fingerprint=fields[1],
            cwd=fields[2],
            umask=int(fields[3], 8),
            encodings=tuple(tuple(part.decode("ascii").split(",", 1)) for part in fields[4].split(b";")),
            ignored=frozenset(int(number) for number in fields[5].split(b",") if number),
            stop=argc == STOP,
            argv=tuple(os.fsdecode(arg) for arg in fields[7:7 + count]),
            environment=environment,
        )


def _receive(connection: socket.socket) -> tuple[Request, list[int]]:
    data, descriptors, _flags, _address = socket.recv_fds(connection, 65536, 3)
    if len(data) < 4:
        raise ValueError("short")
    size = int.from_bytes(data[:4], "big")
    if size > MAX_REQUEST:
        raise ValueError("size")
    body = data[4:]
    if len(body) < size:
        body += read_exact(connection, size - len(body))
    if len(body) != size:
        raise ValueError("short")
    return Request.parse(body), descriptors


def _text_stream(fd: int, mode: str, encoding: tuple[str, ...], line_buffering: bool) -> io.TextIOWrapper:
    name, errors = (*encoding, "strict")[:2] if encoding else ("utf-8", "strict")
    binary = open(fd, mode + "b", closefd=False)  # noqa: SIM115 - lives as long as the child
    return io.TextIOWrapper(binary, encoding=name, errors=errors, line_buffering=line_buffering)


def _adopt(request: Request, descriptors: list[int]) -> None:
    """Become the client's process: its streams, directory, environment, umask,
    and a session of its own."""
    os.setsid()
    for target, fd in enumerate(descriptors[:3]):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request.cwd)
    os.environ.clear()
    os.environ.update(request.environment)
    os.umask(request.umask)
    sys.stdin = _text_stream(0, "r", request.encodings[0], False)
    sys.stdout = _text_stream(1, "w", request.encodings[1], os.isatty(1))
    sys.stderr = _text_stream(2, "w", request.encodings[2], True)
    sys.argv = ["loket", *request.argv]


def _steps_aside(request: Request, descriptors: list[int], code: tuple[tuple[str, int, int], ...],
                 client_pid: int) -> bool:
    """True when the client must run this command itself."""
    return (request.fingerprint != fingerprint() or len(descriptors) != 3 or _code_on_disk() != code
            or any(request.environment.get(name) != os.environ.get(name) for name in IMPORT_TIME_ENVIRONMENT)
            or any(arg == "--lang" or arg.startswith("--lang=") for arg in request.argv)
            or not same_sandbox(client_pid))


def _child(connection: socket.socket, agent_pid: int, code_on_disk: tuple[tuple[str, int, int], ...],
           client_pid: int) -> None:
    # Until the go, an interrupt is the client's to handle (it then sends none).
    for signum in RESET_IN_CHILD:
        signal.signal(signum, signal.SIG_DFL)
    code = 1
    started = False
    try:
        request, descriptors = _receive(connection)
        if request.stop:
            started = True  # report the code: the stop is what ran
            code = 0
            _stop_agent(agent_pid)
        elif _steps_aside(request, descriptors, code_on_disk, client_pid):
            if request.fingerprint != fingerprint() or _code_on_disk() != code_on_disk:
                _stop_agent(agent_pid)  # stale: make way for a new one at the next unlock
            for fd in descriptors:
                os.close(fd)
            connection.sendall(b"F")
        else:
            try:
                _adopt(request, descriptors)
            except OSError:
                connection.sendall(b"F")  # could not become the client (its directory, say)
                raise
            connection.sendall(b"P" + os.getpid().to_bytes(4, "big"))
            if connection.recv(1) != b"G":
                return  # the client gave up waiting and runs the command itself
            started = True
            # Signals as in a fresh process started by the client: Ctrl-C arrives
            # as KeyboardInterrupt, and what the client ignores stays ignored.
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
                if signum in request.ignored:
                    signal.signal(signum, signal.SIG_IGN)
                elif signum == signal.SIGINT:
                    signal.signal(signum, signal.default_int_handler)
            _abort_when_the_client_goes(connection)
            code = _run()
    except KeyboardInterrupt:
        code = 1
        if started:
            with contextlib.suppress(Exception):
                from loketcli.i18n import t

                sys.stderr.write(f"loket: {t('error.aborted')}\n")
    except BaseException:  # noqa: BLE001 - a child must always end here, quietly
        code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # A process that ends normally collects its garbage, and a store
        # connection is garbage in a cycle (with its statement cache): collecting
        # it closes it, and the last close folds the WAL back into the store
        # file. os._exit skips all that, so do it here. (Cheap: the agent froze
        # everything it made before forking, so only this command's objects are scanned.)
        import gc

        gc.collect()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        if started:
            with contextlib.suppress(OSError):
                connection.sendall(b"X" + bytes([code & 0xFF]))
        os._exit(code & 0xFF)


def _stop_agent(agent_pid: int) -> None:
    # Only while the agent is still our parent: if it is gone, the pid may
    # since belong to another process (init, a user's service manager).
    if os.getppid() == agent_pid:
        os.kill(agent_pid, signal.SIGTERM)


def _abort_when_the_client_goes(connection: socket.socket) -> None:
    """A command run in place dies with its terminal; one run here would go
    on alone. When the client's end closes early (killed, terminal gone),
    interrupt the command and its editor, if any, as Ctrl-C would, so it
    rolls back and ends, leaving nothing behind."""
    import threading

    def watch() -> None:
        with contextlib.suppress(OSError):
            while connection.recv(1):
                pass
        os.killpg(os.getpid(), signal.SIGINT)  # our group: we lead it since setsid()

    threading.Thread(target=watch, daemon=True).start()


def _run() -> int:
    from loketcli.cli.app import main

    try:
        main()
    except SystemExit as done:
        if done.code is None:
            return 0
        return done.code if isinstance(done.code, int) else 1
    return 0


if __name__ == "__main__":
    inode, _, mtime = sys.argv[4].partition(":")
    serve(Path(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3]), (int(inode), int(mtime)))
