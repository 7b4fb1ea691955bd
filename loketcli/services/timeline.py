"""Everything that happens on a case after intake: calls, notes, consults,
hand-overs and corrections. Each command's writes share one transaction."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from loketcli.domain.dates import When, add_working_days
from loketcli.domain.intake import IntakeForm, build_new_case
from loketcli.domain.model import (
    Case,
    CaseId,
    CaseReopened,
    CaseStatus,
    Consult,
    EventKind,
    FollowUp,
    FollowUpSource,
    Handover,
    IntakeCorrected,
    Note,
    ProfessionallijnCall,
)
from loketcli.domain.text import clean_text, refuse_controls
from loketcli.errors import BadInput
from loketcli.services.followups import plan
from loketcli.storage import codec
from loketcli.storage.vault import UnitOfWork, Vault

DEFAULT_CALLBACK_WORKING_DAYS = 5


def writable_case(uow: UnitOfWork, case_id: CaseId, now: datetime, *, reopen: bool) -> Case:
    """A closed case takes no new contacts unless the worker reopens it on purpose."""
    case = uow.cases.get(case_id, with_events=False)
    if case.status is CaseStatus.CLOSED:
        if not reopen:
            raise BadInput("error.case_closed_reopen", case=case.label)
        uow.cases.add_event(case_id, CaseReopened(), now)
        uow.cases.set_status(case_id, CaseStatus.OPEN, now)
    return case


def check_writable(vault: Vault, case_id: CaseId, *, reopen: bool) -> bool:
    """Refuse early, before the worker types a call form or a note into the
    editor, when the case does not exist or is closed without --reopen.
    True when the visitor declined having their details recorded."""
    with vault.read() as uow:
        case = uow.cases.get(case_id, with_events=False)
    if case.status is CaseStatus.CLOSED and not reopen:
        raise BadInput("error.case_closed_reopen", case=case.label)
    return case.intake.consent.declined_record


def _check_moment(case: Case, at: datetime | None) -> None:
    if at is not None and at < case.opened_at:
        raise BadInput("error.at_before_opened", case=case.label)


@dataclass(frozen=True)
class LoggedCall:
    event_id: int
    call: ProfessionallijnCall
    followup: FollowUp | None
    # The visitor declined having their details recorded: the worker is told
    # that the call's own text must not name them either.
    anonymous: bool = False


def log_call(vault: Vault, case_id: CaseId, call: ProfessionallijnCall, now: datetime, *,
             callback: When | None = None, at: datetime | None = None, reopen: bool = False) -> LoggedCall:
    """Record a call. A promised call-back (outcome `terugbelverzoek`, or any
    `callback` date) becomes a follow-up in the same transaction, so the
    promise cannot be lost between two commands."""
    followup = None
    with vault.write() as uow:
        case = writable_case(uow, case_id, now, reopen=reopen)
        _check_moment(case, at)
        if callback is None and call.outcome == "terugbelverzoek":
            callback = When(add_working_days(now.date(), DEFAULT_CALLBACK_WORKING_DAYS))
        if callback is not None:
            from loketcli.domain.vocab import VocabularyName, load

            # Only the body's name: the call's own text stays with the call
            # (a long answer would not fit a follow-up, and is searched there).
            label = load(VocabularyName.AGENCIES).by_code(call.agency).label
            followup = plan(uow, case_id, f"Terugbelverzoek {label}", callback, now, FollowUpSource.CALLBACK,
                            call.agency)
            call = dataclasses.replace(call, followup_id=followup.id)
        event_id = uow.cases.add_event(case_id, call, at or now)
        uow.audit.append("call", (case_id,), now)
    return LoggedCall(event_id=event_id, call=call, followup=followup, anonymous=case.intake.consent.declined_record)


def add_note(vault: Vault, case_id: CaseId, text: str, now: datetime, *, reopen: bool = False) -> int:
    body = clean_text(text, "notitie", required=True)
    assert body is not None
    with vault.write() as uow:
        writable_case(uow, case_id, now, reopen=reopen)
        uow.audit.append("note", (case_id,), now)
        return uow.cases.add_event(case_id, Note(text=body), now)


def log_consult(vault: Vault, case_id: CaseId, minutes: int | None, now: datetime, *, at: datetime | None = None,
                note: str | None = None, reopen: bool = False) -> int:
    with vault.write() as uow:
        _check_moment(writable_case(uow, case_id, now, reopen=reopen), at)
        uow.audit.append("visit", (case_id,), now)
        return uow.cases.add_event(case_id, Consult(minutes=minutes, note=clean_text(note, "notitie")), at or now)


def hand_over(vault: Vault, case_id: CaseId, handover: Handover, now: datetime, *, reopen: bool = False) -> int:
    with vault.write() as uow:
        writable_case(uow, case_id, now, reopen=reopen)
        uow.audit.append("handover", (case_id,), now)
        return uow.cases.add_event(case_id, handover, now)


_EDITABLE = ("name", "phone", "email", "bsn", "language", "digid", "companion", "question", "channel",
             "referred_by", "life_events", "agencies", "consent_contact", "consent_record", "minutes")


def form_from_case(case: Case) -> IntakeForm:
    v, i = case.visitor, case.intake
    return IntakeForm(
        name=v.name, question=i.question, channel=i.channel, referred_by=i.referred_by,
        life_events=i.life_events, agencies=i.agencies, digid=v.digid.value,
        consent_contact=i.consent.contact_bodies, consent_record=i.consent.record_data, minutes=i.minutes,
        phone=v.phone, email=v.email, bsn=v.bsn, language=v.language, companion=v.companion,
    )


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _shown_for_timeline(field: str, value: object) -> str:
    # The timeline is shown without --bsn, so a corrected BSN is kept masked
    # there; the case itself holds the current number.
    text = _shown(value)
    if field == "bsn" and text:
        from loketcli.domain.bsn import mask_bsn

        return mask_bsn(text)
    return text


def edit_intake(vault: Vault, case_id: CaseId, changes: dict[str, object], now: datetime) -> tuple[str, ...]:
    """Apply corrections to intake fields. The old and new values go on the
    timeline as an event: nothing is silently overwritten."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise BadInput("error.bad_input")
    with vault.write() as uow:
        case = uow.cases.get(case_id, with_events=False)
        before_form = form_from_case(case)
        # The form treats a cleared optional field as absent; required ones are checked by build_new_case.
        cleared = {k: ("" if v is None and k in ("name", "question", "channel") else v) for k, v in changes.items()}
        after_form = dataclasses.replace(before_form, **cleared)  # type: ignore[arg-type]
        rebuilt = build_new_case(after_form)
        after_form = form_from_case(dataclasses.replace(case, visitor=rebuilt.visitor, intake=rebuilt.intake))
        changed = tuple(f for f in _EDITABLE if getattr(before_form, f) != getattr(after_form, f))
        if not changed:
            return ()
        uow.cases.add_event(case_id, IntakeCorrected(
            fields=changed,
            before=tuple(_shown_for_timeline(f, getattr(before_form, f)) for f in changed),
            after=tuple(_shown_for_timeline(f, getattr(after_form, f)) for f in changed),
        ), now)
        uow.cases.update_payload(case_id, rebuilt.visitor, rebuilt.intake, now)
        uow.audit.append("edit", (case_id,), now, ",".join(changed))
        return changed


# -- find ------------------------------------------------------------------------

# The free-text fields searched per event kind; codes (agency, outcome) are not
# text the worker typed and would only give false hits.
_SEARCHED_FIELDS: dict[EventKind, tuple[str, ...]] = {
    EventKind.NOTE: ("text",),
    EventKind.CALL: ("contact_person", "question", "answer", "reference", "note"),
    EventKind.CONSULT: ("note",),
    EventKind.HANDOVER: ("what",),
    EventKind.FOLLOWUP_PLANNED: ("what",),
}
_CASE_FIELDS = (("naam", "name"), ("telefoon", "phone"), ("e-mail", "email"))


def _fold(text: str) -> str:
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _digits(text: object) -> str:
    return "".join(c for c in str(text or "") if c.isdigit())


@dataclass(frozen=True)
class FindHit:
    case: Case
    fields: tuple[str, ...]


def find_cases(vault: Vault, text: str, now: datetime, *, limit: int | None = None, scan: bool = False
               ) -> tuple[list[FindHit], int, bool]:
    """Find cases by name, contact details, BSN, question or any note or call
    text; the last value says whether the index answered.

    A term that is a whole BSN, phone number, e-mail address, name or word of
    a name is first looked up in the sealed search index (services/search.py):
    a few buckets opened, whatever the store's size. When that finds nothing,
    or `scan` is asked, every case and every text-bearing event is streamed once,
    in row order, opening each with AES-GCM (a few microseconds a record, one
    cipher set up per case key), compare on the folded plaintext of the
    free-text fields only (never on stored bytes), and build domain objects
    for the hits alone. Nothing decrypted is kept beyond the hits."""
    refuse_controls(text, "zoekterm")
    needle = _fold(" ".join(text.split()))
    if len(needle) < 2:
        raise BadInput("error.find_too_short")
    # The quick test runs on the raw JSON, where quotes and backslashes are
    # escaped and whitespace may differ: test only the longest word, escaped
    # as JSON would; the exact test on the fields follows for candidates.
    import json

    quick = json.dumps(max(needle.split(), key=len), ensure_ascii=False)[1:-1]
    digits = _digits(needle) if len(_digits(needle)) >= 4 else ""
    if not scan:
        exact = _find_exact(vault, text, now, limit)
        if exact is not None:
            return exact[0], exact[1], True
    matched: dict[int, set[str]] = {}
    with vault.read() as uow:
        uow.require_every_case()
        for case_id, case_raw, events in uow.cases.iter_case_texts(tuple(_SEARCHED_FIELDS)):
            found: set[str] = set()
            # Cheap test on the whole folded JSON first; only a record that
            # might match is parsed and checked field by field.
            for kind, raw in events:
                if quick in _fold(raw.decode("utf-8")):
                    fields = codec.load(raw)
                    if fields.get("source") == FollowUpSource.CALLBACK.value:
                        # Its text was generated from the call, which is searched itself.
                        continue
                    values = [fields.get(name) for name in _SEARCHED_FIELDS[EventKind(kind)]]
                    if any(isinstance(v, str) and needle in _fold(" ".join(v.split())) for v in values):
                        found.add(kind)
            text = case_raw.decode("utf-8")
            if quick in _fold(text) or (digits and digits in _digits(text)):
                payload = codec.load(case_raw)
                visitor, intake = payload.get("visitor") or {}, payload.get("intake") or {}
                for label, key in _CASE_FIELDS:
                    value = visitor.get(key)
                    if isinstance(value, str) and needle in _fold(" ".join(value.split())):
                        found.add(label)
                question = intake.get("question")
                if isinstance(question, str) and needle in _fold(" ".join(question.split())):
                    found.add("vraag")
                if digits:
                    if digits in _digits(visitor.get("bsn")):
                        found.add("bsn")
                    if digits in _digits(visitor.get("phone")):
                        found.add("telefoon")
            if found:
                matched[case_id] = found
        ordered = sorted(matched, reverse=True)[:limit] if limit is not None else sorted(matched, reverse=True)
        hits = [FindHit(case=uow.cases.get(CaseId(i), with_events=False), fields=tuple(sorted(matched[i])))
                for i in ordered]
    # The scan ran in a read snapshot so consult commands can write meanwhile;
    # the audit entry is written before anything is shown.
    with vault.write() as uow:
        uow.audit.append("find", tuple(hit.case.id for hit in hits), now, sealed=True)
    return hits, len(matched), False


def _find_exact(vault: Vault, text: str, now: datetime, limit: int | None) -> tuple[list[FindHit], int] | None:
    """Hits from the index, or None to scan (not an exact key, no index yet, nothing found)."""
    from loketcli.domain.search import KeyKind, query_keys
    from loketcli.services.search import exact_matches

    keys = query_keys(text)
    if not keys:
        return None
    with vault.read() as uow:
        uow.require_every_case()
        exact = exact_matches(uow, vault.vault_key, keys, limit)
    if exact is None:
        return None
    found, total = exact
    # A whole BSN, phone number or e-mail address is the index's to
    # answer, also with nothing: the scan would only find the same value.
    # A name it does not know may still be a word in a note.
    if not found and keys[0][0] in (KeyKind.NAME, KeyKind.NAME_PART):
        return None
    hits = [FindHit(case=case, fields=fields) for case, fields in found]
    with vault.write() as uow:
        uow.audit.append("find", tuple(hit.case.id for hit in hits), now, sealed=True)
    return hits, total
