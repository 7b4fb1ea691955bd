"""Reading a reporting period: --day, --month, --year or --from/--to."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from loketcli.domain.dates import Direction, parse_when
from loketcli.errors import BadInput


def period(now: datetime, *, day: str | None = None, month: str | None = None, year: str | None = None,
           since: str | None = None, until: str | None = None) -> tuple[date, date]:
    chosen = [x for x in (day, month, year) if x] + ([since or until] if (since or until) else [])
    if len(chosen) != 1:
        raise BadInput("error.period")
    if day:
        single = parse_when(day, now, direction=Direction.PAST).day
        return single, single
    if month:
        found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", month)
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise BadInput("error.month", text=month[:20])
        first = date(int(found.group(1)), int(found.group(2)), 1)
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    if year:
        if not re.fullmatch(r"\s*\d{4}\s*", year):
            raise BadInput("error.year", text=year[:20])
        return date(int(year), 1, 1), date(int(year), 12, 31)
    first = parse_when(since, now, direction=Direction.PAST).day if since else date(1970, 1, 1)
    last = parse_when(until, now, direction=Direction.PAST).day if until else now.date()
    if first > last:
        raise BadInput("error.period_order")
    return first, last
