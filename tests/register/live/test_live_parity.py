"""The fake register refuses what the real one refuses: the same bodies go to
both, and the answers (status, and the `name: code` of each refusal) must be
the same. When Open Klant's rules change, this fails first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from register.fake_openklant import TOKEN as FAKE_TOKEN
from register.fake_openklant import FakeOpenKlant
from register.openklant_live import API, LiveRegister, fresh_bsn, live, needs_a_real_register

__all__ = ["live", "needs_a_real_register"]

PHONES = ["0612345678", "0205551234", "+31612345678", "0031612345678", "+32470123456", "06 12345678",
          "06-12345678", "+31 6 12345678", "612345678", "061234567", "+3161", "0800123456", "1400"]
EMAILS = ["a@example.org", "a.b+c@sub.example.nl", "a@localhost", "a@[127.0.0.1]", "a@example.c", "a b@example.org",
          "a@ex_ample.org", "a@@example.org", "\"a b\"@example.org", "a@exämple.org", "a@example", "a@-example.org"]


@pytest.fixture
def fake() -> Iterator[httpx.Client]:
    with FakeOpenKlant(validate=False) as server, httpx.Client(
            base_url=server.url + API, headers={"Authorization": f"Token {FAKE_TOKEN}"}) as client:
        yield client


def answer(response: httpx.Response) -> tuple[int, list[str]]:
    if response.status_code < 400:
        return response.status_code, []
    body: dict[str, Any] = response.json()
    return response.status_code, sorted({f"{p['name']}: {p['code']}" for p in body.get("invalidParams") or ()})


def both(live: LiveRegister, fake: httpx.Client, path: str, body: dict[str, Any]) -> tuple[Any, Any]:
    return answer(live.post(path, body)), answer(fake.post(path, json=body))


@pytest.mark.parametrize("adres", PHONES)
def test_phone_numbers(live: LiveRegister, fake: httpx.Client, adres: str) -> None:
    body = {"adres": adres, "soortDigitaalAdres": "telefoonnummer", "verstrektDoorPartij": None}
    real, ours = both(live, fake, "/digitaleadressen", body)
    assert ours == real, adres


@pytest.mark.parametrize("adres", EMAILS)
def test_e_mail_addresses(live: LiveRegister, fake: httpx.Client, adres: str) -> None:
    body = {"adres": adres, "soortDigitaalAdres": "email", "verstrektDoorPartij": None}
    real, ours = both(live, fake, "/digitaleadressen", body)
    assert ours == real, adres


@pytest.mark.parametrize("body", [
    {"adres": "a@example.org", "soortDigitaalAdres": "email"},
    {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer"},
    {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer", "verstrektDoorPartij": None,
     "verstrektDoorBetrokkene": None},
], ids=["email-without-partij-key", "phone-without-partij-key", "both-null"])
def test_the_partij_key_of_an_address(live: LiveRegister, fake: httpx.Client, body: dict[str, Any]) -> None:
    real, ours = both(live, fake, "/digitaleadressen", body)
    assert ours == real, json.dumps(body)


def test_a_bsn_twice_and_a_bsn_that_fails_the_11_test(live: LiveRegister, fake: httpx.Client) -> None:
    bsn = fresh_bsn()

    def person(number: str) -> dict[str, Any]:
        return {"soortPartij": "persoon", "indicatieActief": True, "partijIdentificatoren": [{"partijIdentificator": {
            "codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn", "codeRegister": "brp",
            "objectId": number}}]}

    def count(client: httpx.Client) -> int:
        return int(client.get("/partijen", params={"pageSize": "1"}).json()["count"])

    assert both(live, fake, "/partijen", person(bsn)) == ((201, []), (201, []))
    before = count(live._http), count(fake)
    real, ours = both(live, fake, "/partijen", person(bsn))
    assert real == (400, ["__all__: invalid"]) and ours == real
    # In one transaction: the refused person leaves no partij behind, in either.
    assert (count(live._http), count(fake)) == before
    wrong = bsn[:-1] + str((int(bsn[-1]) + 1) % 10)
    real, ours = both(live, fake, "/partijen", person(wrong))
    assert real == (400, ["partijIdentificatoren.0.partijIdentificatorObjectId: invalid"]) and ours == real


def test_a_corrected_address(live: LiveRegister, fake: httpx.Client) -> None:
    body = {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer", "verstrektDoorPartij": None}
    made_real, made_fake = live.post("/digitaleadressen", body).json(), fake.post("/digitaleadressen", json=body).json()
    for change in ({"adres": "0687654321", "soortDigitaalAdres": "telefoonnummer"},
                   {"adres": "06 87654321", "soortDigitaalAdres": "telefoonnummer"},
                   {"adres": "a@example.c", "soortDigitaalAdres": "email"}):
        real = answer(live._http.patch(f"/digitaleadressen/{made_real['uuid']}", json=change))
        ours = answer(fake.patch(f"/digitaleadressen/{made_fake['uuid']}", json=change))
        assert ours == real, change


def test_a_removed_address(live: LiveRegister, fake: httpx.Client) -> None:
    # Removed once (204, no body), then again (404), then looked for (404): the same from both.
    body = {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer", "verstrektDoorPartij": None}
    made_real, made_fake = live.post("/digitaleadressen", body).json(), fake.post("/digitaleadressen", json=body).json()
    for step in ("delete", "delete", "get"):
        real = live._http.request(step.upper(), f"/digitaleadressen/{made_real['uuid']}")
        ours = fake.request(step.upper(), f"/digitaleadressen/{made_fake['uuid']}")
        assert (ours.status_code, ours.content == b"") == (real.status_code, real.content == b""), step
