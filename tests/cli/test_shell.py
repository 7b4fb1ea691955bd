"""`loket shell` through its line-processing function (`Consult.run_line`):
the same commands, the current case, the held key, completion."""

from __future__ import annotations

import json
import shlex
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from loket_testkit import FIXED_NOW, FULL_INTAKE, PASSPHRASE, TEST_KDF_ARGS, FixedClock, error_line, fixed_clock, invoke
from typer.testing import CliRunner

from loketcli.cli import context
from loketcli.cli.context import hold_key, unlock_for_holding
from loketcli.i18n import t
from loketcli.shell.complete import DATE_PHRASES, candidates, split_words
from loketcli.shell.consult import Consult

NEW_PASSPHRASE = "een heel ander wachtwoord"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    return fixed_clock(monkeypatch, FIXED_NOW)


@pytest.fixture(autouse=True)
def no_held_key() -> Iterator[None]:
    yield
    hold_key(None)
    context.close_opened_vaults()
    from loketcli.cli import current

    current.end_consult()  # a consult's clock is the shell's, not the next test's
    current.take()


def prepare(directory: Path) -> Path:
    """A store with two cases and a follow-up on the first."""
    db = directory / "store" / "loket.db"
    env = {"LOKET_DB": str(db), "LOKET_PASSPHRASE": PASSPHRASE}
    for args in (["init", "--no-recovery-key", *TEST_KDF_ARGS], ["intake", *FULL_INTAKE],
                 ["intake", "--name", "Testpersoon Twee", "--question", "Uitkering gestopt", "--channel",
                  "telefoon", "--agency", "uwv"],
                 ["followup", "add", "K-0001", "loonstroken meenemen", "--due", "morgen"]):
        result = invoke(args, env=env)
        assert result.exit_code == 0, result.stderr
    return db


def start_shell(db: Path, monkeypatch: pytest.MonkeyPatch) -> Consult:
    """Unlocked once with the passphrase, which then leaves the environment:
    every later command must run on the held key."""
    monkeypatch.setenv("LOKET_DB", str(db))
    monkeypatch.setenv("LOKET_PASSPHRASE", PASSPHRASE)
    held = unlock_for_holding(db, None)
    monkeypatch.delenv("LOKET_PASSPHRASE")
    hold_key(held)
    return Consult(held)


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


def run(consult: Consult, line: str, env: dict[str, str | None] | None = None) -> Ran:
    with CliRunner().isolation(env=env) as (out, err, _):
        code = consult.run_line(line)
        sys.stdout.flush()
        sys.stderr.flush()
        return Ran(code, out.getvalue().decode(), err.getvalue().decode())


# -- every command: the same from the command line and in the shell -----------------

# (arguments on the command line, the line typed in the shell with K-0001 current,
#  extra environment for both)
SAME: dict[str, tuple[list[str], str, dict[str, str]]] = {
    "init": (["init", "--no-recovery-key", *TEST_KDF_ARGS], "init --no-recovery-key " + " ".join(TEST_KDF_ARGS),
             {}),
    # unlock, restore and passwd ask for the passphrase itself, in the shell too.
    "unlock": (["unlock", "--hours", "99"], "unlock --hours 99", {"LOKET_PASSPHRASE": PASSPHRASE}),
    # `lock --db ...` is the command; a bare `lock` locks the shell itself (below).
    "lock": (["lock"], "lock --db loket.db", {}),
    "intake": (["intake", "--name", "Testpersoon Drie", "--question", "Brief van DUO", "--channel", "balie",
                "--agency", "duo", "--minutes", "15"],
               'intake --name "Testpersoon Drie" --question "Brief van DUO" --channel balie --agency duo '
               "--minutes 15", {}),
    "show": (["show", "K-0001"], "show", {}),
    "list": (["list", "--names"], "list --names", {}),
    "call": (["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--callback", "over 5 werkdagen",
              "--driegesprek", "--minutes", "12"],
             'call uwv --outcome terugbelverzoek --callback "over 5 werkdagen" --driegesprek --minutes 12', {}),
    "note": (["note", "K-0001", "Bezoeker belt zelf DUO"], 'note "Bezoeker belt zelf DUO"', {}),
    "visit": (["visit", "K-0001", "--minutes", "20", "--at", "vandaag 9u"], 'visit --minutes 20 --at "vandaag 9u"',
              {}),
    "handover": (["handover", "K-0001", "stadsbank", "--warm", "--what", "schulddossier"],
                 "handover stadsbank --warm --what schulddossier", {}),
    "edit": (["edit", "K-0001", "--phone", "06-87654321"], "edit --phone 06-87654321", {}),
    "find": (["find", "testpersoon", "--json"], "find testpersoon --json", {}),
    "followup add": (["followup", "add", "K-0001", "bel terug", "--due", "overmorgen"],
                     'followup add "bel terug" --due overmorgen', {}),
    "followup done": (["followup", "done", "1"], "followup done 1", {}),
    "followup move": (["followup", "move", "1", "--due", "over 2 weken"], 'followup move 1 --due "over 2 weken"',
                      {}),
    "followup list": (["followup", "list", "--names"], "followup list --names", {}),
    "today": (["today", "--names"], "today --names", {}),
    "agenda": (["agenda", "--json"], "agenda --json", {}),
    "close": (["close", "K-0001", "--result", "opgelost", "--satisfaction", "4", "--force"],
              "close --result opgelost --satisfaction 4 --force", {}),
    "reopen": (["reopen", "K-0001"], "reopen", {}),  # not closed: the same refusal
    "summary": (["summary", "K-0001", "--for-visitor"], "summary --for-visitor", {}),
    "export": (["export", "--day", "vandaag", "--format", "json", "--names"],
               "export --day vandaag --format json --names", {}),
    "stats": (["stats", "--month", "2026-03", "--format", "json"], "stats --month 2026-03 --format json", {}),
    "stats merge": (["stats", "merge", "missing.json"], "stats merge missing.json", {}),
    "erase": (["erase", "K-0002", "--yes"], "erase K-0002 --yes", {}),
    "purge": (["purge", "--dry-run"], "purge --dry-run", {}),
    "config set": (["config", "set", "idle_lock", "2m"], "config set idle_lock 2m", {}),
    "config show": (["config", "show", "--json"], "config show --json", {}),
    "inzage": (["inzage", "K-0001", "-o", "inzage.md"], "inzage -o inzage.md", {}),
    "audit": (["audit", "--case", "K-0001", "--json"], "audit --case K-0001 --json", {}),
    "audit verify": (["audit", "verify"], "audit verify", {}),
    "passwd": (["passwd", "--kdf-memory-kib", "64", "--kdf-iterations", "1"],
               "passwd --kdf-memory-kib 64 --kdf-iterations 1",
               {"LOKET_PASSPHRASE": PASSPHRASE, "LOKET_NEW_PASSPHRASE": NEW_PASSPHRASE}),
    "backup": (["backup", "kopie.db"], "backup kopie.db", {}),
    "restore": (["restore", "missing.db", "--yes"], "restore missing.db --yes", {"LOKET_PASSPHRASE": PASSPHRASE}),
    "verify": (["verify"], "verify", {}),
    "demo": (["demo", "--help"], "demo --help", {}),
    "followup cancel": (["followup", "cancel", "1", "--why", "niet nodig"], 'followup cancel 1 --why "niet nodig"',
                        {}),
    "retract": (["retract", "K-0001", "2", "--why", "dubbel"], "retract 2 --why dubbel", {}),  # refused: a follow-up
    "move": (["move", "K-0001", "2", "--to", "K-0002"], "move 2 --to K-0002", {}),
    "satisfaction": (["satisfaction", "K-0001", "4"], "satisfaction 4", {}),
    "report": (["report", "--month", "2026-03", "--compare", "none", "-o", "rapport.html"],
               "report --month 2026-03 --compare none -o rapport.html", {}),
    "register setup": (["register", "setup", "--url", "https://openklant.example.org", "--send-bsn"],
                       "register setup --url https://openklant.example.org --send-bsn", {}),
    "register status": (["register", "status", "--json"], "register status --json", {}),
    "register consent": (["register", "consent", "K-0001"], "register consent", {}),
    "register push": (["register", "push", "--dry-run"], "register push --dry-run", {}),
    "register history": (["register", "history", "K-0001"], "register history K-0001", {}),
    # issue 25: without a register set up, each is refused the same way.
    "register teams": (["register", "teams"], "register teams", {}),
    "inbox": (["inbox", "--json"], "inbox --json", {}),
    "inbox take": (["inbox", "take", "1"], "inbox take 1", {}),
    "contactverzoek": (["contactverzoek", "K-0001", "--to", "wmo-team"], "contactverzoek --to wmo-team", {}),
    # The identity is random per store: its help, not its keys, is compared.
    "identity": (["identity", "--help"], "identity --help", {}),
    "colleague add": (["colleague", "add", "Bea", "loket1qqqq"], "colleague add Bea loket1qqqq", {}),
    "colleague list": (["colleague", "list", "--json"], "colleague list --json", {}),
    "colleague remove": (["colleague", "remove", "Bea"], "colleague remove Bea", {}),
    "transfer send": (["transfer", "send", "K-0001", "--to", "Bea", "-o", "k1.age", "--why", "dienst"],
                      "transfer send --to Bea -o k1.age --why dienst", {}),
    "transfer receive": (["transfer", "receive", "missing.age"], "transfer receive missing.age", {}),
    "no such command": (["frobnicate"], "frobnicate", {}),
    "bad option": (["show", "K-0001", "--frob"], "show --frob", {}),
}


def test_every_command_is_compared() -> None:
    from tests.cli.test_docs import COMMANDS

    groups = {"followup", "config", "register", "colleague", "transfer"}  # groups without a command of their own
    assert set(COMMANDS) - groups - {"shell"} <= set(SAME)


@pytest.mark.parametrize("name", sorted(SAME))
def test_a_command_in_the_shell_is_the_command(name: str, tmp_path: Path, clock: FixedClock,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Output, exit code and audit trail as `loket ...` gives them, with the
    case id left out of the shell's line."""
    args, line, extra = SAME[name]
    here, there = tmp_path / "cli", tmp_path / "shell"
    cli_db, shell_db = prepare(here), prepare(there)
    monkeypatch.chdir(there)
    consult = start_shell(shell_db, monkeypatch)
    assert run(consult, "open K-0001").code == 0
    shell_env: dict[str, str | None] = {"LOKET_DB": str(shell_db), **extra}
    in_shell = run(consult, line, shell_env)

    monkeypatch.chdir(here)
    from_cli = invoke(args, env={"LOKET_DB": str(cli_db), "LOKET_PASSPHRASE": PASSPHRASE, **extra})

    def same_text(text: str, directory: Path) -> str:
        return text.replace(str(directory), "<dir>")

    assert (in_shell.code, same_text(in_shell.stdout, there), same_text(in_shell.stderr, there)) == (
        from_cli.exit_code, same_text(from_cli.stdout, here), same_text(from_cli.stderr, here))
    passphrase = NEW_PASSPHRASE if name == "passwd" else PASSPHRASE
    trails = [invoke(["audit", "--json"], env={"LOKET_DB": str(db), "LOKET_PASSPHRASE": passphrase})
              for db in (cli_db, shell_db)]
    assert trails[0].exit_code == trails[1].exit_code == 0
    assert trails[0].stdout == trails[1].stdout


# -- the current case ----------------------------------------------------------------


@pytest.fixture
def consult(clock: FixedClock, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Consult:
    prepare(db_path.parent.parent)
    return start_shell(db_path, monkeypatch)


@pytest.mark.parametrize(("line", "argv"), [
    ("show", ["show", "K-0001"]),
    ("show --json", ["show", "--json", "K-0001"]),
    ("show K-0002", ["show", "K-0002"]),
    ("show 2", ["show", "2"]),
    ('note "42 euro terug"', ["note", "K-0001", "42 euro terug"]),
    ("note 2", ["note", "2"]),  # a case named: its note is written in the editor
    ("note K-0002 tekst", ["note", "K-0002", "tekst"]),
    ("call uwv --outcome opgelost", ["call", "K-0001", "uwv", "--outcome", "opgelost"]),
    ("call --outcome opgelost uwv", ["call", "--outcome", "opgelost", "K-0001", "uwv"]),
    ("call --minutes 5 --driegesprek svb", ["call", "--minutes", "5", "--driegesprek", "K-0001", "svb"]),
    ("followup add x --due morgen", ["followup", "add", "K-0001", "x", "--due", "morgen"]),
    ("followup list", ["followup", "list"]),  # optional CASE: all follow-ups, as on the command line
    ("followup done 1", ["followup", "done", "1"]),
    ("close --result opgelost", ["close", "--result", "opgelost", "K-0001"]),
    ("handover stadsbank --warm", ["handover", "K-0001", "stadsbank", "--warm"]),
    ("summary --for-visitor --lang en", ["summary", "--for-visitor", "--lang", "en", "K-0001"]),
    ("note -- -tekst", ["note", "--", "K-0001", "-tekst"]),
    ("show --help", ["show", "--help"]),
    ("--lang en show", ["--lang", "en", "show", "K-0001"]),
    ("--lang en followup add x --due morgen", ["--lang", "en", "followup", "add", "K-0001", "x", "--due", "morgen"]),
    ("list", ["list"]),
    ("stats --month 2026-03", ["stats", "--month", "2026-03"]),
    ("frobnicate", ["frobnicate"]),
])
def test_the_current_case_fills_a_missing_case_argument(consult: Consult, line: str, argv: list[str]) -> None:
    run(consult, "open 1")
    assert consult.with_current_case(shlex.split(line)) == argv


def test_without_a_current_case_lines_are_left_alone(consult: Consult) -> None:
    assert consult.with_current_case(["show"]) == ["show"]
    result = run(consult, "show")
    assert result.code == 2
    assert result.stderr == "loket: ZAAK ontbreekt. Zie 'loket show --help'.\n"


def test_open_makes_a_case_current_and_the_prompt_shows_its_id_only(consult: Consult) -> None:
    assert consult.prompt() == "loket> "
    result = run(consult, "open k1")
    assert (result.code, result.stdout, result.stderr) == (0, "", t("shell.opened", case="K-0001") + "\n")
    assert consult.prompt() == "loket K-0001> "
    shown = run(consult, "show")
    assert "Testpersoon Een" in shown.stdout
    assert "Testpersoon" not in consult.prompt()


def test_an_unknown_case_is_not_opened(consult: Consult) -> None:
    run(consult, "open 1")
    result = run(consult, "open K-0099")
    assert (result.code, result.stderr) == (2, error_line("error.unknown_case", case="K-0099"))
    assert consult.current == 1
    assert consult.prompt() == "loket K-0001 [2]> "
    assert run(consult, "open").stderr == error_line("error.shell_open")


def test_an_intake_makes_its_case_current(consult: Consult) -> None:
    result = run(consult, "intake --name 'Testpersoon Drie' --question q --channel balie")
    assert (result.code, result.stdout) == (0, "K-0003\n")
    assert consult.prompt() == "loket K-0003> "
    failed = run(consult, "intake --name X")
    assert failed.code == 2
    # An intake is the next visitor: a cancelled one leaves nobody's case current (issue 22.12).
    assert consult.current is None
    assert consult.prompt() == "loket [2]> "


def test_an_intake_that_continues_a_known_case_makes_that_case_current(consult: Consult,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import loketcli.cli.prompts

    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    with CliRunner().isolation(input="n\n") as (out, _err, _):
        code = consult.run_line("intake --name 'Iemand Anders' --question q --channel balie --bsn 123456782")
        sys.stdout.flush()
        printed = out.getvalue().decode()
    assert (code, printed) == (0, "K-0001\n")
    assert consult.prompt() == "loket K-0001> "


def test_closing_the_current_case_forgets_it_closing_another_does_not(consult: Consult) -> None:
    run(consult, "open 1")
    assert run(consult, "close K-0002 --result opgelost --force").code == 0
    assert consult.current == 1
    assert run(consult, "close --result opgelost --force").code == 0
    assert consult.current is None
    assert consult.prompt() == "loket> "


def test_erasing_the_current_case_forgets_it(consult: Consult) -> None:
    run(consult, "open 2")
    assert run(consult, "erase --yes").code == 0
    assert consult.current is None


def test_the_notes_go_to_the_current_case(consult: Consult) -> None:
    run(consult, "open 2")
    assert run(consult, "note 'Bezoeker belt zelf'").code == 0
    assert run(consult, "call uwv --outcome opgelost --minutes 5").code == 0
    shown = invoke(["show", "K-0002", "--json"], env={"LOKET_PASSPHRASE": PASSPHRASE})
    kinds = [event["kind"] for event in __import__("json").loads(shown.stdout)["events"]]
    assert kinds == ["intake", "notitie", "professionallijn"]


# -- the key ---------------------------------------------------------------------------


def test_commands_use_the_held_key_without_deriving_it_again(consult: Consult,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import loketcli.storage.keyslots

    def no_kdf(*_: object) -> bytes:
        raise AssertionError("the shell derived the key again")

    monkeypatch.setattr(loketcli.storage.keyslots, "unwrap_vault_key", no_kdf)
    monkeypatch.setattr(loketcli.services.vault, "unwrap_vault_key", no_kdf)
    for line in ("open 1", "show", "note tekst", "list", "today", "followup add x --due morgen"):
        result = run(consult, line)
        assert result.code == 0, (line, result.stderr)
    assert not context._opened  # each command's connection was closed after it


def test_the_held_key_opens_only_its_own_store(consult: Consult, tmp_path: Path) -> None:
    other = prepare(tmp_path / "other")
    result = run(consult, f"show K-0001 --db {other}")
    # No passphrase in the environment and no terminal: the other store stays shut.
    assert (result.code, result.stderr) == (3, error_line("error.locked"))


def test_a_shell_unlocked_by_a_session_ends_with_the_session(clock: FixedClock, db_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    prepare(db_path.parent.parent)
    unlocked = invoke(["unlock", "--raw"], env={"LOKET_PASSPHRASE": PASSPHRASE})
    monkeypatch.setenv("LOKET_SESSION", unlocked.stdout.strip())
    held = unlock_for_holding(db_path, None)
    assert held.session_token is not None
    hold_key(held)
    consult = Consult(held)
    assert run(consult, "show 1").code == 0
    assert invoke(["lock"]).exit_code == 0  # in another terminal
    result = run(consult, "show 1")
    assert consult.wants_lock
    assert (result.code, result.stdout, result.stderr) == (3, "", error_line("error.session_ended"))
    # Piped, with no passphrase at hand, the shell stops there.
    assert consult.run_lines(["show 1", "list"]) == 3


def test_a_locked_shell_opens_again_with_the_passphrase_only(consult: Consult) -> None:
    assert not consult.check_passphrase("verkeerd wachtwoord")
    assert consult.check_passphrase(PASSPHRASE)
    assert run(consult, "show 1").code == 0


# -- errors do not end the shell ----------------------------------------------------------


def test_a_full_disk_in_one_command_does_not_end_the_shell(consult: Consult,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from loketcli.storage.cases import CaseRepository

    def full(*_: object, **__: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(CaseRepository, "add_event", full)
        result = run(consult, "note K-0001 tekst")
    assert (result.code, result.stderr) == (1, error_line("error.disk_full"))
    assert run(consult, "note K-0001 tekst").code == 0


def test_ctrl_c_in_a_command_ends_that_command_only(consult: Consult, monkeypatch: pytest.MonkeyPatch) -> None:
    import loketcli.services.cases

    def interrupted(*_: object, **__: object) -> object:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(loketcli.services.cases, "show_case", interrupted)
        result = run(consult, "show K-0001")
    assert (result.code, result.stderr) == (1, "\n" + error_line("error.aborted"))
    assert run(consult, "show K-0001").code == 0


def test_an_open_quote_runs_nothing(consult: Consult) -> None:
    result = run(consult, 'note K-0001 "half')
    assert (result.code, result.stderr) == (2, error_line("error.shell_quotes"))


def test_the_shell_does_not_nest_and_takes_loket_as_a_habit(consult: Consult) -> None:
    assert run(consult, "shell").stderr == error_line("error.shell_nested")
    assert run(consult, "loket show K-0001").code == 0


def test_another_language_is_for_one_line(consult: Consult) -> None:
    english = run(consult, "--lang en show K-0099")
    assert english.stderr.startswith("loket: Case K-0099")
    assert run(consult, "show K-0099").stderr == error_line("error.unknown_case", case="K-0099")


def test_piped_lines_get_no_input_and_the_last_code_counts(consult: Consult) -> None:
    with CliRunner().isolation(input="tekst die geen notitie mag worden\n"):
        # The rest of the script is not the note's text.
        assert consult.run_lines(["open 1", "note", "list"]) == 0
        assert consult.last_code == 0
    shown = invoke(["show", "K-0001", "--json"], env={"LOKET_PASSPHRASE": PASSPHRASE})
    assert "notitie" not in shown.stdout
    with CliRunner().isolation():
        assert consult.run_lines(["list", "show K-0099"]) == 2
        assert consult.run_lines(["show K-0099", "exit", "list"]) == 2


def test_clear_keeps_the_case(consult: Consult) -> None:
    """`clear` wipes the screen; the next visitor is Ctrl-L (issue 22.12)."""
    run(consult, "open 1")
    assert run(consult, "clear").code == 0
    assert consult.wants_clear
    assert consult.prompt() == "loket K-0001> "
    consult.forget()  # what Ctrl-L does, besides clearing
    assert consult.prompt() == "loket> "


def test_lock_in_the_shell_locks_the_shell_not_the_days_session(clock: FixedClock, db_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from loketcli.services.session import session_path

    prepare(db_path.parent.parent)
    unlocked = invoke(["unlock", "--raw"], env={"LOKET_PASSPHRASE": PASSPHRASE})
    monkeypatch.setenv("LOKET_SESSION", unlocked.stdout.strip())
    held = unlock_for_holding(db_path, None)
    hold_key(held)
    consult = Consult(held)
    result = run(consult, "lock")
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    assert consult.wants_lock
    # The session still opens the store in every other terminal.
    assert session_path(db_path).exists() and consult.session_ended() is None
    # Leaving the locked shell other than with the passphrase ends it.
    with CliRunner().isolation():
        consult.end_day_session()
    assert not session_path(db_path).exists()
    assert consult.session_ended() == "error.session_ended"


# -- the idle time ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "seconds"), [("300", "300"), ("45s", "45"), ("5m", "300"), ("2 min", "120"),
                                               ("1u", "3600"), ("0", "0")])
def test_idle_lock_times(text: str, seconds: str) -> None:
    from loketcli.services.privacy import parse_idle_lock

    assert parse_idle_lock(text) == seconds


def test_the_idle_lock_is_a_setting(consult: Consult) -> None:
    assert consult.configured_idle_lock() == 300
    assert run(consult, "config set idle_lock 2m").code == 0
    assert consult.configured_idle_lock() == 120
    bad = run(consult, "config set idle_lock soms")
    assert (bad.code, bad.stderr) == (2, error_line("error.idle_lock", text="soms"))
    assert invoke(["shell", "--idle-lock", "soms"]).exit_code == 2


# -- completion ---------------------------------------------------------------------------


def test_words_are_split_as_the_shell_will_read_them() -> None:
    words, in_word = split_words('followup add "bel te')
    assert [(w.value, w.start) for w in words] == [("followup", 0), ("add", 9), ("bel te", 13)]
    assert in_word
    assert split_words("show ")[1] is False


@pytest.mark.parametrize(("text", "start", "expected"), [
    ("", 0, None),
    ("sh", 0, ["show"]),
    ("fo", 0, ["followup"]),
    ("followup ", 9, ["add", "cancel", "done", "list", "move"]),
    ("show --j", 5, ["--json"]),
    ("open ", 5, ["K-0002", "K-0001"]),
    ("open 2", 5, ["K-0002"]),
    ("call K-0001 sv", 12, ["svb"]),
    ("call K-0001 uwv --outcome ter", 26, ["terugbelverzoek"]),
    ("close --result ge", 15, ["geen-recht-uitgelegd", "gestopt"]),
    ("intake --channel bal", 17, ["balie"]),
    ("followup add x --due eind", 21, ['"eind van de week"', '"eind van de maand"']),
    ('followup add x --due "over 5', 21, ['"over 5 werkdagen"']),
    ("handover K-0001 stad", 16, ["stadsbank"]),
    ("loket sh", 6, ["show"]),
])
def test_completion(consult: Consult, text: str, start: int, expected: list[str] | None) -> None:
    found_start, found = candidates(consult, text)
    assert found_start == start
    if expected is None:
        assert found  # something is offered
    else:
        assert found == expected


def test_completion_with_a_current_case_offers_what_follows_it(consult: Consult) -> None:
    run(consult, "open 1")
    _, found = candidates(consult, "call ")
    assert "K-0001" in found and "uwv" in found
    assert "shell" not in candidates(consult, "")[1]


def test_every_completed_date_phrase_is_understood() -> None:
    from loketcli.domain.dates import parse_when

    for phrase in DATE_PHRASES:
        parse_when(phrase, FIXED_NOW)


def test_help_lists_every_command_the_current_case_fills_in(consult: Consult) -> None:
    names = consult.commands_taking_case()
    for name in ("show", "note", "call", "followup add", "retract", "move", "satisfaction", "transfer send",
                 "register consent", "close"):
        assert name in names
    for name in ("list", "followup done", "followup list", "stats"):
        assert name not in names
    run(consult, "open 1")
    for name in names:  # each one listed is filled in
        assert consult.with_current_case(name.split())[-1] == "K-0001", name
    result = run(consult, "help")
    assert result.code == 0
    listed = " ".join(result.stderr.split("zaaknummer nodig:\n")[1].split("\n  clear")[0].split())
    assert listed == ", ".join(names)


def test_the_shell_measures_the_consult_and_offers_the_minutes_at_close(consult: Consult,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """From the intake or `open` to `close`: Enter takes the measured figure (issue 22.3)."""
    import loketcli.cli.prompts
    from loketcli.cli import current

    assert current.measured_minutes() is None
    run(consult, "open 2")
    current._started[0] -= 14 * 60 + 10  # fourteen minutes with the visitor
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    with CliRunner().isolation(input="\n") as (_, err, _):
        code = consult.run_line("close --result opgelost")
        sys.stderr.flush()
        asked = err.getvalue().decode()
    assert code == 0, asked
    assert asked.startswith(t("prompt.consult_minutes") + " (14): ")
    assert current.measured_minutes() is None  # the consult ended with the case
    shown = invoke(["show", "K-0002", "--json"], env={"LOKET_PASSPHRASE": PASSPHRASE})
    assert json.loads(shown.stdout)["intake"]["minutes"] == 14
