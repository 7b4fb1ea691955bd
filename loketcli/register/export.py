"""`export --format klantinteracties`: the desk's contacts as register resources, in a file.

The same mapping as the push (`domain.klantinteracties`), rendered offline:
each resource carries a deterministic uuid (UUID5 of the case key and the
loket record), so references between resources hold inside the file and a
second export of the same day names the same objects. Pseudonymised unless
`names`: no name, contact details, BSN or free text, and the case is known
by its key only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from loketcli.domain.klantinteracties import (
    API_NAME,
    API_VERSION,
    ActorRef,
    Labels,
    RegisterPlan,
    bsn_identificator,
    plan_case,
)
from loketcli.domain.model import CaseId
from loketcli.storage.register import read_settings, store_id
from loketcli.storage.vault import Vault

SCHEMA_VERSION = 1
_NAMESPACE = uuid.UUID("6f1c3c52-8d0e-5b7a-9a43-6c6f6b65742d")


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(map(str, parts))))


@dataclass(frozen=True)
class ExportScope:
    first: date
    last: date
    case_ids: tuple[CaseId, ...] = ()


def export_resources(vault: Vault, labels: Labels, now: datetime, scope: ExportScope, *, names: bool) -> dict[str, Any]:
    from loketcli.services.period import utc_bounds

    start, end = utc_bounds(scope.first, scope.last)
    plans: list[tuple[RegisterPlan, set[int], set[int]]] = []
    with vault.read() as uow:
        config = read_settings(uow.conn)
        identity = store_id(uow.conn)
        if scope.case_ids:
            touched = list(scope.case_ids)
            for case_id in touched:
                uow.cases.get(case_id, with_events=False)
        else:
            touched = sorted({CaseId(int(r[0])) for r in uow.conn.execute(
                "SELECT DISTINCT case_id FROM events WHERE at >= ? AND at < ?", (start, end))})
        for case_id in touched:
            case = uow.cases.get(case_id)
            followups = uow.followups.for_case(case_id)
            plan = plan_case(case, followups, store_id=identity, worker=config.worker, labels=labels,
                             named=names, send_bsn=config.send_bsn)
            in_period = {e.id for e in case.events if scope.case_ids or start <= _utc(e.at) < end}
            tasks = {f.id for f in followups if scope.case_ids or start <= _utc(f.created_at) < end}
            plans.append((plan, in_period, tasks))
    if names and touched:
        with vault.write() as uow:
            uow.audit.append("export", tuple(touched), now,
                             f"klantinteracties names {scope.first.isoformat()}..{scope.last.isoformat()}")
    return _render(plans, scope, names)


def _utc(moment: datetime) -> str:
    from loketcli.storage.codec import utc_text

    return utc_text(moment)


def _render(plans: list[tuple[RegisterPlan, set[int], set[int]]], scope: ExportScope, names: bool) -> dict[str, Any]:
    actors: dict[str, dict[str, Any]] = {}
    out: dict[str, list[dict[str, Any]]] = {key: [] for key in (
        "partijen", "klantcontacten", "betrokkenen", "onderwerpobjecten", "actorklantcontacten",
        "digitaleadressen", "internetaken")}

    def actor(ref: ActorRef) -> str:
        ident = _uuid("actor", ref.key)
        actors.setdefault(ident, {"uuid": ident, **ref.body()})
        return ident

    for plan, events, tasks in plans:
        key = plan.case_key
        partij = None
        if plan.bsn is not None:
            partij = _uuid("partij", bsn_identificator(plan.bsn)["objectId"])
            out["partijen"].append({"uuid": partij, **plan.partij()})
        for contact in plan.contacts:
            if contact.event_id not in events or contact.withdrawn:
                continue
            kc = _uuid(key, "klantcontact", contact.event_id)
            out["klantcontacten"].append({"uuid": kc, **contact.klantcontact(key)})
            betrokkene = _uuid(key, "betrokkene", contact.event_id)
            out["betrokkenen"].append({"uuid": betrokkene, "hadKlantcontact": {"uuid": kc},
                                       **plan.betrokkene(contact, partij)})
            follows = _uuid(key, "klantcontact", contact.follows) if contact.follows is not None else None
            out["onderwerpobjecten"].append({"uuid": _uuid(key, "onderwerpobject", contact.event_id),
                                             "klantcontact": {"uuid": kc}, **plan.onderwerpobject(follows)})
            for ref in contact.actors:
                out["actorklantcontacten"].append({
                    "uuid": _uuid(key, "actorklantcontact", contact.event_id, ref.key),
                    "actor": {"uuid": actor(ref)}, "klantcontact": {"uuid": kc}})
            if contact is plan.contacts[0]:
                for address in plan.addresses:
                    out["digitaleadressen"].append({
                        "uuid": _uuid(key, "digitaaladres", address.kind), **address.body(partij),
                        "verstrektDoorBetrokkene": {"uuid": betrokkene}})
        for task in plan.tasks:
            if task.followup_id not in tasks or task.cancelled:
                continue
            out["internetaken"].append({
                "uuid": _uuid(key, "internetaak", task.followup_id), **task.body(),
                "aanleidinggevendKlantcontact": {"uuid": _uuid(key, "klantcontact", task.event_id)},
                "toegewezenAanActoren": [{"uuid": actor(task.actor)}]})
    return {
        "schema_version": SCHEMA_VERSION,
        "api": {"name": API_NAME, "version": API_VERSION},
        "period": {"from": scope.first.isoformat(), "to": scope.last.isoformat()},
        "pseudonymised": not names,
        "actoren": sorted(actors.values(), key=lambda a: str(a["naam"])),
        **out,
    }
