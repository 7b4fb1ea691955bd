"""The holiday table shipped in data/ must say exactly what the holidays package says."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from loketcli.domain import dates
from loketcli.domain.vocab import data_dir


def test_the_table_covers_every_supported_year() -> None:
    raw = json.loads((data_dir() / "holidays_nl.json").read_text(encoding="utf-8"))
    assert raw["years"] == [dates.FIRST_YEAR, dates.LAST_YEAR]
    years = {dt.date.fromisoformat(day).year for day in raw["days"]}
    assert years == set(range(dates.FIRST_YEAR, dates.LAST_YEAR + 1))


@pytest.mark.parametrize("year", range(dates.FIRST_YEAR, dates.LAST_YEAR + 1))
def test_the_table_matches_the_library(year: int) -> None:
    table = dates._shipped_table()
    assert table is not None
    # After a holidays upgrade that changes a rule: scripts/gen_holidays.py.
    assert table[year] == dates.holidays_from_library(year)


def test_koningsdag_2025_falls_on_saturday_in_the_table() -> None:
    table = dates._shipped_table()
    assert table is not None
    assert table[2025][dt.date(2025, 4, 26)] == "Koningsdag"
    assert dt.date(2025, 4, 18) not in table[2025]  # Goede Vrijdag is a working day
    assert table[2025][dt.date(2025, 5, 5)] == "Bevrijdingsdag"  # a lustrum year
    assert dt.date(2026, 5, 5) not in table[2026]
