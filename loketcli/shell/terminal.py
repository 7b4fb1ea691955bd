"""The consult shell at a terminal: line editing, completion, the idle lock.

The only module that imports prompt_toolkit (see pyproject.toml). The line
history is prompt_toolkit's InMemoryHistory: it dies with the process and is
dropped whenever the screen is cleared for the next visitor; nothing typed
here is written to a file.

Keys: Tab completes; Ctrl-C cancels the line (or the running command, which
then ends with code 1 as on the command line); Ctrl-D on an empty line
leaves; Ctrl-L clears the screen and the terminal's scrollback, forgets the
current case and the line history: for the next visitor.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput

from loketcli.errors import LoketError
from loketcli.i18n import t
from loketcli.shell.complete import candidates
from loketcli.shell.consult import EXIT_LOCKED, Consult, _message

if TYPE_CHECKING:
    from collections.abc import Iterator

    from prompt_toolkit.key_binding.key_processor import KeyProcessor

# Home, erase the screen, erase the scrollback (xterm's ED 3, also VTE, tmux, kitty).
CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"


class _Hidden(Processor):
    """Shows nothing of the passphrase, not even its length (the visitor watches)."""

    def apply_transformation(self, transformation_input: TransformationInput) -> Transformation:
        return Transformation([], source_to_display=lambda _: 0, display_to_source=lambda _: 0)


class _Idle(Exception):
    """No key pressed for the idle time."""


class _NextVisitor(Exception):
    """Ctrl-L."""


class LineCompleter(Completer):
    def __init__(self, consult: Consult) -> None:
        self.consult = consult

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        start, found = candidates(self.consult, text)
        for value in found:
            # A space after it, as a shell's completion does: the next word can follow.
            yield Completion(value + " ", start_position=start - len(text), display=value)


def run_terminal(consult: Consult, idle_seconds: int, *, idle_from_option: bool) -> int:
    return Terminal(consult, idle_seconds, idle_from_option=idle_from_option).run()


class Terminal:
    def __init__(self, consult: Consult, idle_seconds: int, *, idle_from_option: bool) -> None:
        self.consult = consult
        self.idle_seconds = idle_seconds
        self.idle_from_option = idle_from_option
        self.last_key = time.monotonic()
        self._watched: object = None
        self.session = self._new_session()

    def _new_session(self) -> PromptSession[str]:
        keys = KeyBindings()

        @keys.add("c-l")
        def _next_visitor(event: KeyPressEvent) -> None:
            event.app.exit(exception=_NextVisitor())

        return PromptSession(history=InMemoryHistory(), completer=LineCompleter(self.consult),
                             complete_while_typing=False, key_bindings=keys, enable_history_search=False)

    def run(self) -> int:
        _message(t("shell.welcome"))
        while True:
            try:
                line = self.session.prompt(self.consult.prompt(), pre_run=self._watch_idle)
            except KeyboardInterrupt:
                continue  # the line is dropped, the shell stays
            except EOFError:
                return self.consult.last_code
            except _NextVisitor:
                self.next_visitor()
                continue
            except _Idle:
                clear_screen()
                if not self.unlock(t("shell.locked_idle")):
                    return EXIT_LOCKED
                continue
            try:
                self.consult.run_line(line)
            except KeyboardInterrupt:
                # Between commands rather than inside one: nothing ran.
                _message(f"loket: {t('error.aborted')}")
            if self.consult.wants_clear:  # `clear`: the screen and the history, not the case
                self.clear()
            if self.consult.wants_exit:
                return self.consult.last_code
            if self.consult.wants_lock:
                clear_screen()
                if self.consult.lock_reason is not None:  # said before the screen went
                    _message(f"loket: {t(self.consult.lock_reason)}")
                if not self.unlock(t("shell.locked")):
                    return EXIT_LOCKED
            if not self.idle_from_option and "config" in line.split()[:2]:
                with contextlib.suppress(Exception):
                    self.idle_seconds = self.consult.configured_idle_lock()

    def clear(self) -> None:
        clear_screen()
        # Up-arrow must not bring back what the lines on the screen said.
        self.session = self._new_session()

    def next_visitor(self) -> None:
        """Ctrl-L: the screen, the history and the current case go, and the
        worker is told, so nobody types on for the previous visitor."""
        had_case = self.consult.current is not None
        self.clear()
        self.consult.forget()
        _message(t("shell.next_visitor_forgot" if had_case else "shell.next_visitor"))

    def unlock(self, why: str) -> bool:
        """Nothing is shown again until the passphrase is typed. Leaving any
        other way (Ctrl-D, the terminal closed) ends the day's session too:
        whoever sits at the terminal it leaves to must not find the cases open."""
        _message(why)
        unlocked = False
        try:
            with _hangup_leaves():
                unlocked = self._ask_passphrase()
        finally:
            if not unlocked:
                self.consult.end_day_session()
        return unlocked

    def _ask_passphrase(self) -> bool:
        while True:
            try:
                # A session of its own, so the passphrase never enters a history.
                passphrase = PromptSession[str](history=InMemoryHistory(), input_processors=[_Hidden()]).prompt(
                    t("prompt.passphrase") + ": ")
            except KeyboardInterrupt:
                continue
            except EOFError:
                return False
            try:
                unlocked = bool(passphrase) and self.consult.check_passphrase(passphrase)
            except LoketError as error:
                _message(f"loket: {t(error.key, **error.params)}")
                continue
            if unlocked:
                self.consult.wants_lock = False
                self.last_key = time.monotonic()
                return True
            _message(f"loket: {t('error.wrong_passphrase')}")

    def _watch_idle(self) -> None:
        """Runs as the prompt starts: every key press resets the clock."""
        from prompt_toolkit.application import get_app

        if self.idle_seconds <= 0:
            return
        app = get_app()
        self.last_key = time.monotonic()

        def pressed(_: KeyProcessor) -> None:
            self.last_key = time.monotonic()

        if app is not self._watched:  # one application per session, reused by each prompt
            app.key_processor.before_key_press += pressed
            self._watched = app

        async def watch() -> None:
            while True:
                left = self.idle_seconds - (time.monotonic() - self.last_key)
                if left <= 0:
                    app.exit(exception=_Idle())
                    return
                await asyncio.sleep(min(left, 1.0))

        app.create_background_task(watch())


@contextlib.contextmanager
def _hangup_leaves() -> Iterator[None]:
    """While locked, a closed terminal (SIGHUP) leaves through the normal
    way out, so the day's session is ended; POSIX only (Windows has no SIGHUP)."""
    import signal

    if not hasattr(signal, "SIGHUP"):
        yield
        return

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(EXIT_LOCKED)

    previous = signal.signal(signal.SIGHUP, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, previous)


def clear_screen() -> None:
    """Through prompt_toolkit's output for this terminal: the same bytes on a
    POSIX terminal, and on Windows 10 and later the console's VT mode is
    switched on while they are written (otherwise conhost would print them)."""
    from prompt_toolkit.output import create_output

    with contextlib.suppress(OSError):
        output = create_output(stdout=sys.stdout)
        output.write_raw(CLEAR_ALL)
        output.flush()
