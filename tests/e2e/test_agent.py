"""The session agent: `loket unlock` starts a pre-warmed process, and commands
run through it exactly as they would run on their own (same output, exit code,
streams, directory), without the client importing Typer or cryptography."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from loketcli.agentlink import client, protocol
from loketcli.i18n import t
from tests.conftest import FLOOR_KDF_ARGS, PASSPHRASE

pytestmark = pytest.mark.skipif(not client.available(), reason="the agent needs fork, SO_PEERCRED and send_fds")

LOKET = [sys.executable, "-m", "loketcli"]
EXPORTS = re.compile(r"export LOKET_SESSION=(?P<token>[A-Za-z0-9_-]{43})\nexport LOKET_AGENT=(?P<socket>\S+)\n")
MODULES_WRAPPER = (
    "import atexit, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write('\\n'.join(sorted(sys.modules))))\n"
    "sys.argv[0] = 'loket'\n"
    "runpy.run_module('loketcli', run_name='__main__', alter_sys=True)\n"
)


def loket(args: list[str], env: dict[str, str], stdin: str | None = None,
          cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LOKET, *args], env=env, input=stdin if stdin is not None else "", capture_output=True,
                          text=True, timeout=60, cwd=cwd)


# How long an agent may take to go after a stop: seconds when idle, but the
# suite runs on every core beside the register's server, and a loaded machine
# has been seen to need more than 15.
STOP_SECONDS = 40.0


def wait_for(condition: object, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def agent_pid(socket_path: str) -> int | None:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"loketcli.agent.server" in cmdline and os.fsencode(socket_path) in cmdline:
                return int(entry.name)
    return None


def editor_script(tmp_path: Path, text: str) -> Path:
    """A stand-in for $EDITOR: a shell script the test controls."""
    editor = tmp_path / "editor.sh"
    editor.write_text(text)
    editor.chmod(0o700)
    return editor


@contextlib.contextmanager
def terminal() -> Iterator[int]:
    """A pseudo-terminal's far end, for stdin: a command then behaves as at a desk (prompts, $EDITOR)."""
    leader, follower = os.openpty()
    try:
        yield follower
    finally:
        os.close(leader)
        os.close(follower)


@pytest.fixture
def runtime_dir() -> Iterator[Path]:
    # Socket paths must stay under ~100 bytes, so not in pytest's long tmp_path.
    directory = Path(tempfile.mkdtemp(prefix="lka"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def base_env(db_path: Path, runtime_dir: Path) -> dict[str, str]:
    # Without the cheap-KDF switch: these tests put a terminal on stdin, where
    # loket warns about it. A store at OWASP's floor costs ~0.06 s per unlock.
    environment = {k: v for k, v in os.environ.items() if k not in ("LOKET_NO_AGENT", "LOKET_TEST_INSECURE_KDF")}
    environment.update({"LOKET_DB": str(db_path), "XDG_RUNTIME_DIR": str(runtime_dir)})
    with_passphrase = {**environment, "LOKET_PASSPHRASE": PASSPHRASE}
    subprocess.run([*LOKET, "init", "--no-recovery-key", *FLOOR_KDF_ARGS], env=with_passphrase, check=True,
                   capture_output=True)
    subprocess.run([*LOKET, "intake", "--name", "Testpersoon Agent", "--question", "brief niet begrepen",
                    "--channel", "balie", "--agency", "uwv"], env=with_passphrase, check=True, capture_output=True)
    return environment


def unlock(base_env: dict[str, str]) -> tuple[dict[str, str], str]:
    result = loket(["unlock"], {**base_env, "LOKET_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    found = EXPORTS.fullmatch(result.stdout)
    assert found, result.stdout
    socket_path = found["socket"]
    assert wait_for(lambda: Path(socket_path).exists()), "the agent did not start"
    return {**base_env, "LOKET_SESSION": found["token"], "LOKET_AGENT": socket_path}, socket_path


@pytest.fixture
def session(base_env: dict[str, str]) -> Iterator[tuple[dict[str, str], str]]:
    env, socket_path = unlock(base_env)
    yield env, socket_path
    client.stop_agent(socket_path)
    if not wait_for(lambda: not Path(socket_path).exists(), STOP_SECONDS):
        # Seen about once in a few thousand tests, not reproduced in isolation:
        # the agent was still there 15 s after a stop. Asked once more, so a
        # lost stop does not fail an unrelated test; an agent that never stops
        # still does.
        client.stop_agent(socket_path)
        assert wait_for(lambda: not Path(socket_path).exists(), STOP_SECONDS)


def client_modules(args: list[str], env: dict[str, str], tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.txt"
    result = subprocess.run([sys.executable, "-c", MODULES_WRAPPER, str(out), *args], env=env, capture_output=True,
                            text=True, timeout=60, input="")
    assert result.returncode == 0, result.stderr
    return set(out.read_text().split())


def test_unlock_starts_an_agent_on_a_private_socket(session: tuple[dict[str, str], str], runtime_dir: Path) -> None:
    _env, socket_path = session
    path = Path(socket_path)
    assert path.parent == runtime_dir / f"loket-{os.getuid()}"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(path.stat().st_mode)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_agent_holds_no_secrets_in_its_environment(session: tuple[dict[str, str], str]) -> None:
    env, socket_path = session
    pid = agent_pid(socket_path)
    assert pid is not None
    environment = Path(f"/proc/{pid}/environ").read_bytes()
    assert env["LOKET_SESSION"].encode() not in environment
    assert PASSPHRASE.encode() not in environment
    assert b"LOKET_DB=" not in environment


def test_the_client_hands_the_command_over_without_loading_typer(session: tuple[dict[str, str], str],
                                                                    tmp_path: Path) -> None:
    env, _socket = session
    served = client_modules(["show", "K-0001"], env, tmp_path)
    assert "typer" not in served
    assert "cryptography" not in served
    assert "sqlite3" not in served
    ran_here = client_modules(["show", "K-0001"], {**env, "LOKET_AGENT": ""}, tmp_path)
    assert "typer" in ran_here  # the check can fail: without the agent, the client does load it


CONSULT = [
    ["note", "K-0001", "via de agent"],
    ["call", "K-0001", "uwv", "--outcome", "opgelost", "--minutes", "5"],
    ["followup", "add", "K-0001", "loonstroken meenemen", "--due", "over 5 werkdagen"],
    ["show", "K-0001"],
    ["show", "K-0001", "--json"],
    ["list"],
    ["today"],
    ["show", "K-9999"],
    ["note", "K-0001"],  # no text and nothing on stdin
    ["call", "K-0001", "uwv", "--outcome", "onzin"],
    ["intake", "--bogus"],
    ["followup"],
    ["--version"],
    ["--lang", "en", "show", "K-9999"],  # another language: runs on its own, same result
    ["--lang", "en", "intake", "--help"],
]


@pytest.mark.parametrize("args", CONSULT, ids=" ".join)
def test_a_command_through_the_agent_behaves_as_one_run_here(session: tuple[dict[str, str], str],
                                                             args: list[str]) -> None:
    env, _socket = session
    through_agent = loket(args, env)
    here = loket(args, {**env, "LOKET_AGENT": ""})

    def seen(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
        # Run twice, a write gets the next follow-up number: that is the only difference allowed.
        return result.returncode, re.sub(r"#\d+", "#N", result.stdout), re.sub(r"#\d+", "#N", result.stderr)

    assert seen(through_agent) == seen(here)


def test_exit_codes_come_back_from_the_agent(session: tuple[dict[str, str], str]) -> None:
    env, _socket = session
    assert loket(["show", "K-0001"], env).returncode == 0
    assert loket(["show", "K-9999"], env).returncode == 2
    wrong = loket(["show", "K-0001"], {**env, "LOKET_SESSION": "A" * 43})
    assert wrong.returncode == 3
    assert wrong.stderr == f"loket: {t('error.session_invalid')}\n"


def test_stdin_and_the_working_directory_reach_the_command(session: tuple[dict[str, str], str],
                                                          tmp_path: Path) -> None:
    env, _socket = session
    added = loket(["note", "K-0001"], env, stdin="tekst uit een pijp\n")
    assert added.returncode == 0, added.stderr
    shown = loket(["show", "K-0001", "--json"], env)
    assert "tekst uit een pijp" in shown.stdout
    workdir = tmp_path / "werkmap"
    workdir.mkdir()
    exported = loket(["export", "--day", time.strftime("%Y-%m-%d"), "--output", "dag.csv"], env, cwd=workdir)
    assert exported.returncode == 0, exported.stderr
    assert (workdir / "dag.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_files_the_command_writes_follow_the_clients_umask(session: tuple[dict[str, str], str],
                                                          tmp_path: Path) -> None:
    env, _socket = session
    result = subprocess.run(["sh", "-c", f"umask 027 && exec {' '.join(LOKET)} export --day "
                             f"{time.strftime('%Y-%m-%d')} --output {tmp_path / 'dag.csv'}"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    here = subprocess.run(["sh", "-c", f"umask 027 && exec {' '.join(LOKET)} export --day "
                           f"{time.strftime('%Y-%m-%d')} --output {tmp_path / 'hier.csv'}"],
                          env={**env, "LOKET_AGENT": ""}, capture_output=True, text=True, timeout=60)
    assert here.returncode == 0, here.stderr
    assert stat.S_IMODE((tmp_path / "dag.csv").stat().st_mode) == stat.S_IMODE(
        (tmp_path / "hier.csv").stat().st_mode)


def test_another_language_runs_here_and_the_agent_stays(session: tuple[dict[str, str], str],
                                                        tmp_path: Path) -> None:
    env, socket_path = session
    english = {**env, "LOKET_LANG": "en"}
    result = loket(["show", "K-9999"], english)
    assert result.returncode == 2
    assert result.stderr == "loket: Case K-9999 does not exist.\n"
    assert "typer" in client_modules(["show", "K-0001"], english, tmp_path)
    assert Path(socket_path).exists()


def test_an_agent_of_another_version_steps_aside(session: tuple[dict[str, str], str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _env, socket_path = session
    monkeypatch.setattr(protocol, "fingerprint", lambda: b"0.0.0|elders|elders")
    assert client.run_through_agent(socket_path, ["show", "K-0001"]) is None
    assert wait_for(lambda: not Path(socket_path).exists(), STOP_SECONDS), "the stale agent did not stop"


def test_lock_stops_the_agent_and_later_commands_run_here(session: tuple[dict[str, str], str]) -> None:
    env, socket_path = session
    pid = agent_pid(socket_path)
    locked = loket(["lock"], env)
    assert locked.returncode == 0
    assert wait_for(lambda: not Path(socket_path).exists(), STOP_SECONDS)
    assert wait_for(lambda: pid is None or not Path(f"/proc/{pid}").exists() or
                    "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2])
    after = loket(["show", "K-0001"], env)
    assert after.returncode == 3
    assert after.stderr == f"loket: {t('error.session_ended')}\n"


def test_a_new_unlock_replaces_the_previous_agent(session: tuple[dict[str, str], str],
                                                  base_env: dict[str, str]) -> None:
    env, first = session
    again = loket(["unlock"], {**env, "LOKET_PASSPHRASE": PASSPHRASE})
    assert again.returncode == 0
    found = EXPORTS.fullmatch(again.stdout)
    assert found and found["socket"] != first
    assert wait_for(lambda: not Path(first).exists())
    assert wait_for(lambda: Path(found["socket"]).exists())
    client.stop_agent(found["socket"])


def test_unlock_without_agent_clears_the_variable(base_env: dict[str, str]) -> None:
    result = loket(["unlock", "--no-agent"], {**base_env, "LOKET_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0
    assert result.stdout.endswith("export LOKET_AGENT=''\n")
    assert not list(Path(base_env["XDG_RUNTIME_DIR"]).glob("loket-*/*.sock"))


def test_the_agent_ends_when_the_session_would_expire(runtime_dir: Path) -> None:
    directory = runtime_dir / "kort"
    directory.mkdir(mode=0o700)
    socket_path = directory / "a.sock"
    session_file = directory / "loket.db.session"
    session_file.write_text("{}")
    status = session_file.stat()
    process = subprocess.Popen([sys.executable, "-m", "loketcli.agent.server", str(socket_path),
                                repr(time.time() + 3), str(session_file), f"{status.st_ino}:{status.st_mtime_ns}"],
                               stdin=subprocess.DEVNULL)
    try:
        assert wait_for(socket_path.exists)
        assert process.wait(timeout=30) == 0
        assert not socket_path.exists()
    finally:
        process.kill()


def test_a_command_that_dies_is_reported_not_repeated(session: tuple[dict[str, str], str], tmp_path: Path) -> None:
    env, _socket = session
    # A terminal on stdin makes `note` open the editor; this editor kills the
    # command that started it, halfway through.
    # (Its own output goes elsewhere, so it holds no pipe of the test open.)
    editor = editor_script(tmp_path, "#!/bin/sh\nkill -9 $PPID\nexec sleep 5 >/dev/null 2>&1\n")
    with terminal() as follower:
        result = subprocess.run([*LOKET, "note", "K-0001"], env={**env, "EDITOR": str(editor)}, stdin=follower,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"loket: {t('error.agent_lost')}\n"
    shown = loket(["show", "K-0001", "--json"], env)
    assert shown.stdout.count('"kind": "note"') == 0


@pytest.mark.parametrize("through_agent", [True, False], ids=["agent", "here"])
def test_ctrl_c_ends_the_command_with_the_documented_code(session: tuple[dict[str, str], str], tmp_path: Path,
                                                          through_agent: bool) -> None:
    env, socket_path = session
    env = {**env, "LOKET_AGENT": socket_path if through_agent else ""}
    started, heard = tmp_path / "editor-started", tmp_path / "editor-heard"
    # `started` only once `waiting` is set: a Ctrl-C in between would run `kill` with no pid.
    editor = editor_script(tmp_path, f"#!/bin/sh\ntrap 'touch {heard}; kill $waiting; exit 130' INT\n"
                           f"sleep 30 >/dev/null 2>&1 &\nwaiting=$!\ntouch {started}\nwait\n")
    with terminal() as follower:
        # In a group of its own, as a shell runs a job: Ctrl-C signals the whole group.
        process = subprocess.Popen([*LOKET, "note", "K-0001"], env={**env, "EDITOR": str(editor)}, stdin=follower,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, process_group=0)
        assert wait_for(started.exists)
        os.killpg(process.pid, signal.SIGINT)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 1
    # On a line of its own, not after the ^C the terminal echoed (issue 11).
    assert err == f"\nloket: {t('error.aborted')}\n"
    assert heard.exists(), "the editor did not hear Ctrl-C"


def test_only_the_same_user_is_served() -> None:
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with left, right:
        assert protocol.peer_uid(left) == os.getuid()


def test_an_unsafe_agent_directory_is_refused(runtime_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))
    open_directory = runtime_dir / f"loket-{os.getuid()}"
    open_directory.mkdir(mode=0o700)
    open_directory.chmod(0o777)
    assert client.agent_directory() is None
    assert client.start(time.time() + 60, runtime_dir / "loket.db.session") is None
    open_directory.chmod(0o700)
    assert client.agent_directory() == str(open_directory)


def test_a_command_whose_client_dies_is_interrupted(session: tuple[dict[str, str], str], tmp_path: Path) -> None:
    env, _socket = session
    started = tmp_path / "editor-pid"
    editor = editor_script(tmp_path, f"#!/bin/sh\necho $$ > {started}.tmp && mv {started}.tmp {started}\nsleep 30\n"
                           'echo "te laat" >> "$1"\n')
    with terminal() as follower:
        process = subprocess.Popen([*LOKET, "note", "K-0001"], env={**env, "EDITOR": str(editor)}, stdin=follower,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_for(started.exists)
        process.kill()
        process.wait(timeout=30)
        editor_pid = int(started.read_text())
        assert wait_for(lambda: not Path(f"/proc/{editor_pid}").exists()), "the command went on without its client"
    assert "te laat" not in loket(["show", "K-0001", "--json"], env).stdout


def test_a_client_that_leaves_before_go_runs_nothing(session: tuple[dict[str, str], str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    env, socket_path = session
    monkeypatch.setenv("LOKET_SESSION", env["LOKET_SESSION"])
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(socket_path)
        socket.send_fds(connection, [protocol.encode_request(["note", "K-0001", "nooit vastgelegd"])], [0, 1, 2])
        ready = connection.recv(5)
        assert ready[:1] == b"P"
        # A client that waits too long falls back to running the command itself;
        # until it says go, the agent's child must not start it.
        time.sleep(1.5)
        assert "nooit vastgelegd" not in loket(["show", "K-0001", "--json"], env).stdout
    child = int.from_bytes(ready[1:], "big")
    assert wait_for(lambda: not Path(f"/proc/{child}").exists())
    assert "nooit vastgelegd" not in loket(["show", "K-0001", "--json"], env).stdout


def test_sockets_of_killed_agents_are_cleared(runtime_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))
    found = client.agent_directory()
    assert found is not None
    dead = Path(found) / "dood.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(dead))
    assert dead.exists()
    session_file = runtime_dir / "loket.db.session"
    session_file.write_text("{}")
    socket_path = client.start(time.time() + 60, session_file)
    assert socket_path is not None
    try:
        assert not dead.exists()
        assert wait_for(lambda: Path(socket_path).exists())
    finally:
        assert wait_for(lambda: client.stop_agent(socket_path))


@pytest.mark.parametrize("through_agent", [True, False], ids=["agent", "here"])
def test_a_terminated_command_ends_by_the_same_signal(session: tuple[dict[str, str], str], tmp_path: Path,
                                                      through_agent: bool) -> None:
    env, socket_path = session
    env = {**env, "LOKET_AGENT": socket_path if through_agent else ""}
    started = tmp_path / "editor-pid"
    editor = editor_script(tmp_path, f"#!/bin/sh\necho $$ > {started}.tmp && mv {started}.tmp {started}\n"
                           "exec sleep 30 >/dev/null 2>&1\n")
    with terminal() as follower:
        try:
            process = subprocess.Popen([*LOKET, "note", "K-0001"], env={**env, "EDITOR": str(editor)},
                                       stdin=follower, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            assert wait_for(started.exists)
            process.terminate()
            _out, err = process.communicate(timeout=30)
        finally:
            # Run on its own, loket dies at once and its editor lives on, as in a terminal.
            if started.exists():
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(started.read_text()), signal.SIGKILL)
    assert process.returncode == -signal.SIGTERM
    assert err == ""


def test_through_the_agent_the_store_is_left_as_a_direct_run_leaves_it(session: tuple[dict[str, str], str],
                                                                        db_path: Path) -> None:
    env, _socket = session
    for environment in ({**env, "LOKET_AGENT": ""}, env):
        added = loket(["note", "K-0001", "nog een notitie"], environment)
        assert added.returncode == 0, added.stderr
        # The last connection's close folds the WAL back into the store file.
        assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith("loket.db")) == [
            "loket.db", "loket.db.session"], environment["LOKET_AGENT"]


def test_a_lock_in_another_shell_stops_the_agent(session: tuple[dict[str, str], str]) -> None:
    env, socket_path = session
    other_shell = {**env, "LOKET_AGENT": ""}
    assert loket(["lock"], other_shell).returncode == 0
    assert wait_for(lambda: not Path(socket_path).exists(), STOP_SECONDS), "the agent outlived its session"


def test_the_client_sends_nothing_to_a_socket_that_is_not_private(session: tuple[dict[str, str], str],
                                                                   runtime_dir: Path) -> None:
    env, _socket = session
    shared = runtime_dir / "gedeeld"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    impostor_path = shared / "agent.sock"
    received: list[bytes] = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as impostor:
        impostor.bind(str(impostor_path))
        impostor.listen(1)
        impostor.settimeout(30)

        def listen() -> None:
            connection, _ = impostor.accept()
            with connection:
                connection.settimeout(30)
                received.append(connection.recv(65536))

        import threading

        listener = threading.Thread(target=listen)
        listener.start()
        result = loket(["show", "K-0001"], {**env, "LOKET_AGENT": str(impostor_path)})
        listener.join(timeout=30)
    assert result.returncode == 0  # ran here instead
    assert received == [b""]


def test_a_signal_the_client_ignores_stays_ignored(session: tuple[dict[str, str], str], tmp_path: Path) -> None:
    env, _socket = session
    started = tmp_path / "editor-started"
    editor = editor_script(tmp_path, f"#!/bin/sh\ntouch {started}\nsleep 2\necho 'na de hangup' >> \"$1\"\n")
    with terminal() as follower:
        # As `nohup loket ...` starts it: SIGHUP ignored.
        process = subprocess.Popen(["sh", "-c", f"trap '' HUP; exec {' '.join(LOKET)} note K-0001"],
                                   env={**env, "EDITOR": str(editor)}, stdin=follower, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, process_group=0)
        assert wait_for(started.exists)
        os.killpg(process.pid, signal.SIGHUP)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "na de hangup" in loket(["show", "K-0001", "--json"], env).stdout


def test_a_stopped_command_whose_client_is_killed_still_ends(session: tuple[dict[str, str], str],
                                                             tmp_path: Path) -> None:
    env, _socket = session
    started = tmp_path / "editor-pid"
    editor = editor_script(tmp_path, f"#!/bin/sh\necho $$ > {started}.tmp && mv {started}.tmp {started}\n"
                           "exec sleep 30 >/dev/null 2>&1\n")
    with terminal() as follower:
        process = subprocess.Popen([*LOKET, "note", "K-0001"], env={**env, "EDITOR": str(editor)}, stdin=follower,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, process_group=0)
        assert wait_for(started.exists)
        editor_pid = int(started.read_text())
        os.killpg(process.pid, signal.SIGTSTP)  # Ctrl-Z
        assert wait_for(lambda: Path(f"/proc/{editor_pid}/stat").read_text().split()[2] == "T")
        process.kill()
        process.wait(timeout=30)
        assert wait_for(lambda: not Path(f"/proc/{editor_pid}").exists()), "the stopped command was left behind"


# -- issue 12: drafts, expiry, sandbox, squatted directory -------------------------------------


@pytest.mark.parametrize("through_agent", [True, False], ids=["agent", "here"])
@pytest.mark.parametrize(("signum", "editor_ignores"), [(signal.SIGHUP, False), (signal.SIGTERM, False),
                                                        (signal.SIGTERM, True)], ids=["hup", "term", "term-stubborn"])
def test_a_draft_is_wiped_when_the_command_is_ended(session: tuple[dict[str, str], str], tmp_path: Path,
                                                    db_path: Path, through_agent: bool, signum: int,
                                                    editor_ignores: bool) -> None:
    env, socket_path = session
    env = {**env, "LOKET_AGENT": socket_path if through_agent else ""}
    started = tmp_path / "editor-pid"
    trap = "trap '' HUP TERM\n" if editor_ignores else ""
    # The editor lets go of the test's pipes, so only loket's own end is waited for.
    editor = editor_script(tmp_path, f"#!/bin/sh\nexec >/dev/null 2>&1\n{trap}"
                           "echo 'Testpersoon heeft schulden' >> \"$1\"\n"
                           f"echo $$ > {started}.tmp && mv {started}.tmp {started}\n"
                           "sleep 30\n")
    with terminal() as follower:
        process = subprocess.Popen([*LOKET, "note", "K-0001"], env={**env, "EDITOR": str(editor)}, stdin=follower,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            assert wait_for(started.exists)
            assert list(db_path.parent.glob(".loket-note-*")), "the editor has no draft open"
            process.send_signal(signum)
            _out, err = process.communicate(timeout=30)
        finally:
            with contextlib.suppress(ProcessLookupError, ValueError, FileNotFoundError):
                os.kill(int(started.read_text()), signal.SIGKILL)
    assert process.returncode == -signum, err
    assert not list(db_path.parent.glob(".loket-note-*")), "the draft with personal data stayed behind"


def test_the_agent_wipes_the_session_file_at_expiry(runtime_dir: Path) -> None:
    directory = runtime_dir / "kort"
    directory.mkdir(mode=0o700)
    socket_path = directory / "a.sock"
    session_file = directory / "loket.db.session"
    session_file.write_text('{"v":1}')
    status = session_file.stat()
    process = subprocess.Popen([sys.executable, "-m", "loketcli.agent.server", str(socket_path),
                                repr(time.time() + 3), str(session_file), f"{status.st_ino}:{status.st_mtime_ns}"],
                               stdin=subprocess.DEVNULL)
    try:
        # On a loaded machine the agent may start after its three seconds are
        # up, and then ends at once: what matters is that it wipes the file.
        assert wait_for(lambda: socket_path.exists() or process.poll() is not None)
        assert process.wait(timeout=30) == 0
        assert not session_file.exists(), "the expired session still unwraps the key with its token"
    finally:
        process.kill()


def _ran_in_the_agent(env: dict[str, str], tmp_path: Path, prefix: list[str]) -> bool:
    """Whether `show` ran in the agent: a command run here imports Typer in the client."""
    out = tmp_path / "modules.txt"
    result = subprocess.run([*prefix, sys.executable, "-c", MODULES_WRAPPER, str(out), "show", "K-0001"], env=env,
                            capture_output=True, text=True, timeout=60, input="")
    assert result.returncode == 0, result.stderr
    return "typer" not in out.read_text().split()


def test_a_client_under_no_new_privs_runs_its_command_itself(session: tuple[dict[str, str], str],
                                                             tmp_path: Path) -> None:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed: no way to start a client under no_new_privs")
    env, _socket = session
    assert _ran_in_the_agent(env, tmp_path, [])  # the check can fail: an unconfined client is served
    assert not _ran_in_the_agent(env, tmp_path, [setpriv, "--no-new-privs"])


def test_the_sandbox_rules_compare_what_proc_shows() -> None:
    from loketcli.agentlink import rules

    mine = rules.sandbox("self")
    assert mine is not None
    keys = {key for key, _value in mine}
    assert {"NoNewPrivs", "Seccomp", "CapEff", "ns/mnt"} <= keys
    assert rules.same_sandbox(os.getpid())
    assert not rules.same_sandbox(0)
    assert not rules.same_sandbox(2 ** 22 + 12345)  # no such process: nothing can be vouched for


def test_a_squatted_agent_directory_gets_an_unpredictable_one(monkeypatch: pytest.MonkeyPatch, runtime_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # No XDG_RUNTIME_DIR: the agent's directory lies in the shared temp directory.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(runtime_dir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    squatted = runtime_dir / f"loket-{os.getuid()}"
    squatted.mkdir(mode=0o700)
    squatted.chmod(0o777)  # as if another user made it first
    session_file = runtime_dir / "loket.db.session"
    session_file.write_text("{}")
    socket_path = client.start(time.time() + 60, session_file)
    try:
        assert socket_path is not None
        assert Path(socket_path).parent != squatted
        assert Path(socket_path).parent.name.startswith(f"loket-{os.getuid()}-")
        assert stat.S_IMODE(Path(socket_path).parent.stat().st_mode) == 0o700
        assert capsys.readouterr().err == f"loket: {t('agent.directory_squatted')}\n"
        assert wait_for(lambda: Path(socket_path).exists())
    finally:
        if socket_path:
            assert wait_for(lambda: client.stop_agent(socket_path))
    assert wait_for(lambda: not Path(socket_path).parent.exists()), "the agent left its own directory behind"
