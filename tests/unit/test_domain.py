"""Domain rules: the BSN, case numbers, vocabulary matching and intake validation."""

from __future__ import annotations

import dataclasses

import pytest

from loketcli.domain.bsn import mask_bsn, normalise_bsn, passes_elfproef
from loketcli.domain.intake import (
    MAX_MINUTES,
    IntakeForm,
    build_new_case,
    parse_digid,
    parse_email,
    parse_minutes,
    parse_phone,
    parse_terms,
)
from loketcli.domain.model import (
    CaseId,
    Consent,
    DigidStatus,
    Intake,
    NewCase,
    Visitor,
    format_case_id,
    parse_case_id,
)
from loketcli.domain.vocab import VocabularyName, load, normalise
from loketcli.errors import BadInput, UnknownCase, VocabularyError

# -- the BSN ---------------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["123456782", "111222333", "012345672"])
def test_elfproef_accepts_valid_numbers(digits: str) -> None:
    assert passes_elfproef(digits)


@pytest.mark.parametrize(
    "digits",
    ["123456789", "111222334", "000000000", "12345678", "1234567820", "12345678a", ""],
    ids=["checksum", "last-digit", "all-zero", "eight", "ten", "letter", "empty"],
)
def test_elfproef_rejects(digits: str) -> None:
    assert not passes_elfproef(digits)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("123456782", "123456782"),
        ("123 456 782", "123456782"),
        ("1234.56.782", "123456782"),
        ("123-456-782", "123456782"),
        (" 111 22 2333 ", "111222333"),
        ("12345672", "012345672"),  # an old eight-digit BSN gets its leading zero back
    ],
)
def test_normalise_bsn(typed: str, stored: str) -> None:
    assert normalise_bsn(typed) == stored


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("123456789", "error.bsn_elfproef"),
        ("12345678", "error.bsn_elfproef"),  # eight digits padded to 012345678, which fails
        ("1234567", "error.bsn_format"),
        ("1234567890", "error.bsn_format"),
        ("12345678x", "error.bsn_format"),
        ("123/456/782", "error.bsn_format"),
        ("", "error.bsn_format"),
    ],
)
def test_normalise_bsn_rejects(typed: str, key: str) -> None:
    with pytest.raises(BadInput) as caught:
        normalise_bsn(typed)
    assert caught.value.key == key
    assert caught.value.exit_code == 2
    # The typed number is never carried in the error.
    assert caught.value.params == {}


def test_mask_bsn() -> None:
    assert mask_bsn("123456782") == "*****6782"
    assert mask_bsn("111222333") == "*****2333"


# -- case numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["K-0042", "k42", "42", " K 42 ", "K42", "k-42", "0042", "K - 0042"])
def test_parse_case_id(text: str) -> None:
    assert parse_case_id(text) == 42


@pytest.mark.parametrize("text", ["0", "K-0000", "abc", "K-", "", "K-42a", "4 2", "-42", "1234567890", "K--42"])
def test_parse_case_id_rejects(text: str) -> None:
    with pytest.raises(UnknownCase) as caught:
        parse_case_id(text)
    assert caught.value.exit_code == 2
    assert caught.value.key == "error.case_id_format"


def test_parse_case_id_keeps_at_most_twenty_characters_of_the_input() -> None:
    with pytest.raises(UnknownCase) as caught:
        parse_case_id("x" * 50)
    assert caught.value.params == {"text": "x" * 20}


@pytest.mark.parametrize(("number", "label"), [(1, "K-0001"), (42, "K-0042"), (9999, "K-9999"), (12345, "K-12345")])
def test_format_case_id_round_trips(number: int, label: str) -> None:
    assert format_case_id(number) == label
    assert parse_case_id(label) == CaseId(number)


# -- vocabularies ----------------------------------------------------------------------

AGENCIES = VocabularyName.AGENCIES


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("toeslagen", "toeslagen"),
        ("Toeslagen", "toeslagen"),
        ("huurtoeslag", "toeslagen"),
        ("belasting", "belastingdienst"),
        ("Belastingdienst", "belastingdienst"),
        ("Belastindienst", "belastingdienst"),  # typo
        ("uwv", "uwv"),
        ("UWV", "uwv"),
        ("U.W.V.", "uwv"),
        ("Werk & Inkomen", "werk-en-inkomen"),
        ("bijstnd", "werk-en-inkomen"),  # typo of an alias
        ("naturalisatie", "ind"),
        ("cjib", "cjib"),
    ],
)
def test_agencies_match(typed: str, code: str) -> None:
    assert load(AGENCIES).match(typed).code == code


def test_ambiguous_agency_lists_the_candidates() -> None:
    with pytest.raises(VocabularyError) as caught:
        load(AGENCIES).match("dienst")
    error = caught.value
    assert error.key == "error.vocab_ambiguous.agencies"
    assert error.exit_code == 2
    assert error.params == {"text": "dienst", "candidates": "toeslagen, duo, werk-en-inkomen"}


def test_unknown_agency_lists_candidates() -> None:
    with pytest.raises(VocabularyError) as caught:
        load(AGENCIES).match("xyzzy")
    error = caught.value
    assert error.key == "error.vocab_choices.agencies"
    assert error.params["text"] == "xyzzy"
    # Nothing resembles "xyzzy", so every code is offered.
    assert str(error.params["candidates"]).split(", ") == list(load(AGENCIES).codes())


def test_unknown_term_suggests_only_close_ones() -> None:
    with pytest.raises(VocabularyError) as caught:
        load(AGENCIES).match("stadsbnk gemeente")
    assert caught.value.key == "error.vocab_unknown.agencies"
    assert caught.value.params["candidates"] == "stadsbank"


@pytest.mark.parametrize("typed", ["", "   ", "---"])
def test_empty_term_is_unknown(typed: str) -> None:
    with pytest.raises(VocabularyError) as caught:
        load(AGENCIES).match(typed)
    assert caught.value.key == "error.vocab_choices.agencies"


@pytest.mark.parametrize(
    ("vocabulary", "typed", "code"),
    [
        (VocabularyName.CHANNELS, "balie", "balie"),
        (VocabularyName.CHANNELS, "tel", "telefoon"),
        (VocabularyName.CHANNELS, "Telefonisch", "telefoon"),
        (VocabularyName.CHANNELS, "thuis", "huisbezoek"),
        (VocabularyName.CHANNELS, "w", "wijk"),
        (VocabularyName.REFERRALS, "dokter", "huisarts"),
        (VocabularyName.REFERRALS, "huisart", "huisarts"),
        (VocabularyName.REFERRALS, "uwv", "uwv"),
        (VocabularyName.LIFE_EVENTS, "werkloos", "baanverlies"),
        (VocabularyName.LIFE_EVENTS, "ziek", "ziekte"),
        (VocabularyName.LIFE_EVENTS, "echtscheiding", "scheiding"),
        (VocabularyName.COMPANIONS, "vertaler", "tolk"),
        (VocabularyName.COMPANIONS, "buurvrouw", "kennis"),
        (VocabularyName.COMPANIONS, "Familielid", "familie"),
    ],
)
def test_other_vocabularies_match(vocabulary: VocabularyName, typed: str, code: str) -> None:
    assert load(vocabulary).match(typed).code == code


@pytest.mark.parametrize(
    ("vocabulary", "typed", "key", "candidates"),
    [
        (VocabularyName.LIFE_EVENTS, "st", "error.vocab_ambiguous.life_events",
         "overlijden, migratie, studie, ondernemer"),
        (VocabularyName.COMPANIONS, "xyzzy", "error.vocab_choices.companions",
         "geen, tolk, familie, kennis, hulpverlener, anders"),
        (VocabularyName.CHANNELS, "xyzzy", "error.vocab_choices.channels",
         "balie, afspraak, telefoon, wijk, huisbezoek"),
    ],
)
def test_other_vocabularies_refuse(vocabulary: VocabularyName, typed: str, key: str, candidates: str) -> None:
    with pytest.raises(VocabularyError) as caught:
        load(vocabulary).match(typed)
    assert caught.value.key == key
    assert caught.value.params == {"text": typed, "candidates": candidates}


def test_every_vocabulary_matches_its_own_codes_labels_and_aliases() -> None:
    for name in VocabularyName:
        vocabulary = load(name)
        assert vocabulary.terms, name
        assert len(set(vocabulary.codes())) == len(vocabulary.terms), f"duplicate code in {name.value}"
        for term in vocabulary.terms:
            for written in (term.code, term.label, *term.aliases):
                assert vocabulary.match(written).code == term.code, (name.value, written)


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("  Één-Twee  ") == "een twee"
    assert normalise("Werk & Inkomen (gemeente)") == "werk inkomen gemeente"


def test_parse_terms_splits_commas_and_drops_duplicates() -> None:
    assert parse_terms(AGENCIES, ("uwv, svb", "UWV", " ", "belasting")) == ("uwv", "svb", "belastingdienst")


# -- intake validation ---------------------------------------------------------------

VALID = IntakeForm(
    name="  Testpersoon   Een ",
    question="Brief over de\nhuurtoeslag",
    channel="tel",
    referred_by="dokter",
    life_events=("schulden, ziek",),
    agencies=("toeslagen", "belasting"),
    digid="ja",
    consent_contact=True,
    consent_record=False,
    minutes=25,
    phone=" 06-12345678 ",
    email=" testpersoon.een@example.org ",
    bsn="1234.56.782",
    language=" Pools ",
    companion="vertaler",
)


def test_build_new_case_normalises_every_field() -> None:
    assert build_new_case(VALID) == NewCase(
        visitor=Visitor(
            name="Testpersoon Een",
            phone="06 12345678",
            email="testpersoon.een@example.org",
            bsn="123456782",
            language="Pools",
            digid=DigidStatus.HAS,
            companion="tolk",
        ),
        intake=Intake(
            question="Brief over de huurtoeslag",
            channel="telefoon",
            referred_by="huisarts",
            life_events=("schulden", "ziekte"),
            agencies=("toeslagen", "belastingdienst"),
            consent=Consent(contact_bodies=True, record_data=False),
            minutes=25,
        ),
    )


def test_build_new_case_minimal() -> None:
    new = build_new_case(IntakeForm(name="T.E.", question="Vraag", channel="balie"))
    assert new.visitor == Visitor(name="T.E.")
    assert new.intake == Intake(question="Vraag", channel="balie")


@pytest.mark.parametrize(
    ("change", "key", "params"),
    [
        ({"name": ""}, "error.field_required", {"field": "naam"}),
        ({"name": "   \t "}, "error.field_required", {"field": "naam"}),
        ({"name": "x" * 201}, "error.field_too_long", {"field": "naam", "limit": 200}),
        ({"question": ""}, "error.field_required", {"field": "vraag"}),
        ({"question": "x" * 4001}, "error.field_too_long", {"field": "vraag", "limit": 4000}),
        ({"language": "x" * 61}, "error.field_too_long", {"field": "taal", "limit": 60}),
        ({"email": "testpersoon.example.org"}, "error.email", {}),
        ({"email": "testpersoon@example"}, "error.email", {}),
        ({"email": "test persoon@example.org"}, "error.email", {}),
        ({"phone": "bel me"}, "error.phone", {}),
        ({"phone": "12345"}, "error.phone", {}),
        ({"phone": "------"}, "error.phone", {}),
        ({"minutes": -1}, "error.minutes", {"maximum": MAX_MINUTES}),
        ({"minutes": MAX_MINUTES + 1}, "error.minutes", {"maximum": MAX_MINUTES}),
        ({"digid": "misschien"}, "error.digid", {"choices": "heeft, geen, aangevraagd, onbekend"}),
        ({"bsn": "123456789"}, "error.bsn_elfproef", {}),
        ({"channel": ""}, "error.channel_missing", {"choices": "balie, afspraak, telefoon, wijk, huisbezoek"}),
        ({"agencies": ("dienst",)}, "error.vocab_ambiguous.agencies", None),
        ({"companion": "xyzzy"}, "error.vocab_choices.companions", None),
    ],
)
def test_build_new_case_refuses(change: dict[str, object], key: str, params: dict[str, object] | None) -> None:
    with pytest.raises(BadInput) as caught:
        build_new_case(dataclasses.replace(VALID, **change))  # type: ignore[arg-type]
    assert caught.value.key == key
    assert caught.value.exit_code == 2
    if params is not None:
        assert caught.value.params == params


@pytest.mark.parametrize(("value", "minutes"), [(None, None), ("", None), (0, 0), ("45", 45), (MAX_MINUTES, 600)])
def test_parse_minutes(value: int | str | None, minutes: int | None) -> None:
    assert parse_minutes(value) == minutes


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "601"])
def test_parse_minutes_rejects(value: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_minutes(value)
    assert caught.value.key == "error.minutes"


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("", DigidStatus.UNKNOWN),
        (None, DigidStatus.UNKNOWN),
        ("heeft", DigidStatus.HAS),
        ("h", DigidStatus.HAS),
        ("ja", DigidStatus.HAS),
        ("yes", DigidStatus.HAS),
        ("nee", DigidStatus.NONE),
        ("no", DigidStatus.NONE),
        ("GEEN", DigidStatus.NONE),
        ("aangevraagd", DigidStatus.APPLIED),
        ("onbekend", DigidStatus.UNKNOWN),
    ],
)
def test_parse_digid(typed: str | None, status: DigidStatus) -> None:
    assert parse_digid(typed) is status


@pytest.mark.parametrize(("typed", "stored"), [
    ("", None), ("  ", None), (" +31 6 1234 5678 ", "06 12345678"), ("0031 20 555 6667", "020 555 6667"),
    ("+32 470 12 34 56", "+32 470 12 34 56")])
def test_parse_phone(typed: str, stored: str | None) -> None:
    assert parse_phone(typed) == stored


def test_parse_email_strips_and_skips_empty() -> None:
    assert parse_email("  ") is None
    assert parse_email(" testpersoon@example.org ") == "testpersoon@example.org"
