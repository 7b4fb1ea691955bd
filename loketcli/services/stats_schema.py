"""The shape of a stats file (`loket stats --format json`, schema 1), for
`stats merge`: a colleague's file is input from outside, so every key and
value is checked before anything is added up or written to a CSV.

`problem(value)` returns the JSON path of the first thing that is wrong (a
missing or unknown key, a wrong type, a negative count or one above
MAX_COUNT), or None. The path
names keys only as far as they are valid, never a value: a bad key is
reported by its parent's path.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

SCHEMA_VERSION = 1
Scalar = Literal["count", "optional_count", "share", "median", "date", "version"]


@dataclass(frozen=True)
class Keyed:
    """A map from vocabulary codes (or minute values) to one kind of value."""

    value: Any
    keys: re.Pattern[str]


_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_MINUTES = re.compile(r"0|[1-9][0-9]{0,5}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WEEK = re.compile(r"[0-9]{4}-W[0-9]{2}")
_WEEKDAY = re.compile(r"[1-7]")
_HOUR = re.compile(r"[01][0-9]|2[0-3]")


def _counts(*names: str) -> dict[str, Any]:
    return dict.fromkeys(names, "count")


SCHEMA: dict[str, Any] = {
    "schema_version": "version",
    "period": {"from": "date", "to": "date"},
    "min_count": "optional_count",
    "visitors_helped": "count",
    "cases": {**_counts("new", "closed"), "closed_by_result": Keyed("count", _CODE), "open_at_end": "count"},
    "contacts": {"count": "count", "by_kind": Keyed("count", _CODE), "minutes_total": "count",
                 "minutes_median": "median", "minutes_histogram": Keyed("count", _MINUTES)},
    "minutes_per_case": {"cases": "count", "total": "count", "median": "median",
                         "histogram": Keyed("count", _MINUTES)},
    "calls": {"count": "count", "driegesprek": "count", "driegesprek_share": "share",
              "per_agency": Keyed({**_counts("calls", "driegesprek"), "driegesprek_share": "share"}, _CODE),
              "outcomes": Keyed("count", _CODE)},
    "callbacks": {"promised": "count",
                  "per_agency": Keyed(_counts("promised", "on_time", "late", "open"), _CODE)},
    "handovers": {**_counts("warm", "cold"), "per_target": Keyed("count", _CODE)},
    "channels": Keyed("count", _CODE),
    "referrals": Keyed("count", _CODE),
    "life_events": Keyed("count", _CODE),
    "agencies_per_case": _counts("0", "1", "2", "3+"),
    "followups": _counts("made", "done_on_time", "done_late", "open", "overdue", "cancelled"),
    "satisfaction": _counts("1", "2", "3", "4", "5", "recorded"),
    # Added for `loket report` (fields are only ever added).
    "visitors_per_week": Keyed("count", _WEEK),
    "contacts_by_weekday_hour": Keyed(Keyed("count", _HOUR), _WEEKDAY),
    "cases_per_agency": Keyed("count", _CODE),
    "handovers_per_target": Keyed(_counts("warm", "cold"), _CODE),
    "resolved_without_handover": {"count": "count", "share": "share"},
}


# Fields added after schema 1 was first written: a file from an older loket
# lacks them and still merges (they are added up where present).
ADDED_LATER = frozenset({"visitors_per_week", "contacts_by_weekday_hour", "cases_per_agency",
                         "handovers_per_target", "resolved_without_handover", "followups.cancelled"})


def problem(value: object) -> str | None:
    """The JSON path of the first problem in a stats file, or None when it fits."""
    return _check(value, SCHEMA, "")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _check(value: object, schema: Any, path: str) -> str | None:
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return path or "$"
        optional = {key for key in schema if _join(path, key) in ADDED_LATER}
        if not set(schema) - optional <= set(value) <= set(schema):
            return path or "$"  # a missing or an unknown key
        for key, inner in schema.items():
            if key not in value:
                continue
            found = _check(value[key], inner, _join(path, key))
            if found is not None:
                return found
        return None
    if isinstance(schema, Keyed):
        if not isinstance(value, dict):
            return path
        for key, inner in value.items():
            if not isinstance(key, str) or not schema.keys.fullmatch(key):
                return path
            found = _check(inner, schema.value, _join(path, key))
            if found is not None:
                return found
        return None
    return None if _scalar_fits(value, schema) else path


# The largest whole number every JSON reader keeps exact (I-JSON, RFC 7493).
# A count beyond it is no real desk's; it would also overflow a float where a
# share, a median or a bar width is computed from the sum.
MAX_COUNT = 2**53 - 1


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _is_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            and value >= 0)


def _scalar_fits(value: object, kind: Scalar) -> bool:
    if kind == "count":
        return _is_count(value)
    if kind == "optional_count":
        return value is None or _is_count(value)
    if kind == "share":
        return value is None or (_is_number(value) and float(value) <= 1)  # type: ignore[arg-type]
    if kind == "median":
        return value is None or _is_number(value)
    if kind == "date":
        return isinstance(value, str) and bool(_DATE.fullmatch(value)) and _is_date(value)
    return value == SCHEMA_VERSION and not isinstance(value, bool)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
