"""A progress bar for long scans, on a terminal only; piped output stays clean."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from loketcli.i18n import t

# Below this many records a scan is over before a bar would be worth drawing.
THRESHOLD = 2000


@contextmanager
def progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    from loketcli.render.console import err

    with Progress(console=err(), transient=True) as bar:
        task = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if total < THRESHOLD:
                return
            if task is None:
                task = bar.add_task(t("progress.reading"), total=total)
            if done % 500 == 0 or done == total:
                bar.update(task, completed=done)

        yield update
