"""Consoles: data to stdout, messages to stderr. Rich honours NO_COLOR and
drops styling by itself when the output is not a terminal."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, Group


@cache
def out() -> Console:
    return _safe_console_class()(highlight=False)


@cache
def err() -> Console:
    return _safe_console_class()(stderr=True, highlight=False)


@cache
def _safe_console_class() -> type[Console]:
    """A rich Console that neutralises control characters in every piece of
    text it prints (see `render.safe`): one place for every table, panel and
    prompt, whatever field the text came from. Rich's own styling travels as
    styles and control segments, not as text, so it is left alone."""
    from rich.console import Console
    from rich.segment import Segment

    from loketcli.render.safe import neutralise

    class SafeConsole(Console):
        def render(self, renderable: Any, options: Any = None) -> Iterator[Segment]:
            options = options or self.options
            if getattr(options, "_loket_neutralised", False):
                # Inside a render that this method already filters: every
                # segment below comes up through that one (rich passes these
                # options, copied, to what it renders inside), so the text is
                # neutralised once, not once per level of nesting.
                yield from super().render(renderable, options)
                return
            options = options.copy()
            options._loket_neutralised = True
            for segment in super().render(renderable, options):
                if segment.control is None and segment.text:
                    text = neutralise(segment.text)
                    if text is not segment.text and text != segment.text:
                        segment = Segment(text, segment.style)
                yield segment

    return SafeConsole


def message(text: str) -> None:
    """A message for the worker, on stderr, so stdout stays clean for data.

    Written plainly, one line per message, so scripts can read it whole."""
    from loketcli.render.safe import neutralise

    sys.stderr.write(neutralise(text) + "\n")
    sys.stderr.flush()


def print_json(value: Any) -> None:
    # Plain bytes, not rich: scripts need byte-stable UTF-8 without wrapping,
    # whatever the terminal's locale.
    sys.stdout.flush()
    sys.stdout.buffer.write((json_text(value) + "\n").encode("utf-8"))
    sys.stdout.flush()


def json_text(value: Any) -> str:
    """Indented UTF-8 JSON, inert on a terminal (see `render.safe.json_safe`)."""
    from loketcli.render.safe import json_safe

    return json_safe(json.dumps(value, ensure_ascii=False, indent=2))


def padded_lines(header: list[str], rows: list[list[str]]) -> Group:
    """Columns as padded lines, no table layout: lists are printed on every
    consult, and rich's Table costs tens of milliseconds for fifty rows.
    Cells are Text, never markup: they hold what visitors said."""
    from rich.console import Group
    from rich.text import Text

    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str], style: str = "") -> Text:
        text = Text("  ", style=style)
        for i, cell in enumerate(cells):
            text.append(cell if i == len(cells) - 1 else cell.ljust(widths[i]) + "  ")
        return text

    return Group(line(header, "bold"), *(line(row) for row in rows))
