"""The sealed search index: exact keys (BSN, phone, e-mail, name) to case ids.

A blind index (a keyed hash beside each case, as CipherSweet does) would let
anyone holding the file see which cases share a BSN. Here the keyed tokens
live only inside sealed rows: the token space is split into a fixed number
of buckets, and each bucket into shards by case number (4,096 case numbers a
shard). Every bucket row of a shard exists from the moment the shard does,
and each row is sealed (AES-GCM, its bucket and shard bound in) and padded,
so the file shows 1,024 rows per 4,096 case numbers, of sizes that grow in
steps of 16 entries whatever is stored. A lookup opens its token's bucket in
every shard; a write re-seals only the rows of its own case's shard, so its
cost does not grow with the store, even for a value half the visitors share.
Each case has one more sealed row, of fixed length, naming the buckets that
hold its entries, so a change or an erasure finds them without opening every
bucket.

The index is derived data: it is not under the state MACs. A row edited by
hand does not open; a row put back from an older copy can hide a match but
never invent one, because every hit is checked against the opened case
before it is shown; `loket verify` compares the whole index with the cases
and `--rebuild-index` makes it anew. Byte formats: docs/FORMAT.md, "Search index".
"""

from __future__ import annotations

import bisect
import hmac
import sqlite3
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from loketcli.crypto import (
    PURPOSE_CASE_KEYS,
    PURPOSE_INDEX_SEAL,
    PURPOSE_INDEX_TOKEN,
    aad,
    derive_subkey,
    seal,
    unsealer,
)
from loketcli.domain.search import MAX_KEYS, KeyKind, SearchKey, visitor_keys
from loketcli.errors import TamperedData
from loketcli.storage import codec

BUCKETS = 1024
# Case numbers per shard: a write re-seals rows of at most this many cases,
# and a lookup opens one row per shard (25 at 100,000 cases).
SHARD_CASES = 4096
TOKEN_LEN = 16
FORMAT_VERSION = 1
# Entries per bucket are padded up to a multiple of this (at least one step),
# so a bucket's size moves only every 16 entries.
PAD_ENTRIES = 16
_ENTRY = struct.Struct(">16sI")
TOKEN_DOMAIN = b"loket/1/index/"

Entry = tuple[bytes, int]


@dataclass(frozen=True)
class IndexKeys:
    """The token and sealing subkeys, and the case-key wrapping subkey to open cases with."""

    token: bytes = field(repr=False)
    seal: bytes = field(repr=False)
    wrapping: bytes = field(repr=False)

    @classmethod
    def from_vault_key(cls, vault_key: bytes) -> IndexKeys:
        return cls(token=derive_subkey(vault_key, PURPOSE_INDEX_TOKEN),
                   seal=derive_subkey(vault_key, PURPOSE_INDEX_SEAL),
                   wrapping=derive_subkey(vault_key, PURPOSE_CASE_KEYS))

    def __repr__(self) -> str:
        return "IndexKeys(...)"


def token(key: bytes, search_key: SearchKey) -> bytes:
    """HMAC-SHA256(token key, `loket/1/index/<kind>` 0x00 <value>), first 16 bytes."""
    kind, value = search_key
    message = TOKEN_DOMAIN + kind.value.encode("ascii") + b"\x00" + value.encode("utf-8")
    # One-shot (same bytes as hmac.new(...).digest()): a check makes hundreds of thousands.
    return hmac.digest(key, message, "sha256")[:TOKEN_LEN]


def bucket_of(tok: bytes) -> int:
    """The token's first two bytes, big-endian, modulo the bucket count (1,024: ten bits)."""
    return int.from_bytes(tok[:2], "big") % BUCKETS


def encode_bucket(entries: Iterable[Entry]) -> bytes:
    """`version(1) || count(u32) || (token(16) || case_id(u32))* sorted || zero entries to a multiple of 16`."""
    ordered = sorted(set(entries))
    padded = max(PAD_ENTRIES, -(-len(ordered) // PAD_ENTRIES) * PAD_ENTRIES)
    body = b"".join(_ENTRY.pack(tok, case_id) for tok, case_id in ordered)
    return (bytes((FORMAT_VERSION,)) + struct.pack(">I", len(ordered)) + body
            + bytes(_ENTRY.size * (padded - len(ordered))))


def decode_bucket(raw: bytes) -> list[Entry]:
    if len(raw) < 5 or raw[0] != FORMAT_VERSION:
        raise ValueError("index bucket")
    count = struct.unpack_from(">I", raw, 1)[0]
    if 5 + count * _ENTRY.size > len(raw):
        raise ValueError("index bucket")
    return list(_ENTRY.iter_unpack(raw[5:5 + count * _ENTRY.size]))


def shard_of(case_id: int) -> int:
    return case_id // SHARD_CASES


def encode_case_buckets(buckets: Iterable[int]) -> bytes:
    """`version(1) || count(u8) || bucket(u16)* ascending || zeros`: always 2 + 2 x 16 bytes."""
    ordered = sorted(set(buckets))[:MAX_KEYS]
    return (bytes((FORMAT_VERSION, len(ordered))) + b"".join(struct.pack(">H", b) for b in ordered)
            + bytes(2 * (MAX_KEYS - len(ordered))))


def decode_case_buckets(raw: bytes) -> list[int]:
    if len(raw) != 2 + 2 * MAX_KEYS or raw[0] != FORMAT_VERSION or raw[1] > MAX_KEYS:
        raise ValueError("index case row")
    return [struct.unpack_from(">H", raw, 2 + 2 * i)[0] for i in range(raw[1])]


def bucket_aad(bucket: int, shard: int) -> bytes:
    return aad("search_buckets", bucket, shard)


def case_row_aad(case_id: int) -> bytes:
    return aad("search_cases", case_id)


def has_index(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_buckets'"
                        ).fetchone() is not None


def shard_count(conn: sqlite3.Connection) -> int:
    """Shards a write brings the index up to: enough for every case number
    handed out (after a restore the index may have fewer until then)."""
    row = conn.execute("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'cases'), 0),"
                       " coalesce((SELECT max(id) FROM cases), 0))").fetchone()
    return shard_of(int(row[0])) + 1


class SearchIndex:
    def __init__(self, conn: sqlite3.Connection, keys: IndexKeys) -> None:
        self._conn = conn
        self._keys = keys
        self._open = unsealer(keys.seal)
        self._open_wrapped = unsealer(keys.wrapping)

    # -- reading -----------------------------------------------------------

    def lookup(self, search_keys: Iterable[SearchKey]) -> dict[int, set[KeyKind]]:
        """Case ids whose entries hold any of these keys, with the kinds that
        matched. Candidates only: the caller checks each against its case."""
        found: dict[int, set[KeyKind]] = {}
        for search_key in search_keys:
            tok = token(self._keys.token, search_key)
            bucket = bucket_of(tok)
            rows = self._conn.execute("SELECT shard, payload FROM search_buckets WHERE bucket = ?",
                                      (bucket,)).fetchall()
            if not rows:
                raise TamperedData("error.index_damaged")
            for shard, payload in rows:
                raw = self._opened(bucket, int(shard), payload)
                # Most rows do not hold the token at all: a byte search in C
                # skips decoding them.
                if tok not in raw:
                    continue
                entries = decode_bucket(raw)
                # Sorted by token: the entries for this one are a run.
                at = bisect.bisect_left(entries, (tok, 0))
                while at < len(entries) and entries[at][0] == tok:
                    found.setdefault(entries[at][1], set()).add(search_key[0])
                    at += 1
        return found

    def _opened(self, bucket: int, shard: int, payload: bytes) -> bytes:
        try:
            raw = self._open(payload, bucket_aad(bucket, shard))
            if len(raw) < 5 or raw[0] != FORMAT_VERSION \
                    or 5 + struct.unpack_from(">I", raw, 1)[0] * _ENTRY.size > len(raw):
                raise ValueError("index bucket")
            return raw
        except (TamperedData, ValueError, struct.error):
            raise TamperedData("error.index_damaged") from None

    def _bucket(self, bucket: int, shard: int) -> list[Entry]:
        row = self._conn.execute("SELECT payload FROM search_buckets WHERE bucket = ? AND shard = ?",
                                 (bucket, shard)).fetchone()
        if row is None:
            raise TamperedData("error.index_damaged")
        return decode_bucket(self._opened(bucket, shard, row[0]))

    def _case_buckets(self, case_id: int, rows: dict[int, bytes] | None = None) -> list[int] | None:
        """The buckets its row names; None when it has no row (a new case).
        `rows`: the case rows of its shard, when already read."""
        if rows is None:
            row = self._conn.execute("SELECT payload FROM search_cases WHERE case_id = ?", (case_id,)).fetchone()
            payload = None if row is None else row[0]
        else:
            payload = rows.get(case_id)
        if payload is None:
            return None
        try:
            return decode_case_buckets(self._open(payload, case_row_aad(case_id)))
        except (TamperedData, ValueError, struct.error):
            # Its buckets are unknown, so its stale entries may stay until a
            # rebuild; hits are checked against the cases, so they mislead no one.
            return []

    def case_tokens(self, case_id: int) -> list[bytes] | None:
        """The tokens the case should have now; None when it is gone or does not open."""
        row = self._conn.execute("SELECT status, opened_at, closed_at, case_key, payload FROM cases WHERE id = ?",
                                 (case_id,)).fetchone()
        if row is None:
            return None
        return self._row_tokens(case_id, row)

    def _row_tokens(self, case_id: int, row: tuple[str, str, str | None, bytes, bytes]) -> list[bytes] | None:
        from loketcli.storage.cases import payload_aad

        status, opened_at, closed_at, wrapped, payload = row
        try:
            case_key = self._open_wrapped(wrapped, aad("cases", case_id, "case_key"))
            fields = codec.load(unsealer(case_key)(payload, payload_aad(case_id, status, opened_at, closed_at)))
            visitor = codec.visitor_from(fields)
        except (TamperedData, ValueError, TypeError, KeyError, UnicodeDecodeError):
            return None
        return [token(self._keys.token, key) for key in visitor_keys(visitor)]

    # -- writing -----------------------------------------------------------

    def _store_bucket(self, bucket: int, shard: int, entries: Iterable[Entry]) -> None:
        self._conn.execute(
            "INSERT INTO search_buckets (bucket, shard, payload) VALUES (?, ?, ?)"
            " ON CONFLICT(bucket, shard) DO UPDATE SET payload = excluded.payload",
            (bucket, shard, seal(self._keys.seal, encode_bucket(entries), bucket_aad(bucket, shard))))

    def _existing_shards(self) -> int:
        row = self._conn.execute("SELECT max(shard) FROM search_buckets").fetchone()
        return 0 if row is None or row[0] is None else int(row[0]) + 1

    def _add_shards(self, wanted: int) -> None:
        """Every bucket row of each new shard at once, empty: a shard's rows
        never say which buckets its cases use. A row already there is kept:
        one lost row must not take its shard's other entries with it."""
        for shard in range(self._existing_shards(), wanted):
            self._conn.executemany(
                "INSERT INTO search_buckets (bucket, shard, payload) VALUES (?, ?, ?)"
                " ON CONFLICT(bucket, shard) DO NOTHING",
                [(bucket, shard, seal(self._keys.seal, encode_bucket(()), bucket_aad(bucket, shard)))
                 for bucket in range(BUCKETS)])

    def sync(self, case_ids: Iterable[int]) -> None:
        """Bring the entries of these cases in line with their rows now (none
        for a case that is gone). Run in the write transaction that changed
        the cases. Each affected row (bucket and shard) is opened and
        re-sealed once, and only when its content changes."""
        touched: set[int] = set()
        wanted: dict[tuple[int, int], list[Entry]] = {}
        case_rows: dict[int, list[int] | None] = {}
        for case_id in case_ids:
            old = self._case_buckets(case_id)
            tokens = self.case_tokens(case_id)
            gone = not self._conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone()
            if tokens is None and not gone:
                # Does not open: `verify` names it; its entries stay as they are.
                continue
            touched.add(case_id)
            shard = shard_of(case_id)
            mine = sorted({bucket_of(tok) for tok in tokens or ()})
            for tok in tokens or ():
                wanted.setdefault((bucket_of(tok), shard), []).append((tok, case_id))
            for bucket in old or ():
                wanted.setdefault((bucket, shard), [])
            if gone:
                case_rows[case_id] = None
            elif old is None or sorted(set(old)) != mine:
                # Every case that opens has its row, also one without keys: a
                # missing row would say that the visitor gave no name or number.
                case_rows[case_id] = mine
        if not touched:
            return
        self._add_shards(shard_count(self._conn))
        for bucket, shard in sorted(wanted):
            entries = self._bucket(bucket, shard)
            kept = [e for e in entries if e[1] not in touched] + wanted[bucket, shard]
            if set(kept) != set(entries):
                self._store_bucket(bucket, shard, kept)
        for case_id, row in case_rows.items():
            if row is None:
                self._conn.execute("DELETE FROM search_cases WHERE case_id = ?", (case_id,))
            else:
                self._store_case_row(case_id, row)

    def _store_case_row(self, case_id: int, buckets: list[int]) -> None:
        self._conn.execute(
            "INSERT INTO search_cases (case_id, payload) VALUES (?, ?)"
            " ON CONFLICT(case_id) DO UPDATE SET payload = excluded.payload",
            (case_id, seal(self._keys.seal, encode_case_buckets(buckets), case_row_aad(case_id))))

    def _expected_shard(self, shard: int) -> tuple[dict[int, list[Entry]], dict[int, list[int]], list[int]]:
        """What one shard should hold, from its cases: entries by bucket,
        buckets by case, and the cases that do not open. One shard at a time,
        so a rebuild or a check needs the memory of 4,096 cases, not all."""
        buckets: dict[int, list[Entry]] = {}
        by_case: dict[int, list[int]] = {}
        unreadable: list[int] = []
        rows = self._conn.execute(
            "SELECT id, status, opened_at, closed_at, case_key, payload FROM cases"
            " WHERE id >= ? AND id < ? ORDER BY id", (shard * SHARD_CASES, (shard + 1) * SHARD_CASES))
        for case_id, *row in rows:
            tokens = self._row_tokens(int(case_id), (row[0], row[1], row[2], row[3], row[4]))
            if tokens is None:
                unreadable.append(int(case_id))
                continue
            for tok in tokens:
                buckets.setdefault(bucket_of(tok), []).append((tok, int(case_id)))
            by_case[int(case_id)] = sorted({bucket_of(tok) for tok in tokens})
        return buckets, by_case, unreadable

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Every row anew from the cases (the migration, a key rotation, `verify --rebuild-index`);
        `progress` hears (cases done, cases) after each shard."""
        self._conn.execute("DELETE FROM search_cases")
        self._conn.execute("DELETE FROM search_buckets")
        cases = self._conn.execute("SELECT count(*) FROM cases").fetchone()[0] if progress else 0
        done = 0
        for shard in range(shard_count(self._conn)):
            buckets, by_case, _ = self._expected_shard(shard)
            for bucket in range(BUCKETS):
                self._store_bucket(bucket, shard, buckets.get(bucket, []))
            for case_id, found in by_case.items():
                self._store_case_row(case_id, found)
            if progress:
                done += len(by_case)
                progress(min(done, cases), cases)

    def check(self) -> tuple[int, ...]:
        """Case ids whose entries differ from their case (0 for a row that is
        missing or does not open, or an entry naming no case)."""
        wrong: set[int] = set()
        unreadable: set[int] = set()
        expected_cases: set[int] = set()
        # Every shard up to the newest case's must be there and whole. Shards
        # beyond it may be missing: a restore raises the case counter past the
        # backup's cases, and the next write adds them.
        present = self._existing_shards()
        newest = self._conn.execute("SELECT max(id) FROM cases").fetchone()[0]
        needed = shard_of(int(newest or 0)) + 1
        for shard in range(max(present, needed)):
            buckets, by_case, cannot = self._expected_shard(shard)
            unreadable.update(cannot)
            expected_cases.update(by_case)
            # One query per shard for its bucket rows and one for its case rows.
            stored = dict(self._conn.execute("SELECT bucket, payload FROM search_buckets WHERE shard = ?", (shard,)))
            for bucket in range(BUCKETS):
                try:
                    if bucket not in stored:
                        raise TamperedData("error.index_damaged")
                    have = set(decode_bucket(self._opened(bucket, shard, stored[bucket])))
                except TamperedData:
                    wrong.add(0)
                    continue
                want = set(buckets.get(bucket, []))
                wrong.update(case_id for _, case_id in have ^ want)
            case_rows = dict(self._conn.execute(
                "SELECT case_id, payload FROM search_cases WHERE case_id >= ? AND case_id < ?",
                (shard * SHARD_CASES, (shard + 1) * SHARD_CASES)))
            for case_id, found in by_case.items():
                if self._case_buckets(case_id, case_rows) != found:
                    wrong.add(case_id)
        rows = {int(r[0]) for r in self._conn.execute("SELECT case_id FROM search_cases")}
        wrong.update(rows - expected_cases)
        if (present < needed
                or self._conn.execute("SELECT count(*) FROM search_buckets").fetchone()[0] != BUCKETS * present):
            wrong.add(0)
        # A case that does not open is named by `verify` already; what its
        # entries should be cannot be known, so they are left out of this check.
        return tuple(sorted(wrong - unreadable))
