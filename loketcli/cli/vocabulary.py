"""The CLI's side of the vocabularies: where the desk's own list lives, and
echoing how a typed term was read (`belastingen` -> Belastingdienst), as the
date options echo how a date was read."""

from __future__ import annotations

import os
from pathlib import Path

from loketcli.domain.vocab import DESK_FILE_NAME, Term, VocabularyName, set_reading_listener, use_desk_file


def use_desk_vocabulary(db: Path | None) -> None:
    """LOKET_VOCAB names the desk vocabulary file on purpose (it must exist);
    otherwise it is `vocabulary.json` beside the store, if there is one."""
    named = os.environ.get("LOKET_VOCAB")
    if named:
        use_desk_file(Path(named).expanduser(), required=True)
        return
    from loketcli.cli.context import resolve_db

    use_desk_file(resolve_db(db).parent / DESK_FILE_NAME)


def _echo_reading(vocabulary: VocabularyName, typed: str, term: Term) -> None:
    from loketcli.render.console import message

    # The label is reference data; what was typed is not repeated.
    message(f"→ {term.label}")


def echo_readings() -> None:
    set_reading_listener(_echo_reading)
