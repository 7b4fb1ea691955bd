"""The English catalogue mirrors the Dutch one, and `LOKET_LANG` selects it."""

from __future__ import annotations

import string
import subprocess
import sys
from collections.abc import Iterator

import pytest

from loketcli.i18n import available_languages, current_language, set_language, t
from loketcli.i18n.en import MESSAGES as EN
from loketcli.i18n.nl import MESSAGES as NL


@pytest.fixture(autouse=True)
def no_cached_language() -> Iterator[None]:
    set_language(None)
    yield
    set_language(None)


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_every_dutch_key_is_in_english() -> None:
    missing = sorted(NL.keys() - EN.keys())
    assert not missing, f"missing from loketcli/i18n/en.py: {missing}"


def test_every_english_key_is_in_dutch() -> None:
    extra = sorted(EN.keys() - NL.keys())
    assert not extra, f"in loketcli/i18n/en.py but not in nl.py: {extra}"


@pytest.mark.parametrize("key", sorted(NL.keys() & EN.keys()))
def test_placeholders_are_the_same(key: str) -> None:
    assert _placeholders(EN[key]) == _placeholders(NL[key])


def test_no_english_text_is_empty() -> None:
    # An empty template would silently fall back to Dutch.
    assert not [key for key, text in EN.items() if not text.strip()]


def test_loket_lang_en_gives_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_LANG", "en")
    set_language(None)
    assert current_language() == "en"
    assert t("error.locked") == EN["error.locked"]
    assert t("error.locked") != NL["error.locked"]


def test_loket_lang_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_LANG", "EN")
    assert t("error.locked") == EN["error.locked"]


def test_set_language_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_LANG", "nl")
    set_language("en")
    assert t("error.locked") == EN["error.locked"]
    set_language(None)
    assert t("error.locked") == NL["error.locked"]


def test_english_fills_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_LANG", "en")
    assert t("intake.done", case="K-0042") == "Case K-0042 opened."


@pytest.mark.parametrize("lang", ["fr", "xx", "", "en_GB"])
def test_unknown_language_falls_back_to_dutch(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("LOKET_LANG", lang)
    set_language(None)
    assert current_language() == "nl"
    assert t("error.locked") == NL["error.locked"]


def test_default_is_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOKET_LANG", raising=False)
    assert current_language() == "nl"
    assert t("error.locked") == NL["error.locked"]


def test_set_language_ignores_unknown_languages() -> None:
    set_language("fr")
    assert current_language() == "nl"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_missing_key_returns_the_key(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("LOKET_LANG", lang)
    assert t("no.such.key") == "no.such.key"
    assert t("no.such.key", case="K-0001") == "no.such.key"


def test_available_languages() -> None:
    assert available_languages() == ("en", "nl")


def _imports_english(env_lang: str | None) -> bool:
    """Whether translating one message imports loketcli.i18n.en, in a fresh interpreter."""
    lang = "" if env_lang is None else f"os.environ['LOKET_LANG'] = {env_lang!r}; "
    code = (
        "import os, sys; os.environ.pop('LOKET_LANG', None); " + lang
        + "from loketcli.i18n import available_languages, t; t('error.locked'); available_languages(); "
        "print('loketcli.i18n.en' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


def test_dutch_run_does_not_import_english() -> None:
    assert not _imports_english(None)
    assert not _imports_english("nl")


def test_english_is_imported_on_first_use() -> None:
    assert _imports_english("en")
