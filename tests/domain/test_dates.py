"""The date parser and working-day calendar: fixed nows around Koningsdag, Easter,
Ascension, a year end and both daylight-saving nights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loketcli.domain.dates import (
    AMSTERDAM,
    FIRST_YEAR,
    LAST_YEAR,
    Direction,
    When,
    add_working_days,
    format_when,
    holidays_in,
    is_working_day,
    parse_when,
    require_not_past,
    working_days_between,
)
from loketcli.errors import BadDate

F = Direction.FUTURE
P = Direction.PAST
UTC = dt.UTC

# The suite's autouse store fixture is function-scoped but irrelevant here.
# No example database: the suite must not leave a .hypothesis directory behind.
FAST = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=AMSTERDAM)


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# Fixed nows. Weekdays are asserted in test_fixed_nows_are_what_they_claim.
KONINGSDAG_FRI = at(2027, 4, 23)  # Koningsdag 2027 is Tuesday 27 April
KONINGSDAG_2025_FRI = at(2025, 4, 25)  # 27 April 2025 is a Sunday: Saturday 26 April
LUSTRUM_FRI = at(2025, 5, 2)  # Bevrijdingsdag Monday 5 May 2025 is a day off
EASTER_THU = at(2027, 3, 25)  # Goede Vrijdag 26 March, Tweede Paasdag 29 March 2027
ASCENSION_EVE = at(2027, 5, 5)  # Hemelvaartsdag Thursday 6 May 2027
YEAR_END = at(2026, 12, 30)  # Wednesday; Nieuwjaarsdag 2027 is a Friday
MONDAY = at(2026, 11, 30)
SATURDAY = at(2026, 12, 5)
MONTH_END_SAT = at(2026, 10, 31)
BEFORE_SPRING_FORWARD = at(2027, 3, 27, 12, 0)
BEFORE_FALL_BACK = at(2026, 10, 24, 12, 0)


def test_fixed_nows_are_what_they_claim() -> None:
    assert [n.strftime("%a") for n in (KONINGSDAG_FRI, KONINGSDAG_2025_FRI, LUSTRUM_FRI)] == ["Fri"] * 3
    assert EASTER_THU.strftime("%a") == "Thu"
    assert ASCENSION_EVE.strftime("%a") == "Wed"
    assert YEAR_END.strftime("%a") == "Wed"
    assert MONDAY.strftime("%a") == "Mon"
    assert SATURDAY.strftime("%a") == MONTH_END_SAT.strftime("%a") == "Sat"


# (input, now, direction, expected day, expected time)
CASES: list[tuple[str, dt.datetime, Direction, str, str | None]] = [
    # --- year end: Wed 30 Dec 2026
    ("vandaag", YEAR_END, F, "2026-12-30", None),
    ("today", YEAR_END, F, "2026-12-30", None),
    ("morgen", YEAR_END, F, "2026-12-31", None),
    ("Tomorrow", YEAR_END, F, "2026-12-31", None),
    ("overmorgen", YEAR_END, F, "2027-01-01", None),
    ("gisteren", YEAR_END, F, "2026-12-29", None),
    ("yesterday", YEAR_END, P, "2026-12-29", None),
    ("eergisteren", YEAR_END, F, "2026-12-28", None),
    ("  MORGEN  ", YEAR_END, F, "2026-12-31", None),
    ("+3wd", YEAR_END, F, "2027-01-05", None),  # Thu 31, (Fri 1 Jan off), Mon 4, Tue 5
    ("+ 3 wd", YEAR_END, F, "2027-01-05", None),
    ("over 3 werkdagen", YEAR_END, F, "2027-01-05", None),
    ("in 3 working days", YEAR_END, F, "2027-01-05", None),
    ("in 3 business days", YEAR_END, F, "2027-01-05", None),
    ("3 werkdagen", YEAR_END, F, "2027-01-05", None),
    ("3 werkdagen", YEAR_END, P, "2026-12-24", None),  # Tue 29, Mon 28, (weekend, Kerst) Thu 24
    ("-3wd", YEAR_END, F, "2026-12-24", None),
    ("-1wd", YEAR_END, F, "2026-12-29", None),
    ("3 werkdagen geleden", YEAR_END, F, "2026-12-24", None),
    ("1-1", YEAR_END, F, "2027-01-01", None),
    ("1-1", YEAR_END, P, "2026-01-01", None),
    ("30-12", YEAR_END, F, "2026-12-30", None),
    ("30-12", YEAR_END, P, "2026-12-30", None),
    ("29-12", YEAR_END, F, "2027-12-29", None),
    ("29-12", YEAR_END, P, "2026-12-29", None),
    ("31-12", YEAR_END, F, "2026-12-31", None),
    ("31 dec", YEAR_END, F, "2026-12-31", None),
    ("dinsdag", YEAR_END, F, "2027-01-05", None),
    ("dinsdag", YEAR_END, P, "2026-12-29", None),
    ("woensdag", YEAR_END, F, "2027-01-06", None),  # strictly after today
    ("woensdag", YEAR_END, P, "2026-12-23", None),  # strictly before today
    ("wo", YEAR_END, F, "2027-01-06", None),
    ("di.", YEAR_END, F, "2027-01-05", None),
    ("Tuesday", YEAR_END, F, "2027-01-05", None),
    ("tue", YEAR_END, P, "2026-12-29", None),
    ("volgende dinsdag", YEAR_END, P, "2027-01-05", None),  # says its own direction
    ("next tuesday", YEAR_END, F, "2027-01-05", None),
    ("aanstaande vrijdag", YEAR_END, F, "2027-01-01", None),
    ("vrijdag a.s.", YEAR_END, F, "2027-01-01", None),
    ("afgelopen vrijdag", YEAR_END, F, "2026-12-25", None),
    ("eind van de week", YEAR_END, F, "2026-12-31", None),  # Friday is Nieuwjaarsdag
    ("eind van de maand", YEAR_END, F, "2026-12-31", None),
    ("end of month", YEAR_END, F, "2026-12-31", None),
    ("begin volgende maand", YEAR_END, F, "2027-01-04", None),  # 1 Jan is off
    ("start of next month", YEAR_END, F, "2027-01-04", None),
    ("eind volgende maand", YEAR_END, F, "2027-01-29", None),
    ("volgende week", YEAR_END, F, "2027-01-04", None),
    ("next week", YEAR_END, F, "2027-01-04", None),
    ("vorige week", YEAR_END, P, "2026-12-21", None),
    ("volgende week dinsdag", YEAR_END, F, "2027-01-05", None),
    ("dinsdag volgende week", YEAR_END, F, "2027-01-05", None),
    ("volgende week op vrijdag", YEAR_END, F, "2027-01-08", None),
    ("tuesday next week", YEAR_END, F, "2027-01-05", None),
    ("vorige week maandag", YEAR_END, P, "2026-12-21", None),
    ("over een week", YEAR_END, F, "2027-01-06", None),
    ("in a week", YEAR_END, F, "2027-01-06", None),
    ("over 3 dagen", YEAR_END, F, "2027-01-02", None),
    ("in 3 days", YEAR_END, F, "2027-01-02", None),
    ("over twee weken", YEAR_END, F, "2027-01-13", None),
    ("+2w", YEAR_END, F, "2027-01-13", None),
    ("+1m", YEAR_END, F, "2027-01-30", None),
    ("over 2 maanden", YEAR_END, F, "2027-02-28", None),  # clamped from 30 February
    ("+1j", YEAR_END, F, "2027-12-30", None),
    ("+0d", YEAR_END, F, "2026-12-30", None),
    ("+3d", YEAR_END, F, "2027-01-02", None),
    ("-3d", YEAR_END, F, "2026-12-27", None),
    ("3 dagen geleden", YEAR_END, F, "2026-12-27", None),
    ("3 days ago", YEAR_END, F, "2026-12-27", None),
    ("3 dagen", YEAR_END, P, "2026-12-27", None),
    ("2026-12-01", YEAR_END, F, "2026-12-01", None),
    ("2026/12/01", YEAR_END, F, "2026-12-01", None),
    ("1-12-2026", YEAR_END, F, "2026-12-01", None),
    ("01-12-2026", YEAR_END, F, "2026-12-01", None),
    ("1-12-26", YEAR_END, F, "2026-12-01", None),
    ("1/12/2026", YEAR_END, F, "2026-12-01", None),
    ("1.12.2026", YEAR_END, F, "2026-12-01", None),
    ("1-12", YEAR_END, F, "2027-12-01", None),
    ("1-12", YEAR_END, P, "2026-12-01", None),
    ("1/12", YEAR_END, F, "2027-12-01", None),
    ("1.12", YEAR_END, F, "2027-12-01", None),
    ("12-1", YEAR_END, F, "2027-01-12", None),  # day-month, never month-day
    ("1 december", YEAR_END, F, "2027-12-01", None),
    ("1 dec", YEAR_END, P, "2026-12-01", None),
    ("1 dec 2026", YEAR_END, F, "2026-12-01", None),
    ("1 dec. 2026", YEAR_END, F, "2026-12-01", None),
    ("1dec", YEAR_END, F, "2027-12-01", None),
    ("3 mei", YEAR_END, F, "2027-05-03", None),
    ("3 May", YEAR_END, F, "2027-05-03", None),
    ("1 maart", YEAR_END, F, "2027-03-01", None),
    ("1 mrt", YEAR_END, F, "2027-03-01", None),
    ("15 okt", YEAR_END, F, "2027-10-15", None),
    ("29-2", YEAR_END, F, "2028-02-29", None),  # the next year that has one
    ("29-2", YEAR_END, P, "2024-02-29", None),
    ("do 31 dec 2026", YEAR_END, F, "2026-12-31", None),
    ("Thu 31 Dec 2026", YEAR_END, F, "2026-12-31", None),
    # times
    ("1-12 14:30", YEAR_END, F, "2027-12-01", "14:30"),
    ("1-12-2026 14.30", YEAR_END, F, "2026-12-01", "14:30"),
    ("1.12 14.30", YEAR_END, F, "2027-12-01", "14:30"),
    ("morgen 10u", YEAR_END, F, "2026-12-31", "10:00"),
    ("morgen om 10u", YEAR_END, F, "2026-12-31", "10:00"),
    ("morgen 10 uur", YEAR_END, F, "2026-12-31", "10:00"),
    ("morgen 14u30", YEAR_END, F, "2026-12-31", "14:30"),
    ("morgen 14h30", YEAR_END, F, "2026-12-31", "14:30"),
    ("tomorrow at 9:00", YEAR_END, F, "2026-12-31", "09:00"),
    ("dinsdag 9:15", YEAR_END, F, "2027-01-05", "09:15"),
    ("2026-12-01T14:30", YEAR_END, F, "2026-12-01", "14:30"),
    ("2026-12-01 14:30:59", YEAR_END, F, "2026-12-01", "14:30"),  # seconds dropped
    ("do 31 dec 2026 10:00", YEAR_END, F, "2026-12-31", "10:00"),
    ("over 5 werkdagen 9u", YEAR_END, F, "2027-01-07", "09:00"),
    ("14:30", YEAR_END, F, "2026-12-30", "14:30"),  # a time alone is today
    ("8u", YEAR_END, F, "2026-12-30", "08:00"),
    ("om 0:00", YEAR_END, F, "2026-12-30", "00:00"),
    ("23:59", YEAR_END, F, "2026-12-30", "23:59"),
    # "today" is taken in Amsterdam: 23:30 UTC on 30 Dec is already 31 Dec there
    ("vandaag", dt.datetime(2026, 12, 30, 23, 30, tzinfo=UTC), F, "2026-12-31", None),
    ("morgen", dt.datetime(2026, 12, 30, 23, 30, tzinfo=UTC), F, "2027-01-01", None),
    # --- Friday before Koningsdag (Tue 27 Apr 2027)
    ("morgen", KONINGSDAG_FRI, F, "2027-04-24", None),
    ("+1wd", KONINGSDAG_FRI, F, "2027-04-26", None),
    ("+2wd", KONINGSDAG_FRI, F, "2027-04-28", None),
    ("over 5 werkdagen", KONINGSDAG_FRI, F, "2027-05-03", None),
    ("+0wd", KONINGSDAG_FRI, F, "2027-04-23", None),
    ("dinsdag", KONINGSDAG_FRI, F, "2027-04-27", None),  # weekdays ignore holidays
    ("volgende dinsdag", KONINGSDAG_FRI, F, "2027-04-27", None),  # falls in next week: clear
    ("vrijdag", KONINGSDAG_FRI, F, "2027-04-30", None),
    ("vrijdag", KONINGSDAG_FRI, P, "2027-04-16", None),
    ("afgelopen dinsdag", KONINGSDAG_FRI, F, "2027-04-20", None),
    ("vorige week dinsdag", KONINGSDAG_FRI, P, "2027-04-13", None),
    ("volgende week", KONINGSDAG_FRI, F, "2027-04-26", None),
    ("eind van de week", KONINGSDAG_FRI, F, "2027-04-23", None),  # today is Friday
    ("eind deze week", KONINGSDAG_FRI, F, "2027-04-23", None),
    ("eind volgende week", KONINGSDAG_FRI, F, "2027-04-30", None),
    ("eind van de maand", KONINGSDAG_FRI, F, "2027-04-30", None),
    ("begin volgende maand", KONINGSDAG_FRI, F, "2027-05-03", None),  # 1 May is a Saturday
    ("27-4", KONINGSDAG_FRI, F, "2027-04-27", None),
    ("1-4", KONINGSDAG_FRI, F, "2028-04-01", None),
    ("1-4", KONINGSDAG_FRI, P, "2027-04-01", None),
    ("over 1 maand", KONINGSDAG_FRI, F, "2027-05-23", None),
    ("over 2 weken", KONINGSDAG_FRI, F, "2027-05-07", None),
    # --- 2025: Koningsdag on Saturday 26 April, Bevrijdingsdag (lustrum) Monday 5 May
    ("+1wd", KONINGSDAG_2025_FRI, F, "2025-04-28", None),
    ("+6wd", KONINGSDAG_2025_FRI, F, "2025-05-06", None),
    ("+1wd", LUSTRUM_FRI, F, "2025-05-06", None),
    ("eind van de week", LUSTRUM_FRI, F, "2025-05-02", None),
    # --- Easter week 2027: Goede Vrijdag is a working day, Tweede Paasdag is not
    ("+1wd", EASTER_THU, F, "2027-03-26", None),
    ("+2wd", EASTER_THU, F, "2027-03-30", None),
    ("overmorgen", EASTER_THU, F, "2027-03-27", None),
    ("maandag", EASTER_THU, F, "2027-03-29", None),
    ("volgende week", EASTER_THU, F, "2027-03-29", None),  # the calendar Monday, holiday or not
    ("eind van de week", EASTER_THU, F, "2027-03-26", None),
    ("eind van de maand", EASTER_THU, F, "2027-03-31", None),
    ("begin volgende maand", EASTER_THU, F, "2027-04-01", None),
    # --- eve of Ascension Day (Thu 6 May 2027)
    ("morgen", ASCENSION_EVE, F, "2027-05-06", None),
    ("donderdag", ASCENSION_EVE, F, "2027-05-06", None),
    ("+1wd", ASCENSION_EVE, F, "2027-05-07", None),
    ("over 3 werkdagen", ASCENSION_EVE, F, "2027-05-11", None),
    ("+8wd", ASCENSION_EVE, F, "2027-05-19", None),  # also skips Tweede Pinksterdag 17 May
    ("eind van de week", ASCENSION_EVE, F, "2027-05-07", None),
    # --- a Monday: the other side of "volgende"
    ("dinsdag", MONDAY, F, "2026-12-01", None),
    ("volgende week dinsdag", MONDAY, F, "2026-12-08", None),
    ("volgende maandag", MONDAY, F, "2026-12-07", None),
    ("vorige maandag", MONDAY, P, "2026-11-23", None),
    ("vorige zondag", MONDAY, P, "2026-11-29", None),  # Sunday closes the previous ISO week
    # --- weekend and month end
    ("eind van de week", SATURDAY, F, "2026-12-11", None),  # this week's Friday has gone
    ("end of week", SATURDAY, F, "2026-12-11", None),
    ("+1wd", SATURDAY, F, "2026-12-07", None),
    ("+0wd", SATURDAY, F, "2026-12-07", None),
    ("vandaag", SATURDAY, F, "2026-12-05", None),
    ("eind van de maand", MONTH_END_SAT, F, "2026-11-30", None),  # Fri 30 Oct has gone
    ("eind van de week", MONTH_END_SAT, F, "2026-11-06", None),
    # --- daylight-saving nights: the wall time is kept as typed
    ("morgen 02:30", BEFORE_SPRING_FORWARD, F, "2027-03-28", "02:30"),
    ("28-3-2027 02:30", BEFORE_SPRING_FORWARD, F, "2027-03-28", "02:30"),
    ("morgen 02:30", BEFORE_FALL_BACK, F, "2026-10-25", "02:30"),
    ("25-10-2026 2u30", BEFORE_FALL_BACK, F, "2026-10-25", "02:30"),
    ("vandaag", dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), F, "2027-03-28", None),
    ("morgen", dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC), F, "2026-10-26", None),
]


@pytest.mark.parametrize(
    ("text", "now", "direction", "expected_day", "expected_time"),
    CASES,
    ids=[f"{text.strip()}@{now.isoformat()[:10]}{'-past' if d is P else ''}" for text, now, d, *_ in CASES],
)
def test_parse_when(
    text: str, now: dt.datetime, direction: Direction, expected_day: str, expected_time: str | None
) -> None:
    expected = When(day(expected_day), None if expected_time is None else dt.time.fromisoformat(expected_time))
    assert parse_when(text, now, direction=direction) == expected


@pytest.mark.parametrize(
    ("text", "now", "default_day", "every_year_day"),
    [
        # Tuesday 4 May 2027: Wednesday 5 May is off only with the setting,
        # Thursday 6 May (Hemelvaartsdag) always.
        ("+1wd", at(2027, 5, 4), "2027-05-05", "2027-05-07"),
        ("+2wd", at(2027, 5, 4), "2027-05-07", "2027-05-10"),
        ("+2wd", at(2027, 5, 3), "2027-05-05", "2027-05-07"),
        ("5 werkdagen", at(2027, 5, 10), "2027-04-30", "2027-04-29"),  # backwards
    ],
)
def test_parse_when_liberation_day_setting(text: str, now: dt.datetime, default_day: str, every_year_day: str) -> None:
    direction = P if text == "5 werkdagen" else F
    assert parse_when(text, now, direction=direction).day == day(default_day)
    assert parse_when(text, now, direction=direction, liberation_day_every_year=True).day == day(every_year_day)


BAD_DATE = [
    "",
    "   ",
    "foo",
    "morgenn",
    "1-13",
    "0-1",
    "1-0",
    "2026-13-01",
    "1-12-2026-1",
    "1-12/2026",
    "1/13",
    "14.30",  # a dot-time needs a date in front; as a date it is day 14 of month 30
    "over 2 uur",
    "over 3 dagen geleden",
    "+99999999d",
    "+99999999wd",
    "over 99999999 werkdagen",
    "+99999wd",
    "-99999w",
    "+5000j",
    "1-12-1900",
    "1-1-2101",
    "31-12-1965",
    "am",
    "and",
    "10am",
    "morgen10u",
    "foo 99:99",
    "volgende maand",
    "dinsdag volgende maand",
    "2026-12-01T14:30Z",
    "\x00",
    "\x1b[31m",
    "😀",
    "٣-١٢",  # Arabic-Indic digits are not read as numbers
    "１-１２",  # nor are full-width ones
    "x" * 500,
    "1" * 5000,
]


@pytest.mark.parametrize("text", BAD_DATE)
def test_unreadable_input_is_bad_date(text: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(text, YEAR_END)
    assert caught.value.key == "error.bad_date"


@pytest.mark.parametrize(
    "text", ["99:99", "25:00", "24:00", "morgen 25u", "1-12 14:60", "morgen 14u75", "10:30:61", "morgen 99.99"]
)
def test_impossible_time_is_bad_time(text: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(text, YEAR_END)
    assert caught.value.key == "error.bad_time"


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("12", YEAR_END),
        ("2026", YEAR_END),
        ("12 14:30", YEAR_END),
        ("+3", YEAR_END),
        ("-3", YEAR_END),
        ("over een paar dagen", YEAR_END),
        ("over enkele weken", YEAR_END),
        ("in a few days", YEAR_END),
        ("volgende dinsdag", MONDAY),  # tomorrow, or the week after?
        ("next tuesday", MONDAY),
        ("volgende donderdag", ASCENSION_EVE),
        ("vorige dinsdag", KONINGSDAG_FRI),  # three days ago, or ten?
        ("last tuesday", KONINGSDAG_FRI),
        ("wo 31 dec 2026", YEAR_END),  # 31 Dec 2026 is a Thursday
        ("ma 1-12", YEAR_END),
    ],
)
def test_ambiguous_input(text: str, now: dt.datetime) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(text, now)
    assert caught.value.key == "error.ambiguous_date"


def test_error_shows_input_truncated_and_without_control_characters() -> None:
    with pytest.raises(BadDate) as caught:
        parse_when("  onzin \x1b[2J" + "y" * 80, YEAR_END)
    assert caught.value.params == {"text": "onzin ?[2J" + "y" * 30}


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("morgen", dt.datetime(2026, 12, 30, 10, 0))


# ---------------------------------------------------------------- When


def test_when_storage_round_trip() -> None:
    when = When(day("2026-12-03"), dt.time(10, 0))
    assert when.to_storage() == ("2026-12-03", "10:00")
    assert When.from_storage("2026-12-03", "10:00") == when
    assert When(day("2026-12-03")).to_storage() == ("2026-12-03", None)
    assert When.from_storage("2026-12-03", None) == When(day("2026-12-03"))


def test_when_keeps_minutes_and_plain_dates_only() -> None:
    when = When(dt.datetime(2026, 12, 3, 8, 0), dt.time(10, 0, 59, 1, tzinfo=UTC))
    assert type(when.day) is dt.date
    assert when == When(day("2026-12-03"), dt.time(10, 0))
    assert when.to_storage() == ("2026-12-03", "10:00")


@pytest.mark.parametrize(
    ("stored_day", "stored_time", "key"),
    [
        ("2026-13-03", None, "error.bad_date"),
        ("3-12-2026", None, "error.bad_date"),
        ("20261203", None, "error.bad_date"),
        ("2026-12-03", "25:00", "error.bad_time"),
        ("2026-12-03", "10:0", "error.bad_time"),
        ("2026-12-03", "10:00:00", "error.bad_time"),
    ],
)
def test_from_storage_refuses_malformed_values(stored_day: str, stored_time: str | None, key: str) -> None:
    with pytest.raises(BadDate) as caught:
        When.from_storage(stored_day, stored_time)
    assert caught.value.key == key


def test_as_datetime_date_only_is_local_midnight() -> None:
    moment = When(day("2026-12-03")).as_datetime()
    assert moment == dt.datetime(2026, 12, 2, 23, 0, tzinfo=UTC)
    assert moment.tzinfo is AMSTERDAM


def test_as_datetime_in_winter_and_summer() -> None:
    assert When(day("2026-12-03"), dt.time(10, 0)).as_datetime() == dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert When(day("2027-06-03"), dt.time(10, 0)).as_datetime() == dt.datetime(2027, 6, 3, 8, 0, tzinfo=UTC)


def test_nonexistent_spring_forward_time_keeps_wall_time_and_uses_offset_before_the_change() -> None:
    when = parse_when("morgen 02:30", BEFORE_SPRING_FORWARD)
    assert when.to_storage() == ("2027-03-28", "02:30")
    moment = when.as_datetime()
    assert moment.utcoffset() == dt.timedelta(hours=1)
    assert moment.astimezone(UTC) == dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 03:30 summer time


def test_repeated_fall_back_time_means_the_first_occurrence() -> None:
    when = parse_when("morgen 02:30", BEFORE_FALL_BACK)
    assert when.to_storage() == ("2026-10-25", "02:30")
    moment = when.as_datetime()
    assert moment.fold == 0
    assert moment.utcoffset() == dt.timedelta(hours=2)
    assert moment.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


# ---------------------------------------------------------------- require_not_past


def test_require_not_past_accepts_today_and_later() -> None:
    require_not_past(When(day("2026-12-30")), YEAR_END)
    require_not_past(When(day("2026-12-30"), dt.time(10, 0)), at(2026, 12, 30, 10, 0).replace(second=59))
    require_not_past(When(day("2026-12-30"), dt.time(10, 1)), YEAR_END)
    require_not_past(When(day("2026-12-31"), dt.time(0, 0)), YEAR_END)


@pytest.mark.parametrize(
    ("when", "now", "shown"),
    [
        (When(day("2026-12-29")), YEAR_END, "2026-12-29"),
        (When(day("2026-12-29"), dt.time(23, 59)), YEAR_END, "2026-12-29 23:59"),
        (When(day("2026-12-30"), dt.time(9, 59)), YEAR_END, "2026-12-30 09:59"),
        # 01:30 UTC on 28 March 2027 is 03:30 summer time: 02:30 has gone
        (When(day("2027-03-28"), dt.time(2, 30)), dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "2027-03-28 02:30"),
        # 00:45 UTC on 25 October 2026 is 02:45 summer time, the first 02:45
        (When(day("2026-10-25"), dt.time(2, 30)), dt.datetime(2026, 10, 25, 0, 45, tzinfo=UTC), "2026-10-25 02:30"),
    ],
)
def test_require_not_past_refuses_the_past(when: When, now: dt.datetime, shown: str) -> None:
    with pytest.raises(BadDate) as caught:
        require_not_past(when, now)
    assert caught.value.key == "error.date_in_past"
    assert caught.value.params == {"text": shown}


def test_require_not_past_compares_wall_clock_in_the_repeated_hour() -> None:
    # 01:15 UTC is 02:15 winter time, the second pass through 02:00-03:00.
    require_not_past(When(day("2026-10-25"), dt.time(2, 30)), dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC))


# ---------------------------------------------------------------- format_when


@pytest.mark.parametrize(
    ("when", "nl", "en"),
    [
        (When(day("2026-12-03"), dt.time(10, 0)), "do 3 dec 2026 10:00", "Thu 3 Dec 2026 10:00"),
        (When(day("2026-12-01")), "di 1 dec 2026", "Tue 1 Dec 2026"),
        (When(day("2027-03-01"), dt.time(9, 5)), "ma 1 mrt 2027 09:05", "Mon 1 Mar 2027 09:05"),
        (When(day("2027-05-16")), "zo 16 mei 2027", "Sun 16 May 2027"),
        (When(day("2026-10-31"), dt.time(0, 0)), "za 31 okt 2026 00:00", "Sat 31 Oct 2026 00:00"),
        (When(day("2027-01-06")), "wo 6 jan 2027", "Wed 6 Jan 2027"),
        (When(day("2027-01-01")), "vr 1 jan 2027", "Fri 1 Jan 2027"),
    ],
)
def test_format_when(when: When, nl: str, en: str) -> None:
    assert format_when(when) == nl
    assert format_when(when, lang="nl") == nl
    assert format_when(when, lang="en") == en
    assert format_when(when, lang="en_GB") == en


# ---------------------------------------------------------------- holidays and working days


def test_holidays_2027() -> None:
    assert holidays_in(2027) == {
        day("2027-01-01"): "Nieuwjaarsdag",
        day("2027-03-28"): "Eerste paasdag",
        day("2027-03-29"): "Tweede paasdag",
        day("2027-04-27"): "Koningsdag",
        day("2027-05-06"): "Hemelvaartsdag",
        day("2027-05-16"): "Eerste pinksterdag",
        day("2027-05-17"): "Tweede pinksterdag",
        day("2027-12-25"): "Eerste kerstdag",
        day("2027-12-26"): "Tweede kerstdag",
    }


def test_holidays_2025_koningsdag_on_saturday_and_lustrum_liberation_day() -> None:
    days = holidays_in(2025)
    assert days[day("2025-04-26")] == "Koningsdag"
    assert day("2025-04-27") not in days
    assert days[day("2025-05-05")] == "Bevrijdingsdag"
    assert day("2025-04-18") not in days  # Goede Vrijdag
    assert len(days) == 10


def test_liberation_day_every_year() -> None:
    assert day("2027-05-05") not in holidays_in(2027)
    every_year = holidays_in(2027, liberation_day_every_year=True)
    assert every_year[day("2027-05-05")] == "Bevrijdingsdag"
    assert len(every_year) == 10
    # Lustrum years are unchanged by the setting.
    assert holidays_in(2030, liberation_day_every_year=True) == holidays_in(2030)


def test_shared_date_keeps_both_names() -> None:
    assert holidays_in(2005)[day("2005-05-05")] == "Bevrijdingsdag; Hemelvaartsdag"


def test_holidays_in_returns_a_copy() -> None:
    days = holidays_in(2027)
    days.clear()
    assert len(holidays_in(2027)) == 9


def test_koninginnedag_before_2014() -> None:
    assert holidays_in(2013)[day("2013-04-30")] == "Koninginnedag"


def test_holiday_package_covers_the_supported_years() -> None:
    from holidays.countries.netherlands import Netherlands

    assert Netherlands.start_year <= FIRST_YEAR
    assert Netherlands.end_year >= LAST_YEAR
    assert day(f"{LAST_YEAR}-12-25") in holidays_in(LAST_YEAR)
    assert day(f"{FIRST_YEAR}-12-25") in holidays_in(FIRST_YEAR)


@pytest.mark.parametrize(
    ("d", "flag", "expected"),
    [
        ("2027-03-26", False, True),  # Goede Vrijdag
        ("2027-03-29", False, False),  # Tweede Paasdag
        ("2027-04-27", False, False),  # Koningsdag
        ("2027-05-05", False, True),
        ("2027-05-05", True, False),
        ("2025-05-05", False, False),
        ("2027-05-06", False, False),  # Hemelvaartsdag
        ("2026-12-24", False, True),
        ("2026-12-25", False, False),
        ("2026-12-05", False, False),  # Saturday
        ("2026-12-06", False, False),  # Sunday
        ("2026-12-07", False, True),
    ],
)
def test_is_working_day(d: str, flag: bool, expected: bool) -> None:
    assert is_working_day(day(d), liberation_day_every_year=flag) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-12-30", 3, "2027-01-05"),
        ("2027-01-05", -3, "2026-12-30"),
        ("2026-12-30", -3, "2026-12-24"),
        ("2026-12-05", 0, "2026-12-07"),  # Saturday rolls forward
        ("2027-03-29", 0, "2027-03-30"),  # so does Tweede Paasdag
        ("2026-12-07", 0, "2026-12-07"),
        ("2026-12-05", 1, "2026-12-07"),
        ("2026-12-05", -1, "2026-12-04"),
        ("2027-04-23", 2, "2027-04-28"),
        ("2027-05-06", 6, "2027-05-14"),  # from a holiday, across whole weeks
        ("2027-05-06", -6, "2027-04-28"),
        ("2026-12-30", 250, "2027-12-22"),  # 31 Dec, then the 249th working day of 2027
    ],
)
def test_add_working_days(start: str, n: int, expected: str) -> None:
    assert add_working_days(day(start), n) == day(expected)


def test_add_working_days_year_count() -> None:
    # 2027 has 261 weekdays; five holidays fall on them (1 Jan, 29 Mar, 27 Apr,
    # 6 May, 17 May; Christmas is a weekend), leaving 256 working days.
    weekday_holidays = [d for d in holidays_in(2027) if d.weekday() < 5]
    assert len(weekday_holidays) == 5
    assert working_days_between(day("2026-12-31"), day("2027-12-31")) == 261 - 5
    assert add_working_days(day("2026-12-31"), 256) == day("2027-12-31")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2026-12-30", "2027-01-05", 3),
        ("2027-01-05", "2026-12-30", -3),
        ("2026-12-30", "2026-12-30", 0),
        ("2026-12-05", "2026-12-06", 0),  # a weekend
        ("2026-12-04", "2026-12-07", 1),
        ("2027-04-23", "2027-04-28", 2),  # Koningsdag skipped
        ("2027-05-04", "2027-05-07", 2),  # Hemelvaartsdag skipped
    ],
)
def test_working_days_between(a: str, b: str, expected: int) -> None:
    assert working_days_between(day(a), day(b)) == expected


def test_working_days_between_with_liberation_day() -> None:
    assert working_days_between(day("2027-05-04"), day("2027-05-07"), liberation_day_every_year=True) == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_working_days(dt.date(LAST_YEAR, 12, 31), 1),
        lambda: add_working_days(dt.date(FIRST_YEAR, 1, 3), -2),
        lambda: add_working_days(dt.date(9999, 12, 31), 1),
        lambda: is_working_day(dt.date(1965, 6, 1)),
        lambda: is_working_day(dt.date(2101, 6, 1)),
        lambda: working_days_between(dt.date(2100, 1, 1), dt.date(2101, 1, 3)),
        lambda: holidays_in(2101),
    ],
)
def test_working_days_outside_the_calendar_are_refused(call: Callable[[], object]) -> None:
    with pytest.raises(BadDate) as caught:
        call()
    assert caught.value.key == "error.bad_date"


# ---------------------------------------------------------------- properties

NOWS = st.sampled_from([YEAR_END, KONINGSDAG_FRI, EASTER_THU, ASCENSION_EVE, MONDAY, SATURDAY, BEFORE_FALL_BACK])
DIRECTIONS = st.sampled_from(list(Direction))
# Far enough inside FIRST_YEAR..LAST_YEAR that 3000 working days (~12 years) stay inside.
IN_RANGE = st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2085, 12, 31))
WHENS = st.builds(When, IN_RANGE, st.none() | st.times().map(lambda t: dt.time(t.hour, t.minute)))


def _parse_or_refuse(text: str, now: dt.datetime, direction: Direction) -> None:
    try:
        when = parse_when(text, now, direction=direction)
    except BadDate as refused:
        assert refused.key in {"error.bad_date", "error.date_not_exist", "error.ambiguous_date", "error.bad_time"}
        assert len(str(refused.params["text"])) <= 40
    else:
        assert FIRST_YEAR <= when.day.year <= LAST_YEAR


@FAST
@given(text=st.text(max_size=60), now=NOWS, direction=DIRECTIONS)
def test_any_text_gives_a_when_or_bad_date(text: str, now: dt.datetime, direction: Direction) -> None:
    _parse_or_refuse(text, now, direction)


BIG = st.integers(min_value=-(10**12), max_value=10**12)
SMALL = st.integers(min_value=-5, max_value=40)
PLAUSIBLE = st.one_of(
    st.builds("+{}wd".format, BIG),
    st.builds("{}wd".format, BIG),
    st.builds("over {} werkdagen".format, BIG),
    st.builds("+{}{}".format, BIG, st.sampled_from(["d", "w", "m", "j"])),
    st.builds("{} dagen geleden".format, BIG),
    st.builds("{}-{}-{}".format, SMALL, SMALL, st.integers(min_value=-1, max_value=10**5)),
    st.builds("{}-{}".format, SMALL, SMALL),
    st.builds("{}.{}".format, SMALL, SMALL),
    st.builds("{} {} {}".format, SMALL, st.sampled_from(["dec", "mei", "maart", "feb"]), BIG),
    st.builds("{}:{}".format, SMALL, st.integers(min_value=0, max_value=120)),
    st.builds("morgen {}u{}".format, SMALL, st.integers(min_value=0, max_value=120)),
    st.builds("{}-{}-{} {}:{:02d}".format, SMALL, SMALL, BIG, SMALL, st.integers(min_value=0, max_value=99)),
)


@FAST
@given(text=PLAUSIBLE, now=NOWS, direction=DIRECTIONS)
def test_plausible_text_gives_a_when_or_bad_date(text: str, now: dt.datetime, direction: Direction) -> None:
    _parse_or_refuse(text, now, direction)


@FAST
@given(when=WHENS, lang=st.sampled_from(["nl", "en"]), now=NOWS)
def test_formatted_when_reads_back(when: When, lang: str, now: dt.datetime) -> None:
    assert parse_when(format_when(when, lang=lang), now) == when


@FAST
@given(when=WHENS)
def test_storage_round_trip(when: When) -> None:
    assert When.from_storage(*when.to_storage()) == when


@FAST
@given(text=st.builds("{}-{}".format, st.integers(1, 31), st.integers(1, 12)), now=NOWS)
def test_yearless_date_is_nearest_in_each_direction(text: str, now: dt.datetime) -> None:
    today = now.date()
    try:
        ahead = parse_when(text, now, direction=Direction.FUTURE).day
    except BadDate as refused:
        assert refused.key == "error.date_not_exist"
        return
    behind = parse_when(text, now, direction=Direction.PAST).day
    assert behind <= today <= ahead
    d, m = (int(part) for part in text.split("-"))
    assert (ahead.day, ahead.month) == (behind.day, behind.month) == (d, m)
    assert (ahead - today).days < 366 * 8
    assert (today - behind).days < 366 * 8


@FAST
@given(start=IN_RANGE, n=st.integers(min_value=1, max_value=3000), flag=st.booleans())
def test_add_working_days_lands_on_a_working_day(start: dt.date, n: int, flag: bool) -> None:
    landed = add_working_days(start, n, liberation_day_every_year=flag)
    assert landed > start
    assert landed.weekday() < 5
    assert landed not in holidays_in(landed.year, liberation_day_every_year=flag)
    back = add_working_days(start, -n, liberation_day_every_year=flag)
    assert back < start
    assert back.weekday() < 5
    assert back not in holidays_in(back.year, liberation_day_every_year=flag)


@FAST
@given(start=IN_RANGE, n=st.integers(min_value=-3000, max_value=3000), flag=st.booleans())
def test_working_days_between_inverts_add_working_days(start: dt.date, n: int, flag: bool) -> None:
    d = add_working_days(start, 0, liberation_day_every_year=flag)
    assert is_working_day(d, liberation_day_every_year=flag)
    landed = add_working_days(d, n, liberation_day_every_year=flag)
    assert working_days_between(d, landed, liberation_day_every_year=flag) == n


@FAST
@given(a=IN_RANGE, span=st.integers(min_value=-60, max_value=60))
def test_working_days_between_counts_day_by_day(a: dt.date, span: int) -> None:
    b = a + dt.timedelta(days=span)
    lo, hi = min(a, b), max(a, b)
    counted = sum(is_working_day(lo + dt.timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    assert working_days_between(a, b) == (counted if b >= a else -counted)


def _walk(start: dt.date, n: int) -> dt.date:
    """The obvious day-by-day walk, as a reference for the week-jumping one."""
    current, step = start, (1 if n >= 0 else -1)
    remaining = abs(n)
    if n == 0:
        while not is_working_day(current):
            current += dt.timedelta(days=1)
    while remaining:
        current += dt.timedelta(days=step)
        remaining -= is_working_day(current)
    return current


NEAR_HOLIDAYS = st.builds(
    lambda year, index, offset: sorted(holidays_in(year))[index % len(holidays_in(year))] + dt.timedelta(days=offset),
    st.integers(min_value=1990, max_value=2080),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=-8, max_value=8),
)


@FAST
@given(start=NEAR_HOLIDAYS | IN_RANGE, n=st.integers(min_value=-40, max_value=40))
def test_add_working_days_matches_a_day_by_day_walk(start: dt.date, n: int) -> None:
    assert add_working_days(start, n) == _walk(start, n)
