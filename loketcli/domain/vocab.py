"""Reference vocabularies and forgiving matching against them.

The worker types while the visitor talks, so `toeslagen`, `belasting` and
`Belastindienst` must all land on the right body. Matching goes from strict to
loose and stops at the first level that yields exactly one term; a level that
yields several is ambiguous and says so, rather than guessing. A term that
matches nothing is answered with the close ones only ("Bedoelt u: ind?"); when
nothing is close, with the whole list, since a far-fetched guess misleads.

The shipped lists (data/*.json) can be extended by a desk vocabulary file, in
the same shape, with the municipality's own partners; see `load`.
"""

from __future__ import annotations

import difflib  # imported by typer on every command anyway
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from loketcli.errors import BadInput, VocabularyError


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
    # The word before the name in a sentence ("de Belastingdienst", "het UWV",
    # "uw huisarts"); None where the name stands alone ("DUO").
    article: str | None = None
    article_en: str | None = None

    def label_for(self, lang: str) -> str:
        """The label in `lang` (`nl`, `en`); Dutch where no translation is given."""
        return self.label_en if lang == "en" and self.label_en else self.label

    def in_sentence(self, lang: str, *, start: bool = False) -> str:
        """The name as a sentence needs it: `de Belastingdienst`, or at the
        start of one `De Belastingdienst`. A label that already begins with
        its article ("Het Juridisch Loket") is not given it twice."""
        label = self.label_for(lang)
        article = self.article_en if lang == "en" and self.label_en else self.article
        if article:
            if label.casefold().startswith(article.casefold() + " "):
                label = label[len(article) + 1:]
            # A common noun, not a name: "uw huisarts", "de deurwaarder".
            common = article in ("uw", "your") or (
                lang != "en" and self.group is None and " " not in label and label[1:].islower())
            if common and label[1:2].islower():  # not "GP", "RDW"
                label = label[:1].lower() + label[1:]
            label = f"{article} {label}"
        return label[:1].upper() + label[1:] if start else label


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


# Told about every term that was read as something other than what was typed
# (`belastingen` -> Belastingdienst), so the CLI can echo it as it does dates.
# The domain itself never prints; it only calls whoever listens.
ReadingListener = Callable[[VocabularyName, str, Term], None]
_listener: ReadingListener | None = None


def set_reading_listener(listener: ReadingListener | None) -> None:
    global _listener
    _listener = listener


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def _names(term: Term) -> tuple[str, ...]:
    return tuple(normalise(n) for n in (term.code, term.label, *term.aliases))


def match_term(vocabulary: Vocabulary, text: str) -> Term:
    term = _match(vocabulary, text)
    # Typing the code or the label is reading it as written; anything else
    # (an alias, a prefix, a typo) is an interpretation the worker should see.
    typed = normalise(text).replace(" ", "")
    if _listener is not None and typed not in (normalise(term.code).replace(" ", ""),
                                               normalise(term.label).replace(" ", "")):
        _listener(vocabulary.name, text, term)
    return term


def _match(vocabulary: Vocabulary, text: str) -> Term:
    wanted = normalise(text)
    if not wanted:
        raise VocabularyError(f"error.vocab_choices.{vocabulary.name.value}", text=text[:40],
                              candidates=", ".join(vocabulary.codes()))
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


# A suggestion must look like what was typed: one or two letters off in a
# word of some length scores 0.75 or more. Lower, "deurwaarder" came out as
# woningcorporatie and "IND website" as svb: a list of every choice is then
# more honest than a guess.
_CLOSE = 0.75


def _fuzzy(vocabulary: Vocabulary, wanted: str, text: str) -> Term:
    scored = _scores(vocabulary, wanted)
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    # A typo of one or two letters in a long name scores above 0.8; demanding
    # a clear lead over the runner-up keeps us from silently picking between
    # two bodies the worker might both have meant.
    if best_score >= 0.8 and best_score - runner_up >= 0.1:
        return best
    close = suggestions(vocabulary, wanted, scored)
    if close:
        raise VocabularyError(f"error.vocab_unknown.{vocabulary.name.value}", text=text[:40],
                              candidates=", ".join(close))
    raise VocabularyError(f"error.vocab_choices.{vocabulary.name.value}", text=text[:40],
                          candidates=", ".join(vocabulary.codes()))


def suggestions(vocabulary: Vocabulary, wanted: str,
                scored: list[tuple[float, Term]] | None = None) -> tuple[str, ...]:
    """The codes close to `wanted` (normalised), best first; empty when none is close.

    A word typed that is a term's name, or within a letter or two of one,
    counts as close ("IND website" names ind, "stadsbnk gemeente" stadsbank),
    as does a whole name within a couple of letters of the input.
    """
    found: list[str] = []
    words = [word for word in wanted.split() if len(word) >= 2] if " " in wanted else []
    for term in vocabulary.terms:
        names = [name for name in _names(term) if len(name) >= 2]
        if any(word == name or (len(word) >= 4 and difflib.SequenceMatcher(None, word, name).ratio() >= 0.8)
               for word in words for name in names):
            found.append(term.code)
    for score, term in scored if scored is not None else _scores(vocabulary, wanted):
        if score >= _CLOSE and term.code not in found:
            found.append(term.code)
    if not found:  # two letters swapped in a short name: `dou` is duo
        from loketcli.domain.text import close_words

        by_name = {name: term.code for term in vocabulary.terms for name in _names(term)}
        found = list(dict.fromkeys(by_name[name] for name in close_words(wanted, tuple(by_name))))
    return tuple(found[:5])


@cache
def data_dir() -> Path:
    # Where importlib.resources.files("loketcli") / "data" is for a package on
    # disk (the only way loket is installed), without importing importlib.resources
    # (and tempfile, zipfile, random with it) on every command that reads a list.
    packaged = Path(__file__).parents[1] / "data"
    if packaged.is_dir():
        return packaged
    # An editable install or a source checkout keeps data/ beside the package.
    return Path(__file__).resolve().parents[2] / "data"


# -- the desk vocabulary file ------------------------------------------------------

# Its name beside the store, unless LOKET_VOCAB names another (the CLI's choice, see use_desk_file).
DESK_FILE_NAME = "vocabulary.json"
_desk_file: Path | None = None
_desk_file_required = False


def use_desk_file(path: Path | None, *, required: bool = False) -> None:
    """Which desk vocabulary file `load` merges in (None: none). The CLI decides
    where it lives: a file named on purpose (LOKET_VOCAB) must exist, the one
    beside the store need not."""
    global _desk_file, _desk_file_required
    _desk_file, _desk_file_required = path, required


# A string for re.fullmatch (compiled on first use): only a desk file is checked against it.
_CODE = r"[a-z0-9][a-z0-9-]{0,39}"
_TEXT_FIELDS = ("label", "group", "label_en", "website", "phone", "article", "article_en")
_KNOWN_FIELDS = frozenset({"code", "aliases", *_TEXT_FIELDS})


def _text(value: object, limit: int) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= limit and value.isprintable()


def _desk_term(item: object, where: dict[str, str | int]) -> Term:
    """One checked entry of the desk file. Every complaint names the entry (by
    its place in the list, and its code when it has one) and the field."""

    def bad(reason: str, field: str) -> BadInput:
        return BadInput(f"error.desk_vocab.{reason}", field=field, **where)

    if not isinstance(item, dict):
        raise bad("not_object", "-")
    code = item.get("code")
    if not isinstance(code, str) or not re.fullmatch(_CODE, code):
        raise bad("code", "code")
    where["code"] = code
    unknown = sorted(set(item) - _KNOWN_FIELDS)
    if unknown:
        raise bad("unknown_field", str(unknown[0])[:40])
    for field in _TEXT_FIELDS:
        if field in item and not _text(item[field], 200):
            raise bad("text", field)
    website = item.get("website")
    # A visitor is sent there: only an encrypted address.
    if website is not None and not str(website).startswith("https://"):
        raise bad("website", "website")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(_text(a, 100) and normalise(a) for a in aliases):
        raise bad("aliases", "aliases")
    return Term(code=code, label=str(item.get("label", "")), aliases=tuple(aliases), group=item.get("group"),
                label_en=item.get("label_en"), website=website, phone=item.get("phone"),
                article=item.get("article"), article_en=item.get("article_en"))


_Entries = list[tuple[Term, dict[str, str | int]]]


def _merge(shipped: tuple[Term, ...], desk: _Entries, raw_items: list[dict[str, Any]]) -> tuple[Term, ...]:
    """A desk entry with a new code is added at the end; one with a shipped
    code completes it: its aliases are added, the fields it gives replace the
    shipped ones (a municipality's own wijkteam number, say)."""
    terms = list(shipped)
    for (entry, where), raw in zip(desk, raw_items, strict=True):
        position = next((i for i, t in enumerate(terms) if t.code == entry.code), None)
        if position is None:
            if not entry.label:
                raise BadInput("error.desk_vocab.text", field="label", **where)
            taken = {name: t.code for t in terms for name in _names(t)}
            for name in (entry.label, *entry.aliases):
                if normalise(name) in taken:
                    raise BadInput("error.desk_vocab.taken", field=name[:40], other=taken[normalise(name)],
                                   **where)
            terms.append(entry)
            continue
        old = terms[position]
        given = {field: getattr(entry, field) for field in _TEXT_FIELDS if field in raw}
        extra = tuple(a for a in entry.aliases if a not in old.aliases)
        taken = {name: t.code for t in terms if t.code != old.code for name in _names(t)}
        for name in extra:
            if normalise(name) in taken:
                raise BadInput("error.desk_vocab.taken", field=name[:40], other=taken[normalise(name)], **where)
        terms[position] = replace(old, aliases=old.aliases + extra, **given)
    return tuple(terms)


# A desk's own list is a few kilobytes; a file (or a device) beyond this is not one.
_MAX_DESK_FILE = 1 << 20


def _read_desk_file(path: Path, name: VocabularyName, required: bool) -> tuple[_Entries, list[dict[str, Any]]]:
    """The checked entries of one list in the desk file, with the raw items
    (to tell a field given from one left out)."""
    import json

    shown = str(path)
    shape = BadInput("error.desk_vocab.shape", path=shown, names=", ".join(v.value for v in VocabularyName))
    from loketcli.domain.regular_file import read_regular_file

    try:
        data = read_regular_file(path, _MAX_DESK_FILE)
        if len(data) > _MAX_DESK_FILE:
            raise BadInput("error.desk_vocab.unreadable", path=shown)
        raw = json.loads(data.decode("utf-8"))
    except FileNotFoundError:
        if required:
            raise BadInput("error.desk_vocab.unreadable", path=shown) from None
        return [], []
    except (OSError, UnicodeDecodeError):
        raise BadInput("error.desk_vocab.unreadable", path=shown) from None
    except json.JSONDecodeError as error:
        raise BadInput("error.desk_vocab.json", path=shown, line=error.lineno) from None
    if not isinstance(raw, dict) or not set(raw) <= {v.value for v in VocabularyName} | {"description"}:
        raise shape
    section = raw.get(name.value, {"terms": []})
    if not isinstance(section, dict) or not isinstance(section.get("terms"), list):
        raise shape
    entries: _Entries = []
    seen: set[str] = set()
    for index, item in enumerate(section["terms"], start=1):
        where: dict[str, str | int] = {"path": shown, "vocabulary": name.value, "index": index, "code": "-"}
        term = _desk_term(item, where)
        if term.code in seen:
            raise BadInput("error.desk_vocab.duplicate", field="code", **where)
        seen.add(term.code)
        entries.append((term, where))
    return entries, section["terms"]


@cache
def _load(name: VocabularyName, desk: Path | None, required: bool, version: int) -> Vocabulary:
    # `version` (the desk file's mtime) is only there to key the cache: a
    # long-lived process sees an edited desk file on its next load.
    import json

    raw = json.loads((data_dir() / f"{name.value}.json").read_text(encoding="utf-8"))
    terms = tuple(
        Term(code=item["code"], label=item["label"], aliases=tuple(item.get("aliases", ())),
             group=item.get("group"), label_en=item.get("label_en"), website=item.get("website"),
             phone=item.get("phone"), article=item.get("article"), article_en=item.get("article_en"))
        for item in raw["terms"]
    )
    if desk is not None:
        entries, raw_items = _read_desk_file(desk, name, required)
        terms = _merge(terms, entries, raw_items)
    return Vocabulary(name=name, terms=terms)


def load(name: VocabularyName) -> Vocabulary:
    """The shipped list, with the desk vocabulary file (if one is in use) merged in."""
    version = 0
    if _desk_file is not None:
        try:
            version = _desk_file.stat().st_mtime_ns
        except OSError:
            version = -1
    return _load(name, _desk_file, _desk_file_required, version)
