"""What a case looks like in the municipality's contact register (the VNG
Klantinteracties API, as implemented by Open Klant), as plain values.

Pure mapping, no I/O: the export renders a `RegisterPlan` as JSON resources
with deterministic identifiers, the push sends the same plan to a running
register. One mapping for both, so what a worker exports is exactly what a
push would send.

Field names, enums and lengths follow the Klantinteracties OpenAPI
specification, version 0.9.0 (Open Klant 2.x), and the rules a running Open
Klant 2.18 applies beyond it (phone numbers, `verstrektDoorPartij`), found by
the contract tests in tests/register/live/. Free text is cut to its maximum
length, because the register refuses an over-long value with a 400 for the
whole contact; an address is never cut (it would be someone else's), but kept
back and reported.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from loketcli.domain.model import (
    CallOutcome,
    Case,
    CaseClosed,
    Consult,
    FollowUp,
    Handover,
    IntakeRecorded,
    ProfessionallijnCall,
    format_case_id,
)

API_NAME = "klantinteracties"
API_VERSION = "0.9.0"
API_PREFIX = "/klantinteracties/api/v1"
# The `codeRegister` under which loket's own objects are identified in the
# register; together with the store id it makes each case's key unique across
# every worker of the municipality.
LOKET_REGISTER = "loket"
CASE_OBJECTTYPE = "loket-zaak"
CASE_ID_KIND = "zaaknummer"

# Limits from the specification (maxLength).
KANAAL_MAX = 50
ONDERWERP_MAX = 200
INHOUD_MAX = 1000
REACTIE_MAX = 4000
HANDELING_MAX = 200
TOELICHTING_MAX = 1000
ADRES_MAX = 80
NAAM_MAX = 200
VOORLETTERS_MAX = 10
VOORVOEGSEL_MAX = 10

# The kanaal (channel) of each intake channel code, in the register's words.
_KANAAL = {
    "balie": "balie",
    "afspraak": "balie",
    "telefoon": "telefoon",
    "wijk": "wijklocatie",
    "huisbezoek": "huisbezoek",
}

# Dutch surname prefixes, longest first, so "van der" wins over "van".
_TUSSENVOEGSELS = (
    "van den", "van der", "van de", "in 't", "in de", "van 't", "op den", "op de", "uit den", "uit de",
    "van", "de", "der", "den", "het", "'t", "te", "ten", "ter", "el", "al", "la", "le", "du", "da", "di",
)


class TaskStatus(StrEnum):
    OPEN = "te_verwerken"
    DONE = "verwerkt"


class ActorKind(StrEnum):
    WORKER = "medewerker"
    BODY = "organisatorische_eenheid"


@dataclass(frozen=True)
class ActorRef:
    """An actor loket knows by its own key: the worker of this store, or a body."""

    kind: ActorKind
    key: str  # `medewerker:<store id>` or `instantie:<code>`
    name: str

    def body(self) -> dict[str, object]:
        code = self.key.split(":", 1)[1]
        return {
            "naam": self.name[:NAAM_MAX],
            "soortActor": self.kind.value,
            "indicatieActief": True,
            "actoridentificator": {
                "objectId": code[:200],
                "codeObjecttype": "medewerker" if self.kind is ActorKind.WORKER else "instantie",
                "codeRegister": LOKET_REGISTER,
                "codeSoortObjectId": "loket-id",
            },
        }


@dataclass(frozen=True)
class ContactName:
    voorletters: str = ""
    voornaam: str = ""
    voorvoegsel_achternaam: str = ""
    achternaam: str = ""

    def body(self) -> dict[str, str]:
        named = {
            "voorletters": self.voorletters[:VOORLETTERS_MAX],
            "voornaam": self.voornaam[:NAAM_MAX],
            "voorvoegselAchternaam": self.voorvoegsel_achternaam[:VOORVOEGSEL_MAX],
            "achternaam": self.achternaam[:NAAM_MAX],
        }
        return {key: value for key, value in named.items() if value}


@dataclass(frozen=True)
class ContactPlan:
    """One Klantcontact: an intake, consult, call or hand-over on the timeline."""

    event_id: int
    kanaal: str
    onderwerp: str
    plaatsgevonden_op: str
    contact_gelukt: bool | None
    inhoud: str | None
    reactie: str | None
    initiator: bool
    actors: tuple[ActorRef, ...]
    # The event id of the contact this one followed from (calls, hand-overs
    # and consults follow from the intake), or None for the intake itself.
    follows: int | None
    # Withdrawn on loket's timeline (`loket retract`, `loket move`): never sent
    # when it was not sent yet; marked as withdrawn in the register when it was.
    withdrawn: bool = False

    def klantcontact(self, case_key: str) -> dict[str, object]:
        subject = f"Ingetrokken: {self.onderwerp}" if self.withdrawn else self.onderwerp
        body: dict[str, object] = {
            "kanaal": self.kanaal[:KANAAL_MAX],
            "onderwerp": subject[:ONDERWERP_MAX],
            "taal": "nld",
            # The desk hears about debts, health and residence status.
            "vertrouwelijk": True,
            "plaatsgevondenOp": self.plaatsgevonden_op,
            "metadata": {"loketZaak": case_key, "loketContact": str(self.event_id)},
        }
        if self.contact_gelukt is not None:
            body["indicatieContactGelukt"] = self.contact_gelukt
        if self.inhoud:
            body["inhoud"] = self.inhoud[:INHOUD_MAX]
        if self.reactie:
            body["reactie"] = self.reactie[:REACTIE_MAX]
        return body


@dataclass(frozen=True)
class TaskPlan:
    """One InterneTaak: a follow-up, assigned to the worker or to a body."""

    followup_id: int
    event_id: int  # the contact it arose from
    handeling: str
    toelichting: str
    status: TaskStatus
    afgehandeld_op: str | None
    actor: ActorRef
    # Cancelled in loket: never sent when it was not sent yet; closed in the
    # register (verwerkt, "geannuleerd" in the toelichting) when it was.
    cancelled: bool = False

    def body(self) -> dict[str, object]:
        body: dict[str, object] = {
            "gevraagdeHandeling": self.handeling[:HANDELING_MAX],
            "toelichting": self.toelichting[:TOELICHTING_MAX],
            "status": self.status.value,
        }
        # The register refuses afgehandeldOp unless the status is verwerkt.
        if self.status is TaskStatus.DONE and self.afgehandeld_op:
            body["afgehandeldOp"] = self.afgehandeld_op
        return body


@dataclass(frozen=True)
class DigitalAddress:
    """A phone number or e-mail address as the register accepts it."""

    kind: str  # email | telefoonnummer
    address: str

    def body(self, partij_uuid: str | None = None) -> dict[str, object]:
        return {"adres": self.address, "soortDigitaalAdres": self.kind, "omschrijving": "opgegeven aan het loket",
                # Open Klant 2.18 refuses a digitaal adres without this key
                # (`verstrektDoorPartij: required`) though the specification
                # does not mark it required; null is accepted.
                "verstrektDoorPartij": {"uuid": partij_uuid} if partij_uuid else None}

    def digest(self) -> str:
        return fingerprint({"adres": self.address, "soortDigitaalAdres": self.kind})


@dataclass(frozen=True)
class UnsendableAddress:
    """An address loket holds but the register would refuse: never sent, reported."""

    kind: str
    reason: str  # the register's own words for it: `adres: invalid`, `adres: max_length`
    digest: str  # of the stored value, so a corrected address is tried again


# What Open Klant 2.18 accepts in `adres` for a telefoonnummer (the field's
# description; the server checks it, the schema does not say it), and the
# prefixes it refuses though the pattern matches them.
REGISTER_PHONE = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
REGISTER_PHONE_REFUSED = ("0800", "0900", "1400", "140")


def register_phone(stored: str) -> str | None:
    """A visitor's number in the register's form: a Dutch number as its ten
    national digits (`0612345678`, `0201234567`), as KISS shows it; a foreign
    one in E.164 (`+32470123456`). None when the register has no form for it
    (a Dutch service number: 0800, 0900, or shorter than ten digits)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(stored, "NL")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code == 31:
        form = "0" + str(number.national_number)
    else:
        form = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return form if REGISTER_PHONE.match(form) and not form.startswith(REGISTER_PHONE_REFUSED) else None


@dataclass(frozen=True)
class RegisterPlan:
    """Everything of one case the register gets, and the key it is found by."""

    case_label: str
    case_key: str
    named: bool
    contact_name: ContactName | None
    bsn: str | None
    addresses: tuple[DigitalAddress, ...]
    contacts: tuple[ContactPlan, ...]
    tasks: tuple[TaskPlan, ...]
    actors: tuple[ActorRef, ...] = field(default=())
    unsendable: tuple[UnsendableAddress, ...] = field(default=())

    def onderwerpobject(self, follows_uuid: str | None = None) -> dict[str, object]:
        body: dict[str, object] = {
            "onderwerpobjectidentificator": {
                "objectId": self.case_key,
                "codeObjecttype": CASE_OBJECTTYPE,
                "codeRegister": LOKET_REGISTER,
                "codeSoortObjectId": CASE_ID_KIND,
            }
        }
        if follows_uuid is not None:
            body["wasKlantcontact"] = {"uuid": follows_uuid}
        return body

    def betrokkene(self, contact: ContactPlan, partij_uuid: str | None) -> dict[str, object]:
        body: dict[str, object] = {"rol": "klant", "initiator": contact.initiator}
        if partij_uuid is not None:
            body["wasPartij"] = {"uuid": partij_uuid}
        if self.contact_name is not None:
            body["contactnaam"] = self.contact_name.body()
        return body

    def partij(self) -> dict[str, object]:
        """A person with a BSN; only built when the desk sends BSNs."""
        assert self.bsn is not None
        body: dict[str, object] = {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatoren": [{"partijIdentificator": bsn_identificator(self.bsn)}],
        }
        if self.contact_name is not None:
            body["partijIdentificatie"] = {"contactnaam": self.contact_name.body()}
        return body

    def contact_hash(self, contact: ContactPlan) -> str:
        return fingerprint({"klantcontact": contact.klantcontact(self.case_key),
                            "contactnaam": self.contact_name.body() if self.contact_name else None})

    def task_hash(self, task: TaskPlan) -> str:
        return fingerprint(task.body())


def bsn_identificator(bsn: str) -> dict[str, str]:
    return {"codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn", "codeRegister": "brp",
            "objectId": bsn}


def fingerprint(value: object) -> str:
    """A short digest of what was sent, so a later push sees what changed."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:32]


def case_key(store_id: str, case_id: int) -> str:
    return f"{store_id}:{format_case_id(case_id)}"


def split_name(name: str) -> ContactName:
    """Split a name as the desk wrote it into the register's parts: "A. Jansen"
    has initials, "Fatima el Amrani" a first name and a prefix. What cannot be
    told apart stays in the surname: a wrong split would be worse than none."""
    words = name.split()
    if not words:
        return ContactName()
    if len(words) == 1:
        return ContactName(achternaam=words[0])
    lowered = [w.casefold() for w in words]
    for prefix in _TUSSENVOEGSELS:
        parts = prefix.split()
        for start in range(1, len(words) - len(parts)):
            if lowered[start:start + len(parts)] == parts:
                return _given(words[:start], " ".join(words[start:start + len(parts)]),
                              " ".join(words[start + len(parts):]))
    return _given(words[:-1], "", words[-1])


def _given(given: list[str], prefix: str, surname: str) -> ContactName:
    if all(_is_initial(w) for w in given):
        return ContactName(voorletters="".join(given), voorvoegsel_achternaam=prefix, achternaam=surname)
    return ContactName(voornaam=" ".join(given), voorvoegsel_achternaam=prefix, achternaam=surname)


def _is_initial(word: str) -> bool:
    letters = word.replace(".", "")
    return 0 < len(letters) <= 2 and word.endswith(".")


def instant(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(value: object) -> datetime | None:
    """An instant the register sent (`2026-12-01T09:30:00Z`), or None for
    anything else: a register's answer is read, never trusted."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


# The register is kept in Dutch (`taal: nld`), whatever the worker's UI language.
_OUTCOME = {
    "opgelost": "Opgelost",
    "terugbelverzoek": "Terugbelverzoek",
    "doorverwezen": "Doorverwezen",
    "geen-gehoor": "Geen gehoor",
    "informatie-ontvangen": "Informatie ontvangen",
}


@dataclass(frozen=True)
class Labels:
    """The Dutch names of the bodies, passed in so the mapping reads no files."""

    agency: dict[str, str]
    outcome: dict[str, str] = field(default_factory=lambda: dict(_OUTCOME))

    def agency_name(self, code: str) -> str:
        return self.agency.get(code, code)


def dutch_labels() -> Labels:
    from loketcli.domain.vocab import VocabularyName, load

    return Labels(agency={term.code: term.label for term in load(VocabularyName.AGENCIES).terms})


def plan_case(case: Case, followups: tuple[FollowUp, ...], *, store_id: str, worker: str, labels: Labels,
              named: bool, send_bsn: bool) -> RegisterPlan:
    """The register's view of one case.

    `named` False is the pseudonymised form: no name, contact details, BSN or
    free text; subjects and replies are built from codes only. `send_bsn` adds
    the BSN (as a partij) only to a named plan, and only when the desk's
    setting allows it."""
    key = case_key(store_id, case.id)
    worker_actor = ActorRef(ActorKind.WORKER, f"medewerker:{store_id}", worker)
    actors: dict[str, ActorRef] = {worker_actor.key: worker_actor}

    def body_actor(code: str) -> ActorRef:
        ref = ActorRef(ActorKind.BODY, f"instantie:{code}", labels.agency_name(code))
        actors.setdefault(ref.key, ref)
        return ref

    bodies = ", ".join(labels.agency_name(c) for c in case.intake.agencies)
    intake_id: int | None = None
    contacts: list[ContactPlan] = []
    withdrawn = case.retractions
    contacts_before = 0
    for event in case.events:
        detail = event.detail
        contacts_before = len(contacts)
        at = instant(event.at)
        if isinstance(detail, IntakeRecorded):
            intake_id = event.id
            subject = f"Overheidsbreed loket: {bodies}" if bodies else "Overheidsbreed loket"
            contacts.append(ContactPlan(
                event.id, _KANAAL.get(case.intake.channel, case.intake.channel), subject, at, True,
                case.intake.question if named else None, None, True, (worker_actor,), None))
        elif isinstance(detail, Consult):
            contacts.append(ContactPlan(
                # A consult's note is the worker's own: it stays in loket.
                event.id, "balie", "Overheidsbreed loket: vervolggesprek", at, True,
                None, None, True, (worker_actor,), intake_id))
        elif isinstance(detail, ProfessionallijnCall):
            answered = detail.outcome != CallOutcome.NO_ANSWER.value
            kind = "driegesprek" if detail.driegesprek else "professionallijn"
            reply = labels.outcome.get(detail.outcome, detail.outcome)
            if named and detail.answer:
                reply = f"{reply}: {detail.answer}"
            contacts.append(ContactPlan(
                event.id, "telefoon", f"{kind.capitalize()} {labels.agency_name(detail.agency)}", at, answered,
                detail.question if named else None, reply,
                # In a driegesprek the visitor is on the line and takes part.
                detail.driegesprek, (worker_actor, body_actor(detail.agency)), intake_id))
        elif isinstance(detail, Handover):
            name = labels.agency_name(detail.to)
            if detail.warm:
                reply = f"Warme overdracht aan {name}"
                refs: tuple[ActorRef, ...] = (worker_actor, body_actor(detail.to))
            else:
                reply = f"Doorverwezen naar {name}; de bezoeker neemt zelf contact op"
                refs = (worker_actor,)
            if named and detail.what:
                reply = f"{reply}. {detail.what}"
            contacts.append(ContactPlan(
                event.id, "balie", f"Overdracht aan {name}", at, True, None, reply, True, refs, intake_id))
        elif isinstance(detail, CaseClosed):
            continue
        if event.id in withdrawn and len(contacts) > contacts_before:
            contacts[-1] = dataclasses.replace(contacts[-1], withdrawn=True)
    tasks: list[TaskPlan] = []
    anchor = intake_id
    for followup in followups:
        if anchor is None:
            break
        actor = body_actor(followup.agency) if followup.agency and followup.source.value == "terugbelverzoek" \
            else worker_actor
        handeling = followup.what if named else _task_label(followup, labels)
        due = followup.due.to_storage()
        cancelled = followup.cancelled_at is not None
        closed_at = followup.cancelled_at or followup.done_at
        tasks.append(TaskPlan(
            followup.id, anchor, handeling,
            # The marker lets a push that was cut off find its own task again.
            f"loket #{followup.id}; uiterlijk {due[0]}{' ' + due[1] if due[1] else ''}"
            + ("; geannuleerd" if cancelled else ""),
            TaskStatus.OPEN if followup.is_open else TaskStatus.DONE,
            instant(closed_at) if closed_at else None, actor, cancelled))
    addresses: list[DigitalAddress] = []
    unsendable: list[UnsendableAddress] = []
    if named and case.visitor.phone:
        phone = register_phone(case.visitor.phone)
        if phone is None:
            unsendable.append(UnsendableAddress("telefoonnummer", "adres: invalid",
                                                fingerprint(["telefoonnummer", case.visitor.phone])))
        else:
            addresses.append(DigitalAddress("telefoonnummer", phone))
    if named and case.visitor.email:
        if len(case.visitor.email) > ADRES_MAX:
            # Cut short it would be someone else's address.
            unsendable.append(UnsendableAddress("email", "adres: max_length",
                                                fingerprint(["email", case.visitor.email])))
        else:
            addresses.append(DigitalAddress("email", case.visitor.email))
    return RegisterPlan(
        case_label=case.label, case_key=key, named=named,
        contact_name=split_name(_plain(case.visitor.name)) if named else None,
        bsn=case.visitor.bsn if named and send_bsn and case.visitor.bsn else None,
        addresses=tuple(addresses), contacts=tuple(contacts), tasks=tuple(tasks),
        actors=tuple(actors.values()), unsendable=tuple(unsendable),
    )


def _task_label(followup: FollowUp, labels: Labels) -> str:
    if followup.source.value == "terugbelverzoek" and followup.agency:
        return f"Terugbelverzoek {labels.agency_name(followup.agency)}"
    if followup.source.value == "meenemen":
        return "Bezoeker brengt stukken mee"
    return "Opvolging door het loket"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))
