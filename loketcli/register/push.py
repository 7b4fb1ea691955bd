"""The push: the cases whose visitor consented, into the register, once.

Idempotent and resumable by one rule: before the register is touched for a
case, its ledger row is marked `dirty` and committed; only when everything of
that case was sent is the row written clean, with the register's uuids. A case
found dirty (a push cut off by a network error, Ctrl-C or kill -9), or never
pushed before (a restored backup may have lost its row), is first looked up in
the register by its own key, so what already exists is adopted, not created
twice. One lookup per case, not per contact.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from loketcli.domain.klantinteracties import (
    CASE_ID_KIND,
    CASE_OBJECTTYPE,
    LOKET_REGISTER,
    ActorRef,
    Labels,
    RegisterPlan,
    bsn_identificator,
    plan_case,
)
from loketcli.domain.model import CaseId, format_case_id
from loketcli.domain.text import refuse_controls
from loketcli.errors import BadInput
from loketcli.register.client import RegisterAnswerLost, RegisterClient, RegisterRefused, RegisterUnavailable
from loketcli.storage.register import (
    CaseLedger,
    MirroredContact,
    MirroredTask,
    RegisterLedger,
    RegisterSettings,
    read_actor_cache,
    read_settings,
    read_token,
    store_id,
    write_actor_cache,
)
from loketcli.storage.vault import Vault


class PushStatus(StrEnum):
    SENT = "verstuurd"
    UNCHANGED = "ongewijzigd"
    REFUSED = "geweigerd"
    UNREACHABLE = "niet-bereikt"
    WOULD_SEND = "zou-versturen"


@dataclass(frozen=True)
class CaseOutcome:
    case: str
    status: PushStatus
    contacts_new: int = 0
    contacts_changed: int = 0
    tasks_new: int = 0
    tasks_changed: int = 0
    with_bsn: bool = False
    http_status: int | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PushReport:
    outcomes: tuple[CaseOutcome, ...]
    without_consent: int
    requests: int
    dry_run: bool

    def count(self, status: PushStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def ok(self) -> bool:
        return not any(o.status in (PushStatus.REFUSED, PushStatus.UNREACHABLE) for o in self.outcomes)


ClientFactory = Callable[[str, str], RegisterClient]


@dataclass(frozen=True)
class PushOptions:
    dry_run: bool = False
    case_ids: tuple[CaseId, ...] = ()
    concurrency: int = 4
    # A case whose push was cut off by the network is started over (from a
    # lookup) this many times in one run, with backoff between.
    case_attempts: int = 3
    backoff_s: float | None = None  # None: CASE_BACKOFF_S


CASE_BACKOFF_S = 1.0


def set_consent(vault: Vault, case_id: CaseId, given: bool, now: datetime) -> None:
    with vault.write() as uow:
        uow.cases.get(case_id, with_events=False)
        ledger = RegisterLedger(uow.conn, uow.cases)
        ledger.put(case_id, ledger.get(case_id).with_consent(given, now), now)
        uow.audit.append("register consent", (case_id,), now, "given" if given else "withdrawn")


def configure(vault: Vault, now: datetime, *, url: str | None, token: str | None, send_bsn: bool | None,
              worker: str | None) -> RegisterSettings:
    from loketcli.register.client import check_token, check_url
    from loketcli.storage.register import write_settings, write_token

    if url is None and token is None and send_bsn is None and worker is None:
        raise BadInput("error.register_setup_nothing")
    checked_url = check_url(url) if url is not None else None
    checked_token = check_token(token) if token is not None else None
    # The worker's name is shown by `register status` and sent to the register.
    refuse_controls(worker, "medewerker")
    if worker is not None and (not worker.strip() or len(worker) > 200):
        raise BadInput("error.register_worker")
    with vault.write() as uow:
        write_settings(uow.conn, url=checked_url, send_bsn=send_bsn,
                       worker=" ".join(worker.split()) if worker is not None else None)
        if checked_token is not None:
            write_token(uow.conn, vault.vault_key, checked_token)
        changed = [name for name, value in (("url", checked_url), ("token", checked_token),
                                            ("send_bsn", send_bsn), ("worker", worker)) if value is not None]
        uow.audit.append("register setup", (), now, ",".join(changed))
        return read_settings(uow.conn)


def settings(vault: Vault) -> RegisterSettings:
    with vault.read() as uow:
        return read_settings(uow.conn)


def push(vault: Vault, labels: Labels, now: datetime, options: PushOptions,
         client_factory: ClientFactory | None = None) -> PushReport:
    with vault.read() as uow:
        config = read_settings(uow.conn)
        identity = store_id(uow.conn)
        token = read_token(uow.conn, vault.vault_key)
        ledgers = RegisterLedger(uow.conn, uow.cases)
        wanted = set(options.case_ids)
        for case_id in wanted:
            uow.cases.get(case_id, with_events=False)
        versions = {CaseId(int(r[0])): int(r[1])
                    for r in uow.conn.execute("SELECT id, state_version FROM cases ORDER BY id")}
        chosen = [c for c in versions if not wanted or c in wanted]
        consented: list[tuple[RegisterPlan, CaseLedger]] = []
        untouched: list[CaseOutcome] = []
        without_consent = 0
        for case_id in chosen:
            ledger = ledgers.get(case_id)
            if not ledger.consent:
                without_consent += 1
                continue
            if not ledger.dirty and ledger.seen_version == versions[case_id]:
                # Not written to since its last clean push: nothing to send,
                # and nothing to open.
                untouched.append(CaseOutcome(format_case_id(case_id), PushStatus.UNCHANGED))
                continue
            case = uow.cases.get(case_id)
            plan = plan_case(case, uow.followups.for_case(case_id), store_id=identity, worker=config.worker,
                             labels=labels, named=True, send_bsn=config.send_bsn)
            consented.append((plan, ledger))
    order = {label: n for n, label in enumerate(format_case_id(c) for c in chosen)}

    def in_order(outcomes: list[CaseOutcome]) -> tuple[CaseOutcome, ...]:
        return tuple(sorted(outcomes, key=lambda o: order[o.case]))

    if options.dry_run:
        return PushReport(in_order([*untouched, *(_preview(plan, ledger) for plan, ledger in consented)]),
                          without_consent, 0, True)
    if config.url is None or token is None:
        raise BadInput("error.register_not_configured")
    from loketcli.register.inbox import close_taken_requests  # issue 25: close the loop
    close_taken_requests(vault, config.url, token, now, client_factory)  # issue 25
    work: list[tuple[RegisterPlan, CaseLedger]] = []
    unchanged = list(untouched)
    for plan, ledger in consented:
        if ledger.dirty or _changes(plan, ledger):
            work.append((plan, ledger))
        else:
            unchanged.append(CaseOutcome(plan.case_label, PushStatus.UNCHANGED))
    if not work:
        return PushReport(in_order(unchanged), without_consent, 0, False)
    factory = client_factory or (lambda url, tok: RegisterClient(url, tok))
    url = config.url
    clients: list[RegisterClient] = []
    local = threading.local()

    def client() -> RegisterClient:
        if not hasattr(local, "client"):
            local.client = factory(url, token)
            clients.append(local.client)
        result: RegisterClient = local.client
        return result

    try:
        actors = _ensure_actors(vault, client(), url, (a for plan, _ in work for a in plan.actors))
        runner = _CasePusher(vault, actors, now, options, client)
        if options.concurrency <= 1:
            sent = [runner.run(plan) for plan, _ in work]
        else:
            with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
                sent = list(pool.map(runner.run, (plan for plan, _ in work)))
        return PushReport(in_order([*unchanged, *sent]), without_consent, sum(c.requests for c in clients), False)
    finally:
        for made in clients:
            made.close()


def _changes(plan: RegisterPlan, ledger: CaseLedger) -> bool:
    return bool(_diff(plan, ledger) != (0, 0, 0, 0)) or (bool(plan.addresses) and not ledger.addresses_sent) \
        or (plan.bsn is not None and ledger.partij is None)


def _diff(plan: RegisterPlan, ledger: CaseLedger) -> tuple[int, int, int, int]:
    contacts_new = sum(1 for c in plan.contacts if c.event_id not in ledger.contacts and not c.withdrawn)
    contacts_changed = sum(1 for c in plan.contacts if c.event_id in ledger.contacts
                           and ledger.contacts[c.event_id].digest != plan.contact_hash(c))
    tasks_new = sum(1 for t in plan.tasks if t.followup_id not in ledger.tasks and not t.cancelled)
    tasks_changed = sum(1 for t in plan.tasks if t.followup_id in ledger.tasks
                        and ledger.tasks[t.followup_id].digest != plan.task_hash(t))
    return contacts_new, contacts_changed, tasks_new, tasks_changed


def _preview(plan: RegisterPlan, ledger: CaseLedger) -> CaseOutcome:
    new, changed, tasks_new, tasks_changed = _diff(plan, ledger)
    status = PushStatus.WOULD_SEND if _changes(plan, ledger) or ledger.dirty else PushStatus.UNCHANGED
    return CaseOutcome(plan.case_label, status, new, changed, tasks_new, tasks_changed, plan.bsn is not None)


def _ensure_actors(vault: Vault, client: RegisterClient, url: str, wanted: Iterable[ActorRef]) -> dict[str, str]:
    """The register uuid of every actor the cases need: from the cache, else
    found by loket's own identificator, else created. Before any case, so two
    threads never create the same body twice."""
    with vault.read() as uow:
        known = read_actor_cache(uow.conn, url)
    missing = {a.key: a for a in wanted if a.key not in known}
    for key, actor in missing.items():
        body = actor.body()
        ident = body["actoridentificator"]
        assert isinstance(ident, dict)
        found = next(client.list_all("/actoren", {
            "actoridentificatorObjectId": str(ident["objectId"]),
            "actoridentificatorCodeRegister": LOKET_REGISTER,
            "actoridentificatorCodeObjecttype": str(ident["codeObjecttype"]),
        }), None)
        known[key] = str((found or client.post("/actoren", body))["uuid"])
    if missing:
        with vault.write() as uow:
            write_actor_cache(uow.conn, url, known)
    return known


class _CasePusher:
    def __init__(self, vault: Vault, actors: dict[str, str], now: datetime, options: PushOptions,
                 client: Callable[[], RegisterClient]) -> None:
        self._path = vault.store.path
        self._key = vault.vault_key
        self._actors = actors
        self._now = now
        self._options = options
        self._client = client
        self._local = threading.local()

    def _vault(self) -> Vault:
        # sqlite3 connections belong to the thread that made them.
        if not hasattr(self._local, "vault"):
            from loketcli.storage.db import open_store

            self._local.vault = Vault(open_store(self._path, migrate=False), self._key)
        vault: Vault = self._local.vault
        return vault

    def run(self, plan: RegisterPlan) -> CaseOutcome:
        case_id = CaseId(int(plan.case_label.split("-")[1]))
        for attempt in range(self._options.case_attempts):
            try:
                return self._push_case(case_id, plan)
            except RegisterRefused as refused:
                return CaseOutcome(plan.case_label, PushStatus.REFUSED, http_status=refused.status,
                                   reasons=refused.reasons)
            except RegisterAnswerLost:
                # The register may still be working on what it did not answer;
                # looking now could miss it and create it twice. The case stays
                # marked, and the next push looks first.
                return CaseOutcome(plan.case_label, PushStatus.UNREACHABLE)
            except RegisterUnavailable:
                if attempt == self._options.case_attempts - 1:
                    return CaseOutcome(plan.case_label, PushStatus.UNREACHABLE)
                backoff = CASE_BACKOFF_S if self._options.backoff_s is None else self._options.backoff_s
                time.sleep(backoff * (2 ** attempt))
        return CaseOutcome(plan.case_label, PushStatus.UNREACHABLE)

    def _push_case(self, case_id: CaseId, plan: RegisterPlan) -> CaseOutcome:
        vault = self._vault()
        with vault.write() as uow:
            ledgers = RegisterLedger(uow.conn, uow.cases)
            ledger = ledgers.get(case_id)
            if not ledger.consent:
                # Withdrawn while this push was starting: send nothing.
                return CaseOutcome(plan.case_label, PushStatus.UNCHANGED)
            needs_lookup = ledger.dirty or not ledger.contacts
            ledgers.put(case_id, dataclasses.replace(ledger, dirty=True), self._now)
        client = self._client()
        adopted: dict[int, dict[str, Any]] = {}
        if needs_lookup:
            ledger, adopted = _adopt(client, plan, ledger)
        counts = [0, 0, 0, 0]
        contacts = dict(ledger.contacts)
        partij = ledger.partij
        if plan.bsn is not None and partij is None:
            partij = _find_or_create_partij(client, plan)
        for contact in plan.contacts:
            digest = plan.contact_hash(contact)
            mirrored = contacts.get(contact.event_id)
            if mirrored is None and contact.withdrawn:
                continue
            if mirrored is None:
                follows = contacts[contact.follows].klantcontact if contact.follows in contacts else None
                made = client.post("/maak-klantcontact", {
                    "klantcontact": contact.klantcontact(plan.case_key),
                    "betrokkene": plan.betrokkene(contact, partij),
                    "onderwerpobject": plan.onderwerpobject(follows),
                })
                kc = str(made["klantcontact"]["uuid"])
                betrokkene = made.get("betrokkene")
                mirrored = MirroredContact(kc, str(betrokkene["uuid"]) if isinstance(betrokkene, dict) else None,
                                           digest)
                linked: set[str] = set()
                counts[0] += 1
            else:
                # A contact found by the lookup shows which actors it already
                # has; one from a clean ledger row had all of its links made.
                linked = ({str(a.get("uuid")) for a in adopted[contact.event_id].get("hadBetrokkenActoren") or ()
                           if isinstance(a, dict)} if contact.event_id in adopted
                          else {self._actors[a.key] for a in contact.actors})
                if mirrored.digest != digest:
                    client.patch(f"/klantcontacten/{mirrored.klantcontact}", contact.klantcontact(plan.case_key))
                    if mirrored.betrokkene and plan.contact_name is not None:
                        client.patch(f"/betrokkenen/{mirrored.betrokkene}",
                                     {"contactnaam": plan.contact_name.body()})
                    mirrored = dataclasses.replace(mirrored, digest=digest)
                    counts[1] += 1
            for actor in contact.actors:
                actor_uuid = self._actors[actor.key]
                if actor_uuid not in linked:
                    client.post("/actorklantcontacten", {"actor": {"uuid": actor_uuid},
                                                         "klantcontact": {"uuid": mirrored.klantcontact}})
            contacts[contact.event_id] = mirrored
        addresses_sent = ledger.addresses_sent
        if plan.addresses and not addresses_sent and plan.contacts:
            intake = contacts[plan.contacts[0].event_id]
            if intake.betrokkene is not None:
                # After a cut-off push the addresses may be there already.
                already = bool(needs_lookup and client.get(f"/betrokkenen/{intake.betrokkene}").get("digitaleAdressen"))
                if not already:
                    for address in plan.addresses:
                        client.post("/digitaleadressen", {**address.body(),
                                                          "verstrektDoorBetrokkene": {"uuid": intake.betrokkene}})
            addresses_sent = True
        tasks = dict(ledger.tasks)
        for task in plan.tasks:
            digest = plan.task_hash(task)
            known = tasks.get(task.followup_id)
            if known is None and task.cancelled:
                continue
            if known is None:
                made = client.post("/internetaken", {
                    **task.body(),
                    "aanleidinggevendKlantcontact": {"uuid": contacts[task.event_id].klantcontact},
                    "toegewezenAanActoren": [{"uuid": self._actors[task.actor.key]}],
                })
                tasks[task.followup_id] = MirroredTask(str(made["uuid"]), digest)
                counts[2] += 1
            elif known.digest != digest:
                client.patch(f"/internetaken/{known.uuid}", task.body())
                tasks[task.followup_id] = MirroredTask(known.uuid, digest)
                counts[3] += 1
        with vault.write() as uow:
            ledgers = RegisterLedger(uow.conn, uow.cases)
            current = ledgers.get(case_id)
            version = int(uow.conn.execute("SELECT state_version FROM cases WHERE id = ?", (case_id,)).fetchone()[0])
            # This write is the case's last change of the transaction: at commit
            # its state_version goes up by exactly one (storage/state.py).
            done = dataclasses.replace(current, partij=partij, contacts=contacts, tasks=tasks,
                                       addresses_sent=addresses_sent, dirty=False,
                                       pushed_at=self._now.isoformat(), seen_version=version + 1)
            ledgers.put(case_id, done, self._now)
            uow.audit.append("register push", (case_id,), self._now,
                             f"contacts+{counts[0]}~{counts[1]} tasks+{counts[2]}~{counts[3]}"
                             f"{' bsn' if plan.bsn else ''}")
        status = PushStatus.SENT if any(counts) or needs_lookup else PushStatus.UNCHANGED
        return CaseOutcome(plan.case_label, status, contacts_new=counts[0], contacts_changed=counts[1],
                           tasks_new=counts[2], tasks_changed=counts[3], with_bsn=plan.bsn is not None)


def _adopt(client: RegisterClient, plan: RegisterPlan, ledger: CaseLedger
           ) -> tuple[CaseLedger, dict[int, dict[str, Any]]]:
    """What the register already holds of this case, found by the case's key,
    taken into the ledger (with an empty digest, so it is brought up to date)."""
    contacts = dict(ledger.contacts)
    adopted: dict[int, dict[str, Any]] = {}
    for found in client.list_all("/klantcontacten", {
        "onderwerpobject__onderwerpobjectidentificatorObjectId": plan.case_key,
        "onderwerpobject__onderwerpobjectidentificatorCodeRegister": LOKET_REGISTER,
        "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype": CASE_OBJECTTYPE,
        "onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId": CASE_ID_KIND,
    }):
        metadata = found.get("metadata") if isinstance(found.get("metadata"), dict) else {}
        assert isinstance(metadata, dict)
        marker = str(metadata.get("loketContact", ""))
        if not marker.isdigit():
            continue
        event_id = int(marker)
        betrokkenen = [b for b in found.get("hadBetrokkenen") or () if isinstance(b, dict)]
        if event_id not in contacts:
            contacts[event_id] = MirroredContact(str(found["uuid"]),
                                                 str(betrokkenen[0]["uuid"]) if betrokkenen else None, "")
        adopted[event_id] = found
    tasks = dict(ledger.tasks)
    wanted = {t.followup_id for t in plan.tasks if t.followup_id not in tasks}
    anchors = {contacts[t.event_id].klantcontact for t in plan.tasks if t.event_id in contacts}
    for anchor in sorted(anchors) if wanted else ():
        for found in client.list_all("/internetaken", {"aanleidinggevendKlantcontact__uuid": anchor}):
            note = str(found.get("toelichting", ""))
            if note.startswith("loket #"):
                number = note[len("loket #"):].split(";", 1)[0]
                if number.isdigit() and int(number) in wanted:
                    tasks[int(number)] = MirroredTask(str(found["uuid"]), "")
    return dataclasses.replace(ledger, contacts=contacts, tasks=tasks), adopted


def _find_or_create_partij(client: RegisterClient, plan: RegisterPlan) -> str:
    """A BSN is unique in the register: look the person up before creating them."""
    assert plan.bsn is not None
    ident = bsn_identificator(plan.bsn)
    found = next(client.list_all("/partijen", {
        "partijIdentificator__codeSoortObjectId": ident["codeSoortObjectId"],
        "partijIdentificator__codeRegister": ident["codeRegister"],
        "partijIdentificator__objectId": ident["objectId"],
    }), None)
    return str((found or client.post("/partijen", plan.partij()))["uuid"])

