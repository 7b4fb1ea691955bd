"""The one translation function.

Every user-facing sentence is a key in a catalogue. Dutch is the default
language; `LOKET_LANG` (or `set_language`) picks another catalogue, and a key
missing there falls back to Dutch, so a half-finished catalogue never shows a
bare key to the worker.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from loketcli.i18n.nl import MESSAGES as _NL

_CATALOGUES: dict[str, Mapping[str, str]] = {"nl": _NL}
_language: str | None = None


def available_languages() -> tuple[str, ...]:
    return tuple(sorted(_CATALOGUES))


def set_language(lang: str | None) -> None:
    global _language
    _language = lang if lang in _CATALOGUES else None


def current_language() -> str:
    if _language is not None:
        return _language
    env = os.environ.get("LOKET_LANG", "nl").lower()
    return env if env in _CATALOGUES else "nl"


def t(key: str, **params: object) -> str:
    """Translate `key`, filling `{name}` placeholders from `params`."""
    template = _CATALOGUES[current_language()].get(key) or _NL.get(key)
    if template is None:
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        # A wrong placeholder is a programming error, but the worker still
        # deserves the sentence rather than a crash mid-consult.
        return template


def has_key(key: str) -> bool:
    return key in _NL
