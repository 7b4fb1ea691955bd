"""Fixtures the fast register suites share: a fake register per test, and
retries that do not wait. Imported by name into each module that uses them
(a `conftest.py` here would shadow the root one the testkit imports)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from register.fake_openklant import FakeOpenKlant

import loketcli.register.client as client_module
import loketcli.register.push as push_module


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "DEFAULT_POLICY",
                        client_module.RetryPolicy(attempts=3, backoff_s=0.01, timeout_s=2.0))
    monkeypatch.setattr(push_module, "CASE_BACKOFF_S", 0.01)


@pytest.fixture
def openklant() -> Iterator[FakeOpenKlant]:
    with FakeOpenKlant() as server:
        yield server
