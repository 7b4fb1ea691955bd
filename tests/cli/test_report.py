"""`loket report`: the period at a glance as an A4 HTML page or in the terminal.

Runs on the synthetic dataset of test_reports.py (its names, BSNs, phone
numbers and street names are the markers that must never appear). The numbers
in the report are checked against `loket stats --format json` for the same
period, never against the report code itself.
"""

from __future__ import annotations

import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TEST_KDF_ARGS
from loket_testkit import error_line
from test_reports import (
    ALL_MARKERS,
    DATASET,
    MARKERS_BY_CASE,
    PART_A,
    Store,
    _fixed_clock_and_command_tree,  # noqa: F401 - the fixed clock, an autouse fixture: active here too
    _steps_of,
    assert_golden,
    build_store,
    leaked,
    ok,
    run,
    stats,
)

from loketcli.i18n import set_language
from loketcli.render.report_model import number_text


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The dataset of test_reports.py, built through the CLI."""
    db = tmp_path_factory.mktemp("report") / "loket.db"
    return Store(db, build_store(db, DATASET))


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two workers' stores, each with half of the cases; `store` holds their union."""
    base = tmp_path_factory.mktemp("team")
    a, b = base / "a" / "loket.db", base / "b" / "loket.db"
    build_store(a, _steps_of(PART_A))
    build_store(b, _steps_of(set(MARKERS_BY_CASE) - PART_A))
    return a, b


# -- reading the page back ------------------------------------------------------------------


class Page(html.parser.HTMLParser):
    """The parts of the report page a test needs: figures by id, charts with
    their SVG title/desc and their table, every element's attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, dict[str, str]] = {}
        self.charts: dict[str, dict[str, Any]] = {}
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self._stack: list[tuple[str, dict[str, str]]] = []
        self._figure: str | None = None
        self._chart: str | None = None
        self._field: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        self._stack.append((tag, a))
        if tag == "div" and "figure" in a.get("class", "").split():
            self._figure = a["id"].removeprefix("fig-")
            self.figures[self._figure] = {}
        elif tag == "dd" and self._figure:
            self._field = a.get("class", "")
            self.figures[self._figure][self._field] = ""
        elif tag == "figure" and "chart" in a.get("class", "").split():
            self._chart = a["id"].removeprefix("figure-")
            self.charts[self._chart] = {"title": "", "desc": "", "rows": [], "svg": False, "empty": False,
                                        "texts": []}
        elif self._chart:
            chart = self.charts[self._chart]
            if tag == "svg":
                chart["svg"] = True
                chart["svg_attrs"] = a
            elif tag in ("title", "desc"):
                self._field = tag
            elif tag == "text":
                self._field = "text"
                chart["texts"].append("")
            elif tag == "tr":
                self._row = []
            elif tag in ("td", "th") and self._row is not None:
                self._cell = []
            elif tag == "p" and a.get("class") == "empty":
                chart["empty"] = True

    def handle_endtag(self, tag: str) -> None:
        if self._stack:
            self._stack.pop()
        if tag == "div" and self._figure:
            self._figure = None
        elif tag == "dd":
            self._field = None
        elif tag == "figure":
            self._chart = None
        elif tag in ("title", "desc", "text"):
            self._field = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._chart:
            self.charts[self._chart]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._figure and self._field:
            self.figures[self._figure][self._field] += data
        elif self._chart and self._field in ("title", "desc"):
            self.charts[self._chart][self._field] += data
        elif self._chart and self._field == "text":
            self.charts[self._chart]["texts"][-1] += data

    def table(self, chart: str) -> dict[str, list[str]]:
        """A chart's table as {row label: [cells]} (the header row under "")."""
        rows = self.charts[chart]["rows"]
        return {("" if i == 0 else row[0]): row[1:] for i, row in enumerate(rows)}


def report_html(db: Path, tmp_path: Path, *args: str, name: str = "rapport.html") -> str:
    target = tmp_path / name
    result = ok(db, ["report", *args, "-o", str(target)])
    assert result.stdout == ""
    assert result.stderr == f"Rapport geschreven naar {target}.\n" or result.stderr.startswith("Report written")
    return target.read_text(encoding="utf-8")


def n(value: Any) -> str:
    """A stats number as the Dutch report writes it."""
    return number_text(value)


def pct(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


# -- the numbers are the stats' numbers -------------------------------------------------------


def test_report_golden_nl_and_en(store: Store, tmp_path: Path) -> None:
    """The whole page, byte for byte, for a person to review as a diff."""
    assert_golden("report_2026-11_nl.html", report_html(store.db, tmp_path, "--month", "2026-11"))
    assert_golden("report_2026-11_en.html", report_html(store.db, tmp_path, "--month", "2026-11", "--lang", "en"))
    assert_golden("report_2026-11_nl.txt", ok(store.db, ["report", "--month", "2026-11"]).stdout)


@pytest.mark.parametrize("period", [["--month", "2026-11"], ["--year", "2026"], ["--from", "2026-11-03",
                                                                                   "--to", "2026-11-05"]])
def test_headline_figures_equal_the_stats(store: Store, tmp_path: Path, period: list[str]) -> None:
    s = stats(store.db, *period)
    page = Page(report_html(store.db, tmp_path, *period))
    value = {key: fig["value"] for key, fig in page.figures.items()}
    sat = s["satisfaction"]
    assert value == {
        "visitors_helped": n(s["visitors_helped"]),
        "cases.new": n(s["cases"]["new"]),
        "cases.closed": n(s["cases"]["closed"]),
        "cases.open_at_end": n(s["cases"]["open_at_end"]),
        "contacts.count": n(s["contacts"]["count"]),
        "contacts.minutes_median": n(s["contacts"]["minutes_median"]),
        "minutes_per_case.median": n(s["minutes_per_case"]["median"]),
        "satisfaction.recorded": n(sat["recorded"]),
        "satisfaction.satisfied": pct((sat["4"] + sat["5"]) / sat["recorded"] if sat["recorded"] else None),
        "resolved_without_handover.share": pct(s["resolved_without_handover"]["share"]),
        "calls.count": n(s["calls"]["count"]),
        "calls.driegesprek_share": pct(s["calls"]["driegesprek_share"]),
    }
    # Scores are counted per case's latest recording, open cases included: no "of N closed cases".
    assert page.figures["satisfaction.recorded"]["detail"] == "laatste cijfer per zaak, ook van open zaken"
    assert "cijfer dat de bezoeker gaf bij het sluiten" not in report_html(store.db, tmp_path, "--month", "2026-11")
    assert page.figures["resolved_without_handover.share"]["detail"] == (
        f"{n(s['resolved_without_handover']['count'])} van {n(s['cases']['closed'])} gesloten zaken")


def test_november_by_hand(store: Store, tmp_path: Path) -> None:
    """The November figures spelled out, as a check on the check above."""
    page = Page(report_html(store.db, tmp_path, "--month", "2026-11"))
    assert page.figures["visitors_helped"]["value"] == "5"
    assert page.figures["contacts.minutes_median"]["value"] == "15"
    assert page.figures["minutes_per_case.median"]["value"] == "55"
    assert page.figures["satisfaction.satisfied"]["value"] == "67%"  # 2 of 3 gave a 4 or 5
    assert page.figures["resolved_without_handover.share"]["value"] == "25%"  # 1 of 4 closures
    assert page.figures["calls.driegesprek_share"]["value"] == "57%"


def test_chart_tables_equal_the_stats(store: Store, tmp_path: Path) -> None:
    s = stats(store.db, "--month", "2026-11")
    page = Page(report_html(store.db, tmp_path, "--month", "2026-11"))
    calls = page.table("calls")
    assert calls[""] == ["Driegesprek", "Zonder bezoeker", "Totaal", ""]
    labels = {"cjib": "CJIB", "duo": "DUO", "svb": "SVB", "toeslagen": "Dienst Toeslagen", "uwv": "UWV"}
    assert {labels[code] for code in s["calls"]["per_agency"]} == set(calls) - {""}
    for code, counts in s["calls"]["per_agency"].items():
        assert calls[labels[code]] == [n(counts["driegesprek"]), n(counts["calls"] - counts["driegesprek"]),
                                       n(counts["calls"]), f"{pct(counts['driegesprek_share'])} driegesprek"]
    callbacks = page.table("callbacks")
    for code, counts in s["callbacks"]["per_agency"].items():
        assert callbacks[labels[code]] == [n(counts["on_time"]), n(counts["late"]), n(counts["open"]),
                                           n(counts["promised"])]
    assert page.table("satisfaction") == {"": ["Deze periode"], **{k: [n(s["satisfaction"][k])] for k in "12345"}}
    weeks = page.table("weeks")
    assert [cells[0] for label, cells in weeks.items() if label] == [n(v) for v in s["visitors_per_week"].values()]
    weekdays = page.table("weekdays")
    grid = s["contacts_by_weekday_hour"]
    assert sum(int(cells[0]) for label, cells in weekdays.items() if label) == s["contacts"]["count"]
    assert weekdays["dinsdag"] == [n(sum(grid["2"].values()))]
    hours = page.table("hours")
    assert hours["maandag"][hours[""].index("9")] == n(grid["1"]["09"])
    handovers = page.table("handovers")
    assert handovers["Wijkteam"] == ["1", "0", "1"] and handovers["Het Juridisch Loket"] == ["0", "1", "1"]
    minutes = page.table("minutes")
    assert sum(int(cells[0]) for label, cells in minutes.items() if label) == s["contacts"]["count"] - 1
    assert minutes["11–15 min"] == [n(sum(v for k, v in s["contacts"]["minutes_histogram"].items()
                                          if 11 <= int(k) <= 15))]


def test_min_count_suppresses_as_stats_does(store: Store, tmp_path: Path) -> None:
    s = stats(store.db, "--month", "2026-11", "--min-count", "3")
    page = Page(report_html(store.db, tmp_path, "--month", "2026-11", "--min-count", "3"))
    assert page.figures["visitors_helped"]["value"] == n(s["visitors_helped"]) == "5"
    assert page.figures["satisfaction.recorded"]["value"] == "3"
    # 2 of the 3 scores are a 4 or 5, but each of those counts is 1: suppressed, and the share with them.
    assert s["satisfaction"]["4"] is None and page.figures["satisfaction.satisfied"]["value"] == "–"
    assert s["resolved_without_handover"]["share"] is None
    assert page.figures["resolved_without_handover.share"]["value"] == "–"
    assert page.table("satisfaction")["4"] == ["–"]
    # A range that holds a suppressed count is not summed into a number.
    assert page.table("minutes")["6–10 min"] == ["–"]
    for cells in page.table("calls").values():
        assert "1" not in cells and "2" not in cells
    assert "Aantallen van 1 tot en met 2 zijn weggelaten (–)" in (tmp_path / "rapport.html").read_text()


# -- the page itself --------------------------------------------------------------------------


def test_the_page_is_standalone_accessible_html(store: Store, tmp_path: Path) -> None:
    text = report_html(store.db, tmp_path, "--month", "2026-11")
    page = Page(text)
    assert text.startswith('<!DOCTYPE html>\n<html lang="nl">')
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    # Nothing fetched: the only URL is the SVG namespace.
    assert set(re.findall(r"https?://[^\"' )]+", text)) == {"http://www.w3.org/2000/svg"}
    assert "@page { size: A4" in text and "break-before: page" in text
    assert len(page.charts) == 16
    for key, chart in page.charts.items():
        assert chart["svg"] or chart["empty"], key
        if chart["empty"]:
            continue
        attrs = chart["svg_attrs"]
        assert attrs["role"] == "img"
        assert attrs["aria-labelledby"] == f"chart-{key}-title chart-{key}-desc"
        assert {f"chart-{key}-title", f"chart-{key}-desc"} <= page.ids
        assert chart["title"].strip() and chart["desc"].strip(), key
        # The text equivalent: a table with a header and at least one row of numbers ...
        assert len(chart["rows"]) >= 2, key
        # ... and every number of the table is also written on the chart or in its description.
        numbers = {cell for row in chart["rows"][1:] for cell in row[1:] if re.fullmatch(r"[\d.,–]+", cell)}
        for number in numbers:
            assert number in chart["texts"] or number in chart["desc"], (key, number)
    assert len(page.ids) == sum(1 for _, a in page.tags if "id" in a), "ids are unique"


def test_grayscale_series_differ_by_pattern_not_colour(store: Store, tmp_path: Path) -> None:
    text = report_html(store.db, tmp_path, "--month", "2026-11", "--compare", "previous")
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})"', text))
    for fill in fills:
        red, green, blue = fill[1:3], fill[3:5], fill[5:7]
        assert red == green == blue, f"{fill} is a colour"
    assert 'patternTransform="rotate(45)"' in text


def test_english(store: Store, tmp_path: Path) -> None:
    page_text = report_html(store.db, tmp_path, "--month", "2026-11", "--lang", "en")
    page = Page(page_text)
    assert page_text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<h1>Government-wide service desk report</h1>" in page_text
    assert "<h2 id=\"h-visitors\">Visitors and busy times</h2>" in page_text
    assert page.table("calls")[""][:2] == ["Driegesprek", "Without the visitor"]
    assert "Tuesday" in page.table("weekdays")
    # Satisfaction is each case's latest recording, open cases included: not "at closing", not "of N closed".
    assert page.figures["satisfaction.recorded"]["detail"] == "latest score per case, open cases included"
    assert "score the visitor gave at closing" not in page_text
    set_language(None)
    # `loket --lang en report` works as well as `report --lang en`.
    result = ok(store.db, ["--lang", "en", "report", "--month", "2026-11"])
    assert "Key figures" in result.stdout and "Kerncijfers" not in result.stdout


def test_an_earlier_period_beside_it(store: Store, tmp_path: Path) -> None:
    december = stats(store.db, "--month", "2026-12")
    november = stats(store.db, "--month", "2026-11")
    page = Page(report_html(store.db, tmp_path, "--month", "2026-12", "--compare", "previous"))
    assert page.figures["visitors_helped"]["value"] == n(december["visitors_helped"])
    assert page.figures["visitors_helped"]["earlier"] == f"november 2026: {n(november['visitors_helped'])}"
    assert page.table("satisfaction")[""] == ["Deze periode", "Periode ervoor"]
    assert page.table("satisfaction")["2"] == [n(december["satisfaction"]["2"]), n(november["satisfaction"]["2"])]
    text = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Ter vergelijking: de periode ervoor (november 2026)." in text
    # The store begins on 2 November: the comparison says it covers November from then on.
    assert "De opslag begint op 2 november 2026" in text
    # A year earlier the store did not exist: no comparison, and the page says why.
    year = Page(report_html(store.db, tmp_path, "--month", "2026-11", name="year.html"))
    assert all("earlier" not in fig for fig in year.figures.values())
    assert "Geen vergelijking: de opslag gaat niet terug tot november 2025." in (tmp_path / "year.html").read_text()


# -- privacy ----------------------------------------------------------------------------------


def test_no_personal_data_anywhere(store: Store, tmp_path: Path) -> None:
    assert len(ALL_MARKERS) > 40
    for args in (["--month", "2026-11"], ["--year", "2026"], ["--month", "2026-12", "--compare", "previous"],
                 ["--month", "2026-11", "--lang", "en"], ["--month", "2026-11", "--min-count", "2"]):
        assert leaked(report_html(store.db, tmp_path, *args)) == [], args
        assert leaked(ok(store.db, ["report", *args]).stdout) == [], args
    # The check can fail: the markers are in the store, and `show` prints them.
    assert leaked(ok(store.db, ["show", "K-0001"]).stdout)


# -- team files -------------------------------------------------------------------------------


def _without_header(text: str) -> str:
    """The page from the figures on: the title and the notes name the source, the numbers must not differ."""
    figures = text[text.index('<dl class="figures">'):text.index("</dl>")]
    sections = text[text.index('<section class="page"'):text.index("<footer>")]
    return figures + sections


@pytest.mark.parametrize("period", [["--month", "2026-11"], ["--year", "2026"]])
def test_team_files_give_the_report_of_the_union(store: Store, two_stores: tuple[Path, Path], tmp_path: Path,
                                                 period: list[str]) -> None:
    files = []
    for i, db in enumerate(two_stores):
        target = tmp_path / f"team-{i}.json"
        ok(db, ["stats", *period, "--format", "json", "-o", str(target)])
        files.append(str(target))
    team = report_html(store.db, tmp_path, *files, name="team.html")
    union = report_html(store.db, tmp_path, *period, "--compare", "none", name="union.html")
    assert _without_header(team) == _without_header(union)
    assert "Opgeteld uit 2 bestanden van medewerkers." in team
    assert "<h1>Rapportage overheidsbreed loket, team</h1>" in team
    assert leaked(team) == []
    # With --min-count, the team's sum is suppressed, not each worker's part.
    suppressed = Page(report_html(store.db, tmp_path, *files, "--min-count", "3", name="team3.html"))
    assert suppressed.figures["satisfaction.recorded"]["value"] == "3"


@pytest.mark.parametrize(("args", "message"), [
    (["--month", "2026-11", "--compare", "lastyear"],
     "loket: Onbekende vergelijking. Kies uit: year, previous, none.\n"),
    (["--month", "2026-13"], None),
    (["--month", "2026-11", "--min-count", "1"], None),
    (["--month", "2026-11", "--lang", "fr"], None),
    (["nowhere.json"], "loket: "),
    (["--month", "2026-11", "x.json"], "loket: Geef een periode of teambestanden, niet allebei.\n"),
])
def test_bad_input(store: Store, args: list[str], message: str | None) -> None:
    result = run(store.db, ["report", *args])
    assert result.exit_code == 2, result.stderr
    assert result.stdout == "" and result.stderr.startswith("loket: ")
    assert "Traceback" not in result.stderr
    if message and message != "loket: ":
        assert result.stderr == message


def test_a_file_that_is_not_stats(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": 1, "period": "x"}), encoding="utf-8")
    result = run(store.db, ["report", str(bad)])
    assert result.exit_code == 2 and result.stderr.startswith("loket: ") and result.stdout == ""


GOLDEN_STATS = Path(__file__).resolve().parents[1] / "golden" / "reports_stats_2026-11.json"
HUGE = 10 ** 400  # beyond any float: a sum, a share or a bar width of it used to crash


def _team_file(change: Any) -> bytes:
    """The golden stats file, changed as a colleague's file might come in."""
    value = json.loads(GOLDEN_STATS.read_text(encoding="utf-8"))
    if callable(change):
        change(value)
        return json.dumps(value).encode("utf-8")
    assert isinstance(change, bytes)
    return change


def _put(path: tuple[str, ...], new: object) -> Any:
    def change(value: dict[str, Any]) -> None:
        *parents, last = path
        for key in parents:
            value = value[key]
        value[last] = new
    return change


@pytest.mark.parametrize(("content", "key", "params"), [
    (b"hallo", "error.merge_file", {}),
    (GOLDEN_STATS.read_bytes()[:300], "error.merge_file", {}),
    (b"\xff\xfe{}", "error.merge_file", {}),
    (GOLDEN_STATS.read_bytes() + b" " * (1 << 20), "error.merge_file", {}),
    (b"{}", "error.merge_schema_file", {"supported": 1}),
    (b"[1, 2]", "error.merge_invalid", {"where": "$"}),
    (_put(("schema_version",), 2), "error.merge_schema_file", {"supported": 1}),
    (_put(("schema_version",), "1"), "error.merge_schema_file", {"supported": 1}),
    (_put(("min_count",), 3), "error.merge_suppressed_file", {}),
    (_put(("channels", "balie"), "3"), "error.merge_invalid", {"where": "channels.balie"}),
    (_put(("visitors_helped",), '=HYPERLINK("https://example.invalid")'), "error.merge_invalid",
     {"where": "visitors_helped"}),
    (_put(("cases", "new"), -1), "error.merge_invalid", {"where": "cases.new"}),
    (_put(("contacts", "minutes_median"), float("nan")), "error.merge_invalid", {"where": "contacts.minutes_median"}),
    (_put(("visitors_helped",), HUGE), "error.merge_invalid", {"where": "visitors_helped"}),
    (_put(("calls", "driegesprek"), HUGE), "error.merge_invalid", {"where": "calls.driegesprek"}),
    (_put(("contacts", "minutes_histogram", "5"), HUGE), "error.merge_invalid",
     {"where": "contacts.minutes_histogram.5"}),
    (_put(("visitors_per_week", "2026-W45"), HUGE), "error.merge_invalid",
     {"where": "visitors_per_week.2026-W45"}),
    (_put(("contacts_by_weekday_hour", "1"), {"10": 2 ** 53}), "error.merge_invalid",
     {"where": "contacts_by_weekday_hour.1.10"}),
    (_put(("channels", "<script>alert(1)</script>"), 1), "error.merge_invalid", {"where": "channels"}),
    (_put(("life_events", "\x1b[31mrood\x1b[0m"), 1), "error.merge_invalid", {"where": "life_events"}),
    (_put(("cases_per_agency", "uwv\u202e"), 1), "error.merge_invalid", {"where": "cases_per_agency"}),
    (_put(("extra",), 1), "error.merge_invalid", {"where": "$"}),
], ids=["not-json", "truncated", "not-utf8", "too-large", "no-version", "a-list", "version-2", "version-text",
        "suppressed", "text-count", "formula-count", "negative", "nan-median", "huge-count", "huge-share-base",
        "huge-histogram", "huge-week", "beyond-2^53", "html-label", "escape-label", "bidi-label", "unknown-key"])
def test_a_bad_team_file_is_refused_as_stats_merge_refuses_it(tmp_path: Path, content: Any, key: str,
                                                             params: dict[str, object]) -> None:
    """The same check as `stats merge`, before anything is written: one line naming the file, exit 2."""
    good, bad = tmp_path / "anna.json", tmp_path / "collega.json"
    good.write_bytes(GOLDEN_STATS.read_bytes())
    bad.write_bytes(_team_file(content))
    expected = (2, "", error_line(key, path=str(bad), **params))
    merged = run(tmp_path / "loket.db", ["stats", "merge", str(good), str(bad), "--format", "csv"])
    assert (merged.exit_code, merged.stdout, merged.stderr) == expected
    page = tmp_path / "rapport.html"
    for args in (["-o", str(page)], []):
        result = run(tmp_path / "loket.db", ["report", str(good), str(bad), *args])
        assert (result.exit_code, result.stdout, result.stderr) == expected, args
        assert sorted(p.name for p in tmp_path.iterdir()) == ["anna.json", "collega.json"]


def test_a_good_team_file_still_makes_the_report(tmp_path: Path) -> None:
    """The check refuses the bad, not the good: the golden month, and the largest count allowed."""
    good, big = tmp_path / "anna.json", tmp_path / "bram.json"
    good.write_bytes(GOLDEN_STATS.read_bytes())
    big.write_bytes(_team_file(_put(("visitors_helped",), 2 ** 53 - 1)))
    page = tmp_path / "rapport.html"
    result = run(tmp_path / "loket.db", ["report", str(good), str(big), "-o", str(page)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "Rapport geschreven naar " + str(page) + ".\n")
    assert Page(page.read_text(encoding="utf-8")).figures["visitors_helped"]["value"] == number_text(
        2 ** 53 - 1 + json.loads(GOLDEN_STATS.read_text(encoding="utf-8"))["visitors_helped"])


# -- a real browser, and the import budget ----------------------------------------------------


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_browser() is None, reason="no chromium installed: the page is not checked in a browser "
                                                "(apt-get install chromium)")
def test_a_browser_prints_it_on_a4(store: Store, tmp_path: Path) -> None:
    report_html(store.db, tmp_path, "--month", "2026-11")
    browser = _browser()
    assert browser is not None
    pdf, png = tmp_path / "rapport.pdf", tmp_path / "rapport.png"
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
              f"--user-data-dir={tmp_path / 'profile'}"]
    url = (tmp_path / "rapport.html").as_uri()
    subprocess.run([*common, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url], capture_output=True,
                   timeout=120, check=True)
    subprocess.run([*common, "--window-size=900,3000", f"--screenshot={png}", url], capture_output=True,
                   timeout=120, check=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    # The key figures, then each of the six sections on a page of its own (one may run over).
    assert 7 <= pages <= 10, pages
    # A4 portrait, in points.
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None and round(float(box.group(1))) == 595 and round(float(box.group(2))) == 842
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


_WRAPPER = (
    "import atexit, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write('\\n'.join(sorted(sys.modules))))\n"
    "sys.argv[0] = 'loket'\n"
    "runpy.run_module('loketcli', run_name='__main__', alter_sys=True)\n"
)


def _modules(args: list[str], env: dict[str, str], out: Path) -> set[str]:
    result = subprocess.run([sys.executable, "-c", _WRAPPER, str(out), *args], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(out.read_text().split())


def test_only_report_imports_the_report_code(tmp_path: Path) -> None:
    env = {**os.environ, "LOKET_DB": str(tmp_path / "loket.db"), "LOKET_PASSPHRASE": PASSPHRASE, "NO_COLOR": "1"}
    env.pop("LOKET_SESSION", None)
    env.pop("LOKET_AGENT", None)
    subprocess.run([sys.executable, "-m", "loketcli", "init", "--no-recovery-key", *TEST_KDF_ARGS], env=env,
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "loketcli", "intake", "--name", "Testpersoon Rapport", "--question", "q",
                    "--channel", "balie", "--agency", "uwv"], env=env, check=True, capture_output=True)
    drawing = {"loketcli.render.report_svg", "loketcli.render.report_html", "loketcli.render.report_model",
               "loketcli.render.report_terminal", "loketcli.cli.cmd_report"}
    for args in (["show", "K-0001"], ["list"], ["stats", "--month", "2026-11", "--format", "json"]):
        assert not drawing & _modules(args, env, tmp_path / "m.txt"), args
    assert {"loketcli.render.report_svg", "loketcli.render.report_html"} <= _modules(
        ["report", "--month", "2026-11", "-o", str(tmp_path / "r.html")], env, tmp_path / "m.txt")


def test_a_withdrawn_hand_over_leaves_the_busy_times_and_the_solved_share(store: Store, tmp_path: Path) -> None:
    """Withdrawing K1's hand-over (issue 11) takes it out of the hours and
    weeks, counted from the clear times in the main pass, and out of the check
    of what the desk solved itself, which reads only the closed cases'
    timelines: K1, closed as solved, was then solved without a hand-over."""
    import sqlite3

    copy = tmp_path / "loket.db"
    with sqlite3.connect(store.db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    copy.chmod(0o600)
    case = store.ids["K1"]
    with sqlite3.connect(copy) as conn:
        (handover,) = conn.execute("SELECT id FROM events WHERE kind = 'overdracht' AND case_id = ?",
                                   (int(case.removeprefix("K-")),)).fetchone()
    before = stats(copy, "--month", "2026-11")
    ok(copy, ["retract", case, str(handover), "--why", "Dubbel gelogd"])
    after = stats(copy, "--month", "2026-11")

    def busy(s: dict[str, Any]) -> int:
        return sum(sum(hours.values()) for hours in s["contacts_by_weekday_hour"].values())

    assert busy(before) == before["contacts"]["count"] and busy(after) == after["contacts"]["count"] == busy(before) - 1
    assert after["contacts_by_weekday_hour"]["2"]["09"] == before["contacts_by_weekday_hour"]["2"]["09"] - 1
    assert after["resolved_without_handover"]["count"] == before["resolved_without_handover"]["count"] + 1


def test_the_stats_table_shows_a_field_it_does_not_know(store: Store) -> None:
    """A field added to the stats later still appears in the table, under its JSON key.
    (`stats merge` refuses files with unknown fields, so this is the renderer's own promise.)"""
    from rich.console import Console

    from loketcli.render.report_stats import stats_table

    part = stats(store.db, "--month", "2026-11")
    part["followups"]["postponed"] = 7
    part["new_section"] = {"a": 41}
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(stats_table(part))
    lines = [line.split() for line in console.export_text().splitlines()]
    assert ["postponed", "7"] in lines and ["new_section.a", "41"] in lines and ["Overig"] in lines


def test_vocabulary_labels_in_english_where_the_data_has_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`label_en` beside a term's Dutch label is used in English; a term without one keeps its Dutch label."""
    from loketcli.render import report_model

    (tmp_path / "agencies.json").write_text(json.dumps({"terms": [
        {"code": "belastingdienst", "label": "Belastingdienst",
         "label_en": "Tax and Customs Administration (Belastingdienst)"},
        {"code": "cak", "label": "CAK"}]}), encoding="utf-8")
    monkeypatch.setattr(report_model, "data_dir", lambda: tmp_path)
    report_model._vocabulary.cache_clear()
    try:
        set_language("en")
        assert report_model.term_label("agencies", "belastingdienst") == (
            "Tax and Customs Administration (Belastingdienst)")
        assert report_model.term_label("agencies", "cak") == "CAK"
        assert report_model.term_label("agencies", "eigen-partner") == "eigen-partner"
        assert report_model.term_label("agencies", "onbekend") == "unknown"
        set_language("nl")
        assert report_model.term_label("agencies", "belastingdienst") == "Belastingdienst"
    finally:
        set_language(None)
        report_model._vocabulary.cache_clear()
