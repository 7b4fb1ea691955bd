"""Every mistake can be corrected, and the record stays honest (issue 11, section 2):
`retract`, `move`, `followup cancel`, `satisfaction`, and `close` with open
follow-ups. Through the real root group in-process, the clock fixed in November
2026 (Dutch winter time). All data is synthetic; 123456782 passes the elfproef
and belongs to nobody."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import (
    FULL_INTAKE,
    TEST_KDF_ARGS,
    FixedClock,
    data,
    error_line,
    fixed_clock,
    ok,
    run,
    show_json,
)

import loketcli.cli.prompts
import loketcli.domain.clock
from loketcli.cli import personal_input
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.i18n import set_language
from loketcli.storage import schema


def at(day: int, hh: int, mm: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hh, mm, tzinfo=LOCAL_ZONE)


SECOND_INTAKE = ["--name", "Testpersoon Twee", "--question", "Vraag over de WW", "--channel", "telefoon",
                 "--digid", "geen", "--minutes", "10"]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    return fixed_clock(monkeypatch, at(2, 10))


@pytest.fixture(autouse=True)
def not_interactive(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: False)
    yield
    set_language(None)  # `summary --lang en` must not leak into the next test


def refused(args: Sequence[str], stderr: str, *, input: str | None = None) -> None:
    result = run(args, input=input)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def event(case: dict[str, Any], event_id: int) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in case["events"] if e["id"] == event_id)
    return found


@pytest.fixture
def store(clock: FixedClock) -> FixedClock:
    """K-0001 (intake, event 1) and K-0002 (event 2); at 10:30 a UWV call promising
    a call-back (follow-up #1, planned as event 3, the call event 4) and a CJIB
    call (event 5) on K-0001."""
    ok(["init", *TEST_KDF_ARGS])
    assert ok(["intake", *FULL_INTAKE]).stdout == "K-0001\n"
    assert ok(["intake", *SECOND_INTAKE]).stdout == "K-0002\n"
    clock.set(at(2, 10, 30))
    assert data(["call", "K-0001", "uwv", "--outcome", "terugbelverzoek", "--minutes", "12",
                 "--question", "Waarom is de WW gestopt?"]) == {"event": 4, "followup": 1}
    assert data(["call", "K-0001", "cjib", "--outcome", "opgelost", "--minutes", "5"]) == {"event": 5,
                                                                                          "followup": None}
    clock.set(at(2, 11))
    return clock


def stats(month: str = "2026-11") -> dict[str, Any]:
    found: dict[str, Any] = json.loads(ok(["stats", "--month", month, "--format", "json"]).stdout)
    return found


def audit_last(command: str) -> dict[str, Any]:
    entries: list[dict[str, Any]] = data(["audit"])
    return [e for e in entries if e["command"] == command][-1]


# -- retract ---------------------------------------------------------------------------------


def test_retract_marks_the_call_and_cancels_its_callback(store: FixedClock) -> None:
    result = ok(["retract", "K-0001", "4", "--why", "Op de verkeerde dag gelogd"])
    assert (result.stdout, result.stderr) == ("", "Regel nr 4 van zaak K-0001 ingetrokken.\n"
                                                  "Terugbelverzoek #1 van dat gesprek geannuleerd.\n")
    case = show_json("K-0001")
    # The entry itself is untouched, and says when and why it was withdrawn.
    assert event(case, 4) == {
        "id": 4, "kind": "professionallijn", "at": "2026-11-02T10:30:00+01:00", "agency": "uwv",
        "outcome": "terugbelverzoek", "driegesprek": False, "contact_person": None,
        "question": "Waarom is de WW gestopt?", "answer": None, "minutes": 12, "reference": None, "note": None,
        "followup_id": 1,
        "withdrawn": {"at": "2026-11-02T11:00:00+01:00", "by_event": 6, "reason": "Op de verkeerde dag gelogd",
                      "moved_to": None},
    }
    assert case["events"][-2:] == [
        {"id": 6, "kind": "ingetrokken", "at": "2026-11-02T11:00:00+01:00", "event_id": 4,
         "target_kind": "professionallijn", "reason": "Op de verkeerde dag gelogd", "moved_to": None},
        {"id": 7, "kind": "opvolging-geannuleerd", "at": "2026-11-02T11:00:00+01:00", "followup_id": 1,
         "cause": "gesprek-ingetrokken", "reason": None, "event_id": 4},
    ]
    # It counts nowhere on the case.
    assert case["calls_per_agency"] == {"cjib": 1}
    assert case["total_minutes"] == 25 + 5
    assert case["agencies_involved"] == ["toeslagen", "belastingdienst", "cjib"]
    assert [(f["id"], f["status"], f["cancelled_at"]) for f in case["followups"]] == [
        (1, "geannuleerd", "2026-11-02T11:00:00+01:00")]
    # The promise is gone from today and the agenda.
    assert data(["agenda", "--all"])["upcoming"] == []
    today = data(["today", "--days", "10"])
    assert (today["overdue"], today["today_due"], today["upcoming"]) == ([], [], [])
    entry = audit_last("retract")
    assert (entry["cases"], entry["detail"]) == (["K-0001"], "4 professionallijn")

    panel = ok(["show", "K-0001"]).stdout
    lines = [" ".join(line.strip("│ ").split()) for line in panel.splitlines()]
    assert "4 02-11-2026 10:30 [ingetrokken] ☎ Professionallijn UWV: terugbelverzoek" in lines
    assert "ingetrokken op 02-11-2026 11:00: Op de verkeerde dag gelogd" in lines
    assert "6 02-11-2026 11:00 ✗ Ingetrokken nr 4 (Professionallijn)" in lines
    assert "7 02-11-2026 11:00 ⊘ Opvolging geannuleerd #1 (gesprek nr 4 ingetrokken)" in lines
    assert "Open opvolgingen" not in panel


def test_withdrawn_call_is_not_in_the_summaries(store: FixedClock) -> None:
    ok(["retract", "K-0001", "4", "--why", "Dubbel"])
    summary = json.loads(ok(["summary", "K-0001", "--format", "json"]).stdout)
    assert summary["calls"] == 1
    assert [t["agency"] for t in summary["threads"]] == ["toeslagen", "belastingdienst", "cjib"]
    assert summary["open_followups"] == []
    assert summary["withdrawn"] == [{"event": 4, "kind": "professionallijn", "at": "2026-11-02T10:30:00+01:00",
                                     "moved_to": None}]
    text = ok(["summary", "K-0001"]).stdout
    assert text.endswith("Ingetrokken (telt niet mee)\n  - nr 4 (Professionallijn)\n")
    assert "UWV" not in text.replace("nr 4 (Professionallijn)", "")
    for lang in ("nl", "en"):
        sheet = ok(["summary", "K-0001", "--for-visitor", "--lang", lang]).stdout
        assert "UWV" not in sheet
        assert "gestopt" not in sheet


def test_withdrawn_entries_in_export_and_inzage(store: FixedClock, tmp_path: Path) -> None:
    ok(["retract", "K-0001", "4", "--why", "Dubbel"])
    export = json.loads(ok(["export", "--day", "2026-11-02", "--format", "json"]).stdout)
    assert [(r["time"], r["case"], r["kind"], r["agency"], r["outcome"]) for r in export["rows"]] == [
        ("2026-11-02T10:00:00+01:00", "K-0001", "intake", "toeslagen, belastingdienst", None),
        ("2026-11-02T10:00:00+01:00", "K-0002", "intake", None, None),
        ("2026-11-02T10:30:00+01:00", "K-0001", "professionallijn", "cjib", "opgelost"),
        ("2026-11-02T11:00:00+01:00", "K-0001", "ingetrokken", None, "professionallijn"),
        ("2026-11-02T11:00:00+01:00", "K-0001", "opvolging-geannuleerd", None, "gesprek-ingetrokken"),
    ]
    out = tmp_path / "inzage.md"
    ok(["inzage", "K-0001", "-o", str(out)])
    text = out.read_text(encoding="utf-8")
    # Markdown: brackets escaped (issue 23), shown as [ingetrokken] where the file is rendered.
    assert "\\[ingetrokken\\] ☎ Professionallijn UWV: terugbelverzoek" in text
    assert "ingetrokken op 02-11-2026 11:00: Dubbel" in text
    assert "- #1 2026-11-09 (geannuleerd): Terugbelverzoek UWV" in text


def test_retract_reason_from_stdin_and_required(store: FixedClock) -> None:
    ok(["retract", "K-0001", "5"], input="  Twee keer vastgelegd \n")
    assert event(show_json("K-0001"), 6)["reason"] == "Twee keer vastgelegd"
    refused(["retract", "K-0001", "4"], error_line("error.field_required", field="reden"), input="")
    assert [e["id"] for e in show_json("K-0001")["events"]][-1] == 6


def test_what_cannot_be_withdrawn(store: FixedClock) -> None:
    ok(["retract", "K-0001", "5", "--why", "x"])  # event 6
    before = show_json("K-0001")["events"]
    refused(["retract", "K-0001", "1", "--why", "x"], error_line("error.retract_intake"))
    refused(["retract", "K-0001", "6", "--why", "x"], error_line("error.retract_retraction"))
    refused(["retract", "K-0001", "5", "--why", "x"],
            "loket: Regel nr 5 van zaak K-0001 is al ingetrokken.\n")
    refused(["retract", "K-0001", "3", "--why", "x"],
            "loket: Regel nr 3 gaat over opvolging #1: annuleer die met loket followup cancel,"
            " of verzet hem met loket followup move.\n")
    refused(["retract", "K-0002", "4", "--why", "x"],
            "loket: Zaak K-0002 heeft geen regel nr 4 op de tijdlijn.\n")
    refused(["retract", "K-0001", "abc", "--why", "x"], error_line("error.event_id_format"))
    refused(["retract", "K-0042", "4", "--why", "x"], "loket: Zaak K-0042 bestaat niet.\n")
    assert show_json("K-0001")["events"] == before


# -- stats -----------------------------------------------------------------------------------


def test_stats_leave_out_withdrawn_calls_and_cancelled_followups(store: FixedClock) -> None:
    ok(["followup", "add", "K-0002", "Testopvolging", "--due", "2026-11-05"])  # #2
    ok(["followup", "add", "K-0002", "Loonstroken nakijken", "--due", "2026-11-04"])  # #3
    ok(["retract", "K-0001", "4", "--why", "Verkeerde zaak"])
    ok(["followup", "cancel", "2", "--why", "Was een test"])
    store.set(at(3, 9))
    ok(["followup", "done", "3"])
    got = stats()
    assert got["visitors_helped"] == 2
    assert got["contacts"] == {"count": 3, "by_kind": {"intake": 2, "professionallijn": 1}, "minutes_total": 40,
                               "minutes_median": 10.0, "minutes_histogram": {"5": 1, "10": 1, "25": 1}}
    assert got["minutes_per_case"] == {"cases": 2, "total": 40, "median": 20.0, "histogram": {"10": 1, "30": 1}}
    assert got["calls"] == {"count": 1, "driegesprek": 0, "driegesprek_share": 0.0,
                            "per_agency": {"cjib": {"calls": 1, "driegesprek": 0, "driegesprek_share": 0.0}},
                            "outcomes": {"opgelost": 1}}
    assert got["callbacks"] == {"promised": 0, "per_agency": {}}
    assert got["agencies_per_case"] == {"0": 1, "1": 0, "2": 0, "3+": 1}
    assert got["followups"] == {"made": 1, "done_on_time": 1, "done_late": 0, "open": 0, "overdue": 0,
                                "cancelled": 2}


# -- followup cancel ---------------------------------------------------------------------------


def test_followup_cancel(store: FixedClock, tmp_path: Path) -> None:
    ok(["followup", "add", "K-0002", "Testopvolging", "--due", "morgen"])  # #2
    result = ok(["followup", "cancel", "#2", "--why", "Was een test"])
    assert (result.stdout, result.stderr) == ("", "Opvolging #2 geannuleerd.\n")
    case = show_json("K-0002")
    assert case["events"][-1] == {"id": 7, "kind": "opvolging-geannuleerd", "at": "2026-11-02T11:00:00+01:00",
                                  "followup_id": 2, "cause": "handmatig", "reason": "Was een test",
                                  "event_id": None}
    assert [(f["id"], f["status"], f["done_at"], f["cancelled_at"]) for f in case["followups"]] == [
        (2, "geannuleerd", None, "2026-11-02T11:00:00+01:00")]
    assert [i["followup"] for i in data(["agenda", "--all"])["waiting"]] == [1]  # a body's call-back
    assert "Testopvolging" not in ok(["followup", "list", "K-0002"]).stdout
    assert "geannuleerd" in ok(["followup", "list", "K-0002", "--all"]).stdout
    ics = tmp_path / "a.ics"
    ok(["agenda", "--all", "--ics", str(ics)])
    assert ics.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 1
    assert audit_last("followup cancel")["cases"] == ["K-0002"]
    for args in (["followup", "done", "2"], ["followup", "cancel", "2"]):
        refused(args, "loket: Opvolging #2 is geannuleerd.\n")
    refused(["followup", "move", "2", "--due", "morgen"], "→ di 3 nov 2026\nloket: Opvolging #2 is geannuleerd.\n")
    ok(["followup", "done", "1"])
    refused(["followup", "cancel", "1"], error_line("error.followup_already_done", followup="#1"))


# -- move --------------------------------------------------------------------------------------


def test_move_a_call_with_its_callback(store: FixedClock) -> None:
    result = ok(["move", "K-0001", "4", "--to", "k2"])
    assert (result.stdout, result.stderr) == ("", "Regel nr 4 van K-0001 verplaatst naar K-0002 (daar nr 9).\n"
                                                  "Terugbelverzoek #1 is meeverplaatst (nu #2).\n")
    source, target = show_json("K-0001"), show_json("K-0002")
    assert event(source, 4)["withdrawn"] == {"at": "2026-11-02T11:00:00+01:00", "by_event": 6, "reason": None,
                                             "moved_to": "K-0002"}
    assert source["events"][-2:] == [
        {"id": 6, "kind": "ingetrokken", "at": "2026-11-02T11:00:00+01:00", "event_id": 4,
         "target_kind": "professionallijn", "reason": None, "moved_to": "K-0002"},
        {"id": 7, "kind": "opvolging-geannuleerd", "at": "2026-11-02T11:00:00+01:00", "followup_id": 1,
         "cause": "gesprek-verplaatst", "reason": None, "event_id": 4},
    ]
    assert source["calls_per_agency"] == {"cjib": 1}
    # The copy keeps its moment (it sorts where it happened) and says where it came from.
    assert target["events"] == [
        event(target, 2),
        {"id": 8, "kind": "opvolging-gepland", "at": "2026-11-02T10:30:00+01:00", "followup_id": 2,
         "what": "Terugbelverzoek UWV", "due": "2026-11-09", "source": "terugbelverzoek",
         "moved_from": {"case": "K-0001", "event": 4}},
        {"id": 9, "kind": "professionallijn", "at": "2026-11-02T10:30:00+01:00", "agency": "uwv",
         "outcome": "terugbelverzoek", "driegesprek": False, "contact_person": None,
         "question": "Waarom is de WW gestopt?", "answer": None, "minutes": 12, "reference": None, "note": None,
         "followup_id": 2, "moved_from": {"case": "K-0001", "event": 4}},
    ]
    assert target["calls_per_agency"] == {"uwv": 1}
    assert [(f["id"], f["status"], f["due"]["date"], f["source"]) for f in target["followups"]] == [
        (2, "open", "2026-11-09", "terugbelverzoek")]
    entry = audit_last("move")
    assert (entry["cases"], entry["detail"]) == (["K-0001", "K-0002"], "4>9 professionallijn")
    panel = " ".join(ok(["show", "K-0002"]).stdout.split())
    assert "verplaatst van K-0001 (nr 4)" in panel
    assert ok(["summary", "K-0001"]).stdout.endswith(
        "Ingetrokken (telt niet mee)\n  - nr 4 (Professionallijn) verplaatst naar K-0002\n")
    # Counted once, on the right case, in the period it happened; the promise was made then too.
    got = stats()
    assert got["calls"]["per_agency"] == {"cjib": {"calls": 1, "driegesprek": 0, "driegesprek_share": 0.0},
                                          "uwv": {"calls": 1, "driegesprek": 0, "driegesprek_share": 0.0}}
    assert got["callbacks"] == {"promised": 1, "per_agency": {"uwv": {"promised": 1, "on_time": 0, "late": 0,
                                                                      "open": 1}}}
    assert got["minutes_per_case"]["histogram"] == {"22": 1, "30": 1}
    assert got["followups"]["cancelled"] == 1


def test_move_refusals_change_nothing(store: FixedClock) -> None:
    ok(["close", "K-0002", "--result", "opgelost"])
    before = (show_json("K-0001")["events"], show_json("K-0002")["events"])
    refused(["move", "K-0001", "4", "--to", "K-0002"], error_line("error.case_closed_reopen", case="K-0002"))
    refused(["move", "K-0001", "4", "--to", "K-0001"], "loket: Die regel staat al op zaak K-0001.\n")
    refused(["move", "K-0001", "1", "--to", "K-0002"], error_line("error.retract_intake"))
    refused(["move", "K-0001", "4", "--to", "K-0042"], "loket: Zaak K-0042 bestaat niet.\n")
    assert (show_json("K-0001")["events"], show_json("K-0002")["events"]) == before
    # With --reopen the right case takes it.
    ok(["move", "K-0001", "5", "--to", "K-0002", "--reopen"])
    assert show_json("K-0002")["status"] == "open"


# -- satisfaction ------------------------------------------------------------------------------


def test_satisfaction_without_closing_and_changed(store: FixedClock) -> None:
    result = ok(["satisfaction", "K-0001", "4"])
    assert (result.stdout, result.stderr) == ("", "Tevredenheid 4/5 vastgelegd op zaak K-0001.\n")
    case = show_json("K-0001")
    assert (case["status"], case["satisfaction"]) == ("open", 4)
    assert case["events"][-1] == {"id": 6, "kind": "tevredenheid", "at": "2026-11-02T11:00:00+01:00", "score": 4}
    ok(["satisfaction", "K-0001", "2"])
    assert show_json("K-0001")["satisfaction"] == 2
    assert stats()["satisfaction"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "recorded": 1}
    for score in ("0", "6"):
        refused(["satisfaction", "K-0001", score], error_line("error.satisfaction"))


def test_satisfaction_counts_in_the_period_of_its_latest_recording(store: FixedClock) -> None:
    ok(["satisfaction", "K-0001", "4"])  # event 6, November
    store.set(at(1, 9, month=12))
    ok(["satisfaction", "K-0001", "2"])  # event 7, December
    ok(["close", "K-0002", "--result", "opgelost", "--satisfaction", "5"])  # closing counts as a recording
    november, december = stats("2026-11")["satisfaction"], stats("2026-12")["satisfaction"]
    assert november == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "recorded": 0}
    assert december == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1, "recorded": 2}
    # Withdrawing December's score gives November's back.
    ok(["retract", "K-0001", "7", "--why", "Verkeerd genoteerd"])
    assert show_json("K-0001")["satisfaction"] == 4
    assert stats("2026-11")["satisfaction"]["4"] == 1
    assert stats("2026-12")["satisfaction"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1, "recorded": 1}


# -- close -------------------------------------------------------------------------------------


def test_close_names_open_followups_and_force_cancels_them(store: FixedClock) -> None:
    ok(["followup", "add", "K-0001", "Brief nasturen", "--due", "2026-11-04"])  # #2, the desk's own
    # #1 is a body's call-back: it is not the desk's to cancel, and stays (issue 22.7).
    refused(["close", "K-0001", "--result", "opgelost"],
            "loket: Zaak K-0001 heeft nog 1 open opvolging(en): #2. Vink ze af of annuleer ze"
            " (loket followup cancel), of sluit met --force: dan worden ze geannuleerd.\n")
    result = ok(["close", "K-0001", "--result", "opgelost", "--force"])
    assert result.stderr == "Zaak K-0001 gesloten.\nGeannuleerd met de zaak: #2.\n"
    assert {f["id"]: f["status"] for f in show_json("K-0001")["followups"]} == {1: "open", 2: "geannuleerd"}
    assert stats()["followups"]["cancelled"] == 1


# -- the store ---------------------------------------------------------------------------------


def _raw(db: Path) -> sqlite3.Connection:
    gc.collect()
    return sqlite3.connect(db, isolation_level=None)


def test_a_schema_3_store_is_migrated(clock: FixedClock, db_path: Path) -> None:
    # A store with a case and a follow-up, taken back by hand to what schema 3
    # held (today's repositories read the new column, so they cannot write a
    # schema-3 store themselves).
    ok(["init", *TEST_KDF_ARGS])
    ok(["intake", *FULL_INTAKE])
    ok(["followup", "add", "K-0001", "Brief nasturen", "--due", "morgen"])
    conn = _raw(db_path)
    try:
        conn.execute("ALTER TABLE followups DROP COLUMN cancelled_at")
        conn.execute("DROP INDEX idx_events_retracted")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'v4_corrections'")
        conn.execute("PRAGMA user_version = 3")
        assert [step.__name__ for step in schema.MIGRATIONS[:4]] == [
            "_v1_foundation", "_v2_followups", "_v3_privacy", "_v4_corrections"]
        before = list(conn.execute("SELECT * FROM followups")), list(conn.execute("SELECT * FROM events"))
    finally:
        conn.close()

    ok(["followup", "list", "K-0001"])
    conn = _raw(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
        assert [row[1] for row in conn.execute("PRAGMA table_info(followups)")][-1] == "cancelled_at"
        # Every record as it was; the new column empty (not cancelled).
        assert list(conn.execute("SELECT * FROM followups")) == [(*row, None) for row in before[0]]
        assert list(conn.execute("SELECT * FROM events")) == before[1]
        assert "idx_events_retracted" in {row[1] for row in conn.execute("PRAGMA index_list(events)")}
        ledger = list(conn.execute("SELECT migration_set, name FROM _sqlite_migrations"))
        assert ("loketcli", "v4_corrections") in ledger
    finally:
        conn.close()
    ok(["followup", "cancel", "1"])
    assert show_json("K-0001")["followups"][0]["status"] == "geannuleerd"


def test_nothing_personal_in_clear(store: FixedClock, db_path: Path) -> None:
    ok(["retract", "K-0001", "4", "--why", "Geheime reden Jansen"])
    gc.collect()
    raw = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.is_file())
    assert b"Geheime reden" not in raw
    assert b"Jansen" not in raw


def test_retract_asks_the_reason_at_a_terminal(store: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    result = run(["retract", "K-0001", "5", "--json"], input="Bezoeker had zelf al gebeld\n")
    # (The test runner echoes what was typed onto stdout, as a terminal would show it.)
    assert (result.exit_code, result.stderr) == (0, "Reden:")
    assert result.stdout.endswith('{\n  "event": 5,\n  "cancelled_followups": []\n}\n')
    assert event(show_json("K-0001"), 6)["reason"] == "Bezoeker had zelf al gebeld"
    # An empty answer is no reason.
    empty = run(["retract", "K-0001", "4"], input="\n")
    assert (empty.exit_code, empty.stderr) == (2, "Reden:" + error_line("error.field_required", field="reden"))


def test_every_reason_comes_from_stdin_or_dash_in_a_script(store: FixedClock) -> None:
    ok(["move", "K-0001", "5", "--to", "K-0002"], input="Hoort bij de tweede bezoeker\n")
    assert event(show_json("K-0001"), 5)["withdrawn"]["reason"] == "Hoort bij de tweede bezoeker"
    ok(["retract", "K-0001", "4", "--why", "-"], input="Twee keer vastgelegd\n")
    assert event(show_json("K-0001"), 4)["withdrawn"]["reason"] == "Twee keer vastgelegd"
    ok(["followup", "add", "K-0002", "Testopvolging", "--due", "morgen"])  # #2
    ok(["followup", "cancel", "2"], input="Was een test\n")
    assert show_json("K-0002")["events"][-1]["reason"] == "Was een test"
    # Nothing piped in: an optional reason stays empty.
    ok(["followup", "add", "K-0002", "Tweede opvolging", "--due", "morgen"])  # #3
    ok(["followup", "cancel", "3"], input="")
    assert show_json("K-0002")["events"][-1]["reason"] is None


def test_move_and_followup_cancel_ask_the_reason_at_a_terminal(store: FixedClock,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    moved = run(["move", "K-0001", "5", "--to", "K-0002"], input="Hoort bij de tweede bezoeker\n")
    assert (moved.exit_code, moved.stderr.startswith("Reden (Enter: geen):")) == (0, True)
    assert event(show_json("K-0001"), 5)["withdrawn"]["reason"] == "Hoort bij de tweede bezoeker"
    ok(["followup", "add", "K-0002", "Testopvolging", "--due", "morgen"])  # #2
    cancelled = run(["followup", "cancel", "2"], input="Was een test\n")
    assert (cancelled.exit_code, cancelled.stderr) == (0, "Reden (Enter: geen):Opvolging #2 geannuleerd.\n")
    assert show_json("K-0002")["events"][-1]["reason"] == "Was een test"


@pytest.mark.parametrize("args", [
    ["retract", "K-0001", "5", "--why", "Dubbel"],
    ["move", "K-0001", "5", "--to", "K-0002", "--why", "Verkeerde zaak"],
    ["followup", "cancel", "1", "--why", "Belt zelf"],
], ids=lambda a: a[0] if a[0] != "followup" else "followup-cancel")
def test_a_reason_typed_as_an_argument_draws_the_warning(store: FixedClock, monkeypatch: pytest.MonkeyPatch,
                                                         args: list[str]) -> None:
    monkeypatch.setattr(personal_input, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(personal_input, "_warned", False)
    result = ok(args)
    assert result.stderr.startswith(f"loket: {personal_input_warning()}\n")


def personal_input_warning() -> str:
    from loketcli.i18n import t

    return t("privacy.argv_warning")


def test_retract_and_move_check_the_case_and_entry_before_asking(store: FixedClock,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    before = show_json("K-0001")["events"]
    # In a script: the missing case, not the missing reason.
    refused(["retract", "K-0099", "4"], "loket: Zaak K-0099 bestaat niet.\n", input="")
    # At a terminal: refused before the worker types a reason (no prompt on stderr).
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    refused(["retract", "K-0099", "4"], "loket: Zaak K-0099 bestaat niet.\n", input="reden\n")
    refused(["retract", "K-0001", "1"], error_line("error.retract_intake"), input="reden\n")
    refused(["retract", "K-0002", "4"], "loket: Zaak K-0002 heeft geen regel nr 4 op de tijdlijn.\n",
            input="reden\n")
    refused(["move", "K-0099", "4", "--to", "K-0002"], "loket: Zaak K-0099 bestaat niet.\n", input="reden\n")
    refused(["move", "K-0001", "5", "--to", "K-0099"], "loket: Zaak K-0099 bestaat niet.\n", input="reden\n")
    refused(["move", "K-0001", "5", "--to", "K-0001"], error_line("error.move_same_case", case="K-0001"),
            input="reden\n")
    assert show_json("K-0001")["events"] == before


def test_followup_cancel_checks_the_followup_before_asking(store: FixedClock,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    refused(["followup", "cancel", "9"], error_line("error.unknown_followup", followup="#9"), input="reden\n")
    ok(["followup", "done", "1"])
    refused(["followup", "cancel", "1"], error_line("error.followup_already_done", followup="#1"), input="reden\n")


def test_a_moved_entry_is_sealed_under_the_right_case(store: FixedClock, db_path: Path) -> None:
    ok(["move", "K-0001", "5", "--to", "K-0002"])  # the CJIB call becomes event 7 on K-0002
    conn = _raw(db_path)
    try:
        assert conn.execute("SELECT case_id, kind, at FROM events WHERE id IN (5, 7) ORDER BY id").fetchall() == [
            (1, "professionallijn", "2026-11-02T09:30:00Z"), (2, "professionallijn", "2026-11-02T09:30:00Z")]
        # Swapped onto the wrong case by hand, it no longer opens.
        conn.execute("UPDATE events SET case_id = 1 WHERE id = 7")
    finally:
        conn.close()
    result = run(["show", "K-0001"])
    assert (result.exit_code, result.stdout) == (1, "")
