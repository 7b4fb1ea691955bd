"""A progress bar for long scans, on a terminal only; piped output stays clean."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from loketcli.i18n import t

if TYPE_CHECKING:
    from loketcli.register.push import PushProgress

# Below this many records a scan is over before a bar would be worth drawing.
THRESHOLD = 2000
# A case pushed to a real register takes ~0.3 s: from a handful on, a push
# runs long enough to want a sign of life.
PUSH_THRESHOLD = 5


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


@contextmanager
def push_progress() -> Iterator[Callable[[PushProgress], None] | None]:
    """`register push`: cases done of those to send, requests, refusals so far
    and the time left, on a terminal only (stderr), gone when the push ends."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from loketcli.render.console import err

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[line]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=err(), transient=True) as bar:
        task = None

        def update(state: PushProgress) -> None:
            nonlocal task
            if state.total < PUSH_THRESHOLD:
                return
            line = t("progress.push", requests=state.requests, refused=state.refused, unreachable=state.unreachable)
            if task is None:
                task = bar.add_task(t("progress.push_cases"), total=state.total, line=line)
            bar.update(task, completed=state.done, line=line)

        yield update
