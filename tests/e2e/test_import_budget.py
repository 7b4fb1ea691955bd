"""The import budget: every consult command runs in a real process, and the
heavy modules it does not need must not be imported. This is the part of the
start-up goal that CI can check on any machine; timings live in bench/run.py.
The checks are on sets of module names, so a module cut from a path cannot
creep back unnoticed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_KDF_ARGS

# phonenumbers (~50 ms) only when a phone number is typed; rich_utils (help screens) never on a command;
# prompt_toolkit: the line editor of `loket shell` at a terminal, never of a command.
# holidays: the shipped table in data/ instead. dateutil (and six): only for a date counted in months
# or years. httpx (the register push), pyrage and loketcli.crypto.transfer (a case to a colleague), the
# agent's server half: their own commands only. importlib.resources (with zipfile): data/ is found
# beside the package. secrets (with random) and tempfile: only when a store or a session is made.
NEVER = ("pydantic", "sqlite_utils", "dateutil", "six", "click", "phonenumbers", "typer.rich_utils",
         "prompt_toolkit", "holidays", "httpx", "pyrage", "importlib.resources", "zipfile", "secrets", "tempfile",
         "loketcli.register", "loketcli.crypto.transfer", "loketcli.agent.server", "loketcli.storage.files")
# Commands that only write and say what they did print plain lines, never through rich.
RICH = ("rich",)
WRAPPER = (
    "import atexit, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write('\\n'.join(sorted(sys.modules))))\n"
    "sys.argv[0] = 'loket'\n"
    "runpy.run_module('loketcli', run_name='__main__', alter_sys=True)\n"
)


def _modules(args: list[str], env: dict[str, str], tmp_path: Path, stdin: str | None = None) -> set[str]:
    out = tmp_path / "modules.txt"
    result = subprocess.run([sys.executable, "-c", WRAPPER, str(out), *args], env=env, capture_output=True,
                            text=True, timeout=60, input=stdin)
    assert result.returncode == 0, result.stderr
    return set(out.read_text().split())


def _found(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    """The modules that are one of `packages` or inside one of them."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.fixture
def env(db_path: Path) -> dict[str, str]:
    environment = {**os.environ, "LOKET_DB": str(db_path), "LOKET_PASSPHRASE": PASSPHRASE}
    subprocess.run([sys.executable, "-m", "loketcli", "init", "--no-recovery-key", *TEST_KDF_ARGS], env=environment,
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "loketcli", "intake", "--name", "Testpersoon Import", "--question", "q",
                    "--channel", "balie", "--agency", "uwv"], env=environment, check=True, capture_output=True)
    return environment


CONSULT_COMMANDS: list[tuple[list[str], tuple[str, ...]]] = [
    # (arguments, packages of the never-list and rich that this command may import)
    (["intake", "--name", "Testpersoon Twee", "--question", "q", "--channel", "balie", "--agency", "svb"], ()),
    (["call", "K-0001", "uwv", "--outcome", "opgelost", "--minutes", "5"], ()),
    (["note", "K-0001", "een notitie"], ()),
    (["followup", "add", "K-0001", "terugbellen", "--due", "morgen"], ()),
    (["show", "K-0001"], RICH),
    (["list"], RICH),
    # Working days come from the holiday table shipped in data/, not the holidays package.
    (["today"], RICH),
    (["find", "Testpersoon"], RICH),
    (["followup", "add", "K-0001", "x", "--due", "over 5 werkdagen"], ()),
    # The one form here that counts in months needs dateutil (and six), and nothing else heavy.
    (["followup", "add", "K-0001", "y", "--due", "eind van de maand"], ("dateutil", "six")),
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
    for package in (*NEVER, *RICH):
        if package not in allowed:
            assert not _found(modules, (package,)), f"{package} imported by loket {' '.join(args)}"
    for package in allowed:
        # An allowance that is not used is a budget nobody checks any more.
        assert _found(modules, (package,)), f"{package} no longer imported by loket {' '.join(args)}"


def test_intake_with_personal_fields_from_stdin_stays_light(env: dict[str, str], tmp_path: Path) -> None:
    """The way docs/manual.md asks for personal data in a script: flags for the
    rest, the visitor from stdin."""
    modules = _modules(["intake", "--from-json", "-", "--channel", "balie", "--agency", "uwv"], env, tmp_path,
                       stdin='{"name": "Testpersoon Vier", "question": "brief niet begrepen"}')
    assert "loketcli.services.cases" in modules
    assert not _found(modules, (*NEVER, *RICH))


def test_version_alone_imports_nothing_of_the_app(env: dict[str, str], tmp_path: Path) -> None:
    """`loket --version` on its own (what pipx and scripts ask) is answered before the app loads (issue 24)."""
    modules = _modules(["--version"], env, tmp_path)
    assert not _found(modules, ("typer", "loketcli.cli", "loketcli.i18n", *NEVER, *RICH, "cryptography", "sqlite3"))
    through_the_app = subprocess.run([sys.executable, "-m", "loketcli", "--lang", "nl", "--version"], env=env,
                                     capture_output=True, text=True, timeout=60)
    alone = subprocess.run([sys.executable, "-m", "loketcli", "--version"], env=env, capture_output=True, text=True,
                           timeout=60)
    assert (alone.returncode, alone.stdout, alone.stderr) == (0, through_the_app.stdout, "")
    assert re.fullmatch(r"loket \d+\.\d+\.\d+\S*\n", alone.stdout)


def test_version_imports_only_the_command_line(env: dict[str, str], tmp_path: Path) -> None:
    """The app's `--version` is the floor every command pays: typer and the app, no store, no crypto, no rendering."""
    modules = _modules(["--lang", "nl", "--version"], env, tmp_path)
    assert "loketcli.cli.app" in modules
    assert not _found(modules, (*NEVER, *RICH, "cryptography", "sqlite3", "json", "loketcli.storage",
                                "loketcli.services", "loketcli.domain", "loketcli.render", "loketcli.crypto",
                                "loketcli.cli.context", "loketcli.cli.vocabulary"))


# What the --db option's callback may add to a process that has loaded the CLI: finding the
# desk vocabulary beside the store is a path, not the storage layer (`--db` is parsed before
# `--help` or a usage error is answered, on every command). The store's place is checked there
# too, by the platform seam (stdlib only).
STORE_OPTION_MAY_IMPORT = {"loketcli.cli.vocabulary", "loketcli.cli.context", "loketcli.domain",
                           "loketcli.domain.vocab", "unicodedata", "loketcli.system"}
STORE_OPTION_CHECK = (
    "import sys\n"
    "from pathlib import Path\n"
    "import loketcli.cli.app, loketcli.cli.options as options\n"
    "before = set(sys.modules)\n"
    "options._store_chosen(Path(sys.argv[1]))\n"
    "from loketcli.domain import vocab\n"
    "assert vocab._desk_file == Path(sys.argv[1]).parent / 'vocabulary.json', vocab._desk_file\n"
    "print('\\n'.join(sorted(set(sys.modules) - before)))\n"
)


def test_the_store_option_finds_the_desk_vocabulary_without_the_store(db_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", STORE_OPTION_CHECK, str(db_path)], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "LOKET_VOCAB": ""})
    assert result.returncode == 0, result.stderr
    added = set(result.stdout.split())
    assert "loketcli.cli.vocabulary" in added
    assert added <= STORE_OPTION_MAY_IMPORT, sorted(added - STORE_OPTION_MAY_IMPORT)


def test_a_piped_shell_does_without_the_line_editor(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "modules.txt"
    result = subprocess.run([sys.executable, "-c", WRAPPER, str(out), "shell"], env=env, input="show K-0001\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    modules = set(out.read_text().split())
    assert "loketcli.shell.command" in modules
    assert "prompt_toolkit" not in modules


def test_the_check_can_fail(env: dict[str, str], tmp_path: Path) -> None:
    """The modules list is real: a command that does need the package shows it."""
    modules = _modules(["demo", "--cases", "1", "--kdf-memory-kib", "64"], env, tmp_path)
    assert "sqlite_utils" in modules
