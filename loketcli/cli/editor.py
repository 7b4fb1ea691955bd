"""Writing a longer text in $EDITOR, as `git commit` does.

The draft holds personal data in clear, so it lives in a private directory
beside the store (not in a shared /tmp that may outlive the session), created
under umask 077, and is overwritten before it is removed: when the editor
ends, when the command is interrupted, and when it is ended by SIGHUP (the
terminal closed) or SIGTERM, also when it runs in the session agent's child
(which starts with default signal handling). A draft left by a command killed
outright (SIGKILL, a power cut) is removed when a store is next opened or
locked: its directory carries the pid of the command that made it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from loketcli.errors import BadInput
from loketcli.i18n import t
from loketcli.system import is_link, open_no_follow, owned_by_user, process_running, signal_numbers

if TYPE_CHECKING:
    from collections.abc import Callable

DRAFT_PREFIX = ".loket-note-"
# How long an editor may take to end (and drop its swap file) once told to.
_EDITOR_GRACE_SECONDS = 2.0


class _Ended(BaseException):
    """The command was told to end while the editor was open."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def edit_text(beside: Path) -> str:
    """Open the worker's editor on an empty note and return what they wrote,
    without the comment lines."""
    import signal
    import subprocess
    import tempfile

    command = editor_command(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "")
    previous = os.umask(0o077)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f"{DRAFT_PREFIX}{os.getpid()}-", dir=beside))
    except OSError:
        os.umask(previous)
        raise BadInput("error.editor") from None
    draft = scratch / "notitie.txt"

    def ended(signum: int, _frame: object) -> None:
        raise _Ended(signum)

    # Signals the process ignores (nohup) stay ignored: then the editor goes on.
    # (No SIGHUP on Windows: there, what exists is handled.)
    ending = [signum for signum in signal_numbers("SIGHUP", "SIGTERM") if signal.getsignal(signum) != signal.SIG_IGN]
    handlers = {signum: signal.signal(signum, ended) for signum in ending}
    process: subprocess.Popen[bytes] | None = None
    try:
        draft.write_text("\n# " + t("note.editor_hint") + "\n", encoding="utf-8")
        draft.chmod(0o600)
        try:
            process = subprocess.Popen([*command, str(draft)])
        except OSError:
            raise BadInput("error.editor") from None
        if process.wait() != 0:
            raise BadInput("error.editor")
        text = draft.read_text(encoding="utf-8")
        return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
    except _Ended as signalled:
        # Ending now: nothing may interrupt the clean-up (through the agent a
        # Ctrl-C-like SIGINT follows when the client goes, and a second
        # SIGTERM may come).
        for signum in (signal.SIGINT, *ending):
            signal.signal(signum, signal.SIG_IGN)
        # The editor may hold the text in its buffer and swap file: end it
        # first (the same signal), then wipe, then end as told.
        _stop(process, signalled.signum)
        wipe_draft_directory(scratch)
        signal.signal(signalled.signum, signal.SIG_DFL)
        os.kill(os.getpid(), signalled.signum)
        raise SystemExit(128 + signalled.signum) from None  # only if the signal did not end us
    finally:
        wipe_draft_directory(scratch)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        os.umask(previous)


def _editor_command(chosen: str | None, which: Callable[[str], str | None]) -> list[str]:
    """The editor to start: $VISUAL or $EDITOR, else the first of nano, vi and
    notepad (Windows) that exists. A value that names a program as a whole is
    one word (`C:\\Program Files\\Notepad++\\notepad++.exe`); otherwise it is
    split as a shell would (`code --wait`)."""
    import shlex

    if not chosen:
        for candidate in ("nano", "vi", "notepad"):
            if which(candidate):
                return [candidate]
        return ["vi"]
    if which(chosen) or os.path.isfile(chosen):
        return [chosen]
    return shlex.split(chosen)


def editor_set() -> bool:
    """Whether the worker chose an editor; without one, `note` asks in a
    multi-line prompt instead of dropping them into vi."""
    return bool(os.environ.get("VISUAL") or os.environ.get("EDITOR"))


def editor_command(editor: str) -> list[str]:
    """The editor's command line. Vim (and `vi` when it is Vim, and Neovim)
    keep deleted lines of the note in ~/.viminfo and write a swap file: they
    are started with neither (`-i NONE -n`)."""
    import shutil

    words = _editor_command(editor or None, shutil.which)
    if not words:
        return words
    found = shutil.which(words[0])
    names = {Path(words[0]).name, Path(os.path.realpath(found)).name if found else ""}
    # `vi` is often Vim (vim.basic, vim.tiny); busybox's or nvi's vi would refuse the flags.
    if any(name.startswith(("vim", "nvim", "gvim")) for name in names):
        return [words[0], "-i", "NONE", "-n", *words[1:]]
    return words


def _stop(process: object, signum: int) -> None:
    import subprocess

    if not isinstance(process, subprocess.Popen) or process.poll() is not None:
        return
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        process.send_signal(signum)
        process.wait(timeout=_EDITOR_GRACE_SECONDS)


def wipe_draft_directory(scratch: Path) -> None:
    """Overwrite every file in a draft directory (the draft, an editor's swap
    or backup file), then remove it all. Never follows a link."""
    import stat

    try:
        entries = list(os.scandir(scratch))
    except OSError:
        entries = []
    for entry in entries:
        try:
            if entry.is_file(follow_symlinks=False):
                fd = open_no_follow(entry.path, os.O_WRONLY)
                try:
                    status = os.fstat(fd)
                    if stat.S_ISREG(status.st_mode):
                        os.write(fd, b"\0" * status.st_size)
                finally:
                    os.close(fd)
            if entry.is_dir(follow_symlinks=False):
                wipe_draft_directory(Path(entry.path))
            else:
                os.unlink(entry.path)
        except OSError:
            continue
    with contextlib.suppress(OSError):
        os.rmdir(scratch)


def remove_leftover_drafts(directory: Path) -> int:
    """Remove drafts whose command no longer runs (killed outright while the
    editor was open); a draft of a command still running is left alone.
    Returns how many were removed."""
    removed = 0
    try:
        entries = [entry for entry in os.scandir(directory) if entry.name.startswith(DRAFT_PREFIX)]
    except OSError:
        return 0
    for entry in entries:
        owner = entry.name[len(DRAFT_PREFIX):].split("-", 1)[0]
        if owner.isdigit() and process_running(int(owner)):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not entry.is_dir(follow_symlinks=False) or is_link(status) or not owned_by_user(status):
            continue
        wipe_draft_directory(Path(entry.path))
        removed += 1
    return removed
