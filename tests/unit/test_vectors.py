"""Known-answer tests: fixed keys, nonces and inputs give these exact bytes.

Round-trip tests cannot see a change that breaks every existing store the
same way on both sides (an HKDF info string, a MAC's domain, the encoding of
a row). These pin the bytes of docs/FORMAT.md, so such a change fails here.
The HKDF, state-MAC and meta-MAC values were also computed by an independent
implementation written from FORMAT.md alone (stdlib hmac); they agreed.
"""

from __future__ import annotations

import sqlite3

import pytest

from loketcli.crypto import (
    PURPOSE_AUDIT,
    PURPOSE_CASE_KEYS,
    PURPOSE_META,
    PURPOSE_REGISTER,
    PURPOSE_STATE,
    KdfParams,
    _seal_with_nonce,
    aad,
    derive_key,
    derive_subkey,
    unseal,
)
from loketcli.errors import TamperedData
from loketcli.storage.audit import AuditLog
from loketcli.storage.cases import _event_aad, payload_aad
from loketcli.storage.keyslots import _checksum, _kdf_json
from loketcli.storage.state import StateKeys, case_ok, case_state_mac, failing_case_macs, meta_mac

KEY = bytes(range(32))
NONCE = bytes(range(100, 112))
PLAINTEXT = b'{"naam":"Testpersoon"}'


def test_associated_data_bytes() -> None:
    assert (payload_aad(1, "open", "2026-03-02T09:15:00Z", None)
            == b"loket/1/cases/1/payload/open/2026-03-02T09:15:00Z/-")
    assert _event_aad(7, 1, "note", "2026-03-02T09:20:00Z") == b"loket/1/events/7/1/note/2026-03-02T09:20:00Z"
    assert aad("followups", 3, 1) == b"loket/1/followups/3/1"
    assert aad("cases", 1, "case_key") == b"loket/1/cases/1/case_key"
    assert aad("keyslots", "passphrase", "vault_key") == b"loket/1/keyslots/passphrase/vault_key"


def test_seal_known_answer() -> None:
    associated = payload_aad(1, "open", "2026-03-02T09:15:00Z", None)
    sealed = _seal_with_nonce(KEY, NONCE, PLAINTEXT, associated)
    assert sealed.hex() == ("01" "6465666768696a6b6c6d6e6f"
                            "3339b007188474a41c363a9bae150f8f31ad6964a911"
                            "1e1677fa4e7ef6b25874f9fa607559e3")
    assert unseal(KEY, sealed, associated) == PLAINTEXT


def test_the_nonce_is_never_chosen_twice_in_production() -> None:
    from loketcli.crypto import seal

    assert seal(KEY, PLAINTEXT, b"x")[1:13] != seal(KEY, PLAINTEXT, b"x")[1:13]
    with pytest.raises(ValueError):
        _seal_with_nonce(KEY, bytes(8), PLAINTEXT, b"x")


@pytest.mark.parametrize(("purpose", "expected"), [
    (PURPOSE_AUDIT, "2ef0db85320704a434fee310ccb346f708f315393f615a1cfe3e49539a4116f7"),
    (PURPOSE_CASE_KEYS, "9e74a205f30211def80ae737fd2e331f6c1dd26f5f66979b03e9188e45df253e"),
    (PURPOSE_STATE, "b1f7571f232d72241d7c6bb2db3946271d66f61cc26dddf6ceaf4110adf52e8c"),
    (PURPOSE_META, "d8fdd44c2adbdd80557434d1f5bae8037811ba15fee1e651d9e4eb9bf779b2f9"),
    # Added with the register push and the case transfer.
    (PURPOSE_REGISTER, "32146731a9e2fb21b967368c4867c45778f543a039e30cd6051dc9e1039e7747"),
    ("transfer", "6c7df392bb22f53e524515941ac5a094c49ca32eeade9fa658d25054bb29d495"),
    ("transfer-ledger", "1e154c702bee4e5db919596a62f6ed62ce9f47e0090f92465e2495aeb3060d1f"),
    # Issue 23: seals the case ids of find and recognise audit entries.
    ("audit-ids", "4bfef7b81ac743620561df1dd69d67955b156557e9a59eb2de9d46ce753b5744"),
])
def test_subkey_known_answers(purpose: str, expected: str) -> None:
    assert derive_subkey(KEY, purpose).hex() == expected


def test_purpose_strings() -> None:
    # The info strings are part of the format: `loket/1/<purpose>`.
    assert (PURPOSE_AUDIT, PURPOSE_CASE_KEYS, PURPOSE_STATE, PURPOSE_META) == ("audit", "case-keys", "state", "meta")


def test_keyslot_checksum_known_answer() -> None:
    params = KdfParams(salt=bytes(range(16)), memory_kib=64, iterations=1, lanes=1)
    assert _kdf_json(params) == '{"algorithm":"argon2id","iterations":1,"lanes":1,"memory_kib":64}'
    assert _checksum("passphrase", _kdf_json(params), params.salt, b"\x01" * 61).hex() == (
        "cdb9cf909910cd91384f9d3e6432726ad72e26d01e120f839596f08c613f5f8d")


def test_passphrase_derivation_known_answer() -> None:
    # Cheap parameters (allowed under the suite's LOKET_TEST_INSECURE_KDF); the
    # passphrase is NFC-normalised UTF-8 before Argon2id.
    params = KdfParams(salt=bytes(range(16)), memory_kib=64, iterations=1, lanes=1)
    assert derive_key("correct horse battery", params).hex() == (
        "558776a28c232da2850c2b8fce311bc0e9d12e4b2b91013501701759afbfdb18")
    # Composed (NFC) bytes, whichever way the é was typed.
    composed = "06fc706cfebdadd05f9f507566d423c6a94f324975673d2ecb00052eff75a69d"
    assert derive_key("caf\u00e9 wachtwoord", params).hex() == composed
    assert derive_key("cafe\u0301 wachtwoord", params).hex() == composed


def test_argon2id_rfc9106_vector() -> None:
    """RFC 9106 §5.3: the library under derive_key computes Argon2id as specified."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(salt=b"\x02" * 16, length=32, iterations=3, lanes=4, memory_cost=32,
                   ad=b"\x04" * 12, secret=b"\x03" * 8)
    assert kdf.derive(b"\x01" * 32).hex() == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"


def test_audit_chain_known_answers() -> None:
    log = AuditLog(sqlite3.connect(":memory:"), KEY)
    first = log._mac(bytes(32), 1, "2026-03-02T09:15:00Z", "init", "", "recovery")
    assert first.hex() == "ad1b34200a5a14060f180695fb92125d88776dfdc384917199c96219612ae67b"
    assert log._head_mac(1, first) == "2ab200beb0a508ff9ec656a312508825b41dea00f9c73d1a26714cacae3536c7"


def test_sealed_audit_ids_known_answer() -> None:
    """Issue 23: a find or recognise entry's `case_ids` is `s:` and the base64 of
    the ids sealed under the audit-ids subkey with AAD loket/1/audit/<id>/case_ids
    (value computed with AESGCM directly)."""
    log = AuditLog(sqlite3.connect(":memory:"), KEY)
    stored = "s:AWRlZmdoaWprbG1ubxYh+zQiuaLjFb/Cst5DuIAbrmU="
    assert log.open_ids(5, stored) == "1,2"
    assert log.open_ids(5, "3,4") == "3,4"
    with pytest.raises(TamperedData):
        log.open_ids(6, stored)


def _state_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE cases (id INTEGER PRIMARY KEY AUTOINCREMENT, status TEXT, opened_at TEXT, closed_at TEXT,
          updated_at TEXT, case_key BLOB, payload BLOB, state_version INTEGER, state_mac BLOB);
        CREATE TABLE events (id INTEGER PRIMARY KEY, case_id INTEGER, kind TEXT, at TEXT, payload BLOB);
        CREATE TABLE followups (id INTEGER PRIMARY KEY, case_id INTEGER, due_date TEXT, due_time TEXT,
          created_at TEXT, done_at TEXT, payload BLOB);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE erasures (case_id INTEGER PRIMARY KEY, erased_at TEXT);
        INSERT INTO cases VALUES (1, 'open', '2026-03-02T09:15:00Z', NULL, '2026-03-02T09:20:00Z', x'0a0b', x'0c0d',
          2, x'ffff');
        INSERT INTO events VALUES (1, 1, 'intake', '2026-03-02T09:15:00Z', x'01');
        INSERT INTO events VALUES (2, 1, 'note', '2026-03-02T09:20:00Z', x'02');
        INSERT INTO followups VALUES (1, 1, '2026-03-09', '10:00', '2026-03-02T09:20:00Z', NULL, x'03');
        INSERT INTO meta VALUES ('store_id', 'ab12'), ('setting.retention', '2y'), ('audit_head', 'x'),
          ('state.meta_mac', 'y');
        INSERT INTO erasures VALUES (2, '2026-03-02T10:00:00Z');
        INSERT INTO cases (id, status, opened_at, updated_at, case_key, payload, state_version, state_mac)
          VALUES (3, 'open', 'a', 'a', x'', x'', 0, x'');
        DELETE FROM cases WHERE id = 3;
    """)
    return conn


CASE_MAC = "f50bf0e0cde67dd4c8cb606383e81c15f2d39fa890d57c457c8c1254aec08564"
META_MAC = "058e9d55f04dd851ecf07707093f680526ad3cb9a23614ba994825fbfcfb8838"


def test_state_mac_known_answer() -> None:
    conn = _state_db()
    assert case_state_mac(conn, KEY, 1).hex() == CASE_MAC
    # Its own MAC column is not covered; a nullable column added later changes nothing.
    conn.execute("UPDATE cases SET state_mac = x'00'")
    conn.execute("ALTER TABLE followups ADD COLUMN cancelled_at TEXT")
    assert case_state_mac(conn, KEY, 1).hex() == CASE_MAC
    # Any value of any row does.
    conn.execute("UPDATE followups SET cancelled_at = '2026-03-03T10:00:00Z'")
    assert case_state_mac(conn, KEY, 1).hex() != CASE_MAC


CASE_MAC_WITH_LEDGER = "e5601a32d54059a6200d186042e1f7e3ec8311671fbf5a8ffedc78914290b6c3"


def test_state_mac_with_a_register_ledger_row_known_answer() -> None:
    """Issue 23: a case with a register-ledger row adds T("register_ledger") || R || "E"
    after its follow-ups (value computed independently from FORMAT.md)."""
    conn = _state_db()
    conn.execute("CREATE TABLE register_ledger (case_id INTEGER PRIMARY KEY, updated_at TEXT, payload BLOB)")
    assert case_state_mac(conn, KEY, 1).hex() == CASE_MAC  # the table alone changes nothing
    conn.execute("INSERT INTO register_ledger VALUES (1, '2026-03-02T09:30:00Z', x'0405')")
    assert case_state_mac(conn, KEY, 1).hex() == CASE_MAC_WITH_LEDGER
    conn.execute("INSERT INTO register_ledger VALUES (2, '2026-03-02T09:31:00Z', x'06')")
    assert case_state_mac(conn, KEY, 1).hex() == CASE_MAC_WITH_LEDGER  # another case's row is not this one's
    conn.execute("UPDATE register_ledger SET updated_at = '2026-03-02T09:30:01Z' WHERE case_id = 1")
    assert case_state_mac(conn, KEY, 1).hex() != CASE_MAC_WITH_LEDGER


def test_state_macs_in_one_pass_are_those_of_each_case() -> None:
    """`verify` checks every case's MAC in one ordered pass per table
    (issue 27): the same bytes as `case_state_mac`, whatever the rows hold,
    also rows of no present case and case ids that are not integers."""
    conn = _state_db()
    conn.executescript("""
        CREATE TABLE register_ledger (case_id INTEGER PRIMARY KEY, updated_at TEXT, payload BLOB);
        INSERT INTO cases VALUES (4, 'closed', 'b', 'c', 'd', x'01', x'02', 7, x'');
        INSERT INTO cases VALUES (5, 'open', 'b', NULL, 'd', x'01', x'02', 1, x'');
        INSERT INTO cases VALUES (6, 'open', 'b', NULL, 'd', x'01', x'02', 1, x'');
        INSERT INTO events VALUES (3, 4, 'note', 'é ünïcode', x'');
        INSERT INTO events VALUES (4, 6, 'note', 'e', 2.5);
        INSERT INTO events VALUES (5, 4, 'note', 'f', NULL);
        INSERT INTO events VALUES (6, 2, 'note', 'erased case', x'09');
        INSERT INTO events VALUES (7, 'x', 'note', 'not a number', x'09');
        INSERT INTO events VALUES (8, 4.5, 'note', 'between cases', x'09');
        INSERT INTO events VALUES (9, NULL, 'note', 'no case', x'09');
        INSERT INTO events VALUES (10, 99, 'note', 'no such case', x'09');
        INSERT INTO followups VALUES (2, 6, 'd', NULL, 'c', NULL, x'');
        INSERT INTO followups VALUES (3, 3, 'd', NULL, 'c', NULL, x'');
        INSERT INTO register_ledger VALUES (4, 'u', x'0405'), (7, 'u', x'06');
    """)
    keys = StateKeys(case=KEY, meta=KEY)
    for case_id in (4, 5, 6):
        conn.execute("UPDATE cases SET state_mac = ? WHERE id = ?", (case_state_mac(conn, KEY, case_id), case_id))
    conn.execute("UPDATE events SET at = 'g' WHERE id = 4")  # case 6 no longer matches its MAC
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM cases ORDER BY id")]
    ticks: list[None] = []
    assert failing_case_macs(conn, keys, lambda: ticks.append(None)) == (1, 6)
    assert tuple(case_id for case_id in ids if not case_ok(conn, keys, case_id)) == (1, 6)
    assert len(ticks) == len(ids) == 4
    conn.execute("UPDATE register_ledger SET payload = x'00' WHERE case_id = 4")
    conn.execute("UPDATE cases SET state_mac = ? WHERE id = 1", (case_state_mac(conn, KEY, 1),))
    assert failing_case_macs(conn, keys) == (4, 6)


def test_meta_mac_known_answer() -> None:
    conn = _state_db()
    assert meta_mac(conn, KEY).hex() == META_MAC
    # The audit head (MACed by the audit chain) and the MAC itself are left out.
    conn.execute("UPDATE meta SET value = 'z' WHERE key IN ('audit_head', 'state.meta_mac')")
    assert meta_mac(conn, KEY).hex() == META_MAC
    conn.execute("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'cases'")
    assert meta_mac(conn, KEY).hex() != META_MAC


META_MAC_2 = "4ba43860b7e59e1c02f0251707098154407d866379e430d03024bd3673476aa9"


def _state_db_format_2() -> sqlite3.Connection:
    conn = _state_db()
    conn.executescript(f"""
        CREATE TABLE transfer_identity (id INTEGER PRIMARY KEY, created_at TEXT, payload BLOB);
        CREATE TABLE colleagues (id INTEGER PRIMARY KEY AUTOINCREMENT, added_at TEXT, payload BLOB);
        CREATE TABLE transfers_received (token TEXT PRIMARY KEY, received_at TEXT);
        INSERT INTO meta VALUES ('state.meta_format', '2');
        INSERT INTO transfer_identity VALUES (1, '2026-03-02T09:00:00Z', x'04');
        INSERT INTO colleagues VALUES (2, '2026-03-02T09:06:00Z', x'06'), (1, '2026-03-02T09:05:00Z', x'05');
        INSERT INTO transfers_received VALUES ('{"ab" * 32}', '2026-03-02T09:10:00Z');
    """)
    return conn


def test_meta_mac_format_2_known_answer() -> None:
    """Issue 23: the transfer tables and whether the audit head exists (value
    computed independently from FORMAT.md with stdlib hmac)."""
    conn = _state_db_format_2()
    assert meta_mac(conn, KEY).hex() == META_MAC_2
    conn.execute("UPDATE meta SET value = 'z' WHERE key = 'audit_head'")
    assert meta_mac(conn, KEY).hex() == META_MAC_2
    for change in ("DELETE FROM meta WHERE key = 'audit_head'", "DELETE FROM transfers_received",
                   "DELETE FROM colleagues WHERE id = 2", "UPDATE transfer_identity SET payload = x'07'",
                   "DELETE FROM meta WHERE key = 'state.meta_format'"):
        changed = _state_db_format_2()
        changed.execute(change)
        assert meta_mac(changed, KEY).hex() != META_MAC_2, change
    # Without the format row, the first format's MAC, whatever the transfer tables hold.
    conn.execute("DELETE FROM meta WHERE key = 'state.meta_format'")
    conn.execute("DELETE FROM colleagues")
    assert meta_mac(conn, KEY).hex() == META_MAC


def test_search_index_known_answers() -> None:
    """The search index (FORMAT.md, "Search index"): its two subkeys, a token,
    its bucket, and the exact plaintext of a bucket and of a case's row. The
    subkeys and the token were also computed with stdlib hmac from FORMAT.md
    alone (HKDF-SHA256, zero salt, one block); they agreed."""
    from loketcli.crypto import PURPOSE_INDEX_SEAL, PURPOSE_INDEX_TOKEN
    from loketcli.domain.search import KeyKind
    from loketcli.storage.search_index import (
        bucket_aad,
        bucket_of,
        case_row_aad,
        decode_bucket,
        encode_bucket,
        encode_case_buckets,
        shard_of,
        token,
    )

    token_key = derive_subkey(KEY, PURPOSE_INDEX_TOKEN)
    seal_key = derive_subkey(KEY, PURPOSE_INDEX_SEAL)
    assert token_key.hex() == "622fa3039f5cf7a73dc9132e48074fe0de9ab0a4ee2f8a72686551313d2799b5"
    assert seal_key.hex() == "eae2dd82579875884cfc5c0d0c19514aef110623e744936cb27556ae663f9111"
    tok = token(token_key, (KeyKind.BSN, "123456782"))
    assert tok.hex() == "89581a478603377a3f8b18ef2e302dac"
    assert bucket_of(tok) == 344  # 0x8958 % 1024
    raw = encode_bucket([(tok, 1)])
    # version, count 1, the entry, then 15 zero entries of 20 bytes: 16 entries in all.
    assert raw == bytes.fromhex("01" "00000001" "89581a478603377a3f8b18ef2e302dac" "00000001") + bytes(15 * 20)
    assert decode_bucket(raw) == [(tok, 1)]
    # Case 1 is in shard 0 (case numbers 0..4095); case 4096 would be in shard 1.
    assert (shard_of(1), shard_of(4095), shard_of(4096)) == (0, 0, 1)
    assert bucket_aad(344, 0) == b"loket/1/search_buckets/344/0"
    sealed = _seal_with_nonce(seal_key, NONCE, raw, bucket_aad(344, 0))
    assert len(sealed) == 1 + 12 + 325 + 16
    assert sealed[-16:].hex() == "72d0d0ef857497d759013d64a8141679"  # the tag: it binds the bucket and shard
    assert unseal(seal_key, sealed, bucket_aad(344, 0)) == raw
    row = encode_case_buckets([344])
    assert row == bytes.fromhex("01" "01" "0158") + bytes(30)
    assert _seal_with_nonce(seal_key, NONCE, row, case_row_aad(1)).hex() == (
        "01" "6465666768696a6b6c6d6e6f"
        "f029541a9248a51394d5312af0e84fee6170b13e9289fe91d234d7554de9d1999"
        "48eb5e0083bddb0f6fbc800f251c2f93d23")
