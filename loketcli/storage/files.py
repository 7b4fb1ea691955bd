"""Writing files (exports, the session file) so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from loketcli.errors import StorageIOError


def write_atomic(path: Path, content: bytes) -> None:
    """Write beside the target, fsync, then rename over it: readers see the old
    file or the whole new one, never a part. The file is created 0600 (mkstemp):
    what loket writes is often personal."""
    target = path.expanduser()
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
