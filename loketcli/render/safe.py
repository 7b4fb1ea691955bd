"""Neutralising terminal control characters on the way out.

Input refuses them (`loketcli.domain.text`), but an older store, a restored
backup or a file from elsewhere may already hold a name with `ESC [2J`, an
OSC 8 link, an OSC 0 title or an OSC 52 clipboard write. Whatever is shown
passes through `neutralise`: each control character becomes a visible escape
(`\\x1b`), so the worker sees that something odd is stored, and the terminal
does nothing with it. The rich consoles apply it to every segment they print
(`console.SafeConsole`); plain-text outputs (Markdown, text, CSV, messages)
call it directly; JSON keeps the value exact and escapes what json.dumps
leaves raw (`json_safe`).
"""

from __future__ import annotations

_C0 = tuple(range(0x00, 0x20))
_C1_AND_DEL = tuple(range(0x7F, 0xA0))
_VISIBLE = {code: f"\\x{code:02x}" for code in (*_C0, *_C1_AND_DEL)}
# Multi-line outputs keep their line ends and tabs; nothing else of C0.
_KEEP_LINES = {code: text for code, text in _VISIBLE.items() if code not in (0x09, 0x0A)}
_JSON = {code: f"\\u{code:04x}" for code in _C1_AND_DEL}


def neutralise(text: str, *, lines: bool = True) -> str:
    """`text` with every C0/C1 control and DEL shown as `\\xNN`; with
    `lines`, line feeds and tabs stay as they are."""
    return text.translate(_KEEP_LINES if lines else _VISIBLE)


# Markdown's inline syntax, which loket's own Markdown does not use for markup
# (its structure is headings, lists and tables): in a name or note,
# `![x](https://...)` would be an image fetched wherever the file is rendered,
# `[x](...)` a link, `*`, `_`, `~` and backticks would change what the text
# says. Each is escaped with a backslash, so CommonMark shows the character
# itself (loket's own `[ingetrokken]` reads the same rendered); the backslash
# first, so an escape typed in the text stays text.
_MARKDOWN_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]~"})


def markdown_safe(document: str) -> str:
    """A Markdown document with its controls neutralised, no raw HTML (a `<`
    in a name or note would otherwise open a tag, a script, an iframe or an
    autolink, wherever the file is rendered; `&lt;` shows the same character)
    and no inline Markdown (images, links, emphasis, code): loket's own
    Markdown is headings, lists and tables only, so every such character is
    shown as the character it is."""
    # Escaped before neutralising, so a control shows as `\x1b` either way.
    return neutralise(document.translate(_MARKDOWN_INLINE)).replace("<", "&lt;")


def document(text: str, *, markdown: bool) -> str:
    """A text or Markdown document, safe to show or render."""
    return markdown_safe(text) if markdown else neutralise(text)


def guard_cell(value: object) -> object:
    """A CSV cell for a spreadsheet. A cell that starts with = + - @ (or a tab
    or carriage return, which some spreadsheets skip before one) is run as a
    formula: typed text gets a leading apostrophe so it stays text. Every CSV
    writer in loket passes its cells through here. Numbers are left as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = neutralise(value, lines=False)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + text
        return text
    return value


def json_safe(dumped: str) -> str:
    """JSON text from json.dumps(ensure_ascii=False): C0 is escaped by JSON
    itself, DEL and C1 are not; escape them as \\u00NN (the same value for any
    JSON reader, inert on a terminal). They can only occur inside strings."""
    return dumped.translate(_JSON)
