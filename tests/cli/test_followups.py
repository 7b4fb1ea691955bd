"""Follow-ups, `today`, `agenda` (also as .ics) and close/reopen, through the real
root group in-process, with the clock fixed around Koningsdag (Tuesday 27 April
2027) and in the week of Easter 2027 (Tweede Paasdag Monday 29 March, the night
of 27 to 28 March to summer time). All data is synthetic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import FixedClock, data, error_line, fixed_clock, init_store, ok, run, show_json

from loketcli.domain.clock import LOCAL_ZONE
from loketcli.domain.dates import holidays_in, is_working_day
from loketcli.i18n import t


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LOCAL_ZONE)


FRI = at(2027, 4, 23)  # the Friday before Koningsdag
MON = at(2027, 4, 26)
KONINGSDAG = at(2027, 4, 27)
WED = at(2027, 4, 28)
EASTER_THU = at(2027, 3, 25)  # Goede Vrijdag 26 March is a working day; Tweede Paasdag 29 March is not

NAME = "Zora Vlinderman"
WHAT = "Huurachterstand bespreken"
PRIVATE_WORDS = ("Zora", "Vlinderman", "Huurachterstand", "bespreken")

RESULTS = "opgelost, deels-opgelost, doorverwezen, geen-recht-uitgelegd, gestopt"




@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    return fixed_clock(monkeypatch, FRI)


def intake(name: str = "Testpersoon Een", *agencies: str) -> str:
    extra = [arg for agency in agencies for arg in ("--agency", agency)]
    result = ok(["intake", "--name", name, "--question", "Brief niet begrepen", "--channel", "balie", *extra])
    return result.stdout.strip()


def add(case: str, due: str, what: str = "wat", *, allow_past: bool = False) -> int:
    args = ["followup", "add", case, what, "--due", due] + (["--allow-past"] if allow_past else [])
    # At a (simulated) terminal a weekend date offers the next working day: keep the date asked.
    result = ok(args, input="n\n")
    return int(result.stdout.strip().lstrip("#"))


def followup_row(fid: int, due_date: str, due_time: str | None = None, *, what: str | None = "wat",
                 case: str = "K-0001", done_at: str | None = None) -> dict[str, Any]:
    return {
        "id": fid,
        "case": case,
        "what": what,
        "label": "opvolging",
        "due": {"date": due_date, "time": due_time},
        "status": "open" if done_at is None else "gedaan",
        "done_at": done_at,
        "cancelled_at": None,
        "source": "handmatig",
        "agency": None,
        "actor": "loket",
    }


def hidden(row: dict[str, Any]) -> dict[str, Any]:
    """A row as `followup list` shows it across cases without --names: the label, not the text."""
    return {**row, "what": None}


@pytest.fixture
def store(clock: FixedClock) -> FixedClock:
    """A store with case K-0001 (agencies Toeslagen and Belastingdienst), opened on FRI."""
    init_store()
    assert intake("Testpersoon Een", "toeslagen", "belastingdienst") == "K-0001"
    return clock


# -- the calendar the scenarios rely on -----------------------------------------


def test_fixed_nows_are_what_they_claim() -> None:
    assert [d.weekday() for d in (FRI, MON, KONINGSDAG, WED, EASTER_THU)] == [4, 0, 1, 2, 3]  # Fri Mon Tue Wed Thu
    assert holidays_in(2027)[dt.date(2027, 4, 27)] == "Koningsdag"
    assert not is_working_day(dt.date(2027, 3, 29))  # Tweede Paasdag
    assert is_working_day(dt.date(2027, 3, 26))  # Goede Vrijdag
    assert FRI.utcoffset() == dt.timedelta(hours=2)
    assert EASTER_THU.utcoffset() == dt.timedelta(hours=1)


# -- followup add --------------------------------------------------------------


def test_add_five_working_days_skips_koningsdag(store: FixedClock) -> None:
    # Fri 23 April + 5 working days: Mon 26, (Tue 27 Koningsdag), Wed 28, Thu 29,
    # Fri 30 April, Mon 3 May. Friday 30 April is only the fourth.
    result = ok(["followup", "add", "K-0001", "Bel de gemeente terug", "--due", "over 5 werkdagen"])
    assert result.stdout == "#1\n"
    assert result.stderr == "→ ma 3 mei 2027\nOpvolging #1 gepland op zaak K-0001.\n"
    assert data(["followup", "list", "K-0001"]) == [
        followup_row(1, "2027-05-03", what="Bel de gemeente terug")
    ]


def test_add_echoes_how_the_date_was_read(store: FixedClock) -> None:
    cases = [
        ("over 1 werkdag", "ma 26 apr 2027", "2027-04-26", None),
        ("over 2 werkdagen", "wo 28 apr 2027", "2027-04-28", None),  # Koningsdag skipped
        ("+4wd", "vr 30 apr 2027", "2027-04-30", None),
        ("dinsdag 14u30", "di 27 apr 2027 14:30", "2027-04-27", "14:30"),  # a holiday, but asked for
        ("morgen", "za 24 apr 2027", "2027-04-24", None),
        ("vandaag", "vr 23 apr 2027", "2027-04-23", None),
        ("vandaag 10:00", "vr 23 apr 2027 10:00", "2027-04-23", "10:00"),  # this very minute is not past
        ("eind van de maand", "vr 30 apr 2027", "2027-04-30", None),
    ]
    for number, (due, echo, day, time) in enumerate(cases, start=1):
        result = ok(["followup", "add", "K-0001", due, "--due", due, "--json"])
        added = json.loads(result.stdout)
        assert (added["id"], added["due"]) == (number, {"date": day, "time": time}), due
        # A day off is accepted in a script, with a warning (issue 11).
        off = {"2027-04-27": "Koningsdag", "2027-04-24": "zaterdag"}.get(day)
        kept = "" if off is None else t("due.kept", date=echo.removesuffix(" 14:30"), reason=off) + "\n"
        assert result.stderr == f"→ {echo}\n{kept}"
    result = ok(["followup", "add", "K-0001", "wat", "--due", "over 1 werkdag"])
    assert result.stdout == "#9\n"
    assert result.stderr == "→ ma 26 apr 2027\nOpvolging #9 gepland op zaak K-0001.\n"


def test_add_json(store: FixedClock) -> None:
    result = ok(["followup", "add", "K-0001", "  Bel de\tgemeente   terug ", "--due", "2027-05-03 09:15", "--json"])
    assert json.loads(result.stdout) == followup_row(1, "2027-05-03", "09:15", what="Bel de gemeente terug")
    # In JSON mode only the date echo goes to stderr.
    assert result.stderr == "→ ma 3 mei 2027 09:15\n"


def test_add_in_the_past_is_refused_unless_allowed(store: FixedClock) -> None:
    cases = {
        "gisteren": "2027-04-22",
        "2027-04-20": "2027-04-20",
        "vandaag 09:59": "2027-04-23 09:59",
        "3 dagen geleden": "2027-04-20",
    }
    for number, (due, shown) in enumerate(cases.items(), start=1):
        refused = run(["followup", "add", "K-0001", "wat", "--due", due])
        assert (refused.exit_code, refused.stdout) == (2, "")
        assert refused.stderr == (
            f"loket: Datum {shown} ligt in het verleden; kies vandaag of later,"
            " of gebruik --allow-past als dat de bedoeling is.\n"
        )
        allowed = ok(["followup", "add", "K-0001", "wat", "--due", due, "--allow-past"])
        assert allowed.stdout == f"#{number}\n"
    # Nothing was stored by the refusals.
    assert [f["id"] for f in show_json("K-0001")["followups"]] == [2, 4, 1, 3]


def test_add_unreadable_date(store: FixedClock) -> None:
    result = run(["followup", "add", "K-0001", "wat", "--due", "na de vakantie"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "loket: Datum niet begrepen. Bijvoorbeeld: morgen, dinsdag, 1-12, 1 dec 14:30,"
        " over 5 werkdagen, 2026-12-01 14:30.\n"
    )
    assert data(["followup", "list"]) == []


@pytest.mark.parametrize(
    ("due", "key"),
    [("morgen 25:00", "error.bad_time"), ("12", "error.ambiguous_date"), ("31-2", "error.date_not_exist"),
     ("1-13", "error.bad_date")],
)
def test_add_other_date_errors(store: FixedClock, due: str, key: str) -> None:
    result = run(["followup", "add", "K-0001", "wat", "--due", due])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line(key, text=due))


def test_add_to_unknown_case(store: FixedClock) -> None:
    result = run(["followup", "add", "K-0009", "wat", "--due", "morgen"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith("loket: Zaak K-0009 bestaat niet.\n")
    assert data(["followup", "list"]) == []


def test_add_with_malformed_case_number(store: FixedClock) -> None:
    result = run(["followup", "add", "zaak-een", "wat", "--due", "morgen"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == error_line("error.case_id_format", text="zaak-een")


@pytest.mark.parametrize(("what", "key", "params"), [
    ("   ", "error.field_required", {"field": "wat"}),
    ("x" * 501, "error.field_too_long", {"field": "wat", "limit": 500}),
])
def test_add_requires_a_reasonable_what(store: FixedClock, what: str, key: str, params: dict[str, Any]) -> None:
    result = run(["followup", "add", "K-0001", what, "--due", "morgen"])
    assert result.exit_code == 2
    assert result.stderr.endswith(error_line(key, **params))
    assert data(["followup", "list"]) == []


def test_add_to_closed_case_is_refused_until_reopened(store: FixedClock) -> None:
    ok(["close", "K-0001", "--result", "opgelost"])
    refused = run(["followup", "add", "K-0001", "wat", "--due", "morgen"])
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr.endswith("loket: Zaak K-0001 is gesloten. Heropen de zaak eerst met 'loket reopen'.\n")
    assert show_json("K-0001")["followups"] == []

    ok(["reopen", "K-0001"])
    assert add("K-0001", "morgen") == 1


# -- followup done / move --------------------------------------------------------


def test_done(store: FixedClock) -> None:
    add("K-0001", "over 5 werkdagen")
    store.set(at(2027, 4, 26, 9, 30))
    result = ok(["followup", "done", "#1"])
    assert (result.stdout, result.stderr) == ("", "Opvolging #1 afgevinkt.\n")
    assert data(["followup", "list", "K-0001", "--all"]) == [
        followup_row(1, "2027-05-03", done_at="2027-04-26T09:30:00+02:00")
    ]
    assert data(["followup", "list", "K-0001"]) == []

    again = run(["followup", "done", "1"])
    assert (again.exit_code, again.stdout, again.stderr) == (2, "", "loket: Opvolging #1 is al afgevinkt.\n")


def test_done_unknown_or_malformed_id(store: FixedClock) -> None:
    add("K-0001", "morgen")
    for arg, stderr in [
        ("99", "loket: Opvolging #99 bestaat niet.\n"),
        ("#99", "loket: Opvolging #99 bestaat niet.\n"),
        ("abc", "loket: Dat is geen nummer van een opvolging. Gebruik bijvoorbeeld 12 of #12.\n"),
        ("0", "loket: Dat is geen nummer van een opvolging. Gebruik bijvoorbeeld 12 of #12.\n"),
    ]:
        result = run(["followup", "done", arg])
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)
    assert data(["followup", "list"])[0]["status"] == "open"


def test_move(store: FixedClock) -> None:
    add("K-0001", "over 5 werkdagen")
    result = ok(["followup", "move", "1", "--due", "28-4 14:30"])
    assert (result.stdout, result.stderr) == ("", "→ wo 28 apr 2027 14:30\nOpvolging #1 verzet.\n")
    assert data(["followup", "list"]) == [followup_row(1, "2027-04-28", "14:30", what=None)]

    # Back to a day without a time.
    result = ok(["followup", "move", "#1", "--due", "over 2 werkdagen"])
    assert result.stderr == "→ wo 28 apr 2027\nOpvolging #1 verzet.\n"
    assert data(["followup", "list"]) == [followup_row(1, "2027-04-28", what=None)]


def test_move_into_the_past_needs_allow_past(store: FixedClock) -> None:
    add("K-0001", "morgen")
    refused = run(["followup", "move", "1", "--due", "gisteren"])
    assert refused.exit_code == 2
    assert refused.stderr == (
        "loket: Datum 2027-04-22 ligt in het verleden; kies vandaag of later,"
        " of gebruik --allow-past als dat de bedoeling is.\n"
    )
    assert data(["followup", "list"])[0]["due"] == {"date": "2027-04-24", "time": None}

    result = ok(["followup", "move", "1", "--due", "gisteren", "--allow-past"])
    assert result.stderr == "→ do 22 apr 2027\nOpvolging #1 verzet.\n"
    assert data(["followup", "list"])[0]["due"] == {"date": "2027-04-22", "time": None}


def test_move_done_or_unknown_followup(store: FixedClock) -> None:
    add("K-0001", "morgen")
    ok(["followup", "done", "1"])
    done = run(["followup", "move", "1", "--due", "maandag"])
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.endswith("loket: Opvolging #1 is al afgevinkt.\n")
    assert data(["followup", "list", "K-0001", "--all"])[0]["due"] == {"date": "2027-04-24", "time": None}

    unknown = run(["followup", "move", "42", "--due", "maandag"])
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert unknown.stderr.endswith("loket: Opvolging #42 bestaat niet.\n")

    bad_date = run(["followup", "move", "1", "--due", "ooit"])
    assert bad_date.exit_code == 2
    assert bad_date.stderr == error_line("error.bad_date", text="ooit")


# -- followup list ---------------------------------------------------------------


def test_list(store: FixedClock) -> None:
    assert intake("Testpersoon Twee") == "K-0002"
    add("K-0001", "over 5 werkdagen", "eerste")  # 2027-05-03
    add("K-0001", "maandag 9u", "tweede")  # 2027-04-26 09:00
    add("K-0002", "over 2 werkdagen", "derde")  # 2027-04-28
    add("K-0001", "maandag", "vierde")  # 2027-04-26, no time: before 09:00 of that day
    ok(["followup", "done", "2"])

    first = followup_row(1, "2027-05-03", what="eerste")
    second = followup_row(2, "2027-04-26", "09:00", what="tweede", done_at="2027-04-23T10:00:00+02:00")
    third = followup_row(3, "2027-04-28", what="derde", case="K-0002")
    fourth = followup_row(4, "2027-04-26", what="vierde")

    # Across cases the text stays hidden unless --names; one case shows it.
    assert data(["followup", "list"]) == [hidden(fourth), hidden(third), hidden(first)]
    assert data(["followup", "list", "--names"]) == [fourth, third, first]
    assert data(["followup", "list", "K-0001"]) == [fourth, first]
    assert data(["followup", "list", "1", "--all"]) == [fourth, second, first]
    assert data(["followup", "list", "K-0002", "--all"]) == [third]
    # --all only applies to one case (the help says so): across cases, open ones only.
    assert data(["followup", "list", "--all"]) == [hidden(fourth), hidden(third), hidden(first)]

    table = ok(["followup", "list", "K-0001", "--all"])
    assert table.stderr == ""
    rows = [line.split() for line in table.stdout.splitlines()]
    assert rows == [
        ["Nr", "Zaak", "Wanneer", "Status", "Wat"],
        ["#4", "K-0001", "ma", "26", "apr", "2027", "open", "vierde"],
        ["#2", "K-0001", "ma", "26", "apr", "2027", "09:00", "gedaan", "tweede"],
        ["#1", "K-0001", "ma", "3", "mei", "2027", "open", "eerste"],
    ]


def test_list_across_cases_shows_labels_and_audits_the_text(store: FixedClock) -> None:
    assert intake("Testpersoon Twee") == "K-0002"
    ok(["followup", "add", "K-0001", "Huurcontract", "--due", "maandag", "--bring"])  # 1 -> 2027-04-26
    ok(["call", "K-0002", "uwv", "--outcome", "terugbelverzoek", "--question", "Waarom gestopt?"])  # 2 -> 05-03
    add("K-0002", "over 2 werkdagen", WHAT)  # 3 -> 2027-04-28
    bring = {**followup_row(1, "2027-04-26", what="Huurcontract"), "label": "meenemen", "source": "meenemen",
             "actor": "bezoeker"}
    manual = followup_row(3, "2027-04-28", what=WHAT, case="K-0002")
    callback = {**followup_row(2, "2027-05-03", what="Terugbelverzoek UWV", case="K-0002"),
                "label": "terugbelverzoek (UWV)", "source": "terugbelverzoek", "agency": "uwv", "actor": "instantie"}
    trail = data(["audit"])

    # Across cases: what kind of promise and to which body, never the text; nothing shown, nothing audited.
    assert data(["followup", "list"]) == [hidden(bring), hidden(manual), hidden(callback)]
    table = ok(["followup", "list"])
    assert table.stderr == ""
    assert [line.split() for line in table.stdout.splitlines()] == [
        ["Nr", "Zaak", "Wanneer", "Status", "Wat"],
        ["#1", "K-0001", "ma", "26", "apr", "2027", "open", "meenemen"],
        ["#3", "K-0002", "wo", "28", "apr", "2027", "open", "opvolging"],
        ["#2", "K-0002", "ma", "3", "mei", "2027", "open", "terugbelverzoek", "(UWV)"],
    ]
    assert data(["audit"]) == trail

    # --names shows the text across cases, one case always does; both are audited.
    assert data(["followup", "list", "--names"]) == [bring, manual, callback]
    named = ok(["followup", "list", "--names"]).stdout
    assert [line.split()[-1] for line in named.splitlines()] == ["Wat", "Huurcontract", "bespreken", "UWV"]
    assert WHAT in named
    assert data(["followup", "list", "K-0002"]) == [manual, callback]
    assert data(["followup", "list", "K-0001", "--names"]) == [bring]
    # A case without open follow-ups was still looked at.
    assert intake("Testpersoon Drie") == "K-0003"
    assert data(["followup", "list", "K-0003"]) == []
    stamp = FRI.isoformat()
    assert data(["audit"])[len(trail):] == [
        {"id": trail[-1]["id"] + 1, "at": stamp, "command": "followup list", "cases": ["K-0001", "K-0002"],
         "detail": "names"},
        {"id": trail[-1]["id"] + 2, "at": stamp, "command": "followup list", "cases": ["K-0001", "K-0002"],
         "detail": "names"},
        {"id": trail[-1]["id"] + 3, "at": stamp, "command": "followup list", "cases": ["K-0002"], "detail": ""},
        {"id": trail[-1]["id"] + 4, "at": stamp, "command": "followup list", "cases": ["K-0001"], "detail": "names"},
        {"id": trail[-1]["id"] + 5, "at": stamp, "command": "intake", "cases": ["K-0003"], "detail": ""},
        {"id": trail[-1]["id"] + 6, "at": stamp, "command": "followup list", "cases": ["K-0003"], "detail": ""},
    ]


def test_list_empty_and_unknown_case(store: FixedClock) -> None:
    empty = ok(["followup", "list"])
    assert (empty.stdout, empty.stderr) == ("", "Geen open opvolgingen.\n")
    assert ok(["followup", "list", "K-0001", "--json"]).stdout == "[]\n"

    unknown = run(["followup", "list", "K-0009"])
    assert (unknown.exit_code, unknown.stdout, unknown.stderr) == (2, "", "loket: Zaak K-0009 bestaat niet.\n")


# -- today ---------------------------------------------------------------------


def agenda_item(fid: int, due_date: str, due_time: str | None = None, *, late: int = 0, case: str = "K-0001",
                label: str = "opvolging (Dienst Toeslagen, Belastingdienst)") -> dict[str, Any]:
    return {
        "followup": fid,
        "case": case,
        "due": {"date": due_date, "time": due_time},
        "working_days_late": late,
        "label": label,
        "source": "handmatig",
        "agency": None,
        "actor": "loket",
    }


@pytest.fixture
def week(store: FixedClock) -> FixedClock:
    """Follow-ups planned on Friday 23 April, looked at on Monday 26 April."""
    assert intake("Testpersoon Twee") == "K-0002"
    add("K-0001", "2027-04-22", allow_past=True)  # 1: Thursday, already late on Friday
    add("K-0001", "vandaag 14:00")  # 2: Friday 14:00
    add("K-0001", "maandag 16:00")  # 3: today at 16:00
    add("K-0001", "maandag")  # 4: today, all day
    add("K-0001", "over 2 werkdagen")  # 5: Wed 28 (Koningsdag skipped)
    add("K-0001", "30-4")  # 6: Fri 30
    add("K-0001", "3 mei")  # 7: Mon 3 May
    add("K-0001", "2027-04-22", allow_past=True)  # 8: done, never shown
    ok(["followup", "done", "8"])
    add("K-0002", "morgen")  # 9: Saturday 24, late on Monday by one working day
    store.set(MON)
    return store


def test_today_json(week: FixedClock) -> None:
    other = "opvolging"  # K-0002 has no agencies
    assert data(["today"]) == {
        "schema_version": 2,
        "today": "2027-04-26",
        "until": "2027-04-30",  # three working days: Wed 28, Thu 29, Fri 30
        "overdue": [
            agenda_item(1, "2027-04-22", late=2),  # Fri 23 and Mon 26
            agenda_item(2, "2027-04-23", "14:00", late=1),
            agenda_item(9, "2027-04-24", late=1, case="K-0002", label=other),
        ],
        "today_due": [
            agenda_item(4, "2027-04-26"),
            agenda_item(3, "2027-04-26", "16:00"),
        ],
        "upcoming": [
            agenda_item(5, "2027-04-28"),
            agenda_item(6, "2027-04-30"),
        ],
        "waiting": [],
    }


def test_today_text_overdue_first(week: FixedClock) -> None:
    result = ok(["today"])
    assert result.stderr == ""
    # Long labels may wrap inside their cell; the words and their order are what count.
    assert " ".join(result.stdout.split()) == " ".join([
        "Te laat (3)",
        "#1 K-0001 do 22 apr 2027 wij 2 werkdag(en) te laat opvolging (Dienst Toeslagen, Belastingdienst)",
        "#2 K-0001 vr 23 apr 2027 14:00 wij 1 werkdag(en) te laat opvolging (Dienst Toeslagen, Belastingdienst)",
        "#9 K-0002 za 24 apr 2027 wij 1 werkdag(en) te laat opvolging",
        "Vandaag (2)",
        "#4 K-0001 ma 26 apr 2027 wij opvolging (Dienst Toeslagen, Belastingdienst)",
        "#3 K-0001 ma 26 apr 2027 16:00 wij opvolging (Dienst Toeslagen, Belastingdienst)",
        "Komende dagen (2)",
        "#5 K-0001 wo 28 apr 2027 wij opvolging (Dienst Toeslagen, Belastingdienst)",
        "#6 K-0001 vr 30 apr 2027 wij opvolging (Dienst Toeslagen, Belastingdienst)",
    ])


def test_today_days(week: FixedClock) -> None:
    expected = {
        "0": ("2027-04-26", []),
        "1": ("2027-04-28", [5]),  # Koningsdag is not a working day
        "3": ("2027-04-30", [5, 6]),
        "4": ("2027-05-03", [5, 6, 7]),
        "30": ("2027-06-10", [5, 6, 7]),  # Hemelvaartsdag 6 May and Tweede Pinksterdag 17 May skipped
    }
    for days, (until, upcoming) in expected.items():
        found = data(["today", "--days", days])
        assert found["until"] == until, days
        assert [item["followup"] for item in found["upcoming"]] == upcoming
        assert [item["followup"] for item in found["overdue"]] == [1, 2, 9]
        assert [item["followup"] for item in found["today_due"]] == [4, 3]


@pytest.mark.parametrize("days", ["-1", "31", "drie"])
def test_today_days_out_of_range(days: str) -> None:
    result = run(["today", "--days", days])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "loket: Ongeldige waarde voor --days. Zie 'loket today --help'.\n"


def test_working_days_late_skip_koningsdag(store: FixedClock) -> None:
    add("K-0001", "2027-04-22", allow_past=True)  # 1: Thursday
    add("K-0001", "vandaag")  # 2: Friday
    seen_on = [
        (FRI, {1: 1}),  # Friday's own follow-up is due today, not late
        (MON, {1: 2, 2: 1}),
        (KONINGSDAG, {1: 2, 2: 1}),  # looked at on the holiday itself: it does not count
        (WED, {1: 3, 2: 2}),  # Fri 23, Mon 26, Wed 28
        (at(2027, 5, 3), {1: 6, 2: 5}),  # ... Thu 29, Fri 30, Mon 3 May
    ]
    for seen, expected in seen_on:
        store.set(seen)
        found = data(["today"])
        assert {item["followup"]: item["working_days_late"] for item in found["overdue"]} == expected, seen
    assert "#1 K-0001 do 22 apr 2027 wij 6 werkdag(en) te laat" in " ".join(ok(["today"]).stdout.split())


def test_today_nothing(store: FixedClock) -> None:
    result = ok(["today"])
    assert result.stdout == "Te laat (0)\n  niets\nVandaag (0)\n  niets\nKomende dagen (0)\n  niets\n"
    assert data(["today"]) == {
        "schema_version": 2, "today": "2027-04-23", "until": "2027-04-29",
        "overdue": [], "today_due": [], "upcoming": [], "waiting": [],
    }


# -- names stay off the screen unless asked for ----------------------------------


@pytest.fixture
def private(clock: FixedClock) -> FixedClock:
    init_store()
    assert intake(NAME, "toeslagen") == "K-0001"
    add("K-0001", "2027-04-22", WHAT, allow_past=True)
    add("K-0001", "vandaag 15:00", WHAT)
    add("K-0001", "dinsdag", WHAT)
    return clock


COMMANDS = (["today"], ["agenda"], ["agenda", "--all"])


def test_no_names_without_names_flag(private: FixedClock) -> None:
    for command in COMMANDS:
        text = ok(command)
        found = data(command)
        for word in PRIVATE_WORDS:
            assert word not in text.stdout + text.stderr, command
            assert word not in json.dumps(found, ensure_ascii=False), command
        assert text.stdout.count("opvolging (Dienst Toeslagen)") == 3
        items = found["overdue"] + found["today_due"] + found["upcoming"]
        assert [item["followup"] for item in items] == [1, 2, 3]
        for item in items:
            assert set(item) == {"followup", "case", "due", "working_days_late", "label", "source", "agency",
                                 "actor"}
            assert item["label"] == "opvolging (Dienst Toeslagen)"


def test_names_flag_shows_names(private: FixedClock) -> None:
    for command in COMMANDS:
        found = data([*command, "--names"])
        items = found["overdue"] + found["today_due"] + found["upcoming"]
        assert [item["followup"] for item in items] == [1, 2, 3]
        for item in items:
            assert (item["visitor"], item["what"], item["label"]) == (NAME, WHAT, f"{NAME}: {WHAT}")
        text = " ".join(ok([*command, "--names"]).stdout.split())
        assert text.count(f"{NAME}: {WHAT}") == 3


# -- agenda ----------------------------------------------------------------------


def test_agenda_week_and_all(week: FixedClock) -> None:
    found = data(["agenda"])
    assert found["today"] == "2027-04-26"
    # At least five working days: Koningsdag (Tuesday) pushes the fifth to next Tuesday.
    assert found["until"] == "2027-05-04"
    assert [i["followup"] for i in found["overdue"]] == [1, 2, 9]
    assert [i["followup"] for i in found["today_due"]] == [4, 3]
    assert [i["followup"] for i in found["upcoming"]] == [5, 6, 7]  # Mon 3 May is inside that window
    assert data(["agenda", "--week"]) == found

    everything = data(["agenda", "--all"])
    assert everything["until"] is None
    assert [i["followup"] for i in everything["upcoming"]] == [5, 6, 7]
    assert everything["upcoming"][-1] == agenda_item(7, "2027-05-03")

    text = " ".join(ok(["agenda", "--all"]).stdout.split())
    assert text.startswith("Te laat (3) #1 K-0001 do 22 apr 2027 wij 2 werkdag(en) te laat")
    assert text.index("Te laat (3)") < text.index("Vandaag (2)") < text.index("Komende dagen (3)")
    assert text.endswith("#7 K-0001 ma 3 mei 2027 wij opvolging (Dienst Toeslagen, Belastingdienst)")


# -- agenda --ics ------------------------------------------------------------------


def ics_lines(raw: bytes) -> list[str]:
    """Check the line structure of an iCalendar file and return its unfolded lines."""
    assert raw.endswith(b"\r\n")
    physical = raw.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
    unfolded: list[str] = []
    for line in physical:
        text = line.decode("utf-8")
        if text.startswith(" "):
            unfolded[-1] += text[1:]
        else:
            unfolded.append(text)
    return unfolded


def vevents(lines: list[str]) -> list[dict[str, str]]:
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            assert key not in current
            current[key] = value
    return events


def store_id(db: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def easter(clock: FixedClock) -> FixedClock:
    """Thursday 25 March 2027, winter time; summer time starts Sunday 28 March."""
    clock.set(EASTER_THU)
    init_store()
    assert intake(NAME, "toeslagen", "belastingdienst") == "K-0001"
    add("K-0001", "2027-03-26 10:00", WHAT)  # 1: Goede Vrijdag, CET
    add("K-0001", "2027-03-29 10:00", WHAT)  # 2: Tweede Paasdag, CEST
    add("K-0001", "over 2 werkdagen", WHAT)  # 3: Tue 30 March, all day
    add("K-0001", "morgen", WHAT)  # 4: done, not in the calendar
    ok(["followup", "done", "4"])
    add("K-0001", "2027-03-28 02:30", WHAT)  # 5: a wall time that does not exist
    add("K-0001", "2026-10-25 02:30", WHAT, allow_past=True)  # 6: a wall time that happens twice
    return clock


def test_agenda_ics(easter: FixedClock, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "agenda.ics"
    target.parent.mkdir()
    result = ok(["agenda", "--ics", str(target)])
    assert result.stdout == ""
    assert result.stderr == f"5 open opvolging(en) geschreven naar {target}.\n"

    raw = target.read_bytes()
    lines = ics_lines(raw)
    assert lines[:4] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//loketcli//loket//NL", "CALSCALE:GREGORIAN"]
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VCALENDAR") == 1 and lines.count("END:VCALENDAR") == 1
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 5

    identity = store_id(db_path)
    summary = "K-0001 opvolging (Dienst Toeslagen\\, Belastingdienst)"
    stamp = "20270325T090000Z"
    assert vevents(lines) == [
        {"UID": f"followup-6@{identity}", "DTSTAMP": stamp, "DTSTART": "20261025T003000Z",
         "DTEND": "20261025T004500Z", "SUMMARY": summary, "TRANSP": "TRANSPARENT"},
        {"UID": f"followup-1@{identity}", "DTSTAMP": stamp, "DTSTART": "20270326T090000Z",
         "DTEND": "20270326T091500Z", "SUMMARY": summary, "TRANSP": "TRANSPARENT"},
        {"UID": f"followup-5@{identity}", "DTSTAMP": stamp, "DTSTART": "20270328T013000Z",
         "DTEND": "20270328T014500Z", "SUMMARY": summary, "TRANSP": "TRANSPARENT"},
        {"UID": f"followup-2@{identity}", "DTSTAMP": stamp, "DTSTART": "20270329T080000Z",
         "DTEND": "20270329T081500Z", "SUMMARY": summary, "TRANSP": "TRANSPARENT"},
        {"UID": f"followup-3@{identity}", "DTSTAMP": stamp, "DTSTART;VALUE=DATE": "20270330",
         "DTEND;VALUE=DATE": "20270331", "SUMMARY": summary, "TRANSP": "TRANSPARENT"},
    ]
    text = raw.decode("utf-8")
    for word in PRIVATE_WORDS:
        assert word not in text
    # Only the calendar itself is left in the directory: no temporary file.
    assert sorted(p.name for p in target.parent.iterdir()) == ["agenda.ics"]


def test_agenda_ics_with_names_escapes_and_folds(clock: FixedClock, tmp_path: Path) -> None:
    init_store()
    intake("Testpersoon, Drie; Lang")
    long_what = "Bel terug over de aanvraag bijzondere bijstand en vraag naar de stand van zaken bij de gemeente"
    add("K-0001", "maandag 9u", long_what)
    target = tmp_path / "met-namen.ics"
    ok(["agenda", "--ics", str(target), "--names"])
    raw = target.read_bytes()
    assert b"\r\n " in raw  # the summary is longer than 75 octets: folded
    (event,) = vevents(ics_lines(raw))
    assert event["SUMMARY"] == f"K-0001 Testpersoon\\, Drie\\; Lang: {long_what}"
    assert event["DTSTART"] == "20270426T070000Z"


def test_agenda_ics_replaces_an_existing_file_whole(easter: FixedClock, tmp_path: Path) -> None:
    target = tmp_path / "agenda.ics"
    target.write_bytes(b"OUDE INHOUD\n" * 5000)
    ok(["agenda", "--ics", str(target)])
    first = target.read_bytes()
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")
    assert b"OUDE INHOUD" not in first

    # UIDs are stable: a second export updates the same events in the calendar.
    ok(["followup", "done", "1"])
    ok(["agenda", "--ics", str(target)])
    second = vevents(ics_lines(target.read_bytes()))
    assert [e["UID"] for e in second] == [e["UID"] for e in vevents(ics_lines(first)) if "followup-1@" not in e["UID"]]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.is_dir()) == ["agenda.ics"]


def test_agenda_ics_unwritable_target(easter: FixedClock, tmp_path: Path) -> None:
    target = tmp_path / "bestaat-niet" / "agenda.ics"
    result = run(["agenda", "--ics", str(target)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "loket: Het bestand kan niet geschreven worden. Er is niets half weggeschreven.\n"
    assert not target.parent.exists()


# -- daylight saving ----------------------------------------------------------------


def test_due_wall_time_survives_daylight_saving(easter: FixedClock) -> None:
    refused = run(["followup", "add", "K-0001", "wat", "--due", "2026-10-25 02:30"])
    assert refused.exit_code == 2
    assert refused.stderr == (
        "loket: Datum 2026-10-25 02:30 ligt in het verleden; kies vandaag of later,"
        " of gebruik --allow-past als dat de bedoeling is.\n"
    )
    allowed = ok(["followup", "add", "K-0001", "wat", "--due", "2026-10-25 02:30", "--allow-past"])
    assert allowed.stderr == ("→ zo 25 okt 2026 02:30\n" + t("due.kept", date="zo 25 okt 2026", reason="zondag")
                              + "\nOpvolging #7 gepland op zaak K-0001.\n")

    dues = {f["id"]: f["due"] for f in show_json("K-0001")["followups"]}
    assert dues[7] == {"date": "2026-10-25", "time": "02:30"}
    assert dues[6] == {"date": "2026-10-25", "time": "02:30"}
    assert dues[5] == {"date": "2027-03-28", "time": "02:30"}
    assert dues[2] == {"date": "2027-03-29", "time": "10:00"}

    # Moving across the change keeps the wall time: 10:00 stays 10:00.
    ok(["followup", "move", "1", "--due", "2027-03-30 10:00"])
    assert data(["followup", "list", "K-0001"])[-1]["due"] == {"date": "2027-03-30", "time": "10:00"}
    found = data(["agenda", "--all"])
    assert found["overdue"][0]["due"] == {"date": "2026-10-25", "time": "02:30"}


def test_easter_week_today(easter: FixedClock) -> None:
    found = data(["today"])
    # Three working days from Thursday 25 March: Fri 26 (Goede Vrijdag), Tue 30, Wed 31.
    assert found["until"] == "2027-03-31"
    assert [i["followup"] for i in found["overdue"]] == [6]
    assert found["overdue"][0]["working_days_late"] == 107
    assert found["today_due"] == []
    assert [(i["followup"], i["due"]) for i in found["upcoming"]] == [
        (1, {"date": "2027-03-26", "time": "10:00"}),
        (5, {"date": "2027-03-28", "time": "02:30"}),
        (2, {"date": "2027-03-29", "time": "10:00"}),
        (3, {"date": "2027-03-30", "time": None}),
    ]


# -- close and reopen ------------------------------------------------------------


@pytest.fixture
def pending(store: FixedClock) -> FixedClock:
    """K-0001 with two open follow-ups and one done."""
    add("K-0001", "morgen")
    add("K-0001", "over 5 werkdagen")
    add("K-0001", "maandag")
    ok(["followup", "done", "3"])
    return store


def kinds(case: dict[str, Any]) -> list[str]:
    return [event["kind"] for event in case["events"]]


# At a terminal the question lists each open follow-up with what it is.
# At a terminal the minutes of the consult are asked first (issue 22.3); Enter skips them.
OPEN_LISTED = (t("prompt.consult_minutes") + ": "
               "Zaak K-0001 heeft nog 2 open opvolging(en):\n  #1 za 24 apr 2027: wat\n  #2 ma 3 mei 2027: wat\n"
               "Toch sluiten? Deze opvolging(en) worden dan geannuleerd.")


def test_close_with_open_followups_refused_without_terminal(pending: FixedClock) -> None:
    result = run(["close", "K-0001", "--result", "opgelost"])
    assert result.exit_code == 2
    assert result.stdout == ""
    # Ids only in an error line: what a follow-up says is about a person.
    assert result.stderr == (
        "loket: Zaak K-0001 heeft nog 2 open opvolging(en): #1, #2. Vink ze af of annuleer ze"
        " (loket followup cancel), of sluit met --force: dan worden ze geannuleerd.\n"
    )
    case = show_json("K-0001")
    assert (case["status"], case["closed_at"]) == ("open", None)
    assert "gesloten" not in kinds(case)


def test_close_force(pending: FixedClock) -> None:
    pending.set(at(2027, 4, 23, 11, 5))
    result = ok(["close", "K-0001", "--result", "doorverwezen", "--satisfaction", "5", "--force"])
    assert (result.stdout, result.stderr) == ("", "Zaak K-0001 gesloten.\nGeannuleerd met de zaak: #1, #2.\n")
    case = show_json("K-0001")
    assert (case["status"], case["closed_at"]) == ("gesloten", "2027-04-23T11:05:00+02:00")
    assert case["events"][-1] == {"id": 8, "kind": "gesloten", "at": "2027-04-23T11:05:00+02:00",
                                  "result": "doorverwezen", "satisfaction": 5, "open_followups": 2}
    # The promises go with the case: cancelled, not left haunting today and the agenda.
    assert [f["status"] for f in case["followups"]] == ["geannuleerd", "gedaan", "geannuleerd"]
    assert data(["agenda", "--all"])["upcoming"] == []


def test_close_without_open_followups_needs_no_force(pending: FixedClock) -> None:
    ok(["followup", "done", "1"])
    ok(["followup", "done", "2"])
    result = ok(["close", "K-0001", "--result", "opgelost"])
    assert result.stderr == "Zaak K-0001 gesloten.\n"
    assert show_json("K-0001")["events"][-1]["open_followups"] == 0


@pytest.mark.usefixtures("interactive")
@pytest.mark.parametrize("answer", ["y\n", " Y \n"])
def test_close_interactive_confirm_yes(pending: FixedClock, answer: str) -> None:
    result = run(["close", "K-0001", "--result", "opgelost"], input="\n" + answer)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(OPEN_LISTED)
    assert result.stderr.endswith("Zaak K-0001 gesloten.\nGeannuleerd met de zaak: #1, #2.\n")
    case = show_json("K-0001")
    assert case["status"] == "gesloten"
    assert case["events"][-1]["open_followups"] == 2


@pytest.mark.usefixtures("interactive")
def test_close_interactive_confirm_dutch_ja(pending: FixedClock) -> None:
    result = run(["close", "K-0001", "--result", "opgelost"], input="\nj\n")
    assert result.exit_code == 0, result.stderr
    assert show_json("K-0001")["status"] == "gesloten"


@pytest.mark.usefixtures("interactive")
@pytest.mark.parametrize("answer", ["n\n", "\n", ""])
def test_close_interactive_confirm_no(pending: FixedClock, answer: str) -> None:
    result = run(["close", "K-0001", "--result", "opgelost"], input="\n" + answer)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(OPEN_LISTED)
    assert result.stderr.endswith("loket: Afgebroken; er is niets opgeslagen.\n")
    case = show_json("K-0001")
    assert (case["status"], case["closed_at"]) == ("open", None)
    assert "gesloten" not in kinds(case)


@pytest.mark.usefixtures("interactive")
def test_close_interactive_without_open_followups_does_not_ask(store: FixedClock) -> None:
    result = run(["close", "K-0001", "--result", "opgelost"], input="\nn\n")
    assert (result.exit_code, result.stderr) == (0, t("prompt.consult_minutes") + ": Zaak K-0001 gesloten.\n")


@pytest.mark.usefixtures("interactive")
def test_close_asks_the_minutes_of_the_consult(store: FixedClock) -> None:
    """Not asked at the intake, the minutes come at the close: on the intake of a case of
    today, as a visit otherwise (issue 22.3)."""
    ok(["close", "K-0001", "--result", "opgelost"], input="veel\n25\n")
    case = show_json("K-0001")
    assert case["intake"]["minutes"] == 25
    assert kinds(case)[-2:] == ["correctie", "gesloten"]
    ok(["reopen", "K-0001"])
    store.set(store.now + dt.timedelta(days=3))
    ok(["close", "K-0001", "--result", "opgelost", "--minutes", "10"])
    case = show_json("K-0001")
    assert (case["intake"]["minutes"], case["total_minutes"]) == (25, 35)
    assert [e.get("minutes") for e in case["events"][-2:]] == [10, None]


def test_close_bad_result(store: FixedClock) -> None:
    for value in ["onbekend", "g", "", "afgerond"]:  # "g": geen-recht-uitgelegd or gestopt
        result = run(["close", "K-0001", "--result", value])
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"loket: Onbekend resultaat. Kies uit: {RESULTS}.\n"
    assert show_json("K-0001")["status"] == "open"


def test_close_result_prefixes(store: FixedClock) -> None:
    prefixes = {"opgelost": "opgelost", "deels": "deels-opgelost", " Doorverwezen ": "doorverwezen",
                "geen": "geen-recht-uitgelegd", "ges": "gestopt"}
    for value, stored in prefixes.items():
        case = intake()
        ok(["close", case, "--result", value])
        assert show_json(case)["events"][-1]["result"] == stored


def test_close_bad_satisfaction(pending: FixedClock) -> None:
    for score in ["6", "0", "-1"]:
        result = run(["close", "K-0001", "--result", "opgelost", "--satisfaction", score, "--force"])
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == "loket: Tevredenheid is een cijfer van 1 tot en met 5.\n"
    assert show_json("K-0001")["status"] == "open"


def test_close_twice_reopen_twice(store: FixedClock) -> None:
    ok(["close", "K-0001", "--result", "opgelost"])
    again = run(["close", "K-0001", "--result", "opgelost"])
    assert (again.exit_code, again.stdout, again.stderr) == (2, "", "loket: Zaak K-0001 is al gesloten.\n")

    store.set(at(2027, 4, 26, 9, 0))
    reopened = ok(["reopen", "K-0001"])
    assert (reopened.stdout, reopened.stderr) == ("", "Zaak K-0001 heropend.\n")
    case = show_json("K-0001")
    assert (case["status"], case["closed_at"]) == ("open", None)
    assert case["events"][-1] == {"id": 3, "kind": "heropend", "at": "2027-04-26T09:00:00+02:00"}

    twice = run(["reopen", "K-0001"])
    assert (twice.exit_code, twice.stdout, twice.stderr) == (2, "", "loket: Zaak K-0001 is al open.\n")


def test_close_and_reopen_unknown_case(store: FixedClock) -> None:
    for args in (["close", "K-0042", "--result", "opgelost"], ["reopen", "K-0042"]):
        result = run(args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", "loket: Zaak K-0042 bestaat niet.\n")


# -- the timeline ------------------------------------------------------------------


def test_show_timeline_and_followups(store: FixedClock) -> None:
    add("K-0001", "over 5 werkdagen", "Bel de gemeente terug")  # 1 -> 2027-05-03
    add("K-0001", "maandag 9u", "Brief nasturen")  # 2 -> 2027-04-26 09:00
    store.set(at(2027, 4, 26, 9, 15))
    ok(["followup", "move", "1", "--due", "2027-04-28 14:30"])
    store.set(at(2027, 4, 28, 15, 0))
    ok(["followup", "done", "1"])
    store.set(at(2027, 4, 28, 15, 5))
    ok(["close", "K-0001", "--result", "deels-opgelost", "--satisfaction", "4", "--force"])
    store.set(at(2027, 4, 29, 8, 45))
    ok(["reopen", "K-0001"])

    case = show_json("K-0001")
    assert case["events"] == [
        {"id": 1, "kind": "intake", "at": "2027-04-23T10:00:00+02:00", "minutes": None},
        {"id": 2, "kind": "opvolging-gepland", "at": "2027-04-23T10:00:00+02:00", "followup_id": 1,
         "what": "Bel de gemeente terug", "due": "2027-05-03", "source": "handmatig"},
        {"id": 3, "kind": "opvolging-gepland", "at": "2027-04-23T10:00:00+02:00", "followup_id": 2,
         "what": "Brief nasturen", "due": "2027-04-26 09:00", "source": "handmatig"},
        {"id": 4, "kind": "opvolging-verzet", "at": "2027-04-26T09:15:00+02:00", "followup_id": 1,
         "due_from": "2027-05-03", "due_to": "2027-04-28 14:30"},
        {"id": 5, "kind": "opvolging-gedaan", "at": "2027-04-28T15:00:00+02:00", "followup_id": 1},
        {"id": 6, "kind": "opvolging-geannuleerd", "at": "2027-04-28T15:05:00+02:00", "followup_id": 2,
         "cause": "zaak-gesloten", "reason": None, "event_id": None},
        {"id": 7, "kind": "gesloten", "at": "2027-04-28T15:05:00+02:00", "result": "deels-opgelost",
         "satisfaction": 4, "open_followups": 1},
        {"id": 8, "kind": "heropend", "at": "2027-04-29T08:45:00+02:00"},
    ]
    assert case["followups"] == [
        {**followup_row(2, "2027-04-26", "09:00", what="Brief nasturen"), "status": "geannuleerd",
         "cancelled_at": "2027-04-28T15:05:00+02:00"},
        followup_row(1, "2027-04-28", "14:30", what="Bel de gemeente terug", done_at="2027-04-28T15:00:00+02:00"),
    ]
    assert (case["status"], case["closed_at"]) == ("open", None)

    panel = " ".join(ok(["show", "K-0001"]).stdout.split())
    assert "Opvolging verzet #1: ma 3 mei 2027 → wo 28 apr 2027 14:30" in panel
    assert "Opvolging geannuleerd #2 (zaak gesloten)" in panel
    assert "Open opvolgingen" not in panel


# -- nothing typed is lost (issue 22.1) ------------------------------------------------


@pytest.mark.parametrize(("due", "key"), [("31-02", "error.date_not_exist"), ("blabla", "error.bad_date")])
def test_add_checks_the_date_before_asking_what(store: FixedClock, interactive: None, due: str, key: str) -> None:
    """A date that cannot be right is refused before the worker types what is to be done."""
    result = run(["followup", "add", "K-0001", "--due", due], input="Loonstroken opsturen\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert t("prompt.followup_what") not in result.stderr
    assert result.stderr.startswith("loket: ")
    assert data(["followup", "list"]) == []


def test_today_puts_the_workers_own_first_and_counts_only_those_late(store: FixedClock) -> None:
    """Who acts on each item; what waits on the visitor or a body is never the worker's
    'te laat', and on a closed case it leaves the list (issue 22.11)."""
    ok(["followup", "add", "K-0001", "Loonstroken opsturen", "--due", "2027-04-22", "--allow-past",
        "--actor", "bezoeker"])  # 1
    ok(["followup", "add", "K-0001", "Besluit sturen", "--due", "2027-04-22", "--allow-past", "--agency", "duo"])
    ok(["followup", "add", "K-0001", "Bank bellen", "--due", "2027-04-22", "--allow-past"])  # 3, ours
    found = data(["today"])
    assert [i["followup"] for i in found["overdue"]] == [3]
    assert [(i["followup"], i["actor"], i["working_days_late"]) for i in found["waiting"]] == [
        (1, "bezoeker", 0), (2, "instantie", 0)]
    text = " ".join(ok(["today"]).stdout.split())
    assert text.startswith("Te laat (1) #3 K-0001 do 22 apr 2027 wij 1 werkdag(en) te laat")
    assert text.endswith("Wacht op de bezoeker of een instantie (2) #1 K-0001 do 22 apr 2027 bezoeker opvolging "
                         "(Dienst Toeslagen, Belastingdienst) #2 K-0001 do 22 apr 2027 DUO opvolging (DUO)")
    ok(["close", "K-0001", "--result", "opgelost", "--force"])
    assert data(["today"])["waiting"] == []
