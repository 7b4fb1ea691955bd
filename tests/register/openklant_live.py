"""Helpers of the contract suite (tests/register/live/): loket against a real
Open Klant (../shared/openklant).

Runs when LOKET_OPENKLANT_URL and LOKET_OPENKLANT_TOKEN name a running register
(`.ci/run` starts one and sets both). Without them the tests skip and say why,
except under CI, where a missing register is a failure: the contract is what
CI exists to prove.

The register keeps its data between runs and is shared by every test, so each
test makes its own: a fresh store (a new store id, so new case keys), fresh
BSNs, and counts taken through the API by its own keys only.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

API = "/klantinteracties/api/v1"
# The register's root (`http://127.0.0.1:8765`), also when given with the API path.
URL = os.environ.get("LOKET_OPENKLANT_URL", "").rstrip("/").removesuffix(API)
TOKEN = os.environ.get("LOKET_OPENKLANT_TOKEN", "")


@pytest.fixture(autouse=True)
def needs_a_real_register() -> None:
    """Autouse in every live module (imported there): skip without a register, fail under CI."""
    if URL and TOKEN:
        return
    if os.environ.get("CI"):
        pytest.fail("CI must run the contract tests: LOKET_OPENKLANT_URL/TOKEN are not set (.ci/run starts Open Klant)")
    pytest.skip("no real Open Klant: set LOKET_OPENKLANT_URL and LOKET_OPENKLANT_TOKEN "
                "(bash ../shared/openklant/setup.sh && eval \"$(bash ../shared/openklant/start.sh)\")")


def fresh_bsn() -> str:
    """A random nine-digit number that passes the 11-test (synthetic: nobody's)."""
    while True:
        digits = [secrets.randbelow(10) for _ in range(8)]
        digits[0] = 1 + secrets.randbelow(9)
        total = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


class LiveRegister:
    """Read-only views of the real register, for counting what a push made."""

    def __init__(self) -> None:
        self.url = URL
        self.token = TOKEN
        self._http = httpx.Client(base_url=URL + API, headers={"Authorization": f"Token {TOKEN}",
                                                               "Accept": "application/json"}, timeout=30)

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, **params: str) -> dict[str, Any]:
        answer = self._http.get(path, params=params)
        assert answer.status_code == 200, (path, answer.status_code)
        body: dict[str, Any] = answer.json()
        return body

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self._http.post(path, json=body)

    def all(self, path: str, **params: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.get(path, **params, page=str(page))
            found.extend(answer["results"])
            if not answer.get("next"):
                return found
            page += 1

    def contacts_of(self, case_key: str) -> list[dict[str, Any]]:
        return self.all("/klantcontacten", onderwerpobject__onderwerpobjectidentificatorObjectId=case_key,
                        onderwerpobject__onderwerpobjectidentificatorCodeRegister="loket")

    def partijen_with_bsn(self, bsn: str) -> list[dict[str, Any]]:
        return self.all("/partijen", partijIdentificator__codeSoortObjectId="bsn",
                        partijIdentificator__objectId=bsn)

    def addresses_of(self, betrokkene: str) -> list[dict[str, Any]]:
        return self.all("/digitaleadressen", verstrektDoorBetrokkene__uuid=betrokkene)

    def tasks_of(self, klantcontact: str) -> list[dict[str, Any]]:
        return self.all("/internetaken", aanleidinggevendKlantcontact__uuid=klantcontact)


@pytest.fixture
def live() -> Iterator[LiveRegister]:
    register = LiveRegister()
    try:
        yield register
    finally:
        register.close()
