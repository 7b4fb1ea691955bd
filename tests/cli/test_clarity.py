"""Clear questions and answers (issue 11, section 3): what loket asks, how it
reads what was typed, and what it says back. Synthetic data only; the clock is
fixed on Monday 2 March 2026 10:15 (FIXED_NOW)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from loket_testkit import FIXED_NOW, PASSPHRASE, TEST_KDF_ARGS, UNLOCKED, error_line, init_store, intake, invoke

import loketcli.cli.prompts
import loketcli.domain.clock
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import t

BASE = ["--name", "Testpersoon Een", "--question", "Vraag over de toeslag"]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.domain.clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    assert intake(*BASE, "--channel", "balie") == "K-0001"
    return db_path


def run(args: list[str], *, input: str | None = None) -> tuple[int, str, str]:
    result = invoke(args, env=UNLOCKED, input=input)
    return result.exit_code, result.stdout, result.stderr


def case() -> dict[str, object]:
    code, out, err = run(["show", "K-0001", "--json"])
    assert code == 0, err
    found: dict[str, object] = json.loads(out)
    return found


def event_kinds() -> list[str]:
    events = case()["events"]
    assert isinstance(events, list)
    return [e["kind"] for e in events]


# -- contradictory and missing flags ----------------------------------------------------------


def test_warm_and_cold_together_are_refused(store: Path) -> None:
    assert run(["handover", "K-0001", "wijkteam", "--warm", "--cold"]) == (
        2, "", error_line("error.warm_and_cold"))
    assert run(["handover", "K-0001", "wijkteam", "--cold", "--warm"])[0] == 2
    assert event_kinds() == ["intake"]
    assert run(["handover", "K-0001", "wijkteam", "--cold"])[0] == 0
    assert run(["handover", "K-0001", "wijkteam"]) == (2, "", error_line("error.warm_or_cold"))


def test_scripted_intake_without_channel_says_missing_not_unknown(store: Path) -> None:
    channels = "balie, afspraak, telefoon, wijk, huisbezoek"
    missing = run(["intake", *BASE])
    assert missing == (2, "", error_line("error.channel_missing", choices=channels))
    assert missing[2] == "loket: Het kanaal ontbreekt: geef --channel (balie, afspraak, telefoon, wijk, huisbezoek).\n"
    unknown = run(["intake", *BASE, "--channel", "xyzzy"])
    assert unknown == (2, "", error_line("error.vocab_choices.channels", candidates=channels))
    assert missing[2] != unknown[2]


# -- suggestions --------------------------------------------------------------------------------


def test_a_word_that_names_a_body_is_suggested_not_a_far_fetched_one(store: Path) -> None:
    assert run(["handover", "K-0001", "IND website", "--cold"]) == (
        2, "", "loket: Onbekende instantie. Bedoelt u: ind?\n")


def test_nothing_close_lists_the_choices(store: Path) -> None:
    code, _, err = run(["handover", "K-0001", "kapper", "--cold"])
    assert code == 2
    every = ", ".join(load(VocabularyName.AGENCIES).codes())
    assert err == error_line("error.vocab_choices.agencies", candidates=every)
    assert err.startswith("loket: Onbekende instantie. Kies uit: belastingdienst, toeslagen,")


@pytest.mark.parametrize(("typed", "code", "label"), [
    ("deurwaarder", "deurwaarder", None),
    ("gerechtsdeurwaarder", "deurwaarder", "Deurwaarder"),
    ("schuldhulpverlening", "schuldhulp", "Schuldhulpverlening (gemeente)"),
    ("bewindvoerder", "bewindvoerder", None),
    ("Veilig Thuis", "veilig-thuis", None),
])
def test_common_targets_are_in_the_list(store: Path, typed: str, code: str, label: str | None) -> None:
    status, _, err = run(["handover", "K-0001", typed, "--cold"])
    assert status == 0, err
    assert err == ("" if label is None else f"→ {label}\n") + t("handover.done_cold", case="K-0001") + "\n"
    events = case()["events"]
    assert isinstance(events, list) and events[-1]["to"] == code


# -- how a term was read ------------------------------------------------------------------------


def test_a_term_read_as_something_else_is_echoed(store: Path) -> None:
    code, _, err = run(["call", "K-0001", "belastingen", "--outcome", "opgelost", "--minutes", "5"])
    assert code == 0, err
    assert err.startswith("→ Belastingdienst\n")
    code, _, err = run(["call", "K-0001", "Belastingdienst", "--outcome", "opgelost", "--minutes", "5"])
    assert code == 0 and "→" not in err
    # Another visitor: the same name would be recognised as K-0001 (issue 14).
    code, _, err = run(["intake", "--name", "Testpersoon Twee", *BASE[2:], "--channel", "balie",
                        "--referred-by", "balie", "--agency", "uwv"])
    assert code == 0
    assert err == "→ Via de receptie\n" + t("intake.done", case="K-0002") + "\n"


# -- the desk's own vocabulary ------------------------------------------------------------------


def write_desk(db: Path, body: object) -> Path:
    path = db.parent / "vocabulary.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


DESK = {
    "agencies": {"terms": [
        {"code": "kledingbank-oost", "label": "Kledingbank Oost", "aliases": ["kleding"],
         "label_en": "Clothes bank East (Kledingbank Oost)", "website": "https://kledingbank.example.nl",
         "phone": "010 123 4567"},
        {"code": "wijkteam", "aliases": ["wijkteam noord"]},
    ]},
    "referrals": {"terms": [{"code": "kerk", "label": "Kerk of moskee", "aliases": ["moskee"]}]},
}


def test_desk_vocabulary_beside_the_store_is_merged(store: Path) -> None:
    assert run(["handover", "K-0001", "kledingbank-oost", "--cold"])[0] == 2
    write_desk(store, DESK)
    code, _, err = run(["handover", "K-0001", "kleding", "--cold"])
    assert code == 0, err
    assert err.startswith("→ Kledingbank Oost\n")
    code, _, err = run(["handover", "K-0001", "wijkteam noord", "--warm"])
    assert code == 0 and err.startswith("→ Wijkteam")
    code, _, err = run(["intake", *BASE, "--channel", "balie", "--referred-by", "moskee"])
    assert code == 0, err
    events = case()["events"]
    assert isinstance(events, list)
    assert [e["to"] for e in events[-2:]] == ["kledingbank-oost", "wijkteam"]
    # The shipped lists are still all there, the desk's terms after them.
    codes = load(VocabularyName.AGENCIES).codes()
    assert codes[-1] == "kledingbank-oost" and "belastingdienst" in codes


@pytest.mark.parametrize(("body", "line"), [
    ({"agencies": {"terms": [{"code": "x1", "label": "X"}, {"code": "Foo Bar", "label": "Y"}]}},
     "agencies nummer 2: 'code' ontbreekt of is ongeldig (kleine letters, cijfers en -, hooguit 40 tekens)."),
    ({"agencies": {"terms": [{"code": "wijkteam-oost", "label": "Wijkteam Oost", "alias": ["oost"]}]}},
     "agencies nummer 1 (code wijkteam-oost): onbekend veld 'alias'. Toegestaan: code, label, aliases, group,"
     " label_en, website, phone."),
    ({"agencies": {"terms": [{"code": "nieuw"}]}},
     "agencies nummer 1 (code nieuw): 'label' moet tekst zijn van 1 tot 200 tekens."),
    ({"agencies": {"terms": [{"code": "nieuw", "label": "Nieuw", "website": "www.example.nl"}]}},
     "agencies nummer 1 (code nieuw): 'website' moet beginnen met https://."),
    ({"agencies": {"terms": [{"code": "nieuw", "label": "Nieuw", "aliases": "uwv"}]}},
     "agencies nummer 1 (code nieuw): 'aliases' moet een lijst van teksten zijn."),
    ({"agencies": {"terms": [{"code": "nieuw", "label": "Nieuw", "aliases": ["belasting"]}]}},
     "agencies nummer 1 (code nieuw): de naam 'belasting' hoort al bij belastingdienst."),
    ({"agencies": {"terms": [{"code": "nieuw", "label": "Nieuw"}, {"code": "nieuw", "label": "Nieuw 2"}]}},
     "agencies nummer 2: code nieuw staat er al eerder in."),
    ({"agencies": {"terms": ["uwv"]}},
     "agencies nummer 1: een term is een object met ten minste \"code\" en \"label\"."),
])
def test_a_bad_desk_entry_is_named(store: Path, body: object, line: str) -> None:
    path = write_desk(store, body)
    assert run(["handover", "K-0001", "wijkteam", "--cold"]) == (
        2, "", f"loket: Woordenlijst van de balie ({path}), {line}\n")
    assert event_kinds() == ["intake"]


def test_a_desk_file_that_is_not_json_or_not_the_shape(store: Path) -> None:
    path = store.parent / "vocabulary.json"
    path.write_text('{"agencies": {"terms": [}', encoding="utf-8")
    assert run(["list", "--agency", "uwv"])[2] == (
        f"loket: De woordenlijst van de balie ({path}) is geen geldige JSON (regel 1).\n")
    path.write_text('{"instanties": []}', encoding="utf-8")
    code, _, err = run(["list", "--agency", "uwv"])
    assert code == 2 and err.startswith(f"loket: De woordenlijst van de balie ({path}) heeft niet de goede vorm")


def test_loket_vocab_names_the_file_and_it_must_exist(store: Path, tmp_path: Path) -> None:
    named = tmp_path / "gemeente.json"
    result = invoke(["handover", "K-0001", "wijkteam", "--cold"], env={**UNLOCKED, "LOKET_VOCAB": str(named)})
    assert (result.exit_code, result.stderr) == (
        2, error_line("error.desk_vocab.unreadable", path=str(named)))
    named.write_text(json.dumps(DESK), encoding="utf-8")
    result = invoke(["handover", "K-0001", "kledingbank-oost", "--cold"], env={**UNLOCKED, "LOKET_VOCAB": str(named)})
    assert result.exit_code == 0, result.stderr


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("due", ["31-02", "31-2-2027", "30 februari", "31-04"])
def test_a_date_that_does_not_exist_is_called_that(store: Path, due: str) -> None:
    assert run(["followup", "add", "K-0001", "wat", "--due", due]) == (
        2, "", f"loket: De datum {due} bestaat niet. Controleer de dag en de maand.\n")


def test_a_weekend_due_date_in_a_script_is_kept_with_a_warning(store: Path) -> None:
    code, _, err = run(["followup", "add", "K-0001", "wat", "--due", "zaterdag"])
    assert code == 0, err
    followups = case()["followups"]
    assert isinstance(followups, list) and followups[0]["due"] == {"date": "2026-03-07", "time": None}
    assert err == ("→ za 7 mrt 2026\n"
                   "Let op: za 7 mrt 2026 is geen werkdag (zaterdag); de datum blijft zoals gevraagd.\n"
                   + t("followup.added", followup="#1", case="K-0001") + "\n")


def test_a_holiday_due_date_in_a_script_names_the_holiday(store: Path) -> None:
    code, _, err = run(["followup", "add", "K-0001", "wat", "--due", "25 dec"])
    assert code == 0
    assert "Let op: vr 25 dec 2026 is geen werkdag (Eerste kerstdag); de datum blijft zoals gevraagd.\n" in err


@pytest.mark.usefixtures("interactive")
@pytest.mark.parametrize(("answer", "date"), [("j\n", "2026-12-28"), ("n\n", "2026-12-25")])
def test_at_a_terminal_the_next_working_day_is_offered(store: Path, answer: str, date: str) -> None:
    code, out, err = run(["followup", "add", "K-0001", "wat", "--due", "25 dec 10:00", "--json"], input=answer)
    assert code == 0, err
    assert json.loads(out)["due"] == {"date": date, "time": "10:00"}
    assert "Let op: vr 25 dec 2026 is geen werkdag (Eerste kerstdag).\n" in err
    # Tweede kerstdag is a holiday too, and then comes the weekend.
    assert "De volgende werkdag nemen, ma 28 dec 2026?" in err
    assert ("→ ma 28 dec 2026 10:00\n" in err) == (date == "2026-12-28")


def test_agenda_shows_a_callback_promised_in_five_working_days(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Thursday 23 April 2026: five working days on is Friday 1 May (Koningsdag, Monday 27, skipped).
    import datetime as dt

    thursday = dt.datetime(2026, 4, 23, 10, 0, tzinfo=FIXED_NOW.tzinfo)
    monkeypatch.setattr(loketcli.domain.clock, "now", lambda: thursday)
    code, _, err = run(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--callback", "over 5 werkdagen",
                        "--minutes", "5"])
    assert code == 0, err
    code, out, err = run(["agenda", "--json"])
    assert code == 0, err
    agenda = json.loads(out)
    assert agenda["until"] >= "2026-05-01"
    # A call-back waits on the body: listed apart from the worker's own (issue 22.11).
    assert [item["due"]["date"] for item in agenda["waiting"]] == ["2026-05-01"]


# -- prompts ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("interactive")
def test_intake_prompts_show_the_choices_of_fixed_lists(db_path: Path) -> None:
    init_store()
    # name, phone, e-mail, BSN, question, channel, bodies, consent, more? (yes), referral, life events, ...
    answers = ["Testpersoon Drie", "", "", "", "Vraag", "balie", "uwv", "n", "j", "", "schulden", "", "", "", "",
               "", ""]
    result = invoke(["intake"], env=UNLOCKED, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    life_events = ", ".join(load(VocabularyName.LIFE_EVENTS).codes())
    agencies = ", ".join(load(VocabularyName.AGENCIES).codes())
    flat = " ".join(result.stderr.split())
    assert f"{t('prompt.life_events')} ({life_events})" in flat
    assert f"{t('prompt.agencies')} ({agencies})" in flat
    assert "Onbekende" not in flat  # shown up front, not after a wrong answer


# -- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    ("06-12345678", "06 12345678"),
    ("+31612345678", "06 12345678"),
    ("0031 20 555 6667", "020 555 6667"),
    ("+32 470 12 34 56", "+32 470 12 34 56"),
    ("+49 30 1234567", "+49 30 1234567"),
])
def test_phone_numbers_are_checked_and_formatted(db_path: Path, typed: str, stored: str) -> None:
    init_store()
    assert intake(*BASE, "--channel", "balie", "--phone", typed) == "K-0001"
    visitor = case()["visitor"]
    assert isinstance(visitor, dict) and visitor["phone"] == stored


@pytest.mark.parametrize("typed", ["0612345", "06 1234 5678 9", "112", "+31 6 9999", "bel me maar"])
def test_an_invalid_phone_number_is_refused_without_echoing_it(db_path: Path, typed: str) -> None:
    init_store()
    code, out, err = run(["intake", *BASE, "--channel", "balie", "--phone", typed])
    assert (code, out, err) == (2, "", error_line("error.phone"))
    assert typed not in err
    assert "06 12345678" in err  # the example says what a good one looks like


# -- init and unlock ----------------------------------------------------------------------------


@pytest.mark.usefixtures("interactive")
def test_init_asks_again_after_a_mismatch(db_path: Path) -> None:
    result = invoke(["init", *TEST_KDF_ARGS], input=f"{PASSPHRASE}\n{PASSPHRASE}!\n{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.stderr
    assert t("error.passphrase_mismatch_retry") in result.stderr
    assert result.stderr.count(t("prompt.new_passphrase")) == 2
    assert invoke(["list"], env=UNLOCKED).exit_code == 0


@pytest.mark.usefixtures("interactive")
def test_init_checks_the_length_before_the_repetition(db_path: Path) -> None:
    result = invoke(["init", *TEST_KDF_ARGS], input=f"kort\n{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    too_short = t("error.passphrase_too_short", minimum=8)
    assert too_short in err
    # Asked to repeat only once: for the passphrase that was long enough.
    assert err.count(t("prompt.repeat_passphrase")) == 1
    assert err.index(too_short) < err.index(t("prompt.repeat_passphrase"))
    assert "kort" not in err


def test_unlock_to_a_screen_prints_no_token(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.cli.prompts, "stdout_is_terminal", lambda: True)
    result = invoke(["unlock"], env=UNLOCKED)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == error_line("error.unlock_on_screen")
    assert 'eval "$(loket unlock)"' in result.stderr
    assert not (store.parent / "session").exists() or not any((store.parent / "session").iterdir())
    monkeypatch.setattr(loketcli.cli.prompts, "stdout_is_terminal", lambda: False)
    piped = invoke(["unlock"], env=UNLOCKED)
    assert piped.exit_code == 0 and piped.stdout.startswith("export LOKET_SESSION=")


# -- Ctrl-C -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("interactive")
def test_ctrl_c_during_an_intake_starts_its_message_on_a_new_line(db_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    init_store()
    from rich.prompt import Prompt

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(Prompt, "ask", interrupted)
    result = invoke(["intake"], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stderr == "\n" + error_line("error.aborted")


# -- help screens and sub-commands ---------------------------------------------------------------

HELP_WALK = """
import sys
from typer.testing import CliRunner
from loketcli.cli.app import COMMANDS, app
runner = CliRunner()
paths = [[]] + [[c.name] for c in COMMANDS]
for sub in ("followup", "stats", "config", "audit"):
    from loketcli.cli.app import _command
    group = _command(sub)
    paths += [[sub, name] for name in group.commands]
for path in paths:
    result = runner.invoke(app, [*path, "--help"], prog_name="loket")
    print("=== " + " ".join(path) + f" [{result.exit_code}]")
    print(result.stdout)
"""


def _help_screens(lang: str) -> dict[str, str]:
    env = {**os.environ, "LOKET_LANG": lang, "COLUMNS": "200", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", HELP_WALK], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    screens: dict[str, str] = {}
    for block in done.stdout.split("=== ")[1:]:
        head, _, body = block.partition("\n")
        assert head.endswith("[0]"), head
        screens[head.removesuffix(" [0]")] = body
    return screens


ENGLISH_IN_DUTCH = ("Show this message", "Usage:", "Options", "Arguments", "Commands", "[required]",
                    "env var", "default:", "Install completion", "Show completion", "COMMAND [", "[OPTIONS]")
DUTCH_IN_ENGLISH = ("Toon deze hulp", "Gebruik:", "Opties", "Argumenten", "Commando's", "[verplicht]",
                    "omgevingsvariabele", "standaard:", "COMMANDO", "[OPTIES]")


@pytest.mark.parametrize(("lang", "foreign"), [("nl", ENGLISH_IN_DUTCH), ("en", DUTCH_IN_ENGLISH)])
def test_every_help_screen_is_in_one_language_without_raw_placeholders(lang: str, foreign: tuple[str, ...]) -> None:
    screens = _help_screens(lang)
    assert len(screens) > 35  # every command and sub-command was walked
    for path, text in screens.items():
        for word in foreign:
            assert word not in text, (lang, path, word)
        for raw in ("{", "}", "<str>", "<int>", "<text>", "<file>", "<path>", "<float>"):
            assert raw not in text, (lang, path, raw)
    usage, options = ("Gebruik: loket handover", "Toon deze hulp en stop.") if lang == "nl" else (
        "Usage: loket handover", "Show this help and stop.")
    assert usage in screens["handover"] and options in screens["handover"]


def test_unknown_sub_command_names_the_ones_that_exist(store: Path) -> None:
    assert run(["followup", "remove", "3"]) == (
        2, "", "loket: Onbekend commando voor 'loket followup'. Kies uit: add, done, cancel, move, list.\n")


# -- the end-of-day export ----------------------------------------------------------------------


def test_export_columns_for_a_person_and_for_a_script(store: Path) -> None:
    assert intake("--name", "Testpersoon Twee", "--question", "Vraag", "--channel", "balie",
                  "--agency", "uwv", "--agency", "svb", "--agency", "duo") == "K-0002"
    assert run(["handover", "K-0002", "wijkteam", "--warm", "--minutes", "5"])[0] == 0
    assert run(["call", "K-0002", "svb", "--outcome", "geen-gehoor", "--minutes", "2"])[0] == 0
    assert run(["close", "K-0002", "--result", "opgelost", "--satisfaction", "4"])[0] == 0
    code, out, err = run(["export", "--day", "vandaag"])
    assert code == 0, err
    lines = out.removeprefix("\ufeff").splitlines()
    assert lines[0] == ("Tijd;Zaak;Soort;Instanties;Overdracht;Uitkomst;Tevredenheid;Minuten;Open opvolgingen;"
                        "Eerstvolgende opvolging")
    rows = [line.split(";")[1:] for line in lines[1:]]
    assert ["K-0002", "intake", "uwv, svb, duo", "", "", "", "", "0", ""] in rows
    assert ["K-0002", "overdracht", "wijkteam", "warm", "", "", "5", "0", ""] in rows
    assert ["K-0002", "professionallijn", "svb", "", "geen-gehoor", "", "2", "0", ""] in rows
    assert ["K-0002", "gesloten", "", "", "opgelost", "4", "", "0", ""] in rows
    code, out, _ = run(["export", "--day", "vandaag", "--codes"])
    assert out.removeprefix("\ufeff").splitlines()[0] == (
        "time;case;kind;agency;handover;outcome;satisfaction;minutes;open_followups;next_due")
    code, out, _ = run(["export", "--day", "vandaag", "--format", "json"])
    body = json.loads(out)
    assert body["schema_version"] == 2
    closing = [r for r in body["rows"] if r["kind"] == "gesloten"]
    assert closing[0]["satisfaction"] == 4 and closing[0]["handover"] is None
    assert {r["outcome"] for r in body["rows"]} <= {None, "geen-gehoor", "opgelost"}


# -- close matches, not lists (issue 22.5) --------------------------------------------------


@pytest.mark.parametrize(("args", "line"), [
    (["intak"], error_line("error.no_such_command_close", candidates="intake")),
    (["followup", "add", "K-0001", "x", "--due", "morgen", "--agency", "dou"],
     error_line("error.vocab_unknown.agencies", candidates="duo")),
    (["close", "K-0001", "--result", "opgelsot"], error_line("error.choice_close", candidates="opgelost")),
    (["call", "K-0001", "uwv", "--outcome", "terugbelverzeok"],
     error_line("error.choice_close", candidates="terugbelverzoek")),
])
def test_a_typo_gets_the_close_match_not_the_whole_list(store: Path, args: list[str], line: str) -> None:
    assert run(args) == (2, "", line)


def test_nothing_close_still_lists_everything(store: Path) -> None:
    assert run(["close", "K-0001", "--result", "xyzzy"]) == (2, "", error_line(
        "error.close_result", choices="opgelost, deels-opgelost, doorverwezen, geen-recht-uitgelegd, gestopt"))
    assert run(["xyzzy"])[2] == "loket: " + t("error.no_such_command") + " " + t(
        "error.usage_hint", command="loket") + "\n"
