"""The agent's rules in one place: which signals travel between client and
command, what of the environment the agent may hold, and which clients it may
serve at all (only those in the same sandbox as itself).

Cheap to import: the client half reads the signal rules on every command.
"""

from __future__ import annotations

import os
import signal

# Signals that end a process: the client passes them on to the command's
# process group, then ends by the same signal, as it would have without the agent.
ENDING = ("SIGTERM", "SIGHUP", "SIGQUIT")
ENDING_AND_INTERRUPT = tuple(getattr(signal, name) for name in ("SIGINT", *ENDING) if hasattr(signal, name))
# The agent's child starts with default handling of these, as a fresh process would.
RESET_IN_CHILD = tuple(getattr(signal, name) for name in ("SIGCHLD", *ENDING) if hasattr(signal, name))

# Environment that the agent itself must not carry: secrets, and the session.
WITHHELD_PREFIX = "LOKET_"
KEPT = ("LOKET_LANG",)
# Read when Typer, rich or the catalogue load, i.e. once in the agent: a client
# that sets them differently runs its command itself.
IMPORT_TIME_ENVIRONMENT = ("LOKET_LANG", "TERMINAL_WIDTH", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS",
                           "TYPER_USE_RICH", "_TYPER_FORCE_DISABLE_TERMINAL", "_TYPER_STANDARD_TRACEBACK")

# What a sandbox changes about a process, as /proc shows it: no_new_privs,
# seccomp (mode and number of filters), capabilities, Landlock (where a kernel
# reports it), the LSM label (AppArmor, SELinux) and the namespaces.
_STATUS_FIELDS = ("NoNewPrivs", "Seccomp", "Seccomp_filters", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")
_STATUS_PREFIXES = ("Landlock",)
_NAMESPACES = ("user", "mnt", "pid", "net", "ipc", "uts", "cgroup")


def ignored_signals() -> list[int]:
    """Signals this process ignores (`nohup`, a script's `&`): the command
    must ignore them too, and they are not forwarded."""
    return [signum for signum in ENDING_AND_INTERRUPT if signal.getsignal(signum) == signal.SIG_IGN]


def sandbox(pid: int | str) -> tuple[tuple[str, str], ...] | None:
    """What confines process `pid`, from /proc; None when it cannot be read
    (then nothing may be assumed about it)."""
    root = f"/proc/{pid}"
    found: list[tuple[str, str]] = []
    try:
        with open(f"{root}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in _STATUS_FIELDS or key.startswith(_STATUS_PREFIXES):
                    found.append((key, value.strip()))
        for namespace in _NAMESPACES:
            try:
                found.append((f"ns/{namespace}", os.readlink(f"{root}/ns/{namespace}")))
            except FileNotFoundError:
                continue  # not on this kernel: absent for both alike
    except OSError:
        return None
    try:
        with open(f"{root}/attr/current", "rb") as label:
            found.append(("attr/current", label.read().decode("ascii", "replace").strip("\0\n")))
    except OSError:
        pass  # no LSM, or it does not say: the same for both processes
    if not any(key == "NoNewPrivs" for key, _ in found) or not any(key == "Seccomp" for key, _ in found):
        return None  # a kernel that does not report these cannot vouch for them
    return tuple(found)


def same_sandbox(client_pid: int) -> bool:
    """True only when the client is confined exactly as this process is. A
    client under no_new_privs, seccomp, Landlock, fewer capabilities or other
    namespaces would otherwise have its command, and its $EDITOR, run with
    the agent's wider rights: it runs the command itself instead."""
    if client_pid <= 0:
        return False
    mine = sandbox("self")
    return mine is not None and sandbox(client_pid) == mine
