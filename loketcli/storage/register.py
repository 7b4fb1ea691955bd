"""The register push ledger and the register's connection settings.

Per case, one row sealed under that case's key: whether the visitor consented
to registration, which register objects mirror which loket records (with a
digest of what was sent), and whether a push of the case was under way when
the process stopped (`dirty`: the next push looks in the register before it
creates anything). The API token is a secret: sealed under the vault key in
`meta`; the register's URL is not personal and sits in clear beside it.
"""

from __future__ import annotations

import base64
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from loketcli.crypto import PURPOSE_REGISTER, aad, derive_subkey, seal, unseal
from loketcli.domain.model import CaseId
from loketcli.errors import TamperedData
from loketcli.storage import codec
from loketcli.storage.cases import CaseRepository

LEDGER_VERSION = 1
_URL_KEY = "register_url"
_TOKEN_KEY = "register_token"
_SEND_BSN_KEY = "register_send_bsn"
_WORKER_KEY = "register_worker"
_ACTORS_KEY = "register_actors"


@dataclass(frozen=True)
class MirroredContact:
    klantcontact: str
    betrokkene: str | None
    digest: str


@dataclass(frozen=True)
class MirroredTask:
    uuid: str
    digest: str


@dataclass(frozen=True)
class MirroredAddress:
    uuid: str
    digest: str


@dataclass(frozen=True)
class Refusal:
    """A part of the case the register refused (or loket kept back as the
    register would refuse it): not sent again until what it would send changes."""

    digest: str
    status: int | None  # the HTTP status; None when loket did not send it
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CaseLedger:
    """What loket knows of one case in the register."""

    consent: bool = False
    consent_at: str | None = None
    partij: str | None = None
    contacts: dict[int, MirroredContact] = field(default_factory=dict)
    tasks: dict[int, MirroredTask] = field(default_factory=dict)
    # By soortDigitaalAdres: `telefoonnummer`, `email`.
    addresses: dict[str, MirroredAddress] = field(default_factory=dict)
    # A row written before `addresses` existed said only `addresses_sent`:
    # which addresses the register holds is then found by a lookup.
    addresses_unknown: bool = False
    # By part: `partij`, `contact:<event id>`, `task:<follow-up id>`, `adres:<kind>`.
    refused: dict[str, Refusal] = field(default_factory=dict)
    dirty: bool = False
    pushed_at: str | None = None
    # The case's state_version right after its last clean push: while it is
    # unchanged, nothing of the case changed, and a push need not open it.
    seen_version: int | None = None

    def to_fields(self) -> dict[str, Any]:
        return {
            "v": LEDGER_VERSION,
            "consent": self.consent, "consent_at": self.consent_at, "partij": self.partij,
            "contacts": {str(k): [c.klantcontact, c.betrokkene, c.digest] for k, c in self.contacts.items()},
            "tasks": {str(k): [t.uuid, t.digest] for k, t in self.tasks.items()},
            "addresses": {k: [a.uuid, a.digest] for k, a in sorted(self.addresses.items())},
            "refused": {k: [r.digest, r.status, list(r.reasons)] for k, r in sorted(self.refused.items())},
            **({"addresses_sent": True} if self.addresses_unknown else {}),
            "dirty": self.dirty, "pushed_at": self.pushed_at,
            "seen_version": self.seen_version,
        }

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> CaseLedger:
        return cls(
            consent=bool(fields.get("consent")), consent_at=fields.get("consent_at"), partij=fields.get("partij"),
            contacts={int(k): MirroredContact(v[0], v[1], v[2]) for k, v in fields.get("contacts", {}).items()},
            tasks={int(k): MirroredTask(v[0], v[1]) for k, v in fields.get("tasks", {}).items()},
            addresses={str(k): MirroredAddress(str(v[0]), str(v[1])) for k, v in fields.get("addresses", {}).items()},
            # Written by to_fields only while unknown, so it survives a rewrite of an old row.
            addresses_unknown=bool(fields.get("addresses_sent")),
            refused={str(k): Refusal(str(v[0]), v[1] if isinstance(v[1], int) else None, tuple(map(str, v[2])))
                     for k, v in fields.get("refused", {}).items()},
            dirty=bool(fields.get("dirty")),
            pushed_at=fields.get("pushed_at"),
            seen_version=fields["seen_version"] if isinstance(fields.get("seen_version"), int) else None,
        )

    def with_consent(self, given: bool, now: datetime) -> CaseLedger:
        return replace(self, consent=given, consent_at=codec.utc_text(now))


def _aad(case_id: int) -> bytes:
    return aad("register_ledger", case_id, "payload")


class RegisterLedger:
    def __init__(self, conn: sqlite3.Connection, cases: CaseRepository) -> None:
        self._conn = conn
        self._cases = cases

    def get(self, case_id: CaseId) -> CaseLedger:
        row = self._conn.execute("SELECT payload FROM register_ledger WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            return CaseLedger()
        try:
            return CaseLedger.from_fields(codec.load(unseal(self._cases.key_for(case_id), row[0], _aad(case_id))))
        except TamperedData:
            raise TamperedData("error.tampered_record", table="register_ledger", id=case_id) from None
        except (ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError):
            raise TamperedData("error.tampered_record", table="register_ledger", id=case_id) from None

    def put(self, case_id: CaseId, ledger: CaseLedger, now: datetime) -> None:
        sealed = seal(self._cases.key_for(case_id), codec.dump(ledger.to_fields()), _aad(case_id))
        self._conn.execute(
            "INSERT INTO register_ledger (case_id, updated_at, payload) VALUES (?, ?, ?)"
            " ON CONFLICT(case_id) DO UPDATE SET updated_at = excluded.updated_at, payload = excluded.payload",
            (case_id, codec.utc_text(now), sealed),
        )

    def case_ids(self) -> list[CaseId]:
        return [CaseId(int(r[0])) for r in self._conn.execute("SELECT case_id FROM register_ledger ORDER BY case_id")]


@dataclass(frozen=True)
class RegisterSettings:
    url: str | None
    send_bsn: bool
    worker: str
    has_token: bool


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _put_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, value))


DEFAULT_WORKER = "Loketmedewerker"


def read_settings(conn: sqlite3.Connection) -> RegisterSettings:
    return RegisterSettings(url=_meta(conn, _URL_KEY), send_bsn=_meta(conn, _SEND_BSN_KEY) == "ja",
                            worker=_meta(conn, _WORKER_KEY) or DEFAULT_WORKER,
                            has_token=_meta(conn, _TOKEN_KEY) is not None)


def write_settings(conn: sqlite3.Connection, *, url: str | None, send_bsn: bool | None, worker: str | None) -> None:
    if url is not None:
        _put_meta(conn, _URL_KEY, url)
    if send_bsn is not None:
        _put_meta(conn, _SEND_BSN_KEY, "ja" if send_bsn else "nee")
    if worker is not None:
        _put_meta(conn, _WORKER_KEY, worker)


def _token_aad() -> bytes:
    return aad("meta", _TOKEN_KEY)


def _token_key(vault_key: bytes) -> bytes:
    # A subkey of its own: the vault key itself never seals anything.
    return derive_subkey(vault_key, PURPOSE_REGISTER)


def write_token(conn: sqlite3.Connection, vault_key: bytes, token: str) -> None:
    sealed = seal(_token_key(vault_key), token.encode("utf-8"), _token_aad())
    _put_meta(conn, _TOKEN_KEY, base64.b64encode(sealed).decode("ascii"))


def read_token(conn: sqlite3.Connection, vault_key: bytes) -> str | None:
    stored = _meta(conn, _TOKEN_KEY)
    if stored is None:
        return None
    try:
        return unseal(_token_key(vault_key), base64.b64decode(stored, validate=True), _token_aad()).decode("utf-8")
    except (TamperedData, ValueError, UnicodeDecodeError):
        raise TamperedData("error.tampered_record", table="meta", id=0) from None


def rotate_token(conn: sqlite3.Connection, old_vault_key: bytes, new_vault_key: bytes) -> None:
    """For `passwd --rotate-key`, in its transaction."""
    token = read_token(conn, old_vault_key)
    if token is not None:
        write_token(conn, new_vault_key, token)


def read_actor_cache(conn: sqlite3.Connection, url: str) -> dict[str, str]:
    """Register uuids of the actors loket made (the worker, the bodies), per
    register URL: they name no visitor, so they are kept in clear."""
    import json

    stored = _meta(conn, _ACTORS_KEY)
    if not stored:
        return {}
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    cache = value.get(url) if isinstance(value, dict) else None
    return {str(k): str(v) for k, v in cache.items()} if isinstance(cache, dict) else {}


def write_actor_cache(conn: sqlite3.Connection, url: str, actors: dict[str, str]) -> None:
    import json

    _put_meta(conn, _ACTORS_KEY, json.dumps({url: actors}, sort_keys=True))


def store_id(conn: sqlite3.Connection) -> str:
    value = _meta(conn, "store_id")
    if value is None:
        from loketcli.errors import CorruptStore

        raise CorruptStore()
    return value
