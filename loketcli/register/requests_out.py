"""A contactverzoek from the desk to another team, through the register.

As KISS makes one: a new `Klantcontact` (with the resident as `Betrokkene`,
their phone and e-mail as `DigitaleAdressen`, the case's key as
`Onderwerpobject`), the worker linked to it, and an `InterneTaak` assigned to
the team or colleague asked to act. It then shows in their KISS or in their
`loket inbox`. Only for a case whose visitor consented to registration:
nothing personal of a visitor who did not goes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from loketcli.domain.klantinteracties import (
    CASE_ID_KIND,
    CASE_OBJECTTYPE,
    LOKET_REGISTER,
    case_key,
    register_phone,
    split_name,
)
from loketcli.domain.model import CaseId
from loketcli.domain.text import refuse_controls
from loketcli.errors import BadInput
from loketcli.register.inbox import (
    PAGE_SIZE,
    TEAM,
    TOELICHTING_MAX,
    WORKER,
    ClientFactory,
    _client,
    _connection,
    _printable,
)
from loketcli.storage.register import RegisterLedger, store_id
from loketcli.storage.register_team import RequestsRepository, SentRequest
from loketcli.storage.vault import Vault

ASKED = "Contact opnemen met betrokkene"
SUBJECT = "Contactverzoek van het overheidsbreed loket"


@dataclass(frozen=True)
class Sent:
    case_id: CaseId
    to_name: str
    task: str


def _check_what(what: str) -> str:
    # Lines typed at the prompt or piped in become one paragraph.
    text = " ".join(what.split())
    refuse_controls(text, "vraag")
    if not text:
        raise BadInput("error.field_required", field="vraag")
    if len(text) > TOELICHTING_MAX:
        raise BadInput("error.field_too_long", field="vraag", limit=TOELICHTING_MAX)
    return text


def _target(client: Any, to: str) -> dict[str, Any]:
    """The actor named by `to`: a team's or a colleague's identificator (as
    `register teams` lists it), else an exact actor name. A team wins."""
    wanted = " ".join(to.split())
    found: list[dict[str, Any]] = []
    for params in ({"actoridentificatorObjectId": wanted}, {"naam": wanted}):
        for actor in client.list_all("/actoren", {**params, "indicatieActief": "true", "pageSize": PAGE_SIZE}):
            ident = actor.get("actoridentificator") or {}
            if isinstance(ident, dict) and ident.get("codeRegister") == LOKET_REGISTER:
                continue  # a body loket made for its own contacts
            if actor.get("soortActor") in (TEAM, WORKER) and (
                    (isinstance(ident, dict) and ident.get("objectId") == wanted) or actor.get("naam") == wanted):
                found.append(actor)
            if len(found) >= 20:
                break
        if found:
            break
    if not found:
        raise BadInput("error.contactverzoek_no_actor")
    return next((a for a in found if a.get("soortActor") == TEAM), found[0])


def check_request(vault: Vault, case_id: CaseId, to: str) -> None:
    """What can be checked before the worker types what is asked: the
    register is set up, the case exists and its visitor consented."""
    refuse_controls(to, "team")
    if not to.strip() or len(to) > 200:
        raise BadInput("error.register_actor_ident")
    _connection(vault)
    with vault.read() as uow:
        case = uow.cases.get(case_id, with_events=False)
        if not RegisterLedger(uow.conn, uow.cases).get(case_id).consent:
            raise BadInput("error.contactverzoek_consent", case=case.label)


def send_request(vault: Vault, now: datetime, case_id: CaseId, to: str, what: str,
                 client_factory: ClientFactory | None = None) -> Sent:
    text = _check_what(what)
    check_request(vault, case_id, to)
    url, token, team = _connection(vault)
    with vault.read() as uow:
        case = uow.cases.get(case_id, with_events=False)
        key = case_key(store_id(uow.conn), case_id)
    visitor = case.visitor
    name = split_name(" ".join(visitor.name.split()))
    with _client(client_factory, url, token) as client:
        target = _target(client, to)
        made = client.post("/maak-klantcontact", {
            "klantcontact": {"kanaal": "balie", "onderwerp": SUBJECT, "taal": "nld", "vertrouwelijk": True,
                             "indicatieContactGelukt": True,
                             "plaatsgevondenOp": now.astimezone().isoformat(timespec="seconds"),
                             "metadata": {"loketZaak": key, "loketVerzoek": "uit"}},
            "betrokkene": {"rol": "klant", "initiator": True, "contactnaam": name.body()},
            "onderwerpobject": {"onderwerpobjectidentificator": {
                "objectId": key, "codeObjecttype": CASE_OBJECTTYPE, "codeRegister": LOKET_REGISTER,
                "codeSoortObjectId": CASE_ID_KIND}},
        })
        contact = str(made["klantcontact"]["uuid"])
        betrokkene = made.get("betrokkene")
        if isinstance(betrokkene, dict) and betrokkene.get("uuid"):
            addresses = []
            phone = register_phone(visitor.phone) if visitor.phone else None
            if phone:
                addresses.append({"adres": phone, "soortDigitaalAdres": "telefoonnummer"})
            if visitor.email:
                addresses.append({"adres": visitor.email[:80], "soortDigitaalAdres": "email"})
            for address in addresses:
                client.post("/digitaleadressen", {**address, "omschrijving": "opgegeven aan het loket",
                                                  "verstrektDoorBetrokkene": {"uuid": str(betrokkene["uuid"])},
                                                  "verstrektDoorPartij": None})
        if team.me is not None:
            client.post("/actorklantcontacten", {"actor": {"uuid": team.me.uuid}, "klantcontact": {"uuid": contact}})
        task = client.post("/internetaken", {
            "gevraagdeHandeling": ASKED, "toelichting": text, "status": "te_verwerken",
            "aanleidinggevendKlantcontact": {"uuid": contact},
            "toegewezenAanActoren": [{"uuid": str(target["uuid"])}]})
    to_name = _printable(target.get("naam"), 200) or to
    with vault.write() as uow:
        repo = RequestsRepository(uow.conn, uow.cases)
        repo.put(case_id, repo.get(case_id).with_sent(SentRequest(
            task=str(task["uuid"]), klantcontact=contact, to=str(target["uuid"]), to_name=to_name,
            sent_at=now.isoformat(timespec="seconds"))), now)
        uow.audit.append("register contactverzoek", (case_id,), now, "team" if target.get("soortActor") == TEAM
                         else "medewerker")
    return Sent(case_id, to_name, str(task["uuid"]))
