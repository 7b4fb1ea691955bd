"""The privacy lifecycle through the real root group in-process: the audit
trail, erasure, retention and purge, inzage, passphrase changes and the
recovery key, and backup/restore/verify. The clock is fixed (Monday 2 March
2026, winter time) and moved where a test needs time to pass. All data is
synthetic: 123456782 and 111222333 pass the elfproef and belong to nobody."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import (
    FIXED_NOW,
    FULL_INTAKE,
    PASSPHRASE,
    TEST_KDF_ARGS,
    UNLOCKED,
    FixedClock,
    error_line,
    execute,
    fixed_clock,
    flip_byte,
    invoke,
    rows,
    snapshot,
)
from typer.testing import Result

import loketcli.cli.prompts
import loketcli.domain.clock
import loketcli.services.keys
import loketcli.storage.keyslots
from loketcli.domain.clock import LOCAL_ZONE
from loketcli.i18n import t
from loketcli.services.privacy import SETTINGS

NEW_PASSPHRASE = "paard nietje accu"

# Visitor A (K-0001) comes from FULL_INTAKE; visitor B (K-0002) is below.
VISITOR_B = [
    "--name", "Wilma Proefkonijn",
    "--question", "Aanslag gemeentebelasting onduidelijk",
    "--channel", "telefoon",
    "--bsn", "111222333",
    "--phone", "0201234567",
    "--email", "wilma.proef@example.net",
]
PRIVATE_A = ("Testpersoon", "123456782", "06 12345678", "testpersoon.een@example.org", "huurtoeslag niet begrepen")
PRIVATE_B = ("Proefkonijn", "Wilma", "111222333", "020 123 4567", "wilma.proef@example.net", "gemeentebelasting")
RECOVERY_KEY = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){12}\n")


# -- helpers ----------------------------------------------------------------------------




@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    return fixed_clock(monkeypatch, FIXED_NOW)


def run(args: Sequence[str], env: Mapping[str, str | None] | None = None, input: str | None = None) -> Result:
    return invoke(args, env={**UNLOCKED, **(env or {})}, input=input)


def ok(args: Sequence[str], env: Mapping[str, str | None] | None = None, input: str | None = None) -> Result:
    result = run(args, env, input)
    assert result.exit_code == 0, result.stderr
    return result


def data(args: Sequence[str], env: Mapping[str, str | None] | None = None) -> Any:
    return json.loads(ok([*args, "--json"], env).stdout)


def message_line(key: str, **params: object) -> str:
    return f"{t(key, **params)}\n"


def init(*extra: str) -> Result:
    return ok(["init", *TEST_KDF_ARGS, *extra])


def intake(*args: str) -> str:
    return ok(["intake", *args]).stdout.strip()


def audit() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = data(["audit"])
    return found


def table_dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that holds case data, settings or the trail."""
    tables = ("meta", "keyslots", "cases", "events", "followups", "audit", "erasures", "sqlite_sequence")
    return {name: rows(db, f"SELECT * FROM {name} ORDER BY 1") for name in tables}


def store_bytes(db: Path) -> bytes:
    snapshot(db.parent)  # collects stray connections first
    return b"".join(p.read_bytes() for p in sorted(db.parent.iterdir()) if p.name.startswith(db.name))


def entry(entry_id: int, command: str, cases: Sequence[str] = (), detail: str = "",
          at: dt.datetime = FIXED_NOW) -> dict[str, Any]:
    return {"id": entry_id, "at": at.isoformat(), "command": command, "cases": list(cases), "detail": detail}


@pytest.fixture
def store(clock: FixedClock) -> FixedClock:
    """K-0001 (visitor A, every field) and K-0002 (visitor B), opened at FIXED_NOW."""
    init()
    assert intake(*FULL_INTAKE) == "K-0001"
    assert intake(*VISITOR_B) == "K-0002"
    return clock


# -- audit: what is recorded ---------------------------------------------------------------


def test_every_revealing_command_is_audited_with_command_and_case(store: FixedClock, tmp_path: Path,
                                                                   db_path: Path) -> None:
    # Every trail starts with `init`; the recovery key made there is noted.
    expected = [entry(1, "init", detail="recovery"), entry(2, "intake", ["K-0001"]), entry(3, "intake", ["K-0002"])]
    assert audit() == expected

    def step(args: Sequence[str], new: dict[str, Any], env: Mapping[str, str | None] | None = None) -> None:
        store.set(store.now + dt.timedelta(minutes=1))
        ok(args, env)
        expected.append({**new, "at": store.now.isoformat()})
        assert data(["audit"], {"LOKET_PASSPHRASE": (env or UNLOCKED).get("LOKET_NEW_PASSPHRASE", PASSPHRASE)}
                    ) == expected, args

    step(["show", "K-0001"], entry(4, "show", ["K-0001"]))
    step(["find", "Testpersoon"], entry(5, "find", ["K-0001"]))
    step(["edit", "K-0001", "--phone", "0612121212"], entry(6, "edit", ["K-0001"], "phone"))
    step(["inzage", "K-0001", "-o", str(tmp_path / "inzage.md")], entry(7, "inzage", ["K-0001"]))
    step(["list", "--names"], entry(8, "list", ["K-0001", "K-0002"], "names"))
    step(["followup", "add", "K-0002", "Terugbellen", "--due", "vandaag 17:00"],
         entry(9, "followup add", ["K-0002"]))
    step(["today", "--names"], entry(10, "today", ["K-0002"], "names"))
    step(["erase", "K-0002", "--yes"], entry(11, "erase", ["K-0002"]))
    step(["passwd"], entry(12, "passwd"), {"LOKET_NEW_PASSPHRASE": NEW_PASSPHRASE})
    # Without --names nothing personal is shown, so nothing is recorded; the
    # audit listing itself is not recorded either.
    new_env = {"LOKET_PASSPHRASE": NEW_PASSPHRASE}
    ok(["list"], new_env)
    ok(["today"], new_env)
    ok(["audit", "--case", "K-0001"], new_env)
    assert data(["audit"], new_env) == expected
    ok(["audit", "verify"], new_env)


def test_audit_json_shape_and_table(store: FixedClock) -> None:
    ok(["show", "K-0002"])
    entries = audit()
    assert [list(e) for e in entries] == [["id", "at", "command", "cases", "detail"]] * 4
    assert entries[3] == {"id": 4, "at": "2026-03-02T10:15:00+01:00", "command": "show", "cases": ["K-0002"],
                          "detail": ""}
    table = ok(["audit"]).stdout
    lines = [line.split() for line in table.splitlines() if line.strip()]
    assert lines[0] == [t("audit.col_id"), t("audit.col_at"), t("audit.col_command"), t("audit.col_cases"),
                        t("audit.col_detail")]
    assert lines[1:] == [["1", "02-03-2026", "10:15:00", "init", "recovery"],
                         ["2", "02-03-2026", "10:15:00", "intake", "K-0001"],
                         ["3", "02-03-2026", "10:15:00", "intake", "K-0002"],
                         ["4", "02-03-2026", "10:15:00", "show", "K-0002"]]


def test_audit_filters_by_case_and_by_day(store: FixedClock) -> None:
    tuesday = dt.datetime(2026, 3, 3, 23, 59, tzinfo=LOCAL_ZONE)  # 22:59 UTC: still Tuesday here
    wednesday = dt.datetime(2026, 3, 4, 0, 30, tzinfo=LOCAL_ZONE)  # 23:30 UTC on Tuesday
    store.set(tuesday)
    ok(["show", "K-0002"])
    store.set(wednesday)
    ok(["show", "K-0001"])
    assert [e["id"] for e in data(["audit", "--case", "K-0001"])] == [2, 5]
    assert [e["id"] for e in data(["audit", "--case", "2"])] == [3, 4]
    assert data(["audit", "--case", "K-0099"]) == []
    assert [e["id"] for e in data(["audit", "--from", "2026-03-03", "--to", "2026-03-03"])] == [4]
    assert [e["id"] for e in data(["audit", "--from", "2026-03-03"])] == [4, 5]
    assert [e["id"] for e in data(["audit", "--to", "2026-03-03"])] == [1, 2, 3, 4]
    assert [e["id"] for e in data(["audit", "--from", "2026-03-04", "--case", "K-0002"])] == []
    assert data(["audit", "--from", "2026-03-04"])[0]["at"] == "2026-03-04T00:30:00+01:00"
    bad = run(["audit", "--from", "gisteravond laat"])
    assert (bad.exit_code, bad.stdout) == (2, "")
    bad = run(["audit", "--case", "zaak-een"])
    assert (bad.exit_code, bad.stdout) == (2, "")


def test_no_personal_data_in_the_audit_trail(store: FixedClock, db_path: Path, tmp_path: Path) -> None:
    ok(["show", "K-0001"])
    ok(["find", "Testpersoon"])
    ok(["find", "123456782"])
    ok(["edit", "K-0001", "--name", "Testpersoon Anders", "--question", "huurtoeslag niet begrepen, opnieuw"])
    ok(["note", "K-0002", "Proefkonijn belt morgen terug over gemeentebelasting"])
    ok(["list", "--names"])
    ok(["inzage", "K-0002", "-o", str(tmp_path / "b.html")])
    ok(["config", "set", "retention", "18m"])
    # Positive control: the words really are the visitors' data, readable with the key.
    shown = ok(["show", "K-0001", "--json"]).stdout + ok(["show", "K-0002", "--json"]).stdout
    for word in (*PRIVATE_A, *PRIVATE_B):
        if word == "123456782" or word == "111222333":
            continue  # `show` masks the BSN; the inzage JSON below has it in full
        assert word in shown, word
    assert "111222333" in (tmp_path / "b.json").read_text(encoding="utf-8")

    listed = ok(["audit"]).stdout + ok(["audit", "--json"]).stdout + ok(["audit", "--case", "K-0001"]).stdout
    trail = rows(db_path, "SELECT * FROM audit") + rows(db_path, "SELECT * FROM meta")
    raw = repr(trail).encode() + b"".join(v for row in trail for v in row if isinstance(v, bytes))
    everything = store_bytes(db_path)
    for word in (*PRIVATE_A, *PRIVATE_B, "Testpersoon Anders", "opnieuw"):
        assert word not in listed, word
        assert word.encode() not in raw, word
        assert word.encode() not in everything, word
    assert [(r[2], r[4]) for r in rows(db_path, "SELECT * FROM audit ORDER BY id")] == [
        ("init", "recovery"), ("intake", ""), ("intake", ""), ("show", ""), ("find", ""), ("find", ""),
        ("edit", "name,question"), ("note", ""), ("list", "names"), ("inzage", ""), ("config set", "retention=18m"),
        ("show", ""), ("show", ""),
    ]


# -- audit verify -------------------------------------------------------------------------


def test_audit_verify_passes_on_an_intact_trail(store: FixedClock) -> None:
    ok(["show", "K-0001"])
    result = ok(["audit", "verify"])
    assert (result.stdout, result.stderr) == ("", message_line("audit.intact", count=4))


@pytest.mark.parametrize(("column", "value"), [
    ("command", "list"),
    ("at", "2026-03-02T09:16:00Z"),
    ("case_ids", "1"),
    ("detail", "names"),
])
def test_audit_verify_names_the_first_edited_entry(store: FixedClock, db_path: Path, column: str,
                                                    value: str) -> None:
    ok(["show", "K-0002"])
    ok(["show", "K-0001"])
    assert ok(["audit", "verify"]).exit_code == 0
    execute(db_path, f"UPDATE audit SET {column} = ? WHERE id = 4", params=(value,))
    result = run(["audit", "verify"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.audit_broken", entry=4))
    # The whole-store check says the same.
    assert run(["verify"]).exit_code == 1


def test_audit_verify_detects_a_deleted_middle_entry(store: FixedClock, db_path: Path) -> None:
    ok(["show", "K-0002"])
    ok(["show", "K-0001"])
    execute(db_path, "DELETE FROM audit WHERE id = 3")
    result = run(["audit", "verify"])
    # Entry 4's MAC covers entry 3's: the chain breaks at the first entry after the gap.
    assert (result.exit_code, result.stderr) == (1, error_line("error.audit_broken", entry=4))


def test_audit_verify_detects_a_dropped_last_entry(store: FixedClock, db_path: Path) -> None:
    ok(["show", "K-0002"])
    ok(["show", "K-0001"])
    execute(db_path, "DELETE FROM audit WHERE id = 5")
    result = run(["audit", "verify"])
    # Every remaining entry checks out; only the authenticated head in meta shows the loss.
    assert (result.exit_code, result.stderr) == (1, error_line("error.audit_truncated", count=4))


def test_a_dropped_last_entry_stays_detected_after_the_next_command(store: FixedClock, db_path: Path) -> None:
    ok(["show", "K-0002"])
    ok(["show", "K-0001"])
    execute(db_path, "DELETE FROM audit WHERE id = 5")
    ok(["list"])  # not audited: the trail is still short
    truncated = run(["audit", "verify"])
    assert (truncated.exit_code, truncated.stderr) == (1, error_line("error.audit_truncated", count=4))
    ok(["show", "K-0001"])  # audited: appends entry 6 after entry 4, rewriting the head
    assert [e["id"] for e in audit()] == [1, 2, 3, 4, 6]
    # The new head checks out, but ids must run without gaps: the hole at 5 shows.
    result = run(["audit", "verify"])
    assert (result.exit_code, result.stderr) == (1, error_line("error.audit_broken", entry=6))


def test_audit_verify_detects_a_replaced_head(store: FixedClock, db_path: Path) -> None:
    execute(db_path, "UPDATE meta SET value = ? WHERE key = 'audit_head'", params=("0" * 64,))
    result = run(["audit", "verify"])
    assert (result.exit_code, result.stderr) == (1, error_line("error.audit_truncated", count=3))


def test_audit_verify_detects_a_wiped_trail(store: FixedClock, db_path: Path) -> None:
    execute(db_path, "DELETE FROM audit")
    execute(db_path, "DELETE FROM meta WHERE key = 'audit_head'")
    # Whether the head exists is under the meta MAC (issue 23): every command refuses.
    result = run(["audit", "verify"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.meta_tampered"))


# -- erase ----------------------------------------------------------------------------------


def test_erase_needs_yes_without_a_terminal(store: FixedClock, db_path: Path) -> None:
    before = table_dump(db_path)
    result = run(["erase", "K-0001"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line("error.needs_yes"))
    assert table_dump(db_path) == before
    assert show_json("K-0001")["visitor"]["name"] == "Testpersoon Een"


def show_json(case: str, env: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = data(["show", case], env)
    return found


def test_erase_with_yes_removes_the_case_and_nothing_else(store: FixedClock, db_path: Path) -> None:
    ok(["note", "K-0001", "Gebeld met de Belastingdienst"])
    ok(["followup", "add", "K-0001", "Brief nasturen", "--due", "morgen"])
    ok(["note", "K-0002", "Alles doorgenomen"])
    ok(["followup", "add", "K-0002", "Terugbellen", "--due", "morgen"])
    other = show_json("K-0002")
    store.set(FIXED_NOW + dt.timedelta(minutes=5))
    result = run(["erase", "K-0001", "--yes"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", message_line("erase.done", case="K-0001"))

    gone = run(["show", "K-0001"])
    assert (gone.exit_code, gone.stdout, gone.stderr) == (2, "", error_line("error.unknown_case", case="K-0001"))
    assert "bestaat niet" in gone.stderr
    assert show_json("K-0002") == other
    assert rows(db_path, "SELECT id FROM cases") == [(2,)]
    assert rows(db_path, "SELECT DISTINCT case_id FROM events") == [(2,)]
    assert rows(db_path, "SELECT DISTINCT case_id FROM followups") == [(2,)]
    assert rows(db_path, "SELECT * FROM erasures") == [(1, "2026-03-02T09:20:00Z")]
    erased = [e for e in audit() if e["command"] == "erase"]
    assert erased == [entry(erased[0]["id"], "erase", ["K-0001"], at=store.now)]
    # Its number is never handed out again, and it cannot be erased twice.
    assert intake("--name", "Derde Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0003"
    again = run(["erase", "K-0001", "--yes"])
    assert (again.exit_code, again.stderr) == (2, error_line("error.unknown_case", case="K-0001"))
    ok(["verify"])


def test_erase_asks_at_a_terminal(store: FixedClock, db_path: Path, interactive: None) -> None:
    before = table_dump(db_path)
    declined = run(["erase", "K-0001"], input="n\n")
    assert declined.exit_code == 1
    assert t("erase.confirm", case="K-0001") in declined.stderr
    assert declined.stderr.endswith(error_line("error.aborted"))
    assert table_dump(db_path) == before

    accepted = run(["erase", "K-0001"], input="j\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert t("erase.confirm", case="K-0001") in accepted.stderr
    assert accepted.stderr.endswith(message_line("erase.done", case="K-0001"))
    assert rows(db_path, "SELECT id FROM cases") == [(2,)]


# -- retention and purge ----------------------------------------------------------------------


def retention() -> str:
    found: str = data(["config", "show"])["retention"]
    return found


def test_config_retention(store: FixedClock) -> None:
    assert retention() == "2y"
    result = ok(["config", "set", "retention", "18m"])
    assert (result.stdout, result.stderr) == ("", message_line("config.set", setting="retention", value="18m"))
    assert retention() == "18m"
    assert "retention = 18m\n" in ok(["config", "show"]).stdout
    assert audit()[-1] == entry(4, "config set", detail="retention=18m")
    for text, stored in (("2 jaar", "2y"), ("26 weken", "26w"), ("730D", "730d"), ("3j", "3y")):
        ok(["config", "set", "retention", text])
        assert retention() == stored, text
    for bad in ("abc", "0y", "1 eeuw", "18", "1.5y", ""):
        result = run(["config", "set", "retention", bad])
        # The message gives examples and does not echo what was typed.
        assert (result.exit_code, result.stderr) == (2, error_line("error.retention")), bad
    unknown = run(["config", "set", "bewaren", "2y"])
    assert (unknown.exit_code, unknown.stderr) == (
        2, error_line("error.unknown_setting", setting="bewaren", choices=", ".join(SETTINGS)))
    assert retention() == "3y"


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 15, ss: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=LOCAL_ZONE)


@pytest.fixture
def aged(clock: FixedClock, db_path: Path) -> FixedClock:
    """Six cases; with retention 18m and now = FIXED_NOW the cutoff is
    2 September 2024 10:15 (summer time, 08:15 UTC). Only K-0001 and K-0003
    are closed before it; K-0004 and K-0005 (closed, then reopened) are open."""
    init()
    clock.set(at(2024, 1, 10))
    for n in range(1, 6):
        assert intake("--name", f"Bezoeker {n}", "--question", "Vraag", "--channel", "balie") == f"K-000{n}"
    ok(["close", "K-0001", "--result", "opgelost"])
    ok(["close", "K-0005", "--result", "opgelost"])
    clock.set(at(2024, 1, 11))
    ok(["reopen", "K-0005"])
    clock.set(at(2024, 9, 2))  # exactly the cutoff: kept
    ok(["close", "K-0002", "--result", "doorverwezen"])
    clock.set(at(2024, 9, 2, 10, 14, 59))  # one second before: purged
    ok(["close", "K-0003", "--result", "gestopt"])
    clock.set(FIXED_NOW)
    assert intake("--name", "Bezoeker 6", "--question", "Vraag", "--channel", "balie") == "K-0006"
    ok(["close", "K-0006", "--result", "opgelost"])
    ok(["config", "set", "retention", "18m"])
    return clock


def test_purge_dry_run_lists_only_expired_closed_cases(aged: FixedClock, db_path: Path) -> None:
    before = table_dump(db_path)
    result = ok(["purge", "--dry-run"])
    assert result.stdout == "K-0001\nK-0003\n"
    assert result.stderr == message_line("purge.would", count=2, retention="18m")
    assert data(["purge", "--dry-run"]) == {"retention": "18m", "cutoff": "2024-09-02T10:15:00+02:00",
                                            "dry_run": True, "cases": ["K-0001", "K-0003"]}
    assert table_dump(db_path) == before
    # Moving the clock moves the cutoff: one second later K-0002 is due as well.
    aged.set(FIXED_NOW + dt.timedelta(seconds=1))
    assert data(["purge", "--dry-run"])["cases"] == ["K-0001", "K-0002", "K-0003"]
    assert table_dump(db_path) == before


def test_purge_erases_exactly_the_expired_cases(aged: FixedClock, db_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    before = table_dump(db_path)
    refused = run(["purge"])
    assert (refused.exit_code, refused.stdout, refused.stderr) == (2, "", error_line("error.needs_yes"))
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    declined = run(["purge"], input="nee\n")
    assert declined.exit_code == 1
    assert t("purge.confirm", count=2) in declined.stderr
    assert table_dump(db_path) == before
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: False)

    done = ok(["purge", "--yes"])
    assert done.stdout == "K-0001\nK-0003\n"
    assert done.stderr == message_line("purge.done", count=2, retention="18m")
    assert rows(db_path, "SELECT id, status FROM cases ORDER BY id") == [
        (2, "gesloten"), (4, "open"), (5, "open"), (6, "gesloten")]
    assert rows(db_path, "SELECT * FROM erasures ORDER BY case_id") == [
        (1, "2026-03-02T09:15:00Z"), (3, "2026-03-02T09:15:00Z")]
    assert rows(db_path, "SELECT DISTINCT case_id FROM events ORDER BY 1") == [(2,), (4,), (5,), (6,)]
    assert [(e["command"], e["cases"]) for e in audit() if e["command"] == "purge"] == [
        ("purge", ["K-0001"]), ("purge", ["K-0003"])]
    again = ok(["purge", "--yes", "--json"])
    assert json.loads(again.stdout)["cases"] == []
    ok(["verify"])


def test_purge_does_not_erase_a_case_whose_status_was_edited_by_hand(store: FixedClock, db_path: Path) -> None:
    execute(db_path, "UPDATE cases SET status = 'gesloten', closed_at = '2001-01-01T00:00:00Z' WHERE id = 2")
    result = run(["purge", "--yes"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", message_line("purge.done", count=0, retention="2y")
        + error_line("error.purge_tampered", cases="K-0002"))
    assert rows(db_path, "SELECT id FROM cases ORDER BY id") == [(1,), (2,)]
    assert rows(db_path, "SELECT * FROM erasures") == []
    assert "purge" not in [e["command"] for e in audit()]


def test_purge_erases_the_valid_cases_and_names_the_edited_ones(aged: FixedClock, db_path: Path) -> None:
    # K-0004 is open; closed "in 2001" by hand, it is a candidate whose payload does not agree.
    execute(db_path, "UPDATE cases SET status = 'gesloten', closed_at = '2001-01-01T00:00:00Z' WHERE id = 4")
    result = run(["purge", "--yes"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "K-0001\nK-0003\n", message_line("purge.done", count=2, retention="18m")
        + error_line("error.purge_tampered", cases="K-0004"))
    assert rows(db_path, "SELECT id FROM cases ORDER BY id") == [(2,), (4,), (5,), (6,)]
    assert rows(db_path, "SELECT case_id FROM erasures ORDER BY case_id") == [(1,), (3,)]


# -- inzage -----------------------------------------------------------------------------------


class StrictHTML(HTMLParser):
    """Collects the text and checks that every element is closed in order."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(text)
    parser.close()
    assert parser.stack == []
    return parser


@pytest.fixture
def history(store: FixedClock) -> FixedClock:
    ok(["note", "K-0001", "Toeslagen gebeld over de brief"])
    ok(["followup", "add", "K-0001", "Brief nasturen", "--due", "2026-03-05"])
    ok(["note", "K-0002", "Proefkonijn komt dinsdag terug"])
    ok(["show", "K-0002"])
    return store


def test_inzage_markdown_with_json_copy(history: FixedClock, tmp_path: Path) -> None:
    out = tmp_path / "uit" / "inzage.md"
    out.parent.mkdir()
    result = run(["inzage", "K-0001", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == message_line("inzage.written", path=str(out), json=str(out.with_suffix(".json")))
    assert sorted(p.name for p in out.parent.iterdir()) == ["inzage.json", "inzage.md"]

    copy = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert list(copy) == ["schema_version", "produced_at", "case", "audit", "register"]
    assert copy["schema_version"] == 1
    assert copy["produced_at"] == "2026-03-02T10:15:00+01:00"
    case = copy["case"]
    assert case["id"] == "K-0001"
    assert case["visitor"] == {"name": "Testpersoon Een", "phone": "06 12345678",
                               "email": "testpersoon.een@example.org", "bsn": "123456782", "language": "Pools",
                               "digid": "heeft", "companion": "tolk"}
    assert case["intake"]["question"] == "Brief over de huurtoeslag niet begrepen"
    assert [(e["id"], e["kind"]) for e in case["events"]] == [(1, "intake"), (3, "notitie"),
                                                            (4, "opvolging-gepland")]
    assert case["events"][1]["text"] == "Toeslagen gebeld over de brief"
    assert [f["what"] for f in case["followups"]] == ["Brief nasturen"]
    assert [(e["id"], e["command"]) for e in copy["audit"]] == [
        (2, "intake"), (4, "note"), (5, "followup add"), (8, "inzage")]
    assert all(e["cases"] == ["K-0001"] for e in copy["audit"])

    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith(f"# {t('inzage.title', case='K-0001')}\n")
    for expected in ("Testpersoon Een", "123456782", "Toeslagen gebeld over de brief", "Brief nasturen",
                     ": inzage\n"):
        assert expected in markdown, expected
    everything = markdown + out.with_suffix(".json").read_text(encoding="utf-8")
    for word in (*PRIVATE_B, "dinsdag terug"):
        assert word not in everything, word


def test_inzage_html(history: FixedClock, tmp_path: Path) -> None:
    out = tmp_path / "inzage.html"
    ok(["inzage", "K-0001", "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    parsed = parse_html(page)
    text = "".join(parsed.text)
    assert parsed.tags[:2] == ["html", "head"]
    assert {"table", "ul", "li", "h1"} <= set(parsed.tags)
    assert "Testpersoon Een" in text
    assert "123456782" in text
    assert t("inzage.title", case="K-0001") in text
    for word in (*PRIVATE_B, "dinsdag terug"):
        assert word not in page, word
    copy = json.loads((tmp_path / "inzage.json").read_text(encoding="utf-8"))
    assert copy["case"]["visitor"]["bsn"] == "123456782"
    assert copy["audit"][-1]["command"] == "inzage"


def test_inzage_html_escapes_what_the_visitor_said(store: FixedClock, tmp_path: Path) -> None:
    case = intake("--name", "Jansen & <Zn>", "--question", "Wat betekent <b>dit</b>?", "--channel", "balie")
    out = tmp_path / "j.html"
    ok(["inzage", case, "-o", str(out)])
    parsed = parse_html(out.read_text(encoding="utf-8"))
    text = "".join(parsed.text)
    assert "Jansen & <Zn>" in text
    assert "Wat betekent <b>dit</b>?" in text
    assert "zn" not in parsed.tags and "b" not in parsed.tags


def test_inzage_refusals_write_nothing(store: FixedClock, tmp_path: Path) -> None:
    unknown = run(["inzage", "K-0042", "-o", str(tmp_path / "x.md")])
    assert (unknown.exit_code, unknown.stderr) == (2, error_line("error.unknown_case", case="K-0042"))
    bad = run(["inzage", "K-0001", "-o", str(tmp_path / "x.md"), "--format", "pdf"])
    assert (bad.exit_code, bad.stderr) == (2, error_line("error.format", choices="md, html"))
    # The JSON copy is always written next to the report; it cannot be the report itself.
    as_json = run(["inzage", "K-0001", "-o", str(tmp_path / "x.json")])
    assert (as_json.exit_code, as_json.stderr) == (2, error_line("error.format", choices="md, html"))
    assert list(tmp_path.iterdir()) == [tmp_path / "store"]
    assert [e["command"] for e in audit()] == ["init", "intake", "intake"]


def test_inzage_names_no_other_case(history: FixedClock, tmp_path: Path) -> None:
    ok(["list", "--names"])
    ok(["inzage", "K-0001", "-o", str(tmp_path / "a.md")])
    everything = (tmp_path / "a.md").read_text(encoding="utf-8") + (tmp_path / "a.json").read_text(encoding="utf-8")
    assert "K-0002" not in everything
    copy = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    # The `list --names` entry is there, naming only this visitor's case.
    assert [(e["command"], e["cases"], e["detail"]) for e in copy["audit"]][-2:] == [
        ("list", ["K-0001"], "names"), ("inzage", ["K-0001"], "")]


# -- passwd -------------------------------------------------------------------------------------


def keyslots(db: Path) -> dict[str, tuple[Any, ...]]:
    return {r[0]: r[1:] for r in rows(db, "SELECT kind, kdf, salt, wrapped, checksum, created_at FROM keyslots")}


def test_passwd_changes_the_passphrase(store: FixedClock, db_path: Path) -> None:
    before_case = show_json("K-0001")
    slots = keyslots(db_path)
    result = run(["passwd"], {"LOKET_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", message_line("passwd.done"))
    old = run(["show", "K-0001"])
    assert (old.exit_code, old.stdout, old.stderr) == (3, "", error_line("error.wrong_passphrase"))
    new_env = {"LOKET_PASSPHRASE": NEW_PASSPHRASE}
    assert show_json("K-0001", new_env) == before_case
    after = keyslots(db_path)
    assert after["passphrase"][0] == slots["passphrase"][0]  # same KDF parameters
    for column in (1, 2, 3):  # a new salt, wrapping and checksum
        assert after["passphrase"][column] != slots["passphrase"][column], column
    assert after["recovery"] == slots["recovery"]
    ok(["verify"], new_env)
    ok(["audit", "verify"], new_env)


def test_passwd_refusals_change_nothing(store: FixedClock, db_path: Path) -> None:
    before = table_dump(db_path)
    wrong = run(["passwd"], {"LOKET_PASSPHRASE": "niet het wachtwoord", "LOKET_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert (wrong.exit_code, wrong.stderr) == (3, error_line("error.wrong_passphrase"))
    short = run(["passwd"], {"LOKET_NEW_PASSPHRASE": "kort"})
    assert (short.exit_code, short.stderr) == (2, error_line("error.passphrase_too_short", minimum=8))
    missing = run(["passwd"])
    assert (missing.exit_code, missing.stderr) == (3, error_line("error.new_passphrase_needed"))
    assert table_dump(db_path) == before


def test_passwd_rekdf_rewrites_the_kdf_parameters(store: FixedClock, db_path: Path) -> None:
    assert keyslots(db_path)["passphrase"][0] == '{"algorithm":"argon2id","iterations":1,"lanes":1,"memory_kib":64}'
    recovery = keyslots(db_path)["recovery"]
    ok(["passwd", "--rekdf", "--kdf-memory-kib", "128", "--kdf-iterations", "2"],
       {"LOKET_NEW_PASSPHRASE": NEW_PASSPHRASE})
    after = keyslots(db_path)
    assert after["passphrase"][0] == '{"algorithm":"argon2id","iterations":2,"lanes":1,"memory_kib":128}'
    assert after["recovery"] == recovery
    assert show_json("K-0002", {"LOKET_PASSPHRASE": NEW_PASSPHRASE})["visitor"]["name"] == "Wilma Proefkonijn"


def test_init_prints_the_recovery_key_on_stdout_only(clock: FixedClock) -> None:
    result = ok(["init", *TEST_KDF_ARGS])
    assert RECOVERY_KEY.fullmatch(result.stdout), result.stdout
    key = result.stdout.strip()
    assert key not in result.stderr
    assert t("init.recovery_intro") in result.stderr


def recovery_env(key: str) -> dict[str, str | None]:
    return {"LOKET_PASSPHRASE": None, "LOKET_RECOVERY_KEY": key, "LOKET_NEW_PASSPHRASE": NEW_PASSPHRASE}


def test_recovery_key_resets_a_forgotten_passphrase(clock: FixedClock, db_path: Path) -> None:
    key = init().stdout.strip()
    assert intake(*FULL_INTAKE) == "K-0001"
    # Typed back from paper: lower case, spaces instead of dashes.
    typed = key.lower().replace("-", " ")
    result = run(["passwd", "--recovery"], recovery_env(typed))
    assert (result.exit_code, result.stderr) == (0, message_line("passwd.done"))
    assert run(["show", "K-0001"]).exit_code == 3
    assert show_json("K-0001", {"LOKET_PASSPHRASE": NEW_PASSPHRASE})["visitor"]["bsn"] == "*****6782"
    trail = data(["audit"], {"LOKET_PASSPHRASE": NEW_PASSPHRASE})
    assert trail[0] == entry(1, "init", detail="recovery")
    assert trail[2] == entry(3, "passwd", detail="recovery")
    # The recovery key keeps working for the next time.
    again = run(["passwd", "--recovery"], {**recovery_env(key), "LOKET_NEW_PASSPHRASE": "derde wachtwoord"})
    assert again.exit_code == 0, again.stderr
    assert run(["show", "K-0001"], {"LOKET_PASSPHRASE": "derde wachtwoord"}).exit_code == 0


def test_wrong_recovery_key_changes_nothing(clock: FixedClock, db_path: Path) -> None:
    key = init().stdout.strip()
    before = table_dump(db_path)
    wrong = "-".join(["ABCD"] * 13)
    assert wrong != key
    for attempt in (wrong, "ABCD-EFGH", key + "-ABCD"):
        result = run(["passwd", "--recovery"], recovery_env(attempt))
        assert (result.exit_code, result.stderr) == (3, error_line("error.wrong_recovery_key")), attempt
    missing = run(["passwd", "--recovery"], {**recovery_env(""), "LOKET_RECOVERY_KEY": None})
    assert (missing.exit_code, missing.stderr) == (3, error_line("error.recovery_needed"))
    assert table_dump(db_path) == before
    assert ok(["list"]).exit_code == 0  # the old passphrase still opens the store


def test_recovery_without_a_recovery_slot(clock: FixedClock, db_path: Path) -> None:
    result = init("--no-recovery-key")
    assert result.stdout == ""
    assert t("init.warning_no_recovery") in result.stderr
    assert [r[0] for r in rows(db_path, "SELECT kind FROM keyslots")] == ["passphrase"]
    assert audit() == [entry(1, "init")]
    refused = run(["passwd", "--recovery"], recovery_env("-".join(["ABCD"] * 13)))
    assert (refused.exit_code, refused.stderr) == (2, error_line("error.no_recovery_slot"))
    ok(["list"])


def test_damaged_recovery_slot_reads_as_damage(clock: FixedClock, db_path: Path) -> None:
    key = init().stdout.strip()
    flip_byte(db_path, "keyslots", "wrapped", "recovery", 20, where="kind")  # type: ignore[arg-type]
    before = table_dump(db_path)
    result = run(["passwd", "--recovery"], recovery_env(key))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.corrupt_keyslot"))
    assert table_dump(db_path) == before


@pytest.mark.parametrize("when", ["before-writing", "after-writing"])
def test_passwd_crash_keeps_the_old_passphrase(store: FixedClock, db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               when: str) -> None:
    before = table_dump(db_path)
    real_save = loketcli.storage.keyslots.save_slot
    calls: list[str] = []

    def crashing_save(conn: sqlite3.Connection, slot: Any, created_at: str) -> None:
        calls.append(slot.kind)
        if when == "after-writing":
            real_save(conn, slot, created_at)
        raise RuntimeError("simulated crash")

    with monkeypatch.context() as patch:
        # keys.py imported the function by name: patch it where it is looked up, too.
        patch.setattr(loketcli.storage.keyslots, "save_slot", crashing_save)
        patch.setattr(loketcli.services.keys, "save_slot", crashing_save)
        result = run(["passwd"], {"LOKET_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert calls == ["passphrase"]
    assert (result.exit_code, result.stderr) == (1, error_line("error.unexpected", kind="RuntimeError"))
    assert table_dump(db_path) == before
    assert run(["show", "K-0001"], {"LOKET_PASSPHRASE": NEW_PASSPHRASE}).exit_code == 3
    assert show_json("K-0001")["visitor"]["name"] == "Testpersoon Een"


# -- backup, restore, verify ----------------------------------------------------------------------


def expected_count(db: Path) -> int:
    # Per case its key, its payload and its state MAC; every event, follow-up
    # and audit entry; and the one meta MAC.
    (count,) = rows(db, "SELECT 3 * (SELECT count(*) FROM cases) + (SELECT count(*) FROM events)"
                        " + (SELECT count(*) FROM followups) + (SELECT count(*) FROM audit) + 1")[0]
    return int(count)


def test_backup_is_a_verified_encrypted_copy(store: FixedClock, db_path: Path, tmp_path: Path) -> None:
    ok(["note", "K-0001", "Voor de back-up"])
    target = tmp_path / "b.db"
    result = run(["backup", str(target)])
    assert result.exit_code == 0, result.stderr
    count = expected_count(target)
    assert result.stderr == message_line("backup.done", path=str(target), count=count)
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".loket")] == []
    # The `backup` entry is written once the copy succeeded: in the live trail, not in the copy.
    assert rows(target, "SELECT command FROM audit ORDER BY id") == [("init",), ("intake",), ("intake",), ("note",)]
    checked = run(["verify", "--db", str(target)])
    assert (checked.exit_code, checked.stderr) == (0, message_line("verify.ok", count=count))
    assert show_json("K-0001", {"LOKET_DB": str(target)})["events"][-1]["text"] == "Voor de back-up"
    wrong = run(["show", "K-0001", "--db", str(target)], {"LOKET_PASSPHRASE": "niet het wachtwoord"})
    assert wrong.exit_code == 3
    for word in PRIVATE_A:
        assert word.encode() not in target.read_bytes(), word
    assert [e["command"] for e in audit()][3:5] == ["note", "backup"]


def test_backup_refuses_to_overwrite_without_force(store: FixedClock, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    target.write_bytes(b"iets anders")
    refused = run(["backup", str(target)])
    assert (refused.exit_code, refused.stderr) == (1, error_line("error.backup_exists"))
    assert target.read_bytes() == b"iets anders"
    ok(["backup", str(target), "--force"])
    assert ok(["verify", "--db", str(target)]).exit_code == 0


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="a FIFO stands in for a device (POSIX)")
def test_backup_over_a_fifo_is_refused_even_with_force(store: FixedClock, tmp_path: Path, db_path: Path) -> None:
    # As root, `backup /dev/null --force` renamed the copy over the device node; a FIFO stands in here.
    import os
    import stat

    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    before = table_dump(db_path)
    for args in (["backup", str(fifo)], ["backup", str(fifo), "--force"]):
        refused = run(args)
        assert (refused.exit_code, refused.stdout, refused.stderr) == (2, "", error_line("error.write_not_a_file"))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p != db_path.parent) == ["pijp"]
    assert table_dump(db_path) == before


def test_backup_into_a_missing_directory(store: FixedClock, tmp_path: Path, db_path: Path) -> None:
    before = table_dump(db_path)
    result = run(["backup", str(tmp_path / "bestaat-niet" / "b.db")])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.write_file"))
    assert not (tmp_path / "bestaat-niet").exists()
    # Refused before anything was written: no `backup` entry in the trail either.
    assert table_dump(db_path) == before


def test_restore_refusals_leave_the_live_store_alone(store: FixedClock, db_path: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    ok(["backup", str(backup)])
    ok(["note", "K-0001", "Na de back-up"])
    before = snapshot(db_path.parent)
    no_yes = run(["restore", str(backup)])
    assert (no_yes.exit_code, no_yes.stderr) == (2, error_line("error.needs_yes"))
    assert snapshot(db_path.parent) == before
    wrong = run(["restore", str(backup), "--yes"], {"LOKET_PASSPHRASE": "niet het wachtwoord"})
    assert (wrong.exit_code, wrong.stderr) == (3, error_line("error.wrong_passphrase"))
    assert snapshot(db_path.parent) == before
    missing = run(["restore", str(tmp_path / "weg.db"), "--yes"])
    assert (missing.exit_code, missing.stderr) == (1, error_line("error.backup_missing"))
    assert snapshot(db_path.parent) == before
    assert [p.name for p in db_path.parent.iterdir()] == ["loket.db"]
    assert show_json("K-0001")["events"][-1]["text"] == "Na de back-up"


def test_restore_refuses_when_the_live_store_cannot_be_read(store: FixedClock, db_path: Path,
                                                            tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    ok(["backup", str(backup)])
    backup_bytes = backup.read_bytes()
    # Without the live store's list of erased cases, a restore could bring an erased case back.
    # The snapshot first closes connections the in-process commands left for the
    # garbage collector: closed later, one would checkpoint its WAL into the rubbish.
    snapshot(db_path.parent)
    db_path.write_bytes(b"geen SQLite maar rommel " * 200)
    before = snapshot(db_path.parent)
    result = run(["restore", str(backup), "--yes"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.restore_ledger"))
    assert snapshot(db_path.parent) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["loket.db"]  # no scratch directory left
    assert backup.read_bytes() == backup_bytes
    # Moved aside, the damaged file no longer blocks the restore.
    db_path.rename(tmp_path / "beschadigd.db")
    restored = run(["restore", str(backup)])
    assert restored.exit_code == 0, restored.stderr
    assert show_json("K-0002")["visitor"]["name"] == "Wilma Proefkonijn"


def test_restore_keeps_erased_cases_erased(store: FixedClock, db_path: Path, tmp_path: Path) -> None:
    assert intake("--name", "Derde Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0003"
    backup = tmp_path / "b.db"
    ok(["backup", str(backup)])
    at_backup = show_json("K-0002")
    ok(["erase", "K-0001", "--yes"])
    ok(["note", "K-0002", "Na de back-up"])
    result = run(["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == message_line("restore.done", count=expected_count(db_path), erased=1)
    gone = run(["show", "K-0001"])
    assert (gone.exit_code, gone.stderr) == (2, error_line("error.unknown_case", case="K-0001"))
    assert show_json("K-0002") == at_backup  # the later note is gone with the restore
    assert show_json("K-0003")["visitor"]["name"] == "Derde Bezoeker"
    assert rows(db_path, "SELECT case_id FROM erasures") == [(1,)]
    assert rows(db_path, "SELECT DISTINCT case_id FROM events ORDER BY 1") == [(2,), (3,)]
    restored = [e for e in audit() if e["command"] == "restore"]
    assert [(e["cases"], e["detail"]) for e in restored] == [(["K-0001"], "erasures=1")]
    ok(["verify"])
    ok(["audit", "verify"])
    # The backup file itself was only read.
    assert rows(backup, "SELECT id FROM cases ORDER BY id") == [(1,), (2,), (3,)]


def test_restore_never_reuses_an_erased_number(store: FixedClock, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    ok(["backup", str(backup)])
    assert intake("--name", "Derde Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0003"
    ok(["erase", "K-0003", "--yes"])
    ok(["restore", str(backup), "--yes"])
    assert intake("--name", "Vierde Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0004"


def test_a_later_restore_keeps_a_new_case(store: FixedClock, tmp_path: Path) -> None:
    ok(["backup", str(tmp_path / "b1.db")])
    intake("--name", "Derde Bezoeker", "--question", "Vraag", "--channel", "balie")
    ok(["erase", "K-0003", "--yes"])
    ok(["restore", str(tmp_path / "b1.db"), "--yes"])
    new = intake("--name", "Vierde Bezoeker", "--question", "Vraag", "--channel", "balie")
    assert new == "K-0004"
    ok(["backup", str(tmp_path / "b2.db")])
    ok(["restore", str(tmp_path / "b2.db"), "--yes"])
    assert show_json(new)["visitor"]["name"] == "Vierde Bezoeker"


def _restore_from_before_cases_3_and_4(tmp_path: Path) -> Result:
    """Backup at K-0002, then K-0003 and K-0004, then that backup put back (passphrase on stdin)."""
    ok(["backup", str(tmp_path / "old.db")])
    assert intake("--name", "Derde Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0003"
    assert intake("--name", "Vierde Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0004"
    ok(["backup", str(tmp_path / "new.db")])
    return run(["restore", str(tmp_path / "old.db"), "--yes"], {"LOKET_PASSPHRASE": None}, input=PASSPHRASE + "\n")


def test_a_restore_from_before_later_cases_verifies(store: FixedClock, interactive: None, db_path: Path,
                                                    tmp_path: Path) -> None:
    """K-0003 and K-0004 were left out by a deliberate, audited restore: not missing, and never handed out again."""
    restored = _restore_from_before_cases_3_and_4(tmp_path)
    # (CliRunner echoes the hidden answer's line end to stdout.)
    assert (restored.exit_code, restored.stdout.strip(), restored.stderr) == (
        0, "", t("prompt.passphrase") + ":" + message_line("restore.done", count=expected_count(db_path), erased=0)
        + message_line("restore.left_out", count=2))
    assert rows(db_path, "SELECT value FROM meta WHERE key = 'restore.left_out'") == [("3-4",)]
    result = run(["verify"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", message_line("verify.ok", count=expected_count(db_path)))
    assert data(["verify"])["missing"] == []
    restores = [(e["cases"], e["detail"]) for e in audit() if e["command"] == "restore"]
    assert restores == [([], "erasures=0 left_out=3-4")]
    gone = run(["show", "K-0003"])
    assert (gone.exit_code, gone.stderr) == (2, error_line("error.unknown_case", case="K-0003"))
    assert intake("--name", "Vijfde Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0005"
    ok(["verify"])
    # Put back the newer backup: K-0003 and K-0004 return; now K-0005 is the one left out.
    again = ok(["restore", str(tmp_path / "new.db"), "--yes"])
    assert again.stderr == (message_line("restore.done", count=expected_count(db_path), erased=0)
                            + message_line("restore.left_out", count=1))
    assert show_json("K-0004")["visitor"]["name"] == "Vierde Bezoeker"
    assert rows(db_path, "SELECT value FROM meta WHERE key = 'restore.left_out'") == [("5",)]
    assert [e["detail"] for e in audit() if e["command"] == "restore"] == ["erasures=0 left_out=5"]
    ok(["verify"])


def test_a_case_deleted_by_hand_after_such_a_restore_is_still_missing(store: FixedClock, interactive: None,
                                                                      db_path: Path, tmp_path: Path) -> None:
    assert _restore_from_before_cases_3_and_4(tmp_path).exit_code == 0
    snapshot(db_path.parent)  # closes connections the in-process commands left open
    for table, column in (("events", "case_id"), ("cases", "id")):
        execute(db_path, f"DELETE FROM {table} WHERE {column} = 2")
    result = run(["verify"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", message_line("verify.missing_case", case="K-0002") + message_line("verify.index_failure", case="K-0002")
        + error_line("error.case_missing", case="K-0002"))
    # Nor can the record of what the restore left out be widened to cover it: it is under the meta MAC.
    execute(db_path, "UPDATE meta SET value = '2-4' WHERE key = 'restore.left_out'")
    widened = run(["verify"])
    assert (widened.exit_code, widened.stdout, widened.stderr) == (
        1, "", message_line("verify.index_failure", case="K-0002") + error_line("error.meta_tampered"))


def test_the_left_out_numbers_are_written_and_read_as_ranges(db_path: Path) -> None:
    from loketcli.storage.state import left_out_by_restore, number_ranges

    assert number_ranges([9, 3, 4, 5, 11, 12, 4]) == "3-5,9,11-12"
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY AUTOINCREMENT)")
    conn.execute("INSERT INTO cases (id) VALUES (12)")
    assert left_out_by_restore(conn) == frozenset()
    conn.execute("INSERT INTO meta VALUES ('restore.left_out', '3-5,9,11-12')")
    assert left_out_by_restore(conn) == {3, 4, 5, 9, 11, 12}
    # Never above the case counter, however wide the range written.
    conn.execute("UPDATE meta SET value = '11-999999999999999999' WHERE key = 'restore.left_out'")
    assert left_out_by_restore(conn) == {11, 12}
    # Anything else counts as nothing left out, so those numbers show as missing.
    for bad in ("", "5-3", "3-", "-3", "3,,4", "x", "3-4-5", " 3"):
        conn.execute("UPDATE meta SET value = ? WHERE key = 'restore.left_out'", (bad,))
        assert left_out_by_restore(conn) == frozenset(), bad


def test_restore_onto_an_empty_place(store: FixedClock, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    ok(["backup", str(backup)])
    (tmp_path / "nieuw").mkdir()
    fresh = tmp_path / "nieuw" / "loket.db"
    result = run(["restore", str(backup), "--db", str(fresh)])  # nothing to replace: no --yes needed
    assert result.exit_code == 0, result.stderr
    assert show_json("K-0002", {"LOKET_DB": str(fresh)})["visitor"]["name"] == "Wilma Proefkonijn"
    assert fresh.stat().st_mode & 0o777 == 0o600


def test_verify_counts_every_sealed_value(store: FixedClock, db_path: Path) -> None:
    ok(["note", "K-0001", "Notitie"])
    ok(["followup", "add", "K-0002", "Terugbellen", "--due", "morgen"])
    result = run(["verify"])
    count = expected_count(db_path)
    # 2 cases x (key, payload, state MAC), 4 events, 1 follow-up, 5 audit entries
    # (init, 2 intakes, note, followup add), the meta MAC.
    assert count == 2 * 3 + 4 + 1 + 5 + 1
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", message_line("verify.ok", count=count))
    assert data(["verify"]) == {"integrity": "ok", "checked": count, "failures": [], "keyslots": [], "state": [],
                                "missing": [], "erased_present": [], "meta_intact": True, "audit_intact": True,
                                "index": [], "index_intact": True, "ok": True}


def test_verify_names_a_damaged_event(store: FixedClock, db_path: Path) -> None:
    ok(["note", "K-0002", "Notitie"])
    ok(["note", "K-0001", "Notitie"])
    (event_id,) = rows(db_path, "SELECT max(id) FROM events WHERE case_id = 2")[0]
    assert event_id == 3
    flip_byte(db_path, "events", "payload", event_id, 20)
    result = run(["verify"])
    assert (result.exit_code, result.stdout) == (1, "")
    # The changed bytes are also a changed row of K-0002's state.
    assert result.stderr == (message_line("verify.failure", table="events", id=3)
                             + message_line("verify.state_failure", case="K-0002")
                             + error_line("error.verify_failed", count=1))
    shown = run(["show", "K-0002"])
    assert (shown.exit_code, shown.stderr) == (1, error_line("error.tampered_record", table="events", id=3))
    assert show_json("K-0001")["id"] == "K-0001"  # the other case still opens


def test_restore_into_a_new_directory(store: FixedClock, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    ok(["backup", str(backup)])
    fresh = tmp_path / "nieuw" / "loket.db"
    result = run(["restore", str(backup), "--db", str(fresh)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == message_line("restore.done", count=expected_count(fresh), erased=0)
    assert sorted(p.name for p in fresh.parent.iterdir()) == ["loket.db"]
    assert show_json("K-0002", {"LOKET_DB": str(fresh)})["visitor"]["name"] == "Wilma Proefkonijn"
    assert fresh.stat().st_mode & 0o777 == 0o600
