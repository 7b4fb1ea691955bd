"""Writing files (exports, the session file) so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from loketcli.errors import BadInput, StorageIOError


def write_atomic(path: Path, content: bytes) -> None:
    """Write beside the target, fsync, then rename over it: readers see the old
    file or the whole new one, never a part. The file is created 0600 (mkstemp):
    what loket writes is often personal. A target that exists and is not a
    regular file (a folder, FIFO or device, also behind a link) is refused:
    BadInput, nothing written."""
    target = path.expanduser()
    refuse_unless_regular(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        raise StorageIOError("error.write_file") from None


def refuse_unless_regular(target: Path) -> None:
    """Before renaming a new file over `target`: if something is there, it must
    be a regular file (also behind a link). A rename would put a file where a
    folder, FIFO or device was: as root, `-o /dev/null` replaced the device
    node itself. BadInput, nothing touched."""
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        return
    except OSError:
        raise StorageIOError("error.write_file") from None
    if not stat.S_ISREG(existing.st_mode):
        raise BadInput("error.write_not_a_file")
