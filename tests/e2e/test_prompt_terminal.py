"""The prompts at a real terminal (a pseudo-terminal): with GNU readline in
charge of a prompt with choices, Enter on an empty answer must still end the
line, so the next question starts on a line of its own."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time

import pytest

SCRIPT = """
from loketcli.cli.prompts import ask
channel = ask("Kanaal", str, default="balie", choices=["balie", "telefoon"])
bodies = ask("Instanties", str, choices=["uwv", "svb"])
print("GOT", repr(channel), repr(bodies))
"""


def test_enter_on_a_question_with_choices_ends_the_line() -> None:
    import importlib.util

    if importlib.util.find_spec("readline") is None:
        pytest.skip("no readline module here (Windows): these prompts have no completion to test")
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    process = subprocess.Popen([sys.executable, "-c", SCRIPT], stdin=follower, stdout=follower, stderr=follower,
                               env=env)
    os.close(follower)
    seen = b""

    def read_until(marker: bytes, seconds: float = 20.0) -> None:
        nonlocal seen
        import select

        deadline = time.monotonic() + seconds
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen += chunk

    read_until(b"(balie):")
    os.write(leader, b"\r")  # Enter: the default
    read_until(b"Instanties")
    os.write(leader, b"uwv\r")
    read_until(b"\x00never", 10)  # to the end: the process closes the terminal when it exits
    process.kill()
    process.wait(20)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert "Instanties" in text and "GOT 'balie' 'uwv'" in text, text
    # The second question is on a line of its own, not after the first one's colon.
    first_line_end = text.index("(balie):")
    assert "\n" in text[first_line_end:text.index("Instanties")], text
