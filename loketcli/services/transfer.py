"""Handing a whole case to a colleague: identities, colleagues, send and receive.

A transfer file is a standard age file (X25519 recipient) whose plaintext is a
JSON envelope holding the case as versioned JSON plus the sender's Ed25519
signature over it; docs/FORMAT.md ("Handing a case to a colleague") documents
every byte. The received case is written through the repositories
(CaseRepository.add / add_event, FollowUpRepository.add), like any other case.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from loketcli.crypto.transfer import (
    PublicIdentity,
    SecretIdentity,
    age_decrypt,
    age_encrypt,
    new_identity,
    parse_identity,
    public_of,
    sign,
    verify,
)
from loketcli.domain.dates import When
from loketcli.domain.model import (
    EVENT_DETAIL_TYPES,
    HANDED_OVER_RESULT,
    CaseClosed,
    CaseId,
    CaseReopened,
    CaseStatus,
    Consent,
    DigidStatus,
    EventDetail,
    EventKind,
    EventRetracted,
    FollowUpActor,
    FollowUpCancelled,
    FollowUpDone,
    FollowUpMoved,
    FollowUpPlanned,
    FollowUpSource,
    Intake,
    NewCase,
    ProfessionallijnCall,
    TransferReceived,
    TransferSent,
    Visitor,
    default_actor,
    detail_from_fields,
    detail_to_fields,
    format_case_id,
    parse_case_id,
)
from loketcli.domain.text import CONTROLS, MAX_TEXT, clean_text, refuse_controls
from loketcli.errors import BadDate, BadInput, NewerSchema, TamperedData, UnknownCase
from loketcli.storage import codec
from loketcli.storage.transfer import Colleague, TransferRepository
from loketcli.storage.vault import UnitOfWork, Vault

FORMAT_NAME = "loket-transfer"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_NAME = 80


def _repo(uow: UnitOfWork, vault: Vault) -> TransferRepository:
    return TransferRepository(uow.conn, vault.vault_key)


def _ensure_identity(repo: TransferRepository, now: datetime) -> SecretIdentity:
    """The store's key pairs, made on first use (inside the caller's write)."""
    secret = repo.identity()
    if secret is None:
        secret = new_identity()
        repo.save_identity(secret, now)
    return secret


# -- identity and colleagues ---------------------------------------------------------


def own_identity(vault: Vault, now: datetime) -> PublicIdentity:
    with vault.write() as uow:
        return public_of(_ensure_identity(_repo(uow, vault), now))


def export_age_key(vault: Vault, output: Path, now: datetime) -> None:
    """Write our age secret key as age-keygen does, so the standard `age -d -i FILE`
    can open transfer files without loket. The file is created 0600; the export
    is audited, as it takes a key out of the vault."""
    from loketcli.storage.files import write_atomic

    with vault.write() as uow:
        secret = _ensure_identity(_repo(uow, vault), now)
        public = public_of(secret)
        text = (f"# created: {codec.utc_text(now)}\n# public key: {public.age_recipient}\n"
                f"{secret.age_secret}\n")
        uow.audit.append("identity export-age-key", (), now)
        write_atomic(output, text.encode("ascii"))


def _clean_name(name: str) -> str:
    # Shown in `colleague list` and on every transfer's timeline entry: an
    # escape sequence in it would take over the terminal there.
    refuse_controls(name, "naam")
    text = " ".join(name.split())
    if not text:
        raise BadInput("error.field_required", field="naam")
    if len(text) > MAX_NAME:
        raise BadInput("error.field_too_long", field="naam", limit=MAX_NAME)
    return text


def _find(colleagues: list[Colleague], name: str) -> Colleague | None:
    wanted = " ".join(name.split()).casefold()
    return next((c for c in colleagues if c.name.casefold() == wanted), None)


def add_colleague(vault: Vault, name: str, identity_text: str, now: datetime) -> Colleague:
    label = _clean_name(name)
    identity = parse_identity(identity_text)
    with vault.write() as uow:
        repo = _repo(uow, vault)
        known = repo.colleagues()
        if _find(known, label) is not None:
            raise BadInput("error.colleague_exists")
        same = next((c for c in known if c.identity == identity), None)
        if same is not None:
            raise BadInput("error.colleague_same_identity", colleague=same.id)
        secret = repo.identity()
        if secret is not None and public_of(secret) == identity:
            raise BadInput("error.colleague_is_self")
        colleague_id = repo.add_colleague(label, identity, now)
        uow.audit.append("colleague add", (), now, f"colleague {colleague_id}")
        return next(c for c in repo.colleagues() if c.id == colleague_id)


def list_colleagues(vault: Vault) -> list[Colleague]:
    with vault.read() as uow:
        return _repo(uow, vault).colleagues()


def remove_colleague(vault: Vault, name: str, now: datetime) -> Colleague:
    """A removed colleague's files are no longer accepted as from someone known."""
    with vault.write() as uow:
        repo = _repo(uow, vault)
        colleague = _find(repo.colleagues(), name)
        if colleague is None:
            raise BadInput("error.colleague_unknown")
        repo.remove_colleague(colleague.id)
        uow.audit.append("colleague remove", (), now, f"colleague {colleague.id}")
        return colleague


# -- send ----------------------------------------------------------------------------


def parse_followup_choice(text: str) -> tuple[int, ...] | None:
    """`all` (None), `none` (()), or follow-up ids `3,#5`."""
    wanted = text.strip().casefold()
    if wanted in ("all", "alle"):
        return None
    if wanted in ("none", "geen"):
        return ()
    from loketcli.domain.model import parse_followup_id

    return tuple(dict.fromkeys(parse_followup_id(part) for part in wanted.split(",") if part.strip()))


@dataclass(frozen=True)
class SentTransfer:
    case_id: CaseId
    colleague: str
    followups: tuple[int, ...]
    closed: bool


def _case_document(uow: UnitOfWork, case_id: CaseId, chosen: tuple[int, ...] | None
                   ) -> tuple[dict[str, Any], tuple[int, ...]]:
    """The case as the transfer's JSON, and the ids of the follow-ups that go."""
    case = uow.cases.get(case_id)
    # In the order they were made, so the receiver numbers them in that order too.
    followups = tuple(sorted(uow.followups.for_case(case_id), key=lambda f: f.id))
    if chosen is not None:
        own = {f.id for f in followups}
        stray = [i for i in chosen if i not in own]
        if stray:
            raise BadInput("error.transfer_followup_not_in_case", followup=f"#{stray[0]}", case=case.label)
        followups = tuple(f for f in followups if f.id in chosen)
    payload = codec.case_payload(case.visitor, case.intake)
    payload.pop("v")
    document = {
        "id": case.label,
        "status": case.status.value,
        "opened_at": codec.utc_text(case.opened_at),
        "closed_at": codec.utc_text(case.closed_at) if case.closed_at else None,
        **payload,
        # The sender's event ids, so that a retraction or a cancellation naming
        # one can be pointed at the receiver's own copy of that event.
        "events": [{"id": e.id, "kind": e.kind.value, "at": codec.utc_text(e.at),
                    "fields": detail_to_fields(e.detail)} for e in case.events],
        "followups": [{
            "id": f.id, "what": f.what, "due_date": f.due.to_storage()[0], "due_time": f.due.to_storage()[1],
            "created_at": codec.utc_text(f.created_at),
            "done_at": codec.utc_text(f.done_at) if f.done_at else None,
            "source": f.source.value, "agency": f.agency, "actor": f.actor.value,
            "cancelled_at": codec.utc_text(f.cancelled_at) if f.cancelled_at else None,
        } for f in followups],
    }
    return document, tuple(f.id for f in followups)


def check_sendable(vault: Vault, case_id: CaseId, colleague_name: str, *, again: bool = False) -> None:
    """Refuse early, before the worker types why: the colleague is unknown, the
    case does not exist or was handed over already. `send_case` checks again as
    it writes."""
    with vault.read() as uow:
        if _find(_repo(uow, vault).colleagues(), colleague_name) is None:
            raise BadInput("error.colleague_unknown")
        uow.cases.get(case_id, with_events=False)
        if not again and any(e.kind is EventKind.TRANSFER_SENT for e in uow.cases.events(case_id)):
            raise BadInput("error.transfer_already_sent", case=format_case_id(case_id))


def send_case(vault: Vault, case_id: CaseId, colleague_name: str, why: str, chosen: tuple[int, ...] | None,
              output: Path, now: datetime, *, keep_open: bool = False, again: bool = False) -> SentTransfer:
    """Write the transfer file for one colleague and record the hand-over, in one
    write: the file is written (atomically) before the transaction commits, so
    a failed write leaves the case as it was. A case already handed over is
    sent again only when asked (`again`): two colleagues would otherwise each
    work on their own copy without knowing it."""
    from loketcli.storage.files import write_atomic

    reason = clean_text(why, "reden", required=True)
    assert reason is not None
    with vault.write() as uow:
        repo = _repo(uow, vault)
        colleague = _find(repo.colleagues(), colleague_name)
        if colleague is None:
            raise BadInput("error.colleague_unknown")
        if not again and any(e.kind is EventKind.TRANSFER_SENT for e in uow.cases.events(case_id)):
            raise BadInput("error.transfer_already_sent", case=format_case_id(case_id))
        secret = _ensure_identity(repo, now)
        ours = public_of(secret).text
        document, sent_ids = _case_document(uow, case_id, chosen)
        transfer_id = os.urandom(16).hex()
        content = {
            "format": FORMAT_NAME, "version": FORMAT_VERSION, "transfer_id": transfer_id,
            "sent_at": codec.utc_text(now), "sender": ours,
            "recipient": colleague.identity.text, "why": reason, "case": document,
        }
        content_bytes = json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        envelope = {
            "format": FORMAT_NAME, "version": FORMAT_VERSION,
            "content": content_bytes.decode("utf-8"),
            "signer": ours,
            "signature": base64.b64encode(sign(secret, content_bytes)).decode("ascii"),
        }
        plaintext = json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8")

        uow.cases.add_event(case_id, TransferSent(to=colleague.name, transfer_id=transfer_id, why=reason,
                                                  followups=sent_ids), now)
        # The promises went with the case: they leave this worker's agenda.
        for followup in uow.followups.for_case(case_id):
            if followup.id in sent_ids and followup.is_open:
                uow.followups.mark_done(followup.id, now)
        status = uow.cases.get(case_id, with_events=False).status
        closing = status is CaseStatus.OPEN and not keep_open
        if closing:
            uow.cases.add_event(case_id, CaseClosed(result=HANDED_OVER_RESULT,
                                                    open_followups=uow.followups.count_open(case_id)), now)
            uow.cases.set_status(case_id, CaseStatus.CLOSED, now)
        uow.audit.append("transfer send", (case_id,), now, f"colleague {colleague.id}")
        write_atomic(output, age_encrypt(plaintext, colleague.identity))
        return SentTransfer(case_id=case_id, colleague=colleague.name, followups=sent_ids, closed=closing)


# -- receive -------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingTransfer:
    """A transfer file opened and checked, not yet imported."""

    transfer_id: str
    sender: PublicIdentity
    colleague: Colleague | None
    sent_at: datetime
    why: str
    case: dict[str, Any]
    # The visitor and intake as `loket intake` would have made them.
    new_case: NewCase

    @property
    def sender_case(self) -> str:
        """The sender's case id, rewritten in our own form: it reaches the terminal."""
        return format_case_id(parse_case_id(str(self.case["id"])))


def _malformed() -> TamperedData:
    return TamperedData("error.transfer_malformed")


def _json_object(raw: bytes | str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _malformed() from None
    if not isinstance(value, dict):
        raise _malformed()
    return value


def _check_version(document: dict[str, Any]) -> None:
    version = document.get("version")
    if document.get("format") != FORMAT_NAME or not isinstance(version, int) or isinstance(version, bool) \
            or version < 1:
        raise _malformed()
    if version > FORMAT_VERSION:
        raise NewerSchema("error.transfer_newer", version=version)


def open_transfer(vault: Vault, data: bytes, now: datetime) -> IncomingTransfer:
    """Decrypt with our identity, check the version, the signature, that the file
    was made for us (not forwarded by its first recipient) and that it was not
    imported before. Whether the sender is a known colleague is for the caller
    to weigh (`IncomingTransfer.colleague`)."""
    if len(data) > MAX_FILE_BYTES:
        raise BadInput("error.transfer_too_large")
    with vault.write() as uow:
        repo = _repo(uow, vault)
        secret = _ensure_identity(repo, now)
        colleagues = repo.colleagues()
        ours = public_of(secret)
        envelope = _json_object(age_decrypt(data, secret))
        _check_version(envelope)
        signer_text, content_text, signature_text = (envelope.get(k) for k in ("signer", "content", "signature"))
        if not all(isinstance(v, str) for v in (signer_text, content_text, signature_text)):
            raise _malformed()
        assert isinstance(signer_text, str) and isinstance(content_text, str) and isinstance(signature_text, str)
        try:
            signer = parse_identity(signer_text)
            signature = base64.b64decode(signature_text, validate=True)
            content_bytes = content_text.encode("utf-8")  # a lone surrogate from "\ud800" does not encode
        except (BadInput, ValueError):
            raise _malformed() from None
        if not verify(signer.ed25519, content_bytes, signature):
            raise TamperedData("error.transfer_bad_signature")
        content = _json_object(content_bytes)
        _check_version(content)
        if content.get("recipient") != ours.text:
            # Signed for someone else and re-encrypted to us: a forwarded file.
            raise BadInput("error.transfer_not_for_us")
        if content.get("sender") != signer.text:
            raise _malformed()
        transfer_id, why, sent_at, case = (content.get(k) for k in ("transfer_id", "why", "sent_at", "case"))
        if not (isinstance(transfer_id, str) and len(transfer_id) == 32 and isinstance(why, str)
                and isinstance(sent_at, str) and isinstance(case, dict)):
            raise _malformed()
        try:
            bytes.fromhex(transfer_id)
            sent = codec.parse_utc(sent_at)
        except ValueError:
            raise _malformed() from None
        if repo.was_received(transfer_id):
            raise BadInput("error.transfer_already_received")
        _validate_case(case)
        new_case = _check_values(case, why, sent, now)
        colleague = next((c for c in colleagues if c.identity.ed25519 == signer.ed25519), None)
        return IncomingTransfer(transfer_id=transfer_id, sender=signer, colleague=colleague, sent_at=sent, why=why,
                                case=case, new_case=new_case)


def import_transfer(vault: Vault, incoming: IncomingTransfer, now: datetime) -> CaseId:
    """The transfer becomes a new case here, with its history, follow-ups and origin."""
    case = incoming.case
    with vault.write() as uow:
        repo = _repo(uow, vault)
        if repo.was_received(incoming.transfer_id):
            raise BadInput("error.transfer_already_received")
        case_id = uow.cases.add(incoming.new_case, codec.parse_utc(case["opened_at"]))
        renumbered: dict[int, int] = {}
        for f in case["followups"]:
            source = FollowUpSource(f["source"])
            # A file from before actors: read as a stored payload from before them is.
            actor = FollowUpActor(f["actor"]) if f.get("actor") is not None else default_actor(source, None)
            made = uow.followups.add(case_id, f["what"], When.from_storage(f["due_date"], f["due_time"]),
                                     codec.parse_utc(f["created_at"]), source, f["agency"], actor)
            if f["done_at"] is not None:
                uow.followups.mark_done(made.id, codec.parse_utc(f["done_at"]))
            if f.get("cancelled_at") is not None:
                uow.followups.mark_cancelled(made.id, codec.parse_utc(f["cancelled_at"]))
            renumbered[f["id"]] = made.id
        # The sender's event ids become ours as the events are written; a
        # retraction or a cancellation always names an earlier event.
        events_here: dict[int, int] = {}
        intake_seen = False
        closed = False
        for event in case["events"]:
            kind = EventKind(event["kind"])
            if kind is EventKind.INTAKE and not intake_seen:
                intake_seen = True  # CaseRepository.add recorded it, at the same moment
                if "id" in event:
                    events_here[event["id"]] = next(uow.cases.events(case_id)).id
                continue
            detail = detail_from_fields(kind, event["fields"])
            if isinstance(detail, CaseClosed) and detail.result == HANDED_OVER_RESULT and not closed:
                # The sender's own closing for an earlier hand-over: the case is
                # open here, and that closing is counted in the sender's store.
                continue
            if isinstance(detail, CaseReopened) and not closed:
                continue  # it reopened a closing skipped above
            if isinstance(detail, CaseClosed | CaseReopened):
                closed = isinstance(detail, CaseClosed)
            local_id = uow.cases.add_event(case_id, _renumber(detail, renumbered, events_here),
                                           codec.parse_utc(event["at"]))
            if "id" in event:
                events_here[event["id"]] = local_id
        if closed:
            # Closed by the sender before it was sent: it is open here, and its
            # timeline says so from the moment it arrived.
            uow.cases.add_event(case_id, CaseReopened(), now)
        uow.cases.add_event(case_id, TransferReceived(
            sender=incoming.colleague.name if incoming.colleague else "",
            sender_fingerprint=incoming.sender.fingerprint, sender_case=incoming.sender_case,
            sent_at=codec.utc_text(incoming.sent_at), transfer_id=incoming.transfer_id, why=incoming.why), now)
        repo.record_received(incoming.transfer_id, now)
        uow.audit.append("transfer receive", (case_id,), now,
                         f"colleague {incoming.colleague.id}" if incoming.colleague else "unknown sender")
        return case_id


def _renumber(detail: EventDetail, renumbered: dict[int, int], events_here: dict[int, int]) -> EventDetail:
    """Follow-up and event ids are this store's own; a follow-up that did not
    come along becomes 0. `moved_to` names one of the sender's cases, which
    means nothing (or another case) here: it is dropped, so the entry reads as
    withdrawn."""
    if isinstance(detail, FollowUpPlanned | FollowUpMoved | FollowUpDone):
        return dataclasses.replace(detail, followup_id=renumbered.get(detail.followup_id, 0))
    if isinstance(detail, FollowUpCancelled):
        return dataclasses.replace(detail, followup_id=renumbered.get(detail.followup_id, 0),
                                   event_id=None if detail.event_id is None else events_here.get(detail.event_id))
    if isinstance(detail, EventRetracted):
        # Checked on receipt: the withdrawn event is an earlier one in the file.
        return dataclasses.replace(detail, event_id=events_here[detail.event_id], moved_to=None)
    if isinstance(detail, ProfessionallijnCall) and detail.followup_id is not None:
        return dataclasses.replace(detail, followup_id=renumbered.get(detail.followup_id))
    if isinstance(detail, TransferSent):
        # The sender's own follow-up numbers mean nothing here.
        return dataclasses.replace(detail, followups=tuple(renumbered.get(i, 0) for i in detail.followups))
    return detail


# -- checking what came in: a signed file is still input from outside ----------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# By the annotation of an event detail's field; tests/cli/test_transfer.py checks
# that every field of every event kind has its check here.
_TYPE_CHECKS: dict[str, Any] = {
    "str": lambda v: isinstance(v, str),
    "str | None": lambda v: v is None or isinstance(v, str),
    "int": _is_int,
    "int | None": lambda v: v is None or _is_int(v),
    "bool": lambda v: isinstance(v, bool),
    "tuple[str, ...]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "tuple[int, ...]": lambda v: isinstance(v, list) and all(_is_int(x) for x in v),
}


def _require(condition: bool) -> None:
    if not condition:
        raise _malformed()


def _validate_case(case: dict[str, Any]) -> None:
    try:
        _require(isinstance(case.get("id"), str) and len(case["id"]) <= 20)
        parse_case_id(case["id"])
        codec.parse_utc(case["opened_at"])
        _visitor(case["visitor"])
        _intake(case["intake"])
        _require(isinstance(case["events"], list) and isinstance(case["followups"], list))
        earlier: set[int] = set()
        for event in case["events"]:
            _require(isinstance(event, dict) and isinstance(event.get("fields"), dict))
            # `id` came with retractions; a file from before has none, and no retraction.
            _require("id" not in event or (_is_int(event["id"]) and event["id"] not in earlier))
            codec.parse_utc(event["at"])
            try:
                kind = EventKind(event["kind"])
            except ValueError:
                # A kind this loket does not know comes from a newer one.
                raise NewerSchema("error.transfer_newer", version=FORMAT_VERSION) from None
            for spec in dataclasses.fields(EVENT_DETAIL_TYPES[kind]):
                if spec.name in event["fields"]:
                    _require(_TYPE_CHECKS[str(spec.type)](event["fields"][spec.name]))
                else:
                    _require(spec.default is not dataclasses.MISSING)
            if kind is EventKind.RETRACTED:
                _require(event["fields"]["event_id"] in earlier)
            if "id" in event:
                earlier.add(event["id"])
        for f in case["followups"]:
            _require(isinstance(f, dict) and _is_int(f["id"]) and isinstance(f["what"], str)
                     and isinstance(f["due_date"], str) and (f["due_time"] is None or isinstance(f["due_time"], str))
                     and (f["agency"] is None or isinstance(f["agency"], str)))
            When.from_storage(f["due_date"], f["due_time"])
            codec.parse_utc(f["created_at"])
            if f["done_at"] is not None:
                codec.parse_utc(f["done_at"])
            FollowUpSource(f["source"])
            # Both came with later features; a file from before has neither.
            if f.get("actor") is not None:
                _require(FollowUpActor(f["actor"]) is not FollowUpActor.AGENCY or f["agency"] is not None)
            if f.get("cancelled_at") is not None:
                codec.parse_utc(f["cancelled_at"])
    except (KeyError, TypeError, ValueError, AttributeError, BadDate, UnknownCase):
        raise _malformed() from None


def _check_values(case: dict[str, Any], why: str, sent: datetime, now: datetime) -> NewCase:
    """Past the types: every value held to the rules of a case made here
    (loketcli/domain/incoming.py), or the whole file is refused."""
    from loketcli.domain import incoming

    try:
        if len(why) > MAX_TEXT or not CONTROLS.isdisjoint(why):
            raise incoming.Refused("transfer", "why")
        incoming.check_instant(sent, now, "transfer", "sent_at")
        made = incoming.new_case(case["visitor"], case["intake"])
        incoming.check_instant(codec.parse_utc(case["opened_at"]), now, "case", "opened_at")
        for number, event in enumerate(case["events"], start=1):
            where = f"event {event.get('id', number)}"
            incoming.check_instant(codec.parse_utc(event["at"]), now, where, "at")
            incoming.check_event(EventKind(event["kind"]), event["fields"], where)
        for f in case["followups"]:
            where = f"follow-up {f['id']}"
            incoming.check_followup(f, where)
            for name in ("created_at", "done_at", "cancelled_at"):
                if f.get(name) is not None:
                    incoming.check_instant(codec.parse_utc(f[name]), now, where, name)
    except incoming.Refused as refused:
        raise TamperedData("error.transfer_bad_value", where=refused.where, field=refused.field) from None
    return made


def _visitor(fields: dict[str, Any]) -> Visitor:
    _require(isinstance(fields, dict) and isinstance(fields.get("name"), str) and bool(fields["name"].strip()))
    for name in ("phone", "email", "bsn", "language", "companion"):
        _require(fields.get(name) is None or isinstance(fields[name], str))
    return Visitor(name=fields["name"], phone=fields.get("phone"), email=fields.get("email"), bsn=fields.get("bsn"),
                   language=fields.get("language"), digid=DigidStatus(fields.get("digid", "onbekend")),
                   companion=fields.get("companion"))


def _intake(fields: dict[str, Any]) -> Intake:
    _require(isinstance(fields, dict) and isinstance(fields.get("question"), str)
             and isinstance(fields.get("channel"), str))
    _require(fields.get("referred_by") is None or isinstance(fields["referred_by"], str))
    _require(_TYPE_CHECKS["tuple[str, ...]"](fields.get("life_events", []))
             and _TYPE_CHECKS["tuple[str, ...]"](fields.get("agencies", [])))
    _require(_TYPE_CHECKS["int | None"](fields.get("minutes")))
    consent = fields.get("consent") or {}
    _require(isinstance(consent, dict) and all(isinstance(consent.get(k, False), bool)
                                                for k in ("contact_bodies", "record_data", "declined_record")))
    return Intake(question=fields["question"], channel=fields["channel"], referred_by=fields.get("referred_by"),
                  life_events=tuple(fields.get("life_events", ())), agencies=tuple(fields.get("agencies", ())),
                  consent=Consent(contact_bodies=consent.get("contact_bodies", False),
                                  record_data=consent.get("record_data", False),
                                  declined_record=consent.get("declined_record", False)),
                  minutes=fields.get("minutes"))

