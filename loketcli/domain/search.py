"""What the search index knows a visitor by: normalised exact keys.

A key is a (kind, value) pair. The same function turns a stored visitor and
a typed search term into keys, so `06-1234 5678` typed at the desk finds
`+31 6 12345678` stored, `Jansen` finds `jansen` and `Ĳsselmeer` finds
`ijsselmeer`. Never shown: only their keyed tokens reach the disk.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from loketcli.domain.bsn import passes_elfproef
from loketcli.domain.model import Visitor


class KeyKind(Enum):
    """The value is also the label `find` shows (its "Gevonden in" column)."""

    BSN = "bsn"
    PHONE = "telefoon"
    EMAIL = "e-mail"
    NAME = "naam"
    # One word of the name; shown as `naam` too.
    NAME_PART = "naamdeel"

    @property
    def label(self) -> str:
        return KeyKind.NAME.value if self is KeyKind.NAME_PART else self.value


SearchKey = tuple[KeyKind, str]

# Name parts kept per case: more words than this in one name are rare, and
# the cap keeps every case's own index row the same length (FORMAT.md).
MAX_NAME_PARTS = 12
MAX_KEYS = 4 + MAX_NAME_PARTS


def fold(text: str) -> str:
    """Case- and accent-insensitive, whitespace collapsed: `  Ĳsbrand  É` -> `ijsbrand e`."""
    folded = " ".join(text.split()).casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def bsn_key(text: str) -> str | None:
    digits = "".join(c for c in text if c not in " .-")
    if not digits.isdigit() or len(digits) not in (8, 9):
        return None
    digits = digits.zfill(9)
    return digits if passes_elfproef(digits) else None


def phone_key(text: str) -> str | None:
    """The number as country code and digits (`31612345678`), whatever the
    notation: `06-12345678`, `+31 (0)6 1234 5678`, `0031 6 12345678`. Without
    the numbering plans (their import costs ~50 ms on every find): a number
    that never passed `parse_phone` simply finds nothing."""
    cleaned = text.strip().replace("(0)", "")
    if not cleaned or any(c not in "0123456789+ -./()" for c in cleaned):
        return None
    digits = "".join(c for c in cleaned if c.isdigit())
    if cleaned.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif digits.startswith("0"):
        international = "31" + digits[1:]
    else:
        return None
    return international if 8 <= len(international) <= 15 else None


def email_key(text: str) -> str | None:
    value = text.strip().casefold()
    local, at, domain = value.partition("@")
    if not at or not local or "." not in domain or " " in value:
        return None
    return value


# Tussenvoegsels (and their foreign kin) are not name words of their own:
# "de" or "van" would list a fifth of all visitors, and make one bucket of the
# index hold them all. A search for one of them alone scans instead.
TUSSENVOEGSELS = frozenset((
    "aan", "bij", "das", "de", "del", "della", "den", "der", "des", "dos", "het", "in", "les", "onder", "op", "over",
    "te", "ten", "ter", "uit", "van", "voor", "vom", "von", "zu", "zum", "zur",
))
# Short ones that are also whole surnames (Le, Do, Du, La, Da, Di) stay name words.

# ASCII punctuation and the typographic quotes an autocorrect puts in `van ’t Hof`.
_PUNCTUATION = "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~‘’‚“”„«»"


def name_part(word: str) -> str | None:
    """One folded word as a name part: punctuation around it dropped (`(demo`,
    `a.`), and only with two characters or more, a letter among them, and not
    a tussenvoegsel."""
    part = word.strip(_PUNCTUATION)
    if len(part) < 2 or not any(c.isalpha() for c in part) or part in TUSSENVOEGSELS:
        return None
    return part


def name_parts(name: str) -> list[str]:
    """The name's words (a hyphen splits too: `Jansen-de Vries`) as name parts, each once, at most 12."""
    parts = (name_part(w) for w in fold(name).replace("-", " ").split())
    return list(dict.fromkeys(p for p in parts if p))[:MAX_NAME_PARTS]


def visitor_keys(visitor: Visitor) -> tuple[SearchKey, ...]:
    """Every key a stored visitor is found by, each once."""
    keys: list[SearchKey] = []
    for kind, value, make in ((KeyKind.BSN, visitor.bsn, bsn_key), (KeyKind.PHONE, visitor.phone, phone_key),
                              (KeyKind.EMAIL, visitor.email, email_key)):
        key = make(value) if value else None
        if key:
            keys.append((kind, key))
    name = fold(visitor.name or "")
    if len(name) >= 2:
        keys.append((KeyKind.NAME, name))
        keys.extend((KeyKind.NAME_PART, part) for part in name_parts(name))
    return tuple(dict.fromkeys(keys))


def query_keys(text: str) -> tuple[SearchKey, ...]:
    """The keys a typed search term could be: a BSN, a phone number, an
    e-mail address, a whole name or one word of a name. Empty when it can
    only be free text (then `find` scans)."""
    for kind, make in ((KeyKind.EMAIL, email_key), (KeyKind.BSN, bsn_key)):
        key = make(text)
        if key:
            return ((kind, key),)
    phone = phone_key(text)
    if phone:
        return ((KeyKind.PHONE, phone),)
    name = fold(text)
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return ()
    if name in TUSSENVOEGSELS:
        return ()
    keys: list[SearchKey] = [(KeyKind.NAME, name)]
    part = name_part(name) if " " not in name and "-" not in name else None
    if part:
        keys.append((KeyKind.NAME_PART, part))
    return tuple(keys)
