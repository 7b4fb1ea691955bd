"""Keys for handing a case to a colleague: an age X25519 identity to receive,
an Ed25519 key to sign, and the public identity string that bundles both.

The outer file is plain age (https://age-encryption.org/v1), written and read
by `pyrage` (Rust's `age` crate): the construction is not ours. Only the
signature and the `loket1...` identity string are defined here; both are
documented in docs/FORMAT.md ("Handing a case to a colleague").
`pyrage` is imported only inside these functions, so no other command pays
for loading it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from loketcli.errors import BadInput, TamperedData

AGE_MAGIC = b"age-encryption.org/v1\n"
IDENTITY_HRP = "loket"
# Domain separation: a loket transfer signature can never be replayed as a
# signature over anything else that this key might one day sign.
SIGNATURE_CONTEXT = b"loket-transfer/1\x00"
ED25519_SEED_LEN = 32

# -- bech32 (BIP 173), the encoding age uses for its keys --------------------------
# Written out because it is an encoding, not cryptography, and we need it both to
# take the raw X25519 key out of an `age1...` recipient and to make `loket1...`.

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= _GENERATOR[i] if (top >> i) & 1 else 0
    return check


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: bytes | list[int], from_bits: int, to_bits: int, *, pad: bool) -> list[int] | None:
    acc = bits = 0
    out: list[int] = []
    maximum = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maximum)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & maximum)
    elif bits >= from_bits or ((acc << (to_bits - bits)) & maximum):
        return None
    return out


def bech32_encode(hrp: str, data: bytes) -> str:
    words = _convert_bits(data, 8, 5, pad=True)
    assert words is not None
    checksum_input = _hrp_expand(hrp) + words + [0] * 6
    polymod = _polymod(checksum_input) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[w] for w in words + checksum)


def bech32_decode(text: str) -> tuple[str, bytes] | None:
    """(hrp, data), or None for anything that is not valid bech32. No length
    limit: age's own keys and plugins go past BIP 173's 90 characters too."""
    if text.lower() != text and text.upper() != text:
        return None
    text = text.lower()
    separator = text.rfind("1")
    if separator < 1 or separator + 7 > len(text) or any(c not in _CHARSET for c in text[separator + 1:]):
        return None
    hrp = text[:separator]
    if any(not 33 <= ord(c) <= 126 for c in hrp):
        return None
    words = [_CHARSET.index(c) for c in text[separator + 1:]]
    if _polymod(_hrp_expand(hrp) + words) != 1:
        return None
    data = _convert_bits(words[:-6], 5, 8, pad=False)
    return (hrp, bytes(data)) if data is not None else None


# -- identities ----------------------------------------------------------------------


@dataclass(frozen=True)
class SecretIdentity:
    """What a store keeps sealed: the age secret key and the Ed25519 seed."""

    age_secret: str
    signing_seed: bytes

    def __repr__(self) -> str:
        return "SecretIdentity(...)"


@dataclass(frozen=True)
class PublicIdentity:
    x25519: bytes
    ed25519: bytes

    @property
    def text(self) -> str:
        """`loket1...`: bech32 of the X25519 key (32 bytes) then the Ed25519 key (32)."""
        return bech32_encode(IDENTITY_HRP, self.x25519 + self.ed25519)

    @property
    def age_recipient(self) -> str:
        return bech32_encode("age", self.x25519)

    @property
    def fingerprint(self) -> str:
        """Six groups of five digits from SHA-256 of both keys (~100 bits), to read
        aloud on the phone, as Signal's safety numbers are."""
        digest = hashlib.sha256(b"loket-identity/1\x00" + self.x25519 + self.ed25519).digest()
        groups = (int.from_bytes(digest[i * 5:(i + 1) * 5], "big") % 100000 for i in range(6))
        return " ".join(f"{g:05d}" for g in groups)


def new_identity() -> SecretIdentity:
    from pyrage import x25519

    return SecretIdentity(age_secret=str(x25519.Identity.generate()), signing_seed=os.urandom(ED25519_SEED_LEN))


def public_of(secret: SecretIdentity) -> PublicIdentity:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from pyrage import x25519

    recipient = bech32_decode(str(x25519.Identity.from_str(secret.age_secret).to_public()))
    assert recipient is not None and recipient[0] == "age"
    signing = Ed25519PrivateKey.from_private_bytes(secret.signing_seed).public_key()
    return PublicIdentity(x25519=recipient[1], ed25519=signing.public_bytes(Encoding.Raw, PublicFormat.Raw))


def parse_identity(text: str) -> PublicIdentity:
    decoded = bech32_decode("".join(text.split()))
    if decoded is None or decoded[0] != IDENTITY_HRP or len(decoded[1]) != 64:
        raise BadInput("error.transfer_bad_identity")
    return PublicIdentity(x25519=decoded[1][:32], ed25519=decoded[1][32:])


# -- signing -------------------------------------------------------------------------


def sign(secret: SecretIdentity, message: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(secret.signing_seed).sign(SIGNATURE_CONTEXT + message)


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, SIGNATURE_CONTEXT + message)
    except (InvalidSignature, ValueError):
        return False
    return True


# -- the age layer -------------------------------------------------------------------


def age_encrypt(plaintext: bytes, recipient: PublicIdentity) -> bytes:
    import pyrage
    from pyrage import x25519

    return bytes(pyrage.encrypt(plaintext, [x25519.Recipient.from_str(recipient.age_recipient)]))


def age_decrypt(data: bytes, secret: SecretIdentity) -> bytes:
    """Open an age file with our identity. 'No matching keys' means the file is for
    someone else (age cannot tell that apart from a damaged recipient stanza);
    any other failure is damage or tampering."""
    import pyrage
    from pyrage import x25519

    if not data.startswith(AGE_MAGIC):
        raise BadInput("error.transfer_not_age")
    try:
        return bytes(pyrage.decrypt(data, [x25519.Identity.from_str(secret.age_secret)]))
    except pyrage.DecryptError as error:
        if "no matching keys" in str(error).lower():
            raise BadInput("error.transfer_not_for_us") from None
        raise TamperedData("error.transfer_tampered") from None
