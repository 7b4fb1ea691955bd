"""A working day as Windows would run it, on this machine (issue 24).

No Windows machine is at hand, so each `loket` runs in a process whose
`sitecustomize` hides, from loket's own imports only, what the standard library
lacks on Windows: `os.getuid`, `os.fork`, `os.O_NOFOLLOW`, `os.killpg`, the job
control and hang-up signals, Unix sockets and descriptor passing, `select.poll`,
and the modules `readline`, `fcntl`, `termios`, `grp`, `pwd` and `resource`.
Libraries (Typer, rich, prompt_toolkit, the standard library itself) keep what
they choose by `sys.platform`. loket chooses by capability (`loketcli.system`),
so these runs walk the branches Windows walks. What this cannot show: Windows'
own file system, console and ACLs; docs/privacy.md says so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_KDF_ARGS

SITECUSTOMIZE = r'''
"""Simulated Windows for loket's own imports (tests/e2e/test_windows_day.py)."""
import builtins
import os
import select
import signal
import socket
import sys
import types

_OS_POSIX_ONLY = """
getuid geteuid getgid getegid getgroups setuid seteuid setgid setegid setgroups getresuid getresgid initgroups
getpgrp getpgid setpgrp setpgid getsid setsid tcgetpgrp tcsetpgrp killpg fork forkpty openpty register_at_fork
wait wait3 wait4 waitid WNOHANG WUNTRACED WCONTINUED pidfd_open posix_spawn posix_spawnp sched_getaffinity
sched_setaffinity getloadavg sysconf sysconf_names pathconf fpathconf confstr ttyname ctermid mkfifo mknod
fchmod fchown chown lchown chroot sync statvfs fstatvfs nice getpriority setpriority pipe2 pread pwrite preadv
pwritev readv writev sendfile posix_fadvise posix_fallocate memfd_create eventfd splice copy_file_range
getxattr setxattr listxattr removexattr lockf fdatasync
O_NOFOLLOW O_NONBLOCK O_CLOEXEC O_DIRECTORY O_NOCTTY O_SYNC O_DSYNC O_ASYNC O_NDELAY O_ACCMODE O_PATH O_TMPFILE
O_NOATIME O_LARGEFILE O_DIRECT O_RSYNC
""".split()
_SIGNAL_ON_WINDOWS = {"SIGABRT", "SIGFPE", "SIGILL", "SIGINT", "SIGSEGV", "SIGTERM", "SIGBREAK", "CTRL_C_EVENT",
                      "CTRL_BREAK_EVENT", "NSIG", "SIG_DFL", "SIG_IGN", "Signals", "Handlers", "default_int_handler",
                      "getsignal", "signal", "set_wakeup_fd", "raise_signal", "strsignal", "valid_signals"}
_SOCKET_POSIX_ONLY = ["AF_UNIX", "send_fds", "recv_fds", "SO_PEERCRED", "SO_PASSCRED", "SCM_RIGHTS",
                      "SCM_CREDENTIALS", "AF_PACKET", "AF_NETLINK", "CMSG_LEN", "CMSG_SPACE", "sethostname"]
_HIDDEN = {"readline", "fcntl", "termios", "grp", "pwd", "resource", "pty", "tty", "posix"}


def _view(module, keep):
    view = types.ModuleType(module.__name__, module.__doc__)
    view.__dict__.update({k: v for k, v in vars(module).items() if k.startswith("__") or keep(k)})
    return view


_VIEWS = {
    "os": _view(os, lambda name: name not in _OS_POSIX_ONLY),
    "signal": _view(signal, lambda name: name in _SIGNAL_ON_WINDOWS),
    "socket": _view(socket, lambda name: name not in _SOCKET_POSIX_ONLY),
    "select": _view(select, lambda name: name in {"select", "error"}),
}
_real_import = builtins.__import__


def _importer(globals_):
    name = (globals_ or {}).get("__name__") or ""
    if name == "__main__":
        spec = (globals_ or {}).get("__spec__")
        name = getattr(spec, "name", "") or ""
    return name


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and _importer(globals).startswith("loketcli"):
        if name.split(".")[0] in _HIDDEN:
            raise ImportError(f"No module named {name!r} (simulated Windows)", name=name)
        if name in _VIEWS:
            return _VIEWS[name]
        if name.split(".")[0] in _VIEWS and not fromlist:  # `import os.path` binds `os`
            _real_import(name, globals, locals, fromlist, level)
            return _VIEWS[name.split(".")[0]]
    return _real_import(name, globals, locals, fromlist, level)


builtins.__import__ = _import
'''

CASE = re.compile(r"K-\d{4}")


@pytest.fixture
def windows(tmp_path: Path) -> dict[str, str]:
    """The environment of a desk laptop's PowerShell: a profile (HOME), no
    SHELL, PSModulePath set; the simulation on PYTHONPATH."""
    site = tmp_path / "simulated-windows"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    profile = tmp_path / "profiel"
    profile.mkdir(mode=0o700)
    keep = {"PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "LOKET_TEST_INSECURE_KDF"}
    environment = {key: value for key, value in os.environ.items() if key in keep}
    repository = str(Path(__file__).resolve().parents[2])
    environment.update({
        "PYTHONPATH": os.pathsep.join([str(site), repository]),
        "HOME": str(profile), "PSModulePath": str(profile / "Modules"),
        "LOKET_DB": str(profile / "AppData" / "Local" / "loket" / "loket.db"),
        "NO_COLOR": "1", "COLUMNS": "100", "LOKET_TEST_INSECURE_KDF": "1",
    })
    return environment


def loket(environment: dict[str, str], *args: str, stdin: str | None = None,
          cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "loketcli", *args], env=environment, input=stdin,
                            capture_output=True, text=True, timeout=120, cwd=cwd,
                            stdin=None if stdin is not None else subprocess.DEVNULL)
    assert "Traceback" not in result.stderr, result.stderr
    assert "Onverwachte fout" not in result.stderr, result.stderr
    assert result.returncode == 0, (args, result.stderr)
    return result


def test_the_simulation_hides_what_windows_lacks(windows: dict[str, str]) -> None:
    probe = ("from loketcli import system\n"
             "from loketcli.agentlink import client\n"
             "import os\n"
             "print(system.user_id(), system.readline_module(), client.available(), hasattr(os, 'getuid'))\n")
    result = subprocess.run([sys.executable, "-c", probe], env=windows, capture_output=True, text=True, timeout=60)
    # loket's modules see Windows; this script (not loket) still sees Linux.
    assert (result.returncode, result.stdout) == (0, "None None False True\n"), result.stderr


def test_a_working_day_without_the_posix_parts(windows: dict[str, str], tmp_path: Path) -> None:
    env = {**windows, "LOKET_PASSPHRASE": PASSPHRASE}
    loket(env, "init", "--no-recovery-key", *TEST_KDF_ARGS)
    store = Path(env["LOKET_DB"])

    # unlock: no agent here, a session all the same, printed for PowerShell.
    secret = tmp_path / "profiel" / "wachtwoord.txt"
    secret.write_text(PASSPHRASE + "\r\n", encoding="utf-8")
    unlocked = loket(windows, "unlock", "--passphrase-file", str(secret))
    found = re.fullmatch(r"\$env:LOKET_SESSION = '([A-Za-z0-9_-]{43})'\n\$env:LOKET_AGENT = ''\n", unlocked.stdout)
    assert found, unlocked.stdout
    day = {**windows, "LOKET_SESSION": found.group(1)}

    visitor = tmp_path / "bezoeker.json"
    visitor.write_text(json.dumps({"name": "Testpersoon Venster", "question": "brief van CJIB", "channel": "balie",
                                   "agencies": ["CJIB"], "minutes": 20}), encoding="utf-8")
    case = CASE.search(loket(day, "intake", "--from-json", str(visitor)).stdout)
    assert case
    call = tmp_path / "gesprek.json"
    call.write_text(json.dumps({"question": "betalingsregeling", "answer": "wordt uitgezocht",
                                "outcome": "terugbelverzoek", "minutes": 10}), encoding="utf-8")
    loket(day, "call", case.group(), "cjib", "--from-json", str(call), "--callback", "over 5 werkdagen")
    loket(day, "followup", "add", case.group(), "-", "--due", "morgen", stdin="loonstroken meenemen\n")
    loket(day, "note", case.group(), stdin="Bezoeker belt zelf terug\n")
    shown = loket(day, "show", case.group(), "--json")
    assert json.loads(shown.stdout)["visitor"]["name"] == "Testpersoon Venster"
    loket(day, "today")
    loket(day, "summary", case.group(), "--format", "json")
    loket(day, "export", "--format", "csv", "-o", str(tmp_path / "dag.csv"))
    loket(day, "stats", "--year", "2026", "--format", "json")
    loket(day, "report", "--year", "2026", "-o", str(tmp_path / "rapport.html"))
    loket(day, "backup", str(tmp_path / "kopie.db"))
    loket(day, "verify")
    shell = loket(day, "shell", stdin=f"open {case.group()}\nnote \"tweede notitie\"\nshow\nexit\n")
    assert "Testpersoon Venster" in shell.stdout
    loket(day, "lock")
    assert not store.with_name(store.name + ".session").exists()


def test_a_store_outside_the_profile_is_refused(windows: dict[str, str], tmp_path: Path) -> None:
    """Without user ids, 'others cannot write here' is 'inside my own profile'."""
    outside = tmp_path / "gedeeld" / "loket.db"
    result = subprocess.run([sys.executable, "-m", "loketcli", "init", "--no-recovery-key", *TEST_KDF_ARGS],
                            env={**windows, "LOKET_DB": str(outside), "LOKET_PASSPHRASE": PASSPHRASE},
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "profielmap" in result.stderr
    assert not outside.exists()
