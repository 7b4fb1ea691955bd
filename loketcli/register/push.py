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
    ContactPlan,
    Labels,
    RegisterPlan,
    TaskPlan,
    bsn_identificator,
    fingerprint,
    plan_case,
)
from loketcli.domain.model import CaseId, format_case_id
from loketcli.domain.text import refuse_controls
from loketcli.errors import BadInput
from loketcli.register.client import RegisterAnswerLost, RegisterClient, RegisterRefused, RegisterUnavailable
from loketcli.storage.register import (
    CaseLedger,
    MirroredAddress,
    MirroredContact,
    MirroredTask,
    Refusal,
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
    # Unchanged since the register refused a part of it: nothing sent again.
    STILL_REFUSED = "eerder-geweigerd"


@dataclass(frozen=True)
class RefusedPart:
    """A part of a case the register did not take: `partij`, `contact`,
    `task`, `telefoonnummer` or `email`, with the register's codes."""

    part: str
    status: int | None  # None: loket kept it back, as the register would refuse it
    reasons: tuple[str, ...]
    earlier: bool = False  # refused by an earlier push and unchanged since
    key: str = dataclasses.field(default="", compare=False)  # the ledger's key: `contact:3`


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
    addresses_new: int = 0
    addresses_changed: int = 0
    refused: tuple[RefusedPart, ...] = ()


@dataclass(frozen=True)
class PushReport:
    outcomes: tuple[CaseOutcome, ...]
    without_consent: int
    requests: int
    dry_run: bool

    def count(self, status: PushStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    def total(self, name: str) -> int:
        """A count over all cases (`contacts_new`, `tasks_changed`, ...): what the register gained."""
        return sum(int(getattr(o, name)) for o in self.outcomes)

    @property
    def ok(self) -> bool:
        return not any(o.status in (PushStatus.REFUSED, PushStatus.UNREACHABLE) for o in self.outcomes)


ClientFactory = Callable[[str, str], RegisterClient]


@dataclass(frozen=True)
class PushProgress:
    """How far a push is, after each case: for a progress line, never a value of a case."""

    done: int
    total: int
    requests: int
    refused: int
    unreachable: int


ProgressCallback = Callable[[PushProgress], None]


@dataclass(frozen=True)
class PushOptions:
    dry_run: bool = False
    case_ids: tuple[CaseId, ...] = ()
    concurrency: int = 4
    # A case whose push was cut off by the network is started over (from a
    # lookup) this many times in one run, with backoff between.
    case_attempts: int = 3
    backoff_s: float | None = None  # None: CASE_BACKOFF_S
    # Send again what the register refused before, though it did not change
    # (after the register's rules changed, or a refusal that was the register's fault).
    retry_refused: bool = False


CASE_BACKOFF_S = 1.0


def set_consent(vault: Vault, case_id: CaseId, given: bool, now: datetime) -> None:
    with vault.write() as uow:
        case = uow.cases.get(case_id, with_events=False)
        if given and case.intake.consent.declined_record:
            raise BadInput("error.register_anonymous", case=case.label)
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
         client_factory: ClientFactory | None = None, progress: ProgressCallback | None = None) -> PushReport:
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
            if options.retry_refused and ledger.refused:
                ledger = dataclasses.replace(ledger, refused={}, seen_version=None)
            if not ledger.dirty and ledger.seen_version == versions[case_id]:
                # Not written to since its last clean push: nothing to send,
                # and nothing to open.
                untouched.append(_unchanged(format_case_id(case_id), ledger))
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
    close_taken_requests(vault, config.url, token, now, client_factory,  # issue 25
                         only=wanted if options.case_ids else None)
    work: list[tuple[RegisterPlan, CaseLedger]] = []
    unchanged = list(untouched)
    for plan, ledger in consented:
        pending = _pending(plan, ledger)
        if ledger.dirty or pending.any:
            work.append((plan, ledger))
        else:
            unchanged.append(CaseOutcome(plan.case_label, PushStatus.STILL_REFUSED, refused=pending.earlier)
                             if pending.earlier else CaseOutcome(plan.case_label, PushStatus.UNCHANGED))
    if not work:
        return PushReport(in_order(unchanged), without_consent, 0, False)
    factory = client_factory or (lambda url, tok: RegisterClient(url, tok))
    url = config.url
    clients: list[RegisterClient] = []
    local = threading.local()
    made_lock = threading.Lock()

    def client() -> RegisterClient:
        if not hasattr(local, "client"):
            local.client = factory(url, token)
            with made_lock:
                clients.append(local.client)
        result: RegisterClient = local.client
        return result

    finished: list[CaseOutcome] = []

    def run(plan: RegisterPlan) -> CaseOutcome:
        outcome = runner.run(plan)
        with made_lock:
            finished.append(outcome)
            if progress is not None:
                progress(PushProgress(
                    len(finished), len(work), sum(c.requests for c in clients),
                    sum(1 for o in finished if o.status is PushStatus.REFUSED),
                    sum(1 for o in finished if o.status is PushStatus.UNREACHABLE)))
        return outcome

    try:
        actors = _ensure_actors(vault, client(), url, (a for plan, _ in work for a in plan.actors))
        runner = _CasePusher(vault, actors, now, options, client)
        if options.concurrency <= 1:
            sent = [run(plan) for plan, _ in work]
        else:
            with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
                sent = list(pool.map(run, (plan for plan, _ in work)))
        return PushReport(in_order([*unchanged, *sent]), without_consent, sum(c.requests for c in clients), False)
    finally:
        for made in clients:
            made.close()


def _part_of(key: str) -> str:
    """The reported part of a ledger refusal key (`contact:3` -> `contact`, `adres:email` -> `email`)."""
    kind, _, rest = key.partition(":")
    return rest if kind == "adres" else kind


def _unchanged(label: str, ledger: CaseLedger) -> CaseOutcome:
    if not ledger.refused:
        return CaseOutcome(label, PushStatus.UNCHANGED)
    earlier = tuple(RefusedPart(_part_of(k), r.status, r.reasons, earlier=True, key=k)
                    for k, r in ledger.refused.items())
    return CaseOutcome(label, PushStatus.STILL_REFUSED, refused=earlier)


@dataclass(frozen=True)
class _Pending:
    """What a push of one case would send, against its ledger."""

    contacts_new: int
    contacts_changed: int
    tasks_new: int
    tasks_changed: int
    addresses_new: int
    addresses_changed: int
    partij: bool
    # Parts kept back or refused before whose content is unchanged.
    earlier: tuple[RefusedPart, ...]
    # Parts loket keeps back that it has not reported yet.
    unsendable: int
    # The ledger row does not say which addresses were sent: look once.
    lookup: bool = False
    # Refusals of parts the case no longer has (a number removed, a call
    # withdrawn before it was sent): to be dropped from the ledger.
    stale: bool = False

    @property
    def any(self) -> bool:
        return bool(self.contacts_new or self.contacts_changed or self.tasks_new or self.tasks_changed
                     or self.addresses_new or self.addresses_changed or self.partij or self.unsendable
                     or self.lookup or self.stale)


def _live_keys(plan: RegisterPlan, ledger_partij: str | None, contacts: dict[int, MirroredContact],
               tasks: dict[int, MirroredTask]) -> set[str]:
    """The ledger keys of the parts this case would still send or has sent."""
    keys = {f"contact:{c.event_id}" for c in plan.contacts if not c.withdrawn or c.event_id in contacts}
    keys |= {f"task:{t.followup_id}" for t in plan.tasks if not t.cancelled or t.followup_id in tasks}
    keys |= {f"adres:{a.kind}" for a in plan.addresses} | {f"adres:{u.kind}" for u in plan.unsendable}
    if plan.bsn is not None and ledger_partij is None:
        keys.add("partij")
    return keys


def _still_refused(ledger: CaseLedger, key: str, digest: str) -> bool:
    known = ledger.refused.get(key)
    return known is not None and known.digest == digest


def _pending(plan: RegisterPlan, ledger: CaseLedger) -> _Pending:
    earlier: list[RefusedPart] = []

    def held(key: str, digest: str) -> bool:
        if _still_refused(ledger, key, digest):
            refusal = ledger.refused[key]
            earlier.append(RefusedPart(_part_of(key), refusal.status, refusal.reasons, earlier=True, key=key))
            return True
        return False

    counts = [0] * 6
    for c in plan.contacts:
        digest = plan.contact_hash(c)
        mirrored = ledger.contacts.get(c.event_id)
        if (mirrored is None and c.withdrawn) or (mirrored is not None and mirrored.digest == digest):
            continue
        if not held(f"contact:{c.event_id}", digest):
            counts[0 if mirrored is None else 1] += 1
    for task in plan.tasks:
        digest = plan.task_hash(task)
        known = ledger.tasks.get(task.followup_id)
        if (known is None and task.cancelled) or (known is not None and known.digest == digest):
            continue
        if not held(f"task:{task.followup_id}", digest):
            counts[2 if known is None else 3] += 1
    for address in plan.addresses:
        mirrored_address = ledger.addresses.get(address.kind)
        if mirrored_address is not None and mirrored_address.digest == address.digest():
            continue
        if ledger.addresses_unknown and mirrored_address is None:
            # Sent by a version that kept no record of which: looked up, not counted.
            continue
        if not held(f"adres:{address.kind}", address.digest()):
            counts[4 if mirrored_address is None else 5] += 1
    # An address no longer on the case (cleared, or now one the register cannot take) is removed there too.
    counts[5] += len(set(ledger.addresses) - {a.kind for a in plan.addresses})
    unsendable = sum(1 for u in plan.unsendable if not held(f"adres:{u.kind}", u.digest))
    partij = plan.bsn is not None and ledger.partij is None and not held("partij", fingerprint(["bsn", plan.bsn]))
    stale = bool(set(ledger.refused) - _live_keys(plan, ledger.partij, ledger.contacts, ledger.tasks))
    return _Pending(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], partij=partij,
                    earlier=tuple(earlier), unsendable=unsendable,
                    lookup=ledger.addresses_unknown and bool(plan.addresses), stale=stale)


def _preview(plan: RegisterPlan, ledger: CaseLedger) -> CaseOutcome:
    pending = _pending(plan, ledger)
    if pending.any or ledger.dirty:
        status = PushStatus.WOULD_SEND
    else:
        status = PushStatus.STILL_REFUSED if pending.earlier else PushStatus.UNCHANGED
    return CaseOutcome(plan.case_label, status, pending.contacts_new, pending.contacts_changed, pending.tasks_new,
                       pending.tasks_changed, plan.bsn is not None, addresses_new=pending.addresses_new,
                       addresses_changed=pending.addresses_changed, refused=pending.earlier)


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


@dataclass
class _Progress:
    """What one case has in the register, brought up to date request by
    request, so that whatever reached the register is recorded however the
    push of the case ends."""

    partij: str | None
    contacts: dict[int, MirroredContact]
    tasks: dict[int, MirroredTask]
    addresses: dict[str, MirroredAddress]
    addresses_unknown: bool
    refused: dict[str, Refusal]
    # contacts new/changed, tasks new/changed, addresses new/changed
    counts: list[int] = dataclasses.field(default_factory=lambda: [0] * 6)
    new_refusals: list[RefusedPart] = dataclasses.field(default_factory=list)
    earlier: list[RefusedPart] = dataclasses.field(default_factory=list)
    # A part was made but not all of its links: the next push looks first.
    incomplete: bool = False
    # Event ids of the contacts this push made (their betrokkene has no addresses yet).
    created: set[int] = dataclasses.field(default_factory=set)

    @classmethod
    def of(cls, ledger: CaseLedger) -> _Progress:
        return cls(ledger.partij, dict(ledger.contacts), dict(ledger.tasks), dict(ledger.addresses),
                   ledger.addresses_unknown, dict(ledger.refused))

    def held(self, key: str, digest: str) -> bool:
        """True when this part was refused before with the same content: not sent again."""
        known = self.refused.get(key)
        if known is not None and known.digest == digest:
            self.earlier.append(RefusedPart(_part_of(key), known.status, known.reasons, earlier=True, key=key))
            return True
        return False

    def refuse(self, key: str, digest: str, status: int | None, reasons: tuple[str, ...], *,
               remember: bool = True) -> None:
        if remember:
            self.refused[key] = Refusal(digest, status, reasons)
        self.new_refusals.append(RefusedPart(_part_of(key), status, reasons, key=key))

    def accepted(self, key: str) -> None:
        self.refused.pop(key, None)


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
        # One lock per person: two visits of one BSN pushed at once must
        # not both find nobody and both create the person.
        self._person_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def _vault(self) -> Vault:
        # sqlite3 connections belong to the thread that made them.
        if not hasattr(self._local, "vault"):
            from loketcli.storage.db import open_store

            self._local.vault = Vault(open_store(self._path, migrate=False), self._key)
        vault: Vault = self._local.vault
        return vault

    def run(self, plan: RegisterPlan) -> CaseOutcome:
        case_id = CaseId(int(plan.case_label.split("-")[1]))
        # Counts over every attempt: what the register gained from this case.
        tally: list[_Progress] = []
        for attempt in range(self._options.case_attempts):
            try:
                return self._push_case(case_id, plan, tally)
            except RegisterRefused as refused:
                # A read refused (a look-up): nothing of the case can be trusted
                # to be complete; it stays marked and the rest of the push goes on.
                return dataclasses.replace(_outcome(plan, tally, PushStatus.REFUSED), http_status=refused.status,
                                           reasons=refused.reasons)
            except RegisterAnswerLost:
                # The register may still be working on what it did not answer;
                # looking now could miss it and create it twice. The case stays
                # marked, and the next push looks first.
                return _outcome(plan, tally, PushStatus.UNREACHABLE)
            except RegisterUnavailable:
                if attempt == self._options.case_attempts - 1:
                    return _outcome(plan, tally, PushStatus.UNREACHABLE)
                backoff = CASE_BACKOFF_S if self._options.backoff_s is None else self._options.backoff_s
                time.sleep(backoff * (2 ** attempt))
        return _outcome(plan, tally, PushStatus.UNREACHABLE)

    def _push_case(self, case_id: CaseId, plan: RegisterPlan, tally: list[_Progress]) -> CaseOutcome:
        vault = self._vault()
        with vault.write() as uow:
            ledgers = RegisterLedger(uow.conn, uow.cases)
            ledger = ledgers.get(case_id)
            if not ledger.consent:
                # Withdrawn while this push was starting: send nothing.
                return CaseOutcome(plan.case_label, PushStatus.UNCHANGED)
            needs_lookup = ledger.dirty or not ledger.contacts
            ledgers.put(case_id, dataclasses.replace(ledger, dirty=True), self._now)
        progress = _Progress.of(ledger)
        if self._options.retry_refused:
            progress.refused.clear()
        tally.append(progress)
        try:
            self._send(self._client(), plan, progress, needs_lookup)
        except BaseException:
            # Whatever reached the register is recorded before the error goes
            # on (the case stays marked: its last request may have arrived).
            self._record(case_id, plan, progress, clean=False)
            raise
        self._record(case_id, plan, progress, clean=not progress.incomplete)
        if progress.new_refusals:
            status = PushStatus.REFUSED
        elif any(progress.counts) or needs_lookup:
            status = PushStatus.SENT
        else:
            status = PushStatus.STILL_REFUSED if progress.earlier else PushStatus.UNCHANGED
        return _outcome(plan, tally, status)

    def _send(self, client: RegisterClient, plan: RegisterPlan, progress: _Progress, needs_lookup: bool) -> None:
        adopted: dict[int, dict[str, Any]] = _adopt(client, plan, progress) if needs_lookup else {}
        for key in set(progress.refused) - _live_keys(plan, progress.partij, progress.contacts, progress.tasks):
            del progress.refused[key]
        if plan.bsn is not None and progress.partij is None:
            digest = fingerprint(["bsn", plan.bsn])
            if not progress.held("partij", digest):
                try:
                    progress.partij = self._person(client, plan)
                    progress.accepted("partij")
                except RegisterRefused as refused:
                    progress.refuse("partij", digest, refused.status, refused.reasons)
        for contact in plan.contacts:
            self._contact(client, plan, contact, progress, adopted)
        self._addresses(client, plan, progress, needs_lookup)
        for task in plan.tasks:
            self._task(client, plan, task, progress)

    def _contact(self, client: RegisterClient, plan: RegisterPlan, contact: ContactPlan, progress: _Progress,
                 adopted: dict[int, dict[str, Any]]) -> None:
        key = f"contact:{contact.event_id}"
        digest = plan.contact_hash(contact)
        mirrored = progress.contacts.get(contact.event_id)
        if mirrored is None and contact.withdrawn:
            return
        if mirrored is not None and mirrored.digest == digest and contact.event_id not in adopted:
            # Sent as it is, with all its links.
            return
        if (mirrored is None or mirrored.digest != digest) and progress.held(key, digest):
            return
        # Once the contact is in the register, a refusal (of its name, a link)
        # leaves it unfinished: the next push looks it up and tries what is missing.
        touched = False
        try:
            if mirrored is None:
                follows = progress.contacts.get(contact.follows) if contact.follows is not None else None
                made = client.post("/maak-klantcontact", {
                    "klantcontact": contact.klantcontact(plan.case_key),
                    "betrokkene": plan.betrokkene(contact, progress.partij),
                    "onderwerpobject": plan.onderwerpobject(follows.klantcontact if follows else None),
                })
                betrokkene = made.get("betrokkene")
                mirrored = MirroredContact(str(made["klantcontact"]["uuid"]),
                                           str(betrokkene["uuid"]) if isinstance(betrokkene, dict) else None, digest)
                progress.contacts[contact.event_id] = mirrored
                progress.created.add(contact.event_id)
                progress.counts[0] += 1
                touched = True
                linked: set[str] = set()
            else:
                # A contact found by the lookup shows which actors it already
                # has; one from a clean ledger row had all of its links made.
                linked = ({str(a.get("uuid")) for a in adopted[contact.event_id].get("hadBetrokkenActoren") or ()
                           if isinstance(a, dict)} if contact.event_id in adopted
                          else {self._actors[a.key] for a in contact.actors})
                if mirrored.digest != digest:
                    client.patch(f"/klantcontacten/{mirrored.klantcontact}", contact.klantcontact(plan.case_key))
                    touched = True
                    if mirrored.betrokkene and plan.contact_name is not None:
                        client.patch(f"/betrokkenen/{mirrored.betrokkene}",
                                     {"contactnaam": plan.contact_name.body()})
                    mirrored = dataclasses.replace(mirrored, digest=digest)
                    progress.contacts[contact.event_id] = mirrored
                    progress.counts[1] += 1
            for actor in contact.actors:
                actor_uuid = self._actors[actor.key]
                if actor_uuid not in linked:
                    touched = True
                    client.post("/actorklantcontacten", {"actor": {"uuid": actor_uuid},
                                                         "klantcontact": {"uuid": mirrored.klantcontact}})
            progress.accepted(key)
        except RegisterRefused as refused:
            # Refused before anything of it reached the register: remembered,
            # and not sent again until it changes.
            progress.refuse(key, digest, refused.status, refused.reasons, remember=not touched)
            progress.incomplete = progress.incomplete or touched

    def _addresses(self, client: RegisterClient, plan: RegisterPlan, progress: _Progress, needs_lookup: bool) -> None:
        for kept in plan.unsendable:
            key = f"adres:{kept.kind}"
            if not progress.held(key, kept.digest):
                progress.refuse(key, kept.digest, None, (kept.reason,))
        # On the intake's betrokkene; on the first contact in the register when
        # the intake never went (withdrawn before it was sent).
        intake = next((progress.contacts[c.event_id] for c in plan.contacts if c.event_id in progress.contacts
                       and progress.contacts[c.event_id].betrokkene is not None), None)
        self._remove_addresses(client, plan, progress)
        if not plan.addresses or intake is None or intake.betrokkene is None:
            return
        if (needs_lookup or progress.addresses_unknown) and not any(
                c.event_id in progress.created and progress.contacts[c.event_id] is intake for c in plan.contacts):
            # After a cut-off push (or from a ledger that kept no record of
            # which) the register may hold them already; not when this push
            # has just made the contact they would hang on.
            for found in client.list_all("/digitaleadressen", {"verstrektDoorBetrokkene__uuid": intake.betrokkene}):
                kind = str(found.get("soortDigitaalAdres", ""))
                if kind in ("telefoonnummer", "email") and kind not in progress.addresses:
                    progress.addresses[kind] = MirroredAddress(str(found["uuid"]), fingerprint(
                        {"adres": found.get("adres"), "soortDigitaalAdres": kind}))
            progress.addresses_unknown = False
        for address in plan.addresses:
            key = f"adres:{address.kind}"
            digest = address.digest()
            known = progress.addresses.get(address.kind)
            if known is not None and known.digest == digest:
                progress.accepted(key)
                continue
            if progress.held(key, digest):
                continue
            try:
                if known is None:
                    made = client.post("/digitaleadressen", {**address.body(progress.partij),
                                                             "verstrektDoorBetrokkene": {"uuid": intake.betrokkene}})
                    progress.addresses[address.kind] = MirroredAddress(str(made["uuid"]), digest)
                    progress.counts[4] += 1
                else:
                    client.patch(f"/digitaleadressen/{known.uuid}",
                                 {"adres": address.address, "soortDigitaalAdres": address.kind})
                    progress.addresses[address.kind] = MirroredAddress(known.uuid, digest)
                    progress.counts[5] += 1
                progress.accepted(key)
            except RegisterRefused as refused:
                progress.refuse(key, digest, refused.status, refused.reasons)

    @staticmethod
    def _remove_addresses(client: RegisterClient, plan: RegisterPlan, progress: _Progress) -> None:
        """An address the register holds for the case that the case no longer
        has (the phone cleared by `loket edit`, or changed to one the register
        cannot take) is deleted there: the register should not keep a number
        the visitor no longer gave. A refusal is reported and tried again at
        the next push."""
        for kind in sorted(set(progress.addresses) - {a.kind for a in plan.addresses}):
            try:
                client.delete(f"/digitaleadressen/{progress.addresses[kind].uuid}")
            except RegisterRefused as refused:
                progress.refuse(f"adres:{kind}", "", refused.status, refused.reasons, remember=False)
                continue
            del progress.addresses[kind]
            progress.counts[5] += 1

    def _task(self, client: RegisterClient, plan: RegisterPlan, task: TaskPlan, progress: _Progress) -> None:
        key = f"task:{task.followup_id}"
        digest = plan.task_hash(task)
        known = progress.tasks.get(task.followup_id)
        if (known is None and task.cancelled) or (known is not None and known.digest == digest):
            return
        anchor = progress.contacts.get(task.event_id)
        if anchor is None or progress.held(key, digest):
            # Without its contact in the register the task waits for it.
            return
        try:
            if known is None:
                made = client.post("/internetaken", {
                    **task.body(),
                    "aanleidinggevendKlantcontact": {"uuid": anchor.klantcontact},
                    "toegewezenAanActoren": [{"uuid": self._actors[task.actor.key]}],
                })
                progress.tasks[task.followup_id] = MirroredTask(str(made["uuid"]), digest)
                progress.counts[2] += 1
            else:
                client.patch(f"/internetaken/{known.uuid}", task.body())
                progress.tasks[task.followup_id] = MirroredTask(known.uuid, digest)
                progress.counts[3] += 1
            progress.accepted(key)
        except RegisterRefused as refused:
            progress.refuse(key, digest, refused.status, refused.reasons)

    def _person(self, client: RegisterClient, plan: RegisterPlan) -> str:
        """The register's partij for this BSN: found, or made once.

        Inside one push the look-up and the creation are serialised per BSN.
        Between two pushes (a colleague's at the same moment) the register
        itself decides: a BSN is unique there, and Open Klant makes a partij
        with its identificator in one transaction, so the second is refused
        (`__all__: invalid`) and leaves nothing; loket then uses the first."""
        assert plan.bsn is not None
        with self._locks_lock:
            lock = self._person_locks.setdefault(plan.bsn, threading.Lock())
        with lock:
            found = _find_person(client, plan.bsn)
            if found is not None:
                return found
            try:
                return str(client.post("/partijen", plan.partij())["uuid"])
            except RegisterRefused as refused:
                found = _find_person(client, plan.bsn) if "__all__: invalid" in refused.reasons else None
                if found is None:
                    raise
                return found

    def _record(self, case_id: CaseId, plan: RegisterPlan, progress: _Progress, *, clean: bool) -> None:
        vault = self._vault()
        with vault.write() as uow:
            ledgers = RegisterLedger(uow.conn, uow.cases)
            current = ledgers.get(case_id)
            version = int(uow.conn.execute("SELECT state_version FROM cases WHERE id = ?", (case_id,)).fetchone()[0])
            # This write is the case's last change of the transaction: at commit
            # its state_version goes up by exactly one (storage/state.py).
            done = dataclasses.replace(
                current, partij=progress.partij, contacts=progress.contacts, tasks=progress.tasks,
                addresses=progress.addresses, addresses_unknown=progress.addresses_unknown, refused=progress.refused,
                dirty=not clean, pushed_at=self._now.isoformat() if clean else current.pushed_at,
                seen_version=version + 1 if clean else current.seen_version)
            ledgers.put(case_id, done, self._now)
            if clean or any(progress.counts) or progress.new_refusals:
                uow.audit.append("register push", (case_id,), self._now, _audit_detail(plan, progress, clean))


def _audit_detail(plan: RegisterPlan, progress: _Progress, clean: bool) -> str:
    """Counts and the register's codes only: no value that was sent."""
    n = progress.counts
    detail = f"contacts+{n[0]}~{n[1]} tasks+{n[2]}~{n[3]}"
    if n[4] or n[5]:
        detail += f" addresses+{n[4]}~{n[5]}"
    if plan.bsn:
        detail += " bsn"
    if progress.new_refusals:
        detail += " refused=" + ",".join(r.part for r in progress.new_refusals)
    if not clean:
        detail += " unfinished"
    return detail


def _outcome(plan: RegisterPlan, tally: list[_Progress], status: PushStatus) -> CaseOutcome:
    """One case's outcome over every attempt of this push: a part refused in
    an attempt before a retry is still this push's refusal, and said once."""
    counts = [sum(p.counts[i] for p in tally) for i in range(6)]
    fresh = [r for p in tally for r in p.new_refusals]
    fresh_keys = {r.key for r in fresh}
    refused = (*fresh, *(r for r in (tally[-1].earlier if tally else ()) if r.key not in fresh_keys))
    if fresh and status in (PushStatus.SENT, PushStatus.UNCHANGED, PushStatus.STILL_REFUSED):
        status = PushStatus.REFUSED
    return CaseOutcome(plan.case_label, status, counts[0], counts[1], counts[2], counts[3],
                       with_bsn=plan.bsn is not None,
                       http_status=fresh[0].status if fresh else None, reasons=fresh[0].reasons if fresh else (),
                       addresses_new=counts[4], addresses_changed=counts[5], refused=refused)


def _find_person(client: RegisterClient, bsn: str) -> str | None:
    ident = bsn_identificator(bsn)
    found = next(client.list_all("/partijen", {
        "partijIdentificator__codeSoortObjectId": ident["codeSoortObjectId"],
        "partijIdentificator__codeRegister": ident["codeRegister"],
        "partijIdentificator__objectId": ident["objectId"],
    }, page_size=1), None)
    return str(found["uuid"]) if found is not None else None


def _adopt(client: RegisterClient, plan: RegisterPlan, progress: _Progress) -> dict[int, dict[str, Any]]:
    """What the register already holds of this case, found by the case's key,
    taken into the progress (with an empty digest, so it is brought up to date)."""
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
        if event_id not in progress.contacts:
            progress.contacts[event_id] = MirroredContact(
                str(found["uuid"]), str(betrokkenen[0]["uuid"]) if betrokkenen else None, "")
        adopted[event_id] = found
    wanted = {t.followup_id for t in plan.tasks if t.followup_id not in progress.tasks}
    anchors = {progress.contacts[t.event_id].klantcontact for t in plan.tasks if t.event_id in progress.contacts}
    for anchor in sorted(anchors) if wanted else ():
        for found in client.list_all("/internetaken", {"aanleidinggevendKlantcontact__uuid": anchor}):
            note = str(found.get("toelichting", ""))
            if note.startswith("loket #"):
                number = note[len("loket #"):].split(";", 1)[0]
                if number.isdigit() and int(number) in wanted:
                    progress.tasks[int(number)] = MirroredTask(str(found["uuid"]), "")
    return adopted
