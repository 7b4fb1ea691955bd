"""Contact requests meant for this desk: read them, take one, close the loop.

A contactverzoek, as KISS (the municipal front office) makes it, is a
`Klantcontact` with an `InterneTaak` assigned to one or more `Actor`s: a
medewerker, or a team (`organisatorische_eenheid`). The resident's name sits on
the contact's `Betrokkene`, their phone and e-mail on its `DigitaleAdressen`.

* `configure_team`: who the worker and their teams are in the register, found
  by the identificator the municipality uses (KISS's conventions) or created.
* `read_inbox`: the open requests assigned to the worker or a team, every
  page, bounded; the count is kept for `loket today`.
* `take`: assign a request to the worker in the register, and open a case
  from it here (or add it to a recognised visitor's open case) with a
  follow-up "terugbellen".
* `close_taken_requests`: at push time, a request whose follow-up is done (or
  whose case was closed) is set to `verwerkt` in the register.

Nothing the register says is put into an error message; a colleague's name
(an actor's `naam`) is shown only as the answer to "who has it".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from loketcli.domain.klantinteracties import parse_instant
from loketcli.domain.model import CaseId, CaseStatus, FollowUpSource
from loketcli.domain.text import refuse_controls
from loketcli.errors import BadInput, LoketError
from loketcli.register.client import RegisterClient, RegisterRefused, RegisterUnavailable
from loketcli.storage.register import read_settings, read_token
from loketcli.storage.register_team import (
    ActorEntry,
    CaseRequests,
    RequestsRepository,
    TakenRequest,
    TeamSettings,
    read_team,
    write_team,
)
from loketcli.storage.vault import Vault

ClientFactory = Callable[[str, str], RegisterClient]

# Bounds: an inbox is a worklist, not an archive.
INBOX_MAX = 2000
PAGE_SIZE = "100"
ACTORS_MAX = 1000
READS_AT_ONCE = 4
OPEN = "te_verwerken"
DONE = "verwerkt"
WORKER = "medewerker"
TEAM = "organisatorische_eenheid"
# What the register's InterneTaak may hold (OpenAPI 0.9.0).
HANDELING_MAX = 200
TOELICHTING_MAX = 1000


class TakenByOther(LoketError):
    """The request is already assigned to a colleague."""

    default_key = "error.inbox_taken"


def _kiss_identificator(kind: str, ident: str) -> dict[str, str]:
    """How KISS identifies actors: a medewerker by e-mail (`handmatig`/`email`)
    or by another id (`obj`/`idf`), a team as an afdeling (`obj`/`idf`)."""
    if kind == WORKER:
        by_mail = "@" in ident
        return {"objectId": ident, "codeObjecttype": "mdw", "codeRegister": "handmatig" if by_mail else "obj",
                "codeSoortObjectId": "email" if by_mail else "idf"}
    return {"objectId": ident, "codeObjecttype": "afd", "codeRegister": "obj", "codeSoortObjectId": "idf"}


def _check_ident(value: str, field: str) -> str:
    refuse_controls(value, field)
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 200:
        raise BadInput("error.register_actor_ident")
    return cleaned


def _printable(text: object, limit: int) -> str:
    return "".join(c for c in str(text or "") if c.isprintable())[:limit]


def _connection(vault: Vault) -> tuple[str, str, TeamSettings]:
    with vault.read() as uow:
        config = read_settings(uow.conn)
        token = read_token(uow.conn, vault.vault_key)
        team = read_team(uow.conn, vault.vault_key)
    if config.url is None or token is None:
        raise BadInput("error.register_not_configured")
    if team.url is not None and team.url != config.url:
        # The uuids belong to another register: set up anew.
        team = TeamSettings()
    return config.url, token, team


def _client(factory: ClientFactory | None, url: str, token: str) -> RegisterClient:
    return (factory or RegisterClient)(url, token)


def _find_actor(client: RegisterClient, kind: str, ident: str) -> dict[str, Any] | None:
    """The active actor of that kind with that identificator (any register code,
    so an actor KISS made is found too)."""
    for found in client.list_all("/actoren", {"actoridentificatorObjectId": ident, "soortActor": kind,
                                              "pageSize": PAGE_SIZE}):
        ident_of = found.get("actoridentificator") or {}
        if isinstance(ident_of, dict) and ident_of.get("objectId") == ident and found.get("soortActor") == kind:
            return found
    return None


def _find_or_create(client: RegisterClient, kind: str, ident: str, name: str) -> ActorEntry:
    found = _find_actor(client, kind, ident)
    if found is None:
        found = client.post("/actoren", {"naam": name[:200], "soortActor": kind, "indicatieActief": True,
                                         "actoridentificator": _kiss_identificator(kind, ident)})
    return ActorEntry(str(found["uuid"]), ident, _printable(found.get("naam"), 200) or ident, kind)


def configure_team(vault: Vault, now: datetime, *, me: str | None, teams: tuple[str, ...],
                   client_factory: ClientFactory | None = None) -> TeamSettings:
    """Record the worker's actor (`me`) and replace the team actors, found in
    the register or made there once."""
    checked_me = _check_ident(me, "medewerker") if me is not None else None
    checked_teams = tuple(dict.fromkeys(_check_ident(t, "team") for t in teams))
    url, token, current = _connection(vault)
    with vault.read() as uow:
        worker_name = read_settings(uow.conn).worker
    with _client(client_factory, url, token) as client:
        mine = _find_or_create(client, WORKER, checked_me, worker_name) if checked_me else current.me
        found_teams = (tuple(_find_or_create(client, TEAM, t, t) for t in checked_teams) if checked_teams
                       else current.teams)
    with vault.write() as uow:
        stored = read_team(uow.conn, vault.vault_key)
        updated = dataclasses.replace(stored, url=url, me=mine, teams=found_teams)
        write_team(uow.conn, vault.vault_key, updated)
        changed = (["me"] if checked_me else []) + ([f"teams={len(found_teams)}"] if checked_teams else [])
        uow.audit.append("register setup", (), now, ",".join(changed))
    return updated


def team_settings(vault: Vault) -> TeamSettings:
    with vault.read() as uow:
        return read_team(uow.conn, vault.vault_key)


def list_teams(vault: Vault, client_factory: ClientFactory | None = None) -> tuple[ActorEntry, ...]:
    """The municipality's teams in the register (not the bodies loket made
    for its own contacts), for `--to` and `register setup --team`."""
    url, token, _ = _connection(vault)
    found: list[ActorEntry] = []
    with _client(client_factory, url, token) as client:
        for actor in client.list_all("/actoren", {"soortActor": TEAM, "indicatieActief": "true",
                                                  "pageSize": PAGE_SIZE}):
            ident = actor.get("actoridentificator") or {}
            if not isinstance(ident, dict) or ident.get("codeRegister") == "loket" or not ident.get("objectId"):
                continue
            found.append(ActorEntry(str(actor["uuid"]), _printable(ident["objectId"], 200),
                                    _printable(actor.get("naam"), 200), TEAM))
            if len(found) >= ACTORS_MAX:
                break
    return tuple(sorted(found, key=lambda a: (a.name.casefold(), a.ident)))


# -- the inbox --------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxItem:
    number: int
    uuid: str
    assigned_at: datetime | None
    asked: str
    note: str
    taken_by: str | None  # a colleague's name when a medewerker other than me is assigned
    mine: bool  # assigned to me
    teams: tuple[str, ...]  # which of my teams it is assigned to
    name: str | None = None  # the resident's name, with --names only


@dataclass(frozen=True)
class Inbox:
    items: tuple[InboxItem, ...]
    read_at: datetime
    truncated: bool
    names: bool


def _assigned(task: dict[str, Any]) -> list[str]:
    return [str(a.get("uuid")) for a in task.get("toegewezenAanActoren") or () if isinstance(a, dict)]


class _Clients:
    """One register client per thread, for reads a few at a time."""

    def __init__(self, factory: ClientFactory | None, url: str, token: str) -> None:
        import threading

        self._factory, self._url, self._token = factory, url, token
        self._local = threading.local()
        self._made: list[RegisterClient] = []

    def client(self) -> RegisterClient:
        if not hasattr(self._local, "client"):
            self._local.client = _client(self._factory, self._url, self._token)
            self._made.append(self._local.client)
        made: RegisterClient = self._local.client
        return made

    def map(self, work: Callable[[Any], Any], items: Iterator[Any] | list[Any]) -> list[Any]:
        with ThreadPoolExecutor(max_workers=READS_AT_ONCE) as pool:
            return list(pool.map(work, items))

    def close(self) -> None:
        for made in self._made:
            made.close()


def _open_tasks(clients: _Clients, actor: str) -> Iterator[dict[str, Any]]:
    """Every open task assigned to `actor`, at most INBOX_MAX. The first page
    says how many there are; the other pages are then read a few at a time,
    since the register, not the network, takes most of the time."""
    params = {"status": OPEN, "toegewezenAanActor__uuid": actor, "pageSize": PAGE_SIZE}

    def page(number: int) -> list[dict[str, Any]]:
        answer = clients.client().get("/internetaken", {**params, "page": str(number)})
        results = answer.get("results")
        if not isinstance(results, list):
            raise RegisterUnavailable("error.register_answer")
        if number == 1:
            first_answer.append(answer)
        return [r for r in results if isinstance(r, dict)]

    first_answer: list[dict[str, Any]] = []
    first = page(1)
    yield from first
    count = first_answer[0].get("count")
    if not first_answer[0].get("next") or not first:
        return
    if not isinstance(count, int):
        count = INBOX_MAX
    pages = -(-min(count, INBOX_MAX) // len(first))
    for results in clients.map(page, list(range(2, pages + 1))):
        yield from results


def read_inbox(vault: Vault, now: datetime, *, names: bool = False,
               client_factory: ClientFactory | None = None) -> Inbox:
    url, token, team = _connection(vault)
    if not team.actor_uuids():
        raise BadInput("error.inbox_no_actor")
    found: dict[str, dict[str, Any]] = {}
    truncated = False
    known = {a.uuid: a for a in ((team.me,) if team.me else ()) + team.teams}
    clients = _Clients(client_factory, url, token)
    try:
        for actor in team.actor_uuids():
            for task in _open_tasks(clients, actor):
                if len(found) >= INBOX_MAX:
                    truncated = True
                    break
                found.setdefault(str(task.get("uuid")), task)
        # The pages stop at the bound: a full inbox may have had more.
        truncated = truncated or len(found) >= INBOX_MAX
        # Who else is on each request: a colleague (medewerker) means taken.
        others: dict[str, dict[str, Any]] = {}
        client = clients.client()
        for task in found.values():
            for uuid in _assigned(task):
                if uuid not in known and uuid not in others and len(others) < ACTORS_MAX:
                    try:
                        others[uuid] = client.get(f"/actoren/{uuid}")
                    except RegisterRefused:
                        others[uuid] = {}
        contact_names = _names(clients, found) if names else {}
    finally:
        clients.close()
    numbers = {uuid: n for uuid, n in team.numbers.items() if uuid in found}
    next_number = team.next_number
    ordered = sorted(found.values(), key=lambda t: (parse_instant(t.get("toegewezenOp")) is not None,
                                                    parse_instant(t.get("toegewezenOp")) or now), reverse=True)
    # New requests get numbers oldest first, so the numbers grow with time.
    for task in reversed(ordered):
        uuid = str(task.get("uuid"))
        if uuid not in numbers:
            numbers[uuid] = next_number
            next_number += 1
    items: list[InboxItem] = []
    for task in ordered:
        uuid = str(task.get("uuid"))
        assigned = _assigned(task)
        colleague = next((others[a] for a in assigned if a in others and others[a].get("soortActor") == WORKER),
                         None)
        items.append(InboxItem(
            number=numbers[uuid], uuid=uuid, assigned_at=parse_instant(task.get("toegewezenOp")),
            asked=_printable(task.get("gevraagdeHandeling"), HANDELING_MAX),
            note=_printable(" ".join(str(task.get("toelichting") or "").split()), TOELICHTING_MAX),
            taken_by=_printable(colleague.get("naam"), 200) or "?" if colleague is not None else None,
            mine=team.me is not None and team.me.uuid in assigned,
            teams=tuple(known[a].name for a in assigned if a in known and known[a].kind == TEAM),
            name=contact_names.get(uuid) if names else None))
    with vault.write() as uow:
        stored = read_team(uow.conn, vault.vault_key)
        write_team(uow.conn, vault.vault_key, dataclasses.replace(
            stored, numbers=numbers, next_number=next_number, inbox_count=len(items),
            inbox_read_at=now.isoformat(timespec="seconds")))
        uow.audit.append("register inbox", (), now, f"{len(items)}{' names' if names else ''}")
    return Inbox(tuple(items), now, truncated, names)


def _names(clients: _Clients, tasks: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The resident's name of each request: one contact read per request, a few at a time."""

    def one(task: dict[str, Any]) -> tuple[str, str]:
        contact = task.get("aanleidinggevendKlantcontact") or {}
        if not isinstance(contact, dict) or not contact.get("uuid"):
            return str(task.get("uuid")), ""
        try:
            return str(task.get("uuid")), _contact(clients.client(), str(contact["uuid"])).name
        except RegisterRefused:
            return str(task.get("uuid")), ""

    return dict(clients.map(one, list(tasks.values())))


@dataclass(frozen=True)
class ContactDetails:
    name: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    subject: str
    content: str
    partij: str | None


def _contact(client: RegisterClient, uuid: str) -> ContactDetails:
    found = client.get(f"/klantcontacten/{uuid}", {"expand": "hadBetrokkenen,hadBetrokkenen.digitaleAdressen"})
    expanded = found.get("_expand") if isinstance(found.get("_expand"), dict) else {}
    assert isinstance(expanded, dict)
    betrokkenen = [b for b in expanded.get("hadBetrokkenen") or () if isinstance(b, dict)]
    # The resident: the klant who started the contact, else any klant.
    chosen = next((b for b in betrokkenen if b.get("rol") == "klant" and b.get("initiator")), None) \
        or next((b for b in betrokkenen if b.get("rol") == "klant"), None)
    name, phones, emails, partij = "", [], [], None
    if chosen is not None:
        name = _printable(chosen.get("volledigeNaam"), 200) or _name_of(chosen.get("contactnaam"))
        inner = chosen.get("_expand") if isinstance(chosen.get("_expand"), dict) else {}
        assert isinstance(inner, dict)
        for address in inner.get("digitaleAdressen") or ():
            if not isinstance(address, dict):
                continue
            value = _printable(address.get("adres"), 80)
            if address.get("soortDigitaalAdres") == "telefoonnummer" and value:
                phones.append(value)
            elif address.get("soortDigitaalAdres") == "email" and value:
                emails.append(value)
        was = chosen.get("wasPartij")
        if isinstance(was, dict) and was.get("uuid"):
            partij = str(was["uuid"])
    return ContactDetails(name=name, phones=tuple(phones), emails=tuple(emails),
                          subject=_printable(found.get("onderwerp"), 200),
                          content=_printable(" ".join(str(found.get("inhoud") or "").split()), 1000), partij=partij)


def _name_of(contactnaam: object) -> str:
    if not isinstance(contactnaam, dict):
        return ""
    parts = [contactnaam.get("voornaam") or contactnaam.get("voorletters"),
             contactnaam.get("voorvoegselAchternaam"), contactnaam.get("achternaam")]
    return _printable(" ".join(str(p) for p in parts if p), 200)


# -- take one ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Taken:
    case_id: CaseId
    followup_id: int
    new_case: bool


CALLBACK_WHAT = "Terugbellen (contactverzoek uit het register)"
UNKNOWN_NAME = "Onbekend (contactverzoek)"


def take(vault: Vault, now: datetime, number: int, *, new_case: bool = False,
         client_factory: ClientFactory | None = None) -> Taken:
    url, token, team = _connection(vault)
    if team.me is None:
        raise BadInput("error.inbox_no_me")
    by_number = {n: uuid for uuid, n in team.numbers.items()}
    task_uuid = by_number.get(number)
    if task_uuid is None:
        raise BadInput("error.inbox_unknown_number", number=number)
    with vault.read() as uow:
        already = RequestsRepository(uow.conn, uow.cases).case_of_task(task_uuid)
    if already is not None:
        raise BadInput("error.inbox_already_yours", number=number, case=f"K-{already:04d}")
    me = team.me.uuid
    with _client(client_factory, url, token) as client:
        task = client.get(f"/internetaken/{task_uuid}")
        if task.get("status") == DONE:
            raise BadInput("error.inbox_done", number=number)
        _refuse_if_colleague(client, task, me)
        contact = task.get("aanleidinggevendKlantcontact")
        if not isinstance(contact, dict) or not contact.get("uuid"):
            raise BadInput("error.inbox_no_contact", number=number)
        details = _contact(client, str(contact["uuid"]))
        if _assigned(task) != [me]:
            client.patch(f"/internetaken/{task_uuid}", {"toegewezenAanActoren": [{"uuid": me}]})
            # Two colleagues at once: the register keeps the last assignment;
            # whoever does not find themselves there has lost.
            _refuse_if_colleague(client, client.get(f"/internetaken/{task_uuid}"), me)
    return _take_here(vault, now, number, task, details, new_case)


def _refuse_if_colleague(client: RegisterClient, task: dict[str, Any], me: str) -> None:
    for uuid in _assigned(task):
        if uuid == me:
            continue
        try:
            actor = client.get(f"/actoren/{uuid}")
        except RegisterRefused:
            continue
        if actor.get("soortActor") == WORKER:
            raise TakenByOther(name=_printable(actor.get("naam"), 80) or "?")


def _take_here(vault: Vault, now: datetime, number: int, task: dict[str, Any], details: ContactDetails,
               new_case: bool) -> Taken:
    from loketcli.domain.dates import When, add_working_days
    from loketcli.domain.intake import parse_email, parse_phone
    from loketcli.domain.model import Consent, Intake, NewCase, Note, Visitor
    from loketcli.errors import BadInput as Bad
    from loketcli.services.followups import plan
    from loketcli.services.search import exact_matches

    def valid(parse: Callable[[str], str | None], values: tuple[str, ...]) -> str | None:
        for value in values:
            try:
                return parse(value)
            except Bad:
                continue
        return None

    asked = _printable(task.get("gevraagdeHandeling"), HANDELING_MAX)
    note = _printable(" ".join(str(task.get("toelichting") or "").split()), TOELICHTING_MAX)
    question = " — ".join(p for p in (details.subject, asked, note, details.content) if p)[:4000] or asked or "-"
    visitor = Visitor(name=details.name or UNKNOWN_NAME, phone=valid(parse_phone, details.phones),
                      email=valid(parse_email, details.emails))
    due = When(add_working_days(now.date(), 1))
    with vault.write() as uow:
        case_id: CaseId | None = None
        if not new_case:
            from loketcli.domain.search import KeyKind, visitor_keys

            # Name words alone never count; a whole name only when the register gave one.
            ignored = (KeyKind.NAME_PART,) if details.name else (KeyKind.NAME_PART, KeyKind.NAME)
            keys = tuple(k for k in visitor_keys(visitor) if k[0] not in ignored)
            matches, _ = exact_matches(uow, vault.vault_key, keys) or ([], 0)
            case_id = next((case.id for case, _ in matches if case.status is CaseStatus.OPEN), None)
        made = case_id is None
        if case_id is None:
            case_id = uow.cases.add(NewCase(visitor=visitor, intake=Intake(
                # Consent is asked when the worker calls back, not assumed.
                question=question, channel="telefoon", referred_by="receptie", consent=Consent())), now)
        else:
            uow.cases.add_event(case_id, Note(text=f"Contactverzoek uit het register: {question}"[:4000]), now)
        followup = plan(uow, case_id, CALLBACK_WHAT, due, now, FollowUpSource.MANUAL)
        requests = RequestsRepository(uow.conn, uow.cases)
        requests.put(case_id, requests.get(case_id).with_taken(TakenRequest(
            task=str(task.get("uuid")), klantcontact=str((task.get("aanleidinggevendKlantcontact") or {})
                                                         .get("uuid")),
            partij=details.partij, followup=followup.id, number=number,
            taken_at=now.isoformat(timespec="seconds"))), now)
        uow.audit.append("register take", (case_id,), now, "new" if made else "added")
    return Taken(case_id, followup.id, made)


# -- close the loop ---------------------------------------------------------------------


def _outcome(request: TakenRequest, followup_state: str, closed_result: str | None) -> str:
    if followup_state == "gedaan":
        return "Teruggebeld door het overheidsbreed loket"
    if closed_result is not None:
        return f"Afgehandeld door het overheidsbreed loket: zaak gesloten ({closed_result})"
    return "Afgehandeld door het overheidsbreed loket: terugbellen vervallen"


def close_taken_requests(vault: Vault, url: str, token: str, now: datetime,
                         client_factory: ClientFactory | None = None, only: Collection[CaseId] | None = None) -> int:
    """Close the loop for requests taken from the inbox, at push time.

    First (no network): a consented case that took a request naming the
    resident's partij gets that partij in its push ledger, so the desk's new
    contacts are linked to the same person in the register.

    Then tell the register which taken requests are done: their follow-up done or
    cancelled, or their case closed. Sets the InterneTaak to `verwerkt` with
    `afgehandeldOp` and the outcome after the original `toelichting` (no free
    text of the desk). A request the register refuses or does not answer for
    stays open here and is tried at the next push. `only`: just these cases'
    requests (`register push --case`). Returns how many were closed."""
    from loketcli.domain.model import CaseClosed

    _adopt_partij(vault, now, only)
    due: list[tuple[CaseId, TakenRequest, str]] = []
    with vault.read() as uow:
        repo = RequestsRepository(uow.conn, uow.cases)
        for case_id in repo.with_open():
            if only is not None and case_id not in only:
                continue
            case = uow.cases.get(case_id)
            closed = next((e.detail.result for e in reversed(case.events) if isinstance(e.detail, CaseClosed)),
                          None) if case.status is CaseStatus.CLOSED else None
            followups = {f.id: f for f in uow.followups.for_case(case_id)}
            for request in repo.get(case_id).taken:
                if request.closed_at is not None:
                    continue
                followup = followups.get(request.followup)
                state = followup.state if followup is not None else "geannuleerd"
                if state != "open" or closed is not None:
                    due.append((case_id, request, _outcome(request, state, closed)))
    if not due:
        return 0
    done: list[tuple[CaseId, str]] = []
    stamp = now.astimezone().isoformat(timespec="seconds")
    with _client(client_factory, url, token) as client:
        for case_id, request, outcome in due:
            try:
                current = client.get(f"/internetaken/{request.task}")
                if current.get("status") != DONE:
                    before = str(current.get("toelichting") or "")
                    room = TOELICHTING_MAX - len(outcome) - 2
                    text = f"{before[:room]}\n\n{outcome}" if before and room > 0 else outcome
                    client.patch(f"/internetaken/{request.task}", {"status": DONE, "afgehandeldOp": stamp,
                                                                   "toelichting": text[:TOELICHTING_MAX]})
                done.append((case_id, request.task))
            except (RegisterRefused, RegisterUnavailable):
                continue
    if done:
        with vault.write() as uow:
            repo = RequestsRepository(uow.conn, uow.cases)
            for case_id in dict.fromkeys(c for c, _ in done):
                tasks = {t for c, t in done if c == case_id}
                current_requests = repo.get(case_id)
                repo.put(case_id, CaseRequests(
                    taken=tuple(dataclasses.replace(r, closed_at=stamp) if r.task in tasks and r.closed_at is None
                                else r for r in current_requests.taken),
                    sent=current_requests.sent), now)
            uow.audit.append("register close", tuple(dict.fromkeys(c for c, _ in done)), now, str(len(done)))
    return len(done)


def _adopt_partij(vault: Vault, now: datetime, only: Collection[CaseId] | None) -> None:
    from loketcli.storage.register import RegisterLedger

    with vault.read() as uow:
        repo = RequestsRepository(uow.conn, uow.cases)
        ledgers = RegisterLedger(uow.conn, uow.cases)
        wanted = []
        for (case_id,) in uow.conn.execute("SELECT case_id FROM register_requests ORDER BY case_id").fetchall():
            case = CaseId(int(case_id))
            if only is not None and case not in only:
                continue
            requests = repo.get(case)
            pending = [r for r in requests.taken if r.partij and not r.linked]
            if pending and ledgers.get(case).consent:
                wanted.append((case, pending[0].partij))
    if not wanted:
        return
    with vault.write() as uow:
        repo = RequestsRepository(uow.conn, uow.cases)
        ledgers = RegisterLedger(uow.conn, uow.cases)
        for case, partij in wanted:
            ledger = ledgers.get(case)
            if ledger.partij is None and ledger.consent:
                ledgers.put(case, dataclasses.replace(ledger, partij=partij), now)
            current = repo.get(case)
            repo.put(case, CaseRequests(
                taken=tuple(dataclasses.replace(r, linked=True) if r.partij else r for r in current.taken),
                sent=current.sent), now)
