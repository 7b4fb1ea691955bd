"""An unlocked store: the connection plus the vault key, handing out units of work.

The vault key itself does no job: each is done by its own HKDF subkey
(wrapping case keys, the audit chain's MAC, the state MACs).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from loketcli.crypto import PURPOSE_CASE_KEYS, derive_subkey
from loketcli.domain.model import Case, CaseId
from loketcli.storage.audit import AuditLog
from loketcli.storage.cases import CaseRepository
from loketcli.storage.db import Store
from loketcli.storage.followups import FollowUpRepository
from loketcli.storage.search_index import IndexKeys
from loketcli.storage.state import StateKeys, check_case, check_meta, check_no_case_missing


class CheckedCaseRepository(CaseRepository):
    """Reading one case whole (show, summary, inzage, edit) first checks its
    state MAC, so a deleted event or an older row copied back is refused."""

    def __init__(self, conn: sqlite3.Connection, wrapping_key: bytes, state_keys: StateKeys | None,
                 touched: Callable[[int], bool]) -> None:
        super().__init__(conn, wrapping_key)
        self._state_keys = state_keys
        self._touched = touched

    def get(self, case_id: CaseId, *, with_events: bool = True) -> Case:
        # Opened first, so a damaged value is named by its own record; the
        # case is handed out only once its whole state checks out too.
        case = super().get(case_id, with_events=with_events)
        # A case this write already changed was checked before its first
        # change; its MAC is brought up to date at commit.
        if self._state_keys is not None and not self._touched(case_id):
            check_case(self._conn, self._state_keys, case_id)
        return case


@dataclass
class UnitOfWork:
    conn: sqlite3.Connection
    cases: CaseRepository = field(init=False)
    followups: FollowUpRepository = field(init=False)
    audit: AuditLog = field(init=False)
    vault_key: bytes = field(repr=False, default=b"")
    # None only for a store whose schema predates the state MACs.
    state_keys: StateKeys | None = field(repr=False, default=None)
    touched: Callable[[int], bool] = field(repr=False, default=lambda case_id: False)

    def require_every_case(self) -> None:
        """Before listing or counting: no case number handed out may be missing
        without an erasure (or a restore) to account for it."""
        if self.state_keys is not None:
            check_no_case_missing(self.conn)

    def __post_init__(self) -> None:
        # Before schema 5 (a store not yet migrated) case keys were wrapped
        # under the vault key itself.
        wrapping = _keys_for(self.vault_key).wrapping if self.state_keys is not None else self.vault_key
        self.cases = CheckedCaseRepository(self.conn, wrapping, self.state_keys, self.touched)
        self.followups = FollowUpRepository(self.conn, self.cases)
        self.audit = AuditLog(self.conn, self.vault_key)


@dataclass(frozen=True)
class _VaultKeys:
    wrapping: bytes = field(repr=False)
    state: StateKeys = field(repr=False)
    index: IndexKeys = field(repr=False)


_KEYS: dict[bytes, _VaultKeys] = {}


def _keys_for(vault_key: bytes) -> _VaultKeys:
    # HKDF is cheap, but a command opens several units of work.
    found = _KEYS.get(vault_key)
    if found is None:
        _KEYS.clear()
        found = _KEYS[vault_key] = _VaultKeys(wrapping=derive_subkey(vault_key, PURPOSE_CASE_KEYS),
                                              state=StateKeys.from_vault_key(vault_key),
                                              index=IndexKeys.from_vault_key(vault_key))
    return found


def case_key_wrapping_key(vault_key: bytes) -> bytes:
    return _keys_for(vault_key).wrapping


def index_keys(vault_key: bytes) -> IndexKeys:
    return _keys_for(vault_key).index


class Vault:
    def __init__(self, store: Store, vault_key: bytes) -> None:
        self.store = store
        self._vault_key = vault_key
        store.authenticate(_keys_for(vault_key).state)
        store.keep_index(_keys_for(vault_key).index)

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """Everything one command writes commits together or not at all."""
        state = self.store.state_keys
        with self.store.write() as conn:
            if state is not None:
                check_meta(conn, state)
            yield UnitOfWork(conn, vault_key=self._vault_key, state_keys=state, touched=self.store.touched)

    @contextmanager
    def read(self, *, check_state: bool = True) -> Iterator[UnitOfWork]:
        """`check_state=False` for `verify`, which reports a broken meta MAC
        instead of refusing to look."""
        state = self.store.state_keys
        with self.store.read() as conn:
            if check_state and state is not None:
                check_meta(conn, state)
            yield UnitOfWork(conn, vault_key=self._vault_key, state_keys=state)

    @property
    def vault_key(self) -> bytes:
        return self._vault_key

    def close(self) -> None:
        self.store.close()

    def __repr__(self) -> str:
        # Never let a stray debug print or log show the key.
        return f"Vault({self.store.path.name})"
