"""The sealed search index (issue 14): an intake recognises a returning visitor,
`find` answers exact values from the index, the index stays exact through every
write path, and the file shows nothing of it but fixed, sealed rows."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from loket_testkit import PASSPHRASE, UNLOCKED, error_line, flip_byte, init_store, intake, invoke, loket_executable

import loketcli.cli.prompts
import loketcli.storage.search_index
from loketcli.domain.model import Visitor
from loketcli.domain.search import KeyKind, query_keys, visitor_keys
from loketcli.i18n import t
from loketcli.storage.schema import LATEST_VERSION
from loketcli.storage.search_index import BUCKETS, IndexKeys, bucket_of, token

FIRST = ["--name", "Ĳsbrand Éénhoorn", "--question", "Brief over de huurtoeslag", "--channel", "balie",
         "--bsn", "123456782", "--phone", "06-12345678", "--email", "Kees.Test@Example.org"]
OTHER = ["--question", "Nog een vraag", "--channel", "telefoon"]


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = invoke(args, env=UNLOCKED, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def recognised_line(case: str, fields: str, status: str = "open") -> str:
    from loketcli.domain import clock

    return t("intake.recognised", case=case, status=t(f"status.{status}"),
             date=clock.local(clock.now()).strftime("%d-%m-%Y"), fields=fields)


def done(case: str) -> str:
    return t("intake.done", case=case)


@pytest.fixture
def known() -> None:
    init_store()
    assert intake(*FIRST) == "K-0001"


# -- recognition at intake ------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "fields"), [
    (["--name", "Iemand Anders", "--bsn", "123456782"], "bsn"),
    (["--name", "Iemand Anders", "--bsn", "1234 56 782"], "bsn"),
    (["--name", "Iemand Anders", "--bsn", "1234.56.782"], "bsn"),
    (["--name", "Iemand Anders", "--phone", "+31 6 1234 5678"], "telefoon"),
    (["--name", "Iemand Anders", "--phone", "0031 6 12345678"], "telefoon"),
    (["--name", "Iemand Anders", "--phone", "06 1234 5678"], "telefoon"),
    (["--name", "Iemand Anders", "--email", "KEES.TEST@example.ORG"], "e-mail"),
    (["--name", "ijsbrand eenhoorn"], "naam"),
    (["--name", "  IJSBRAND   ÉÉNHOORN "], "naam"),
    (["--name", "Ĳsbrand Éénhoorn", "--bsn", "123456782", "--email", "kees.test@example.org"], "bsn, e-mail, naam"),
])
def test_a_script_intake_warns_and_opens_the_case(known: None, extra: list[str], fields: str) -> None:
    code, out, err = run(["intake", *OTHER, *extra])
    assert (code, out) == (0, "K-0002\n")
    assert err.splitlines()[-2:] == [recognised_line("K-0001", fields), done("K-0002")]
    # Never the other visitor's name, nor any of their details.
    for secret in ("Ĳsbrand", "ijsbrand", "Éénhoorn", "123456782", "Kees", "12345678"):
        assert secret.casefold() not in err.casefold() or secret.casefold() in " ".join(extra).casefold()
    assert "Ĳsbrand" not in err


@pytest.mark.parametrize("extra", [
    ["--name", "Iemand Éénhoorn"],  # a shared surname is not the same visitor
    ["--name", "Iemand Anders", "--bsn", "111222333"],
    ["--name", "Iemand Anders", "--phone", "06-12345679"],
    ["--name", "Iemand Anders", "--email", "kees.test@example.com"],
])
def test_no_recognition_without_a_shared_key(known: None, extra: list[str]) -> None:
    code, out, err = run(["intake", *OTHER, *extra])
    assert (code, out) == (0, "K-0002\n")
    assert t("intake.recognised", case="K-0001", status="", date="", fields="")[:20] not in err
    assert err.splitlines()[-1] == done("K-0002")


def test_recognition_from_json_and_newest_first(known: None) -> None:
    assert intake("--name", "Tweede Persoon", *OTHER, "--bsn", "123456782") == "K-0002"
    ok_json = json.dumps({"name": "Derde Persoon", "question": "Vraag", "channel": "balie",
                          "bsn": "123456782"})
    code, out, err = run(["intake", "--from-json", "-"], stdin=ok_json)
    assert (code, out) == (0, "K-0003\n")
    assert err.splitlines()[-3:] == [recognised_line("K-0002", "bsn"), recognised_line("K-0001", "bsn"),
                                     done("K-0003")]


def test_at_a_terminal_the_worker_continues_the_known_case(known: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    code, out, err = run(["intake", *OTHER, "--name", "Iemand Anders", "--bsn", "123456782"], stdin="n\n")
    assert (code, out) == (0, "K-0001\n")
    assert recognised_line("K-0001", "bsn") in err
    assert err.endswith(t("prompt.intake_new_anyway", case="K-0001") + " [j/n] (n): "
                        + t("intake.continue", case="K-0001") + "\n")
    assert run(["show", "K-0002"])[0] != 0  # nothing was opened
    code, out, err = run(["intake", *OTHER, "--name", "Iemand Anders", "--bsn", "123456782"], stdin="j\n")
    assert (code, out) == (0, "K-0002\n")
    assert err.endswith(done("K-0002") + "\n")


def test_recognition_is_audited_with_case_ids_only(known: None) -> None:
    run(["intake", *OTHER, "--name", "Iemand Anders", "--bsn", "123456782"])
    _, out, _ = run(["audit", "--json"])
    entries = [(e["command"], e["cases"]) for e in json.loads(out)]
    assert ("recognise", ["K-0001"]) in entries


def test_no_false_match_across_erased_cases(known: None) -> None:
    assert run(["erase", "K-0001", "--yes"])[0] == 0
    code, out, err = run(["intake", *OTHER, *FIRST[:2], "--bsn", "123456782", "--email", "kees.test@example.org"])
    assert (code, out) == (0, "K-0002\n")
    assert err.splitlines()[-1] == done("K-0002")
    assert not any(line.startswith(recognised_line("K-0001", "")[:30]) for line in err.splitlines())
    assert run(["verify"])[0] == 0


# -- find ------------------------------------------------------------------------------------------


def found(text: str, *extra: str) -> tuple[list[tuple[str, list[str]]], str]:
    code, out, err = run(["find", text, "--json", *extra])
    assert code == 0, err
    return [(hit["id"], hit["matched"]) for hit in json.loads(out)], err


INDEXED = t("find.indexed") + "\n"
SCANNED = t("find.scanned") + "\n"


@pytest.mark.parametrize(("text", "hits"), [
    ("123456782", [("K-0001", ["bsn"])]),
    ("1234 56 782", [("K-0001", ["bsn"])]),
    ("+31 (0)6 1234 5678", [("K-0001", ["telefoon"])]),
    ("0612345678", [("K-0001", ["telefoon"])]),
    ("kees.test@EXAMPLE.org", [("K-0001", ["e-mail"])]),
    ("IJSBRAND EENHOORN", [("K-0001", ["naam"])]),
    ("eenhoorn", [("K-0001", ["naam"])]),
    ("Éénhoorn", [("K-0001", ["naam"])]),
])
def test_find_answers_exact_values_from_the_index(known: None, text: str, hits: list[tuple[str, list[str]]]) -> None:
    assert intake("--name", "Ander Mens", *OTHER) == "K-0002"
    assert found(text) == (hits, INDEXED)


def test_find_scans_for_free_text_and_when_asked(known: None) -> None:
    assert found("huurtoeslag") == ([("K-0001", ["vraag"])], SCANNED)
    assert found("eenhoo") == ([("K-0001", ["naam"])], SCANNED)  # a part of a word: the scan
    assert found("eenhoorn", "--scan") == ([("K-0001", ["naam"])], SCANNED)
    assert found("niemand") == ([], SCANNED)
    # A whole BSN, phone number or e-mail address the index does not know: no scan.
    assert found("111222333") == ([], INDEXED)
    assert found("kees@example.org") == ([], INDEXED)


def test_an_index_hit_is_checked_against_the_case(known: None, db_path: Path) -> None:
    """A bucket put back from before an edit must not show the old name's case."""
    conn = sqlite3.connect(db_path)
    before = conn.execute("SELECT bucket, shard, payload FROM search_buckets").fetchall()
    conn.close()
    assert run(["edit", "K-0001", "--name", "Nieuwe Naam"])[0] == 0
    conn = sqlite3.connect(db_path)
    conn.executemany("UPDATE search_buckets SET payload = ? WHERE bucket = ? AND shard = ?",
                     [(p, b, s) for b, s, p in before])
    conn.commit()
    conn.close()
    assert found("eenhoorn") == ([], SCANNED)
    code, _, err = run(["verify"])
    assert code != 0
    assert t("verify.index_failure", case="K-0001") in err
    code, _, err = run(["verify", "--rebuild-index"])
    assert code == 0, err
    assert found("nieuwe naam") == ([("K-0001", ["naam"])], INDEXED)


# -- staying exact ---------------------------------------------------------------------------------


def index_contents(db_path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db_path)
    try:
        return (conn.execute("SELECT count(*) FROM search_buckets").fetchone()[0],
                conn.execute("SELECT count(*) FROM search_cases").fetchone()[0])
    finally:
        conn.close()


def test_edit_erase_and_rotation_keep_the_index_exact(known: None, db_path: Path) -> None:
    assert intake("--name", "Tweede Persoon", *OTHER, "--bsn", "111222333") == "K-0002"
    assert run(["edit", "K-0001", "--name", "Nieuwe Naam"])[0] == 0
    assert found("eenhoorn")[0] == []
    assert found("nieuwe")[0] == [("K-0001", ["naam"])]
    assert run(["erase", "K-0002", "--yes"])[0] == 0
    assert found("111222333")[0] == []
    assert index_contents(db_path) == (BUCKETS, 1)
    code, _, err = run(["passwd", "--rotate-key"], stdin=f"{PASSPHRASE}\n")
    assert code == 0, err
    assert found("123456782")[0] == [("K-0001", ["bsn"])]
    code, _, err = run(["verify"])
    assert code == 0, err


def test_restore_of_an_older_backup_brings_its_index_exactly(known: None, db_path: Path, tmp_path: Path) -> None:
    assert intake("--name", "Tweede Persoon", *OTHER, "--bsn", "111222333") == "K-0002"
    backup = tmp_path / "oud.db"
    assert run(["backup", str(backup)])[0] == 0
    assert run(["edit", "K-0001", "--name", "Nieuwe Naam"])[0] == 0
    assert run(["erase", "K-0002", "--yes"])[0] == 0
    code, _, err = run(["restore", str(backup), "--yes"], stdin=f"{PASSPHRASE}\n")
    assert code == 0, err
    # The backup's index, less the erasure the live store had made since.
    assert found("eenhoorn")[0] == [("K-0001", ["naam"])]
    assert found("nieuwe naam")[0] == []
    assert found("111222333")[0] == []
    assert found("123456782")[0] == [("K-0001", ["bsn"])]
    assert index_contents(db_path) == (BUCKETS, 1)
    code, _, err = run(["verify"])
    assert code == 0, err


def test_a_store_without_an_index_gets_it_by_migration(known: None, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE search_buckets")
    conn.execute("DROP TABLE search_cases")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name IN ('v8_search_index', 'v9_search_shards')")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    assert found("123456782") == ([("K-0001", ["bsn"])], INDEXED)
    assert index_contents(db_path) == (BUCKETS, 1)
    assert run(["verify"])[0] == 0


def test_a_large_store_says_why_its_first_unlock_waits(known: None, db_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100,000 cases the rebuild takes most of a minute: the worker hears
    why, once, after the passphrase proved right (here from one case on)."""
    import loketcli.cli.context

    monkeypatch.setattr(loketcli.cli.context, "ANNOUNCE_REBUILD_FROM", 1)
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'v9_search_shards'")
    conn.execute("DROP TABLE search_buckets")
    conn.execute("CREATE TABLE search_index (bucket INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()
    wrong = invoke(["find", "123456782"], env={"LOKET_PASSPHRASE": "niet het wachtwoord"})
    assert (wrong.exit_code, wrong.stderr) == (3, error_line("error.wrong_passphrase"))
    assert found("123456782") == ([("K-0001", ["bsn"])], t("store.upgrading") + "\n" + INDEXED)
    assert found("123456782") == ([("K-0001", ["bsn"])], INDEXED)


def test_a_store_with_the_first_index_gets_the_sharded_one_by_migration(known: None, db_path: Path) -> None:
    """A schema 8 store: one row per bucket, name words read the old way."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE search_buckets")
    conn.execute("DELETE FROM search_cases")
    conn.execute("CREATE TABLE search_index (bucket INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
    conn.executemany("INSERT INTO search_index VALUES (?, ?)", [(b, bytes(50)) for b in range(BUCKETS)])
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'v9_search_shards'")
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()
    assert found("123456782") == ([("K-0001", ["bsn"])], INDEXED)
    assert index_contents(db_path) == (BUCKETS, 1)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'search_index'").fetchall() == []
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    assert run(["verify"])[0] == 0


def test_a_damaged_bucket_is_reported_and_rebuilt(known: None, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    rowid = conn.execute("SELECT rowid FROM search_buckets ORDER BY length(payload) DESC LIMIT 1").fetchone()[0]
    conn.close()
    flip_byte(db_path, "search_buckets", "payload", rowid, 20, where="rowid")
    code, _, err = run(["verify"])
    assert code != 0
    assert t("verify.index_damaged") in err
    assert run(["verify", "--rebuild-index"])[0] == 0
    assert run(["verify"])[0] == 0


def test_the_index_survives_kill_9_mid_intake(known: None, db_path: Path) -> None:
    env = {**os.environ, "LOKET_PASSPHRASE": PASSPHRASE, "LOKET_DB": str(db_path)}
    rng = random.Random(20261201)
    for n in range(8):
        process = subprocess.Popen(
            [loket_executable(), "intake", "--name", f"Kill Persoon{n}", *OTHER, "--bsn", "123456782"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    code, _, err = run(["verify"])
    assert code == 0, err
    conn = sqlite3.connect(db_path)
    cases = [f"K-{r[0]:04d}" for r in conn.execute("SELECT id FROM cases ORDER BY id DESC")]
    conn.close()
    assert [hit for hit, _ in found("123456782")[0]] == cases


# -- shards: a write touches its own case's rows only ------------------------------------------------


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> int:
    """Shards of 2 case numbers, so a handful of intakes spans several."""
    monkeypatch.setattr(loketcli.storage.search_index, "SHARD_CASES", 2)
    return 2


def bucket_rows(db_path: Path) -> dict[tuple[int, int], bytes]:
    conn = sqlite3.connect(db_path)
    try:
        return {(b, s): p for b, s, p in conn.execute("SELECT bucket, shard, payload FROM search_buckets")}
    finally:
        conn.close()


def test_shards_are_added_whole_and_searched_together(small_shards: int, db_path: Path) -> None:
    init_store()
    assert index_contents(db_path) == (BUCKETS, 0)
    for n in range(1, 6):
        assert intake("--name", f"Gedeelde Naam{n}", *OTHER, "--bsn", "123456782") == f"K-{n:04d}"
    # Case numbers 0..5 in shards of two: shards 0, 1 and 2, each with every bucket row.
    assert sorted({s for _, s in bucket_rows(db_path)}) == [0, 1, 2]
    assert index_contents(db_path) == (3 * BUCKETS, 5)
    assert found("123456782")[0] == [(f"K-{n:04d}", ["bsn"]) for n in range(5, 0, -1)]
    assert found("gedeelde")[0] == [(f"K-{n:04d}", ["naam"]) for n in range(5, 0, -1)]
    assert run(["erase", "K-0003", "--yes"])[0] == 0
    assert [hit for hit, _ in found("123456782")[0]] == ["K-0005", "K-0004", "K-0002", "K-0001"]
    assert run(["verify"])[0] == 0
    code, _, err = run(["passwd", "--rotate-key"], stdin=f"{PASSPHRASE}\n")
    assert code == 0, err
    assert index_contents(db_path) == (3 * BUCKETS, 4)
    assert [hit for hit, _ in found("gedeelde")[0]] == ["K-0005", "K-0004", "K-0002", "K-0001"]
    assert run(["verify"])[0] == 0


def test_a_write_reseals_only_rows_of_its_own_shard(small_shards: int, db_path: Path) -> None:
    """The cost of a write does not grow with the store: a value every visitor
    shares (here the BSN and a name word) is re-sealed only in the shard of
    the case written."""
    init_store()
    for n in range(1, 6):
        intake("--name", f"Gedeelde Naam{n}", *OTHER, "--bsn", "123456782")
    before = bucket_rows(db_path)
    assert run(["edit", "K-0004", "--name", "Gedeelde Anders"])[0] == 0
    after = bucket_rows(db_path)
    changed = {key for key in after if after[key] != before.get(key)}
    assert changed and {shard for _, shard in changed} == {4 // small_shards}
    assert intake("--name", "Gedeelde Naam6", *OTHER, "--bsn", "123456782") == "K-0006"
    newest = bucket_rows(db_path)
    changed = {key for key in newest if newest[key] != after.get(key)}
    # A new shard: all its rows appear at once; no row of an older shard changes.
    assert {shard for _, shard in changed} == {3}
    assert len(changed) == BUCKETS


def test_a_restore_from_before_a_new_shard_verifies(small_shards: int, db_path: Path, tmp_path: Path) -> None:
    """The restore raises the case counter into shards the backup's index
    never had; they come with the next write."""
    init_store()
    intake("--name", "Eerste Persoon", *OTHER, "--bsn", "123456782")
    backup = tmp_path / "oud.db"
    assert run(["backup", str(backup)])[0] == 0
    for n in range(2, 6):
        intake("--name", f"Later Persoon{n}", *OTHER)
    assert sorted({s for _, s in bucket_rows(db_path)}) == [0, 1, 2]
    code, _, err = run(["restore", str(backup), "--yes"], stdin=f"{PASSPHRASE}\n")
    assert code == 0, err
    assert sorted({s for _, s in bucket_rows(db_path)}) == [0]
    code, _, err = run(["verify"])
    assert code == 0, err
    assert intake("--name", "Nieuwe Persoon", *OTHER, "--bsn", "123456782") == "K-0006"
    assert sorted({s for _, s in bucket_rows(db_path)}) == [0, 1, 2, 3]
    assert found("123456782")[0] == [("K-0006", ["bsn"]), ("K-0001", ["bsn"])]
    code, _, err = run(["verify"])
    assert code == 0, err


def test_a_missing_shard_is_reported(small_shards: int, db_path: Path) -> None:
    init_store()
    for n in range(1, 4):
        intake("--name", f"Persoon Nummer{n}", *OTHER)
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM search_buckets WHERE shard = 1")
    conn.commit()
    conn.close()
    code, _, err = run(["verify"])
    assert code != 0
    assert t("verify.index_damaged") in err
    assert run(["verify", "--rebuild-index"])[0] == 0
    assert run(["verify"])[0] == 0


def test_one_lost_row_does_not_take_its_shard_with_it(small_shards: int, db_path: Path) -> None:
    init_store()
    for n in range(1, 4):
        intake("--name", f"Persoon Nummer{n}", *OTHER, "--bsn", "123456782")
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM search_buckets WHERE bucket = 0 AND shard = 1")
    conn.commit()
    conn.close()
    assert run(["note", "K-0001", "iets"])[0] == 0
    # The write left the rest of shard 1 (K-0002, K-0003) as it was; the
    # missing row stays missing for `verify` to name and a rebuild to mend.
    assert [hit for hit, _ in found("123456782")[0]] == ["K-0003", "K-0002", "K-0001"]
    code, _, err = run(["verify"])
    assert code != 0
    assert t("verify.index_damaged") in err


def test_every_case_has_its_row_with_or_without_keys(db_path: Path) -> None:
    """A missing row would say that the visitor gave no name of two letters, no number, no address."""
    init_store()
    assert intake("--name", "J", *OTHER) == "K-0001"
    assert index_contents(db_path) == (BUCKETS, 1)
    assert run(["verify"])[0] == 0
    assert run(["verify", "--rebuild-index"])[0] == 0
    assert index_contents(db_path) == (BUCKETS, 1)


def test_a_shard_row_put_in_another_place_does_not_open(small_shards: int, db_path: Path) -> None:
    init_store()
    for n in range(1, 4):
        intake("--name", f"Persoon Nummer{n}", *OTHER, "--bsn", "123456782")
    conn = sqlite3.connect(db_path)
    bucket = conn.execute("SELECT bucket FROM search_buckets WHERE shard = 1"
                          " ORDER BY length(payload) DESC LIMIT 1").fetchone()[0]
    (payload,) = conn.execute("SELECT payload FROM search_buckets WHERE bucket = ? AND shard = 1",
                              (bucket,)).fetchone()
    conn.execute("UPDATE search_buckets SET payload = ? WHERE bucket = ? AND shard = 0", (payload, bucket))
    conn.commit()
    conn.close()
    code, _, err = run(["verify"])
    assert code != 0
    assert t("verify.index_damaged") in err


def test_find_opens_only_the_cases_it_shows(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name word many visitors share: the newest `--limit` are opened and
    checked, the rest only counted, so the answer does not grow with them."""
    init_store()
    for n in range(1, 6):
        intake("--name", f"Gedeelde Naam{n}", *OTHER)
    from loketcli.storage.cases import CaseRepository

    opened: list[int] = []
    real_get = CaseRepository.get

    def counting_get(self: CaseRepository, case_id: int, **kwargs: bool) -> object:
        opened.append(case_id)
        return real_get(self, case_id, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CaseRepository, "get", counting_get)
    code, out, err = run(["find", "gedeelde", "--json", "--limit", "2"])
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)] == ["K-0005", "K-0004"]
    assert err == INDEXED + t("find.more", shown=2, total=5) + "\n"
    assert sorted(set(opened)) == [4, 5]


# -- name words ------------------------------------------------------------------------------------


def test_name_words_leave_out_punctuation_initials_and_tussenvoegsels() -> None:
    keys = visitor_keys(Visitor(name="A. de Boer-van der Linden (demo 12)"))
    assert [value for kind, value in keys if kind is KeyKind.NAME_PART] == ["boer", "linden", "demo"]
    assert (KeyKind.NAME, "a. de boer-van der linden (demo 12)") in keys
    assert [value for kind, value in visitor_keys(Visitor(name="Ahmed d'Ancona 't Hart")) if kind is KeyKind.NAME_PART
            ] == ["ahmed", "d'ancona", "hart"]


def test_a_tussenvoegsel_alone_is_searched_by_scan(db_path: Path) -> None:
    init_store()
    intake("--name", "Sanne de Boer", *OTHER)
    intake("--name", "Devika Ramdin", *OTHER)
    # "de" is no name word in the index; the scan finds it inside any text, and says so.
    hits, how = found("de")
    assert how == SCANNED
    assert {hit for hit, _ in hits} == {"K-0001", "K-0002"}
    assert found("Boer") == ([("K-0001", ["naam"])], INDEXED)
    assert found("(boer)") == ([("K-0001", ["naam"])], INDEXED)


# -- on disk ---------------------------------------------------------------------------------------


def _blobs(db_path: Path) -> list[bytes]:
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        blobs = []
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                blobs.extend(v for v in row if isinstance(v, bytes) and len(v) >= 16)
        return blobs
    finally:
        conn.close()


def test_two_cases_with_the_same_bsn_leave_no_equal_bytes(db_path: Path) -> None:
    init_store()
    assert intake("--name", "Zeldzaamnaam Eerste", *OTHER, "--bsn", "123456782") == "K-0001"
    assert intake("--name", "Qwertyuiop Tweede", *OTHER, "--bsn", "123456782") == "K-0002"
    invoke(["show", "K-0001"], env=UNLOCKED)  # a checkpoint's worth of writes
    raw = b"".join(path.read_bytes() for path in db_path.parent.iterdir()
                   if path.name.startswith(db_path.name))
    # Nothing readable: no value in any notation, and no token in the clear.
    for secret in (b"123456782", b"Zeldzaamnaam", b"zeldzaamnaam", b"qwertyuiop"):
        assert secret not in raw
    from loketcli.storage.keyslots import PASSPHRASE_SLOT, load_slot, unwrap_vault_key

    conn = sqlite3.connect(db_path)
    vault_key = unwrap_vault_key(load_slot(conn, PASSPHRASE_SLOT), PASSPHRASE)
    conn.close()
    keys = IndexKeys.from_vault_key(vault_key)
    for search_key in visitor_keys(Visitor(name="Zeldzaamnaam Eerste", bsn="123456782")):
        tok = token(keys.token, search_key)
        assert tok[:8] not in raw and tok[8:] not in raw
    # No two stored values share any 12 bytes: the sealed rows of two cases
    # with the same BSN are as unrelated as any two ciphertexts.
    seen: dict[bytes, int] = {}
    for number, blob in enumerate(_blobs(db_path)):
        for start in range(13, len(blob) - 12):  # past the version byte and nonce
            window = blob[start:start + 12]
            if window == bytes(12):
                continue
            assert seen.setdefault(window, number) == number
    # The clear part of the index: every bucket, each sized in steps of 16 entries.
    conn = sqlite3.connect(db_path)
    sizes = {r[0] for r in conn.execute("SELECT length(payload) FROM search_buckets")}
    assert [r[0] for r in conn.execute("SELECT count(*) FROM search_buckets WHERE shard = 0")] == [BUCKETS]
    assert sizes == {1 + 12 + 5 + 16 * 20 + 16}
    assert {r[0] for r in conn.execute("SELECT length(payload) FROM search_cases")} == {1 + 12 + 34 + 16}
    conn.close()


def test_query_keys() -> None:
    assert query_keys("1234 56 782") == ((KeyKind.BSN, "123456782"),)
    assert query_keys("+31 (0)6-1234 5678") == ((KeyKind.PHONE, "31612345678"),)
    assert query_keys("A@B.nl") == ((KeyKind.EMAIL, "a@b.nl"),)
    assert query_keys("Éénhoorn") == ((KeyKind.NAME, "eenhoorn"), (KeyKind.NAME_PART, "eenhoorn"))
    assert query_keys("Jansen-de Vries") == ((KeyKind.NAME, "jansen-de vries"),)
    assert query_keys("2988") == ()
    assert query_keys("van") == ()
    assert query_keys("Jansen,") == ((KeyKind.NAME, "jansen,"), (KeyKind.NAME_PART, "jansen"))
    assert bucket_of(bytes([0x12, 0x34]) + bytes(14)) == 0x1234 % BUCKETS
