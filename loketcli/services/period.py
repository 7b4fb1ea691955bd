"""The period a command covers, as data: local days as a range of the clear
`at` index, and the progress a pass over it reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from loketcli.domain.clock import LOCAL_ZONE
from loketcli.storage import codec

Progress = Callable[[int, int], None]


def utc_bounds(first: date, last: date) -> tuple[str, str]:
    """Local days [first, last] as a half-open UTC text range for the clear index."""
    start = datetime.combine(first, time.min, tzinfo=LOCAL_ZONE)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=LOCAL_ZONE)
    return codec.utc_text(start), codec.utc_text(end)
