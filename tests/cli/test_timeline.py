"""The case timeline after intake: `call`, `note`, `visit`, `handover`, `edit`,
`find`, and the close/reopen rules they obey, through the real root group
in-process. The clock is fixed on Friday 23 April 2027, the Friday before
Koningsdag (Tuesday 27 April), so "5 working days" lands on Monday 3 May.
All data is synthetic; 123456782 and 111222333 pass the elfproef and belong
to nobody."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sqlite3
import stat
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import (
    FULL_INTAKE,
    FixedClock,
    data,
    error_line,
    fixed_clock,
    init_store,
    ok,
    run,
    show_json,
)

import loketcli.cli.prompts
import loketcli.domain.clock
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import t


def at(hh: int, mm: int = 0, day: int = 23) -> dt.datetime:
    return dt.datetime(2027, 4, day, hh, mm, tzinfo=LOCAL_ZONE)


FRI = at(10)
OUTCOMES = "opgelost, terugbelverzoek, doorverwezen, geen-gehoor, informatie-ontvangen"
CLOSED = error_line("error.case_closed_reopen", case="K-0001")




@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    return fixed_clock(monkeypatch, FRI)


@pytest.fixture(autouse=True)
def not_interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nobody at a terminal unless a test says so (`interactive`)."""
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: False)


def refused(args: Sequence[str], stderr: str, *, input: str | None = None) -> None:
    result = run(args, input=input)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def events(case: str = "K-0001") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = show_json(case)["events"]
    return found


def kinds(case: str = "K-0001") -> list[str]:
    return [e["kind"] for e in events(case)]


def followups() -> list[dict[str, Any]]:
    # Across cases `followup list` hides the text unless --names.
    found: list[dict[str, Any]] = data(["followup", "list", "--names"])
    return found


def intake(name: str = "Testpersoon Een", *extra: str, question: str = "Brief niet begrepen",
           channel: str = "balie") -> str:
    result = ok(["intake", "--name", name, "--question", question, "--channel", channel, *extra])
    return result.stdout.strip()


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat()


def call_row(event_id: int, moment: dt.datetime, agency: str, outcome: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": event_id, "kind": "professionallijn", "at": stamp(moment), "agency": agency, "outcome": outcome,
        "driegesprek": False, "contact_person": None, "question": None, "answer": None, "minutes": None,
        "reference": None, "note": None, "followup_id": None,
    }
    row.update(fields)
    return row


def callback_row(fid: int, body: str, due: str, agency: str, time: str | None = None) -> dict[str, Any]:
    """A call-back follow-up: its text is only the body's name (BODY), never the call's own text."""
    return {"id": fid, "case": "K-0001", "what": f"Terugbelverzoek {body}", "label": f"terugbelverzoek ({body})",
            "due": {"date": due, "time": time}, "status": "open", "done_at": None, "cancelled_at": None,
            "source": "terugbelverzoek", "agency": agency, "actor": "instantie"}


@pytest.fixture
def store(clock: FixedClock) -> FixedClock:
    """A store with one open case, K-0001 (intake agency Dienst Toeslagen), opened FRI 10:00."""
    init_store()
    assert intake("Testpersoon Een", "--agency", "toeslagen", "--minutes", "25") == "K-0001"
    return clock


INTAKE_EVENT = {"id": 1, "kind": "intake", "at": "2027-04-23T10:00:00+02:00", "minutes": 25}


# -- every event kind through show --json ---------------------------------------


def test_every_event_kind_round_trips_through_show_json(clock: FixedClock) -> None:
    init_store()
    ok(["intake", *FULL_INTAKE])

    clock.set(at(10, 5))
    result = ok(["call", "K-0001", "uwv", "--driegesprek", "--contact", "mw. De Wit",
                 "--question", "Waarom is de WW gestopt?", "--answer", "Wordt uitgezocht",
                 "--outcome", "terugbelverzoek", "--minutes", "12", "--reference", "UWV-778",
                 "--note", "Bezoeker zat ernaast", "--json"])
    assert json.loads(result.stdout) == {"event": 3, "followup": 1}
    assert result.stderr == ""

    clock.set(at(10, 10))
    assert data(["note", "K-0001", "Bezoeker belt zelf DUO"]) == {"event": 4}

    clock.set(at(10, 15))
    result = ok(["visit", "K-0001", "--minutes", "20", "--at", "vandaag 10u02", "--note", "Loonstroken meegenomen",
                 "--json"])
    assert json.loads(result.stdout) == {"event": 5}
    assert result.stderr == "→ vr 23 apr 2027 10:02\n"

    clock.set(at(10, 20))
    assert data(["handover", "K-0001", "stadsbank", "--warm", "--what", "Schulddossier overgedragen",
                 "--minutes", "15"]) == {"event": 6}
    clock.set(at(10, 25))
    assert data(["handover", "K-0001", "juridisch loket", "--cold"]) == {"event": 7}

    clock.set(at(10, 30))
    assert data(["call", "K-0001", "belasting", "--zonder-bezoeker", "--outcome", "informatie",
                 "--minutes", "3"]) == {"event": 8, "followup": None}

    clock.set(at(10, 35))
    assert data(["edit", "K-0001", "--phone", "06-87654321"]) == {"changed": ["phone"]}

    clock.set(at(10, 38))
    ok(["followup", "cancel", "1"], input="")
    clock.set(at(10, 40))
    ok(["close", "K-0001", "--result", "opgelost", "--satisfaction", "4", "--force"])
    clock.set(at(10, 45))
    ok(["reopen", "K-0001"])
    clock.set(at(10, 50))
    assert data(["call", "K-0001", "uwv", "--outcome", "geen-gehoor"]) == {"event": 13, "followup": None}

    assert show_json("K-0001") == {
        "id": "K-0001",
        "number": 1,
        "status": "open",
        "opened_at": "2027-04-23T10:00:00+02:00",
        "closed_at": None,
        "visitor": {
            "name": "Testpersoon Een",
            "phone": "06 87654321",
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
        # intake 25 + consult 20 + call 12 + warm hand-over 15 + call 3
        "total_minutes": 75,
        # intake agencies first, then called or handed over to, first seen; no duplicates
        "agencies_involved": ["toeslagen", "belastingdienst", "uwv", "stadsbank", "juridisch-loket"],
        "calls_per_agency": {"uwv": 2, "belastingdienst": 1},
        "satisfaction": 4,
        "events": [
            {"id": 1, "kind": "intake", "at": "2027-04-23T10:00:00+02:00", "minutes": 25},
            # recorded at 10:15 with --at 10:02: it sorts by when it happened
            {"id": 5, "kind": "consult", "at": "2027-04-23T10:02:00+02:00", "minutes": 20,
             "note": "Loonstroken meegenomen"},
            {"id": 2, "kind": "opvolging-gepland", "at": "2027-04-23T10:05:00+02:00", "followup_id": 1,
             "what": "Terugbelverzoek UWV", "due": "2027-05-03", "source": "terugbelverzoek"},
            call_row(3, at(10, 5), "uwv", "terugbelverzoek", driegesprek=True, contact_person="mw. De Wit",
                     question="Waarom is de WW gestopt?", answer="Wordt uitgezocht", minutes=12,
                     reference="UWV-778", note="Bezoeker zat ernaast", followup_id=1),
            {"id": 4, "kind": "notitie", "at": "2027-04-23T10:10:00+02:00", "text": "Bezoeker belt zelf DUO"},
            {"id": 6, "kind": "overdracht", "at": "2027-04-23T10:20:00+02:00", "to": "stadsbank", "warm": True,
             "what": "Schulddossier overgedragen", "minutes": 15},
            {"id": 7, "kind": "overdracht", "at": "2027-04-23T10:25:00+02:00", "to": "juridisch-loket",
             "warm": False, "what": None, "minutes": None},
            call_row(8, at(10, 30), "belastingdienst", "informatie-ontvangen", minutes=3),
            {"id": 9, "kind": "correctie", "at": "2027-04-23T10:35:00+02:00", "fields": ["phone"],
             "before": ["06 12345678"], "after": ["06 87654321"]},
            # a body's call-back no longer stays open with the case closed only when cancelled itself
            {"id": 10, "kind": "opvolging-geannuleerd", "at": "2027-04-23T10:38:00+02:00", "followup_id": 1,
             "cause": "handmatig", "reason": None, "event_id": None},
            {"id": 11, "kind": "gesloten", "at": "2027-04-23T10:40:00+02:00", "result": "opgelost",
             "satisfaction": 4, "open_followups": 0},
            {"id": 12, "kind": "heropend", "at": "2027-04-23T10:45:00+02:00"},
            call_row(13, at(10, 50), "uwv", "geen-gehoor"),
        ],
        "followups": [{**callback_row(1, "UWV", "2027-05-03", "uwv"), "status": "geannuleerd",
                       "cancelled_at": "2027-04-23T10:38:00+02:00"}],
    }


def test_texts_are_trimmed_and_blank_optional_texts_are_null(store: FixedClock) -> None:
    ok(["call", "K-0001", "svb", "--outcome", "opgelost", "--contact", "   ", "--question", "  Regel een  \n",
        "--answer", "", "--note", "  eerste regel   \n  tweede regel  "])
    ok(["handover", "K-0001", "wijkteam", "--warm", "--what", "   "])
    ok(["visit", "K-0001", "--minutes", "0", "--note", " \n "])
    assert events()[1:] == [
        call_row(2, FRI, "svb", "opgelost", question="Regel een", note="eerste regel\n  tweede regel"),
        {"id": 3, "kind": "overdracht", "at": stamp(FRI), "to": "wijkteam", "warm": True, "what": None,
         "minutes": None},
        {"id": 4, "kind": "consult", "at": stamp(FRI), "minutes": 0, "note": None},
    ]


# -- call: the promised call-back becomes a follow-up --------------------------------


def test_callback_request_plans_one_followup_in_five_working_days(store: FixedClock) -> None:
    # Fri 23 April + 5 working days, skipping Koningsdag (Tue 27 April): Mon 3 May.
    result = ok(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--question", "Waarom gestopt?"])
    assert result.stdout == ""
    assert result.stderr == ("Gesprek vastgelegd op zaak K-0001.\n"
                             "Terugbelverzoek: opvolging #1 gepland op ma 3 mei 2027.\n")
    assert followups() == [callback_row(1, "UWV", "2027-05-03", "uwv")]
    assert events()[1:] == [
        {"id": 2, "kind": "opvolging-gepland", "at": stamp(FRI), "followup_id": 1,
         "what": "Terugbelverzoek UWV", "due": "2027-05-03", "source": "terugbelverzoek"},
        call_row(3, FRI, "uwv", "terugbelverzoek", question="Waarom gestopt?", followup_id=1),
    ]


def test_callback_request_json_and_answer_names_the_followup(store: FixedClock) -> None:
    result = ok(["call", "K-0001", "cjib", "--outcome", "terug", "--question", "Boete?", "--answer", "Wordt bekeken",
                 "--json"])
    assert result.stdout == '{\n  "event": 3,\n  "followup": 1\n}\n'
    assert result.stderr == ""
    # The call's question and answer stay with the call; the follow-up names only the body.
    assert followups() == [callback_row(1, "CJIB", "2027-05-03", "cjib")]
    assert events()[-1] == call_row(3, FRI, "cjib", "terugbelverzoek", question="Boete?", answer="Wordt bekeken",
                                    followup_id=1)


def test_explicit_callback_date_with_outcome_solved_also_plans_one(store: FixedClock) -> None:
    result = ok(["call", "K-0001", "svb", "--outcome", "opgelost", "--callback", "over 3 werkdagen"])
    assert result.stdout == ""
    assert result.stderr == ("→ do 29 apr 2027\n"
                             "Gesprek vastgelegd op zaak K-0001.\n"
                             "Terugbelverzoek: opvolging #1 gepland op do 29 apr 2027.\n")
    assert followups() == [callback_row(1, "SVB", "2027-04-29", "svb")]
    assert events()[-1] == call_row(3, FRI, "svb", "opgelost", followup_id=1)


def test_callback_request_with_its_own_date_and_time(store: FixedClock) -> None:
    result = ok(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--callback", "vrijdag 14u", "--json"])
    assert json.loads(result.stdout) == {"event": 3, "followup": 1}
    assert result.stderr == "→ vr 30 apr 2027 14:00\n"
    assert followups() == [callback_row(1, "UWV", "2027-04-30", "uwv", "14:00")]
    assert events()[1]["due"] == "2027-04-30 14:00"


def test_plain_solved_call_plans_nothing(store: FixedClock) -> None:
    result = ok(["call", "K-0001", "uwv", "--outcome", "opgelost"])
    assert (result.stdout, result.stderr) == ("", "Gesprek vastgelegd op zaak K-0001.\n")
    result = ok(["call", "K-0001", "uwv", "--outcome", "opgelost", "--json"])
    assert result.stdout == '{\n  "event": 3,\n  "followup": null\n}\n'
    assert followups() == []
    assert kinds() == ["intake", "professionallijn", "professionallijn"]


def test_callback_in_the_past_is_refused_and_nothing_is_stored(store: FixedClock) -> None:
    refused(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--callback", "gisteren"],
            error_line("error.date_in_past", text="2027-04-22"))
    assert followups() == []
    assert events() == [INTAKE_EVENT]


def test_call_at_a_past_moment_sorts_before_its_followup(store: FixedClock) -> None:
    store.set(at(10, 30))
    result = ok(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--at", "vandaag 10u10", "--json"])
    assert json.loads(result.stdout) == {"event": 3, "followup": 1}
    assert result.stderr == "→ vr 23 apr 2027 10:10\n"
    assert [(e["id"], e["kind"], e["at"]) for e in events()] == [
        (1, "intake", "2027-04-23T10:00:00+02:00"),
        (3, "professionallijn", "2027-04-23T10:10:00+02:00"),
        (2, "opvolging-gepland", "2027-04-23T10:30:00+02:00"),
    ]


# -- call: what is refused ---------------------------------------------------------


@pytest.mark.parametrize(("agency", "key", "candidates"), [
    ("xyzzy", "error.vocab_choices.agencies", ", ".join(load(VocabularyName.AGENCIES).codes())),
    ("belas", "error.vocab_ambiguous.agencies", "belastingdienst, belastingen-gemeente"),
])
def test_call_unknown_or_ambiguous_agency(store: FixedClock, agency: str, key: str, candidates: str) -> None:
    refused(["call", "K-0001", agency, "--outcome", "opgelost"], error_line(key, candidates=candidates))
    assert events() == [INTAKE_EVENT]


def test_call_agency_is_checked_before_any_prompt(store: FixedClock, interactive: None) -> None:
    refused(["call", "K-0001", "xyzzy"],
            error_line("error.vocab_choices.agencies", candidates=", ".join(load(VocabularyName.AGENCIES).codes())),
            input="j\n")


@pytest.mark.parametrize("outcome", ["blah", "", "  ", "xyzzy"])
def test_call_bad_outcome_lists_the_choices(store: FixedClock, outcome: str) -> None:
    refused(["call", "K-0001", "uwv", "--outcome", outcome],
            error_line("error.call_outcome", choices=OUTCOMES))
    assert events() == [INTAKE_EVENT]
    assert followups() == []


def test_call_without_outcome_off_a_terminal(store: FixedClock) -> None:
    refused(["call", "K-0001", "uwv", "--minutes", "5"], error_line("error.field_required", field="--outcome"))
    assert events() == [INTAKE_EVENT]


@pytest.mark.parametrize(("flag", "value", "stderr"), [
    ("--minutes", "601", error_line("error.minutes", maximum=600)),
    ("--minutes", "-1", error_line("error.minutes", maximum=600)),
    ("--note", "x" * 4001, error_line("error.field_too_long", field="notitie", limit=4000)),
    ("--at", "morgen", error_line("error.at_in_future")),
])
def test_call_bad_values(store: FixedClock, flag: str, value: str, stderr: str) -> None:
    refused(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", flag, value], stderr)
    assert events() == [INTAKE_EVENT]
    assert followups() == []


# -- call at a terminal --------------------------------------------------------------


def _prompts(*keys: str) -> str:
    labels = {
        "prompt.driegesprek": t("prompt.driegesprek") + " [j/n] (n): ",
        "prompt.outcome": t("prompt.outcome") + f" ({OUTCOMES}): ",
        "prompt.callback": t("prompt.callback") + " (over 5 werkdagen): ",
    }
    return "".join(labels.get(key, t(key) + ": ") for key in keys)


ALL_CALL_PROMPTS = ("prompt.driegesprek", "prompt.contact", "prompt.call_question", "prompt.call_answer",
                    "prompt.outcome", "prompt.minutes", "prompt.reference", "prompt.note")


def test_call_prompts_in_order_and_plans_the_callback(store: FixedClock, interactive: None) -> None:
    answers = ["j", "mw. De Wit", "Waarom gestopt?", "Wordt uitgezocht", "terug", "12", "UWV-778",
               "Bel maandag", ""]  # Enter takes the offered call-back date
    result = ok(["call", "K-0001", "uwv"], input="\n".join(answers) + "\n")
    assert result.stdout == ""
    assert result.stderr == (_prompts(*ALL_CALL_PROMPTS, "prompt.callback")
                             + "→ ma 3 mei 2027\n"
                             + "Gesprek vastgelegd op zaak K-0001.\n"
                             + "Terugbelverzoek: opvolging #1 gepland op ma 3 mei 2027.\n")
    assert events()[-1] == call_row(3, FRI, "uwv", "terugbelverzoek", driegesprek=True, contact_person="mw. De Wit",
                                    question="Waarom gestopt?", answer="Wordt uitgezocht", minutes=12,
                                    reference="UWV-778", note="Bel maandag", followup_id=1)
    assert followups() == [callback_row(1, "UWV", "2027-05-03", "uwv")]


def test_call_prompt_for_a_typed_callback_date(store: FixedClock, interactive: None) -> None:
    result = ok(["call", "K-0001", "svb", "--json"], input="n\n\n\n\nterugbelverzoek\n\n\n\nover 3 werkdagen\n")
    assert json.loads(result.stdout) == {"event": 3, "followup": 1}
    assert result.stderr == _prompts(*ALL_CALL_PROMPTS, "prompt.callback") + "→ do 29 apr 2027\n"
    assert events()[-1] == call_row(3, FRI, "svb", "terugbelverzoek", followup_id=1)
    assert followups() == [callback_row(1, "SVB", "2027-04-29", "svb")]


def test_call_prompts_skip_what_the_flags_gave_and_retry_a_bad_outcome(store: FixedClock,
                                                                      interactive: None) -> None:
    result = ok(["call", "K-0001", "svb", "--zonder-bezoeker", "--contact", "dhr. Bakker", "--minutes", "4",
                 "--note", "kort"], input="\nAOW-vraag\nx\nopgelost\nSVB-1\n")
    assert result.stderr == (_prompts("prompt.call_question", "prompt.call_answer", "prompt.outcome")
                             + error_line("error.call_outcome", choices=OUTCOMES).removeprefix("loket: ")
                             + _prompts("prompt.outcome", "prompt.reference")
                             + "Gesprek vastgelegd op zaak K-0001.\n")
    assert events()[-1] == call_row(2, FRI, "svb", "opgelost", contact_person="dhr. Bakker", answer="AOW-vraag",
                                    minutes=4, reference="SVB-1", note="kort")
    assert followups() == []


@pytest.mark.parametrize(("case", "stderr"), [
    ("K-0009", error_line("error.unknown_case", case="K-0009")),
    ("K-0001", CLOSED),
], ids=["unknown", "closed"])
def test_call_prompts_only_for_a_case_that_can_take_the_call(store: FixedClock, interactive: None, case: str,
                                                             stderr: str) -> None:
    ok(["close", "K-0001", "--result", "opgelost"], input="\n")
    refused(["call", case, "uwv"], stderr, input="j\nmw. De Wit\nvraag\nantwoord\nopgelost\n5\nK-1\nnotitie\n")


# -- note: argument, stdin, $EDITOR ---------------------------------------------------


def test_note_from_the_argument(store: FixedClock) -> None:
    result = ok(["note", "K-0001", "  Bezoeker belt zelf DUO  "])
    assert (result.stdout, result.stderr) == ("", "Notitie toegevoegd aan zaak K-0001.\n")
    assert events()[-1] == {"id": 2, "kind": "notitie", "at": stamp(FRI), "text": "Bezoeker belt zelf DUO"}


def test_note_from_stdin(store: FixedClock) -> None:
    result = ok(["note", "K-0001", "--json"], input="\n  Regel een   \nRegel twee\n\n")
    assert (result.stdout, result.stderr) == ('{\n  "event": 2\n}\n', "")
    assert events()[-1] == {"id": 2, "kind": "notitie", "at": stamp(FRI), "text": "Regel een\nRegel twee"}


@pytest.mark.parametrize(("args", "input"), [
    (["note", "K-0001", ""], None),
    (["note", "K-0001", "  \n\t "], None),
    (["note", "K-0001"], ""),
    (["note", "K-0001"], " \n\n \n"),
])
def test_empty_note_is_refused(store: FixedClock, args: list[str], input: str | None) -> None:
    refused(args, error_line("error.field_required", field="notitie"), input=input)
    assert events() == [INTAKE_EVENT]


class Editor:
    """A fake $EDITOR: a script in tmp_path that records what it was given and
    appends `text` to the draft, then exits with `code`."""

    def __init__(self, tmp_path: Path, text: str, code: int = 0) -> None:
        self.log = tmp_path / "editor-log.json"
        self.script = tmp_path / "fake-editor"
        self.script.write_text(
            f"#!{sys.executable}\n"
            "import json, sys\n"
            "from pathlib import Path\n"
            "draft = Path(sys.argv[1])\n"
            f"Path({str(self.log)!r}).write_text(json.dumps({{'path': str(draft), 'args': len(sys.argv) - 1,\n"
            "    'mode': draft.stat().st_mode & 0o777, 'before': draft.read_text(encoding='utf-8')}))\n"
            "with draft.open('a', encoding='utf-8') as handle:\n"
            f"    handle.write({text!r})\n"
            f"sys.exit({code})\n",
            encoding="utf-8",
        )
        self.script.chmod(0o700)

    @property
    def seen(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.log.read_text(encoding="utf-8"))
        return found


@pytest.fixture
def editor_env(monkeypatch: pytest.MonkeyPatch, interactive: None) -> pytest.MonkeyPatch:
    monkeypatch.delenv("VISUAL", raising=False)
    return monkeypatch


def test_note_from_the_editor_drops_comment_lines(store: FixedClock, tmp_path: Path,
                                                  editor_env: pytest.MonkeyPatch) -> None:
    editor = Editor(tmp_path, "# eigen commentaar\nEerste regel   \n  # ingesprongen telt mee\nTweede regel\n\n")
    editor_env.setenv("EDITOR", str(editor.script))
    result = ok(["note", "K-0001"], input="genegeerd\n")
    assert (result.stdout, result.stderr) == ("", "Notitie toegevoegd aan zaak K-0001.\n")
    assert events()[-1] == {"id": 2, "kind": "notitie", "at": stamp(FRI),
                            "text": "Eerste regel\n  # ingesprongen telt mee\nTweede regel"}
    seen = editor.seen
    assert seen["args"] == 1
    assert seen["before"] == "\n# " + t("note.editor_hint") + "\n"
    assert seen["mode"] == 0o600
    draft = Path(seen["path"])
    assert not draft.exists()
    assert not draft.parent.exists()


def test_visual_wins_over_editor(store: FixedClock, tmp_path: Path, editor_env: pytest.MonkeyPatch) -> None:
    editor = Editor(tmp_path, "Via VISUAL")
    editor_env.setenv("VISUAL", str(editor.script))
    editor_env.setenv("EDITOR", str(tmp_path / "does-not-exist"))
    assert data(["note", "K-0001"]) == {"event": 2}
    assert events()[-1]["text"] == "Via VISUAL"


@pytest.mark.parametrize("text", ["", "# alleen commentaar\n\n   \n#nog meer\n"])
def test_empty_note_from_the_editor_is_refused(store: FixedClock, tmp_path: Path,
                                               editor_env: pytest.MonkeyPatch, text: str) -> None:
    editor = Editor(tmp_path, text)
    editor_env.setenv("EDITOR", str(editor.script))
    refused(["note", "K-0001"], error_line("error.field_required", field="notitie"))
    assert events() == [INTAKE_EVENT]
    assert not Path(editor.seen["path"]).parent.exists()


def test_editor_failing_stores_nothing(store: FixedClock, tmp_path: Path, editor_env: pytest.MonkeyPatch) -> None:
    editor = Editor(tmp_path, "Half getypte notitie", code=1)
    editor_env.setenv("EDITOR", str(editor.script))
    refused(["note", "K-0001"], error_line("error.editor"))
    assert events() == [INTAKE_EVENT]
    draft = Path(editor.seen["path"])
    assert not draft.exists()
    assert not draft.parent.exists()


@pytest.mark.parametrize(("case", "stderr"), [
    ("K-0009", error_line("error.unknown_case", case="K-0009")),
    ("K-0001", CLOSED),
], ids=["unknown", "closed"])
def test_editor_opens_only_for_a_case_that_can_take_the_note(store: FixedClock, tmp_path: Path,
                                                             editor_env: pytest.MonkeyPatch, case: str,
                                                             stderr: str) -> None:
    ok(["close", "K-0001", "--result", "opgelost"], input="\n")
    editor = Editor(tmp_path, "Een lange notitie")
    editor_env.setenv("EDITOR", str(editor.script))
    refused(["note", case], stderr)
    assert not editor.log.exists()


def test_editor_that_cannot_start(store: FixedClock, tmp_path: Path, editor_env: pytest.MonkeyPatch) -> None:
    editor_env.setenv("EDITOR", str(tmp_path / "does-not-exist"))
    refused(["note", "K-0001"], error_line("error.editor"))
    assert events() == [INTAKE_EVENT]


# -- visit ----------------------------------------------------------------------------


def test_visit(store: FixedClock) -> None:
    store.set(at(11))
    result = ok(["visit", "K-0001", "--minutes", "20"])
    assert (result.stdout, result.stderr) == ("", "Consult van 20 minuten vastgelegd op zaak K-0001.\n")
    result = ok(["visit", "K-0001", "--minutes", "10", "--at", "vandaag 10u30", "--note", "Eerder al even binnen"])
    assert result.stderr == "→ vr 23 apr 2027 10:30\nConsult van 10 minuten vastgelegd op zaak K-0001.\n"
    # A moment before the case was opened is refused: the timeline starts at the intake.
    before = run(["visit", "K-0001", "--minutes", "10", "--at", "gisteren 14u"])
    assert (before.exit_code, before.stdout) == (2, "")
    assert before.stderr.endswith(error_line("error.at_before_opened", case="K-0001"))
    case = show_json("K-0001")
    assert case["events"] == [
        INTAKE_EVENT,
        {"id": 3, "kind": "consult", "at": "2027-04-23T10:30:00+02:00", "minutes": 10,
         "note": "Eerder al even binnen"},
        {"id": 2, "kind": "consult", "at": "2027-04-23T11:00:00+02:00", "minutes": 20, "note": None},
    ]
    assert case["total_minutes"] == 55


@pytest.mark.parametrize(("args", "stderr"), [
    # In a script the minutes must be given; at a terminal they are asked (issue 22.3).
    ([], error_line("error.field_required", field="--minutes")),
    (["--minutes", "abc"], "loket: " + t("error.bad_parameter", param="--minutes") + " "
     + t("error.usage_hint", command="loket visit") + "\n"),
    (["--minutes", "601"], error_line("error.minutes", maximum=600)),
    (["--minutes", "-5"], error_line("error.minutes", maximum=600)),
    (["--minutes", "5", "--at", "morgen"], error_line("error.at_in_future")),
    (["--minutes", "5", "--at", "vandaag 10u01"], error_line("error.at_in_future")),  # one minute from now
    (["--minutes", "5", "--at", "onzin"], error_line("error.bad_date")),
])
def test_visit_refused(store: FixedClock, args: list[str], stderr: str) -> None:
    refused(["visit", "K-0001", *args], stderr)
    assert events() == [INTAKE_EVENT]


def test_visit_at_a_terminal_asks_the_minutes_and_what_was_discussed(store: FixedClock, interactive: None) -> None:
    result = ok(["visit", "K-0001"], input="\nveertig\n40\nDUO-brief besproken?\n")
    assert result.stderr.count(t("error.field_required", field="--minutes")) == 1
    assert t("prompt.visit_note") in result.stderr
    assert events()[-1] == {"id": 2, "kind": "consult", "at": stamp(FRI), "minutes": 40,
                            "note": "DUO-brief besproken?"}


def test_a_warm_hand_over_at_a_terminal_asks_what_was_passed_on(store: FixedClock, interactive: None) -> None:
    ok(["handover", "K-0001", "stadsbank", "--warm"], input="Schuldenoverzicht\n")
    ok(["handover", "K-0001", "ind", "--cold"], input="niet gevraagd\n")
    assert [(e["to"], e["what"]) for e in events()[-2:]] == [("stadsbank", "Schuldenoverzicht"), ("ind", None)]


def test_note_without_an_editor_asks_in_a_multi_line_prompt(store: FixedClock, interactive: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Not vi, whose ~/.viminfo keeps deleted lines (issues 22.4, 23.12)."""
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    result = ok(["note", "K-0001"], input="Regel een\n\nRegel drie\n.\nniet meer\n")
    assert result.stderr.startswith(t("prompt.note_lines") + " " + t("prompt.lines_hint") + "\n")
    assert events()[-1]["text"] == "Regel een\n\nRegel drie"


def test_vim_is_started_without_viminfo_and_swap_file() -> None:
    from loketcli.cli.editor import editor_command

    assert editor_command("vim") == ["vim", "-i", "NONE", "-n"]
    assert editor_command("nvim -u NONE") == ["nvim", "-i", "NONE", "-n", "-u", "NONE"]
    assert editor_command("nano") == ["nano"]
    assert editor_command("/opt/bin/vim.basic") == ["/opt/bin/vim.basic", "-i", "NONE", "-n"]


# -- handover ---------------------------------------------------------------------------


def test_handover_warm_and_cold(store: FixedClock) -> None:
    result = ok(["handover", "K-0001", "stadsbank", "--warm", "--what", "Schulddossier", "--minutes", "15"])
    assert (result.stdout, result.stderr) == ("", "Warme overdracht vastgelegd op zaak K-0001.\n")
    result = ok(["handover", "K-0001", "juridisch loket", "--cold"])
    assert (result.stdout, result.stderr) == ("", "Overdracht vastgelegd op zaak K-0001.\n")
    case = show_json("K-0001")
    assert case["events"][1:] == [
        {"id": 2, "kind": "overdracht", "at": stamp(FRI), "to": "stadsbank", "warm": True, "what": "Schulddossier",
         "minutes": 15},
        {"id": 3, "kind": "overdracht", "at": stamp(FRI), "to": "juridisch-loket", "warm": False, "what": None,
         "minutes": None},
    ]
    assert (case["total_minutes"], case["agencies_involved"], case["calls_per_agency"]) == (
        40, ["toeslagen", "stadsbank", "juridisch-loket"], {})


@pytest.mark.parametrize(("args", "stderr"), [
    (["stadsbank"], error_line("error.warm_or_cold")),
    (["stadsbank", "--what", "dossier"], error_line("error.warm_or_cold")),
    (["xyzzy", "--warm"],
     error_line("error.vocab_choices.agencies", candidates=", ".join(load(VocabularyName.AGENCIES).codes()))),
    (["stadsbank", "--cold", "--minutes", "601"], error_line("error.minutes", maximum=600)),
])
def test_handover_refused(store: FixedClock, args: list[str], stderr: str) -> None:
    refused(["handover", "K-0001", *args], stderr)
    assert events() == [INTAKE_EVENT]


# -- a closed case takes nothing new unless reopened ------------------------------------------

NEW_CONTACTS = [
    (["call", "K-0001", "uwv", "--outcome", "opgelost"], ["professionallijn"]),
    (["call", "K-0001", "uwv", "--outcome", "terugbelverzoek"], ["opvolging-gepland", "professionallijn"]),
    (["note", "K-0001", "Nog een notitie"], ["notitie"]),
    (["visit", "K-0001", "--minutes", "10"], ["consult"]),
    (["handover", "K-0001", "wijkteam", "--warm"], ["overdracht"]),
]


@pytest.mark.parametrize(("args", "added"), NEW_CONTACTS)
def test_closed_case_refuses_new_contacts_without_reopen(store: FixedClock, args: list[str],
                                                         added: list[str]) -> None:
    ok(["close", "K-0001", "--result", "opgelost"], input="\n")
    before = show_json("K-0001")
    refused(args, CLOSED)
    assert show_json("K-0001") == before
    assert before["status"] == "gesloten"
    assert followups() == []


@pytest.mark.parametrize(("args", "added"), NEW_CONTACTS)
def test_reopen_flag_reopens_and_then_records(store: FixedClock, args: list[str], added: list[str]) -> None:
    ok(["close", "K-0001", "--result", "opgelost"], input="\n")
    store.set(at(11))
    result = ok([*args, "--reopen"])
    assert "loket:" not in result.stderr
    case = show_json("K-0001")
    assert (case["status"], case["closed_at"]) == ("open", None)
    assert [(e["kind"], e["at"]) for e in case["events"]] == [
        ("intake", stamp(FRI)), ("gesloten", stamp(FRI)), ("heropend", stamp(at(11))),
        *[(kind, stamp(at(11))) for kind in added],
    ]
    assert len(followups()) == ("opvolging-gepland" in added)


@pytest.mark.parametrize(("args", "added"), NEW_CONTACTS[:1] + NEW_CONTACTS[2:])
def test_reopen_flag_on_an_open_case_changes_nothing_else(store: FixedClock, args: list[str],
                                                          added: list[str]) -> None:
    ok([*args, "--reopen"])
    assert kinds() == ["intake", *added]


def test_reopen_an_open_case_is_refused(store: FixedClock) -> None:
    refused(["reopen", "K-0001"], error_line("error.case_already_open", case="K-0001"))
    ok(["close", "K-0001", "--result", "opgelost"], input="\n")
    result = ok(["reopen", "K-0001"])
    assert (result.stdout, result.stderr) == ("", "Zaak K-0001 heropend.\n")
    refused(["reopen", "K-0001"], error_line("error.case_already_open", case="K-0001"))
    assert kinds() == ["intake", "gesloten", "heropend"]


@pytest.mark.parametrize("args", [
    ["call", "K-0009", "uwv", "--outcome", "opgelost"],
    ["note", "K-0009", "tekst"],
    ["visit", "K-0009", "--minutes", "5"],
    ["handover", "K-0009", "wijkteam", "--warm"],
    ["edit", "K-0009", "--phone", "06-12345678"],
])
def test_unknown_case(store: FixedClock, args: list[str]) -> None:
    refused(args, error_line("error.unknown_case", case="K-0009"))


# -- edit -------------------------------------------------------------------------------------

EDIT_BASE = ["--name", "Testpersoon Een", "--question", "Brief niet begrepen", "--channel", "balie",
             "--referred-by", "huisarts", "--life-event", "schulden", "--agency", "toeslagen", "--digid", "heeft",
             "--consent-contact", "--minutes", "25", "--phone", "06-12345678", "--email", "een@example.org",
             "--bsn", "123456782", "--language", "Pools", "--companion", "tolk"]


@pytest.mark.parametrize(("flags", "field", "before", "after", "where", "value"), [
    (["--name", "Testpersoon Twee"], "name", "Testpersoon Een", "Testpersoon Twee",
     ("visitor", "name"), "Testpersoon Twee"),
    (["--question", "  Uitkering   gestopt "], "question", "Brief niet begrepen", "Uitkering gestopt",
     ("intake", "question"), "Uitkering gestopt"),
    (["--channel", "tel"], "channel", "balie", "telefoon", ("intake", "channel"), "telefoon"),
    (["--referred-by", "website"], "referred_by", "huisarts", "website", ("intake", "referred_by"), "website"),
    (["--life-event", "ziekte", "--life-event", "scheiding"], "life_events", "schulden", "ziekte, scheiding",
     ("intake", "life_events"), ["ziekte", "scheiding"]),
    (["--agency", "uwv,svb"], "agencies", "toeslagen", "uwv, svb", ("intake", "agencies"), ["uwv", "svb"]),
    (["--digid", "geen"], "digid", "heeft", "geen", ("visitor", "digid"), "geen"),
    (["--consent-record"], "consent_record", "False", "True", ("intake", "consent"),
     {"contact_bodies": True, "record_data": True}),
    (["--no-consent-contact"], "consent_contact", "True", "False", ("intake", "consent"),
     {"contact_bodies": False, "record_data": False}),
    (["--minutes", "30"], "minutes", "25", "30", ("intake", "minutes"), 30),
    # Phone numbers are stored as the numbering plan writes them.
    (["--phone", "06-87654321"], "phone", "06 12345678", "06 87654321", ("visitor", "phone"), "06 87654321"),
    (["--phone", ""], "phone", "06 12345678", "", ("visitor", "phone"), None),
    (["--email", "twee@example.org"], "email", "een@example.org", "twee@example.org", ("visitor", "email"),
     "twee@example.org"),
    (["--email", ""], "email", "een@example.org", "", ("visitor", "email"), None),
    # The timeline is shown without --bsn: a corrected BSN stays masked in before/after too.
    (["--bsn", "111222333"], "bsn", "*****6782", "*****2333", ("visitor", "bsn"), "*****2333"),
    (["--language", "Arabisch"], "language", "Pools", "Arabisch", ("visitor", "language"), "Arabisch"),
    (["--language", ""], "language", "Pools", "", ("visitor", "language"), None),
    (["--companion", "familie"], "companion", "tolk", "familie", ("visitor", "companion"), "familie"),
])
def test_edit_each_field(clock: FixedClock, flags: list[str], field: str, before: str, after: str,
                         where: tuple[str, str], value: object) -> None:
    init_store()
    ok(["intake", *EDIT_BASE])
    clock.set(at(11))
    result = ok(["edit", "K-0001", *flags])
    # `tel` is read as a channel other than typed, and echoed as such.
    echoed = "→ Telefonisch\n" if field == "channel" else ""
    assert (result.stdout, result.stderr) == ("", f"{echoed}Zaak K-0001 gecorrigeerd: {field}.\n")
    case = show_json("K-0001")
    assert case[where[0]][where[1]] == value
    assert case["events"][-1] == {"id": 2, "kind": "correctie", "at": stamp(at(11)), "fields": [field],
                                  "before": [before], "after": [after]}


def test_edit_several_fields_in_one_correction(store: FixedClock) -> None:
    assert data(["edit", "K-0001", "--question", "Nieuwe vraag", "--phone", "06-12345678", "--name", "T. Een"]) == {
        "changed": ["name", "phone", "question"]}
    assert events()[-1] == {"id": 2, "kind": "correctie", "at": stamp(FRI), "fields": ["name", "phone", "question"],
                            "before": ["Testpersoon Een", "", "Brief niet begrepen"],
                            "after": ["T. Een", "06 12345678", "Nieuwe vraag"]}


@pytest.mark.parametrize(("flags", "stderr"), [
    (["--email", "geen-adres"], error_line("error.email")),
    (["--bsn", "123456789"], error_line("error.bsn_elfproef")),
    (["--bsn", "12345"], error_line("error.bsn_format")),
    (["--phone", "x"], error_line("error.phone")),
    (["--name", ""], error_line("error.field_required", field="naam")),
    (["--minutes", "601"], error_line("error.minutes", maximum=600)),
    (["--phone", "06-87654321", "--email", "geen-adres"], error_line("error.email")),
])
def test_edit_invalid_value_changes_nothing(store: FixedClock, flags: list[str], stderr: str) -> None:
    before = show_json("K-0001")
    refused(["edit", "K-0001", *flags], stderr)
    assert show_json("K-0001") == before


def test_edit_without_change_adds_no_event(clock: FixedClock) -> None:
    init_store()
    ok(["intake", *EDIT_BASE])
    result = ok(["edit", "K-0001", "--phone", "06-12345678", "--channel", "Balie"])
    assert (result.stdout, result.stderr) == ("", "Zaak K-0001: niets veranderd.\n")
    assert data(["edit", "K-0001", "--question", " Brief  niet begrepen "]) == {"changed": []}
    assert kinds() == ["intake"]


def test_edit_without_flags_off_a_terminal(store: FixedClock) -> None:
    refused(["edit", "K-0001"], error_line("error.edit_nothing"))
    assert kinds() == ["intake"]


def test_edit_at_a_terminal_audits_showing_the_current_values(store: FixedClock, interactive: None) -> None:
    trail = data(["audit"])
    # Enter keeps each value: nothing to correct, but the current values were shown.
    unchanged = run(["edit", "K-0001"], input="\n" * 6)
    assert (unchanged.exit_code, unchanged.stdout) == (2, "")
    assert unchanged.stderr.endswith(error_line("error.edit_nothing"))
    assert kinds() == ["intake"]
    store.set(at(11))
    ok(["edit", "K-0001"], input="\nUitkering gestopt\n\n\n\n\n")
    assert events()[-1] == {"id": 2, "kind": "correctie", "at": stamp(at(11)), "fields": ["question"],
                            "before": ["Brief niet begrepen"], "after": ["Uitkering gestopt"]}
    # show_json("K-0001") above is audited too; only the edit entries are looked at here.
    edits = [(e["command"], e["cases"], e["detail"], e["at"]) for e in data(["audit"])[len(trail):]
             if e["command"] == "edit"]
    assert edits == [("edit", ["K-0001"], "shown", stamp(FRI)), ("edit", ["K-0001"], "shown", stamp(at(11))),
                     ("edit", ["K-0001"], "question", stamp(at(11)))]


def test_edit_at_a_terminal_gives_the_minutes_asking_again_after_a_slip(store: FixedClock, interactive: None) -> None:
    """Minutes are not asked at the intake; edit's prompts take them (issue 22.3)."""
    result = ok(["edit", "K-0001"], input="\n\n\n\n\nveel\n30\n")
    assert result.stderr.count(t("error.minutes", maximum=600)) == 1
    assert show_json("K-0001")["intake"]["minutes"] == 30


def test_corrected_intake_minutes_count_in_total_minutes(store: FixedClock) -> None:
    ok(["visit", "K-0001", "--minutes", "10"])
    ok(["edit", "K-0001", "--minutes", "40"])
    case = show_json("K-0001")
    assert case["intake"]["minutes"] == 40
    assert case["total_minutes"] == 50


# -- find ---------------------------------------------------------------------------------------


@pytest.fixture
def findable(clock: FixedClock) -> FixedClock:
    """Three cases; every free-text field holds a word found nowhere else."""
    init_store()
    assert intake("Ĳsbrand Ĳsselmeer", "--phone", "06-29887766", "--email", "kwikstaart@example.org",
                  "--bsn", "123456782", "--agency", "toeslagen", "--minutes", "25",
                  question="Brief over de huurtoeslag begrepen") == "K-0001"
    ok(["note", "K-0001", "Café Zonnebloem gebeld"])
    ok(["note", "K-0001", "Dossier compleet"])
    ok(["call", "K-0001", "uwv", "--outcome", "opgelost", "--contact", "mw. Pietersen",
        "--question", "Hoe zit het met de wachtwoordvraag", "--answer", "Antwoord komt per post",
        "--reference", "KEN-4711", "--note", "Geduldig gebleven"])
    ok(["handover", "K-0001", "stadsbank", "--warm", "--what", "Schulddossier meegegeven"])
    ok(["visit", "K-0001", "--minutes", "10", "--note", "Vervolgafspraak ingepland"])
    ok(["followup", "add", "K-0001", "Loonstroken meenemen", "--due", "over 5 werkdagen"])
    clock.set(at(11))
    assert intake("Testpersoon Twee", "--bsn", "111222333", question="Kinderbijslag gestopt",
                  channel="telefoon") == "K-0002"
    ok(["note", "K-0002", "cafe zonder accent"])
    clock.set(at(11, 30))
    assert intake("Testpersoon Drie", question="Huurtoeslag terugbetalen") == "K-0003"
    ok(["note", "K-0003", "Brief meegenomen"])
    return clock


INDEXED = t("find.indexed") + "\n"
SCANNED = t("find.scanned") + "\n"


def found(text: str, *extra: str) -> list[tuple[str, list[str]]]:
    result = ok(["find", text, "--json", *extra])
    # Which search ran (issue 14): tests/cli/test_search_index.py pins which one when.
    assert result.stderr in (INDEXED, SCANNED)
    return [(hit["id"], hit["matched"]) for hit in json.loads(result.stdout)]


@pytest.mark.parametrize(("text", "hits"), [
    ("Ĳsselmeer", [("K-0001", ["naam"])]),
    ("ijsselmeer", [("K-0001", ["naam"])]),
    ("IJSBRAND", [("K-0001", ["naam"])]),
    ("  ĳsbrand   ĳsselmeer ", [("K-0001", ["naam"])]),
    ("06-2988", [("K-0001", ["telefoon"])]),
    ("2988 7766", [("K-0001", ["telefoon"])]),  # digits, whatever the grouping
    ("KWIKSTAART@example", [("K-0001", ["e-mail"])]),
    ("4567", [("K-0001", ["bsn"])]),
    ("1234.56.782", [("K-0001", ["bsn"])]),
    ("2223", [("K-0002", ["bsn"])]),
    ("huurtoeslag begrepen", [("K-0001", ["vraag"])]),
    ("zonnebloem", [("K-0001", ["notitie"])]),
    ("pietersen", [("K-0001", ["professionallijn"])]),
    ("wachtwoordvraag", [("K-0001", ["professionallijn"])]),
    ("per post", [("K-0001", ["professionallijn"])]),
    ("ken-4711", [("K-0001", ["professionallijn"])]),
    ("geduldig", [("K-0001", ["professionallijn"])]),
    ("schulddossier", [("K-0001", ["overdracht"])]),
    ("vervolgafspraak", [("K-0001", ["consult"])]),
    ("LOONSTROKEN", [("K-0001", ["opvolging-gepland"])]),
    ("dossier", [("K-0001", ["notitie", "overdracht"])]),
    # accent-insensitive both ways, newest case first
    ("café", [("K-0002", ["notitie"]), ("K-0001", ["notitie"])]),
    ("CAFE", [("K-0002", ["notitie"]), ("K-0001", ["notitie"])]),
    ("huurtoeslag", [("K-0003", ["vraag"]), ("K-0001", ["vraag"])]),
    ("brief", [("K-0003", ["notitie"]), ("K-0001", ["vraag"])]),
    ("testpersoon", [("K-0003", ["naam"]), ("K-0002", ["naam"])]),
])
def test_find_matches(findable: FixedClock, text: str, hits: list[tuple[str, list[str]]]) -> None:
    assert found(text) == hits


@pytest.mark.parametrize("text", [
    # vocabulary codes and labels: channel, agencies, hand-over target, outcome, DigiD, companion
    "balie", "telefoon", "toeslagen", "uwv", "stadsbank", "opgelost", "onbekend",
    # JSON keys and event kinds of the sealed payloads
    "question", "answer", "contact_person", "text", "what", "visitor", "professionallijn", "notitie", "null",
    "false", '"v":1', "followup_id",
    # digits of the clear parts of a payload, and too few digits for the BSN
    "2027-05", "456",
])
def test_find_searches_free_text_only(findable: FixedClock, text: str) -> None:
    assert found(text) == []


def test_find_json_rows_and_text_output(findable: FixedClock) -> None:
    result = ok(["find", "zonnebloem", "--json"])
    assert json.loads(result.stdout) == [
        {"id": "K-0001", "status": "open", "opened_at": "2027-04-23T10:00:00+02:00", "visitor": "Ĳ.Ĳ.",
         "matched": ["notitie"]},
    ]
    assert json.loads(ok(["find", "zonnebloem", "--json", "--names"]).stdout)[0]["visitor"] == "Ĳsbrand Ĳsselmeer"
    result = ok(["find", "testpersoon"])
    assert result.stderr == INDEXED
    assert [line.split() for line in result.stdout.splitlines()] == [
        ["Zaak", "Geopend", "Status", "Bezoeker", "Gevonden", "in"],
        ["K-0003", "23-04-2027", "open", "T.D.", "naam"],
        ["K-0002", "23-04-2027", "open", "T.T.", "naam"],
    ]
    result = ok(["find", "niet-te-vinden"])
    assert (result.stdout, result.stderr) == ("", SCANNED + "Niets gevonden.\n")
    result = ok(["find", "niet-te-vinden", "--json"])
    assert (result.stdout, result.stderr) == ("[]\n", SCANNED)


def test_find_limit(findable: FixedClock) -> None:
    more = INDEXED + "1 van 2 gevonden zaken getoond (nieuwste eerst); --limit 0 toont alles.\n"
    result = ok(["find", "testpersoon", "--limit", "1", "--json"])
    assert [hit["id"] for hit in json.loads(result.stdout)] == ["K-0003"]
    assert result.stderr == more
    result = ok(["find", "testpersoon", "--limit", "1"])
    assert "K-0003" in result.stdout and "K-0002" not in result.stdout
    assert result.stderr == more
    assert found("testpersoon", "--limit", "0") == [("K-0003", ["naam"]), ("K-0002", ["naam"])]
    assert found("testpersoon", "--limit", "2") == [("K-0003", ["naam"]), ("K-0002", ["naam"])]
    refused(["find", "testpersoon", "--limit", "-1"],
            "loket: " + t("error.bad_parameter", param="--limit") + " " + t("error.usage_hint", command="loket find")
            + "\n")


@pytest.mark.parametrize("text", ["a", "  a  ", "", "é", " \t "])
def test_find_too_short(store: FixedClock, text: str) -> None:
    refused(["find", text], error_line("error.find_too_short"))


def _printable_windows(blob: bytes, size: int) -> Iterator[str]:
    for start in range(13, len(blob) - 16 - size):  # the ciphertext, past version byte and nonce
        window = blob[start:start + size]
        text = window.decode("latin-1")
        if all(0x21 <= b <= 0x7E or 0xA1 <= b <= 0xFF for b in window) and not text.startswith("-") \
                and not any(c.isdigit() for c in _fold(text)):
            yield text


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_find_never_matches_ciphertext(findable: FixedClock, db_path: Path) -> None:
    everything = "".join(json.dumps(show_json(case), ensure_ascii=False) for case in ("K-0001", "K-0002", "K-0003"))
    plain = _fold(everything)
    conn = sqlite3.connect(db_path)
    try:
        blobs = [row[0] for row in conn.execute("SELECT payload FROM cases UNION ALL SELECT payload FROM events")]
    finally:
        conn.close()
    needles: list[str] = []
    for blob in blobs:
        for window in _printable_windows(blob, 5):
            if _fold(window) not in plain:
                needles.append(window)
                break
        if len(needles) >= 8:
            break
    assert len(needles) == 8
    for needle in needles:
        assert found(needle) == [], needle


@pytest.mark.parametrize("text", ['"morgen"', 'zei "morgen', "C:\\map"])
def test_find_text_with_quotes_or_backslashes(store: FixedClock, text: str) -> None:
    ok(["note", "K-0001", 'Bezoeker zei "morgen" en bewaart het in C:\\map'])
    assert found(text) == [("K-0001", ["notitie"])]


@pytest.mark.parametrize("text", ["huur  achterstand", "zelf DUO"])
def test_find_is_whitespace_insensitive_both_ways(store: FixedClock, text: str) -> None:
    ok(["note", "K-0001", "Huur  achterstand; bezoeker belt zelf\nDUO"])
    assert found(text) == [("K-0001", ["notitie"])]


@pytest.mark.parametrize("text", ["uwv", "terugbelverzoek"])
def test_find_does_not_match_generated_callback_text(store: FixedClock, text: str) -> None:
    ok(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek"])
    assert found(text) == []


# -- nothing typed reaches the disk in clear --------------------------------------------------------

SECRETS = ["Vlinderman", "Zonnekoning", "Kwikstaartlaan", "Wachtwoordvraag", "Ochtendbericht", "Rozenbottel",
           "Schulddossier", "Kaartenhuis", "Bladwijzer", "Meidoornhaag", "Duinroosje", "Ijzerhard",
           "Zeeforel", "06 12398765", "111222333"]


def _store_files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir()) if p.is_file()}


def _assert_no_secrets(files: dict[str, bytes]) -> None:
    for name, content in files.items():
        lowered = content.lower()
        for secret in SECRETS:
            for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                assert encoded.lower() not in lowered, (name, secret)


def test_free_text_never_reaches_the_disk_in_clear(clock: FixedClock, db_path: Path) -> None:
    init_store()
    gc.collect()
    # A reader holding a snapshot keeps every later commit in the WAL.
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM meta").fetchone()
        ok(["intake", "--name", "Zora Vlinderman", "--question", "Brief van de Zonnekoning", "--channel", "balie",
            "--email", "zora@kwikstaartlaan.example", "--phone", "06-12398765", "--bsn", "111222333",
            "--language", "Zeeforel"])
        ok(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--contact", "mw. Rozenbottel",
            "--question", "Wachtwoordvraag vergeten", "--answer", "Ochtendbericht volgt", "--reference",
            "Kaartenhuis-1", "--note", "Bladwijzer gelegd"])
        ok(["note", "K-0001", "Meidoornhaag gesnoeid"])
        ok(["visit", "K-0001", "--minutes", "5", "--note", "Duinroosje geplukt"])
        ok(["handover", "K-0001", "stadsbank", "--warm", "--what", "Schulddossier overgedragen"])
        ok(["edit", "K-0001", "--language", "Ijzerhard"])
        shown = json.dumps(show_json("K-0001"), ensure_ascii=False).lower()
        assert [s for s in SECRETS if s.lower() not in shown] == ["111222333"]  # only the BSN is masked
        gc.collect()
        files = _store_files(db_path)
        assert set(files) == {"loket.db", "loket.db-wal", "loket.db-shm"}
        # the WAL really holds this session's writes (event kinds are in clear), sealed
        assert b"professionallijn" in files["loket.db-wal"] and b"overdracht" in files["loket.db-wal"]
        _assert_no_secrets(files)
        assert holder.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        holder.execute("COMMIT")
    finally:
        holder.close()
    gc.collect()
    files = _store_files(db_path)
    assert b"overdracht" in files["loket.db"]  # checkpointed into the main file
    _assert_no_secrets(files)
    assert oct(stat.S_IMODE(os.stat(db_path).st_mode)) == oct(0o600)


def test_corrected_bsn_stays_masked_on_the_timeline(store: FixedClock) -> None:
    ok(["edit", "K-0001", "--bsn", "123456782"])
    store.set(at(11))
    ok(["edit", "K-0001", "--bsn", "1112.22.333"])
    store.set(at(12))
    ok(["edit", "K-0001", "--bsn", ""])
    assert events()[1:] == [
        {"id": 2, "kind": "correctie", "at": stamp(FRI), "fields": ["bsn"], "before": [""], "after": ["*****6782"]},
        {"id": 3, "kind": "correctie", "at": stamp(at(11)), "fields": ["bsn"], "before": ["*****6782"],
         "after": ["*****2333"]},
        {"id": 4, "kind": "correctie", "at": stamp(at(12)), "fields": ["bsn"], "before": ["*****2333"],
         "after": [""]},
    ]
    # Even shown with --bsn, the timeline holds no full number: only the case's own field is revealed.
    ok(["edit", "K-0001", "--bsn", "111222333"])
    revealed = ok(["show", "K-0001", "--bsn", "--json"]).stdout
    assert json.loads(revealed)["visitor"]["bsn"] == "111222333"
    assert revealed.count("111222333") == 1
    assert "123456782" not in revealed


# -- nothing typed is lost (issue 22.1) ------------------------------------------------


@pytest.mark.parametrize("flag", [["--callback", "blabla"], ["--callback", "31-02"], ["--minutes", "601"],
                                  ["--at", "morgen"]])
def test_call_flags_are_checked_before_the_first_prompt(store: FixedClock, interactive: None,
                                                         flag: list[str]) -> None:
    result = run(["call", "K-0001", "uwv", *flag], input="j\nmw. De Wit\nvraag\nantwoord\nterugbelverzoek\n5\n\n\n\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert t("prompt.driegesprek") not in result.stderr  # not one question was asked
    assert events() == [INTAKE_EVENT]


def test_call_a_wrong_callback_date_at_the_prompt_is_asked_again(store: FixedClock, interactive: None) -> None:
    answers = ["", "", "", "", "terugbelverzoek", "", "", "", "31-02", "blabla", "over 3 werkdagen"]
    result = ok(["call", "K-0001", "svb", "--json"], input="\n".join(answers) + "\n")
    assert json.loads(result.stdout) == {"event": 3, "followup": 1}
    assert result.stderr == (_prompts(*ALL_CALL_PROMPTS, "prompt.callback")
                             + t("error.date_not_exist", text="31-02") + "\n" + _prompts("prompt.callback")
                             + t("error.bad_date", text="blabla") + "\n" + _prompts("prompt.callback")
                             + "→ do 29 apr 2027\n")
    assert followups() == [callback_row(1, "SVB", "2027-04-29", "svb")]


def test_call_driegesprek_prompt_defaults_to_no_as_the_flags_do(store: FixedClock, interactive: None) -> None:
    ok(["call", "K-0001", "svb"], input="\n\n\n\nopgelost\n\n\n\n")
    ok(["call", "K-0001", "svb", "--outcome", "opgelost"])
    assert [e["driegesprek"] for e in events()[-2:]] == [False, False]
