"""Turning domain values into the JSON that gets sealed, and back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from orjson import loads as _orjson_loads

from loketcli.domain.model import Consent, DigidStatus, Intake, Visitor

PAYLOAD_VERSION = 1


def dump(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def load(raw: bytes) -> dict[str, Any]:
    """Parse a payload (UTF-8 JSON, one object). orjson rather than the stdlib:
    scans parse hundreds of thousands of payloads, and it takes a third of the
    time. Its errors (bad UTF-8, trailing bytes) are ValueErrors, as the
    callers expect of a payload that is not what loket wrote. It reads what
    `dump` writes exactly as json.loads would (tests/unit/test_codec.py
    checks), with two differences that loket's payloads never meet: an
    integer beyond 64 bits comes back as a float, and NaN, Infinity and
    escaped lone surrogates are refused. Every integer stored is bounded
    (minutes, scores, ids)."""
    value = _orjson_loads(raw)
    if not isinstance(value, dict):
        raise ValueError("payload is not one JSON object")
    return value


def utc_text(moment: datetime) -> str:
    """Instants are stored in UTC, `2026-11-24T09:30:00Z`, so they sort as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    # fromisoformat reads the trailing Z since Python 3.11, and is ~10x faster than strptime.
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None or len(text) != 20 or not text.endswith("Z"):
        raise ValueError("not a loket UTC timestamp")
    return moment.astimezone(UTC)


def case_payload(visitor: Visitor, intake: Intake) -> dict[str, Any]:
    return {
        "v": PAYLOAD_VERSION,
        "visitor": {
            "name": visitor.name,
            "phone": visitor.phone,
            "email": visitor.email,
            "bsn": visitor.bsn,
            "language": visitor.language,
            "digid": visitor.digid.value,
            "companion": visitor.companion,
        },
        "intake": {
            "question": intake.question,
            "channel": intake.channel,
            "referred_by": intake.referred_by,
            "life_events": list(intake.life_events),
            "agencies": list(intake.agencies),
            "consent": {
                "contact_bodies": intake.consent.contact_bodies,
                "record_data": intake.consent.record_data,
                # Only when so: every other payload keeps its bytes.
                **({"declined_record": True} if intake.consent.declined_record else {}),
            },
            "minutes": intake.minutes,
        },
    }


def visitor_from(payload: dict[str, Any]) -> Visitor:
    v = payload["visitor"]
    return Visitor(
        name=v["name"],
        phone=v.get("phone"),
        email=v.get("email"),
        bsn=v.get("bsn"),
        language=v.get("language"),
        digid=DigidStatus(v.get("digid", DigidStatus.UNKNOWN.value)),
        companion=v.get("companion"),
    )


def intake_from(payload: dict[str, Any]) -> Intake:
    i = payload["intake"]
    consent = i.get("consent") or {}
    return Intake(
        question=i["question"],
        channel=i["channel"],
        referred_by=i.get("referred_by"),
        life_events=tuple(i.get("life_events", ())),
        agencies=tuple(i.get("agencies", ())),
        consent=Consent(
            contact_bodies=bool(consent.get("contact_bodies", False)),
            record_data=bool(consent.get("record_data", False)),
            declined_record=bool(consent.get("declined_record", False)),
        ),
        minutes=i.get("minutes"),
    )
