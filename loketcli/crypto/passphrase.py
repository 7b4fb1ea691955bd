"""What a new passphrase and a recovery key look like, checked before any key
is derived from them. Below the services so that making a store
(`services.vault`) and changing its keys (`services.keys`) share it without
importing each other."""

from __future__ import annotations

import base64
import os

from loketcli.crypto import KEY_LEN
from loketcli.errors import BadInput, WrongPassphrase

MIN_PASSPHRASE_LENGTH = 8


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise BadInput("error.passphrase_too_short", minimum=MIN_PASSPHRASE_LENGTH)


def new_recovery_key() -> str:
    """32 random bytes in base32, in groups of four: typed back from paper, so no 0/O or 1/l confusion."""
    raw = base64.b32encode(os.urandom(KEY_LEN)).decode("ascii").rstrip("=")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    if len(cleaned) != 52:
        raise WrongPassphrase("error.wrong_recovery_key")
    return "-".join(cleaned[i:i + 4] for i in range(0, len(cleaned), 4))
