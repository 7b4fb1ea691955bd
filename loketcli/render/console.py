"""Consoles: data to stdout, messages to stderr. Rich honours NO_COLOR and
drops styling by itself when the output is not a terminal."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, Group


@cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def message(text: str) -> None:
    """A message for the worker, on stderr, so stdout stays clean for data.

    Written plainly, one line per message, so scripts can read it whole."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def print_json(value: Any) -> None:
    # Plain bytes, not rich: scripts need byte-stable UTF-8 without wrapping,
    # whatever the terminal's locale.
    sys.stdout.flush()
    sys.stdout.buffer.write((json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    sys.stdout.flush()


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
