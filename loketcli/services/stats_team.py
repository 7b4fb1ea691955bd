"""A team's stats files: suppressed for publication (`--min-count`) and
merged into a team total (`stats merge`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loketcli.domain.model import HANDED_OVER_RESULT
from loketcli.errors import BadInput
from loketcli.services.stats import STATS_SCHEMA_VERSION, _histogram_median, _share, _share_base

_NEVER_SUPPRESSED = {"schema_version", "min_count", "period"}


def suppress(stats: dict[str, Any], min_count: int) -> dict[str, Any]:
    """Replace every count from 1 to min_count-1 by null, for publication: a
    small number can point at one person in a small municipality. A share or a
    median built on a suppressed count goes too, or it would give it back."""
    def walk(value: Any, key: str) -> Any:
        if key in _NEVER_SUPPRESSED:
            return value
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < min_count:
            return None
        return value

    result: dict[str, Any] = walk(stats, "")
    result["min_count"] = min_count
    calls = result["calls"]
    if calls["count"] is None or calls["driegesprek"] is None:
        calls["driegesprek_share"] = None
    for agency in calls["per_agency"].values():
        if agency["calls"] is None or agency["driegesprek"] is None:
            agency["driegesprek_share"] = None
    contacts = result["contacts"]
    if contacts["count"] is None or any(v is None for v in contacts["minutes_histogram"].values()):
        contacts["minutes_median"] = None
    per_case = result["minutes_per_case"]
    if per_case["cases"] is None or any(v is None for v in per_case["histogram"].values()):
        per_case["median"] = None
    resolved = result.get("resolved_without_handover")
    if isinstance(resolved, dict) and (resolved.get("count") is None or result["cases"]["closed"] is None
                                       or result["cases"]["closed_by_result"].get(HANDED_OVER_RESULT, 0) is None):
        # The share's base is the closures less the hand-overs to colleagues:
        # with either count hidden, the share would give it back.
        resolved["share"] = None
    return result


_REQUIRED_SECTIONS = ("period", "cases", "contacts", "minutes_per_case", "calls", "callbacks", "handovers",
                      "channels", "referrals", "life_events", "agencies_per_case", "followups", "satisfaction")
# Maps keyed by vocabulary codes: sorted, as `stats` writes them, so a merge
# prints exactly what stats over the union would.
_CODE_KEYED = (("cases", "closed_by_result"), ("contacts", "by_kind"), ("calls", "per_agency"),
               ("calls", "outcomes"), ("callbacks", "per_agency"), ("handovers", "per_target"), ("channels",),
               ("referrals",), ("life_events",))


def merge_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        return _merge_stats(parts)
    except (KeyError, TypeError, ValueError, AttributeError):
        # A file that looks like stats at the top but not inside is bad input.
        raise BadInput("error.merge_schema", supported=STATS_SCHEMA_VERSION) from None


def _merge_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Add several workers' stats into a team total; medians and shares are
    recomputed from the summed histograms and counts, so the merge equals the
    stats over the union."""
    if not parts:
        raise BadInput("error.merge_empty")
    for part in parts:
        if not isinstance(part, dict) or part.get("schema_version") != STATS_SCHEMA_VERSION or not all(
                isinstance(part.get(section), dict) for section in _REQUIRED_SECTIONS):
            raise BadInput("error.merge_schema", supported=STATS_SCHEMA_VERSION)
        if part.get("min_count") is not None:
            raise BadInput("error.merge_suppressed")

    def add(a: Any, b: Any) -> Any:
        if isinstance(a, dict) and isinstance(b, dict):
            return {k: add(a.get(k), b.get(k)) for k in sorted(set(a) | set(b), key=_key_order(a, b))}
        if a is None:
            return b
        if b is None:
            return a
        if isinstance(a, int) and isinstance(b, int):
            return a + b
        return a

    merged: dict[str, Any] = parts[0]
    for part in parts[1:]:
        merged = add(merged, part)
    merged["schema_version"] = STATS_SCHEMA_VERSION
    merged["min_count"] = None
    merged["period"] = {"from": min(p["period"]["from"] for p in parts), "to": max(p["period"]["to"] for p in parts)}
    contacts = merged["contacts"]
    contacts["minutes_histogram"] = {k: contacts["minutes_histogram"][k]
                                     for k in sorted(contacts["minutes_histogram"], key=int)}
    contacts["minutes_median"] = _histogram_median(contacts["minutes_histogram"])
    per_case = merged["minutes_per_case"]
    per_case["histogram"] = {k: per_case["histogram"][k] for k in sorted(per_case["histogram"], key=int)}
    per_case["median"] = _histogram_median(per_case["histogram"])
    for path in _CODE_KEYED:
        holder = merged
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = {k: holder[path[-1]][k] for k in sorted(holder[path[-1]])}
    calls = merged["calls"]
    calls["driegesprek_share"] = _share(calls["driegesprek"], calls["count"])
    for agency in calls["per_agency"].values():
        agency["driegesprek_share"] = _share(agency["driegesprek"], agency["calls"])
    # The fields `loket report` added; a file from before them merges without.
    if isinstance(merged.get("visitors_per_week"), dict):
        merged["visitors_per_week"] = {k: merged["visitors_per_week"][k] for k in sorted(merged["visitors_per_week"])}
    if isinstance(merged.get("contacts_by_weekday_hour"), dict):
        grid = merged["contacts_by_weekday_hour"]
        merged["contacts_by_weekday_hour"] = {day: {hour: grid[day][hour] for hour in sorted(grid[day])}
                                              for day in sorted(grid)}
    for added in ("cases_per_agency", "handovers_per_target"):
        if isinstance(merged.get(added), dict):
            merged[added] = {k: merged[added][k] for k in sorted(merged[added])}
    resolved = merged.get("resolved_without_handover")
    if isinstance(resolved, dict):
        by_result = merged["cases"].get("closed_by_result")
        resolved["share"] = _share(resolved["count"], _share_base(merged["cases"]["closed"],
                                                                  by_result if isinstance(by_result, dict) else {}))
    return merged


def _key_order(a: dict[str, Any], b: dict[str, Any]) -> Callable[[str], tuple[int, str]]:
    order = {k: i for i, k in enumerate(list(a) + [k for k in b if k not in a])}
    return lambda k: (order[k], k)
