"""JSON Schemas of the Klantinteracties request bodies loket sends.

Written from the specification's facts (Open Klant 2.x,
`src/openklant/components/klantinteracties/openapi.yaml`, API 0.9.0): field
names, types, enums, maximum lengths and required lists. Read-only fields
(`url`, and `uuid` on most resources) are not required in a request. These
schemas are stricter than the specification in one way: no property outside
the specification is allowed (`additionalProperties: false`), so a misspelt
field name fails here instead of being silently dropped by the server.
"""

from __future__ import annotations

from typing import Any

DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"}
UUID = {"type": "string", "pattern": r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}


def text(max_length: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def strict(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


FOREIGN_KEY = strict({"uuid": UUID, "url": text(1000)}, ["uuid"])

CONTACTNAAM = strict({
    "voorletters": text(10),
    "voornaam": text(200),
    "voorvoegselAchternaam": text(10),
    "achternaam": text(200),
})

KLANTCONTACT_FIELDS = {
    "uuid": UUID,
    "nummer": nullable(text(10)),
    "referentienummer": nullable(text(10)),
    "kanaal": text(50),
    "onderwerp": text(200),
    "inhoud": text(1000),
    "reactie": text(4000),
    "indicatieContactGelukt": nullable({"type": "boolean"}),
    "hoofdOnderwerpType": text(200),
    "verdereActieOndernomen": {"type": "boolean"},
    "taal": text(3),
    "vertrouwelijk": {"type": "boolean"},
    "plaatsgevondenOp": DATE_TIME,
    "metadata": {"type": "object"},
}
KLANTCONTACT = strict(KLANTCONTACT_FIELDS, ["kanaal", "onderwerp", "taal", "vertrouwelijk"])
KLANTCONTACT_PATCH = strict(KLANTCONTACT_FIELDS)

ROL = {"enum": ["vertegenwoordiger", "klant"]}
BETROKKENE_FIELDS = {
    "uuid": UUID,
    "wasPartij": nullable(FOREIGN_KEY),
    "hadKlantcontact": FOREIGN_KEY,
    "contactnaam": nullable(CONTACTNAAM),
    "rol": ROL,
    "organisatienaam": text(200),
    "initiator": {"type": "boolean"},
}
# Inside maak-klantcontact the contact is made in the same call: no hadKlantcontact.
BETROKKENE_IN_MAAK = strict({k: v for k, v in BETROKKENE_FIELDS.items() if k != "hadKlantcontact"},
                            ["rol", "initiator"])
BETROKKENE = strict(BETROKKENE_FIELDS, ["hadKlantcontact", "rol", "initiator"])
BETROKKENE_PATCH = strict(BETROKKENE_FIELDS)

ONDERWERPOBJECTIDENTIFICATOR = strict({
    "objectId": text(200), "codeObjecttype": text(200), "codeRegister": text(200), "codeSoortObjectId": text(200),
})
ONDERWERPOBJECT_FIELDS = {
    "uuid": UUID,
    "klantcontact": nullable(FOREIGN_KEY),
    "wasKlantcontact": nullable(FOREIGN_KEY),
    "onderwerpobjectidentificator": nullable(ONDERWERPOBJECTIDENTIFICATOR),
}
ONDERWERPOBJECT = strict(ONDERWERPOBJECT_FIELDS)
ONDERWERPOBJECT_IN_MAAK = strict({k: v for k, v in ONDERWERPOBJECT_FIELDS.items() if k != "klantcontact"})

MAAK_KLANTCONTACT = strict({
    "klantcontact": KLANTCONTACT,
    "betrokkene": BETROKKENE_IN_MAAK,
    "onderwerpobject": ONDERWERPOBJECT_IN_MAAK,
}, ["klantcontact"])

PARTIJ_IDENTIFICATOR_GROEP = strict({
    "codeObjecttype": {"enum": ["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"]},
    "codeSoortObjectId": {"enum": ["bsn", "vestigingsnummer", "kvk_nummer", "rsin"]},
    "objectId": text(200),
    "codeRegister": {"enum": ["brp", "hr"]},
}, ["codeObjecttype", "codeSoortObjectId", "objectId", "codeRegister"])
PARTIJ_IDENTIFICATOR = strict({
    "uuid": UUID,
    "identificeerdePartij": nullable(FOREIGN_KEY),
    "anderePartijIdentificator": text(200),
    "partijIdentificator": PARTIJ_IDENTIFICATOR_GROEP,
    "subIdentificatorVan": nullable(FOREIGN_KEY),
}, ["partijIdentificator"])
PARTIJ = strict({
    "uuid": UUID,
    "nummer": nullable(text(10)),
    "interneNotitie": text(1000),
    "digitaleAdressen": nullable({"type": "array", "items": FOREIGN_KEY}),
    "voorkeursDigitaalAdres": nullable(FOREIGN_KEY),
    "rekeningnummers": nullable({"type": "array", "items": FOREIGN_KEY}),
    "voorkeursRekeningnummer": nullable(FOREIGN_KEY),
    "partijIdentificatoren": nullable({"type": "array", "items": PARTIJ_IDENTIFICATOR}),
    "soortPartij": {"enum": ["persoon", "organisatie", "contactpersoon"]},
    "indicatieGeheimhouding": nullable({"type": "boolean"}),
    "voorkeurstaal": text(3),
    "indicatieActief": {"type": "boolean"},
    "partijIdentificatie": strict({"contactnaam": nullable(CONTACTNAAM)}),
}, ["soortPartij", "indicatieActief"])

ACTOR = strict({
    "uuid": UUID,
    "naam": text(200),
    "soortActor": {"enum": ["medewerker", "geautomatiseerde_actor", "organisatorische_eenheid"]},
    "indicatieActief": {"type": "boolean"},
    "actoridentificator": nullable(strict({
        "objectId": text(200), "codeObjecttype": text(200), "codeRegister": text(200), "codeSoortObjectId": text(200),
    })),
}, ["naam", "soortActor"])

ACTORKLANTCONTACT = strict({"uuid": UUID, "actor": FOREIGN_KEY, "klantcontact": FOREIGN_KEY},
                           ["actor", "klantcontact"])

DIGITAAL_ADRES = strict({
    "uuid": UUID,
    "verstrektDoorBetrokkene": nullable(FOREIGN_KEY),
    "verstrektDoorPartij": nullable(FOREIGN_KEY),
    "adres": text(80),
    "soortDigitaalAdres": {"enum": ["email", "telefoonnummer", "overig"]},
    "isStandaardAdres": {"type": "boolean"},
    "omschrijving": text(40),
    "referentie": {"type": "string", "maxLength": 50, "pattern": "^[-a-zA-Z0-9_]+$"},
    "verificatieDatum": nullable({"type": "string"}),
}, ["adres", "soortDigitaalAdres"])
DIGITAAL_ADRES_PATCH = {**DIGITAAL_ADRES, "required": []}

INTERNETAAK_FIELDS = {
    "uuid": UUID,
    "nummer": nullable(text(10)),
    "referentienummer": nullable(text(10)),
    "gevraagdeHandeling": text(200),
    "aanleidinggevendKlantcontact": FOREIGN_KEY,
    "toegewezenAanActor": FOREIGN_KEY,
    "toegewezenAanActoren": {"type": "array", "items": FOREIGN_KEY},
    "toelichting": text(1000),
    "status": {"enum": ["te_verwerken", "verwerkt"]},
    "afgehandeldOp": nullable(DATE_TIME),
}
INTERNETAAK = strict(INTERNETAAK_FIELDS, ["aanleidinggevendKlantcontact", "gevraagdeHandeling", "status"])
INTERNETAAK_PATCH = strict(INTERNETAAK_FIELDS)

# (method, collection) -> schema of the request body.
REQUESTS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "maak-klantcontact"): MAAK_KLANTCONTACT,
    ("POST", "partijen"): PARTIJ,
    ("POST", "actoren"): ACTOR,
    ("POST", "actorklantcontacten"): ACTORKLANTCONTACT,
    ("POST", "digitaleadressen"): DIGITAAL_ADRES,
    ("POST", "internetaken"): INTERNETAAK,
    ("PATCH", "klantcontacten"): KLANTCONTACT_PATCH,
    ("PATCH", "betrokkenen"): BETROKKENE_PATCH,
    ("PATCH", "internetaken"): INTERNETAAK_PATCH,
    ("PATCH", "digitaleadressen"): DIGITAAL_ADRES_PATCH,
}

# The resources of `export --format klantinteracties`, by the list they stand in.
EXPORTED: dict[str, dict[str, Any]] = {
    "actoren": ACTOR,
    "partijen": PARTIJ,
    "klantcontacten": KLANTCONTACT,
    "betrokkenen": BETROKKENE,
    "onderwerpobjecten": ONDERWERPOBJECT,
    "actorklantcontacten": ACTORKLANTCONTACT,
    "digitaleadressen": DIGITAAL_ADRES,
    "internetaken": INTERNETAAK,
}


def errors(schema: dict[str, Any], body: object) -> list[str]:
    from jsonschema import Draft202012Validator

    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in Draft202012Validator(schema).iter_errors(body)]
