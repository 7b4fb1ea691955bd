"""Free text as it may enter the store: no terminal control characters.

A name, question or note is shown on the worker's terminal later. Escape
(C0), the single-byte C1 controls (U+0080-U+009F, CSI among them) and DEL
can clear the screen, forge lines, set the window title, plant a link or
write the clipboard (OSC 52) when shown, so they are refused on input. Tab,
line feed and carriage return are layout, not control: single-line fields
fold them to spaces and notes keep their lines. Output neutralises them as
well (`loketcli.render.safe`): older stores and backups may already hold them.
"""

from __future__ import annotations

from loketcli.errors import BadInput

_LAYOUT = frozenset("\t\n\r")
CONTROLS = frozenset(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))) - _LAYOUT


def refuse_controls(value: str | None, field: str) -> None:
    """Raise BadInput (exit 2) when `value` holds a control character; the
    message names the field, never the value."""
    if value and not CONTROLS.isdisjoint(value):
        raise BadInput("error.control_characters", field=field)


# The longest free text a command takes (a note, a reason, a what-was-handed-over).
MAX_TEXT = 4000


def clean_text(value: str | None, field: str, *, required: bool = False) -> str | None:
    """`value` stripped (each line's end too), None when empty; BadInput (exit
    2) when it is required and empty, too long or holds a control character."""
    refuse_controls(value, field)
    text = "\n".join(line.rstrip() for line in (value or "").strip().splitlines()).strip()
    if not text:
        if required:
            raise BadInput("error.field_required", field=field)
        return None
    if len(text) > MAX_TEXT:
        raise BadInput("error.field_too_long", field=field, limit=MAX_TEXT)
    return text


def close_words(wanted: str, names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The names that look like a typo of `wanted`, best first: one or two
    letters off in a word of some length, two letters swapped (`dou` for
    `duo`, `opgelsot` for `opgelost`), or a letter missing at the end
    (`intak`). Empty when none is close: then a list of every choice is
    more honest than a guess."""
    import difflib

    wanted = wanted.strip().casefold()
    if len(wanted) < 3:
        return ()
    scored: list[tuple[float, str]] = []
    for name in names:
        ratio = difflib.SequenceMatcher(None, wanted, name).ratio()
        swapped = len(name) == len(wanted) and sorted(name) == sorted(wanted) and sum(
            a != b for a, b in zip(name, wanted, strict=True)) == 2
        if swapped:
            ratio = max(ratio, 0.9)
        if ratio >= 0.75:
            scored.append((ratio, name))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return tuple(name for _, name in scored[:3])
