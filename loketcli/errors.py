"""The error tree.

Every error carries its exit code and a catalogue key. Its parameters may be
shown to the user, so the ones a message renders are never personal data: ids,
counts, vocabulary terms and the like. Some errors also carry what was typed
(`text`) for tests and callers; no catalogue message renders it, because a name
typed in the wrong place must not come back in a message. The CLI boundary is
the only place that renders errors.
"""

from __future__ import annotations

from typing import ClassVar

ParamValue = str | int | float


class LoketError(Exception):
    """Base of every error the user may see. Exit code 1 unless a subclass says otherwise."""

    exit_code: ClassVar[int] = 1
    default_key: ClassVar[str] = "error.generic"

    def __init__(self, key: str | None = None, **params: ParamValue) -> None:
        self.key = key or self.default_key
        self.params: dict[str, ParamValue] = params
        # The message key, never the parameters, goes into args: a traceback
        # that escapes by accident then shows nothing about a person.
        super().__init__(self.key)


class BadInput(LoketError):
    """Invalid value, unknown case or vocabulary term: exit 2."""

    exit_code = 2
    default_key = "error.bad_input"


class UnknownCase(BadInput):
    default_key = "error.unknown_case"


class VocabularyError(BadInput):
    """An unknown or ambiguous reference term; `candidates` are reference data, not personal."""

    default_key = "error.vocab_unknown"


class OpenFollowUps(BadInput):
    """Closing would leave promises open; the CLI asks, or `--force` overrides."""

    default_key = "error.open_followups"


class BadDate(BadInput):
    default_key = "error.bad_date"


class Locked(LoketError):
    """No way to obtain the key: no session, no passphrase, no terminal. Exit 3."""

    exit_code = 3
    default_key = "error.locked"


class WrongPassphrase(LoketError):
    exit_code = 3
    default_key = "error.wrong_passphrase"


class StoreNotFound(LoketError):
    default_key = "error.store_not_found"


class StoreExists(LoketError):
    default_key = "error.store_exists"


class NotALoketStore(LoketError):
    default_key = "error.not_a_store"


class CorruptStore(LoketError):
    default_key = "error.corrupt_store"


class TamperedData(LoketError):
    """A sealed value failed authentication under a key that is known to be right."""

    default_key = "error.tampered"


class NewerSchema(LoketError):
    default_key = "error.newer_schema"


class StoreBusy(LoketError):
    default_key = "error.store_busy"


class StorageIOError(LoketError):
    default_key = "error.io"
