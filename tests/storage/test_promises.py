"""Issue 23: what the vault promises, held against a second attack review. Each
attack is done behind loket's back with sqlite3, on synthetic data only."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from loket_testkit import UNLOCKED, copy_fixture_store, error_line, execute, init_store, intake, invoke, rows

from loketcli.i18n import t

NAME = "Zeldzaamnaam Testpersoon"
INTAKE = ["--name", NAME, "--question", "Vraag over de huurtoeslag", "--channel", "balie", "--agency", "uwv",
          "--minutes", "10", "--consent", "--bsn", "123456782"]


def ok(args: list[str]) -> str:
    result = invoke(args, env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def refused(args: list[str], key: str, code: int = 1, **params: object) -> None:
    result = invoke(args, env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", error_line(key, **params))


def copy_of(db: Path, to: Path) -> Path:
    source, target = sqlite3.connect(db), sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return to


@pytest.fixture
def store(db_path: Path) -> Path:
    init_store()
    assert intake(*INTAKE) == "K-0001"
    assert intake(*INTAKE) == "K-0002"
    ok(["note", "K-0002", "een notitie"])
    ok(["followup", "add", "K-0002", "terugbellen", "--due", "morgen"])
    return db_path


# -- 4. an erased case stays erased ------------------------------------------------------------------


def test_an_erased_case_put_back_from_an_older_copy_is_refused_everywhere(store: Path, tmp_path: Path) -> None:
    old = copy_of(store, tmp_path / "old.db")
    ok(["erase", "K-0002", "--yes"])
    # Its rows and the index rows the erasure rewrote, from the older copy.
    execute(store, f"ATTACH '{old}' AS old",
            "INSERT INTO cases SELECT * FROM old.cases WHERE id = 2",
            "INSERT INTO events SELECT * FROM old.events WHERE case_id = 2",
            "INSERT INTO followups SELECT * FROM old.followups WHERE case_id = 2",
            "DELETE FROM search_buckets", "INSERT INTO search_buckets SELECT * FROM old.search_buckets",
            "INSERT INTO search_cases SELECT * FROM old.search_cases WHERE case_id = 2")
    for args in (["show", "K-0002"], ["list"], ["find", "123456782"], ["find", "huurtoeslag"], ["summary", "K-0002"],
                 ["note", "K-0002", "nog een"], ["followup", "list", "--all"]):
        refused(args, "error.case_erased_back", case="K-0002")
    result = invoke(["verify"], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stderr == (t("verify.erased_case", case="K-0002") + "\n"
                             + error_line("error.case_erased_back", case="K-0002"))
    # The other case is untouched, and erasing it again is the way out.
    assert NAME in ok(["show", "K-0001"])
    ok(["erase", "K-0002", "--yes"])
    ok(["verify"])


# -- 3. a cut audit tail stays seen ------------------------------------------------------------------


def test_a_cut_audit_tail_with_its_counter_set_back_stays_detected(store: Path) -> None:
    ok(["show", "K-0001"])
    ok(["show", "K-0002"])
    (last,) = rows(store, "SELECT max(id) FROM audit")[0]
    execute(store, f"DELETE FROM audit WHERE id > {last - 2}",
            f"UPDATE sqlite_sequence SET seq = {last - 2} WHERE name = 'audit'")
    ok(["show", "K-0001"])  # audited: the entry after the cut takes the next id, so no gap shows
    assert rows(store, "SELECT max(id) FROM audit")[0][0] == last - 1
    refused(["audit", "verify"], "error.audit_truncated", count=last - 1)
    result = invoke(["verify"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (1, error_line("error.audit_truncated", count=last - 1))
    ok(["note", "K-0001", "later"])  # still so after more commands
    refused(["audit", "verify"], "error.audit_truncated", count=last)


def test_a_wiped_trail_with_its_head_removed_is_refused(store: Path) -> None:
    execute(store, "DELETE FROM audit", "DELETE FROM meta WHERE key = 'audit_head'",
            "DELETE FROM sqlite_sequence WHERE name = 'audit'")
    refused(["show", "K-0001"], "error.meta_tampered")
    result = invoke(["verify"], env=UNLOCKED)
    assert (result.exit_code, result.stderr) == (1, error_line("error.meta_tampered"))


def test_a_trail_emptied_under_its_head_stays_detected(store: Path) -> None:
    execute(store, "DELETE FROM audit", "DELETE FROM sqlite_sequence WHERE name = 'audit'")
    ok(["show", "K-0001"])  # entry 1 again, but the head still names the old last entry
    refused(["audit", "verify"], "error.audit_truncated", count=1)


# -- 6. the transfer tables are under the meta MAC --------------------------------------------------------


def _desk(db: Path) -> list[str]:
    return ["--db", str(db)]


@pytest.fixture
def received(store: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Store B received K-0002 from this store (A); A knows B as a colleague."""
    bea = tmp_path / "bea" / "loket.db"
    init_store(bea)
    ok(["colleague", "add", "Bea", ok(["identity", *_desk(bea)]).strip()])
    ok(["colleague", "add", "Aad", ok(["identity"]).strip(), *_desk(bea)])
    transfer = tmp_path / "K-0002.loket"
    result = invoke(["transfer", "send", "K-0002", "--to", "Bea", "-o", str(transfer)], env=UNLOCKED, input="reden\n")
    assert result.exit_code == 0, result.stderr
    ok(["transfer", "receive", str(transfer), *_desk(bea)])
    return bea, transfer


def test_a_deleted_ledger_row_cannot_import_a_file_twice(received: tuple[Path, Path]) -> None:
    bea, transfer = received
    execute(bea, "DELETE FROM transfers_received")
    result = invoke(["transfer", "receive", str(transfer), *_desk(bea)], env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.meta_tampered"))
    assert rows(bea, "SELECT count(*) FROM cases") == [(1,)]


def test_a_removed_colleague_put_back_is_not_trusted(store: Path, received: tuple[Path, Path], tmp_path: Path) -> None:
    old = copy_of(store, tmp_path / "old.db")
    ok(["colleague", "remove", "Bea"])
    execute(store, f"ATTACH '{old}' AS old", "INSERT INTO colleagues SELECT * FROM old.colleagues")
    result = invoke(["colleague", "list"], env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.meta_tampered"))
    refused(["show", "K-0001"], "error.meta_tampered")


@pytest.mark.parametrize("sql", [
    "UPDATE transfer_identity SET created_at = '2020-01-01T00:00:00Z'",
    "DELETE FROM transfer_identity",
    "DELETE FROM colleagues",
])
def test_the_transfer_tables_are_authenticated(received: tuple[Path, Path], store: Path, sql: str) -> None:
    execute(store, sql)
    refused(["list"], "error.meta_tampered")
    result = invoke(["verify", "--json"], env=UNLOCKED)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["meta_intact"] is False


V9_ENV = {"LOKET_PASSPHRASE": "fixtuur wachtwoord 9"}


@pytest.fixture
def store_v9(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_fixture_store(9, db_path, monkeypatch)
    return db_path


def test_the_migration_puts_the_transfer_tables_under_the_meta_mac(store_v9: Path) -> None:
    assert invoke(["verify"], env=V9_ENV).exit_code == 0
    assert rows(store_v9, "SELECT value FROM meta WHERE key = 'state.meta_format'") == [("2",)]
    execute(store_v9, "INSERT INTO transfers_received VALUES ('00', '2026-01-01T00:00:00Z')")
    result = invoke(["list"], env=V9_ENV)
    assert (result.exit_code, result.stderr) == (1, error_line("error.meta_tampered"))


def test_the_migration_does_not_re_mac_a_tampered_meta(store_v9: Path) -> None:
    execute(store_v9, "INSERT OR REPLACE INTO meta (key, value) VALUES ('setting.retention', '1d')")
    result = invoke(["list"], env=V9_ENV)
    assert (result.exit_code, result.stderr) == (1, error_line("error.meta_tampered"))
    assert rows(store_v9, "SELECT count(*) FROM meta WHERE key = 'state.meta_format'") == [(0,)]
    assert invoke(["verify"], env=V9_ENV).exit_code == 1


# -- 2. the clear audit trail links no one -------------------------------------------------------------


def test_find_and_recognise_entries_keep_their_case_ids_sealed(store: Path) -> None:
    # K-0002's intake recognised K-0001 (same BSN and name); both share the BSN.
    ok(["find", "123456782"])
    ok(["find", NAME])
    trail = rows(store, "SELECT id, command, case_ids, detail FROM audit WHERE command IN ('find', 'recognise')"
                 " ORDER BY id")
    assert [r[1] for r in trail] == ["recognise", "find", "find"]
    for _, _, ids, detail in trail:
        assert ids.startswith("s:") and detail == ""
        assert "," not in ids
    # With the key they read as before, and count for each case.
    shown = json.loads(ok(["audit", "--json"]))
    assert [(e["command"], e["cases"]) for e in shown if e["command"] in ("find", "recognise")] == [
        ("recognise", ["K-0001"]), ("find", ["K-0001", "K-0002"]), ("find", ["K-0001", "K-0002"])]
    assert [e["command"] for e in json.loads(ok(["audit", "--case", "K-0002", "--json"]))] == [
        "intake", "note", "followup add", "find", "find"]
    ok(["audit", "verify"])
    ok(["verify"])


def test_a_damaged_sealed_id_list_names_its_entry(store: Path) -> None:
    ok(["find", "123456782"])
    ((entry_id, ids),) = rows(store, "SELECT id, case_ids FROM audit WHERE command = 'find'")
    import base64
    blob = bytearray(base64.b64decode(ids[2:]))
    blob[-1] ^= 1
    execute(store, f"UPDATE audit SET case_ids = 's:{base64.b64encode(bytes(blob)).decode()}' WHERE id = {entry_id}")
    refused(["audit"], "error.tampered_record", table="audit", id=entry_id)
    result = invoke(["verify"], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == t("verify.failure", table="audit", id=entry_id)


# -- 5. a whole case deleted is noticed by whatever lists or counts cases ----------------------------------


def test_a_whole_case_deleted_is_refused_by_every_listing_and_count(store: Path) -> None:
    execute(store, "DELETE FROM followups WHERE case_id = 2", "DELETE FROM events WHERE case_id = 2",
            "DELETE FROM cases WHERE id = 2", "DELETE FROM search_cases WHERE case_id = 2")
    for args in (["list"], ["find", "huurtoeslag"], ["find", "123456782"], ["today"], ["agenda"],
                 ["followup", "list"], ["stats", "--month", "2026-03"], ["export", "--from", "2026-01-01"],
                 ["report", "--month", "2026-03", "-o", str(store.parent / "r.html")]):
        refused(args, "error.case_missing", case="K-0002")
    # A single other case is still there to be seen.
    assert NAME in ok(["show", "K-0001"])


def test_an_erased_case_and_cases_a_restore_left_out_are_not_missing(store: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    ok(["backup", str(backup)])
    assert intake(*INTAKE) == "K-0003"
    ok(["erase", "K-0001", "--yes"])
    result = invoke(["restore", str(backup), "--yes"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert "K-0002" in ok(["list"])
    ok(["stats", "--month", "2026-03"])


# -- 11. a FIFO (or a device) where a file was expected ---------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO nobody writes to. Should a command still open it for reading and
    wait, a writer comes after five seconds, so the test fails instead of hanging."""
    import os
    import threading

    path = tmp_path / "fifo"
    os.mkfifo(path)
    stop = threading.Event()

    def unblock() -> None:
        if not stop.wait(5):
            fd = os.open(path, os.O_RDWR)
            os.close(fd)

    writer = threading.Thread(target=unblock, daemon=True)
    writer.start()
    yield path
    stop.set()
    writer.join()


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize(("args", "env", "key", "params"), [
    (["transfer", "receive", "{fifo}"], {}, "error.transfer_unreadable", {}),
    (["stats", "merge", "{fifo}"], {}, "error.merge_file", {"path": "{fifo}"}),
    (["report", "{fifo}", "-o", "{out}"], {}, "error.merge_file", {"path": "{fifo}"}),
    (["intake", "--from-json", "{fifo}"], {}, "error.json_input_unreadable", {"source": "{fifo}"}),
    (["intake", "--name", "Iemand", "--question", "Vraag", "--channel", "balie"], {"LOKET_VOCAB": "{fifo}"},
     "error.desk_vocab.unreadable", {"path": "{fifo}"}),
    (["list", "--passphrase-file", "{fifo}"], {"LOKET_PASSPHRASE": None}, "error.passphrase_file", {}),
])
def test_a_fifo_is_refused_at_once(store: Path, fifo: Path, args: list[str], env: dict[str, str | None], key: str,
                                   params: dict[str, str]) -> None:
    import time

    def fill(text: str) -> str:
        return text.replace("{fifo}", str(fifo)).replace("{out}", str(store.parent / "r.html"))

    started = time.monotonic()
    result = invoke([fill(a) for a in args], env={**UNLOCKED, **{k: fill(v) if v else v for k, v in env.items()}})
    assert time.monotonic() - started < 4
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", error_line(key, **{k: fill(v) for k, v in params.items()}))


# -- 9. Markdown outputs show stored text as typed ------------------------------------------------------


ROGUE = "![x](https://evil.example/t.png) [klik](https://evil.example/) *Vet* `code` ~~weg~~ a\\_b"


def test_markdown_outputs_render_no_image_link_or_emphasis_from_stored_text(db_path: Path, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    init_store()
    assert intake("--name", ROGUE, "--question", ROGUE, "--channel", "balie", "--agency", "uwv") == "K-0001"
    ok(["followup", "add", "K-0001", ROGUE, "--due", "morgen"])
    ok(["inzage", "K-0001", "-o", str(tmp_path / "inzage.md")])
    documents = {
        "summary": ok(["summary", "K-0001", "--format", "md"]),
        "visitor": ok(["summary", "K-0001", "--for-visitor", "--format", "md"]),
        "inzage": (tmp_path / "inzage.md").read_text(encoding="utf-8"),
        "export": ok(["export", "--names", "--format", "md", "--from", "2020-01-01"]),
    }
    renderer = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    for name, document in documents.items():
        html = renderer.render(document)
        for tag in ("<img", "<a ", "<em>", "<strong>", "<code>", "<s>"):
            assert tag not in html, (name, tag)
        # Shown as typed, every character of it.
        assert "![x](https://evil.example/t.png) [klik](https://evil.example/) *Vet* `code` ~~weg~~" in html, name
    # The text outputs are as before: nothing escaped there.
    assert ROGUE in ok(["summary", "K-0001"])


def test_verify_names_a_deleted_case_that_an_erased_one_put_back_offsets(store: Path, tmp_path: Path) -> None:
    old = copy_of(store, tmp_path / "old.db")
    assert intake(*INTAKE) == "K-0003"
    ok(["erase", "K-0002", "--yes"])
    execute(store, f"ATTACH '{old}' AS old", "INSERT INTO cases SELECT * FROM old.cases WHERE id = 2",
            "INSERT INTO events SELECT * FROM old.events WHERE case_id = 2",
            "INSERT INTO followups SELECT * FROM old.followups WHERE case_id = 2",
            "DELETE FROM events WHERE case_id = 3", "DELETE FROM cases WHERE id = 3")
    result = invoke(["verify"], env=UNLOCKED)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert t("verify.missing_case", case="K-0003") in lines
    assert t("verify.erased_case", case="K-0002") in lines


def test_a_key_rotation_re_seals_the_sealed_ids(store: Path) -> None:
    ok(["find", "123456782"])
    ((before,),) = rows(store, "SELECT case_ids FROM audit WHERE command = 'find'")
    result = invoke(["passwd", "--rotate-key"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    ((after,),) = rows(store, "SELECT case_ids FROM audit WHERE command = 'find'")
    assert after.startswith("s:") and after != before
    shown = json.loads(ok(["audit", "--json"]))
    assert [e["cases"] for e in shown if e["command"] == "find"] == [["K-0001", "K-0002"]]
    ok(["audit", "verify"])
    ok(["verify"])
