"""Reading, checking and showing dates: the one date/time parser of the CLI.

Every `--due`, `--at`, `--day`, `--from` and `--to` goes through `parse_when`.
This is pure domain code: it never prints and never reads the clock; `now` is
always passed in (an aware datetime, taken in Europe/Amsterdam). The only
exception it raises for anything a user typed is `BadDate`; passing a naive
`now` is a programming error and raises `ValueError`.

What `parse_when` reads (case-insensitive, any amount of whitespace):

* Dates: `2026-12-01` (also `2026/12/01`), Dutch day-month order `1-12-2026`,
  `01-12-2026`, `1-12-26` (two-digit years are 20xx), `1-12`, `1/12`, `1.12`
  (one separator throughout), `1 december`, `1 dec`, `1 dec 2026`, `3 mei`,
  `1 maart` (Dutch and English month names and abbreviations). A leading weekday
  such as `do 3 dec 2026` is accepted when it matches the date; a mismatch is
  ambiguous. That makes every `format_when` output readable again.
* Words: `vandaag`, `morgen`, `overmorgen`, `gisteren`, `eergisteren`, `today`,
  `tomorrow`, `yesterday`; weekdays (`dinsdag`, `di`, `tuesday`, `tue`, with
  `aanstaande`/`komende`/`a.s.`/`this`/`coming`, `afgelopen`, `volgende`/`next`
  or `vorige`/`last`); `volgende week` / `next week` (Monday of next ISO week),
  `vorige week` / `last week` (Monday of last ISO week), `volgende week dinsdag`,
  `dinsdag volgende week`, `vorige week dinsdag`; `eind van de week`,
  `eind deze week`, `end of week`, `eind volgende week`; `eind van de maand`,
  `end of month`, `eind volgende maand`; `begin volgende maand`,
  `start of next month`.
* Amounts: `over 3 dagen`, `over 2 weken`, `over 1 maand`, `over een jaar`,
  `in 3 days`, `in 5 working days`, `+3d`, `+2w`, `+1m` (month, never minute),
  `+1j`/`+1y`, `+5wd`, `over 5 werkdagen`, `5 werkdagen`, and backwards
  `3 dagen geleden`, `3 days ago`, `-3d`, `-2wd`. Amounts are digits or the
  words een/één … tien, a/an/one … ten.
* A time after any of these: `14:30`, `9:15`, `14u30`, `14u`, `14 uur`,
  `14h30`, `14.30` (a dot-time only after a date part: `1.12` alone is
  1 December), optionally after `om`/`at`; `2026-12-01T14:30`; seconds
  (`14:30:00`) are accepted and dropped. A time on its own (`14:30`, `10u`)
  means today at that time. Times are wall-clock minutes: 00:00–23:59.

Resolution rules and the calls made on ambiguity:

* `Direction` only settles the forms that do not say which way they point: a
  bare weekday, a date without a year, and a bare amount (`5 werkdagen`).
  FUTURE takes the weekday strictly after today and the date on or after
  today; PAST takes the weekday strictly before today and the date on or before
  today (`29-2` keeps looking, up to eight years, for a year that has it).
  Only the dates are compared, not the time: `1-12 09:00` typed on 1 December
  at 10:00 is today at 09:00, which `require_not_past` then refuses. Every
  other form points its own way (`morgen`, `over`, `geleden`, `volgende`,
  `eind van de week`) and ignores `direction`.
* `volgende dinsdag` / `next tuesday` is read as the next Tuesday when that
  falls in next ISO week. When the next Tuesday is still in this week (said
  on a Monday) it may mean tomorrow or the week after, so it is ambiguous: say
  `dinsdag` or `volgende week dinsdag`. `vorige`/`last` mirror this for the
  previous weekday. `aanstaande`, `komende`, `a.s.`, `this`, `coming` always
  mean the next one; `afgelopen` the previous one.
* `eind van de week` is the last working day of this ISO week (a Friday, or
  Thursday when that Friday is a holiday); if that day has already gone
  (weekend, or a holiday Friday), the last working day of next week.
  `eind van de maand` is the last working day of this month, or of next month
  if today is past it. `begin volgende maand` is the first working day of next
  month. `volgende week` is the calendar Monday of next week, holiday or not,
  so it also works as the start of a period.
* Month and year amounts keep the day of month and clamp it (31 January plus
  one month is 28 or 29 February).
* A bare number (`12`, `2026`) is ambiguous: a day, a month, a year or a count
  of days. So is a signed number without a unit (`+3`), a vague amount
  (`over een paar dagen`) and a weekday that does not match its date.
* A day its month never has (`31-2`, `31-4`, `29-2-2027`, `2026-02-30`) is
  `error.date_not_exist`. Other unreadable input (`1-13`, `0-5`), and anything
  that would land outside the years FIRST_YEAR to LAST_YEAR (1966–2100, the
  span of the holiday calendar) is `error.bad_date`; a well-formed but
  impossible time (`25:00`, `99:99`) is `error.bad_time`.

Which days count as working days: Monday to Friday, except the Dutch public
holidays that are generally a day off: Nieuwjaarsdag (1 January), Tweede
Paasdag, Koningsdag (27 April, or Saturday 26 April when the 27th is a Sunday;
Koninginnedag before 2014), Hemelvaartsdag, Tweede Pinksterdag, and Eerste and
Tweede Kerstdag (25 and 26 December); Eerste Paasdag and Eerste Pinksterdag
are holidays too but always fall on a Sunday. Bevrijdingsdag (5 May) counts
only in lustrum years (2025, 2030, …), as in most collective agreements; with
the setting `liberation_day_every_year` it counts every year. Goede Vrijdag is
a working day. The calendar comes from the `holidays` package and covers 1966
to 2100; working-day sums that reach outside those years are refused.

Time zones: a `When` is a local Amsterdam wall-clock date and time, stored as
strings, so a daylight-saving change never moves a due time. `as_datetime`
attaches Europe/Amsterdam with `fold=0` (PEP 495): a time that happens twice
(02:30 on the last Sunday of October) means the first, summer-time, instant;
a time that does not exist (02:30 on the last Sunday of March) is read with
the offset from before the change, which is 03:30 summer time.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from loketcli.errors import BadDate

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

__all__ = [
    "AMSTERDAM",
    "FIRST_YEAR",
    "LAST_YEAR",
    "Direction",
    "When",
    "add_working_days",
    "format_when",
    "holidays_in",
    "is_working_day",
    "parse_when",
    "require_not_past",
    "working_days_between",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# The `holidays` package knows Dutch holidays for these years only; outside
# them a working-day count would be silently wrong, so dates are refused.
FIRST_YEAR = 1966
LAST_YEAR = 2100
_FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
_LAST_DAY = dt.date(LAST_YEAR, 12, 31)

# Longer input cannot be a date; refusing it early keeps the regexes cheap.
_MAX_INPUT = 100
# Anything larger leaves the supported years whatever the unit.
_MAX_AMOUNT = 100_000
_SHOWN_CHARS = 40

_DAY = dt.timedelta(days=1)


class Direction(enum.Enum):
    """Which occurrence a date that does not say so means: `1-12`, `dinsdag`."""

    FUTURE = "future"
    PAST = "past"


@dataclass(frozen=True)
class When:
    """A local (Europe/Amsterdam) wall-clock date with an optional time. Stored as local
    date + local time strings so a daylight-saving change never shifts a due time.

    The time is kept to the minute, naive: seconds, microseconds, tzinfo and
    fold are dropped on construction, so equal wall times compare equal.
    """

    day: dt.date
    time: dt.time | None = None

    def __post_init__(self) -> None:
        # A datetime is a date too, and would otherwise leak a time into `day`.
        if type(self.day) is not dt.date:
            object.__setattr__(self, "day", dt.date(self.day.year, self.day.month, self.day.day))
        if self.time is not None:
            object.__setattr__(self, "time", dt.time(self.time.hour, self.time.minute))

    def to_storage(self) -> tuple[str, str | None]:
        clock = None if self.time is None else f"{self.time.hour:02d}:{self.time.minute:02d}"
        return self.day.isoformat(), clock

    @classmethod
    def from_storage(cls, day: str, time: str | None) -> When:
        day_match = re.fullmatch(_STORED_DAY, day)
        if day_match is None:
            raise BadDate("error.bad_date", text=_shown(day))
        try:
            stored_day = dt.date(*(int(part) for part in day_match.groups()))
        except ValueError:
            raise BadDate("error.bad_date", text=_shown(day)) from None
        if time is None:
            return cls(stored_day)
        time_match = re.fullmatch(_STORED_TIME, time)
        if time_match is None:
            raise BadDate("error.bad_time", text=_shown(time))
        hour, minute = (int(part) for part in time_match.groups())
        if hour > 23 or minute > 59:
            raise BadDate("error.bad_time", text=_shown(time))
        return cls(stored_day, dt.time(hour, minute))

    def as_datetime(self) -> dt.datetime:
        """The instant in Europe/Amsterdam; a date without a time is its 00:00.

        Midnight makes date-only values sort before timed ones on the same day;
        code that asks "is this due today" should compare `day`, not instants.
        Ambiguous and non-existent wall times use fold=0, see the module notes.
        """
        return dt.datetime.combine(self.day, self.time or dt.time(0, 0), tzinfo=AMSTERDAM)


_STORED_DAY = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_STORED_TIME = r"([0-9]{2}):([0-9]{2})"


# ---------------------------------------------------------------- errors


class _Refused(Exception):
    """Internal: parsing stopped with a catalogue key; `parse_when` adds the text."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _OutOfRange(ValueError):
    """Internal: a working-day question about a year the holiday calendar lacks."""


def _shown(text: str) -> str:
    # The text ends up on a terminal: control characters could move the cursor
    # or change colours, so they are replaced before it leaves this module.
    head = text.strip()[:_SHOWN_CHARS]
    return "".join(char if char.isprintable() else "?" for char in head)


def _local_now(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(AMSTERDAM)


# ---------------------------------------------------------------- holidays

# The names the `holidays` package gives (language "nl") to the days that are
# off. Goede vrijdag is deliberately absent: it is not a general day off.
_DAYS_OFF = frozenset(
    {
        "Nieuwjaarsdag",
        "Eerste paasdag",
        "Tweede paasdag",
        "Koningsdag",
        "Koninginnedag",
        "Bevrijdingsdag",
        "Hemelvaartsdag",
        "Eerste pinksterdag",
        "Tweede pinksterdag",
        "Eerste kerstdag",
        "Tweede kerstdag",
    }
)
_LIBERATION_DAY = "Bevrijdingsdag"


def holidays_from_library(year: int) -> dict[dt.date, str]:
    """The days off of `year` as the `holidays` package has them (the source of
    truth, and of the table shipped in data/holidays_nl.json)."""
    import holidays

    calendar = holidays.country_holidays("NL", years=year, language="nl")
    days: dict[dt.date, str] = {}
    for day in sorted(calendar):
        # Two holidays can share a date (5 May 2005: Bevrijdingsdag and
        # Hemelvaartsdag), so every name on the date is checked.
        kept = [name for name in calendar.get_list(day) if name in _DAYS_OFF]
        if kept:
            days[day] = "; ".join(kept)
    return days


@lru_cache(maxsize=1)
def _shipped_table() -> dict[int, dict[dt.date, str]] | None:
    """The holiday table generated from the `holidays` package for FIRST_YEAR to
    LAST_YEAR and shipped as data: importing that package costs ~90 ms, which
    `loket today` would otherwise pay every morning. A test checks that the
    table equals the package's answer for every year."""
    import json

    from loketcli.domain.vocab import data_dir

    try:
        raw = json.loads((data_dir() / "holidays_nl.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    table: dict[int, dict[dt.date, str]] = {}
    for text, name in raw["days"].items():
        day = dt.date.fromisoformat(text)
        table.setdefault(day.year, {})[day] = name
    return table


@lru_cache(maxsize=512)
def _days_off(year: int, liberation_day_every_year: bool) -> dict[dt.date, str]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _OutOfRange(year)
    table = _shipped_table()
    days = dict(table.get(year, {})) if table is not None else holidays_from_library(year)
    if liberation_day_every_year:
        may5 = dt.date(year, 5, 5)
        names = days.get(may5)
        if names is None:
            days[may5] = _LIBERATION_DAY
        elif _LIBERATION_DAY not in names.split("; "):
            days[may5] = f"{_LIBERATION_DAY}; {names}"
        days = dict(sorted(days.items()))
    return days


def holidays_in(year: int, *, liberation_day_every_year: bool = False) -> dict[dt.date, str]:
    """The Dutch public holidays of `year` that are days off, by date, with Dutch names.

    Raises BadDate for a year outside FIRST_YEAR..LAST_YEAR.
    """
    try:
        return dict(_days_off(year, liberation_day_every_year))
    except _OutOfRange:
        raise BadDate("error.bad_date", text=str(year)) from None


def _is_working_day(day: dt.date, liberation: bool) -> bool:
    # The calendar is consulted even for weekends so that out-of-range dates
    # fail the same way whatever weekday they are.
    days_off = _days_off(day.year, liberation)
    return day.weekday() < 5 and day not in days_off


def _weekdays_through(day: dt.date) -> int:
    # Ordinal 1 (0001-01-01) is a Monday, so whole weeks hold five weekdays
    # each and the remainder holds at most five.
    ordinal = day.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def _count_working_days(after: dt.date, through: dt.date, liberation: bool) -> int:
    """Working days in (after, through]; `after <= through`."""
    if after >= through:
        return 0
    weekdays = _weekdays_through(through) - _weekdays_through(after)
    first = after + _DAY
    holidays_on_weekdays = sum(
        1
        for year in range(first.year, through.year + 1)
        for day in _days_off(year, liberation)
        if first <= day <= through and day.weekday() < 5
    )
    return weekdays - holidays_on_weekdays


def _add_working_days(day: dt.date, n: int, liberation: bool) -> dt.date:
    if n == 0:
        while not _is_working_day(day, liberation):
            day += _DAY
        return day
    step = 1 if n > 0 else -1
    remaining = abs(n)
    current = day
    # Jump whole weeks while far away. A jump of `weeks` weeks passes at most
    # 5 * weeks <= remaining - 1 working days, so at least one is left for the
    # day-by-day walk below, which therefore always stops on a working day.
    while remaining > 5:
        weeks = (remaining - 1) // 5
        target = current + dt.timedelta(weeks=weeks * step)
        if step > 0:
            passed = _count_working_days(current, target, liberation)
        else:
            passed = _count_working_days(target - _DAY, current - _DAY, liberation)
        remaining -= passed
        current = target
    while remaining > 0:
        current += dt.timedelta(days=step)
        if _is_working_day(current, liberation):
            remaining -= 1
    return current


def is_working_day(d: dt.date, *, liberation_day_every_year: bool = False) -> bool:
    """Monday to Friday and not a day-off holiday. BadDate outside FIRST_YEAR..LAST_YEAR."""
    try:
        return _is_working_day(d, liberation_day_every_year)
    except _OutOfRange:
        raise BadDate("error.bad_date", text=d.isoformat()) from None


def add_working_days(d: dt.date, n: int, *, liberation_day_every_year: bool = False) -> dt.date:
    """The day `n` working days after `d` (before it when `n` is negative).

    The result is always a working day, whatever `d` is: one working day after
    a Saturday is the Monday. `n == 0` gives `d` itself when it is a working
    day and otherwise the first working day after it, which is how a deadline
    that lands on a weekend or holiday is moved. Raises BadDate if the walk
    leaves FIRST_YEAR..LAST_YEAR.
    """
    try:
        return _add_working_days(d, n, liberation_day_every_year)
    except (_OutOfRange, OverflowError):
        raise BadDate("error.bad_date", text=d.isoformat()) from None


def working_days_between(a: dt.date, b: dt.date, *, liberation_day_every_year: bool = False) -> int:
    """Working days after `a` up to and including `b`: "3 werkdagen te laat".

    Negative when `b < a`: minus the working days after `b` up to and including
    `a`. So for a working day `d`, `working_days_between(d, add_working_days(d, n)) == n`
    for every `n`. Raises BadDate if a day in between lies outside FIRST_YEAR..LAST_YEAR.
    """
    try:
        if b < a:
            return -_count_working_days(b, a, liberation_day_every_year)
        return _count_working_days(a, b, liberation_day_every_year)
    except _OutOfRange:
        raise BadDate("error.bad_date", text=f"{a.isoformat()} {b.isoformat()}") from None


# ---------------------------------------------------------------- vocabulary


def _table(groups: tuple[tuple[str, ...], ...], start: int) -> dict[str, int]:
    return {name: index for index, names in enumerate(groups, start) for name in names}


_WEEKDAYS = _table(
    (
        ("maandag", "ma", "monday", "mon"),
        ("dinsdag", "di", "tuesday", "tue", "tues"),
        ("woensdag", "wo", "wednesday", "wed"),
        ("donderdag", "do", "thursday", "thu", "thur", "thurs"),
        ("vrijdag", "vr", "friday", "fri"),
        ("zaterdag", "za", "saturday", "sat"),
        ("zondag", "zo", "sunday", "sun"),
    ),
    0,
)
_MONTHS = _table(
    (
        ("januari", "jan", "january"),
        ("februari", "feb", "february"),
        ("maart", "mrt", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("augustus", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    1,
)
_AMOUNT_WORDS = {
    "een": 1,
    "één": 1,
    "eén": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_VAGUE_AMOUNTS = "een paar", "paar", "enkele", "a few", "few", "a couple of", "a couple", "some"
_UNITS = {
    **dict.fromkeys(("d", "dag", "dagen", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "week", "weken", "weeks"), "weeks"),
    **dict.fromkeys(("m", "mnd", "maand", "maanden", "month", "months"), "months"),
    **dict.fromkeys(("j", "jr", "jaar", "jaren", "y", "yr", "year", "years"), "years"),
    **dict.fromkeys(
        (
            "wd",
            "werkdag",
            "werkdagen",
            "working day",
            "working days",
            "workday",
            "workdays",
            "business day",
            "business days",
        ),
        "working days",
    ),
}
_DAY_WORDS = {
    "vandaag": 0,
    "today": 0,
    "morgen": 1,
    "tomorrow": 1,
    "overmorgen": 2,
    "gisteren": -1,
    "yesterday": -1,
    "eergisteren": -2,
}
_NEXT_WORDS = "volgende", "next"
_PREVIOUS_WORDS = "vorige", "last", "previous"
_COMING_WORDS = "aanstaande", "komende", "a.s.", "this", "coming"
_PAST_WORDS = ("afgelopen",)


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so `di` never wins over `dinsdag` inside an alternation.
    names = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)


_WD = _alternation(_WEEKDAYS)
_MONTH = _alternation(_MONTHS)
_UNIT = _alternation(_UNITS)
# Digits may touch their unit (`5wd`); words may not, or `am` would be a month.
_AMOUNT = rf"(?P<amount>[0-9]+)\s*|(?P<word>{_alternation((*_AMOUNT_WORDS, *_VAGUE_AMOUNTS))})\s+"
_NEXT_OR_PREVIOUS = _alternation((*_NEXT_WORDS, *_PREVIOUS_WORDS))

# ---------------------------------------------------------------- patterns

# Patterns are kept as strings and handed to re.fullmatch, whose cache compiles
# each on first use: compiling them all at import would cost every command a
# few milliseconds, also the many that never read a date.

# `.` is a date separator on its own (`1.12`), so a dot-time is only read
# after a date part, where a second date would make no sense.
_CLOCK_TAIL = r":(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?|\s*uur|[uh](?P<uminute>[0-9]{2})?"
_CLOCK_ALONE = rf"(?:(?:om|at)\s+)?(?P<hour>[0-9]{{1,2}})(?:{_CLOCK_TAIL})"
_CLOCK_AFTER = (
    rf"(?P<day>.+?)(?:\s+(?:om|at)\s+|\s+|(?<=[0-9])t)"
    rf"(?P<hour>[0-9]{{1,2}})(?:{_CLOCK_TAIL}|\.(?P<dminute>[0-9]{{2}}))"
)

_ISO = r"(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
_NUMERIC = r"(?P<day>[0-9]{1,2})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?:(?P=sep)(?P<year>[0-9]{4}|[0-9]{2}))?"
_NAMED_MONTH = rf"(?P<day>[0-9]{{1,2}})\s*(?P<month>{_MONTH})\.?(?:\s+(?P<year>[0-9]{{4}}))?"
_WEEKDAY_PREFIX = rf"(?P<weekday>{_WD})\.?,?\s+(?P<rest>.+)"

_WEEKDAY = (
    rf"(?:(?P<modifier>{_alternation((*_NEXT_WORDS, *_PREVIOUS_WORDS, *_COMING_WORDS, *_PAST_WORDS))})\s+)?"
    rf"(?P<weekday>{_WD})\.?"
)
_WEEKDAY_COMING_AFTER = rf"(?P<weekday>{_WD})\.?\s+(?:a\.s\.|aanstaande)"
_WEEK_THEN_DAY = rf"(?P<which>{_NEXT_OR_PREVIOUS})\s+week(?:\s+(?:op\s+|on\s+)?(?P<weekday>{_WD})\.?)?"
_DAY_THEN_WEEK = rf"(?P<weekday>{_WD})\.?\s+(?P<which>{_NEXT_OR_PREVIOUS})\s+week"

_END_OF_THIS = (
    r"(?:eind|einde)\s+(?:van\s+(?:de|deze)\s+|deze\s+|v/d\s+)?(?P<nl>week|maand)"
    r"|end\s+of\s+(?:the\s+|this\s+)?(?P<en>week|month)"
)
_END_OF_NEXT = (
    r"(?:eind|einde)\s+(?:van\s+)?(?:de\s+)?volgende\s+(?P<nl>week|maand)"
    r"|end\s+of\s+(?:the\s+)?next\s+(?P<en>week|month)"
)
_START_OF_NEXT_MONTH = (
    r"(?:begin|start)\s+(?:van\s+)?(?:de\s+)?volgende\s+maand"
    r"|(?:start|beginning|begin)\s+(?:of\s+)?(?:the\s+)?next\s+month"
)

_RELATIVE = rf"(?:(?P<forward>over|in)\s+)?(?:{_AMOUNT})(?P<unit>{_UNIT})(?:\s+(?P<back>geleden|ago))?"
_SIGNED = rf"(?P<sign>[+-])\s*(?P<amount>[0-9]+)\s*(?P<unit>{_UNIT})?"
_BARE_NUMBER = r"[0-9]+"


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Context:
    today: dt.date
    direction: Direction
    liberation: bool


def parse_when(
    text: str,
    now: dt.datetime,
    *,
    direction: Direction = Direction.FUTURE,
    liberation_day_every_year: bool = False,
) -> When:
    """Read a date with an optional time, relative to `now`; see the module notes.

    Raises BadDate ("error.bad_date", "error.date_not_exist", "error.ambiguous_date"
    or "error.bad_time")
    with `text` set to the start of the input, and nothing else for any string.
    """
    context = _Context(_local_now(now).date(), direction, liberation_day_every_year)
    try:
        if len(text) > _MAX_INPUT:
            raise _Refused("error.bad_date")
        normal = " ".join(text.lower().split())
        if not normal:
            raise _Refused("error.bad_date")
        day_text, clock = _split_clock(normal)
        day = context.today if day_text is None else _parse_day(day_text, context)
        if not _FIRST_DAY <= day <= _LAST_DAY:
            raise _Refused("error.bad_date")
        # The day is checked first: for `foo 99:99` the unreadable part is the
        # more useful complaint.
        time = None if clock is None else _clock(clock)
    except _Refused as refused:
        raise BadDate(refused.key, text=_shown(text)) from None
    except (ValueError, OverflowError):
        # Impossible dates (31-2) and arithmetic past the ends of `date`.
        raise BadDate("error.bad_date", text=_shown(text)) from None
    return When(day, time)


def require_not_past(when: When, now: dt.datetime) -> None:
    """Raise BadDate("error.date_in_past") for a day before today, or today at an
    earlier minute than now (wall clock). Today without a time is never past."""
    local = _local_now(now)
    today = local.date()
    this_minute = dt.time(local.hour, local.minute)
    if when.day < today or (when.day == today and when.time is not None and when.time < this_minute):
        raise BadDate("error.date_in_past", text=" ".join(part for part in when.to_storage() if part))


def _split_clock(text: str) -> tuple[str | None, re.Match[str] | None]:
    alone = re.fullmatch(_CLOCK_ALONE, text)
    if alone is not None:
        return None, alone
    after = re.fullmatch(_CLOCK_AFTER, text)
    if after is not None:
        return after["day"], after
    return text, None


def _clock(match: re.Match[str]) -> dt.time:
    groups = match.groupdict()
    hour = int(groups["hour"])
    minute = int(groups["minute"] or groups["uminute"] or groups.get("dminute") or 0)
    second = int(groups["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _Refused("error.bad_time")
    return dt.time(hour, minute)


def _parse_day(text: str, context: _Context) -> dt.date:
    for reader in _READERS:
        day = reader(text, context)
        if day is not None:
            return day
    if re.fullmatch(_BARE_NUMBER, text):
        raise _Refused("error.ambiguous_date")
    raise _Refused("error.bad_date")


def _read_day_word(text: str, context: _Context) -> dt.date | None:
    offset = _DAY_WORDS.get(text)
    return None if offset is None else context.today + dt.timedelta(days=offset)


def _read_absolute(text: str, context: _Context) -> dt.date | None:
    day = _read_plain_absolute(text, context)
    if day is not None:
        return day
    prefixed = re.fullmatch(_WEEKDAY_PREFIX, text)
    if prefixed is None:
        return None
    day = _read_plain_absolute(prefixed["rest"], context)
    if day is not None and day.weekday() != _WEEKDAYS[prefixed["weekday"]]:
        raise _Refused("error.ambiguous_date")
    return day


def _read_plain_absolute(text: str, context: _Context) -> dt.date | None:
    iso = re.fullmatch(_ISO, text)
    if iso is not None:
        return _date(int(iso["year"]), int(iso["month"]), int(iso["day"]))
    numeric = re.fullmatch(_NUMERIC, text)
    if numeric is not None:
        return _resolve(int(numeric["day"]), int(numeric["month"]), numeric["year"], context)
    named = re.fullmatch(_NAMED_MONTH, text)
    if named is not None:
        return _resolve(int(named["day"]), _MONTHS[named["month"]], named["year"], context)
    return None


def _resolve(day: int, month: int, year: str | None, context: _Context) -> dt.date:
    if year is not None:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return _date(full_year, month, day)
    step = 1 if context.direction is Direction.FUTURE else -1
    # Eight years always include a leap year, even across 2100 (not a leap year).
    for years_away in range(9):
        try:
            candidate = dt.date(context.today.year + step * years_away, month, day)
        except ValueError:
            continue
        if (candidate >= context.today) if step > 0 else (candidate <= context.today):
            return candidate
    raise _Refused(_impossible(month, day))


def _impossible(month: int, day: int) -> str:
    """A real month with a day it never (or not that year) has, 31-2 or
    29-2-2027, is a date that does not exist: more use to the worker than
    "not understood". Anything else (1-13, 0-5) was not read as a date."""
    return "error.date_not_exist" if 1 <= month <= 12 and 1 <= day <= 31 else "error.bad_date"


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        if not 1 <= year <= 9999:
            raise
        raise _Refused(_impossible(month, day)) from None


def _next_weekday(today: dt.date, weekday: int) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _previous_weekday(today: dt.date, weekday: int) -> dt.date:
    return today - dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _read_weekday(text: str, context: _Context) -> dt.date | None:
    today = context.today
    coming = re.fullmatch(_WEEKDAY_COMING_AFTER, text)
    if coming is not None:
        return _next_weekday(today, _WEEKDAYS[coming["weekday"]])
    match = re.fullmatch(_WEEKDAY, text)
    if match is None:
        return None
    weekday = _WEEKDAYS[match["weekday"]]
    modifier = match["modifier"]
    if modifier is None:
        if context.direction is Direction.FUTURE:
            return _next_weekday(today, weekday)
        return _previous_weekday(today, weekday)
    if modifier in _COMING_WORDS:
        return _next_weekday(today, weekday)
    if modifier in _PAST_WORDS:
        return _previous_weekday(today, weekday)
    day = _next_weekday(today, weekday) if modifier in _NEXT_WORDS else _previous_weekday(today, weekday)
    # Still in this week: "next Tuesday" said on a Monday may mean tomorrow or
    # the Tuesday after; refusing is cheaper than a missed deadline.
    if _monday(day) == _monday(today):
        raise _Refused("error.ambiguous_date")
    return day


def _read_week(text: str, context: _Context) -> dt.date | None:
    match = re.fullmatch(_WEEK_THEN_DAY, text) or re.fullmatch(_DAY_THEN_WEEK, text)
    if match is None:
        return None
    weeks = 1 if match["which"] in _NEXT_WORDS else -1
    monday = _monday(context.today) + dt.timedelta(weeks=weeks)
    weekday = match["weekday"]
    return monday if weekday is None else monday + dt.timedelta(days=_WEEKDAYS[weekday])


def _last_working_day_of_week(day: dt.date, liberation: bool) -> dt.date:
    candidate = _monday(day) + dt.timedelta(days=4)
    while not _is_working_day(candidate, liberation):
        candidate -= _DAY
    return candidate


def _months(*, years: int = 0, months: int = 0, day: int | None = None) -> relativedelta:
    # dateutil (with six) only for the forms that count in months or years:
    # the agenda and a `--due morgen` never need it.
    from dateutil.relativedelta import relativedelta

    return relativedelta(years=years, months=months, day=day)


def _last_working_day_of_month(day: dt.date, liberation: bool) -> dt.date:
    candidate = day + _months(day=31)
    while not _is_working_day(candidate, liberation):
        candidate -= _DAY
    return candidate


def _read_period(text: str, context: _Context) -> dt.date | None:
    today, liberation = context.today, context.liberation
    if re.fullmatch(_START_OF_NEXT_MONTH, text):
        return _add_working_days(today + _months(months=1, day=1), 0, liberation)
    this = re.fullmatch(_END_OF_THIS, text)
    following = re.fullmatch(_END_OF_NEXT, text)
    match = this or following
    if match is None:
        return None
    if (match["nl"] or match["en"]) == "week":
        day = _last_working_day_of_week(today + dt.timedelta(weeks=0 if this else 1), liberation)
        if day < today:
            day = _last_working_day_of_week(today + dt.timedelta(weeks=1), liberation)
        return day
    day = _last_working_day_of_month(today + _months(months=0 if this else 1), liberation)
    if day < today:
        day = _last_working_day_of_month(today + _months(months=1), liberation)
    return day


def _read_amount(text: str, context: _Context) -> dt.date | None:
    relative = re.fullmatch(_RELATIVE, text)
    if relative is not None:
        if relative["forward"] and relative["back"]:
            raise _Refused("error.bad_date")
        if relative["forward"]:
            sign = 1
        elif relative["back"]:
            sign = -1
        else:
            sign = 1 if context.direction is Direction.FUTURE else -1
        amount_text, unit = relative["amount"] or relative["word"], relative["unit"]
    else:
        signed = re.fullmatch(_SIGNED, text)
        if signed is None:
            return None
        if signed["unit"] is None:
            raise _Refused("error.ambiguous_date")
        sign = 1 if signed["sign"] == "+" else -1
        amount_text, unit = signed["amount"], signed["unit"]
    amount = _amount(amount_text)
    return _shift(context, sign * amount, _UNITS[" ".join(unit.split())])


def _amount(text: str) -> int:
    normal = " ".join(text.split())
    if normal in _VAGUE_AMOUNTS:
        raise _Refused("error.ambiguous_date")
    if normal in _AMOUNT_WORDS:
        return _AMOUNT_WORDS[normal]
    # Input is capped at _MAX_INPUT characters, so int() stays cheap.
    amount = int(normal)
    if amount > _MAX_AMOUNT:
        raise _Refused("error.bad_date")
    return amount


def _shift(context: _Context, amount: int, unit: str) -> dt.date:
    today = context.today
    if unit == "days":
        return today + dt.timedelta(days=amount)
    if unit == "weeks":
        return today + dt.timedelta(weeks=amount)
    if unit == "months":
        return today + _months(months=amount)
    if unit == "years":
        return today + _months(years=amount)
    return _add_working_days(today, amount, context.liberation)


_Reader = Callable[[str, _Context], dt.date | None]
_READERS: tuple[_Reader, ...] = (
    _read_day_word,
    _read_absolute,
    _read_weekday,
    _read_week,
    _read_period,
    _read_amount,
)


# ---------------------------------------------------------------- formatting

_NL_WEEKDAYS = "ma", "di", "wo", "do", "vr", "za", "zo"
_NL_MONTHS = "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"
_EN_WEEKDAYS = "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
_EN_MONTHS = "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"


def format_when(when: When, *, lang: str = "nl") -> str:
    """`do 3 dec 2026 10:00`, `di 1 dec 2026`; English `Thu 3 Dec 2026 10:00`.

    Any `lang` starting with "en" (`en`, `en_GB`) is English; anything else Dutch.
    The output is accepted by `parse_when` and gives the same `When` back.
    """
    english = lang.lower().startswith("en")
    weekdays, months = (_EN_WEEKDAYS, _EN_MONTHS) if english else (_NL_WEEKDAYS, _NL_MONTHS)
    day = when.day
    text = f"{weekdays[day.weekday()]} {day.day} {months[day.month - 1]} {day.year}"
    if when.time is not None:
        text += f" {when.time.hour:02d}:{when.time.minute:02d}"
    return text
