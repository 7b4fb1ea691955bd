"""The burgerservicenummer: validation by the elfproef, and masking for display."""

from __future__ import annotations

from loketcli.errors import BadInput


def normalise_bsn(text: str) -> str:
    """Return the nine-digit BSN, or raise. Spaces, dots and dashes are forgiven."""
    digits = "".join(c for c in text if c not in " .-")
    if not digits.isdigit() or len(digits) not in (8, 9):
        raise BadInput("error.bsn_format")
    # Old BSNs of eight digits are written with a leading zero today.
    digits = digits.zfill(9)
    if not passes_elfproef(digits):
        raise BadInput("error.bsn_elfproef")
    return digits


def passes_elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0 and digits != "000000000"


def mask_bsn(bsn: str) -> str:
    """`*****6782`: the last four digits are enough to confirm with the visitor."""
    return "*" * (len(bsn) - 4) + bsn[-4:]
