"""Domain rules behind clear answers (issue 11, section 3): plausible
suggestions, how a term was read, the desk vocabulary, dates that do not exist."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from loketcli.domain.dates import parse_when
from loketcli.domain.vocab import (
    Term,
    Vocabulary,
    VocabularyName,
    load,
    set_reading_listener,
    suggestions,
    use_desk_file,
)
from loketcli.errors import BadDate, BadInput, VocabularyError

NOW = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
AGENCIES = VocabularyName.AGENCIES


@pytest.fixture(autouse=True)
def no_desk_file_and_no_listener() -> Iterator[None]:
    use_desk_file(None)
    set_reading_listener(None)
    yield
    use_desk_file(None)
    set_reading_listener(None)


def shipped_without(*codes: str) -> Vocabulary:
    """The shipped agencies as they were before the common targets were added."""
    full = load(AGENCIES)
    return Vocabulary(AGENCIES, tuple(term for term in full.terms if term.code not in codes))


def refusal(vocabulary: Vocabulary, typed: str) -> VocabularyError:
    with pytest.raises(VocabularyError) as caught:
        vocabulary.match(typed)
    return caught.value


# -- suggestions --------------------------------------------------------------------------------


def test_deurwaarder_is_not_taken_for_a_housing_corporation() -> None:
    before = shipped_without("deurwaarder", "incassobureau", "bewindvoerder")
    error = refusal(before, "deurwaarder")
    assert error.key == "error.vocab_choices.agencies"
    assert error.params["candidates"] == ", ".join(before.codes())
    assert suggestions(before, "deurwaarder") == ()


def test_a_word_naming_a_body_is_the_suggestion() -> None:
    error = refusal(load(AGENCIES), "IND website")
    assert (error.key, error.params["candidates"]) == ("error.vocab_unknown.agencies", "ind")
    assert "svb" not in str(error.params["candidates"])


@pytest.mark.parametrize(("typed", "close"), [
    ("stadsbnk gemeente", ("stadsbank",)),
    ("bewindvoering", ("bewindvoerder",)),
    ("huisart", ()),  # matched outright, see below
])
def test_only_close_matches_are_suggested(typed: str, close: tuple[str, ...]) -> None:
    if close:
        assert refusal(load(AGENCIES), typed).params["candidates"] == ", ".join(close)
    else:
        assert load(AGENCIES).match(typed).code == "huisarts"


@pytest.mark.parametrize("typed", ["xyzzy", "kapper", "12345"])
def test_nothing_close_offers_every_choice(typed: str) -> None:
    error = refusal(load(AGENCIES), typed)
    assert error.key == "error.vocab_choices.agencies"
    assert error.params["candidates"] == ", ".join(load(AGENCIES).codes())


def test_new_entries_are_appended_and_carry_an_english_label() -> None:
    for name, first_new in ((AGENCIES, "deurwaarder"), (VocabularyName.REFERRALS, "schuldhulp"),
                            (VocabularyName.LIFE_EVENTS, "huiselijk-geweld")):
        terms = load(name).terms
        codes = [t.code for t in terms]
        assert all(t.label_en for t in terms[codes.index(first_new):]), name


# -- how a term was read ------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "told"), [
    ("uwv", False), ("UWV", False), ("Belastingdienst", False), ("Dienst Toeslagen", False),
    ("belastingen", True), ("belasting", True), ("Belastindienst", True), ("huurtoeslag", True),
])
def test_the_listener_hears_only_what_was_read_as_something_else(typed: str, told: bool) -> None:
    heard: list[tuple[VocabularyName, str, str]] = []
    set_reading_listener(lambda name, text, term: heard.append((name, text, term.code)))
    code = load(AGENCIES).match(typed).code
    assert heard == ([(AGENCIES, typed, code)] if told else [])


# -- the desk vocabulary file -------------------------------------------------------------------


def desk(tmp_path: Path, body: object) -> Path:
    path = tmp_path / "vocabulary.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    use_desk_file(path)
    return path


def test_desk_terms_are_added_and_shipped_ones_completed(tmp_path: Path) -> None:
    desk(tmp_path, {"agencies": {"terms": [
        {"code": "wijkteam", "aliases": ["wijkteam zuid"], "phone": "010 765 4321"},
        {"code": "rechtswinkel", "label": "Rechtswinkel", "aliases": ["rechtshulp"], "label_en": "Law shop",
         "website": "https://rechtswinkel.example.nl"},
    ]}})
    vocabulary = load(AGENCIES)
    assert vocabulary.terms[-1] == Term("rechtswinkel", "Rechtswinkel", ("rechtshulp",), None, "Law shop",
                                        "https://rechtswinkel.example.nl", None)
    wijkteam = vocabulary.by_code("wijkteam")
    assert wijkteam.aliases[-1] == "wijkteam zuid" and wijkteam.phone == "010 765 4321"
    assert wijkteam.label == "Wijkteam"  # not given, so kept
    assert vocabulary.match("rechtshulp").code == "rechtswinkel"
    # Other lists are untouched by a file that does not mention them.
    assert load(VocabularyName.CHANNELS) == Vocabulary(VocabularyName.CHANNELS, load(VocabularyName.CHANNELS).terms)
    use_desk_file(None)
    assert "rechtswinkel" not in load(AGENCIES).codes()


def test_an_edited_desk_file_is_read_again(tmp_path: Path) -> None:
    path = desk(tmp_path, {"agencies": {"terms": [{"code": "een", "label": "Een"}]}})
    assert load(AGENCIES).codes()[-1] == "een"
    path.write_text(json.dumps({"agencies": {"terms": [{"code": "twee", "label": "Twee"}]}}), encoding="utf-8")
    import os

    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load(AGENCIES).codes()[-1] == "twee"


def test_a_missing_desk_file_beside_the_store_is_no_error(tmp_path: Path) -> None:
    use_desk_file(tmp_path / "vocabulary.json")
    assert load(AGENCIES).codes() == shipped_without().codes()
    use_desk_file(tmp_path / "vocabulary.json", required=True)
    with pytest.raises(BadInput) as caught:
        load(AGENCIES)
    assert caught.value.key == "error.desk_vocab.unreadable"


def test_a_bad_entry_names_its_place_and_code(tmp_path: Path) -> None:
    path = desk(tmp_path, {"referrals": {"terms": [{"code": "kerk", "label": "Kerk"},
                                                   {"code": "moskee", "label": "Moskee", "phone": 31}]}})
    with pytest.raises(BadInput) as caught:
        load(VocabularyName.REFERRALS)
    assert caught.value.exit_code == 2
    assert (caught.value.key, caught.value.params) == ("error.desk_vocab.text", {
        "path": str(path), "vocabulary": "referrals", "index": 2, "code": "moskee", "field": "phone"})


# -- dates that do not exist --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["31-02", "31-2", "30-2-2026", "29-2-2027", "2026-02-30", "31 apr", "31-06 10:00"])
def test_a_day_its_month_never_has_does_not_exist(text: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(text, NOW)
    assert caught.value.key == "error.date_not_exist"


@pytest.mark.parametrize("text", ["1-13", "0-5", "32-1", "foo"])
def test_other_unreadable_dates_stay_not_understood(text: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(text, NOW)
    assert caught.value.key == "error.bad_date"


def test_29_february_still_finds_its_leap_year() -> None:
    assert parse_when("29-2", NOW).day == dt.date(2028, 2, 29)
