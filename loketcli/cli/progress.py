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
def progress_bar(key: str = "progress.reading", threshold: int = THRESHOLD
                 ) -> Iterator[Callable[[int, int], None] | None]:
    """A bar for long work that reports (done, total), described by the
    catalogue key `key`; on a terminal only (stderr), gone when the work ends.
    Below `threshold` in total nothing is drawn. A total that changes (a next
    phase, counted in its own units) starts the bar over with the new total.
    Redrawn at most ten times a second, however often it is told."""
    if not sys.stderr.isatty():
        yield None
        return
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from loketcli.render.console import err

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err(), transient=True) as bar:
        task = None
        shown = 0.0
        last_total = 0

        def update(done: int, total: int) -> None:
            nonlocal task, shown, last_total
            if total < threshold:
                return
            if task is None:
                task = bar.add_task(t(key), total=total)
            elif total != last_total:
                bar.reset(task, total=total)
            now = time.monotonic()
            if total != last_total or done >= total or now - shown >= 0.1:
                shown = now
                bar.update(task, completed=done, total=total)
            last_total = total

        yield update


def unlock_bar() -> Callable[[int, int], None] | None:
    """The bar for the migrations at unlock, which run deep inside opening the
    store: it starts at the first report and ends at (0, 0), which
    `migrate_if_needed` sends when the migrations end, however they end. No
    refresh thread: drawn when told, at most ten times a second."""
    if not sys.stderr.isatty():
        return None
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from loketcli.render.console import err

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=err(), transient=True, auto_refresh=False)
    task = None
    shown = 0.0

    def update(done: int, total: int) -> None:
        nonlocal task, shown
        if total <= 0:
            if task is not None:
                bar.stop()
                task = None
            return
        if task is None:
            bar.start()
            task = bar.add_task(t("progress.migrate"), total=total)
        now = time.monotonic()
        if done >= total or now - shown >= 0.1:
            shown = now
            bar.update(task, completed=done, total=total)
            bar.refresh()

    return update


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
