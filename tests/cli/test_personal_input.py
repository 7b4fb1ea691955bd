"""Personal data never needs to be a command-line argument (issue 12): every
personal field can come from a prompt, stdin or a file, and an argument
given at a terminal draws one warning about where it now lives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from loket_testkit import PASSPHRASE, UNLOCKED, error_line, init_store, intake, invoke

from loketcli.cli import personal_input
from loketcli.i18n import t

README = Path(__file__).resolve().parents[2] / "README.md"
INTAKE_JSON = {
    "name": "Testpersoon Json", "question": "Brief van het CJIB niet begrepen", "channel": "balie",
    "referred_by": "receptie", "life_events": ["schulden"], "agencies": ["CJIB", "uwv"], "digid": "heeft",
    "consent": True, "minutes": 25, "phone": "06-12345678", "email": "json@example.org", "bsn": "123456782",
    "language": "Pools", "companion": "tolk",
}
WARNING = f"loket: {t('privacy.argv_warning')}\n"


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    return db_path


@pytest.fixture
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(personal_input, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(personal_input, "_warned", False)


def shown(case: str = "K-0001") -> dict[str, object]:
    result = invoke(["show", case, "--json", "--bsn"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    value = json.loads(result.stdout)
    assert isinstance(value, dict)
    return value


def test_intake_from_json_on_stdin_equals_the_flags(store: Path) -> None:
    result = invoke(["intake", "--from-json", "-"], env=UNLOCKED, input=json.dumps(INTAKE_JSON))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "K-0001\n"
    intake("--name", "Testpersoon Json", "--question", "Brief van het CJIB niet begrepen", "--channel", "balie",
           "--referred-by", "receptie", "--life-event", "schulden", "--agency", "CJIB", "--agency", "uwv",
           "--digid", "heeft", "--consent", "--minutes", "25", "--phone", "06-12345678", "--email",
           "json@example.org", "--bsn", "123456782", "--language", "Pools", "--companion", "tolk")
    from_json, from_flags = shown("K-0001"), shown("K-0002")
    for key in ("visitor", "intake"):
        assert from_json[key] == from_flags[key]


def test_intake_from_a_json_file_with_a_flag_that_wins(store: Path, tmp_path: Path) -> None:
    source = tmp_path / "bezoeker.json"
    source.write_text(json.dumps({"name": "Uit Bestand", "question": "vraag", "channel": "telefoon"}))
    result = invoke(["intake", "--from-json", str(source), "--channel", "balie"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    found = shown()
    assert found["visitor"]["name"] == "Uit Bestand"  # type: ignore[index]
    assert found["intake"]["channel"] == "balie"  # type: ignore[index]


@pytest.mark.parametrize(("body", "key", "params"), [
    ('{"naam": "Jansen"}', "error.json_input_unknown", {"fields": ", ".join(personal_input.INTAKE_FIELDS)}),
    ('{"name": 12}', "error.json_input_type", {"field": "name"}),
    ('{"agencies": "uwv"}', "error.json_input_type", {"field": "agencies"}),
    ('{"minutes": true}', "error.json_input_type", {"field": "minutes"}),
    ('["Jansen"]', "error.json_input_invalid", {}),
    ("{niet json", "error.json_input_invalid", {}),
    (" " * (personal_input.MAX_JSON_INPUT + 1), "error.json_input_too_large", {"limit": personal_input.MAX_JSON_INPUT}),
])
def test_bad_json_input_is_refused_without_repeating_it(store: Path, body: str, key: str,
                                                       params: dict[str, object]) -> None:
    result = invoke(["intake", "--from-json", "-"], env=UNLOCKED, input=body)
    assert result.exit_code == 2
    assert result.stderr == error_line(key, source="stdin", **params)
    assert "Jansen" not in result.stderr


def test_find_reads_its_term_from_stdin(store: Path) -> None:
    intake("--name", "Testpersoon Zoek", "--question", "vraag", "--channel", "balie", "--bsn", "123456782")
    for args in (["find", "--stdin", "--json"], ["find", "-", "--json"]):
        result = invoke(args, env=UNLOCKED, input="123456782\nandere regel\n")
        assert result.exit_code == 0, result.stderr
        assert [hit["id"] for hit in json.loads(result.stdout)] == ["K-0001"]
    refused = invoke(["find", "jansen", "--stdin"], env=UNLOCKED, input="x\n")
    assert (refused.exit_code, refused.stderr) == (2, error_line("error.find_stdin_and_text"))


def test_call_edit_handover_visit_and_followup_take_text_from_stdin(store: Path) -> None:
    intake("--name", "Testpersoon Stdin", "--question", "vraag", "--channel", "balie", "--email", "a@example.org")
    call = {"contact": "mw. De Wit", "question": "waarom gestopt?", "answer": "wordt uitgezocht",
            "outcome": "opgelost", "minutes": 12, "driegesprek": True, "reference": "UWV-778"}
    steps: list[tuple[list[str], str]] = [
        (["call", "K-0001", "uwv", "--from-json", "-"], json.dumps(call)),
        (["edit", "K-0001", "--from-json", "-"], '{"phone": "06-87654321", "email": null}'),
        (["handover", "K-0001", "stadsbank", "--warm", "--what", "-"], "schulddossier\n"),
        (["visit", "K-0001", "--minutes", "20", "--note", "-"], "kwam terug met de brief\n"),
        (["followup", "add", "K-0001", "-", "--due", "morgen"], "loonstroken meenemen\n"),
        (["note", "K-0001", "-"], "belt zelf DUO\n"),
    ]
    for args, stdin in steps:
        result = invoke(args, env=UNLOCKED, input=stdin)
        assert result.exit_code == 0, (args, result.stderr)
    found = shown()
    assert found["visitor"]["phone"] == "06 87654321"  # type: ignore[index]
    assert found["visitor"]["email"] is None  # type: ignore[index]
    events = {e["kind"]: e for e in found["events"]}  # type: ignore[attr-defined]
    assert events["professionallijn"]["contact_person"] == "mw. De Wit"
    assert events["professionallijn"]["driegesprek"] is True
    assert events["overdracht"]["what"] == "schulddossier"
    assert events["consult"]["note"] == "kwam terug met de brief"
    assert events["notitie"]["text"] == "belt zelf DUO"
    assert found["followups"][0]["what"] == "loonstroken meenemen"  # type: ignore[index]


def test_a_dash_reads_one_field_from_stdin(store: Path) -> None:
    """`intake --name -` once stored the name "-": a dash reads the field, as for `note K-0001 -`."""
    result = invoke(["intake", "--name", "-", "--question", "vraag", "--channel", "balie"], env=UNLOCKED,
                    input="Testpersoon Streep\n")
    assert (result.exit_code, result.stdout) == (0, "K-0001\n"), result.stderr
    assert shown()["visitor"]["name"] == "Testpersoon Streep"  # type: ignore[index]
    result = invoke(["edit", "K-0001", "--bsn", "-"], env=UNLOCKED, input="1234 56 782\n")
    assert result.exit_code == 0, result.stderr
    assert shown()["visitor"]["bsn"] == "123456782"  # type: ignore[index]
    result = invoke(["call", "K-0001", "uwv", "--question", "-", "--outcome", "opgelost"], env=UNLOCKED,
                    input="waarom gestopt?\n")
    assert result.exit_code == 0, result.stderr
    assert [e["question"] for e in shown()["events"] if e["kind"] == "professionallijn"  # type: ignore[attr-defined]
            ] == ["waarom gestopt?"]


@pytest.mark.parametrize(("args", "field"), [
    (["edit", "K-0001", "--phone", "-"], "telefoon"),
    (["edit", "K-0001", "--email", "-"], "e-mail"),
    (["call", "K-0001", "uwv", "--contact", "-", "--outcome", "opgelost"], "contactpersoon"),
    (["intake", "--name", "-", "--question", "vraag", "--channel", "balie"], "naam"),
])
@pytest.mark.parametrize("stdin", ["", "\n  \n"])
def test_a_dash_with_nothing_on_stdin_changes_nothing(store: Path, args: list[str], field: str, stdin: str) -> None:
    """An empty value clears a field (`--phone ""`); an empty pipe behind a dash must not."""
    intake("--name", "Testpersoon Een", "--question", "vraag", "--channel", "balie", "--phone", "06-12345678",
           "--email", "een@example.org")
    before = shown()
    result = invoke(args, env=UNLOCKED, input=stdin)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", error_line("error.stdin_field_empty", field=field))
    assert shown() == before


def test_a_dash_in_the_piped_shell_changes_nothing(store: Path) -> None:
    """The piped consult shell reads its lines from stdin: a command in it has none to give."""
    intake("--name", "Testpersoon Een", "--question", "vraag", "--channel", "balie", "--bsn", "123456782")
    before = shown()
    result = invoke(["shell"], env=UNLOCKED, input="edit K-0001 --bsn -\n")
    assert error_line("error.stdin_field_empty", field="bsn") in result.stderr
    assert shown() == before


@pytest.mark.parametrize("args", [
    ["intake", "--name", "-", "--question", "-", "--channel", "balie"],
    ["intake", "--name", "-", "--from-json", "-"],
    ["edit", "K-0001", "--phone", "-", "--email", "-"],
    ["call", "K-0001", "uwv", "--answer", "-", "--from-json", "-"],
])
def test_only_one_field_comes_from_stdin(store: Path, args: list[str]) -> None:
    intake("--name", "Testpersoon Een", "--question", "vraag", "--channel", "balie")
    before = shown()
    result = invoke(args, env=UNLOCKED, input="iets\n")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line("error.stdin_once"))
    assert shown() == before


def test_an_argument_at_a_terminal_draws_one_warning(store: Path, at_a_terminal: None) -> None:
    result = invoke(["intake", "--name", "Testpersoon Argv", "--question", "vraag", "--channel", "balie",
                     "--bsn", "123456782", "--phone", "06-12345678"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(WARNING) == 1
    assert result.stderr.startswith(WARNING)
    assert "Testpersoon" not in result.stderr and "123456782" not in result.stderr


@pytest.mark.parametrize("args", [
    ["note", "K-0001", "tekst als argument"],
    ["find", "testpersoon"],
    ["followup", "add", "K-0001", "loonstroken meenemen", "--due", "morgen"],
    ["handover", "K-0001", "stadsbank", "--warm", "--what", "schulddossier"],
    ["visit", "K-0001", "--minutes", "5", "--note", "kort"],
    ["call", "K-0001", "uwv", "--outcome", "opgelost", "--question", "waarom?"],
    ["edit", "K-0001", "--phone", "06-87654321"],
], ids=lambda a: a[0])
def test_every_personal_argument_warns(store: Path, at_a_terminal: None, args: list[str]) -> None:
    intake("--name", "Testpersoon Argv", "--question", "vraag", "--channel", "balie")
    personal_input._warned = False
    result = invoke(args, env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(WARNING) == 1


def test_no_warning_for_stdin_files_or_scripts(store: Path, at_a_terminal: None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["intake", "--from-json", "-", "--channel", "balie"], env=UNLOCKED,
                    input=json.dumps({"name": "Testpersoon", "question": "vraag"}))
    assert result.exit_code == 0, result.stderr
    assert WARNING not in result.stderr
    monkeypatch.setattr(personal_input, "_stdin_is_terminal", lambda: False)  # a script
    result = invoke(["note", "K-0001", "tekst"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (0, "Notitie toegevoegd aan zaak K-0001.\n")


def test_note_stops_reading_stdin_at_what_it_can_accept(store: Path) -> None:
    intake("--name", "Testpersoon Groot", "--question", "vraag", "--channel", "balie")
    # A pipe that never ends: reading it all would never finish (nor fit in memory).
    process = subprocess.Popen([sys.executable, "-m", "loketcli", "note", "K-0001"], stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "LOKET_PASSPHRASE": PASSPHRASE})
    assert process.stdin is not None

    def feed() -> None:
        chunk = b"x" * 65536
        try:
            while process.poll() is None:
                process.stdin.write(chunk)  # type: ignore[union-attr]
                time.sleep(0.01)
        except (BrokenPipeError, ValueError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        # Before the fix the command waits for an end of input that never comes.
        process.wait(timeout=60)
        assert process.stderr is not None
        err = process.stderr.read()
    finally:
        process.kill()
    assert process.returncode == 2
    assert err.decode() == error_line("error.field_too_long", field="notitie", limit=4000)


def _working_day() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## A working day")
    block = text[start:text.index("```", text.index("```sh", start) + 5)]
    # The commands only, not the comments that explain them.
    return "\n".join(line.split(" #", 1)[0] for line in block.splitlines())


def test_the_readme_working_day_puts_no_personal_data_on_the_command_line() -> None:
    day = _working_day()
    for flag in ("--name", "--bsn", "--phone", "--email", "--question", "--contact", "--answer", "--language"):
        assert not re.search(rf"{flag}[ =]+[\"'A-Za-z0-9]", day), flag
    # Free text as an argument: note TEXT, followup add CASE TEXT, find TEXT, --what/--note TEXT.
    assert not re.search(r"loket note K-\d+ +[\"']", day)
    assert not re.search(r"loket followup add K-\d+ +[\"']", day)
    assert not re.search(r"loket find +[^-\s]", day)
    assert not re.search(r"--(what|note) +[\"'A-Za-z]", day)
    assert "--from-json" in day and "--stdin" in day


def test_a_passphrase_file_that_never_ends_is_refused(store: Path) -> None:
    result = invoke(["list", "--passphrase-file", "/dev/zero"])
    assert (result.exit_code, result.stderr) == (2, error_line("error.passphrase_file"))
