"""The store under attack and under accident, with real processes of the
installed `loket`: SIGKILL in the middle of writes, writers racing each other,
what an erasure leaves on disk, hand-edited keys, ciphertexts and audit
entries, and a full disk. Stores use the cheap test KDF so each process
unlocks in milliseconds. All data is synthetic."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import (
    FULL_INTAKE,
    PASSPHRASE,
    TEST_KDF_ARGS,
    UNLOCKED,
    error_line,
    execute,
    flip_byte,
    init_store,
    intake,
    invoke,
    loket_executable,
    rows,
    subprocess_env,
)

import loketcli.storage.db
from loketcli.i18n import t

LOKET = loket_executable()
TIMEOUT = 60
SEED = 20260302

VISITOR_B = ["--name", "Wilma Proefkonijn", "--question", "Aanslag gemeentebelasting onduidelijk",
             "--channel", "telefoon", "--bsn", "111222333"]


# -- helpers ------------------------------------------------------------------------------------


def _env(extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
    return subprocess_env({"LOKET_PASSPHRASE": PASSPHRASE, **(extra or {})})


def loket(args: Sequence[str], extra: Mapping[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LOKET, *args], env=_env(extra), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=TIMEOUT, check=False)


def loket_ok(args: Sequence[str], extra: Mapping[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    result = loket(args, extra)
    assert result.returncode == 0, result.stderr
    return result


def cases_by_name() -> dict[str, str]:
    """Every case's id by visitor name, read in-process with the key."""
    listed = invoke(["list", "--json", "--names", "--status", "alle", "--limit", "0"], env=UNLOCKED)
    assert listed.exit_code == 0, listed.stderr
    return {c["visitor"]: c["id"] for c in json.loads(listed.stdout)}


def show_json(case: str) -> dict[str, Any]:
    shown = invoke(["show", case, "--json"], env=UNLOCKED)
    assert shown.exit_code == 0, shown.stderr
    found: dict[str, Any] = json.loads(shown.stdout)
    return found


def assert_store_verifies() -> None:
    checked = loket(["verify"])
    assert checked.returncode == 0, checked.stderr
    assert re.fullmatch(re.escape(t("verify.ok", count=999)).replace("999", r"\d+") + "\n", checked.stderr)
    trail = loket(["audit", "verify"])
    assert trail.returncode == 0, trail.stderr


# -- kill -9 during writes -------------------------------------------------------------------------

# Loops intake + note through the real command tree in one process, so a kill
# lands inside a transaction far more often than with a process per command.
# `intake` prints the new id only after its commit; "note <tag>" is printed
# after `note` has returned, i.e. after its commit.
WRITER = """
import sys
import typer.main
from loketcli.cli.app import app

command = typer.main.get_command(app)
tag = sys.argv[1]
print("ready", flush=True)
n = 0
while True:
    n += 1
    code = command.main(["intake", "--name", f"Kill {tag} {n}", "--question", "Brief niet begrepen",
                         "--channel", "balie"], prog_name="loket", standalone_mode=False)
    if code != 0:
        sys.exit(10 + code)
    code = command.main(["note", "K-0001", f"kill {tag} {n}"], prog_name="loket", standalone_mode=False)
    if code != 0:
        sys.exit(20 + code)
    print(f"note {tag} {n}", flush=True)
"""


def complete_lines(out: bytes) -> list[str]:
    """Lines the process finished writing; a kill may cut the last one short."""
    return out.decode().split("\n")[:-1]


def test_sigkill_during_writes_loses_nothing_that_was_reported(db_path: Path) -> None:
    init_store()
    assert intake("--name", "Anker Bezoeker", "--question", "Vraag", "--channel", "balie") == "K-0001"
    rng = random.Random(SEED)
    reported_cases: dict[str, str] = {}  # id -> visitor name
    reported_notes: set[str] = set()
    per_writer: dict[str, tuple[int, int]] = {}

    # The kill window follows this machine's speed: the first writer runs until
    # it reports its first intake, and the others are killed at random within
    # a few times that, so kills land both before and after commits even on a
    # slow or busy machine.
    window = 0.15
    for i in range(12):
        tag = f"w{i}"
        process = subprocess.Popen([sys.executable, "-u", "-c", WRITER, tag], env=_env(), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        assert process.stdout.readline() == b"ready\n"
        first = b""
        if i == 0:
            started = time.monotonic()
            first = process.stdout.readline()
            window = max(window, 4 * (time.monotonic() - started))
        else:
            time.sleep(rng.uniform(0, window))
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=TIMEOUT)
        out = first + out
        assert process.returncode == -signal.SIGKILL, err.decode()
        intakes = notes = 0
        for line in complete_lines(out):
            if re.fullmatch(r"K-\d{4}", line):
                intakes += 1
                reported_cases[line] = f"Kill {tag} {intakes}"
            else:
                assert line == f"note {tag} {notes + 1}", line
                notes += 1
                reported_notes.add(f"kill {tag} {notes}")
        per_writer[tag] = (intakes, notes)

    # The CLI itself, one process per intake, killed around its usual run time.
    started = time.monotonic()
    baseline = loket_ok(["intake", "--name", "Kill cli 0", "--question", "Vraag", "--channel", "balie"])
    duration = time.monotonic() - started
    reported_cases[baseline.stdout.strip()] = "Kill cli 0"
    killed_cli: set[str] = set()
    for n in range(1, 9):
        process = subprocess.Popen(
            [LOKET, "intake", "--name", f"Kill cli {n}", "--question", "Vraag", "--channel", "balie"],
            env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0, 1.5 * duration))
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=TIMEOUT)
        if process.returncode == 0:
            assert re.fullmatch(rb"K-\d{4}\n", out), out
            reported_cases[out.decode().strip()] = f"Kill cli {n}"
        else:
            assert process.returncode == -signal.SIGKILL, err.decode()
            killed_cli.add(f"Kill cli {n}")

    assert sum(i for i, _ in per_writer.values()) > 0, per_writer  # some kills landed mid-stream
    assert_store_verifies()
    stored = cases_by_name()
    for case, name in reported_cases.items():
        assert stored.get(name) == case, (case, name)
        assert show_json(case)["visitor"]["name"] == name
    # A kill can land between a commit and its report, never more than once per process.
    for tag, (intakes, _) in per_writer.items():
        committed = sorted(int(name.rsplit(" ", 1)[1]) for name in stored if name.startswith(f"Kill {tag} "))
        assert committed in (list(range(1, intakes + 1)), list(range(1, intakes + 2))), (tag, committed)
    reported_cli = {name for name in reported_cases.values() if name.startswith("Kill cli ")}
    committed_cli = {name for name in stored if name.startswith("Kill cli ")}
    assert reported_cli <= committed_cli
    assert committed_cli - reported_cli <= killed_cli  # an unreported commit only from a killed process
    stored_notes = {e["text"] for e in show_json("K-0001")["events"] if e["kind"] == "notitie"}
    assert reported_notes <= stored_notes
    # Nothing is left locked: the next writer goes straight through.
    assert re.fullmatch(r"K-\d{4}\n", loket_ok(["intake", "--name", "Na", "--question", "V", "--channel",
                                                 "balie"]).stdout)


# -- racing writers ---------------------------------------------------------------------------------


def test_four_writers_at_once_lose_nothing(db_path: Path) -> None:
    init_store()
    assert intake(*FULL_INTAKE) == "K-0001"
    assert intake(*VISITOR_B) == "K-0002"
    rounds = 4
    jobs: dict[str, Callable[[int], list[str]]] = {
        "intake": lambda i: ["intake", "--name", f"Gelijktijdig {i}", "--question", "Vraag", "--channel", "balie"],
        "note-1": lambda i: ["note", "K-0001", f"notitie een {i}"],
        "call": lambda i: ["call", "K-0001", "uwv", "--outcome", "opgelost", "--question", f"vraag {i}",
                           "--answer", "antwoord", "--zonder-bezoeker"],
        "note-2": lambda i: ["note", "K-0002", f"notitie twee {i}"],
    }
    results: dict[str, list[subprocess.CompletedProcess[str]]] = {name: [] for name in jobs}
    start = threading.Barrier(len(jobs))

    def worker(name: str) -> None:
        start.wait()
        for i in range(rounds):
            results[name].append(loket(jobs[name](i)))

    threads = [threading.Thread(target=worker, args=(name,)) for name in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    for name, done in results.items():
        assert len(done) == rounds, name
        for result in done:
            assert result.returncode == 0, (name, result.stderr)
            assert "Traceback" not in result.stderr
    new_ids = sorted(r.stdout.strip() for r in results["intake"])
    assert new_ids == ["K-0003", "K-0004", "K-0005", "K-0006"]

    assert rows(db_path, "SELECT count(*) FROM cases") == [(6,)]
    assert rows(db_path, "SELECT case_id, kind, count(*) FROM events GROUP BY case_id, kind ORDER BY 1, 2") == [
        (1, "intake", 1), (1, "notitie", rounds), (1, "professionallijn", rounds),
        (2, "intake", 1), (2, "notitie", rounds),
        (3, "intake", 1), (4, "intake", 1), (5, "intake", 1), (6, "intake", 1),
    ]
    assert rows(db_path, "SELECT count(*) FROM audit") == [(1 + 2 + 4 * rounds,)]  # init, 2 intakes, the jobs
    assert_store_verifies()
    one = show_json("K-0001")
    assert sorted(e["text"] for e in one["events"] if e["kind"] == "notitie") == [
        f"notitie een {i}" for i in range(rounds)]
    assert sorted(e["question"] for e in one["events"] if e["kind"] == "professionallijn") == [
        f"vraag {i}" for i in range(rounds)]


# -- erasure leaves nothing behind ------------------------------------------------------------------


def test_erase_leaves_no_bytes_of_the_case(db_path: Path, tmp_path: Path) -> None:
    init_store()
    wal = Path(f"{db_path}-wal")
    # An idle connection of our own keeps the -wal file alive between the
    # processes below (the last connection to close would checkpoint and
    # delete it), so checking it means something.
    holder = sqlite3.connect(db_path)
    try:
        holder.execute("SELECT count(*) FROM cases").fetchone()
        assert loket_ok(["intake", *FULL_INTAKE]).stdout == "K-0001\n"
        assert loket_ok(["intake", *VISITOR_B]).stdout == "K-0002\n"
        loket_ok(["note", "K-0001", "Zorgtoeslag over 2025 besproken"])
        loket_ok(["followup", "add", "K-0001", "Brief nasturen", "--due", "over 5 werkdagen"])
        (case_key, payload), = holder.execute("SELECT case_key, payload FROM cases WHERE id = 1").fetchall()
        secrets = [case_key, payload]
        secrets += [r[0] for r in holder.execute("SELECT payload FROM events WHERE case_id = 1")]
        secrets += [r[0] for r in holder.execute("SELECT payload FROM followups WHERE case_id = 1")]
        assert len(secrets) == 2 + 3 + 1
        (kept_key,), = holder.execute("SELECT case_key FROM cases WHERE id = 2").fetchall()
        # Positive control: before the erasure the case's bytes are on disk.
        assert case_key in wal.read_bytes() + db_path.read_bytes()
        assert any(s in wal.read_bytes() for s in secrets)

        erased = loket(["erase", "K-0001", "--yes"])
        assert (erased.returncode, erased.stdout, erased.stderr) == (0, "", t("erase.done", case="K-0001") + "\n")
        backup = tmp_path / "na-wissen.db"
        loket_ok(["backup", str(backup)])
        places = {"db": db_path.read_bytes(), "wal": wal.read_bytes() if wal.exists() else b"",
                  "backup": backup.read_bytes()}
    finally:
        holder.close()
    for place, content in places.items():
        for number, secret in enumerate(secrets):
            assert secret not in content, (place, number)
        for word in ("Testpersoon", "123456782", "Zorgtoeslag", "Brief nasturen"):
            assert word.encode() not in content, (place, word)
    assert kept_key in places["backup"]  # the grep does find what is still there
    assert kept_key in places["db"] + places["wal"]
    gone = loket(["show", "K-0001"])
    assert (gone.returncode, gone.stdout, gone.stderr) == (2, "", error_line("error.unknown_case", case="K-0001"))
    assert loket(["show", "K-0001", "--db", str(backup)]).returncode == 2
    assert loket(["show", "K-0002", "--db", str(backup)]).returncode == 0


# -- tampering --------------------------------------------------------------------------------------


def _checksum(kind: str, kdf: str, salt: bytes, wrapped: bytes) -> bytes:
    return hashlib.sha256(kind.encode() + b"\x00" + kdf.encode() + b"\x00" + salt + b"\x00" + wrapped).digest()


def _flip_slot(db: Path) -> None:
    flip_byte(db, "keyslots", "wrapped", "passphrase", 20, where="kind")  # type: ignore[arg-type]


def _kdf_slot(db: Path) -> None:
    execute(db, "UPDATE keyslots SET kdf = ? WHERE kind = 'passphrase'",
            params=('{"algorithm":"argon2id","iterations":1,"lanes":1,"memory_kib":128}',))


def _forged_slot(db: Path) -> None:
    """A changed wrapping with a recomputed checksum: the checksum is no
    security measure, so this reads as a wrong passphrase and nothing opens."""
    (kdf, salt, wrapped), = rows(db, "SELECT kdf, salt, wrapped FROM keyslots WHERE kind = 'passphrase'")
    forged = bytes(wrapped[:20]) + bytes([wrapped[20] ^ 1]) + bytes(wrapped[21:])
    execute(db, "UPDATE keyslots SET wrapped = ?, checksum = ? WHERE kind = 'passphrase'",
            params=(forged, _checksum("passphrase", kdf, salt, forged)))


def _swap_payloads(db: Path) -> None:
    execute(db, "UPDATE cases SET payload = (SELECT payload FROM cases WHERE id = 2) WHERE id = 1")


def _move_event(db: Path) -> None:
    execute(db, "UPDATE events SET case_id = 2 WHERE id = 3")


def _edit_audit(db: Path) -> None:
    # Entry 1 is `init`; entry 2 is the intake of K-0001, made to name K-0002.
    execute(db, "UPDATE audit SET case_ids = '2' WHERE id = 2")


def _failures(*found: tuple[str, int], state: tuple[str, ...] = ()) -> str:
    """`verify`'s lines: the values that do not open, then the cases whose state MAC fails."""
    return ("".join(t("verify.failure", table=table, id=row) + "\n" for table, row in found)
            + "".join(t("verify.state_failure", case=case) + "\n" for case in state)
            + error_line("error.verify_failed", count=len(found)))


CORRUPT_SLOT = error_line("error.corrupt_keyslot")
TAMPERS: dict[str, tuple[Callable[[Path], None], list[tuple[list[str], int, str]]]] = {
    "keyslot wrapped": (_flip_slot, [
        (["show", "K-0001"], 1, CORRUPT_SLOT),
        (["verify"], 1, CORRUPT_SLOT),
    ]),
    "keyslot kdf": (_kdf_slot, [(["show", "K-0001"], 1, CORRUPT_SLOT)]),
    "keyslot forged": (_forged_slot, [(["show", "K-0001"], 3, error_line("error.wrong_passphrase"))]),
    "case key": (lambda db: flip_byte(db, "cases", "case_key", 1, 30), [
        (["show", "K-0001"], 1, error_line("error.tampered_record", table="cases", id=1)),
        (["show", "K-0002", "--json"], 0, ""),
        (["verify"], 1, _failures(("cases", 1), ("events", 1), ("events", 3), state=("K-0001",))),
    ]),
    "case payload": (lambda db: flip_byte(db, "cases", "payload", 1, 13), [
        (["show", "K-0001"], 1, error_line("error.tampered_record", table="cases", id=1)),
        (["verify"], 1, _failures(("cases", 1), state=("K-0001",))),
    ]),
    "case payload swapped": (_swap_payloads, [
        (["show", "K-0001"], 1, error_line("error.tampered_record", table="cases", id=1)),
        (["verify"], 1, _failures(("cases", 1), state=("K-0001",))),
    ]),
    "event ciphertext": (lambda db: flip_byte(db, "events", "payload", 3, 15), [
        (["show", "K-0001"], 1, error_line("error.tampered_record", table="events", id=3)),
        (["verify"], 1, _failures(("events", 3), state=("K-0001",))),
    ]),
    "event moved": (_move_event, [
        (["show", "K-0002"], 1, error_line("error.tampered_record", table="events", id=3)),
        (["verify"], 1, _failures(("events", 3), state=("K-0001", "K-0002"))),
    ]),
    "audit entry": (_edit_audit, [
        (["audit", "verify"], 1, error_line("error.audit_broken", entry=2)),
        (["verify"], 1, error_line("error.audit_broken", entry=2)),
        (["show", "K-0002", "--json"], 0, ""),
    ]),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_tampering_is_detected(db_path: Path, tamper: str) -> None:
    init_store()
    assert intake(*FULL_INTAKE) == "K-0001"
    assert intake(*VISITOR_B) == "K-0002"
    assert invoke(["note", "K-0001", "Zorgtoeslag besproken"], env=UNLOCKED).exit_code == 0
    assert rows(db_path, "SELECT id, case_id FROM events ORDER BY id") == [(1, 1), (2, 2), (3, 1)]
    mutate, checks = TAMPERS[tamper]
    mutate(db_path)
    for args, code, stderr in checks:
        result = loket(args)
        assert result.returncode == code, (args, result.stderr)
        if code:
            assert (result.stdout, result.stderr) == ("", stderr), args
    if "keyslot" in tamper:
        # Damage is damage whatever passphrase is tried; a forged slot is a wrong passphrase either way.
        wrong = loket(["show", "K-0001"], {"LOKET_PASSPHRASE": "niet het wachtwoord"})
        assert (wrong.returncode, wrong.stderr) == (checks[0][1], checks[0][2])
        if tamper != "keyslot forged":
            assert t("error.wrong_passphrase") not in wrong.stderr


# -- a full disk ----------------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    # Room for an empty store with its search index (1,024 sealed rows, ~0.4 MB) and its WAL.
    mountpoint = tmp_path / "klein"
    mountpoint.mkdir()
    try:
        # mode=0700: a store directory others can write to is refused by every command (issue 23, point 10).
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1600k,mode=0700", "tmpfs", str(mountpoint)],
                                 capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except OSError as error:
        pytest.skip(f"no `mount` here ({error}); the in-process disk-full test covers the code path")
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted ({mounted.stderr.strip() or mounted.returncode}); "
                    "the in-process disk-full test covers the code path")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True, timeout=TIMEOUT, check=False)


def fill(directory: Path) -> Path:
    filler = directory / "vulsel"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, bytes(size))
    finally:
        os.close(fd)
    probe = os.open(directory / "nog-een", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with pytest.raises(OSError):
            os.write(probe, b"x")
    finally:
        os.close(probe)
    return filler


def test_disk_full_on_a_real_filesystem(tiny_disk: Path) -> None:
    db = tiny_disk / "loket.db"
    env = {"LOKET_DB": str(db)}
    loket_ok(["init", *TEST_KDF_ARGS, "--no-recovery-key"], env)
    assert loket_ok(["intake", *FULL_INTAKE], env).stdout == "K-0001\n"
    # `show` is audited: when its audit entry cannot be written, nothing is shown either.
    writes = [["intake", *VISITOR_B], ["note", "K-0001", "Past niet meer"], ["show", "K-0001"]]

    # Another loket process is running (so the -shm index exists): SQLite reports SQLITE_FULL.
    holder = sqlite3.connect(db)
    try:
        holder.execute("SELECT count(*) FROM cases").fetchone()
        filler = fill(tiny_disk)
        for args in writes:
            result = loket(args, env)
            assert (result.returncode, result.stdout, result.stderr) == (1, "", error_line("error.disk_full")), args
        filler.unlink()
        (tiny_disk / "nog-een").unlink()
    finally:
        holder.close()
    assert rows(db, "SELECT count(*) FROM cases") == [(1,)]
    assert rows(db, "SELECT count(*) FROM events") == [(1,)]
    assert loket(["verify"], env).returncode == 0

    # Nobody else around: even the shared-memory index cannot be made, an I/O error.
    filler = fill(tiny_disk)
    for args in writes:
        result = loket(args, env)
        assert result.returncode == 1, args
        assert result.stdout == ""
        assert result.stderr in (error_line("error.disk_full"), error_line("error.io")), args
    filler.unlink()
    (tiny_disk / "nog-een").unlink()
    assert loket(["verify"], env).returncode == 0
    assert loket_ok(["intake", *VISITOR_B], env).stdout == "K-0002\n"
    assert loket(["verify"], env).returncode == 0


class DiskFullAt:
    """A connection that fails with SQLITE_FULL at the first statement starting
    with `trigger` inside a write transaction: the write is already under way."""

    def __init__(self, conn: sqlite3.Connection, trigger: str, hits: list[str]) -> None:
        self._conn = conn
        self._trigger = trigger
        self._hits = hits
        self._writing = False

    def _check(self, sql: str) -> None:
        statement = " ".join(sql.split()).upper()
        if statement.startswith("BEGIN IMMEDIATE"):
            self._writing = True
        elif self._writing and not self._hits and statement.startswith(self._trigger):
            self._hits.append(statement)
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *params: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *params)

    def executemany(self, sql: str, *params: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


DISK_FULL_CASES = {
    "intake, after the case row": (["intake", *VISITOR_B], "INSERT INTO EVENTS", {}),
    "intake, at commit": (["intake", *VISITOR_B], "COMMIT", {}),
    "note, at the audit entry": (["note", "K-0001", "Nog een notitie"], "INSERT INTO AUDIT", {}),
    "erase, after the deletes": (["erase", "K-0001", "--yes"], "INSERT OR REPLACE INTO ERASURES", {}),
    "passwd, after the new keyslot": (["passwd"], "INSERT INTO AUDIT",
                                      {"LOKET_NEW_PASSPHRASE": "nieuw wachtwoord"}),
    "close, at commit": (["close", "K-0001", "--result", "opgelost"], "COMMIT", {}),
}


@pytest.mark.parametrize("case", list(DISK_FULL_CASES))
def test_disk_full_mid_transaction_changes_nothing(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   case: str) -> None:
    init_store()
    assert intake(*FULL_INTAKE) == "K-0001"
    assert invoke(["note", "K-0001", "Eerste notitie"], env=UNLOCKED).exit_code == 0
    args, trigger, extra = DISK_FULL_CASES[case]
    tables = ("cases", "events", "followups", "audit", "keyslots", "erasures", "meta", "sqlite_sequence")

    def dump() -> dict[str, list[tuple[Any, ...]]]:
        return {name: rows(db_path, f"SELECT * FROM {name} ORDER BY 1") for name in tables}

    before = dump()
    hits: list[str] = []
    real_connect = loketcli.storage.db._connect
    with monkeypatch.context() as patch:
        patch.setattr(loketcli.storage.db, "_connect",
                      lambda path: DiskFullAt(real_connect(path), trigger, hits))
        result = invoke(args, env={**UNLOCKED, **extra})
    assert len(hits) == 1 and hits[0].startswith(trigger), hits
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line("error.disk_full"))
    assert dump() == before
    # With room again the same command goes through.
    again = invoke(args, env={**UNLOCKED, **extra})
    assert again.exit_code == 0, again.stderr
    assert dump() != before
