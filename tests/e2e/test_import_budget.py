"""The import budget: every consult command runs in a real process, and the
heavy modules it does not need must not be imported. This is the part of the
start-up goal that CI can check on any machine; timings live in bench/run.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_KDF_ARGS

# phonenumbers (~50 ms) only when a phone number is typed; rich_utils (help screens) never on a command;
# prompt_toolkit: the line editor of `loket shell` at a terminal, never of a command.
NEVER = ("pydantic", "sqlite_utils", "dateutil.parser", "click", "phonenumbers", "typer.rich_utils",
         "prompt_toolkit")
WRAPPER = (
    "import atexit, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write('\\n'.join(sorted(sys.modules))))\n"
    "sys.argv[0] = 'loket'\n"
    "runpy.run_module('loketcli', run_name='__main__', alter_sys=True)\n"
)


def _modules(args: list[str], env: dict[str, str], tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.txt"
    result = subprocess.run([sys.executable, "-c", WRAPPER, str(out), *args], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(out.read_text().split())


@pytest.fixture
def env(db_path: Path) -> dict[str, str]:
    environment = {**os.environ, "LOKET_DB": str(db_path), "LOKET_PASSPHRASE": PASSPHRASE}
    subprocess.run([sys.executable, "-m", "loketcli", "init", "--no-recovery-key", *TEST_KDF_ARGS], env=environment,
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "loketcli", "intake", "--name", "Testpersoon Import", "--question", "q",
                    "--channel", "balie", "--agency", "uwv"], env=environment, check=True, capture_output=True)
    return environment


CONSULT_COMMANDS: list[tuple[list[str], tuple[str, ...]]] = [
    # (arguments, heavy modules this command may import on top of the never-list's complement)
    (["intake", "--name", "Testpersoon Twee", "--question", "q", "--channel", "balie", "--agency", "svb"], ()),
    (["call", "K-0001", "uwv", "--outcome", "opgelost", "--minutes", "5"], ()),
    (["note", "K-0001", "een notitie"], ()),
    (["followup", "add", "K-0001", "terugbellen", "--due", "morgen"], ()),
    (["show", "K-0001"], ()),
    (["list"], ()),
    # Working days come from the holiday table shipped in data/, not the holidays package.
    (["today"], ()),
    (["followup", "add", "K-0001", "x", "--due", "over 5 werkdagen"], ()),
    (["intake", "--name", "Testpersoon Drie", "--question", "q", "--channel", "balie", "--phone", "06-12345678"],
     ("phonenumbers",)),
]


@pytest.mark.parametrize(("args", "allowed"), CONSULT_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list)
                         else None)
def test_consult_commands_stay_light(args: list[str], allowed: tuple[str, ...], env: dict[str, str],
                                     tmp_path: Path) -> None:
    modules = _modules(args, env, tmp_path)
    # The wrapper really saw the command run: the CLI and the store were imported.
    assert {"loketcli.cli.app", "loketcli.storage.db", "sqlite3"} <= modules
    for heavy in NEVER:
        if heavy not in allowed:
            assert heavy not in modules, f"{heavy} imported by loket {' '.join(args)}"
    if "holidays" not in allowed:
        assert "holidays" not in modules, f"holidays imported by loket {' '.join(args)}"


def test_a_piped_shell_does_without_the_line_editor(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "modules.txt"
    result = subprocess.run([sys.executable, "-c", WRAPPER, str(out), "shell"], env=env, input="show K-0001\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    modules = set(out.read_text().split())
    assert "loketcli.cli.shell" in modules
    assert "prompt_toolkit" not in modules


def test_the_check_can_fail(env: dict[str, str], tmp_path: Path) -> None:
    """The modules list is real: a command that does need the package shows it."""
    modules = _modules(["demo", "--cases", "1", "--kdf-memory-kib", "64"], env, tmp_path)
    assert "sqlite_utils" in modules
