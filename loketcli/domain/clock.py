"""The one place that reads the wall clock; everything else takes `now` as a parameter."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    return datetime.now(LOCAL_ZONE)


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_ZONE)
