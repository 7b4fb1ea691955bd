"""Who this worker is in the register, and the contact requests between teams.

Two things, both sealed:

* `meta['register_team']`: the worker's own actor and the team actors
  (register uuid, identificator, name), the local numbers the inbox gave the
  requests it showed, and the count and time of the last inbox read (which
  `loket today` shows without a network call). Sealed under the vault key's
  `register` subkey, like the API token: the worker's identificator is often
  their e-mail address.
* `register_requests`: per case, the contact requests (InterneTaken) taken
  from the inbox into that case and the ones sent from it to another team,
  sealed under the case's key. The clear column `open` counts the taken
  requests not yet closed in the register, so a push finds them without
  opening every case. Erasing the case deletes its row; the register is not
  touched (the request there belongs to the municipality).
"""

from __future__ import annotations

import base64
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from loketcli.crypto import PURPOSE_REGISTER, aad, derive_subkey, seal, unseal
from loketcli.domain.model import CaseId
from loketcli.errors import TamperedData
from loketcli.storage import codec

if TYPE_CHECKING:
    from loketcli.storage.cases import CaseRepository
    from loketcli.storage.vault import Vault

TEAM_KEY = "register_team"
TEAM_VERSION = 1
REQUESTS_VERSION = 1


@dataclass(frozen=True)
class ActorEntry:
    """An actor in the register: the worker (`medewerker`) or a team
    (`organisatorische_eenheid`)."""

    uuid: str
    ident: str
    name: str
    kind: str

    def to_fields(self) -> list[str]:
        return [self.uuid, self.ident, self.name, self.kind]

    @classmethod
    def from_fields(cls, value: list[str]) -> ActorEntry:
        return cls(str(value[0]), str(value[1]), str(value[2]), str(value[3]))


@dataclass(frozen=True)
class TeamSettings:
    url: str | None = None  # the register the uuids below belong to
    me: ActorEntry | None = None
    teams: tuple[ActorEntry, ...] = ()
    # Local numbers of the requests the inbox showed (`loket inbox take 3`),
    # by InterneTaak uuid; a number stays with its request while it is listed.
    numbers: dict[str, int] = field(default_factory=dict)
    next_number: int = 1
    inbox_count: int | None = None
    inbox_read_at: str | None = None

    def to_fields(self) -> dict[str, Any]:
        return {"v": TEAM_VERSION, "url": self.url, "me": self.me.to_fields() if self.me else None,
                "teams": [t.to_fields() for t in self.teams], "numbers": self.numbers,
                "next": self.next_number, "count": self.inbox_count, "read_at": self.inbox_read_at}

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> TeamSettings:
        me = fields.get("me")
        count = fields.get("count")
        return cls(url=fields.get("url"), me=ActorEntry.from_fields(me) if me else None,
                   teams=tuple(ActorEntry.from_fields(t) for t in fields.get("teams") or ()),
                   numbers={str(k): int(v) for k, v in (fields.get("numbers") or {}).items()},
                   next_number=int(fields.get("next") or 1),
                   inbox_count=count if isinstance(count, int) else None, inbox_read_at=fields.get("read_at"))

    def actor_uuids(self) -> tuple[str, ...]:
        return tuple(a.uuid for a in ((self.me,) if self.me else ()) + self.teams)


def _team_key(vault_key: bytes) -> bytes:
    return derive_subkey(vault_key, PURPOSE_REGISTER)


def _team_aad() -> bytes:
    return aad("meta", TEAM_KEY)


def read_team(conn: sqlite3.Connection, vault_key: bytes) -> TeamSettings:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (TEAM_KEY,)).fetchone()
    if row is None:
        return TeamSettings()
    try:
        plain = unseal(_team_key(vault_key), base64.b64decode(str(row[0]), validate=True), _team_aad())
        return TeamSettings.from_fields(codec.load(plain))
    except (TamperedData, ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError):
        raise TamperedData("error.tampered_record", table="meta", id=0) from None


def write_team(conn: sqlite3.Connection, vault_key: bytes, settings: TeamSettings) -> None:
    sealed = seal(_team_key(vault_key), codec.dump(settings.to_fields()), _team_aad())
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (TEAM_KEY, base64.b64encode(sealed).decode("ascii")))


def rotate_team(conn: sqlite3.Connection, old_vault_key: bytes, new_vault_key: bytes) -> None:
    """For `passwd --rotate-key`, in its transaction."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (TEAM_KEY,)).fetchone() is not None:
        write_team(conn, new_vault_key, read_team(conn, old_vault_key))


@dataclass(frozen=True)
class InboxSeen:
    count: int
    read_at: str


def last_inbox(vault: Vault) -> InboxSeen | None:
    """The count of the last inbox read, for `loket today`: no network call."""
    with vault.read() as uow:
        if uow.conn.execute("SELECT 1 FROM meta WHERE key = ?", (TEAM_KEY,)).fetchone() is None:
            return None
        team = read_team(uow.conn, vault.vault_key)
    if team.inbox_count is None or team.inbox_read_at is None:
        return None
    return InboxSeen(team.inbox_count, team.inbox_read_at)


# -- per case -------------------------------------------------------------------------


@dataclass(frozen=True)
class TakenRequest:
    """A request from the inbox, taken into this case."""

    task: str  # InterneTaak uuid
    klantcontact: str  # the contact it arose from
    partij: str | None  # the resident's partij in the register, when the contact named one
    followup: int  # the follow-up "terugbellen" it became here
    number: int  # the inbox number it had
    taken_at: str
    closed_at: str | None = None  # when the register was told it is done
    linked: bool = False  # the desk's own contact was linked to the partij

    def to_fields(self) -> dict[str, Any]:
        return {"task": self.task, "klantcontact": self.klantcontact, "partij": self.partij,
                "followup": self.followup, "number": self.number, "taken_at": self.taken_at,
                "closed_at": self.closed_at, "linked": self.linked}

    @classmethod
    def from_fields(cls, f: dict[str, Any]) -> TakenRequest:
        return cls(str(f["task"]), str(f["klantcontact"]), f.get("partij"), int(f["followup"]), int(f["number"]),
                   str(f["taken_at"]), f.get("closed_at"), bool(f.get("linked")))


@dataclass(frozen=True)
class SentRequest:
    """A contactverzoek this desk sent to another team about this case."""

    task: str
    klantcontact: str
    to: str  # actor uuid
    to_name: str
    sent_at: str

    def to_fields(self) -> dict[str, Any]:
        return {"task": self.task, "klantcontact": self.klantcontact, "to": self.to, "to_name": self.to_name,
                "sent_at": self.sent_at}

    @classmethod
    def from_fields(cls, f: dict[str, Any]) -> SentRequest:
        return cls(str(f["task"]), str(f["klantcontact"]), str(f["to"]), str(f["to_name"]), str(f["sent_at"]))


@dataclass(frozen=True)
class CaseRequests:
    taken: tuple[TakenRequest, ...] = ()
    sent: tuple[SentRequest, ...] = ()

    @property
    def open(self) -> int:
        return sum(1 for r in self.taken if r.closed_at is None)

    def to_fields(self) -> dict[str, Any]:
        return {"v": REQUESTS_VERSION, "taken": [r.to_fields() for r in self.taken],
                "sent": [r.to_fields() for r in self.sent]}

    @classmethod
    def from_fields(cls, f: dict[str, Any]) -> CaseRequests:
        return cls(taken=tuple(TakenRequest.from_fields(r) for r in f.get("taken") or ()),
                   sent=tuple(SentRequest.from_fields(r) for r in f.get("sent") or ()))

    def with_taken(self, request: TakenRequest) -> CaseRequests:
        return replace(self, taken=(*self.taken, request))

    def with_sent(self, request: SentRequest) -> CaseRequests:
        return replace(self, sent=(*self.sent, request))


def _aad(case_id: int) -> bytes:
    return aad("register_requests", case_id, "payload")


class RequestsRepository:
    def __init__(self, conn: sqlite3.Connection, cases: CaseRepository) -> None:
        self._conn = conn
        self._cases = cases

    def get(self, case_id: CaseId) -> CaseRequests:
        row = self._conn.execute("SELECT payload FROM register_requests WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            return CaseRequests()
        try:
            return CaseRequests.from_fields(codec.load(unseal(self._cases.key_for(case_id), row[0], _aad(case_id))))
        except (TamperedData, ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError):
            raise TamperedData("error.tampered_record", table="register_requests", id=case_id) from None

    def put(self, case_id: CaseId, requests: CaseRequests, now: datetime) -> None:
        sealed = seal(self._cases.key_for(case_id), codec.dump(requests.to_fields()), _aad(case_id))
        self._conn.execute(
            "INSERT INTO register_requests (case_id, updated_at, open, payload) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(case_id) DO UPDATE SET updated_at = excluded.updated_at, open = excluded.open,"
            " payload = excluded.payload",
            (case_id, codec.utc_text(now), requests.open, sealed),
        )

    def with_open(self) -> list[CaseId]:
        return [CaseId(int(r[0])) for r in
                self._conn.execute("SELECT case_id FROM register_requests WHERE open > 0 ORDER BY case_id")]

    def case_of_task(self, task: str) -> CaseId | None:
        """The case a request was taken into (opens the rows of cases with taken requests)."""
        for (case_id,) in self._conn.execute("SELECT case_id FROM register_requests ORDER BY case_id").fetchall():
            if any(r.task == task for r in self.get(CaseId(int(case_id))).taken):
                return CaseId(int(case_id))
        return None
