"""The one translation function.

Every user-facing sentence is a key in a catalogue. Dutch is the default
language; `LOKET_LANG` (or `set_language`) picks another catalogue, and a key
missing there falls back to Dutch, so a half-finished catalogue never shows a
bare key to the worker.

Only Dutch is imported up front. Other catalogues are listed in `_LOADERS` and
imported the first time their language is actually used (by `set_language` or
`t`), then kept in `_CATALOGUES`; a Dutch run never imports them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from loketcli.i18n.nl import MESSAGES as _NL


def _load_en() -> Mapping[str, str]:
    from loketcli.i18n.en import MESSAGES

    return MESSAGES


_CATALOGUES: dict[str, Mapping[str, str]] = {"nl": _NL}
_LOADERS: dict[str, Callable[[], Mapping[str, str]]] = {"en": _load_en}
_language: str | None = None


def available_languages() -> tuple[str, ...]:
    return tuple(sorted(_CATALOGUES.keys() | _LOADERS.keys()))


def _is_known(lang: object) -> bool:
    return lang in _CATALOGUES or lang in _LOADERS


def _catalogue(lang: str) -> Mapping[str, str]:
    """The catalogue for a known `lang`, importing it on first use."""
    catalogue = _CATALOGUES.get(lang)
    if catalogue is None:
        catalogue = _CATALOGUES[lang] = _LOADERS[lang]()
    return catalogue


def set_language(lang: str | None) -> None:
    global _language
    _language = lang if lang is not None and _is_known(lang) else None
    if _language is not None:
        _catalogue(_language)


def current_language() -> str:
    if _language is not None:
        return _language
    env = os.environ.get("LOKET_LANG", "nl").lower()
    return env if _is_known(env) else "nl"


def t(key: str, **params: object) -> str:
    """Translate `key`, filling `{name}` placeholders from `params`."""
    template = _catalogue(current_language()).get(key) or _NL.get(key)
    if template is None:
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        # A wrong placeholder is a programming error, but the worker still
        # deserves the sentence rather than a crash mid-consult.
        return template

