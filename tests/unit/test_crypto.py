"""The sealed-value format, key derivation and passphrase normalisation."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loketcli.crypto import (
    KEY_LEN,
    NONCE_LEN,
    SEAL_VERSION,
    TAG_LEN,
    KdfParams,
    aad,
    derive_key,
    new_key,
    normalise_passphrase,
    seal,
    unseal,
)
from loketcli.errors import TamperedData

# The autouse store fixture is function-scoped but harmless here; no example
# database, so the suite leaves no .hypothesis directory behind.
PROPERTY = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
AAD = aad("cases", 7, "payload")
PLAINTEXT = b"Testpersoon Een, BSN 123456782"
# Argon2id at its cheapest: 8 KiB is the minimum for one lane.
CHEAP = {"memory_kib": 8, "iterations": 1, "lanes": 1}
SALT = b"\x01" * 16


def cheap_params(salt: bytes = SALT) -> KdfParams:
    return KdfParams(salt=salt, **CHEAP)


# -- the format -------------------------------------------------------------------


def test_seal_layout_is_version_nonce_ciphertext_tag() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    assert blob[0] == SEAL_VERSION == 1
    assert len(blob) == 1 + NONCE_LEN + len(PLAINTEXT) + TAG_LEN
    assert PLAINTEXT not in blob


def test_round_trip() -> None:
    assert unseal(KEY, seal(KEY, PLAINTEXT, AAD), AAD) == PLAINTEXT


def test_round_trip_of_empty_plaintext() -> None:
    assert unseal(KEY, seal(KEY, b"", AAD), AAD) == b""


def test_nonces_are_fresh() -> None:
    first, second = seal(KEY, PLAINTEXT, AAD), seal(KEY, PLAINTEXT, AAD)
    assert first[1 : 1 + NONCE_LEN] != second[1 : 1 + NONCE_LEN]
    assert first != second


def test_aad_is_the_documented_path() -> None:
    assert aad("cases", 7, "payload") == b"loket/1/cases/7/payload"
    assert aad("events", 3, 7, "intake", "2026-03-02T09:15:00Z") == b"loket/1/events/3/7/intake/2026-03-02T09:15:00Z"


def test_new_key_is_random_and_the_right_length() -> None:
    keys = {new_key() for _ in range(8)}
    assert len(keys) == 8
    assert all(len(k) == KEY_LEN for k in keys)


# -- tampering ----------------------------------------------------------------------


def test_wrong_key_is_tampered() -> None:
    with pytest.raises(TamperedData) as caught:
        unseal(OTHER_KEY, seal(KEY, PLAINTEXT, AAD), AAD)
    assert caught.value.key == "error.tampered"


@pytest.mark.parametrize(
    "other_aad",
    [aad("cases", 8, "payload"), aad("cases", 7, "case_key"), b"", AAD + b"/"],
    ids=["other-row", "other-column", "empty", "longer"],
)
def test_wrong_aad_is_tampered(other_aad: bytes) -> None:
    with pytest.raises(TamperedData):
        unseal(KEY, seal(KEY, PLAINTEXT, AAD), other_aad)


def test_every_single_byte_flip_is_tampered() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    for position in range(len(blob)):
        damaged = bytearray(blob)
        damaged[position] ^= 0x01
        with pytest.raises(TamperedData):
            unseal(KEY, bytes(damaged), AAD)


@pytest.mark.parametrize("length", [0, 1, 1 + NONCE_LEN, 1 + NONCE_LEN + TAG_LEN - 1])
def test_blob_too_short_to_hold_a_tag_is_tampered(length: int) -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    with pytest.raises(TamperedData):
        unseal(KEY, blob[:length], AAD)


@pytest.mark.parametrize("cut", [1, TAG_LEN, len(PLAINTEXT)])
def test_truncated_blob_is_tampered(cut: int) -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    with pytest.raises(TamperedData):
        unseal(KEY, blob[:-cut], AAD)


def test_appended_byte_is_tampered() -> None:
    with pytest.raises(TamperedData):
        unseal(KEY, seal(KEY, PLAINTEXT, AAD) + b"\x00", AAD)


@pytest.mark.parametrize("version", [0, 2, 0xFF])
def test_wrong_version_byte_is_tampered(version: int) -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    with pytest.raises(TamperedData):
        unseal(KEY, bytes((version,)) + blob[1:], AAD)


@PROPERTY
@given(plaintext=st.binary(max_size=2048), associated=st.binary(max_size=256), key=st.binary(min_size=32, max_size=32))
def test_property_round_trip(plaintext: bytes, associated: bytes, key: bytes) -> None:
    assert unseal(key, seal(key, plaintext, associated), associated) == plaintext


@PROPERTY
@given(
    plaintext=st.binary(max_size=512),
    associated=st.binary(max_size=64),
    data=st.data(),
)
def test_property_any_single_byte_change_is_detected(plaintext: bytes, associated: bytes, data: st.DataObject) -> None:
    blob = seal(KEY, plaintext, associated)
    position = data.draw(st.integers(min_value=0, max_value=len(blob) - 1), label="position")
    mask = data.draw(st.integers(min_value=1, max_value=255), label="mask")
    damaged = bytearray(blob)
    damaged[position] ^= mask
    with pytest.raises(TamperedData):
        unseal(KEY, bytes(damaged), associated)


@PROPERTY
@given(plaintext=st.binary(max_size=256), associated=st.binary(max_size=64), other=st.binary(max_size=64))
def test_property_other_aad_is_detected(plaintext: bytes, associated: bytes, other: bytes) -> None:
    blob = seal(KEY, plaintext, associated)
    if other == associated:
        assert unseal(KEY, blob, other) == plaintext
    else:
        with pytest.raises(TamperedData):
            unseal(KEY, blob, other)


# -- key derivation -------------------------------------------------------------------


def test_derive_key_is_deterministic_for_the_same_params() -> None:
    first = derive_key("correct horse battery", cheap_params())
    assert first == derive_key("correct horse battery", cheap_params())
    assert len(first) == KEY_LEN


def test_derive_key_differs_for_another_salt() -> None:
    assert derive_key("correct horse battery", cheap_params(b"\x01" * 16)) != derive_key(
        "correct horse battery", cheap_params(b"\x02" * 16)
    )


def test_derive_key_differs_for_another_passphrase() -> None:
    assert derive_key("correct horse battery", cheap_params()) != derive_key("correct horse batterY", cheap_params())


@pytest.mark.parametrize(
    ("base", "changed"),
    [
        ({"memory_kib": 8, "iterations": 1, "lanes": 1}, {"memory_kib": 16, "iterations": 1, "lanes": 1}),
        ({"memory_kib": 8, "iterations": 1, "lanes": 1}, {"memory_kib": 8, "iterations": 2, "lanes": 1}),
        ({"memory_kib": 16, "iterations": 1, "lanes": 1}, {"memory_kib": 16, "iterations": 1, "lanes": 2}),
    ],
    ids=["memory", "iterations", "lanes"],
)
def test_derive_key_depends_on_every_cost_parameter(base: dict[str, int], changed: dict[str, int]) -> None:
    assert derive_key("correct horse battery", KdfParams(salt=SALT, **changed)) != derive_key(
        "correct horse battery", KdfParams(salt=SALT, **base)
    )


def test_derive_key_refuses_another_algorithm() -> None:
    params = KdfParams(salt=SALT, algorithm="scrypt", **CHEAP)
    with pytest.raises(TamperedData) as caught:
        derive_key("correct horse battery", params)
    assert caught.value.key == "error.corrupt_keyslot"


def test_fresh_params_have_a_random_salt_and_the_documented_defaults() -> None:
    first, second = KdfParams.fresh(), KdfParams.fresh()
    assert len(first.salt) == 16
    assert first.salt != second.salt
    assert (first.memory_kib, first.iterations, first.lanes, first.algorithm) == (65536, 3, 4, "argon2id")


def test_nfc_and_nfd_passphrases_give_the_same_key() -> None:
    composed = unicodedata.normalize("NFC", "crème brûlée één")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed  # the test means something only if the strings differ
    assert normalise_passphrase(decomposed) == normalise_passphrase(composed) == composed.encode("utf-8")
    assert derive_key(decomposed, cheap_params()) == derive_key(composed, cheap_params())


def test_normalisation_does_not_fold_case_or_compatibility_forms() -> None:
    # NFC only: "ﬁ" (a ligature) and "fi" are different passphrases, as are "A" and "a".
    assert derive_key("ﬁets-Wachtwoord", cheap_params()) != derive_key("fiets-Wachtwoord", cheap_params())
    assert derive_key("Wachtwoord", cheap_params()) != derive_key("wachtwoord", cheap_params())
