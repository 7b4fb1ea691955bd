"""Writing a longer text in $EDITOR, as `git commit` does."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from loketcli.errors import BadInput
from loketcli.i18n import t


def edit_text(beside: Path) -> str:
    """Open the worker's editor on an empty note and return what they wrote,
    without the comment lines. The draft holds personal data in clear, so it
    lives in a private directory beside the store (not in a shared /tmp that
    may outlive the session), is created under umask 077, and is overwritten
    before it is removed. Editors' own swap files follow the same umask."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ("nano" if shutil.which("nano") else "vi")
    previous = os.umask(0o077)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".loket-note-", dir=beside))
    except OSError:
        os.umask(previous)
        raise BadInput("error.editor") from None
    draft = scratch / "notitie.txt"
    try:
        draft.write_text("\n# " + t("note.editor_hint") + "\n", encoding="utf-8")
        draft.chmod(0o600)
        try:
            finished = subprocess.run([*shlex.split(editor), str(draft)], check=False)
        except OSError:
            raise BadInput("error.editor") from None
        if finished.returncode != 0:
            raise BadInput("error.editor")
        text = draft.read_text(encoding="utf-8")
        return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
    finally:
        with contextlib.suppress(OSError):
            size = draft.stat().st_size
            with draft.open("r+b") as handle:
                handle.write(b"\0" * size)
        shutil.rmtree(scratch, ignore_errors=True)
        os.umask(previous)
