"""Terminal escape injection (issue 12): control characters are refused on
input, and whatever an older store or a restored backup already holds is
neutralised on every output path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from loket_testkit import PASSPHRASE, UNLOCKED, error_line, init_store, intake, invoke

from loketcli.domain.dates import When
from loketcli.domain.model import (
    Consent,
    FollowUpSource,
    Handover,
    Intake,
    NewCase,
    Note,
    ProfessionallijnCall,
    Visitor,
)
from loketcli.render.safe import guard_cell, json_safe, markdown_safe, neutralise
from loketcli.services.vault import unlock_with_passphrase

# Clear the screen, an OSC 8 link, an OSC 0 window title, an OSC 52 clipboard
# write, a C1 CSI (U+009B) and DEL: each does something to a terminal.
HOSTILE = ("\x1b[2J\x1b[1;1H\x1b]8;;https://example.invalid/\x07klik\x1b]8;;\x07"
           "\x1b]0;titel\x07\x1b]52;c;Z2VoZWlt\x07\x9b31m\x7f")
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x7f")


def _assert_inert(text: str, *, shows: bool = True) -> None:
    for raw in RAW_CONTROLS:
        assert raw not in text, repr(raw)
    if shows:
        # Visible, so the worker sees something odd is stored (in Markdown its `[` escaped, issue 23).
        assert "\\x1b[2J" in text or "\\u001b[2J" in text or "\\x1b\\[2J" in text


@pytest.fixture
def hostile_case(db_path: Path) -> str:
    """A case whose every free-text field holds control characters, written
    through the storage layer as an older loket or a restored backup could
    have stored them, bypassing today's input checks."""
    init_store()
    intake("--name", "Gewone Bezoeker", "--question", "gewone vraag", "--channel", "balie")
    vault = unlock_with_passphrase(db_path, PASSPHRASE)
    now = dt.datetime.now(dt.UTC)
    try:
        with vault.write() as uow:
            case_id = uow.cases.add(NewCase(
                Visitor(name=f"Naam {HOSTILE}", phone="06-12345678", email="x@example.org", language=f"taal {HOSTILE}"),
                Intake(question=f"Vraag {HOSTILE}", channel="balie", agencies=("uwv",),
                       consent=Consent(contact_bodies=True, record_data=True), minutes=10)), now)
            uow.cases.add_event(case_id, Note(text=f"Notitie {HOSTILE}\nregel twee"), now)
            uow.cases.add_event(case_id, ProfessionallijnCall(agency="uwv", outcome="opgelost", contact_person=HOSTILE,
                                                              question=HOSTILE, answer=HOSTILE, reference=HOSTILE,
                                                              note=HOSTILE, minutes=5), now)
            uow.cases.add_event(case_id, Handover(to="stadsbank", warm=True, what=f"dossier {HOSTILE}"), now)
            uow.followups.add(case_id, f"wat {HOSTILE}", When(dt.date.today()), now, FollowUpSource.MANUAL, None)
    finally:
        vault.close()
    return f"K-{case_id:04d}"


@pytest.mark.parametrize("args", [
    ["show", "{case}"],
    ["show", "{case}", "--json"],
    ["list", "--names"],
    ["list", "--names", "--json"],
    ["find", "Naam", "--names"],
    ["find", "Naam", "--json", "--names"],
    ["today", "--names"],
    ["today", "--names", "--json"],
    ["agenda", "--all", "--names"],
    ["summary", "{case}"],
    ["summary", "{case}", "--format", "md"],
    ["summary", "{case}", "--format", "json"],
    ["summary", "{case}", "--for-visitor"],
    ["summary", "{case}", "--for-visitor", "--format", "md"],
    ["summary", "{case}", "--for-visitor", "--format", "html"],
    ["followup", "list", "{case}"],
    ["followup", "list", "{case}", "--json"],
    ["export", "--names", "--format", "md"],
    ["export", "--names", "--format", "csv"],
    ["export", "--names", "--format", "json"],
    ["audit"],
], ids=lambda args: " ".join(args).replace("{case}", "K"))
def test_stored_control_characters_never_reach_the_terminal(hostile_case: str, args: list[str]) -> None:
    result = invoke([a.replace("{case}", hostile_case) for a in args], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    _assert_inert(result.stdout, shows=args[0] != "audit")
    _assert_inert(result.stderr, shows=False)


def test_files_written_for_reading_are_inert_too(hostile_case: str, tmp_path: Path) -> None:
    for name in ("inzage.md", "inzage.html"):
        result = invoke(["inzage", hostile_case, "-o", str(tmp_path / name)], env=UNLOCKED)
        assert result.exit_code == 0, result.stderr
        _assert_inert((tmp_path / name).read_text(encoding="utf-8"))
    _assert_inert((tmp_path / "inzage.json").read_text(encoding="utf-8"))
    ics = tmp_path / "week.ics"
    result = invoke(["agenda", "--all", "--names", "--ics", str(ics)], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    _assert_inert(ics.read_text(encoding="utf-8"))


def test_json_keeps_the_exact_value_for_scripts(hostile_case: str) -> None:
    # Inert on a terminal, and a JSON reader still gets exactly what is stored.
    result = invoke(["show", hostile_case, "--json"], env=UNLOCKED)
    assert json.loads(result.stdout)["visitor"]["name"] == f"Naam {HOSTILE}"


def test_the_helpers_escape_visibly() -> None:
    assert neutralise("a\x1b[2Jb\x9bc\x7fd\ne\tf\rg") == "a\\x1b[2Jb\\x9bc\\x7fd\ne\tf\\x0dg"
    assert neutralise("a\nb", lines=False) == "a\\x0ab"
    assert json_safe('"\x9b\x7f"') == '"\\u009b\\u007f"'
    assert json.loads(json_safe(json.dumps("\x9b\x7f", ensure_ascii=False))) == "\x9b\x7f"
    assert markdown_safe("<script>x</script> & \x1b") == "&lt;script>x&lt;/script> & \\x1b"
    assert guard_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert guard_cell("\x1b[2J") == "\\x1b[2J"
    assert guard_cell(3) == 3


# -- input -----------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "field", "stdin"), [
    (["intake", "--name", f"A {HOSTILE}", "--question", "q", "--channel", "balie"], "naam", None),
    (["intake", "--name", "A", "--question", "q\x1b]0;x\x07", "--channel", "balie"], "vraag", None),
    (["intake", "--name", "A", "--question", "q", "--channel", "balie", "--email", "a\x1b@b.nl"], "e-mail", None),
    (["intake", "--name", "A", "--question", "q", "--channel", "balie", "--language", "nl\x9b"], "taal", None),
    (["note", "K-0001"], "notitie", f"tekst {HOSTILE}\n"),
    (["call", "K-0001", "uwv", "--outcome", "opgelost", "--contact", "mw\x1b[2J"], "contact", None),
    (["call", "K-0001", "uwv", "--outcome", "opgelost", "--answer", "ja\x07"], "antwoord", None),
    (["call", "K-0001", "uwv", "--outcome", "opgelost", "--note", "n\x7f"], "notitie", None),
    (["visit", "K-0001", "--minutes", "5", "--note", "-"], "notitie", "bezoek\x1b[2J\n"),
    (["handover", "K-0001", "stadsbank", "--warm", "--what", "d\x1b]52;c;eA==\x07"], "wat", None),
    (["followup", "add", "K-0001", "bel\x1b[1A", "--due", "morgen"], "wat", None),
    (["edit", "K-0001", "--name", "B\x9b2J"], "naam", None),
    (["find", "--stdin"], "zoekterm", "jan\x1bsen\n"),
    (["config", "set", "desk_name", "Loket\x1b]0;x\x07"], "instelling", None),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_control_characters_are_refused_on_input(db_path: Path, args: list[str], field: str,
                                                 stdin: str | None) -> None:
    init_store()
    intake("--name", "Gewone Bezoeker", "--question", "gewone vraag", "--channel", "balie")
    result = invoke(args, env=UNLOCKED, input=stdin)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == error_line("error.control_characters", field=field)


def test_a_note_keeps_its_lines_and_tabs(db_path: Path) -> None:
    init_store()
    intake("--name", "Gewone Bezoeker", "--question", "gewone vraag", "--channel", "balie")
    result = invoke(["note", "K-0001", "--json"], env=UNLOCKED, input="regel een\r\n\tregel twee\n")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(invoke(["show", "K-0001", "--json"], env=UNLOCKED).stdout)
    assert [e.get("text") for e in shown["events"] if e["kind"] == "notitie"] == ["regel een\n\tregel twee"]


def test_markdown_outputs_carry_no_raw_html(db_path: Path, tmp_path: Path) -> None:
    init_store()
    html = '<img src=x onerror="alert(1)"><script>fetch("https://example.invalid")</script>'
    intake("--name", f"Naam {html}", "--question", f"Vraag {html}", "--channel", "balie", "--agency", "uwv")
    assert invoke(["note", "K-0001", "--json"], env=UNLOCKED, input=f"Notitie {html}\n").exit_code == 0
    outputs = [invoke(args, env=UNLOCKED).stdout for args in (
        ["summary", "K-0001", "--format", "md"], ["summary", "K-0001", "--for-visitor", "--format", "md"],
        ["export", "--names", "--format", "md"])]
    assert invoke(["inzage", "K-0001", "-o", str(tmp_path / "inzage.md")], env=UNLOCKED).exit_code == 0
    outputs.append((tmp_path / "inzage.md").read_text(encoding="utf-8"))
    for output in outputs:
        assert "<img" not in output and "<script" not in output
    assert "&lt;img" in outputs[0] and "&lt;script>" in outputs[3]


def test_error_messages_are_inert_too(tmp_path: Path) -> None:
    # A file name is the one thing a message may repeat; it can hold controls.
    missing = tmp_path / "collega\x1b]0;titel\x07.json"
    result = invoke(["stats", "merge", str(missing)])
    assert result.exit_code == 2
    _assert_inert(result.stderr, shows=False)
    assert "\\x1b]0;titel\\x07" in result.stderr
