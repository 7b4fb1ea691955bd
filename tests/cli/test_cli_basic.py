"""The foundation commands through the real root group, in-process.

typer 0.28's CliRunner has no `mix_stderr`: `result.stdout` and
`result.stderr` are always separate, so every test checks both. Its fake
hidden-input prompt writes the prompt's last character and a newline to
stdout (a real terminal gets it from getpass on /dev/tty), which is why the
tests that type a passphrase at a prompt check the end of stdout only.
"""

from __future__ import annotations

import base64
import json
import re
import stat
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from loket_testkit import (
    FIXED_NOW,
    FULL_INTAKE,
    PASSPHRASE,
    TEST_KDF_ARGS,
    UNLOCKED,
    error_line,
    init_store,
    intake,
    invoke,
    list_json,
    opened_vault,
    show_json,
    snapshot,
)

from loketcli.domain import clock
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import set_language, t
from loketcli.services.session import session_path
from loketcli.services.vault import unlock_with_passphrase

LOCAL_STAMP = "2026-03-02T10:15:00+01:00"  # FIXED_NOW as the JSON shows it
SECOND_INTAKE = ["--name", "Testpersoon Twee", "--question", "Uitkering gestopt", "--channel", "telefoon",
                 "--agency", "uwv"]


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Freeze loket's one clock; call the fixture's value to move it."""
    current = [FIXED_NOW]
    monkeypatch.setattr(clock, "now", lambda: current[0])

    def move_to(moment: datetime) -> None:
        current[0] = moment

    return move_to


@pytest.fixture
def store(db_path: Path, fixed_clock: Callable[[datetime], None]) -> Path:
    init_store()
    return db_path


@pytest.fixture
def two_cases(store: Path) -> Path:
    assert intake(*FULL_INTAKE) == "K-0001"
    assert intake(*SECOND_INTAKE) == "K-0002"
    return store


# -- init ------------------------------------------------------------------------------


def test_init_with_passphrase_from_environment(db_path: Path) -> None:
    result = invoke(["init", *TEST_KDF_ARGS], env=UNLOCKED)
    assert result.exit_code == 0
    # stdout may carry a recovery key (a later feature); never the passphrase.
    assert PASSPHRASE not in result.stdout + result.stderr
    assert result.stderr.startswith(t("init.done", path=str(db_path)) + "\n")
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    # The cheap test costs really were stored with every keyslot.
    with opened_vault(db_path, PASSPHRASE) as vault:
        rows = vault.store.conn.execute("SELECT kind, kdf FROM keyslots").fetchall()
    assert "passphrase" in {kind for kind, _ in rows}
    for _, kdf in rows:
        assert json.loads(kdf) == {"algorithm": "argon2id", "iterations": 1, "lanes": 1, "memory_kib": 64}


def test_init_with_passphrase_file_strips_the_final_newline(db_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "wachtwoord.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    result = invoke(["init", *TEST_KDF_ARGS, "--passphrase-file", str(secret)])
    assert result.exit_code == 0, result.stderr
    # The same passphrase, typed without the newline, opens the store.
    assert invoke(["list"], env=UNLOCKED).exit_code == 0
    assert invoke(["list", "--passphrase-file", str(secret)]).exit_code == 0


def test_init_refuses_to_overwrite(db_path: Path) -> None:
    init_store()
    intake(*FULL_INTAKE)
    before = snapshot(db_path.parent)
    result = invoke(["init", *TEST_KDF_ARGS], env={"LOKET_PASSPHRASE": "een ander wachtwoord"})
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == error_line("error.store_exists")
    assert snapshot(db_path.parent) == before
    assert invoke(["show", "1"], env=UNLOCKED).exit_code == 0


def test_init_without_any_passphrase_source_is_locked(db_path: Path) -> None:
    result = invoke(["init", *TEST_KDF_ARGS])
    assert result.exit_code == 3
    assert result.stderr == error_line("error.init_needs_passphrase")
    assert not db_path.parent.exists()


def test_init_refuses_a_short_passphrase_and_creates_nothing(db_path: Path) -> None:
    result = invoke(["init", *TEST_KDF_ARGS], env={"LOKET_PASSPHRASE": "kort"})
    assert result.exit_code == 2
    assert result.stderr == error_line("error.passphrase_too_short", minimum=8)
    assert not db_path.parent.exists()


def test_init_with_unreadable_passphrase_file(db_path: Path, tmp_path: Path) -> None:
    result = invoke(["init", *TEST_KDF_ARGS, "--passphrase-file", str(tmp_path / "bestaat-niet")])
    assert result.exit_code == 2
    assert result.stderr == error_line("error.passphrase_file")
    assert not db_path.exists()


def test_init_asks_the_passphrase_twice(db_path: Path, interactive: None) -> None:
    result = invoke(["init", *TEST_KDF_ARGS], input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.stderr
    assert t("prompt.new_passphrase") in result.stderr
    assert t("prompt.repeat_passphrase") in result.stderr
    assert PASSPHRASE not in result.stdout + result.stderr
    assert invoke(["list"], env=UNLOCKED).exit_code == 0


def test_init_passphrase_mismatch_creates_nothing(db_path: Path, interactive: None) -> None:
    # Three times wrong: the prompt gives up (one slip asks again, see test_clarity).
    result = invoke(["init", *TEST_KDF_ARGS], input=f"{PASSPHRASE}\n{PASSPHRASE}!\n" * 3)
    assert result.exit_code == 2
    assert result.stderr.endswith(error_line("error.passphrase_mismatch"))
    assert not db_path.exists()
    assert not db_path.parent.exists()


# -- intake from flags -------------------------------------------------------------------


def test_intake_prints_only_the_id_on_stdout(store: Path) -> None:
    result = invoke(["intake", *FULL_INTAKE], env=UNLOCKED)
    assert result.exit_code == 0
    assert result.stdout == "K-0001\n"
    # `--agency belasting` is read as the Belastingdienst, and says so.
    assert result.stderr == "→ Belastingdienst\n" + t("intake.done", case="K-0001") + "\n"
    second = invoke(["intake", *SECOND_INTAKE], env=UNLOCKED)
    assert (second.exit_code, second.stdout) == (0, "K-0002\n")


def test_intake_json(store: Path) -> None:
    result = invoke(["intake", *FULL_INTAKE, "--json"], env=UNLOCKED)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"id": "K-0001"}
    assert result.stdout == '{\n  "id": "K-0001"\n}\n'
    assert result.stderr == "→ Belastingdienst\n"


def test_intake_missing_required_fields_without_terminal(store: Path) -> None:
    result = invoke(["intake", "--question", "Vraag", "--channel", "balie"], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == error_line("error.field_required", field="naam")
    assert list_json() == []


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--minutes", "601"], ("error.minutes", {"maximum": 600})),
        (["--email", "testpersoon.example.org"], ("error.email", {})),
        (["--phone", "bel me"], ("error.phone", {})),
        (["--bsn", "123456789"], ("error.bsn_elfproef", {})),
        (["--digid", "misschien"], ("error.digid", {"choices": "heeft, geen, aangevraagd, onbekend"})),
    ],
)
def test_intake_invalid_values_exit_2_and_store_nothing(
    store: Path, flags: list[str], expected: tuple[str, dict[str, object]]
) -> None:
    result = invoke(["intake", "--name", "Testpersoon Een", "--question", "Vraag", "--channel", "balie", *flags],
                    env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    key, params = expected
    assert result.stderr == error_line(key, **params)
    assert list_json() == []


def test_intake_unknown_agency_lists_candidates(store: Path) -> None:
    result = invoke(["intake", "--name", "T.E.", "--question", "Vraag", "--channel", "balie", "--agency", "xyzzy"],
                    env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    candidates = ", ".join(load(VocabularyName.AGENCIES).codes())
    assert result.stderr == error_line("error.vocab_choices.agencies", text="xyzzy", candidates=candidates)
    assert "toeslagen" in result.stderr
    assert list_json() == []


def test_intake_ambiguous_agency_lists_candidates(store: Path) -> None:
    result = invoke(["intake", "--name", "T.E.", "--question", "Vraag", "--channel", "balie", "--agency", "dienst"],
                    env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stderr == error_line(
        "error.vocab_ambiguous.agencies", text="dienst", candidates="toeslagen, duo, werk-en-inkomen"
    )
    assert list_json() == []


@pytest.mark.parametrize("value", ["Testpersoon", "12abc", "1.5"])
def test_bad_option_value_exits_2_without_echoing_it(store: Path, value: str) -> None:
    result = invoke(["intake", "--name", "T.E.", "--minutes", value], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "loket: " + t("error.bad_parameter", param="--minutes") + " " + t(
        "error.usage_hint", command="loket intake"
    ) + "\n"
    assert value not in result.stderr


def test_extra_argument_is_a_usage_error_without_echo(store: Path) -> None:
    result = invoke(["show", "1", "Testpersoon"], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "loket: " + t("error.usage") + " " + t("error.usage_hint", command="loket show") + "\n"


def test_unknown_option_and_command(store: Path) -> None:
    option = invoke(["list", "--nmaes"], env=UNLOCKED)
    assert option.exit_code == 2
    assert option.stderr == "loket: " + t("error.no_such_option", option="--nmaes") + " " + t(
        "error.usage_hint", command="loket list"
    ) + "\n"
    command = invoke(["lijst"], env=UNLOCKED)
    assert command.exit_code == 2
    assert command.stdout == ""
    # Close to a command: that one, not the whole help (issue 22.5).
    assert command.stderr == "loket: " + t("error.no_such_command_close", candidates="list") + "\n"


def test_missing_argument(store: Path) -> None:
    result = invoke(["show"], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stderr == "loket: " + t("error.missing_parameter", param="ZAAK") + " " + t(
        "error.usage_hint", command="loket show"
    ) + "\n"


def test_no_arguments_shows_help() -> None:
    result = invoke([])
    assert result.exit_code == 0
    assert t("help.usage") + " loket" in result.stdout
    for command in ("init", "intake", "show", "list", "unlock", "lock", "demo"):
        assert re.search(rf"│ {command}\s", result.stdout), command


# -- show ------------------------------------------------------------------------------------


def test_show_json_round_trips_every_field(two_cases: Path) -> None:
    expected = {
        "id": "K-0001",
        "number": 1,
        "status": "open",
        "opened_at": LOCAL_STAMP,
        "closed_at": None,
        "visitor": {
            "name": "Testpersoon Een",
            "phone": "06 12345678",
            "email": "testpersoon.een@example.org",
            "bsn": "*****6782",
            "language": "Pools",
            "digid": "heeft",
            "companion": "tolk",
        },
        "intake": {
            "question": "Brief over de huurtoeslag niet begrepen",
            "channel": "balie",
            "referred_by": "huisarts",
            "life_events": ["schulden", "verhuizing"],
            "agencies": ["toeslagen", "belastingdienst"],
            "consent": {"contact_bodies": True, "record_data": True},
            "minutes": 25,
        },
        "total_minutes": 25,
        "events": [{"id": 1, "kind": "intake", "at": LOCAL_STAMP, "minutes": 25}],
    }
    shown = show_json("K-0001")
    # Fields added by later features may follow; these must be exactly as typed.
    assert {key: shown[key] for key in expected} == expected
    assert "123456782" not in json.dumps(shown)


def test_show_json_reveals_the_bsn_only_when_asked(two_cases: Path) -> None:
    revealed = show_json("k1", "--bsn")
    assert revealed["visitor"]["bsn"] == "123456782"  # type: ignore[index]
    assert show_json("2")["visitor"]["bsn"] is None  # type: ignore[index]


def test_show_json_minimal_case(store: Path) -> None:
    intake("--name", "T.E.", "--question", "Vraag", "--channel", "balie")
    shown = show_json("1")
    assert shown["visitor"] == {"name": "T.E.", "phone": None, "email": None, "bsn": None, "language": None,
                                "digid": "onbekend", "companion": None}
    assert shown["intake"] == {"question": "Vraag", "channel": "balie", "referred_by": None, "life_events": [],
                               "agencies": [], "consent": {"contact_bodies": False, "record_data": False},
                               "minutes": None}
    assert shown["total_minutes"] == 0
    assert shown["events"] == [{"id": 1, "kind": "intake", "at": LOCAL_STAMP, "minutes": None}]


def test_show_panel_masks_the_bsn(two_cases: Path) -> None:
    result = invoke(["show", "K-0001"], env=UNLOCKED)
    assert result.exit_code == 0
    assert result.stderr == ""
    out = result.stdout
    assert "*****6782" in out
    assert "123456782" not in out
    assert "\x1b[" not in out
    assert out.splitlines()[0].startswith("╭─ K-0001 ")
    for label, value in [
        ("Naam", "Testpersoon Een"),
        ("BSN", "*****6782"),
        ("Kanaal", "Vrije inloop aan de balie"),
        ("Verwezen door", "Via de huisarts"),
        ("Instanties", "Dienst Toeslagen, Belastingdienst"),
        ("Kwam mee", "Tolk"),
        ("Toestemming contact", "ja"),
        ("Minuten totaal", "25"),
    ]:
        assert re.search(rf"│ {re.escape(label)}\s+{re.escape(value)}\s", out), label
    assert re.search(r"02-03-2026 10:15 .*Intake \(25 min\)", out)


def test_show_panel_with_bsn_flag(two_cases: Path) -> None:
    result = invoke(["show", "1", "--bsn"], env=UNLOCKED)
    assert result.exit_code == 0
    assert "123456782" in result.stdout
    assert "*****6782" not in result.stdout


@pytest.mark.parametrize(("typed", "label"), [("99", "K-0099"), ("K-0003", "K-0003")])
def test_show_unknown_case(two_cases: Path, typed: str, label: str) -> None:
    result = invoke(["show", typed], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == error_line("error.unknown_case", case=label)


@pytest.mark.parametrize("typed", ["abc", "0", "K-"])
def test_show_malformed_case_number(two_cases: Path, typed: str) -> None:
    result = invoke(["show", typed], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stderr == error_line("error.case_id_format", text=typed)


# -- list -------------------------------------------------------------------------------


def _rows(stdout: str) -> list[list[str]]:
    return [line.split() for line in stdout.splitlines() if line.strip().startswith("K-")]


def test_list_table_shows_initials_by_default(two_cases: Path) -> None:
    result = invoke(["list"], env=UNLOCKED)
    assert result.exit_code == 0
    assert result.stderr == ""
    header = result.stdout.splitlines()[0].split()
    assert header == ["Zaak", "Geopend", "Status", "Bezoeker", "Instanties"]
    rows = _rows(result.stdout)
    assert rows[0] == ["K-0002", "02-03-2026", "open", "T.T.", "UWV"]
    assert rows[1][:4] == ["K-0001", "02-03-2026", "open", "T.E."]
    assert "Testpersoon" not in result.stdout


def test_list_table_with_names(two_cases: Path) -> None:
    result = invoke(["list", "--names"], env=UNLOCKED)
    assert result.exit_code == 0
    rows = _rows(result.stdout)
    assert [row[0] for row in rows] == ["K-0002", "K-0001"]
    assert rows[0][3:6] == ["Testpersoon", "Twee", "UWV"]
    assert rows[1][3:5] == ["Testpersoon", "Een"]


def test_list_json(two_cases: Path) -> None:
    second = {"id": "K-0002", "number": 2, "status": "open", "opened_at": LOCAL_STAMP, "visitor": "T.T.",
              "agencies": ["uwv"]}
    first = {"id": "K-0001", "number": 1, "status": "open", "opened_at": LOCAL_STAMP, "visitor": "T.E.",
             "agencies": ["toeslagen", "belastingdienst"]}
    result = invoke(["list", "--json"], env=UNLOCKED)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout) == [second, first]
    named = list_json("--names")
    assert [row["visitor"] for row in named] == ["Testpersoon Twee", "Testpersoon Een"]
    assert list_json("--limit", "1") == [second]


@pytest.mark.parametrize(("agency", "ids"), [("uwv", ["K-0002"]), ("belasting", ["K-0001"]), ("Toeslagen", ["K-0001"]),
                                             ("cjib", [])])
def test_list_agency_filter(two_cases: Path, agency: str, ids: list[str]) -> None:
    assert [row["id"] for row in list_json("--agency", agency)] == ids


def test_list_status_alle_and_gesloten(two_cases: Path) -> None:
    assert [row["id"] for row in list_json("--status", "alle")] == ["K-0002", "K-0001"]
    assert [row["id"] for row in list_json("--status", "all")] == ["K-0002", "K-0001"]
    assert list_json("--status", "gesloten") == []
    table = invoke(["list", "--status", "gesloten"], env=UNLOCKED)
    assert table.exit_code == 0
    assert table.stdout == ""
    assert table.stderr == t("list.empty") + "\n"


def test_list_status_after_closing_a_case(two_cases: Path) -> None:
    closed = invoke(["close", "K-0001", "--result", "opgelost"], env=UNLOCKED)
    assert closed.exit_code == 0, closed.stderr
    assert [row["id"] for row in list_json()] == ["K-0002"]
    assert [(row["id"], row["status"]) for row in list_json("--status", "gesloten")] == [("K-0001", "gesloten")]
    assert [row["id"] for row in list_json("--status", "g")] == ["K-0001"]
    assert [row["id"] for row in list_json("--status", "alle")] == ["K-0002", "K-0001"]


@pytest.mark.parametrize("status", ["dicht", "", "opne"])
def test_list_unknown_status(two_cases: Path, status: str) -> None:
    result = invoke(["list", "--status", status], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == error_line("error.status", choices="open, gesloten, alle")


@pytest.mark.parametrize(
    ("agency", "key", "candidates"),
    [
        ("dienst", "error.vocab_ambiguous.agencies", "toeslagen, duo, werk-en-inkomen"),
        ("xyzzy", "error.vocab_choices.agencies", None),
    ],
)
def test_list_bad_agency_exits_2_before_unlocking(two_cases: Path, agency: str, key: str,
                                                  candidates: str | None) -> None:
    # No passphrase at all: the term is checked before the store is touched.
    result = invoke(["list", "--agency", agency])
    assert result.exit_code == 2
    assert result.stdout == ""
    candidates = candidates or ", ".join(load(VocabularyName.AGENCIES).codes())
    assert result.stderr == error_line(key, text=agency, candidates=candidates)


def test_list_empty_store(store: Path) -> None:
    result = invoke(["list"], env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", t("list.empty") + "\n")
    assert invoke(["list", "--json"], env=UNLOCKED).stdout == "[]\n"


MARKUP_NAME = "Testpersoon [bold]Een[/bold] [/x]"


def test_show_panel_prints_markup_characters_literally(store: Path) -> None:
    intake("--name", MARKUP_NAME, "--question", "Vraag [red]rood[/red]", "--channel", "balie")
    result = invoke(["show", "1"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert MARKUP_NAME in result.stdout
    assert "Vraag [red]rood[/red]" in result.stdout


def test_list_with_names_prints_markup_characters_literally(store: Path) -> None:
    intake("--name", MARKUP_NAME, "--question", "Vraag", "--channel", "balie")
    result = invoke(["list", "--names"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert "[bold]Een[/bold]" in result.stdout


def test_show_prints_a_note_with_markup_characters_literally(store: Path) -> None:
    intake("--name", "Testpersoon Een", "--question", "Vraag", "--channel", "balie")
    noted = invoke(["note", "1", "Gebeld met [/x] afdeling"], env=UNLOCKED)
    assert noted.exit_code == 0, noted.stderr
    result = invoke(["show", "1"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert "Gebeld met [/x] afdeling" in result.stdout


# -- store and passphrase errors ------------------------------------------------------


def test_wrong_passphrase_exits_3_and_changes_nothing(two_cases: Path) -> None:
    before = snapshot(two_cases.parent)
    assert set(before) == {"loket.db"}
    for args in (["show", "1"], ["list"], ["intake", *SECOND_INTAKE], ["unlock"]):
        result = invoke(args, env={"LOKET_PASSPHRASE": "verkeerd wachtwoord"})
        assert result.exit_code == 3, args
        # unlock's output is for eval: a statement that fails (issue 22.13)
        assert result.stdout == ("(exit 3)\n" if args == ["unlock"] else "")
        assert result.stderr == error_line("error.wrong_passphrase")
        assert snapshot(two_cases.parent) == before, args


@pytest.mark.parametrize("args", [["show", "1"], ["list"], ["intake", *SECOND_INTAKE], ["unlock"]])
def test_no_store_exits_1(db_path: Path, args: list[str]) -> None:
    result = invoke(args, env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stdout == ("(exit 1)\n" if args == ["unlock"] else "")
    assert result.stderr == error_line("error.store_not_found")
    assert not db_path.exists()


@pytest.mark.parametrize("args", [["show", "1"], ["list"], ["intake", *SECOND_INTAKE], ["unlock"]])
def test_locked_without_passphrase_or_terminal_exits_3(two_cases: Path, args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 3
    assert result.stdout == ("(exit 3)\n" if args == ["unlock"] else "")
    assert result.stderr == error_line("error.locked")


def test_passphrase_file_opens_the_store(two_cases: Path, tmp_path: Path) -> None:
    secret = tmp_path / "wachtwoord.txt"
    secret.write_text(PASSPHRASE + "\r\n", encoding="utf-8")
    result = invoke(["show", "1", "--json", "--passphrase-file", str(secret)])
    assert result.exit_code == 0, result.stderr
    missing = invoke(["show", "1", "--passphrase-file", str(tmp_path / "bestaat-niet")])
    assert (missing.exit_code, missing.stdout, missing.stderr) == (2, "", error_line("error.passphrase_file"))


def test_passphrase_prompt_at_a_terminal(two_cases: Path, interactive: None) -> None:
    result = invoke(["show", "1", "--json"], input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.stderr
    assert t("prompt.passphrase") in result.stderr
    assert PASSPHRASE not in result.stdout + result.stderr
    wrong = invoke(["show", "1"], input="verkeerd wachtwoord\n")
    assert wrong.exit_code == 3
    assert wrong.stderr.endswith(error_line("error.wrong_passphrase"))


def test_no_store_is_reported_before_asking_for_a_passphrase(db_path: Path, interactive: None) -> None:
    # A worker who has not run `loket init` yet should hear so, not be asked
    # for a passphrase that cannot be right (then told the store is missing).
    result = invoke(["list"], input="")
    assert result.exit_code == 1
    assert result.stderr == error_line("error.store_not_found")


# -- intake from prompts ----------------------------------------------------------------

PROMPTED = [
    "Testpersoon Drie",  # name
    "+31 6 1234 5678",  # phone
    "testpersoon.drie@example.org",  # email
    "111 222 333",  # bsn
    "Vraag over de WW-uitkering",  # question
    "xyzzy",  # channel: a typo, asked again
    "tel",  # channel
    "uwv, belasting",  # agencies
    "j",  # consent (both)
    "j",  # more?
    "huisart",  # referred by (typo, still clear)
    "schulden, werkloos",  # life events
    "aangevraagd",  # digid
    "y",  # consent contact
    "n",  # consent record
    "",  # go on anonymously? Enter: no, the details are kept
    "Arabisch",  # language
    "vertaler",  # companion
]


def test_intake_from_prompts_with_passphrase_prompt_and_a_typo(store: Path, interactive: None) -> None:
    result = invoke(["intake"], input="\n".join([PASSPHRASE, *PROMPTED]) + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("K-0001\n")
    assert PASSPHRASE not in result.stdout + result.stderr
    err = result.stderr
    # The passphrase is asked first, before the visitor's answers are typed.
    assert err.index(t("prompt.passphrase")) < err.index(t("prompt.name"))
    channels = ", ".join(load(VocabularyName.CHANNELS).codes())
    assert err.count(t("error.vocab_choices.channels", text="xyzzy", candidates=channels)) == 1
    assert err.count(t("prompt.channel")) == 2
    assert err.endswith(t("intake.done", case="K-0001") + "\n")
    shown = show_json("1", "--bsn")
    assert shown["visitor"] == {
        "name": "Testpersoon Drie",
        "phone": "06 12345678",
        "email": "testpersoon.drie@example.org",
        "bsn": "111222333",
        "language": "Arabisch",
        "digid": "aangevraagd",
        "companion": "tolk",
    }
    assert shown["intake"] == {
        "question": "Vraag over de WW-uitkering",
        "channel": "telefoon",
        "referred_by": "huisarts",
        "life_events": ["schulden", "baanverlies"],
        "agencies": ["uwv", "belastingdienst"],
        "consent": {"contact_bodies": True, "record_data": False},
        "minutes": None,  # not asked at the start, when nobody knows them
    }


def test_intake_from_prompts_enter_skips_the_optional_fields(store: Path, interactive: None) -> None:
    answers = ["Testpersoon Vier", "", "", "", "Vraag", "", "", "", ""]  # channel defaults to balie
    result = invoke(["intake"], input="\n".join(answers) + "\n", env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "K-0001\n"
    shown = show_json("1")
    assert shown["visitor"] == {"name": "Testpersoon Vier", "phone": None, "email": None, "bsn": None,
                                "language": None, "digid": "onbekend", "companion": None}
    assert shown["intake"] == {"question": "Vraag", "channel": "balie", "referred_by": None, "life_events": [],
                               "agencies": [], "consent": {"contact_bodies": False, "record_data": False},
                               "minutes": None}


def test_intake_with_some_flags_asks_only_what_is_missing(store: Path, interactive: None) -> None:
    result = invoke(["intake", "--name", "Testpersoon Vijf", "--question", "Vraag", "--agency", "svb"],
                    input="afspraak\n", env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "K-0001\n"
    assert t("prompt.channel") in result.stderr
    for skipped in ("prompt.name", "prompt.referred_by", "prompt.bsn", "prompt.companion"):
        assert t(skipped) not in result.stderr, skipped
    shown = show_json("1")
    assert shown["intake"]["channel"] == "afspraak"  # type: ignore[index]
    assert shown["intake"]["agencies"] == ["svb"]  # type: ignore[index]


def test_intake_prompt_asks_again_until_the_answer_is_right(store: Path, interactive: None) -> None:
    """A refused answer never ends the intake: the question comes again (issue 22.1)."""
    answers = ["Testpersoon Zes", "12", "0612", "+31 6 1234 5678", "", "", "Vraag", "balie", "", "n", "n"]
    result = invoke(["intake"], input="\n".join(answers) + "\n", env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "K-0001\n"
    assert result.stderr.count(t("error.phone")) == 2
    assert show_json("1")["visitor"]["phone"] == "06 12345678"  # type: ignore[index]


def test_intake_asks_in_the_order_of_a_consult(store: Path, interactive: None) -> None:
    """Who, then what a desk knows at the start; the rest behind one 'meer?'; no minutes (issue 22.3)."""
    answers = ["Testpersoon Elf", "", "", "", "Vraag", "balie", "svb", "j", "n"]
    result = invoke(["intake"], input="\n".join(answers) + "\n", env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    asked = [key for key in ("prompt.name", "prompt.phone", "prompt.email", "prompt.bsn", "prompt.question",
                             "prompt.channel", "prompt.agencies", "prompt.consent", "prompt.more",
                             "prompt.referred_by", "prompt.minutes")
             if t(key) in result.stderr]
    assert asked == ["prompt.name", "prompt.phone", "prompt.email", "prompt.bsn", "prompt.question",
                     "prompt.channel", "prompt.agencies", "prompt.consent", "prompt.more"]
    order = [result.stderr.index(t(key)) for key in asked]
    assert order == sorted(order)
    assert show_json("1")["intake"]["consent"] == {"contact_bodies": True, "record_data": True}  # type: ignore[index]


def test_intake_flags_are_checked_before_the_first_prompt(store: Path, interactive: None) -> None:
    result = invoke(["intake", "--phone", "12"], input="Testpersoon Twaalf\nVraag\nbalie\n", env=UNLOCKED)
    assert (result.exit_code, result.stdout) == (2, "")
    assert t("prompt.name") not in result.stderr
    assert result.stderr == error_line("error.phone")


def test_intake_prompt_end_of_input_aborts_and_stores_nothing(store: Path, interactive: None) -> None:
    result = invoke(["intake"], input="Testpersoon Zeven\nVraag\n", env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(error_line("error.aborted"))
    assert list_json() == []


def test_intake_consent_prompt_accepts_dutch_answers(store: Path, interactive: None) -> None:
    answers = ["Testpersoon Acht", "", "", "", "Vraag", "balie", "", "nee", "ja", "", "", "", "j", "nee", "nee", "", ""]
    result = invoke(["intake"], input="\n".join(answers) + "\n", env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert "Please enter" not in result.stderr
    assert "[j/n]" in result.stderr
    shown = show_json("1")
    assert shown["intake"]["consent"] == {"contact_bodies": True, "record_data": False}  # type: ignore[index]


def test_intake_consent_prompt_re_asks_in_dutch(store: Path, interactive: None) -> None:
    answers = ["Testpersoon Negen", "", "", "", "Vraag", "balie", "", "n", "j", "", "", "", "misschien", "ja", "n",
               "n", "", ""]
    result = invoke(["intake"], input="\n".join(answers) + "\n", env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(t("prompt.consent_contact")) == 2
    assert t("prompt.confirm_invalid") in result.stderr
    assert "Please enter" not in result.stderr
    shown = show_json("1")
    assert shown["intake"]["consent"] == {"contact_bodies": True, "record_data": False}  # type: ignore[index]


# -- sessions ---------------------------------------------------------------------------

# With LOKET_NO_AGENT=1 (conftest) the agent line clears any agent of an earlier session.
TOKEN_LINE = re.compile(r"export LOKET_SESSION=([A-Za-z0-9_-]{43})\nexport LOKET_AGENT=''\n")


def unlock(*extra: str) -> str:
    result = invoke(["unlock", *extra], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    found = TOKEN_LINE.fullmatch(result.stdout)
    assert found, result.stdout
    return found.group(1)


def test_unlock_prints_an_export_line(two_cases: Path) -> None:
    result = invoke(["unlock"], env=UNLOCKED)
    assert result.exit_code == 0
    assert TOKEN_LINE.fullmatch(result.stdout)
    # FIXED_NOW is 10:15; the default session lasts nine hours.
    assert result.stderr == t("unlock.done", until="19:15") + "\n"
    path = session_path(two_cases)
    assert path.name == "loket.db.session"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_unlock_raw_prints_only_the_token(two_cases: Path) -> None:
    result = invoke(["unlock", "--raw", "--hours", "2"], env=UNLOCKED)
    assert result.exit_code == 0
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}\n", result.stdout)
    assert result.stderr == t("unlock.done", until="12:15") + "\n"


def test_session_token_opens_the_store_without_passphrase(two_cases: Path) -> None:
    token = unlock()
    result = invoke(["show", "1", "--json"], env={"LOKET_SESSION": token})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["visitor"]["name"] == "Testpersoon Een"
    added = invoke(["intake", "--name", "T.D.", "--question", "Vraag", "--channel", "balie"],
                   env={"LOKET_SESSION": token})
    assert (added.exit_code, added.stdout) == (0, "K-0003\n")


def test_lock_ends_the_session(two_cases: Path) -> None:
    token = unlock()
    result = invoke(["lock"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", t("lock.done") + "\n")
    assert not session_path(two_cases).exists()
    after = invoke(["show", "1"], env={"LOKET_SESSION": token})
    assert after.exit_code == 3
    assert after.stdout == ""
    assert after.stderr == error_line("error.session_ended")
    again = invoke(["lock"])
    assert (again.exit_code, again.stderr) == (0, t("lock.no_session") + "\n")


def test_passwd_ends_the_session(two_cases: Path) -> None:
    token = unlock()
    new_passphrase = "paard nietje accu"
    # A refused change ends nothing.
    wrong = invoke(["passwd"], env={"LOKET_PASSPHRASE": "verkeerd wachtwoord", "LOKET_NEW_PASSPHRASE": new_passphrase})
    assert (wrong.exit_code, wrong.stderr) == (3, error_line("error.wrong_passphrase"))
    assert invoke(["show", "1"], env={"LOKET_SESSION": token}).exit_code == 0
    # A passphrase is changed when it may have leaked: the running session ends with it.
    result = invoke(["passwd"], env={**UNLOCKED, "LOKET_NEW_PASSPHRASE": new_passphrase})
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "Wachtwoord gewijzigd. Een lopende sessie is beëindigd: voer 'loket unlock' opnieuw uit.\n")
    assert not session_path(two_cases).exists()
    after = invoke(["show", "1"], env={"LOKET_SESSION": token})
    assert (after.exit_code, after.stdout, after.stderr) == (3, "", error_line("error.session_ended"))
    try:
        english = invoke(["--lang", "en", "passwd"], env={"LOKET_PASSPHRASE": new_passphrase,
                                                          "LOKET_NEW_PASSPHRASE": PASSPHRASE})
    finally:
        set_language(None)  # --lang sets the language for the rest of the process
    assert (english.exit_code, english.stdout, english.stderr) == (
        0, "", "Passphrase changed. Any running session has ended: run 'loket unlock' again.\n")


def test_ended_session_falls_back_to_the_passphrase(two_cases: Path) -> None:
    token = unlock()
    invoke(["lock"])
    result = invoke(["show", "1"], env={"LOKET_SESSION": token, "LOKET_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 0, result.stderr


def test_session_expires(two_cases: Path, fixed_clock: Callable[[datetime], None]) -> None:
    token = unlock("--hours", "1")
    fixed_clock(FIXED_NOW + timedelta(minutes=59, seconds=59))
    assert invoke(["show", "1"], env={"LOKET_SESSION": token}).exit_code == 0
    fixed_clock(FIXED_NOW + timedelta(hours=1))
    result = invoke(["show", "1"], env={"LOKET_SESSION": token})
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == error_line("error.session_expired")
    # An expired session file is removed, so the next attempt says the session ended.
    assert not session_path(two_cases).exists()


@pytest.mark.parametrize("hours", ["0", "-1", "24.5", "nan"])
def test_unlock_refuses_impossible_durations(two_cases: Path, hours: str) -> None:
    result = invoke(["unlock", "--hours", hours], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stdout == "(exit 2)\n"
    assert result.stderr == error_line("error.session_hours", maximum=24)
    assert not session_path(two_cases).exists()


def test_unlock_with_wrong_passphrase_writes_no_session(two_cases: Path) -> None:
    result = invoke(["unlock"], env={"LOKET_PASSPHRASE": "verkeerd wachtwoord"})
    assert result.exit_code == 3
    # For `eval "$(loket unlock)"`: a statement that fails, so the eval fails too (issue 22.13).
    assert result.stdout == "(exit 3)\n"
    assert not session_path(two_cases).exists()
    raw = invoke(["unlock", "--raw"], env={"LOKET_PASSPHRASE": "verkeerd wachtwoord"})
    assert (raw.exit_code, raw.stdout) == (3, "")


def test_eval_of_a_failed_unlock_fails_and_stops_a_script(two_cases: Path) -> None:
    import os
    import subprocess

    from loket_testkit import loket_executable

    script = f'set -e\neval "$({loket_executable()} unlock)"\necho went on\n'
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LOKET_DB": str(two_cases),
           "LOKET_PASSPHRASE": "verkeerd wachtwoord", "LOKET_NO_AGENT": "1", "HOME": str(two_cases.parent),
           "LOKET_TEST_INSECURE_KDF": "1"}
    ran = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, check=False)
    assert (ran.returncode, ran.stdout) == (3, "")


def test_session_file_holds_neither_the_vault_key_nor_the_token(two_cases: Path) -> None:
    token = unlock()
    vault = unlock_with_passphrase(two_cases, PASSPHRASE)
    vault_key: bytes = vault._vault_key
    vault.close()
    raw_token = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(vault_key) == len(raw_token) == 32
    content = session_path(two_cases).read_bytes()
    record = json.loads(content)
    assert set(record) == {"v", "expires_at", "wrapped"}
    for secret in (vault_key, raw_token):
        for form in (
            secret,
            secret.hex().encode(),
            base64.b64encode(secret),
            base64.urlsafe_b64encode(secret),
            base64.b64encode(secret).rstrip(b"="),
            base64.urlsafe_b64encode(secret).rstrip(b"="),
        ):
            assert form not in content
    # The wrapped value really is the vault key sealed under the token.
    from loketcli.services.session import vault_key_from_session
    from loketcli.services.vault import store_id

    store = unlock_with_passphrase(two_cases, PASSPHRASE)
    identity = store_id(store.store.conn)
    store.close()
    assert vault_key_from_session(two_cases, identity, token, FIXED_NOW) == vault_key


def test_session_with_extended_expiry_is_rejected(two_cases: Path) -> None:
    token = unlock("--hours", "1")
    path = session_path(two_cases)
    record = json.loads(path.read_text())
    record["expires_at"] = "2099-01-01T00:00:00Z"
    path.write_text(json.dumps(record))
    result = invoke(["show", "1"], env={"LOKET_SESSION": token})
    assert result.exit_code == 3
    assert result.stderr == error_line("error.session_invalid")


@pytest.mark.parametrize("token", ["A" * 43, "kort", "!!!!"])
def test_wrong_session_token_is_rejected(two_cases: Path, token: str) -> None:
    unlock()
    result = invoke(["show", "1"], env={"LOKET_SESSION": token})
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == error_line("error.session_invalid")


def test_a_new_unlock_replaces_the_old_session(two_cases: Path) -> None:
    first = unlock()
    second = unlock()
    assert first != second
    assert invoke(["show", "1"], env={"LOKET_SESSION": first}).stderr == error_line("error.session_invalid")
    assert invoke(["show", "1"], env={"LOKET_SESSION": second}).exit_code == 0


def test_session_of_another_store_does_not_open_this_one(two_cases: Path, tmp_path: Path) -> None:
    other = tmp_path / "ander" / "loket.db"
    init_store(other)
    token = invoke(["unlock", "--db", str(other)], env=UNLOCKED).stdout.strip().split("=", 1)[1]
    # Copy the other store's session file beside this store: the store id is bound in.
    session_path(two_cases).write_bytes(session_path(other).read_bytes())
    result = invoke(["show", "1"], env={"LOKET_SESSION": token})
    assert result.exit_code == 3
    assert result.stderr == error_line("error.session_invalid")
