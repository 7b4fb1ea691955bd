"""Every test gets its own store path through LOKET_DB and never sees the
worker's real environment (sessions, passphrases, language)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

# Cheap KDF settings for tests: the production default (64 MiB, 3 passes)
# would make every unlock in the suite cost ~0.1 s. Below the floor, they
# work only with LOKET_TEST_INSECURE_KDF=1, which the fixture below sets.
TEST_KDF_ARGS = ["--kdf-memory-kib", "64", "--kdf-iterations", "1"]
# The cheapest cost a real store may have (OWASP's floor, ~0.06 s): for tests
# that run without the switch below, e.g. at a terminal, where loket warns about it.
FLOOR_KDF_ARGS = ["--kdf-memory-kib", "19456", "--kdf-iterations", "2"]
PASSPHRASE = "correct horse battery"
# Set for the whole test process too (module-scoped fixtures run before the
# autouse one below, and subprocesses inherit it); never outside tests.
os.environ["LOKET_TEST_INSECURE_KDF"] = "1"

# A runner started as a background job of a non-interactive shell (`cmd &`)
# starts with SIGINT ignored, and an ignored signal stays ignored across exec:
# every loket the tests start would then ignore Ctrl-C, as loket rightly does
# for a command run under `nohup`. The Ctrl-C tests need the disposition an
# interactive terminal gives, so the suite starts from it whatever runs it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in list(os.environ):
        if name.startswith("LOKET_"):
            monkeypatch.delenv(name)
    # Below OWASP's floor, so allowed only with the test-only switch (loketcli.crypto):
    # the suite makes thousands of stores. Tests of the floor itself remove it.
    monkeypatch.setenv("LOKET_TEST_INSECURE_KDF", "1")
    db = tmp_path / "store" / "loket.db"
    monkeypatch.setenv("LOKET_DB", str(db))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    # No background agents from `loket unlock` in tests; tests/e2e/test_agent.py
    # switches it back on where the agent is what is tested.
    monkeypatch.setenv("LOKET_NO_AGENT", "1")
    yield db


@pytest.fixture
def db_path(isolated_store: Path) -> Path:
    return isolated_store


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone at a terminal: loket may prompt."""
    import loketcli.cli.prompts

    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
