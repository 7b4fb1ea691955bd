"""The installed `loket` executable in real processes: exit codes, streams,
concurrency, temporary files and terminal output."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from loket_testkit import PASSPHRASE, init_store, intake, loket_executable, subprocess_env

from loketcli.i18n import t
from loketcli.services.demo import DEMO_PASSPHRASE

LOKET = loket_executable()
ANSI = re.compile(rb"\x1b[\[\]()]")
TIMEOUT = 60


def run(args: Sequence[str], extra: Mapping[str, str | None] | None = None,
        stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([LOKET, *args], env=subprocess_env(extra), stdin=stdin, capture_output=True, timeout=TIMEOUT,
                          check=False)


def start(args: Sequence[str], extra: Mapping[str, str | None] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([LOKET, *args], env=subprocess_env(extra), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_the_executable_is_installed() -> None:
    assert Path(LOKET).is_file()
    assert os.access(LOKET, os.X_OK)


# -- demo ------------------------------------------------------------------------------


def test_demo_leaves_nothing_behind(tmp_path: Path, db_path: Path) -> None:
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    result = run(["demo"], {"TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert sorted(set(re.findall(r"K-\d{4}", out))) == ["K-0001", "K-0002", "K-0003", "K-0004"]
    err = result.stderr.decode()
    assert err.startswith(t("demo.intro", count=4) + "\n")
    assert err.endswith(t("demo.discarded") + "\n")
    assert DEMO_PASSPHRASE not in out + err
    assert list(scratch.iterdir()) == []
    # Positive control: a Python started with this environment really puts its
    # temporary files in `scratch`, so the emptiness above means something.
    probe = subprocess.run([sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
                           env=subprocess_env({"TMPDIR": str(scratch)}), capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == str(scratch)
    # The demo never touches the worker's own store.
    assert not db_path.parent.exists()


def test_demo_with_db_keeps_the_store(tmp_path: Path) -> None:
    kept = tmp_path / "demo" / "demo.db"
    result = run(["demo", "--db", str(kept)])
    assert result.returncode == 0, result.stderr
    err = result.stderr.decode()
    assert t("demo.kept", path=str(kept)) + "\n" in err
    assert err.endswith(t("demo.passphrase", passphrase=DEMO_PASSPHRASE) + "\n")
    assert kept.is_file()
    listed = run(["list", "--json", "--names", "--status", "alle", "--db", str(kept)],
                 {"LOKET_PASSPHRASE": DEMO_PASSPHRASE})
    assert listed.returncode == 0, listed.stderr
    cases = json.loads(listed.stdout)
    assert [c["id"] for c in cases] == ["K-0004", "K-0003", "K-0002", "K-0001"]
    assert all(c["visitor"].endswith("(demo)") for c in cases)
    # A second demo refuses to overwrite the kept store.
    again = run(["demo", "--db", str(kept)])
    assert again.returncode == 1
    assert again.stderr.decode() == f"loket: {t('error.store_exists')}\n"


def test_demo_with_db_uses_the_passphrase_from_the_environment(tmp_path: Path) -> None:
    kept = tmp_path / "demo.db"
    result = run(["demo", "--db", str(kept)], {"LOKET_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert DEMO_PASSPHRASE.encode() not in result.stderr
    shown = run(["show", "K-0001", "--json", "--db", str(kept)], {"LOKET_PASSPHRASE": PASSPHRASE})
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["visitor"]["bsn"] == "*****6782"


# -- concurrency ---------------------------------------------------------------------


@pytest.mark.parametrize("processes", [2, 4])
def test_concurrent_intakes_all_succeed_with_distinct_ids(db_path: Path, processes: int) -> None:
    init_store()
    env = {"LOKET_PASSPHRASE": PASSPHRASE}
    running = [
        start(["intake", "--name", f"Testpersoon {n}", "--question", "Gelijktijdige vraag", "--channel", "balie",
               "--agency", "uwv"], env)
        for n in range(processes)
    ]
    ids = []
    for process in running:
        out, err = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, err.decode()
        assert b"Traceback" not in err
        ids.append(out.decode())
    assert all(re.fullmatch(r"K-\d{4}\n", i) for i in ids), ids
    assert sorted(ids) == [f"K-{n:04d}\n" for n in range(1, processes + 1)]
    listed = run(["list", "--json", "--names"], env)
    assert listed.returncode == 0
    assert sorted(c["visitor"] for c in json.loads(listed.stdout)) == [f"Testpersoon {n}" for n in range(processes)]


# -- no traceback, ever ----------------------------------------------------------------


def test_bad_invocations_never_show_a_traceback(db_path: Path, tmp_path: Path) -> None:
    init_store()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x99" * 2000)
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    unlocked = {"LOKET_PASSPHRASE": PASSPHRASE}
    cases: list[tuple[list[str], dict[str, str | None], int]] = [
        (["nope"], {}, 2),
        (["show"], unlocked, 2),
        (["show", "abc"], unlocked, 2),
        (["show", "99"], unlocked, 2),
        (["show", "1"], {}, 3),
        (["show", "1"], {"LOKET_PASSPHRASE": "verkeerd wachtwoord"}, 3),
        (["show", "1"], {"LOKET_SESSION": "rommel"}, 3),
        (["show", "1", "--db", str(tmp_path / "nergens.db")], unlocked, 1),
        (["show", "1", "--db", str(garbage)], unlocked, 1),
        (["show", "1", "--db", str(foreign)], unlocked, 1),
        (["show", "1", "--db", str(tmp_path)], unlocked, 2),
        (["intake", "--minutes", "abc"], unlocked, 2),
        (["intake", "--name", "Testpersoon"], unlocked, 2),
        (["intake", "--name", "T", "--question", "q", "--channel", "xyzzy"], unlocked, 2),
        (["list", "--status", "x"], unlocked, 2),
        (["list", "--limit", "-1"], unlocked, 2),
        (["list", "--bogus"], unlocked, 2),
        (["unlock", "--hours", "-1"], unlocked, 2),
        (["init"], unlocked, 1),
        (["init", "--db", str(tmp_path / "nieuw.db"), "--passphrase-file", str(tmp_path / "geen")], {}, 2),
        (["init", "--db", str(tmp_path / "bestand" / "x.db")], unlocked, 1),
    ]
    # Make the last case fail on the file system: the parent "directory" is a file.
    (tmp_path / "bestand").write_text("geen map")
    running = [(args, expected, start(args, extra)) for args, extra, expected in cases]
    for args, expected, process in running:
        out, err = process.communicate(timeout=TIMEOUT)
        text = err.decode()
        assert "Traceback" not in text, args
        assert process.returncode == expected, (args, text)
        # unlock's stdout is for eval: a statement that fails the eval too (issue 22.13)
        assert out == (f"(exit {expected})\n".encode() if args[0] == "unlock" else b""), args
        assert text.startswith("loket: ") and text.count("\n") == 1, (args, text)


def test_closed_stdout_is_not_a_traceback(db_path: Path) -> None:
    init_store()
    process = subprocess.Popen([LOKET, "list", "--json", "--status", "alle"],
                               env=subprocess_env({"LOKET_PASSPHRASE": PASSPHRASE}),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=TIMEOUT)
    process.stderr.close()
    assert b"Traceback" not in err
    assert b"Exception ignored" not in err


# -- plain output off a terminal --------------------------------------------------------


@pytest.mark.parametrize("no_color", ["1", None], ids=["NO_COLOR", "pipe-only"])
def test_no_ansi_escapes_off_a_terminal(db_path: Path, no_color: str | None) -> None:
    init_store()
    intake("--name", "Testpersoon Een", "--question", "Vraag", "--channel", "balie", "--bsn", "123456782")
    env = {"LOKET_PASSPHRASE": PASSPHRASE, "NO_COLOR": no_color, "TERM": "xterm-256color"}
    invocations = (["show", "1"], ["list", "--names"], ["--help"], ["show", "abc"])
    running = [(args, start(args, env)) for args in invocations]
    outputs = {}
    for args, process in running:
        out, err = process.communicate(timeout=TIMEOUT)
        assert out or err, args
        assert not ANSI.search(out), args
        assert not ANSI.search(err), args
        outputs[" ".join(args)] = out.decode()
    # The panel and the help really were drawn (box characters), just without escapes.
    assert "╭─ K-0001" in outputs["show 1"]
    assert "Gebruik: loket" in outputs["--help"]


@pytest.mark.parametrize(("args", "first_line"), [
    (["intake", "--help"], "Open een nieuwe zaak (intake)."),
    (["--lang", "en", "intake", "--help"], "Open a new case (intake)."),
    (["--lang", "en", "followup", "add", "--help"], "Plan a follow-up on a case."),
])
def test_a_commands_help_follows_lang(args: list[str], first_line: str) -> None:
    result = run(args, {"LOKET_LANG": None})
    assert result.returncode == 0
    assert first_line in result.stdout.decode()
