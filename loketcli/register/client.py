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

import json as _json
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
    # Per read: how long the register may be silent.
    timeout_s: float = 15.0
    # Per request, whatever the server does: a register that sends one byte
    # every 14 seconds never trips the read timeout, but does trip this.
    total_s: float = 60.0
    # The largest answer read: a page of 100 contacts is ~300 KiB.
    max_body: int = 8 * 1024 * 1024
    # The most pages one list reads (100 results a page): a register that
    # always says there is a next page is not followed for ever.
    max_pages: int = 200


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
                     "Content-Crs": "EPSG:4326", "Accept-Crs": "EPSG:4326",
                     # Only what _decoded can measure while unpacking.
                     "Accept-Encoding": "gzip, deflate"},
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

    def delete(self, path: str) -> None:
        """Remove a resource. One already gone (404: a retry after a lost
        answer, or removed in the register by hand) counts as removed."""
        try:
            self._send("DELETE", path, repeatable=True)
        except RegisterRefused as refused:
            if refused.status != 404:
                raise

    def list_all(self, path: str, params: dict[str, str], *, page_size: int = 100) -> Iterator[dict[str, Any]]:
        """Every result of a paginated list, page by page, at most `max_pages` pages."""
        for page in range(1, self._policy.max_pages + 1):
            answer = self.get(path, {**params, "page": str(page), "pageSize": str(page_size)})
            results = answer.get("results")
            if not isinstance(results, list):
                raise RegisterUnavailable("error.register_answer")
            yield from (r for r in results if isinstance(r, dict))
            if not answer.get("next"):
                return
        raise RegisterUnavailable("error.register_answer")

    def _send(self, method: str, path: str, *, repeatable: bool, params: dict[str, str] | None = None,
              json: dict[str, Any] | None = None) -> dict[str, Any]:
        import httpx

        policy = self._policy
        for attempt in range(policy.attempts):
            last = attempt == policy.attempts - 1
            try:
                self.requests += 1
                response, content = self._exchange(method, path, params, json)
            except _TooMuch:
                # A register that answers without end is not answering.
                raise RegisterUnavailable("error.register_answer") from None
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
                    raise RegisterRefused(response.status_code, _reasons(content))
                if response.status_code >= 500:
                    if last or not repeatable:
                        raise RegisterUnavailable()
                else:
                    try:
                        answer = _json.loads(content) if content else {}
                    except ValueError:
                        raise RegisterUnavailable("error.register_answer") from None
                    if not isinstance(answer, dict):
                        raise RegisterUnavailable("error.register_answer")
                    return answer
            self._sleep(policy.backoff_s * (2 ** attempt))
        raise RegisterUnavailable()

    def _exchange(self, method: str, path: str, params: dict[str, str] | None,
                  json: dict[str, Any] | None) -> tuple[httpx.Response, bytes]:
        """One request and its whole answer, within the total time and size."""
        policy = self._policy
        deadline = time.monotonic() + policy.total_s
        with self._http.stream(method, path, params=params, json=json) as response:
            if response.status_code >= 500 or response.status_code in (401, 403):
                return response, b""
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > policy.max_body:
                raise _TooMuch()
            chunks: list[bytes] = []
            if response.is_stream_consumed:
                # Already in memory (a transport that answers without a network).
                chunks.append(response.content)
            else:
                size = 0
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > policy.max_body or time.monotonic() > deadline:
                        raise _TooMuch()
                    chunks.append(chunk)
            raw = b"".join(chunks)
            if len(raw) > policy.max_body:
                raise _TooMuch()
            return response, _decoded(raw, response.headers.get("Content-Encoding", ""), policy.max_body)


class _TooMuch(Exception):
    """An answer over the size or time allowed."""


def _decoded(raw: bytes, encoding: str, limit: int) -> bytes:
    """The body, unpacked here so that a small gzip bomb is measured unpacked."""
    if encoding.strip().lower() in ("", "identity"):
        return raw
    if encoding.strip().lower() not in ("gzip", "deflate"):
        raise _TooMuch()
    import zlib

    unpacker = zlib.decompressobj(zlib.MAX_WBITS | 32 if encoding.strip().lower() == "gzip" else zlib.MAX_WBITS)
    try:
        body = unpacker.decompress(raw, limit + 1)
    except zlib.error:
        raise _TooMuch() from None
    if len(body) > limit or unpacker.unconsumed_tail:
        raise _TooMuch()
    return body


def _reasons(content: bytes) -> tuple[str, ...]:
    """`field: code` pairs from a VNG-style error body; codes and field names are
    the API's vocabulary, not what was sent."""
    try:
        body = _json.loads(content)
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
