"""An unlocked store: the connection plus the vault key, handing out units of work."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from loketcli.storage.audit import AuditLog
from loketcli.storage.cases import CaseRepository
from loketcli.storage.db import Store
from loketcli.storage.followups import FollowUpRepository


@dataclass
class UnitOfWork:
    conn: sqlite3.Connection
    cases: CaseRepository = field(init=False)
    followups: FollowUpRepository = field(init=False)
    audit: AuditLog = field(init=False)
    vault_key: bytes = field(repr=False, default=b"")

    def __post_init__(self) -> None:
        self.cases = CaseRepository(self.conn, self.vault_key)
        self.followups = FollowUpRepository(self.conn, self.cases)
        self.audit = AuditLog(self.conn, self.vault_key)


class Vault:
    def __init__(self, store: Store, vault_key: bytes) -> None:
        self.store = store
        self._vault_key = vault_key

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """Everything one command writes commits together or not at all."""
        with self.store.write() as conn:
            yield UnitOfWork(conn, vault_key=self._vault_key)

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        with self.store.read() as conn:
            yield UnitOfWork(conn, vault_key=self._vault_key)

    @property
    def vault_key(self) -> bytes:
        return self._vault_key

    def close(self) -> None:
        self.store.close()

    def __repr__(self) -> str:
        # Never let a stray debug print or log show the key.
        return f"Vault({self.store.path.name})"
