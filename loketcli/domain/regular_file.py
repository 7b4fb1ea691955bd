"""Reading a file the worker named (a transfer, a colleague's stats, a JSON
input, the desk's vocabulary, a passphrase file): a regular file only, and
never more than a bound.

A FIFO (`mkfifo`) opened for reading blocks until someone writes, and a
device may never end: opened without blocking, checked with `fstat` on the
descriptor itself (no race with a rename in between), then read up to the
bound. Anything but a regular file raises `NotRegularFile`, an `OSError`, so
callers that refuse an unreadable file refuse it the same way."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """A FIFO, device, socket or directory where a file was expected."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes (one past the bound, so the caller can tell a
    file that is too large) of the regular file at `path`."""
    # O_NONBLOCK: opening a FIFO without a writer returns at once instead of
    # waiting; on a regular file it changes nothing. Windows has neither.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"not a regular file: {path.name}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
