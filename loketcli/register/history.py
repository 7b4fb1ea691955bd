"""A returning visitor's earlier contacts, read back from the register.

Colleagues' contacts with the same person (found by BSN when the desk sends
BSNs, and by the case's own key) become visible at the desk: date, channel,
subject and who handled it. Nothing is written to the store but the audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from loketcli.domain.bsn import normalise_bsn
from loketcli.domain.klantinteracties import CASE_ID_KIND, CASE_OBJECTTYPE, LOKET_REGISTER, case_key, parse_instant
from loketcli.domain.model import CaseId
from loketcli.errors import BadInput
from loketcli.register.client import RegisterClient
from loketcli.storage.register import read_settings, read_token, store_id
from loketcli.storage.vault import Vault

MAX_CONTACTS = 100


@dataclass(frozen=True)
class RegisterContact:
    at: datetime | None
    channel: str
    subject: str
    handled_by: tuple[str, ...]
    own_case: bool


def history(vault: Vault, now: datetime, *, case_id: CaseId | None, bsn: str | None,
            client_factory: type[RegisterClient] | None = None) -> tuple[RegisterContact, ...]:
    with vault.read() as uow:
        config = read_settings(uow.conn)
        token = read_token(uow.conn, vault.vault_key)
        identity = store_id(uow.conn)
        case = uow.cases.get(case_id, with_events=False) if case_id is not None else None
    if config.url is None or token is None:
        raise BadInput("error.register_not_configured")
    wanted_bsn = normalise_bsn(bsn) if bsn else (case.visitor.bsn if case is not None else None)
    if wanted_bsn and not config.send_bsn:
        # A lookup by BSN sends it to the register: only where the desk allows that.
        if bsn:
            raise BadInput("error.register_bsn_not_allowed")
        wanted_bsn = None
    queries: list[dict[str, str]] = []
    if wanted_bsn:
        queries.append({"hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId": "bsn",
                        "hadBetrokkene__wasPartij__partijIdentificator__objectId": wanted_bsn})
    own_key = case_key(identity, case_id) if case_id is not None else None
    if own_key is not None:
        queries.append({"onderwerpobject__onderwerpobjectidentificatorObjectId": own_key,
                        "onderwerpobject__onderwerpobjectidentificatorCodeRegister": LOKET_REGISTER,
                        "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype": CASE_OBJECTTYPE,
                        "onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId": CASE_ID_KIND})
    if not queries:
        raise BadInput("error.register_history_key")
    seen: dict[str, RegisterContact] = {}
    with (client_factory or RegisterClient)(config.url, token) as client:
        for query in queries:
            for found in client.list_all("/klantcontacten", query):
                uuid = str(found.get("uuid"))
                if uuid in seen or len(seen) >= MAX_CONTACTS:
                    continue
                metadata = found.get("metadata") if isinstance(found.get("metadata"), dict) else {}
                assert isinstance(metadata, dict)
                seen[uuid] = RegisterContact(
                    at=parse_instant(found.get("plaatsgevondenOp")),
                    channel=str(found.get("kanaal", ""))[:50],
                    subject=str(found.get("onderwerp", ""))[:200],
                    handled_by=tuple(str(a.get("naam", ""))[:200] for a in found.get("hadBetrokkenActoren") or ()
                                     if isinstance(a, dict)),
                    own_case=own_key is not None and metadata.get("loketZaak") == own_key,
                )
    with vault.write() as uow:
        uow.audit.append("register history", (case_id,) if case_id is not None else (), now,
                         "bsn" if wanted_bsn else "case")
    return tuple(sorted(seen.values(), key=lambda c: (c.at is None, c.at), reverse=True))
