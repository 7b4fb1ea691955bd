"""Helpers shared by the CLI, storage and end-to-end tests.

Not a test module itself: pytest only collects `test_*.py`. It is importable
from every test directory because pytest puts `tests/` (the directory of the
root conftest) on sys.path.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer.core
import typer.main
import typer.testing
from conftest import PASSPHRASE, TEST_KDF_ARGS
from typer.testing import CliRunner, Result

import loketcli.domain.clock
from loketcli.cli.app import app
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.i18n import t

if TYPE_CHECKING:
    from loketcli.services.vault import Vault

__all__ = [
    "FIXED_NOW",
    "FIXTURES",
    "FULL_INTAKE",
    "PASSPHRASE",
    "TEST_KDF_ARGS",
    "UNLOCKED",
    "FixedClock",
    "copy_fixture_store",
    "data",
    "error_line",
    "execute",
    "fixed_clock",
    "flip_byte",
    "init_store",
    "intake",
    "invoke",
    "list_json",
    "loket_executable",
    "ok",
    "opened_vault",
    "root_command",
    "rows",
    "run",
    "show_json",
    "snapshot",
    "subprocess_env",
    "terminal_env",
    "through_a_terminal",
]

UNLOCKED: dict[str, str | None] = {"LOKET_PASSPHRASE": PASSPHRASE}

# Stores written by earlier versions, committed once and never regenerated.
FIXTURES = Path(__file__).parent / "fixtures"

# A Monday in winter time (UTC+1), so local and stored instants differ visibly.
FIXED_NOW = datetime(2026, 3, 2, 10, 15, tzinfo=LOCAL_ZONE)

# Every intake flag, all synthetic. 123456782 passes the elfproef and belongs to nobody.
FULL_INTAKE: list[str] = [
    "--name", "Testpersoon Een",
    "--question", "Brief over de huurtoeslag niet begrepen",
    "--channel", "balie",
    "--referred-by", "huisarts",
    "--life-event", "schulden",
    "--life-event", "verhuizing",
    "--agency", "toeslagen",
    "--agency", "belasting",
    "--digid", "heeft",
    "--consent",
    "--minutes", "25",
    "--phone", "06-12345678",
    "--email", "testpersoon.een@example.org",
    "--bsn", "123456782",
    "--language", "Pools",
    "--companion", "tolk",
]


@functools.cache
def root_command(typer_app: typer.Typer) -> typer.core.TyperGroup:
    """typer.testing._get_command, built once: the click tree never changes."""
    command = typer.main.get_command(typer_app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


def invoke(
    args: Sequence[str],
    *,
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
) -> Result:
    """Run the real root group in-process.

    The root group (LoketGroup.main) is the error boundary: whatever happens,
    it must end in SystemExit with a documented code. Any other exception
    reaching the runner means the boundary failed, and the test fails with it.
    """
    runner = CliRunner()
    # typer rebuilds the whole click command tree on every invoke (~20 ms for
    # this app); the tree never changes, so build it once. Everything else is
    # CliRunner.invoke as is.
    building = typer.testing._get_command
    typer.testing._get_command = root_command
    try:
        result = runner.invoke(app, list(args), env=env, input=input)
    finally:
        typer.testing._get_command = building
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped the error boundary: {result.exception!r}") from result.exception
    return result


def run(args: Sequence[str], *, env: Mapping[str, str | None] | None = None, input: str | None = None) -> Result:
    """invoke() with the store unlocked by the passphrase, unless `env` says otherwise."""
    return invoke(args, env=UNLOCKED if env is None else env, input=input)


def ok(args: Sequence[str], *, env: Mapping[str, str | None] | None = None, input: str | None = None) -> Result:
    """run() that must succeed."""
    result = run(args, env=env, input=input)
    assert result.exit_code == 0, result.stderr
    return result


def data(args: Sequence[str], *, env: Mapping[str, str | None] | None = None, input: str | None = None) -> Any:
    """What a command prints with --json."""
    return json.loads(ok([*args, "--json"], env=env, input=input).stdout)


def show_json(case: str, *extra: str, env: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    value = data(["show", case, *extra], env=env)
    assert isinstance(value, dict)
    return value


def list_json(*extra: str, env: Mapping[str, str | None] | None = None) -> list[dict[str, Any]]:
    value = data(["list", *extra], env=env)
    assert isinstance(value, list)
    return value


def error_line(key: str, **params: object) -> str:
    """The exact stderr the error boundary writes for a catalogue key."""
    return f"loket: {t(key, **params)}\n"


def init_store(db: Path | None = None) -> Result:
    args = ["init", *TEST_KDF_ARGS]
    if db is not None:
        args += ["--db", str(db)]
    result = invoke(args, env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    return result


def intake(*args: str, env: Mapping[str, str | None] | None = None) -> str:
    """Open a case with flags and return its id as printed on stdout."""
    result = invoke(["intake", *args], env=UNLOCKED if env is None else env)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@contextmanager
def opened_vault(db: Path, passphrase: str) -> Iterator[Vault]:
    """The store at `db` unlocked in this process, closed again on leaving."""
    from loketcli.services.vault import unlock_with_passphrase

    vault = unlock_with_passphrase(db, passphrase)
    try:
        yield vault
    finally:
        vault.close()


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file in the store's directory, by name, with its bytes."""
    gc.collect()  # make sure no stray connection still holds the store open
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def flip_byte(db: Path, table: str, column: str, row_id: int, offset: int, *, where: str = "id") -> None:
    """Flip every bit of one byte of a stored blob, behind loket's back."""
    conn = sqlite3.connect(db)
    try:
        (blob,) = conn.execute(f"SELECT {column} FROM {table} WHERE {where} = ?", (row_id,)).fetchone()
        data = bytearray(blob)
        data[offset] ^= 0xFF
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where} = ?", (bytes(data), row_id))
        conn.commit()
    finally:
        conn.close()


def rows(db: Path, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """What a query finds in the store file, read behind loket's back."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def execute(db: Path, *statements: str, params: Sequence[object] = ()) -> None:
    """Run statements (each with `params`) on the store file and commit, behind loket's back."""
    conn = sqlite3.connect(db)
    try:
        for statement in statements:
            conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def copy_fixture_store(version: int, db: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Put tests/fixtures/store_v{version}.db where the test's store lives and
    return the environment that unlocks it (its passphrase).

    A real store's cost (OWASP's floor): it opens without the suite's cheap-KDF switch.
    """
    monkeypatch.delenv("LOKET_TEST_INSECURE_KDF")
    db.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / f"store_v{version}.db", db)
    return {"LOKET_PASSPHRASE": f"fixtuur wachtwoord {version}"}


def subprocess_env(extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The test's environment for a loket subprocess, with `extra` on top (None removes a name)."""
    env = dict(os.environ)
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def terminal_env(db: Path, passphrase: str) -> dict[str, str]:
    """A loket subprocess's environment at a colour terminal 120 columns wide:
    the worker's own LOKET_ settings and NO_COLOR gone, the store at `db`
    opened with `passphrase`, no agent, the suite's cheap-KDF switch on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update({"LOKET_DB": str(db), "LOKET_PASSPHRASE": passphrase, "LOKET_NO_AGENT": "1",
                "LOKET_TEST_INSECURE_KDF": "1", "COLUMNS": "120", "TERM": "xterm"})
    env.pop("NO_COLOR", None)
    return env


def through_a_terminal(argv: list[str], env: dict[str, str], *, timeout: float) -> tuple[int, str]:
    """Run argv with a pseudo-terminal on stdin and stderr (stdout discarded);
    its exit code and everything it wrote to the terminal."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, env=env, stdin=follower, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout)
    os.close(leader)
    return process.returncode, seen.decode("utf-8", "replace")


def loket_executable() -> str:
    return str(Path(sys.executable).parent / "loket")


class FixedClock:
    """Stands in for `loketcli.domain.clock.now`; tests move it between commands."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def set(self, now: dt.datetime) -> None:
        self.now = now


def fixed_clock(monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> FixedClock:
    """Stop loket's clock (`loketcli.domain.clock.now`) at `now` for one test."""
    fixed = FixedClock(now)
    monkeypatch.setattr(loketcli.domain.clock, "now", lambda: fixed.now)
    return fixed
