"""A small Klantinteracties register in the test process, on loopback.

It keeps state, enforces the rules a running Open Klant 2.18 enforces beyond
its schema (token, BSN 11-test, one PartijIdentificator per BSN, an
InterneTaak needs actors, afgehandeldOp only when verwerkt, metadata keys
camelCased, a digitaal adres needs the `verstrektDoorPartij` key and a phone
number or e-mail address in the server's own form), validates every request
body against the schemas in `schemas.py`, and injects faults: a 500, a delay
past the client's timeout, a connection dropped before or after the change
was made, or a request held until the test lets it go (to kill the client in
between). Where the real server refuses, this one refuses with the same
`name: code`; tests/register/live/test_live_parity.py sends the same bodies to
both and compares.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from register.schemas import REQUESTS, errors

PREFIX = "/klantinteracties/api/v1"
TOKEN = "0123456789abcdef0123456789abcdef01234567"
PAGE_SIZE = 100  # Open Klant's default; `pageSize` up to 500 is honoured
PHONE = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
# Django 4.2's EmailValidator, which Open Klant applies to e-mail addresses.
_EMAIL_USER = re.compile(r"(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z"
                         r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',
                         re.IGNORECASE)
_EMAIL_DOMAIN = re.compile(r"((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))\Z", re.IGNORECASE)
_EMAIL_LITERAL = re.compile(r"\[([A-F0-9:.]+)\]\Z", re.IGNORECASE)


@dataclass
class Fault:
    """What to do with the request that `matches`: `status` (an HTTP code),
    `delay` (seconds to wait before answering), `drop` ("before" or "after"
    the change), `hold` (an Event the request waits on). `times` counts down."""

    matches: Callable[[str, str, int], bool]
    status: int | None = None
    delay: float = 0.0
    drop: str | None = None
    hold: threading.Event | None = None
    times: int = 1


@dataclass
class Register:
    objects: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {
        k: {} for k in ("actoren", "partijen", "klantcontacten", "betrokkenen", "onderwerpobjecten",
                        "actorklantcontacten", "digitaleadressen", "internetaken")})
    log: list[tuple[str, str, int]] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""
    in_flight: int = 0
    validate: bool = True
    # Indexes, so that the fake's own lookups stay cheap at 10,000 cases.
    by_subject: dict[str, set[str]] = field(default_factory=dict)
    links_of: dict[str, list[str]] = field(default_factory=dict)
    betrokkenen_of: dict[str, list[str]] = field(default_factory=dict)
    addresses_of: dict[str, list[str]] = field(default_factory=dict)
    tasks_of: dict[str, list[str]] = field(default_factory=dict)
    subjects_of: dict[str, list[str]] = field(default_factory=dict)

    def settle(self, seconds: float = 10.0) -> None:
        """Wait until no request is being handled (a delayed one may still be)."""
        deadline = time.monotonic() + seconds
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)

    def count(self, kind: str) -> int:
        return len(self.objects[kind])

    def requests(self, method: str | None = None) -> int:
        return sum(1 for m, _, _ in self.log if method is None or m == method)

    def url(self, kind: str, ident: str) -> str:
        return f"{self.base}{PREFIX}/{kind}/{ident}"


def _camel(key: str) -> str:
    head, *rest = re.split(r"[_\-]", key)
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _django_email(value: str) -> bool:
    import ipaddress

    if not value or "@" not in value or len(value) > 320:
        return False
    user, domain = value.rsplit("@", 1)
    if not _EMAIL_USER.match(user):
        return False
    if domain == "localhost" or _EMAIL_DOMAIN.match(domain):
        return True
    literal = _EMAIL_LITERAL.match(domain)
    if literal:
        try:
            ipaddress.ip_address(literal[1])
        except ValueError:
            return False
        return True
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(_EMAIL_DOMAIN.match(ascii_domain))


def _elfproef(bsn: str) -> bool:
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(bsn, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0


class _Refused(Exception):
    def __init__(self, status: int, name: str, code: str) -> None:
        super().__init__(code)
        self.status, self.name, self.code = status, name, code


def _has_null(value: object) -> bool:
    """Open Klant wants an absent reference left out, not sent as null."""
    if isinstance(value, dict):
        return any(v is None or _has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


class _Handler(BaseHTTPRequestHandler):
    register: Register
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this, Nagle and delayed
    # ACKs add ~40 ms to every answer.
    disable_nagle_algorithm = True

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _answer(self, status: int, body: object | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        with self.register.lock:
            self.register.in_flight += 1
        try:
            self._serve(method)
        finally:
            with self.register.lock:
                self.register.in_flight -= 1

    def _serve(self, method: str) -> None:
        reg = self.register
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with reg.lock:
            index = len(reg.log)
            reg.log.append((method, parts.path, index))
            fault = next((f for f in reg.faults if f.times > 0 and f.matches(method, parts.path, index)), None)
            if fault is not None:
                fault.times -= 1
        if fault is not None and fault.hold is not None:
            fault.hold.wait(30)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.status is not None:
            self._answer(fault.status, {"code": "server_error", "title": "fault"})
            return
        if fault is not None and fault.drop == "before":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if self.headers.get("Authorization") != f"Token {TOKEN}":
            self._answer(401, {"code": "not_authenticated"})
            return
        if not parts.path.startswith(PREFIX + "/"):
            self._answer(404, {"code": "not_found"})
            return
        route = parts.path[len(PREFIX) + 1:].strip("/").split("/")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        try:
            body = json.loads(raw) if raw else None
            with reg.lock:
                status, answer = self._route(method, route, query, body)
        except _Refused as refused:
            status, answer = refused.status, {
                "code": "invalid", "title": "Invalid input.",
                "invalidParams": [{"name": refused.name, "code": refused.code,
                                   "reason": f"value {json.dumps(body)[:60]} refused"}]}
        if fault is not None and fault.drop == "after":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self._answer(status, answer)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")


    # -- the register's behaviour ------------------------------------------

    def _route(self, method: str, route: list[str], query: dict[str, str], body: Any) -> tuple[int, Any]:
        reg = self.register
        kind = route[0]
        if method in ("POST", "PATCH"):
            schema = REQUESTS.get((method, kind))
            if schema is None:
                raise _Refused(405, kind, "method_not_allowed")
            problems = errors(schema, body) if reg.validate else []
            if problems:
                reg.schema_errors.extend(f"{method} {kind}: {p}" for p in problems)
                raise _Refused(400, kind, "schema")
            checked = {k: v for k, v in body.items() if k not in ("verstrektDoorPartij", "verstrektDoorBetrokkene")} \
                if kind == "digitaleadressen" and isinstance(body, dict) else body
            if _has_null(checked):
                raise _Refused(400, kind, "null")
        if method == "GET" and len(route) == 1:
            return 200, self._list(kind, query)
        if method == "GET" and len(route) == 2 and kind == "klantcontacten" and "expand" in query:
            return self._expanded_contact(route[1])  # issue 25: a contact with its betrokkenen, as take reads it
        if method == "GET" and len(route) == 2:
            found = reg.objects.get(kind, {}).get(route[1])
            return (200, self._expand(kind, found)) if found else (404, {"code": "not_found"})
        if method == "POST" and kind == "maak-klantcontact":
            return 201, self._maak(body)
        if method == "POST":
            return 201, self._create(kind, body)
        if method == "PATCH" and len(route) == 2:
            found = reg.objects.get(kind, {}).get(route[1])
            if found is None:
                return 404, {"code": "not_found"}
            if kind == "internetaken":
                merged = {**found, **body}
                self._check_task(merged)
            if kind == "digitaleadressen":
                self._check_address({**found, **body}, creating=False)
            found.update(self._clean(body))
            return 200, self._expand(kind, found)
        if method == "DELETE" and len(route) == 2:
            # As Open Klant: 204 without a body, 404 for one already gone.
            gone = reg.objects.get(kind, {}).pop(route[1], None)
            return (204, None) if gone is not None else (404, {"code": "not_found"})
        return 404, {"code": "not_found"}

    def _new(self, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
        reg = self.register
        ident = str(uuid.uuid4())
        obj = {**fields, "uuid": ident, "url": reg.url(kind, ident)}
        reg.objects[kind][ident] = obj
        if kind == "onderwerpobjecten" and obj.get("onderwerpobjectidentificator"):
            key = obj["onderwerpobjectidentificator"].get("objectId", "")
            reg.by_subject.setdefault(key, set()).add(obj["klantcontact"]["uuid"])
            reg.subjects_of.setdefault(obj["klantcontact"]["uuid"], []).append(ident)
        elif kind == "actorklantcontacten":
            reg.links_of.setdefault(obj["klantcontact"]["uuid"], []).append(ident)
        elif kind == "betrokkenen":
            reg.betrokkenen_of.setdefault(obj["hadKlantcontact"]["uuid"], []).append(ident)
        elif kind == "digitaleadressen" and obj.get("verstrektDoorBetrokkene"):
            reg.addresses_of.setdefault(obj["verstrektDoorBetrokkene"]["uuid"], []).append(ident)
        elif kind == "internetaken":
            reg.tasks_of.setdefault(obj["aanleidinggevendKlantcontact"]["uuid"], []).append(ident)
        return obj

    def _clean(self, body: dict[str, Any]) -> dict[str, Any]:
        cleaned = dict(body)
        if isinstance(cleaned.get("metadata"), dict):
            cleaned["metadata"] = {_camel(k): v for k, v in cleaned["metadata"].items()}
        return cleaned

    def _check_identificator(self, group: dict[str, Any], name: str) -> None:
        if group["codeSoortObjectId"] == "bsn":
            if not _elfproef(group["objectId"]):
                raise _Refused(400, name, "invalid")
            for other in self.register.objects["partijen"].values():
                for known in other.get("partijIdentificatoren") or ():
                    if known["partijIdentificator"] == group:
                        # Open Klant: "PartijIdentificator moet uniek zijn".
                        raise _Refused(400, "__all__", "invalid")

    def _check_address(self, body: dict[str, Any], *, creating: bool) -> None:
        if creating and "verstrektDoorPartij" not in body:
            raise _Refused(400, "verstrektDoorPartij", "required")
        adres = str(body.get("adres", ""))
        if body.get("soortDigitaalAdres") == "telefoonnummer" and (
                not PHONE.match(adres) or adres.startswith(("0800", "0900", "1400", "140"))):
            raise _Refused(400, "adres", "invalid")
        if body.get("soortDigitaalAdres") == "email" and not _django_email(adres):
            raise _Refused(400, "adres", "invalid")

    def _check_task(self, body: dict[str, Any]) -> None:
        if not body.get("toegewezenAanActoren"):
            raise _Refused(400, "toegewezenAanActoren", "required")
        if body.get("afgehandeldOp") and body.get("status") != "verwerkt":
            raise _Refused(400, "afgehandeldOp", "invalid")
        for actor in body["toegewezenAanActoren"]:
            if actor["uuid"] not in self.register.objects["actoren"]:
                raise _Refused(400, "toegewezenAanActoren", "does_not_exist")

    def _create(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        objects = self.register.objects
        if kind == "partijen":
            # As Open Klant does, in one transaction: a refused identificator leaves no partij.
            for n, ident in enumerate(body.get("partijIdentificatoren") or ()):
                self._check_identificator(ident["partijIdentificator"],
                                          f"partijIdentificatoren.{n}.partijIdentificatorObjectId")
        if kind == "digitaleadressen":
            self._check_address(body, creating=True)
        if kind == "internetaken":
            self._check_task(body)
            if body["aanleidinggevendKlantcontact"]["uuid"] not in objects["klantcontacten"]:
                raise _Refused(400, "aanleidinggevendKlantcontact", "does_not_exist")
            body = {**body, "toegewezenOp": "2026-12-01T10:00:00Z"}
        if kind == "actorklantcontacten" and (body["actor"]["uuid"] not in objects["actoren"]
                                              or body["klantcontact"]["uuid"] not in objects["klantcontacten"]):
            raise _Refused(400, "actor", "does_not_exist")
        if kind == "digitaleadressen":
            owner = (body.get("verstrektDoorBetrokkene") or {}).get("uuid")
            if owner is not None and owner not in objects["betrokkenen"]:
                raise _Refused(400, "verstrektDoorBetrokkene", "does_not_exist")
        return self._new(kind, self._clean(body))

    def _maak(self, body: dict[str, Any]) -> dict[str, Any]:
        objects = self.register.objects
        betrokkene = body.get("betrokkene")
        if betrokkene and betrokkene.get("wasPartij") and betrokkene["wasPartij"]["uuid"] not in objects["partijen"]:
            raise _Refused(400, "betrokkene.wasPartij", "does_not_exist")
        subject = body.get("onderwerpobject") or {}
        if subject.get("wasKlantcontact") and subject["wasKlantcontact"]["uuid"] not in objects["klantcontacten"]:
            raise _Refused(400, "onderwerpobject.wasKlantcontact", "does_not_exist")
        kc = self._new("klantcontacten", self._clean(body["klantcontact"]))
        answer: dict[str, Any] = {"klantcontact": kc}
        if betrokkene is not None:
            answer["betrokkene"] = self._new("betrokkenen", {**betrokkene, "hadKlantcontact": {"uuid": kc["uuid"]}})
        if body.get("onderwerpobject") is not None:
            answer["onderwerpobject"] = self._new("onderwerpobjecten",
                                                  {**subject, "klantcontact": {"uuid": kc["uuid"]}})
        return answer

    def _expand(self, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        reg = self.register
        objects = reg.objects
        if kind == "klantcontacten":
            links = [objects["actorklantcontacten"][a] for a in reg.links_of.get(obj["uuid"], ())]
            return {**obj,
                    "hadBetrokkenActoren": [objects["actoren"][a["actor"]["uuid"]] for a in links],
                    "hadBetrokkenen": [{"uuid": b, "url": reg.url("betrokkenen", b)}
                                       for b in reg.betrokkenen_of.get(obj["uuid"], ())]}
        if kind == "betrokkenen":
            return {**obj, "digitaleAdressen": [{"uuid": d} for d in reg.addresses_of.get(obj["uuid"], ())]}
        return obj

    def _list(self, kind: str, query: dict[str, str]) -> dict[str, Any]:
        objects = self.register.objects
        page = int(query.pop("page", "1"))
        size = min(int(query.pop("pageSize", str(PAGE_SIZE))), 500)
        reg = self.register
        subject = query.get("onderwerpobject__onderwerpobjectidentificatorObjectId")
        if kind == "klantcontacten" and subject is not None:
            candidates = [objects[kind][k] for k in reg.by_subject.get(subject, ())]
        elif kind == "internetaken" and "aanleidinggevendKlantcontact__uuid" in query:
            candidates = [objects[kind][k] for k in reg.tasks_of.get(query["aanleidinggevendKlantcontact__uuid"], ())]
        else:
            candidates = list(objects.get(kind, {}).values())
        found = [o for o in candidates if all(self._matches(kind, o, n, v) for n, v in query.items())]
        chunk = [self._expand(kind, o) for o in found[(page - 1) * size: page * size]]
        more = len(found) > page * size
        return {"count": len(found), "next": f"?page={page + 1}" if more else None,
                "previous": None, "results": chunk}

    def _matches(self, kind: str, obj: dict[str, Any], name: str, value: str) -> bool:
        objects = self.register.objects
        if kind == "actoren" and name.startswith("actoridentificator"):
            field_name = name[len("actoridentificator"):]
            field_name = field_name[0].lower() + field_name[1:]
            return (obj.get("actoridentificator") or {}).get(field_name) == value
        if kind == "partijen" and name.startswith("partijIdentificator__"):
            field_name = name.split("__")[1]
            return any(i["partijIdentificator"].get(field_name) == value
                       for i in obj.get("partijIdentificatoren") or ())
        if kind == "klantcontacten" and name.startswith("onderwerpobject__onderwerpobjectidentificator"):
            field_name = name[len("onderwerpobject__onderwerpobjectidentificator"):]
            field_name = field_name[0].lower() + field_name[1:]
            if field_name == "objectId":
                return obj["uuid"] in self.register.by_subject.get(value, ())
            return any((objects["onderwerpobjecten"][o].get("onderwerpobjectidentificator") or {}).get(field_name)
                       == value for o in self.register.subjects_of.get(obj["uuid"], ()))
        if kind == "klantcontacten" and name.startswith("hadBetrokkene__wasPartij__partijIdentificator__"):
            field_name = name.split("__")[-1]
            partijen = [(objects["betrokkenen"][b].get("wasPartij") or {}).get("uuid")
                        for b in self.register.betrokkenen_of.get(obj["uuid"], ())]
            return any(any(i["partijIdentificator"].get(field_name) == value
                           for i in objects["partijen"][p].get("partijIdentificatoren") or ())
                       for p in partijen if p in objects["partijen"])
        if kind == "internetaken" and name == "aanleidinggevendKlantcontact__uuid":
            return obj["aanleidinggevendKlantcontact"]["uuid"] == value
        if kind == "digitaleadressen" and name == "verstrektDoorBetrokkene__uuid":
            return (obj.get("verstrektDoorBetrokkene") or {}).get("uuid") == value
        # -- issue 25: the inbox's filters --
        if kind == "internetaken" and name == "status":
            return bool(obj.get("status") == value)
        if kind == "internetaken" and name == "toegewezenAanActor__uuid":
            # Any of the assigned actors, as Open Klant filters.
            return any(a.get("uuid") == value for a in obj.get("toegewezenAanActoren") or ())
        if kind == "actoren" and name == "soortActor":
            return bool(obj.get("soortActor") == value)
        if kind == "actoren" and name == "naam":
            return value.casefold() in str(obj.get("naam", "")).casefold()
        if kind == "actoren" and name == "indicatieActief":
            return str(obj.get("indicatieActief", True)).lower() == value
        raise AssertionError(f"the fake register has no filter {name} on {kind}")

    def _expanded_contact(self, uuid: str) -> tuple[int, Any]:
        """GET /klantcontacten/{uuid}?expand=hadBetrokkenen,hadBetrokkenen.digitaleAdressen (issue 25)."""
        reg = self.register
        found = reg.objects["klantcontacten"].get(uuid)
        if found is None:
            return 404, {"code": "not_found"}
        betrokkenen = []
        for ident in reg.betrokkenen_of.get(uuid, ()):
            betrokkene = reg.objects["betrokkenen"][ident]
            addresses = [reg.objects["digitaleadressen"][d] for d in reg.addresses_of.get(ident, ())]
            betrokkenen.append({**betrokkene, "volledigeNaam": _volledige_naam(betrokkene.get("contactnaam")),
                                "digitaleAdressen": [{"uuid": a["uuid"]} for a in addresses],
                                "_expand": {"digitaleAdressen": addresses}})
        return 200, {**self._expand("klantcontacten", found), "_expand": {"hadBetrokkenen": betrokkenen}}


def _volledige_naam(contactnaam: dict[str, Any] | None) -> str:
    """As Open Klant builds it: first name (not initials), prefix, surname."""
    if not contactnaam:
        return ""
    return " ".join(p for p in (contactnaam.get("voornaam"), contactnaam.get("voorvoegselAchternaam"),
                                contactnaam.get("achternaam")) if p)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-answer (the faults do so on purpose, and a
        # timed-out client does too) is not an error of the fake's.
        pass


class FakeOpenKlant:
    def __init__(self, *, validate: bool = True) -> None:
        self.register = Register(validate=validate)
        handler = type("Handler", (_Handler,), {"register": self.register})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.register.base = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenKlant:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for fault in self.register.faults:
            if fault.hold is not None:
                fault.hold.set()
        self._server.shutdown()
        self._server.server_close()
