"""The HTTP client of the register: timeouts, polite retries, typed errors.

Reads (GET) and PATCH are safe to repeat and are retried on a 5xx answer, a
timeout or a dropped connection, with exponential backoff. A POST is retried
only when the connection failed before anything was sent: after that the
register may have created the object, so the caller must look before it tries
again (the push marks the case and starts it over from a lookup). A 4xx is
never retried. Nothing the server says is shown verbatim: its `detail` and
`reason` texts may quote the values that were sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from loketcli.domain.klantinteracties import API_PREFIX
from loketcli.errors import BadInput, LoketError

if TYPE_CHECKING:
    import httpx

_LOOPBACK = ("localhost", "127.0.0.1", "::1")


class RegisterUnavailable(LoketError):
    """No answer, or only 5xx answers, after the retries."""

    default_key = "error.register_unavailable"


class RegisterAnswerLost(RegisterUnavailable):
    """A request went out but no answer came back: the register may have acted on it."""


class RegisterUnauthorized(LoketError):
    """401/403: the token is wrong or lacks rights; nothing else will work either."""

    default_key = "error.register_unauthorized"


class RegisterRefused(LoketError):
    """A 4xx for one request: the server's field names and error codes, never its texts."""

    default_key = "error.register_refused"

    def __init__(self, status: int = 0, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(status=status, reasons=", ".join(reasons) or "-")
        self.status = status
        self.reasons = reasons


def check_url(url: str) -> str:
    """The register's base URL: https, or http only to this machine, since the
    token and the visitors' data travel in every request."""
    cleaned = url.strip().rstrip("/")
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput("error.register_url")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise BadInput("error.register_url_plain")
    if cleaned.endswith(API_PREFIX):
        cleaned = cleaned[: -len(API_PREFIX)]
    return cleaned


def check_token(token: str) -> str:
    cleaned = token.strip()
    if not cleaned or len(cleaned) > 200 or any(c.isspace() or not c.isprintable() for c in cleaned):
        raise BadInput("error.register_token")
    return cleaned


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    backoff_s: float = 0.5
    timeout_s: float = 15.0


# Module-level so tests can make the waits short without a flag users would see.
DEFAULT_POLICY = RetryPolicy()


class RegisterClient:
    def __init__(self, base_url: str, token: str, *, policy: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None) -> None:
        import httpx

        self._policy = policy or DEFAULT_POLICY
        self._sleep = sleep
        self.requests = 0
        self._http = httpx.Client(
            base_url=base_url + API_PREFIX,
            headers={"Authorization": f"Token {token}", "Accept": "application/json",
                     "Content-Crs": "EPSG:4326", "Accept-Crs": "EPSG:4326"},
            timeout=self._policy.timeout_s,
            transport=transport,
            # Certificates are checked (httpx's default); a register that
            # redirects elsewhere is not followed with our token.
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegisterClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        return self._send("GET", path, params=params, repeatable=True)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._send("POST", path, json=body, repeatable=False)

    def patch(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._send("PATCH", path, json=body, repeatable=True)

    def list_all(self, path: str, params: dict[str, str]) -> Iterator[dict[str, Any]]:
        """Every result of a paginated list, page by page."""
        page = 1
        while True:
            answer = self.get(path, {**params, "page": str(page)})
            results = answer.get("results")
            if not isinstance(results, list):
                raise RegisterUnavailable("error.register_answer")
            yield from (r for r in results if isinstance(r, dict))
            if not answer.get("next"):
                return
            page += 1

    def _send(self, method: str, path: str, *, repeatable: bool, params: dict[str, str] | None = None,
              json: dict[str, Any] | None = None) -> dict[str, Any]:
        import httpx

        policy = self._policy
        for attempt in range(policy.attempts):
            last = attempt == policy.attempts - 1
            try:
                self.requests += 1
                response = self._http.request(method, path, params=params, json=json)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                # Nothing reached the server: safe to try again for any method.
                if last:
                    raise RegisterUnavailable() from None
            except httpx.TransportError:
                # Sent, but the answer was lost (timeout, dropped connection):
                # the server may have acted on it.
                if not repeatable:
                    raise RegisterAnswerLost() from None
                if last:
                    raise RegisterUnavailable() from None
            else:
                if response.status_code in (401, 403):
                    raise RegisterUnauthorized()
                if 400 <= response.status_code < 500:
                    raise RegisterRefused(response.status_code, _reasons(response))
                if response.status_code >= 500:
                    if last or not repeatable:
                        raise RegisterUnavailable()
                else:
                    try:
                        answer = response.json() if response.content else {}
                    except ValueError:
                        raise RegisterUnavailable("error.register_answer") from None
                    if not isinstance(answer, dict):
                        raise RegisterUnavailable("error.register_answer")
                    return answer
            self._sleep(policy.backoff_s * (2 ** attempt))
        raise RegisterUnavailable()


def _reasons(response: httpx.Response) -> tuple[str, ...]:
    """`field: code` pairs from a VNG-style error body; codes and field names are
    the API's vocabulary, not what was sent."""
    try:
        body = response.json()
    except ValueError:
        return ()
    found: list[str] = []
    if isinstance(body, dict):
        for item in body.get("invalidParams") or ():
            if isinstance(item, dict):
                name, code = _safe(item.get("name")), _safe(item.get("code"))
                if name or code:
                    found.append(f"{name}: {code}")
        if not found and _safe(body.get("code")):
            found.append(_safe(body.get("code")))
    return tuple(found[:5])


def _safe(value: object) -> str:
    """Only identifier-like words survive: a field path or an error code."""
    if not isinstance(value, str) or len(value) > 80:
        return ""
    import re

    # Letters, digits and punctuation of a path; no run of four digits, which
    # could be (part of) a BSN or a phone number echoed back.
    if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+", value) or re.search(r"\d{4}", value):
        return ""
    return value
