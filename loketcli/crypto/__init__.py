"""Authenticated encryption, key derivation and key wrapping.

The byte formats here are documented in docs/FORMAT.md; change both together.
Only this package imports `cryptography`.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from loketcli.errors import TamperedData

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SEAL_VERSION = 1
KEY_LEN = 32
NONCE_LEN = 12
TAG_LEN = 16
AAD_PREFIX = "loket/1"


def aad(*parts: str | int) -> bytes:
    """Associated data binding a ciphertext to its place: `loket/1/<part>/<part>...`."""
    return (AAD_PREFIX + "/" + "/".join(map(str, parts))).encode("ascii")


def new_key() -> bytes:
    return os.urandom(KEY_LEN)


def seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """`version(1) || nonce(12) || ciphertext || tag(16)` under AES-256-GCM.

    Nonces are random: under one key we seal at most a few million values
    (one case's records, or one vault's case keys), far below the 2^32 bound
    NIST sets for random 96-bit nonces.
    """
    return _seal_with_nonce(key, os.urandom(NONCE_LEN), plaintext, associated)


def _seal_with_nonce(key: bytes, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """`seal` with a given nonce. Private on purpose: only the known-answer
    tests call it, to pin the bytes; a reused nonce under one key would break
    AES-GCM, so production code never chooses one."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(nonce) != NONCE_LEN:
        raise ValueError("nonce must be 12 bytes")
    return bytes((SEAL_VERSION,)) + nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


@cache
def _aes_gcm() -> tuple[type[AESGCM], type[Exception]]:
    """The cipher class and its failure, imported on first use (a command that
    opens nothing does not load `cryptography`), then looked up for a fraction
    of what an import statement costs: a scan sets up a cipher for each of
    tens of thousands of case keys."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM, InvalidTag


def unseal(key: bytes, blob: bytes, associated: bytes) -> bytes:
    """Open a sealed value or raise TamperedData; never returns partial plaintext."""
    aes_gcm, invalid_tag = _aes_gcm()
    if len(blob) < 1 + NONCE_LEN + TAG_LEN or blob[0] != SEAL_VERSION:
        raise TamperedData("error.tampered")
    try:
        return aes_gcm(key).decrypt(blob[1 : 1 + NONCE_LEN], blob[1 + NONCE_LEN :], associated)
    except invalid_tag:
        raise TamperedData("error.tampered") from None


def unsealer(key: bytes) -> Callable[[bytes, bytes], bytes]:
    """`unseal` with the cipher set up once, for scans that open many values under one key."""
    return unsealer_of(raw_decrypter(key))


def unsealer_of(decrypt: Callable[[bytes, bytes, bytes], bytes]) -> Callable[[bytes, bytes], bytes]:
    """`unseal` over a cipher already set up by `raw_decrypter`."""
    invalid_tag = _aes_gcm()[1]

    def open_one(blob: bytes, associated: bytes) -> bytes:
        if len(blob) < 1 + NONCE_LEN + TAG_LEN or blob[0] != SEAL_VERSION:
            raise TamperedData("error.tampered")
        try:
            return decrypt(blob[1 : 1 + NONCE_LEN], blob[1 + NONCE_LEN :], associated)
        except invalid_tag:
            raise TamperedData("error.tampered") from None

    return open_one


def raw_decrypter(key: bytes) -> Callable[[bytes, bytes, bytes], bytes]:
    """AES-GCM's own decrypt(nonce, ciphertext, associated) under `key`, for
    the one loop that opens every record of a year and inlines `unseal`:
    the caller checks SEAL_VERSION, splits the nonce off at NONCE_LEN and
    treats `invalid_tag()` (and ValueError) as tampering."""
    return _aes_gcm()[0](key).decrypt


def invalid_tag() -> type[Exception]:
    """The exception `raw_decrypter`'s function raises for a value that does not open."""
    return _aes_gcm()[1]


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost, stored beside each wrapped key so it can be raised later.

    The default, 64 MiB, 3 passes, 4 lanes, is RFC 9106's second recommended
    setting and well above OWASP's Argon2id minimum (19 MiB, 2 passes, 1
    lane); it takes about 0.1 s here, paid once per unlock rather than per
    command.
    """

    salt: bytes
    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4
    algorithm: str = "argon2id"

    @classmethod
    def fresh(cls, *, memory_kib: int = 65536, iterations: int = 3, lanes: int = 4) -> KdfParams:
        return cls(salt=os.urandom(16), memory_kib=memory_kib, iterations=iterations, lanes=lanes)


# OWASP's Argon2id minimums (Password Storage Cheat Sheet): any one of these
# (memory KiB, passes) pairs with one lane or more is the floor.
KDF_FLOOR: tuple[tuple[int, int], ...] = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))
# Caps against a slot edited to make every unlock exhaust the machine (age
# caps scrypt's cost on decryption for the same reason).
KDF_MAX_MEMORY_KIB = 4 * 1024 * 1024
KDF_MAX_ITERATIONS = 64
KDF_MAX_LANES = 64
# Test suites only: set to "1", the floor drops to Argon2's own minimum so
# thousands of derivations stay fast. A store made with cheap parameters then
# opens only while the variable is set, and the CLI warns at a terminal.
INSECURE_TEST_KDF_ENV = "LOKET_TEST_INSECURE_KDF"


def insecure_test_kdf() -> bool:
    return os.environ.get(INSECURE_TEST_KDF_ENV) == "1"


def kdf_params_allowed(params: KdfParams) -> bool:
    """Within the floor and the caps; checked on every derivation, before it runs."""
    if params.algorithm != "argon2id" or len(params.salt) < 16:
        return False
    m, t, p = params.memory_kib, params.iterations, params.lanes
    if not (1 <= p <= KDF_MAX_LANES and 1 <= t <= KDF_MAX_ITERATIONS and m <= KDF_MAX_MEMORY_KIB):
        return False
    if m < 8 * p:
        return False
    if insecure_test_kdf():
        return True
    return any(m >= floor_m and t >= floor_t for floor_m, floor_t in KDF_FLOOR)


def normalise_passphrase(passphrase: str) -> bytes:
    # NFC so that the same passphrase typed on another keyboard layout or
    # terminal, composing é differently, still opens the store.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    if params.algorithm != "argon2id":
        raise TamperedData("error.corrupt_keyslot")
    if not kdf_params_allowed(params):
        # Before deriving: a slot edited down must not give a cheap key, nor
        # one edited up a minute of work and gigabytes of memory.
        raise TamperedData("error.kdf_out_of_range")
    kdf = Argon2id(
        salt=params.salt,
        length=KEY_LEN,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalise_passphrase(passphrase))


# The vault key's jobs, each done by its own HKDF subkey; the info strings are
# part of the on-disk format (docs/FORMAT.md) and pinned by known-answer tests.
PURPOSE_AUDIT = "audit"
# Seals the case ids of audit entries that would link cases (find, recognise).
PURPOSE_AUDIT_IDS = "audit-ids"
PURPOSE_CASE_KEYS = "case-keys"
PURPOSE_STATE = "state"
PURPOSE_META = "meta"
PURPOSE_REGISTER = "register"  # seals the register's API token (loket register)
# The search index (docs/FORMAT.md, "Search index"): one subkey makes the
# blind tokens, another seals the index rows, so a token never doubles as a key.
PURPOSE_INDEX_TOKEN = "index-token"
PURPOSE_INDEX_SEAL = "index-seal"


def derive_subkey(master: bytes, purpose: str) -> bytes:
    """A key for one purpose (e.g. the audit chain's MAC) from the vault key,
    by HKDF-SHA256 with `loket/1/<purpose>` as info, so no key does two jobs."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_LEN, salt=None,
                info=aad(purpose)).derive(master)
