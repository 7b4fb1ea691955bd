"""Reference vocabularies and forgiving matching against them.

The worker types while the visitor talks, so `toeslagen`, `belasting` and
`Belastindienst` must all land on the right body. Matching goes from strict to
loose and stops at the first level that yields exactly one term; a level that
yields several is ambiguous and says so, rather than guessing.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path

from loketcli.errors import VocabularyError


class VocabularyName(Enum):
    AGENCIES = "agencies"
    CHANNELS = "channels"
    REFERRALS = "referrals"
    LIFE_EVENTS = "life_events"
    COMPANIONS = "companions"


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None
    # English form for people reading in English; for bodies it keeps the Dutch
    # name in brackets, the name the visitor meets on letters.
    label_en: str | None = None
    # How a visitor reaches the body themselves (a cold hand-over); None where
    # no single national site or number exists.
    website: str | None = None
    phone: str | None = None

    def label_for(self, lang: str) -> str:
        """The label in `lang` (`nl`, `en`); Dutch where no translation is given."""
        return self.label_en if lang == "en" and self.label_en else self.label


@dataclass(frozen=True)
class Vocabulary:
    name: VocabularyName
    terms: tuple[Term, ...]

    def by_code(self, code: str) -> Term:
        for term in self.terms:
            if term.code == code:
                return term
        raise VocabularyError(f"error.vocab_unknown.{self.name.value}", text=code[:40],
                              candidates=", ".join(self.codes()))

    def codes(self) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms)

    def match(self, text: str) -> Term:
        return match_term(self, text)


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def _names(term: Term) -> tuple[str, ...]:
    return tuple(normalise(n) for n in (term.code, term.label, *term.aliases))


def match_term(vocabulary: Vocabulary, text: str) -> Term:
    wanted = normalise(text)
    if not wanted:
        raise VocabularyError(f"error.vocab_unknown.{vocabulary.name.value}", text=text[:40],
                              candidates=_suggest(vocabulary, ""))
    levels: tuple[Callable[[str], bool], ...] = (
        lambda name: name == wanted,
        lambda name: name.replace(" ", "") == wanted.replace(" ", ""),
        lambda name: name.startswith(wanted) or any(w.startswith(wanted) for w in name.split()),
        lambda name: len(wanted) >= 3 and wanted in name,
    )
    for level in levels:
        hits = [term for term in vocabulary.terms if any(level(name) for name in _names(term))]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise VocabularyError(f"error.vocab_ambiguous.{vocabulary.name.value}",
                                  text=text[:40], candidates=", ".join(t.code for t in hits))
    return _fuzzy(vocabulary, wanted, text)


def _scores(vocabulary: Vocabulary, wanted: str) -> list[tuple[float, Term]]:
    scored = []
    for term in vocabulary.terms:
        best = max(difflib.SequenceMatcher(None, wanted, name).ratio() for name in _names(term))
        scored.append((best, term))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return scored


def _fuzzy(vocabulary: Vocabulary, wanted: str, text: str) -> Term:
    scored = _scores(vocabulary, wanted)
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    # A typo of one or two letters in a long name scores above 0.8; demanding
    # a clear lead over the runner-up keeps us from silently picking between
    # two bodies the worker might both have meant.
    if best_score >= 0.8 and best_score - runner_up >= 0.1:
        return best
    raise VocabularyError(f"error.vocab_unknown.{vocabulary.name.value}", text=text[:40],
                          candidates=_suggest(vocabulary, wanted))


def _suggest(vocabulary: Vocabulary, wanted: str) -> str:
    if wanted:
        close = [term.code for score, term in _scores(vocabulary, wanted) if score >= 0.5][:5]
        if close:
            return ", ".join(close)
    return ", ".join(vocabulary.codes())


def data_dir() -> Path:
    packaged = resources.files("loketcli") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    # An editable install or a source checkout keeps data/ beside the package.
    return Path(__file__).resolve().parents[2] / "data"


@cache
def load(name: VocabularyName) -> Vocabulary:
    raw = json.loads((data_dir() / f"{name.value}.json").read_text(encoding="utf-8"))
    terms = tuple(
        Term(code=item["code"], label=item["label"], aliases=tuple(item.get("aliases", ())),
             group=item.get("group"), label_en=item.get("label_en"), website=item.get("website"),
             phone=item.get("phone"))
        for item in raw["terms"]
    )
    return Vocabulary(name=name, terms=terms)
