"""Handing a case to a colleague: identities, colleagues, `transfer send` and
`transfer receive` between two (or three) stores, and every refusal."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import (
    FIXED_NOW,
    UNLOCKED,
    FixedClock,
    error_line,
    fixed_clock,
    init_store,
    invoke,
    opened_vault,
    snapshot,
)
from typer.testing import Result

import loketcli.cli.prompts
import loketcli.domain.clock
from loketcli.i18n import t

# Distinctive synthetic values, some non-ASCII, that can never occur by chance in ciphertext.
NAME = "Zoë Ćwikła-Quaxelmeier"
QUESTION = "Brief over de € toeslag — vraag ①"
NOTE = "Spreekt Pools; łódź ✓ Quaxelnotitie"
WHY = "Collega Bea spreekt Pools — Quaxelreden"
CALL_ANSWER = "wordt uitgezocht, Quaxelantwoord"
FOLLOWUP_TEXT = "loonstroken meenemen (Quaxelbrief)"
MARKERS = ["Quaxelmeier", "Quaxelnotitie", "Quaxelreden", "Quaxelantwoord", "Quaxelbrief", "toeslag"]


@dataclass
class Desk:
    db: Path

    def run(self, *args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Result:
        return invoke([*args, "--db", str(self.db)], env=env or UNLOCKED, input=input)

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self.run(*args, input=input)
        assert result.exit_code == 0, result.stderr
        return result

    def identity(self) -> str:
        return self.ok("identity").stdout.strip()

    def show(self, case: str = "1") -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(self.ok("show", case, "--json", "--bsn").stdout)
        return shown

    def audit(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = json.loads(self.ok("audit", "--json").stdout)
        return entries

    def case_count(self) -> int:
        conn = sqlite3.connect(self.db)
        try:
            return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
        finally:
            conn.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    return fixed_clock(monkeypatch, FIXED_NOW)


@pytest.fixture
def aad(db_path: Path, clock: FixedClock) -> Desk:
    init_store()
    return Desk(db_path)


@pytest.fixture
def bea(tmp_path: Path, clock: FixedClock) -> Desk:
    db = tmp_path / "bea" / "loket.db"
    init_store(db)
    return Desk(db)


@pytest.fixture
def pair(aad: Desk, bea: Desk) -> tuple[Desk, Desk]:
    """Aad and Bea know each other."""
    aad.ok("colleague", "add", "Bea", bea.identity())
    bea.ok("colleague", "add", "Aad", aad.identity())
    return aad, bea


def full_case(desk: Desk, clock: FixedClock) -> None:
    """A case with every kind of record: intake with every field, a call whose
    call-back becomes a follow-up, follow-ups with a date and a time, one moved,
    one done, a note, a consult, a hand-over and a correction."""
    desk.ok("intake", "--name", NAME, "--question", QUESTION, "--channel", "balie", "--referred-by", "huisarts",
            "--life-event", "schulden", "--agency", "toeslagen", "--agency", "uwv", "--digid", "heeft", "--consent",
            "--minutes", "25", "--phone", "06-12345678", "--email", "zoe@example.org", "--bsn", "123456782",
            "--language", "Pools", "--companion", "tolk")
    clock.set(FIXED_NOW + timedelta(minutes=30))
    desk.ok("call", "1", "uwv", "--outcome", "terugbelverzoek", "--driegesprek", "--contact", "mw. De Wit",
            "--question", "waarom gestopt?", "--answer", CALL_ANSWER, "--minutes", "12", "--reference", "UWV-778")
    desk.ok("followup", "add", "1", FOLLOWUP_TEXT, "--due", "morgen 14:30")
    desk.ok("followup", "add", "1", "DigiD aanvragen", "--due", "over 3 werkdagen")
    desk.ok("followup", "move", "3", "--due", "over 4 werkdagen")
    clock.set(FIXED_NOW + timedelta(hours=2))
    desk.ok("note", "1", NOTE)
    desk.ok("visit", "1", "--minutes", "15", "--note", "tweede gesprek")
    desk.ok("handover", "1", "stadsbank", "--warm", "--what", "schulddossier")
    desk.ok("followup", "done", "3")
    desk.ok("edit", "1", "--phone", "06-87654321")
    clock.set(FIXED_NOW + timedelta(days=1))


def send(desk: Desk, output: Path, *extra: str, to: str = "Bea", why: str = WHY) -> Result:
    return desk.run("transfer", "send", "1", "--to", to, "-o", str(output), *extra, input=why)


def without_ids(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "id"} for e in events]


# -- identity and colleagues ---------------------------------------------------------------


def test_identity_is_one_string_and_a_fingerprint_and_stays_the_same(aad: Desk) -> None:
    first = aad.ok("identity")
    assert first.stdout.startswith("loket1") and len(first.stdout.strip()) == 115
    shown = json.loads(aad.ok("identity", "--json").stdout)
    assert shown["identity"] == first.stdout.strip()
    assert shown["age_recipient"].startswith("age1")
    groups = shown["fingerprint"].split()
    assert len(groups) == 6 and all(len(g) == 5 and g.isdigit() for g in groups)
    assert first.stderr == t("identity.fingerprint", fingerprint=shown["fingerprint"]) + "\n"
    assert aad.identity() == shown["identity"]


def test_colleagues_add_list_remove(pair: tuple[Desk, Desk]) -> None:
    aad, bea = pair
    listed = json.loads(aad.ok("colleague", "list", "--json").stdout)
    bea_identity = json.loads(bea.ok("identity", "--json").stdout)
    assert [(c["name"], c["identity"], c["fingerprint"]) for c in listed] == [
        ("Bea", bea_identity["identity"], bea_identity["fingerprint"])]
    table = aad.ok("colleague", "list").stdout
    assert "Bea" in table and bea_identity["fingerprint"] in table
    removed = aad.ok("colleague", "remove", "bea")
    assert removed.stderr == t("colleague.removed") + "\n"
    assert json.loads(aad.ok("colleague", "list", "--json").stdout) == []
    assert [e["command"] for e in aad.audit()][-2:] == ["colleague add", "colleague remove"]


@pytest.mark.parametrize(("name", "identity", "key"), [
    ("Cor", "loket1qqqq", "error.transfer_bad_identity"),
    ("Cor", "age1q4vjrnj50vnfkg27fv36qcqkf7v3t8p3al25la8c2fwddj5js3rstl4jkr", "error.transfer_bad_identity"),
    ("bea", "BEA", "error.colleague_exists"),
    ("Zelf", "SELF", "error.colleague_is_self"),
])
def test_colleague_add_refusals(pair: tuple[Desk, Desk], name: str, identity: str, key: str) -> None:
    aad, bea = pair
    identity = {"BEA": bea.identity(), "SELF": aad.identity()}.get(identity, identity)
    result = aad.run("colleague", "add", name, identity)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line(key))


@pytest.mark.parametrize("name", ["Ann\x1b[2J", "Ann\x9b2J", "Ann\x7f", "\x1b]0;pwn\x07Cor"])
def test_colleague_name_with_control_characters_is_refused(pair: tuple[Desk, Desk], name: str) -> None:
    aad, bea = pair
    result = aad.run("colleague", "add", name, bea.identity())
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", error_line("error.control_characters", field="naam"))
    assert [c["name"] for c in json.loads(aad.ok("colleague", "list", "--json").stdout)] == ["Bea"]


# -- the round trip -------------------------------------------------------------------------


def test_round_trip_keeps_every_field_the_timeline_and_the_follow_ups(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    full_case(aad, clock)
    before = aad.show()
    out = tmp_path / "K-0001.age"
    sent = send(aad, out)
    assert sent.exit_code == 0, sent.stderr
    assert sent.stderr == (t("transfer.sent", case="K-0001", followups=3) + "\n"
                           + t("transfer.sent_closed", case="K-0001") + "\n")
    clock.set(FIXED_NOW + timedelta(days=1, hours=1))
    received = bea.run("transfer", "receive", str(out))
    assert (received.exit_code, received.stdout) == (0, "K-0001\n"), received.stderr
    assert received.stderr == t("transfer.received", case="K-0001", sender_case="K-0001") + "\n"

    after = bea.show()
    for key in ("visitor", "intake", "opened_at", "total_minutes", "agencies_involved", "calls_per_agency"):
        assert after[key] == before[key], key
    assert after["visitor"]["name"] == NAME and after["intake"]["question"] == QUESTION
    assert after["status"] == "open"
    # Every event, with its time and fields, then where the case came from.
    assert without_ids(after["events"][:-1]) == without_ids(before["events"])
    origin = after["events"][-1]
    aad_fingerprint = json.loads(aad.ok("identity", "--json").stdout)["fingerprint"]
    assert {k: v for k, v in origin.items() if k not in ("id", "transfer_id")} == {
        "kind": "collega-ontvangst", "at": "2026-03-03T11:15:00+01:00", "sender": "Aad",
        "sender_fingerprint": aad_fingerprint, "sender_case": "K-0001", "sent_at": "2026-03-03T09:15:00Z",
        "why": WHY,
    }
    # The follow-ups, open and done, with their due dates and times.
    assert after["followups"] == before["followups"]
    assert [(f["what"], f["due"], f["status"]) for f in sorted(after["followups"], key=lambda f: f["id"])] == [
        ("Terugbelverzoek UWV", {"date": "2026-03-09", "time": None}, "open"),
        (FOLLOWUP_TEXT, {"date": "2026-03-03", "time": "14:30"}, "open"),
        ("DigiD aanvragen", {"date": "2026-03-06", "time": None}, "gedaan"),
    ]
    # Shown to a person, the origin reads plainly.
    panel = bea.ok("show", "1").stdout
    assert "Ontvangen van collega Aad (K-0001, verstuurd 03-03-2026 10:15)" in " ".join(panel.split())

    # The sender's case records the hand-over and is closed as handed over; its
    # follow-ups left the sender's agenda with it.
    sender = aad.show()
    assert sender["status"] == "gesloten"
    handed, closed = sender["events"][-2:]
    assert (handed["kind"], handed["to"], handed["why"], handed["followups"]) == (
        "collega-overdracht", "Bea", WHY, [1, 2, 3])
    assert handed["transfer_id"] == origin["transfer_id"]
    assert (closed["kind"], closed["result"], closed["open_followups"]) == ("gesloten", "overgedragen", 0)
    assert all(f["status"] == "gedaan" for f in sender["followups"])
    assert json.loads(aad.ok("followup", "list", "--json").stdout) == []


def test_chosen_follow_ups_only_and_keep_open(pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    full_case(aad, clock)
    out = tmp_path / "K-0001.age"
    assert send(aad, out, "--followups", "#2", "--keep-open").exit_code == 0
    sender = aad.show()
    assert sender["status"] == "open"
    assert sorted((f["id"], f["status"]) for f in sender["followups"]) == [(1, "open"), (2, "gedaan"),
                                                                         (3, "gedaan")]
    assert bea.run("transfer", "receive", str(out)).exit_code == 0
    received = bea.show()
    assert [(f["id"], f["what"]) for f in received["followups"]] == [(1, FOLLOWUP_TEXT)]
    # Events about follow-ups that stayed behind keep their text, without a number here.
    planned = [(e["followup_id"], e["what"]) for e in received["events"] if e["kind"] == "opvolging-gepland"]
    assert planned == [(0, "Terugbelverzoek UWV"), (1, FOLLOWUP_TEXT), (0, "DigiD aanvragen")]
    call = next(e for e in received["events"] if e["kind"] == "professionallijn")
    assert call["followup_id"] is None


@pytest.mark.parametrize(("args", "key", "params"), [
    (["--to", "Cor"], "error.colleague_unknown", {}),
    (["--to", "Bea", "--followups", "9"], "error.transfer_followup_not_in_case",
     {"followup": "#9", "case": "K-0001"}),
])
def test_send_refusals_write_nothing(pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path,
                                     args: list[str], key: str, params: dict[str, str]) -> None:
    aad, _ = pair
    full_case(aad, clock)
    before = snapshot(aad.db.parent)
    out = tmp_path / "x.age"
    result = aad.run("transfer", "send", "1", "-o", str(out), *args, input=WHY)
    assert (result.exit_code, result.stderr) == (2, error_line(key, **params))
    assert not out.exists()
    assert snapshot(aad.db.parent) == before


def test_send_needs_a_reason(pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, _ = pair
    full_case(aad, clock)
    result = send(aad, tmp_path / "x.age", why="  \n")
    assert (result.exit_code, result.stderr) == (2, error_line("error.field_required", field="reden"))
    assert aad.show()["status"] == "open"


def test_send_asks_why_at_a_terminal(pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    aad, _ = pair
    full_case(aad, clock)
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    result = aad.run("transfer", "send", "1", "--to", "Bea", "-o", str(tmp_path / "x.age"), input=WHY + "\n")
    assert result.exit_code == 0, result.stderr
    assert t("prompt.transfer_why") in result.stderr
    assert aad.show()["events"][-2]["why"] == WHY


def test_send_reason_from_dash_and_the_argument_warning(pair: tuple[Desk, Desk], clock: FixedClock,
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from loketcli.cli import personal_input

    aad, _ = pair
    full_case(aad, clock)
    aad.ok("transfer", "send", "1", "--to", "Bea", "-o", str(tmp_path / "x.age"), "--keep-open", "--why", "-",
           input=WHY + "\n")
    assert aad.show()["events"][-1]["why"] == WHY
    # Typed as an argument at a terminal: it works, and says where it now lives.
    monkeypatch.setattr(personal_input, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(personal_input, "_warned", False)
    result = aad.ok("transfer", "send", "1", "--to", "Bea", "-o", str(tmp_path / "y.age"), "--why", WHY, "--again")
    assert result.stderr.startswith(f"loket: {t('privacy.argv_warning')}\n")
    assert aad.show()["events"][-2]["why"] == WHY


def test_send_checks_colleague_and_case_before_asking_why(pair: tuple[Desk, Desk], clock: FixedClock,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    aad, _ = pair
    full_case(aad, clock)
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    for args, stderr in ((["1", "--to", "Cor"], error_line("error.colleague_unknown")),
                         (["K-0099", "--to", "Bea"], "loket: Zaak K-0099 bestaat niet.\n")):
        result = aad.run("transfer", "send", *args, "-o", str(tmp_path / "x.age"), input=WHY + "\n")
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)
    assert not (tmp_path / "x.age").exists()


# -- interoperability: the standard age tool --------------------------------------------------


def test_the_standard_age_tool_opens_the_file(pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    if shutil.which("age") is None:
        pytest.skip("the `age` command is not installed (apt-get install age); the interoperability check needs it")
    aad, bea = pair
    full_case(aad, clock)
    out = tmp_path / "K-0001.age"
    assert send(aad, out).exit_code == 0
    key = tmp_path / "bea-key.txt"
    exported = bea.ok("identity", "--export-age-key", str(key))
    assert exported.stderr == t("identity.exported") + "\n"
    assert key.stat().st_mode & 0o777 == 0o600
    opened = subprocess.run(["age", "-d", "-i", str(key), str(out)], capture_output=True, check=True)
    envelope = json.loads(opened.stdout)
    assert (envelope["format"], envelope["version"]) == ("loket-transfer", 1)
    assert envelope["signer"] == aad.identity()
    content = json.loads(envelope["content"])
    assert content["recipient"] == bea.identity()
    assert content["case"]["visitor"]["name"] == NAME
    assert content["why"] == WHY
    # Aad's own key does not open it.
    aad_key = tmp_path / "aad-key.txt"
    aad.ok("identity", "--export-age-key", str(aad_key))
    assert subprocess.run(["age", "-d", "-i", str(aad_key), str(out)], capture_output=True).returncode != 0


# -- refusals on receipt ---------------------------------------------------------------------


def assert_refused(desk: Desk, file: Path, code: int, key: str, *extra: str, **params: object) -> None:
    before = snapshot(desk.db.parent)
    result = desk.run("transfer", "receive", str(file), *extra)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", error_line(key, **params))
    assert snapshot(desk.db.parent) == before


@pytest.fixture
def sent(pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> Path:
    aad, _ = pair
    full_case(aad, clock)
    out = tmp_path / "K-0001.age"
    assert send(aad, out).exit_code == 0
    return out


def test_a_file_for_another_colleague_is_refused(pair: tuple[Desk, Desk], clock: FixedClock,
                                                 tmp_path: Path) -> None:
    aad, bea = pair
    cor = Desk(tmp_path / "cor" / "loket.db")
    init_store(cor.db)
    aad.ok("colleague", "add", "Cor", cor.identity())
    full_case(aad, clock)
    out = tmp_path / "for-cor.age"
    assert send(aad, out, to="Cor").exit_code == 0
    bea.identity()  # made before the attempt, so the attempt itself changes nothing
    assert_refused(bea, out, 2, "error.transfer_not_for_us")
    assert cor.run("transfer", "receive", str(out), "--accept-unknown").exit_code == 0


@pytest.mark.parametrize(("offset", "key", "code"), [
    (-1, "error.transfer_tampered", 1),       # the payload's last tag byte
    (-200, "error.transfer_tampered", 1),     # inside the payload
    (40, "error.transfer_not_for_us", 2),     # the recipient stanza: age cannot tell this from another recipient
    (0, "error.transfer_not_age", 2),         # the magic line
])
def test_a_tampered_file_is_refused(pair: tuple[Desk, Desk], sent: Path, offset: int, key: str, code: int) -> None:
    _, bea = pair
    data = bytearray(sent.read_bytes())
    if offset == 40:
        # Another valid base64 letter: a flipped bit could make an invalid one,
        # which age reports as a damaged header instead (a random 1 in ~8).
        data[offset] = ord("A") if data[offset] != ord("A") else ord("B")
    else:
        data[offset] ^= 0x01
    sent.write_bytes(bytes(data))
    assert_refused(bea, sent, code, key)


def test_a_truncated_file_is_refused(pair: tuple[Desk, Desk], sent: Path) -> None:
    _, bea = pair
    sent.write_bytes(sent.read_bytes()[:-100])
    assert_refused(bea, sent, 1, "error.transfer_tampered")


def _secret(desk: Desk) -> Any:
    """A store's own key pairs, read the way loket reads them (for forging files)."""
    from conftest import PASSPHRASE

    from loketcli.storage.transfer import TransferRepository

    with opened_vault(desk.db, PASSPHRASE) as vault, vault.read() as uow:
        return TransferRepository(uow.conn, vault.vault_key).identity()


def reforge(file: Path, receiver: Desk, signer: Desk | None,
            change: Callable[[dict[str, Any], dict[str, Any]], None]) -> None:
    """Open the file as its receiver, change envelope and content, sign again with
    `signer`'s key (None: keep the old signature) and encrypt to the receiver."""
    import pyrage

    from loketcli.crypto.transfer import age_encrypt, parse_identity, sign

    mine = _secret(receiver)
    envelope = json.loads(pyrage.decrypt(file.read_bytes(), [pyrage.x25519.Identity.from_str(mine.age_secret)]))
    content = json.loads(envelope["content"])
    change(envelope, content)
    envelope["content"] = json.dumps(content, ensure_ascii=False)
    if signer is not None:
        envelope["signature"] = base64.b64encode(sign(_secret(signer), envelope["content"].encode())).decode()
    plaintext = json.dumps(envelope).encode()
    file.write_bytes(age_encrypt(plaintext, parse_identity(receiver.identity())))


def test_changed_content_breaks_the_signature(pair: tuple[Desk, Desk], sent: Path) -> None:
    _, bea = pair

    def rename(envelope: dict[str, Any], content: dict[str, Any]) -> None:
        content["case"]["visitor"]["name"] = "Iemand Anders"

    reforge(sent, bea, None, rename)
    assert_refused(bea, sent, 1, "error.transfer_bad_signature")


def test_a_file_signed_for_someone_else_and_forwarded_is_refused(pair: tuple[Desk, Desk], sent: Path,
                                                                 tmp_path: Path) -> None:
    # Bea re-encrypts Aad's signed file to Cor, unchanged: Cor must not take it as Aad's case for Cor.
    aad, bea = pair
    cor = Desk(tmp_path / "cor" / "loket.db")
    init_store(cor.db)
    cor.ok("colleague", "add", "Aad", aad.identity())
    import pyrage

    from loketcli.crypto.transfer import age_encrypt, parse_identity

    plaintext = pyrage.decrypt(sent.read_bytes(), [pyrage.x25519.Identity.from_str(_secret(bea).age_secret)])
    sent.write_bytes(age_encrypt(plaintext, parse_identity(cor.identity())))
    assert_refused(cor, sent, 2, "error.transfer_not_for_us")


@pytest.mark.parametrize("where", ["envelope", "content"])
def test_a_newer_format_version_is_refused(pair: tuple[Desk, Desk], sent: Path, where: str) -> None:
    aad, bea = pair

    def newer(envelope: dict[str, Any], content: dict[str, Any]) -> None:
        (envelope if where == "envelope" else content)["version"] = 2

    reforge(sent, bea, aad, newer)
    assert_refused(bea, sent, 1, "error.transfer_newer", version=2)


def test_an_unknown_event_kind_is_refused_as_newer(pair: tuple[Desk, Desk], sent: Path) -> None:
    aad, bea = pair

    def future(envelope: dict[str, Any], content: dict[str, Any]) -> None:
        content["case"]["events"].append({"kind": "iets-nieuws", "at": "2026-03-02T12:00:00Z", "fields": {}})

    reforge(sent, bea, aad, future)
    assert_refused(bea, sent, 1, "error.transfer_newer", version=1)


@pytest.mark.parametrize("damage", [
    lambda c: c["case"]["visitor"].update(name=42),
    lambda c: c["case"]["events"][0].update(at="gisteren"),
    lambda c: next(e for e in c["case"]["events"] if e["kind"] == "professionallijn")["fields"].update(
        agency=["uwv"]),
    lambda c: c["case"]["followups"][0].update(due_date="2026-02-30"),
    lambda c: c["case"].update(id="\x1b[31mK-1"),
    lambda c: c.pop("transfer_id"),
])
def test_a_signed_but_malformed_case_is_refused(pair: tuple[Desk, Desk], sent: Path,
                                                damage: Callable[[dict[str, Any]], None]) -> None:
    aad, bea = pair
    reforge(sent, bea, aad, lambda envelope, content: damage(content))
    assert_refused(bea, sent, 1, "error.transfer_malformed")


def test_a_second_import_is_refused(pair: tuple[Desk, Desk], sent: Path) -> None:
    _, bea = pair
    assert bea.run("transfer", "receive", str(sent)).exit_code == 0
    assert_refused(bea, sent, 2, "error.transfer_already_received")
    assert bea.case_count() == 1


def test_an_erased_received_case_does_not_come_back(pair: tuple[Desk, Desk], sent: Path) -> None:
    _, bea = pair
    assert bea.run("transfer", "receive", str(sent)).exit_code == 0
    bea.ok("erase", "1", "--yes")
    assert_refused(bea, sent, 2, "error.transfer_already_received")


def test_a_removed_colleague_is_unknown_and_refused_in_scripts(pair: tuple[Desk, Desk], sent: Path) -> None:
    aad, bea = pair
    # Bea still knows someone else: only the signer's own key may count.
    from loketcli.crypto.transfer import new_identity, public_of

    bea.ok("colleague", "add", "Cor", public_of(new_identity()).text)
    bea.ok("colleague", "remove", "Aad")
    fingerprint = json.loads(aad.ok("identity", "--json").stdout)["fingerprint"]
    assert_refused(bea, sent, 2, "error.transfer_unknown_sender", fingerprint=fingerprint)
    accepted = bea.run("transfer", "receive", str(sent), "--accept-unknown")
    assert accepted.exit_code == 0, accepted.stderr
    origin = bea.show()["events"][-1]
    assert (origin["sender"], origin["sender_fingerprint"]) == ("", fingerprint)
    assert "onbekende afzender" in bea.ok("show", "1").stdout
    assert [e["detail"] for e in bea.audit() if e["command"] == "transfer receive"] == ["unknown sender"]


def test_an_unknown_sender_is_asked_about_at_a_terminal(aad: Desk, bea: Desk, clock: FixedClock, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Aad knows Bea; Bea has never heard of Aad.
    aad.ok("colleague", "add", "Bea", bea.identity())
    full_case(aad, clock)
    out = tmp_path / "K-0001.age"
    assert send(aad, out).exit_code == 0
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    fingerprint = json.loads(aad.ok("identity", "--json").stdout)["fingerprint"]
    declined = bea.run("transfer", "receive", str(out), input="n\n")
    assert declined.exit_code == 1
    assert t("transfer.unknown_sender_warning", fingerprint=fingerprint) in declined.stderr
    assert bea.case_count() == 0
    accepted = bea.run("transfer", "receive", str(out), input="j\n")
    assert (accepted.exit_code, accepted.stdout) == (0, "K-0001\n"), accepted.stderr


# -- nothing in clear, and the audit trails -----------------------------------------------------


COLLEAGUE_MARKER = "Cornelia Collegamarker"


@pytest.fixture
def held_open(pair: tuple[Desk, Desk]) -> Iterator[tuple[Desk, Desk]]:
    """Foreign readers keep both stores open, so their -wal files stay on disk
    with the pages the commands wrote."""
    readers = [sqlite3.connect(desk.db) for desk in pair]
    for reader in readers:
        reader.execute("SELECT count(*) FROM cases").fetchall()
    try:
        yield pair
    finally:
        for reader in readers:
            reader.close()


def test_nothing_in_clear_on_disk(held_open: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = held_open
    # A colleague's name long enough that random ciphertext cannot hold it by
    # chance (the three letters of "Bea" turned up in about one run in fifty).
    cor = Desk(tmp_path / "cor" / "loket.db")
    init_store(cor.db)
    aad.ok("colleague", "add", COLLEAGUE_MARKER, cor.identity())
    full_case(aad, clock)
    out = tmp_path / "K-0001.age"
    assert send(aad, out).exit_code == 0
    assert bea.run("transfer", "receive", str(out)).exit_code == 0
    assert NAME in bea.ok("show", "1").stdout  # the markers did go through
    files = {f"aad/{n}": b for n, b in snapshot(aad.db.parent).items()}
    files |= {f"bea/{n}": b for n, b in snapshot(bea.db.parent).items()}
    files["K-0001.age"] = out.read_bytes()
    assert {"aad/loket.db-wal", "bea/loket.db-wal"} <= set(files)
    assert out.stat().st_mode & 0o777 == 0o600
    for name, data in files.items():
        for marker in [*MARKERS, COLLEAGUE_MARKER, "AGE-SECRET-KEY"]:
            for encoded in {marker.encode("utf-8"), marker.encode("utf-16-le"), json.dumps(marker).encode()}:
                assert encoded not in data, f"{marker!r} in clear in {name}"


def test_send_and_receive_are_in_each_audit_trail(pair: tuple[Desk, Desk], sent: Path) -> None:
    aad, bea = pair
    assert bea.run("transfer", "receive", str(sent)).exit_code == 0
    sender = [e for e in aad.audit() if e["command"].startswith("transfer")]
    receiver = [e for e in bea.audit() if e["command"].startswith("transfer")]
    assert [(e["command"], e["cases"], e["detail"]) for e in sender] == [("transfer send", ["K-0001"], "colleague 1")]
    assert [(e["command"], e["cases"], e["detail"]) for e in receiver] == [
        ("transfer receive", ["K-0001"], "colleague 1")]
    assert aad.ok("audit", "verify").exit_code == 0 and bea.ok("audit", "verify").exit_code == 0
    assert aad.ok("verify").exit_code == 0 and bea.ok("verify").exit_code == 0


def test_a_file_that_cannot_be_written_changes_nothing(pair: tuple[Desk, Desk], clock: FixedClock,
                                                       tmp_path: Path) -> None:
    aad, _ = pair
    full_case(aad, clock)
    before = snapshot(aad.db.parent)
    result = send(aad, tmp_path / "no-such-directory" / "K-0001.age")
    assert (result.exit_code, result.stderr) == (1, error_line("error.write_file"))
    assert snapshot(aad.db.parent) == before
    assert aad.show()["status"] == "open"


@pytest.mark.parametrize("table", ["colleagues", "transfer_identity"])
def test_verify_opens_the_sealed_identity_and_colleagues(pair: tuple[Desk, Desk], table: str) -> None:
    from loket_testkit import flip_byte

    aad, _ = pair
    flip_byte(aad.db, table, "payload", 1, 20)
    result = aad.run("verify")
    assert result.exit_code == 1
    assert t("verify.failure", table=table, id=1) in result.stderr


def test_every_event_field_type_is_checked_on_receipt() -> None:
    # A new event kind or field (another issue's) must get its type check, or
    # every file carrying it would be refused as malformed.
    import dataclasses

    from loketcli.domain.model import EVENT_DETAIL_TYPES
    from loketcli.services.transfer import _TYPE_CHECKS

    for kind, cls in EVENT_DETAIL_TYPES.items():
        for spec in dataclasses.fields(cls):
            assert str(spec.type) in _TYPE_CHECKS, f"{kind.value}.{spec.name}: {spec.type}"


def test_an_oversized_file_is_refused_unread(pair: tuple[Desk, Desk], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import loketcli.services.transfer

    _, bea = pair
    monkeypatch.setattr(loketcli.services.transfer, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.age"
    big.write_bytes(b"age-encryption.org/v1\n" + bytes(2000))
    assert_refused(bea, big, 2, "error.transfer_too_large")


# -- what later features record travels true (review after the merges) --------------------


def corrected_case(desk: Desk, clock: FixedClock) -> None:
    """A call withdrawn (its call-back cancelled with it), something the visitor
    brings, a manual follow-up cancelled, a note and a satisfaction recording."""
    desk.ok("intake", "--name", NAME, "--question", QUESTION, "--channel", "balie", "--agency", "uwv",
            "--minutes", "20")
    clock.set(FIXED_NOW + timedelta(minutes=30))
    desk.ok("call", "1", "uwv", "--outcome", "terugbelverzoek", "--minutes", "12")
    desk.ok("call", "1", "svb", "--outcome", "opgelost", "--minutes", "5")
    desk.ok("followup", "add", "1", FOLLOWUP_TEXT, "--due", "morgen", "--actor", "bezoeker")
    desk.ok("followup", "add", "1", "brief sturen", "--due", "morgen")
    desk.ok("note", "1", NOTE)
    clock.set(FIXED_NOW + timedelta(hours=1))
    call = next(e for e in desk.show()["events"] if e["kind"] == "professionallijn" and e["agency"] == "uwv")
    desk.ok("retract", "1", str(call["id"]), "--why", "verkeerde zaak")
    desk.ok("followup", "cancel", "3", "--why", "niet meer nodig")
    desk.ok("satisfaction", "1", "4")
    clock.set(FIXED_NOW + timedelta(days=1))


def truth(desk: Desk, case: str = "1") -> tuple[Any, ...]:
    """What a worker, the visitor and the researchers are told about the case."""
    shown = desk.show(case)
    ids = {e["id"]: n for n, e in enumerate(shown["events"])}

    def plain(event: dict[str, Any]) -> dict[str, Any]:
        # Event ids are each store's own: a reference is compared by position.
        body = {k: v for k, v in event.items() if k != "id"}
        if event["kind"] in ("ingetrokken", "opvolging-geannuleerd") and body.get("event_id") is not None:
            body["event_id"] = ids[body["event_id"]]
        if "withdrawn" in body:
            body["withdrawn"] = {**body["withdrawn"], "by_event": ids[body["withdrawn"]["by_event"]]}
        return body

    events = [plain(e) for e in shown["events"] if e["kind"] not in ("collega-ontvangst", "collega-overdracht")]
    followups = sorted(({k: v for k, v in f.items() if k not in ("id", "case")} for f in shown["followups"]),
                       key=lambda f: f["what"])
    sheet = desk.ok("summary", case, "--for-visitor").stdout
    stats = json.loads(desk.ok("stats", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json").stdout)
    return events, followups, shown["status"], sheet, stats


def test_round_trip_tells_the_same_truth_about_withdrawals_cancellations_actors_and_satisfaction(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    corrected_case(aad, clock)
    before = truth(aad)
    out = tmp_path / "K-0001.age"
    assert send(aad, out, "--keep-open").exit_code == 0
    clock.set(FIXED_NOW + timedelta(days=1, hours=1))
    assert bea.run("transfer", "receive", str(out)).exit_code == 0
    after = truth(bea)
    events, followups, status, sheet, stats = after
    assert events == before[0]
    assert followups == before[1]
    assert status == before[2] == "open"
    assert sheet == before[3]
    assert stats == before[4]
    # The checks above are not vacuous: what the bug showed is absent.
    assert [(f["what"], f["actor"], f["status"]) for f in followups] == [
        ("Terugbelverzoek UWV", "instantie", "geannuleerd"), ("brief sturen", "loket", "geannuleerd"),
        (FOLLOWUP_TEXT, "bezoeker", "open")]
    assert "U hoeft nu niets te doen" not in sheet
    assert stats["calls"]["per_agency"] == {"svb": {"calls": 1, "driegesprek": 0, "driegesprek_share": 0.0}} \
        or stats["contacts"]["by_kind"].get("professionallijn") == 1


def test_a_retraction_and_a_cancellation_point_at_the_receivers_own_records(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    # Bea's store already has cases, so the sender's ids mean something else there.
    for n in range(3):
        bea.ok("intake", "--name", f"Proef {n}", "--question", "q", "--channel", "balie")
        bea.ok("note", str(n + 1), "n")
        bea.ok("followup", "add", str(n + 1), "iets", "--due", "morgen")
    corrected_case(aad, clock)
    out = tmp_path / "K-0001.age"
    assert send(aad, out, "--keep-open").exit_code == 0
    assert bea.run("transfer", "receive", str(out)).exit_code == 0
    received = bea.show("4")
    own_events = {e["id"]: e for e in received["events"]}
    own_followups = {f["id"] for f in received["followups"]}
    retraction = next(e for e in received["events"] if e["kind"] == "ingetrokken")
    assert own_events[retraction["event_id"]]["kind"] == "professionallijn"
    assert own_events[retraction["event_id"]]["agency"] == "uwv"
    assert own_events[retraction["event_id"]]["withdrawn"]["by_event"] == retraction["id"]
    for cancelled in (e for e in received["events"] if e["kind"] == "opvolging-geannuleerd"):
        assert cancelled["followup_id"] in own_followups
        if cancelled["event_id"] is not None:
            assert cancelled["event_id"] == retraction["event_id"]
    # Bea's other cases are untouched: none of their entries became withdrawn.
    for n in range(1, 4):
        assert all("withdrawn" not in e for e in bea.show(str(n))["events"])
        assert [f["status"] for f in bea.show(str(n))["followups"]] == ["open"]


def test_a_case_handed_over_is_not_sent_again_unless_asked(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    corrected_case(aad, clock)
    assert send(aad, tmp_path / "first.age").exit_code == 0
    before = snapshot(aad.db.parent)
    again = send(aad, tmp_path / "second.age")
    assert (again.exit_code, again.stderr) == (2, error_line("error.transfer_already_sent", case="K-0001"))
    assert not (tmp_path / "second.age").exists()
    assert snapshot(aad.db.parent) == before
    # Asked for, the second file arrives as an open case whose timeline says open too.
    assert send(aad, tmp_path / "second.age", "--again").exit_code == 0
    assert aad.show()["status"] == "gesloten"
    assert bea.run("transfer", "receive", str(tmp_path / "second.age")).exit_code == 0
    received = bea.show()
    assert received["status"] == "open"
    kinds = [e["kind"] for e in received["events"] if e["kind"] in ("gesloten", "heropend")]
    assert kinds == []
    stats = json.loads(bea.ok("stats", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json").stdout)
    assert stats["cases"]["closed"] == 0 and stats["cases"]["open_at_end"] == 1


def test_a_case_closed_before_it_was_sent_arrives_open_and_says_so(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    corrected_case(aad, clock)
    aad.ok("close", "1", "--result", "opgelost", "--force")
    assert send(aad, tmp_path / "k.age").exit_code == 0
    clock.set(FIXED_NOW + timedelta(days=2))
    assert bea.run("transfer", "receive", str(tmp_path / "k.age")).exit_code == 0
    received = bea.show()
    assert received["status"] == "open"
    marks = [(e["kind"], e["at"]) for e in received["events"] if e["kind"] in ("gesloten", "heropend")]
    assert marks == [("gesloten", "2026-03-03T10:15:00+01:00"), ("heropend", "2026-03-04T10:15:00+01:00")]
    assert received["events"][-1]["kind"] == "collega-ontvangst"
    stats = json.loads(bea.ok("stats", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json").stdout)
    assert stats["cases"]["open_at_end"] == 1


def test_a_transfer_closure_is_no_solve_and_does_not_lower_the_solved_share(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, _ = pair
    for n in (1, 2):
        aad.ok("intake", "--name", f"Proef {n}", "--question", "q", "--channel", "balie")
    aad.ok("close", "1", "--result", "opgelost")
    # Solved, reopened, then handed to a colleague: the colleague goes on with it.
    aad.ok("close", "2", "--result", "opgelost")
    aad.ok("reopen", "2")
    assert aad.run("transfer", "send", "2", "--to", "Bea", "-o", str(tmp_path / "k.age"),
                   input=WHY).exit_code == 0
    stats = json.loads(aad.ok("stats", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json").stdout)
    assert stats["cases"]["closed_by_result"] == {"opgelost": 2, "overgedragen": 1}
    assert stats["resolved_without_handover"] == {"count": 1, "share": 0.5}


def test_an_entry_moved_away_reads_as_withdrawn_and_names_no_local_case(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    aad.ok("intake", "--name", NAME, "--question", QUESTION, "--channel", "balie")
    aad.ok("intake", "--name", "Proef", "--question", "q", "--channel", "balie")
    aad.ok("note", "1", NOTE)
    note = next(e for e in aad.show()["events"] if e["kind"] == "notitie")
    aad.ok("move", "1", str(note["id"]), "--to", "2", "--why", "verkeerde zaak")
    # Bea has a case 2 of her own: the sender's K-0002 must not be pointed at.
    for n in (1, 2):
        bea.ok("intake", "--name", f"Proef {n}", "--question", "q", "--channel", "balie")
    assert send(aad, tmp_path / "k.age").exit_code == 0
    assert bea.run("transfer", "receive", str(tmp_path / "k.age")).exit_code == 0
    received = bea.show("3")
    retraction = next(e for e in received["events"] if e["kind"] == "ingetrokken")
    withdrawn = next(e for e in received["events"] if e["kind"] == "notitie")
    assert retraction["moved_to"] is None and retraction["event_id"] == withdrawn["id"]
    assert withdrawn["withdrawn"]["moved_to"] is None
    assert "K-0002" not in bea.ok("show", "3").stdout


@pytest.mark.parametrize("damage", [
    # A retraction naming an event that is not an earlier one in the file.
    lambda c: next(e for e in c["case"]["events"] if e["kind"] == "ingetrokken")["fields"].update(event_id=999),
    lambda c: [e.pop("id") for e in c["case"]["events"]],
    lambda c: c["case"]["events"][1].update(id=c["case"]["events"][0]["id"]),
    lambda c: c["case"]["followups"][0].update(actor="iedereen"),
    lambda c: c["case"]["followups"][0].update(cancelled_at="gisteren"),
    lambda c: next(f for f in c["case"]["followups"] if f["agency"] is None).update(actor="instantie"),
])
def test_a_signed_file_with_bad_references_is_refused(pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path,
                                                      damage: Callable[[dict[str, Any]], None]) -> None:
    aad, bea = pair
    corrected_case(aad, clock)
    out = tmp_path / "k.age"
    assert send(aad, out).exit_code == 0
    reforge(out, bea, aad, lambda envelope, content: damage(content))
    assert_refused(bea, out, 1, "error.transfer_malformed")


def test_a_file_from_before_actors_and_event_ids_is_still_taken_over(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    full_case(aad, clock)
    out = tmp_path / "k.age"
    assert send(aad, out).exit_code == 0

    def older(envelope: dict[str, Any], content: dict[str, Any]) -> None:
        for event in content["case"]["events"]:
            event.pop("id")
        for followup in content["case"]["followups"]:
            followup.pop("actor")
            followup.pop("cancelled_at")

    reforge(out, bea, aad, older)
    assert bea.run("transfer", "receive", str(out)).exit_code == 0
    # Read as a follow-up recorded before actors existed is read.
    assert sorted(f["actor"] for f in bea.show()["followups"]) == ["instantie", "loket", "loket"]


def test_merged_stats_and_hidden_counts_keep_transfer_closures_out_of_the_solved_share(
        pair: tuple[Desk, Desk], clock: FixedClock, tmp_path: Path) -> None:
    aad, bea = pair
    for n in (1, 2, 3):
        aad.ok("intake", "--name", f"Proef {n}", "--question", "q", "--channel", "balie")
    aad.ok("close", "2", "--result", "opgelost")
    aad.ok("close", "3", "--result", "doorverwezen")
    assert aad.run("transfer", "send", "1", "--to", "Bea", "-o", str(tmp_path / "k.age"),
                   input=WHY).exit_code == 0
    assert bea.run("transfer", "receive", str(tmp_path / "k.age")).exit_code == 0
    bea.ok("close", "1", "--result", "opgelost")
    period = ("--from", "2026-03-01", "--to", "2026-03-31", "--format", "json")
    files = []
    for name, desk in (("aad", aad), ("bea", bea)):
        files.append(tmp_path / f"{name}.json")
        files[-1].write_text(desk.ok("stats", *period).stdout)
    # Aad: opgelost, doorverwezen, overgedragen; the solved share is of the first two.
    assert json.loads(files[0].read_text())["resolved_without_handover"] == {"count": 1, "share": 0.5}
    joined = invoke(["stats", "merge", *map(str, files)], env=UNLOCKED)
    assert joined.exit_code == 0, joined.stderr
    merged = json.loads(joined.stdout)
    assert merged["cases"]["closed_by_result"] == {"doorverwezen": 1, "opgelost": 2, "overgedragen": 1}
    assert merged["resolved_without_handover"] == {"count": 2, "share": 0.6667}
    # With the hand-over count hidden, the share would give it back: it goes too.
    hidden = json.loads(aad.ok("stats", *period, "--min-count", "2").stdout)
    assert hidden["cases"]["closed_by_result"]["overgedragen"] is None
    assert hidden["resolved_without_handover"]["share"] is None


# -- the search index (issue 14) -----------------------------------------------------------


def test_a_received_case_is_in_the_receivers_search_index(pair: tuple[Desk, Desk], sent: Path) -> None:
    _, bea = pair
    assert bea.run("transfer", "receive", str(sent)).exit_code == 0
    for term in ("1234 56 782", "+31 6 87654321", "ZOE@example.org"):
        result = bea.ok("find", term, "--json")
        assert [hit["id"] for hit in json.loads(result.stdout)] == ["K-0001"], term
        assert result.stderr == t("find.indexed") + "\n"
    # The phone number before the sender's correction is not the case's any more.
    assert json.loads(bea.ok("find", "06-12345678", "--json").stdout) == []
    assert bea.run("verify").exit_code == 0


# -- issue 23: a received case meets the rules of an intake ------------------------------------------------


def _event(content: dict[str, Any], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in content["case"]["events"] if e["kind"] == kind)
    return found


def _set(target: Callable[[dict[str, Any]], dict[str, Any]], **values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda content: target(content).update(values)


_CALL = lambda c: _event(c, "professionallijn")["fields"]  # noqa: E731
_NOTE = lambda c: _event(c, "notitie")["fields"]  # noqa: E731


@pytest.mark.parametrize(("damage", "where", "field"), [
    (_set(lambda c: c["case"]["visitor"], name="Zo\x1b]52;c;aGk=\x07ë"), "intake", "naam"),
    (_set(lambda c: c["case"]["intake"], channel="teleportatie"), "intake", "channel"),
    (_set(lambda c: c["case"]["intake"], channel="tel"), "intake", "channel"),  # a prefix is typing, not a code
    (_set(lambda c: c["case"]["intake"], agencies=["uwv", "nasa"]), "intake", "agencies"),
    (_set(lambda c: c["case"]["intake"], minutes=-500), "intake", "minutes"),
    (_set(lambda c: c["case"]["visitor"], bsn="123456789"), "intake", "bsn"),
    (_set(_CALL, minutes=10**11), "call", "minutes"),
    (_set(_CALL, agency="nasa"), "call", "agency"),
    (_set(_CALL, outcome="misschien"), "call", "outcome"),
    (_set(_NOTE, text="regel\x1b[2Jweg"), "note", "text"),
    (_set(_NOTE, text="x" * 4001), "note", "text"),
    (lambda c: _event(c, "notitie").update(at="9999-12-31T23:59:59Z"), "note", "at"),
    (lambda c: _event(c, "notitie").update(at="1970-01-01T00:00:00Z"), "note", "at"),
    (lambda c: c["case"].update(opened_at="9999-12-31T23:59:59Z"), "case", "opened_at"),
    (_set(lambda c: c["case"]["followups"][0], due_date="9999-01-01"), "followup", "due_date"),
    (_set(lambda c: c["case"]["followups"][0], agency="nasa"), "followup", "agency"),
    (_set(lambda c: c["case"]["followups"][0], done_at="9999-01-01T00:00:00Z"), "followup", "done_at"),
    (lambda c: c.update(why="reden\x9b31m"), "transfer", "why"),
])
def test_a_received_case_is_held_to_the_rules_of_an_intake(
        pair: tuple[Desk, Desk], sent: Path, damage: Callable[[dict[str, Any]], None], where: str,
        field: str) -> None:
    """Issue 23: a signed file once imported control characters, codes outside the
    vocabulary, minutes of -500 or 10^11 and a date in year 9999, after which
    `list` and `find` failed for the whole store. Now the file is refused, nothing written."""
    aad, bea = pair
    named: list[str] = []

    def change(envelope: dict[str, Any], content: dict[str, Any]) -> None:
        damage(content)
        if where == "call":
            named.append(f"event {_event(content, 'professionallijn')['id']}")
        elif where == "note":
            named.append(f"event {_event(content, 'notitie')['id']}")
        elif where == "followup":
            named.append(f"follow-up {content['case']['followups'][0]['id']}")
        else:
            named.append(where)

    reforge(sent, bea, aad, change)
    assert_refused(bea, sent, 1, "error.transfer_bad_value", where=named[0], field=field)
    assert bea.case_count() == 0
    bea.ok("list")


def test_a_received_case_within_the_rules_still_imports(pair: tuple[Desk, Desk], sent: Path) -> None:
    """The control: the same file re-signed unchanged imports, and the store lists it."""
    aad, bea = pair
    reforge(sent, bea, aad, lambda envelope, content: None)
    assert bea.run("transfer", "receive", str(sent)).exit_code == 0
    assert NAME in bea.ok("list", "--names").stdout
