"""Long work shows its progress on a terminal and nothing when piped (issue 27):
`demo` and `verify` driven through a pseudo-terminal, the same commands piped,
and the migrations at unlock handing their rebuild's progress to the command
line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from loket_testkit import copy_fixture_store, loket_executable, terminal_env, through_a_terminal

from loketcli.i18n import t

CASES = 2500  # above the bar's threshold (2,000), a few seconds of work


def _env(db: Path) -> dict[str, str]:
    return terminal_env(db, "voortgang wachtwoord")


def _through_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    return through_a_terminal(argv, env, timeout=120)


def _demo_args(db: Path) -> list[str]:
    return [loket_executable(), "demo", "--cases", str(CASES), "--db", str(db), "--kdf-memory-kib", "64"]


def test_demo_and_verify_draw_a_bar_on_a_terminal(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    code, text = _through_a_terminal(_demo_args(db_path), _env(db_path))
    assert code == 0, text
    assert t("progress.demo") in text
    assert f"{CASES}/{CASES}" in text
    # The bar is gone at the end (transient); the closing line stays.
    assert text.rstrip().endswith(t("demo.generated", count=CASES, path=str(db_path)))
    code, text = _through_a_terminal([loket_executable(), "verify"], _env(db_path))
    assert code == 0, text
    assert t("progress.verify") in text
    assert text.rstrip().endswith(t("verify.ok", count=_checked(db_path)))


def _checked(db: Path) -> int:
    done = subprocess.run([loket_executable(), "verify", "--json"], env=_env(db), capture_output=True, text=True)
    import json

    return int(json.loads(done.stdout)["checked"])


def test_piped_there_is_no_bar(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    done = subprocess.run(_demo_args(db_path), env=_env(db_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", t("demo.generated", count=CASES, path=str(db_path)) + "\n")
    checked = subprocess.run([loket_executable(), "verify"], env=_env(db_path), capture_output=True, text=True)
    assert (checked.returncode, checked.stdout) == (0, "")
    assert checked.stderr == t("verify.ok", count=_checked(db_path)) + "\n"


def test_the_rebuild_at_unlock_reports_to_what_announced_it(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema 8 store rebuilds its search index at the first unlock: the
    function that heard the number of cases hears the rebuild go to its end,
    then (0, 0) when the migrations are over."""
    from loketcli.services.vault import unlock_with_passphrase

    copy_fixture_store(8, db_path, monkeypatch)
    heard: list[tuple[int, int]] = []
    announced: list[int] = []

    def before_rebuild(cases: int) -> object:
        announced.append(cases)
        return lambda done, total: heard.append((done, total))

    vault = unlock_with_passphrase(db_path, "fixtuur wachtwoord 8", before_rebuild)  # type: ignore[arg-type]
    vault.close()
    cases = announced[0]
    assert cases > 0
    assert heard[-2:] == [(cases, cases), (0, 0)]
