"""Exact look-ups in the sealed search index: `find` by BSN, phone, e-mail or
name, and the intake's "this visitor has been here before".

The index gives candidates; each is checked against its opened case before
it counts, so an index row put back from an older copy can hide a match but
never show a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from loketcli.domain.model import Case, CaseId, CaseStatus, Visitor
from loketcli.domain.search import KeyKind, SearchKey, visitor_keys
from loketcli.storage.search_index import SearchIndex, has_index
from loketcli.storage.vault import UnitOfWork, Vault, index_keys


@dataclass(frozen=True)
class Recognised:
    """An existing case holding one of the new visitor's keys: what may be
    shown about it at the desk (no name: it may be someone else's case)."""

    case_id: CaseId
    status: CaseStatus
    opened_at: datetime
    kinds: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"K-{self.case_id:04d}"


def exact_matches(uow: UnitOfWork, vault_key: bytes, keys: tuple[SearchKey, ...], limit: int | None = None
                  ) -> tuple[list[tuple[Case, tuple[str, ...]]], int] | None:
    """Cases holding any of `keys`, newest first, with the labels of the
    fields that matched, and how many the index names in all; None when the
    store has no index yet (a session opened before the first unlock since
    the upgrade).

    Each case shown is opened and checked; with a `limit`, only as many as
    are shown, so a word half the visitors share costs `limit` cases, not
    all of them. The total counts the index's other candidates unopened: it
    can be too high only for an index `loket verify` calls damaged."""
    if not keys:
        return [], 0
    if not has_index(uow.conn):
        return None
    wanted = set(keys)
    candidates = sorted(SearchIndex(uow.conn, index_keys(vault_key)).lookup(keys), reverse=True)
    found: list[tuple[Case, tuple[str, ...]]] = []
    opened = 0
    for case_id in candidates:
        if limit is not None and len(found) >= limit:
            break
        opened += 1
        if not uow.cases.exists(CaseId(case_id)):
            continue
        case = uow.cases.get(CaseId(case_id), with_events=False)
        matched = {kind.label for kind, value in visitor_keys(case.visitor) if (kind, value) in wanted}
        if matched:
            found.append((case, tuple(sorted(matched))))
    return found, len(found) + len(candidates) - opened


def recognise(vault: Vault, visitor: Visitor, now: datetime) -> tuple[Recognised, ...]:
    """Existing cases sharing the visitor's BSN, phone, e-mail or whole name,
    newest first. Name parts alone do not count: two visitors called Jansen
    are not one. Audited when anything is found (case ids only, sealed)."""
    keys = tuple(key for key in visitor_keys(visitor) if key[0] is not KeyKind.NAME_PART)
    with vault.read() as uow:
        found, _ = exact_matches(uow, vault.vault_key, keys) or ([], 0)
        result = [Recognised(case_id=case.id, status=case.status, opened_at=case.opened_at, kinds=kinds)
                  for case, kinds in found]
    if result:
        with vault.write() as uow:
            # Sealed: in clear, the ids would say which cases share a value.
            uow.audit.append("recognise", tuple(r.case_id for r in result), now, sealed=True)
    return tuple(result)


def rebuild_index(vault: Vault, now: datetime) -> None:
    """The whole index anew from the cases, in one write (`verify --rebuild-index`)."""
    with vault.write() as uow:
        if has_index(uow.conn):
            SearchIndex(uow.conn, index_keys(vault.vault_key)).rebuild()
            uow.audit.append("verify", (), now, "rebuild-index")
