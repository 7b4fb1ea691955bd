"""The push into the municipality's contact register: idempotent, resumable,
polite, consent-bound and audited, against a fake register that keeps state."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loket_testkit import (
    PASSPHRASE,
    UNLOCKED,
    error_line,
    init_store,
    intake,
    invoke,
    loket_executable,
    terminal_env,
    through_a_terminal,
)
from register.fake_openklant import TOKEN, FakeOpenKlant, Fault
from register.register_fixtures import openklant, quick_retries
from register.schemas import EXPORTED, errors

import loketcli.register.client as client_module
import loketcli.register.push as push_module
from loketcli.i18n import t

NAME = "Zwaantje van der Testmarker"
BSN = "123456782"
PHONE = "0687654321"  # as typed, and as the register takes it
PHONE_STORED = "06 87654321"  # as loket formats it for people


def sent(contacts: int = 0, changed: int = 0, tasks: int = 0, tasks_changed: int = 0, addresses: int = 0,
         addresses_changed: int = 0, *, bsn: bool = False, key: str = "register.outcome.verstuurd") -> str:
    """What a push says of one case it sent (or would send)."""
    text = t(key, contacts=contacts, changed=changed, tasks=tasks, tasks_changed=tasks_changed)
    if addresses or addresses_changed:
        text += ", " + t("register.outcome.addresses", new=addresses, changed=addresses_changed)
    return text + (" " + t("register.outcome.with_bsn") if bsn else "")


NOTHING_REFUSED = {"addresses_new": 0, "addresses_changed": 0, "refused": []}


__all__ = ["openklant", "quick_retries"]  # fixtures, imported for this module


def setup_register(server: FakeOpenKlant, *extra: str) -> None:
    result = invoke(["register", "setup", "--url", server.url, "--token-stdin", *extra], env=UNLOCKED,
                    input=TOKEN + "\n")
    assert result.exit_code == 0, result.stderr


def day_of_work(name: str = NAME, bsn: str = BSN, *, consent: bool = True) -> str:
    case = intake("--name", name, "--question", "brief van CJIB over de boete", "--channel", "balie",
                  "--agency", "cjib", "--agency", "uwv", "--consent", "--minutes", "20", "--bsn", bsn,
                  "--phone", PHONE)
    assert invoke(["call", case, "uwv", "--outcome", "terugbelverzoek", "--callback", "over 5 werkdagen",
                   "--driegesprek", "--answer", "wordt uitgezocht"], env=UNLOCKED).exit_code == 0
    assert invoke(["handover", case, "stadsbank", "--warm"], env=UNLOCKED).exit_code == 0
    if consent:
        assert invoke(["register", "consent", case], env=UNLOCKED).exit_code == 0
    return case


def push(*extra: str) -> tuple[int, str, str]:
    result = invoke(["register", "push", *extra], env=UNLOCKED)
    return result.exit_code, result.stdout, result.stderr


def contacts_of(server: FakeOpenKlant, case: str) -> list[str]:
    return sorted(kc["metadata"]["loketContact"] for kc in server.register.objects["klantcontacten"].values()
                  if kc["metadata"]["loketZaak"].endswith(":" + case))


def test_first_push_sends_each_contact_once_with_its_links(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    code, out, err = push()
    assert code == 0, err
    assert out == f"{case}  {sent(3, 0, 1, 0, 1)}\n"
    reg = openklant.register
    assert reg.schema_errors == []
    assert contacts_of(openklant, case) == ["1", "3", "4"]
    assert reg.count("betrokkenen") == 3 and reg.count("onderwerpobjecten") == 3
    # The worker on every contact, UWV on the call, Stadsbank on the warm hand-over.
    assert sorted(a["naam"] for a in reg.objects["actoren"].values()) == ["Loketmedewerker", "Stadsbank", "UWV"]
    assert reg.count("actorklantcontacten") == 5
    # Without the desk's BSN setting no partij is made; the name travels as contactnaam.
    assert reg.count("partijen") == 0
    names = [b.get("contactnaam") for b in reg.objects["betrokkenen"].values()]
    assert names[0] == {"voornaam": "Zwaantje", "voorvoegselAchternaam": "van der", "achternaam": "Testmarker"}
    # In the register's own form (no spaces), with the key Open Klant demands.
    (address,) = reg.objects["digitaleadressen"].values()
    assert (address["adres"], address["soortDigitaalAdres"], address["verstrektDoorPartij"]) == (
        PHONE, "telefoonnummer", None)
    assert address["verstrektDoorBetrokkene"]["uuid"] in reg.objects["betrokkenen"]
    (task,) = reg.objects["internetaken"].values()
    assert task["status"] == "te_verwerken" and task["gevraagdeHandeling"].startswith("Terugbel")
    assert task["toegewezenAanActoren"][0]["uuid"] in reg.objects["actoren"]
    # Calls and hand-overs follow from the intake contact.
    intake_kc = next(kc for kc in reg.objects["klantcontacten"].values() if kc["metadata"]["loketContact"] == "1")
    followers = [o for o in reg.objects["onderwerpobjecten"].values() if o.get("wasKlantcontact")]
    assert {o["wasKlantcontact"]["uuid"] for o in followers} == {intake_kc["uuid"]}
    assert len(followers) == 2


def test_a_second_push_with_nothing_changed_sends_nothing(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    before = openklant.register.requests()
    code, out, err = push()
    assert code == 0
    assert out == ""  # unchanged cases are counted, not listed
    assert json.loads(invoke(["register", "push", "--json"], env=UNLOCKED).stdout)["cases"] == [
        {"case": case, "status": "ongewijzigd", "contacts_new": 0, "contacts_changed": 0, "tasks_new": 0,
         "tasks_changed": 0, "bsn": False, "http_status": None, "reasons": [], **NOTHING_REFUSED}]
    assert openklant.register.requests() == before
    assert err == t("register.summary", sent=0, unchanged=1, refused=0, still=0, unreachable=0, without=0, requests=0,
                    contacts=0, tasks=0, addresses=0) + "\n"


def test_changes_are_sent_as_new_contacts_and_updates(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    assert invoke(["note", case, "telefonisch contact gehad"], env=UNLOCKED).exit_code == 0
    assert invoke(["visit", case, "--minutes", "10"], env=UNLOCKED).exit_code == 0
    assert invoke(["followup", "done", "1"], env=UNLOCKED).exit_code == 0
    code, out, _ = push()
    assert code == 0
    assert out == f"{case}  {sent(1, 0, 0, 1)}\n"
    (task,) = openklant.register.objects["internetaken"].values()
    assert task["status"] == "verwerkt" and task["afgehandeldOp"].endswith("Z")
    assert len(contacts_of(openklant, case)) == 4
    assert openklant.register.schema_errors == []


def test_only_consented_cases_are_sent_and_the_rest_counted(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    day_of_work(consent=False)
    consented = day_of_work("Tweede Testpersoon", "111222333")
    code, out, err = push()
    assert code == 0
    assert out.splitlines() == [f"{consented}  {sent(3, 0, 1, 0, 1)}"]
    assert "1 zaken zonder toestemming" in err
    assert {kc["metadata"]["loketZaak"].split(":")[1] for kc in openklant.register.objects["klantcontacten"].values()} \
        == {consented}


def test_withdrawn_consent_stops_the_push(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert invoke(["register", "consent", case, "--withdraw"], env=UNLOCKED).exit_code == 0
    code, out, _ = push()
    assert code == 0 and out == ""
    assert openklant.register.count("klantcontacten") == 0


def test_bsn_is_sent_only_by_setting_and_a_person_is_made_once(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant, "--send-bsn")
    first = day_of_work()
    second = day_of_work("Z. van der Testmarker")  # the same person, returning: same BSN
    code, out, _ = push("--concurrency", "1")
    assert code == 0, out
    reg = openklant.register
    assert reg.count("partijen") == 1
    (partij,) = reg.objects["partijen"].values()
    assert partij["partijIdentificatoren"][0]["partijIdentificator"]["objectId"] == BSN
    assert all(b["wasPartij"]["uuid"] == partij["uuid"] for b in reg.objects["betrokkenen"].values())
    assert f"{first}  " in out and f"{second}  " in out and t("register.outcome.with_bsn") in out


def test_dry_run_sends_nothing_and_shows_no_personal_data(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant, "--send-bsn")
    case = day_of_work()
    code, out, err = push("--dry-run")
    assert code == 0
    assert out == f"{case}  {sent(3, 0, 1, 0, 1, bsn=True, key='register.outcome.zou-versturen')}\n"
    assert openklant.register.requests() == 0
    for marker in ("Zwaantje", "Testmarker", BSN, PHONE, PHONE_STORED, "CJIB over de boete"):
        assert marker not in out + err


def test_json_report_is_versioned(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    result = invoke(["register", "push", "--json"], env=UNLOCKED)
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1
    assert report["cases"] == [{"case": case, "status": "verstuurd", "contacts_new": 3, "contacts_changed": 0,
                                "tasks_new": 1, "tasks_changed": 0, "bsn": False, "http_status": None,
                                "reasons": [], **NOTHING_REFUSED, "addresses_new": 1}]
    assert report["totals"] == {"contacts_new": 3, "contacts_changed": 0, "tasks_new": 1, "tasks_changed": 0,
                                "addresses_new": 1, "addresses_changed": 0}


def test_a_refused_part_is_reported_with_codes_the_rest_is_sent_and_it_is_not_sent_again(
        openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    first = day_of_work()
    second = day_of_work("Tweede Testpersoon", "111222333")
    # The first maak-klantcontact (the first case's intake) is refused, once.
    openklant.register.faults.append(Fault(lambda m, p, i: p.endswith("/maak-klantcontact"), status=400))
    code, out, err = push("--concurrency", "1")
    assert code == 1
    refused = t("register.outcome.refused_parts", parts="contact (400: server_error)")
    # The call and the hand-over went in, and the phone number with the first
    # of them; the task waits for the intake contact it hangs on. The counts
    # are what arrived.
    assert out.splitlines() == [f"{first}  {sent(2, 0, 0, 0, 1)}; {refused}", f"{second}  {sent(3, 0, 1, 0, 1)}"]
    assert contacts_of(openklant, first) == ["3", "4"]
    assert openklant.register.count("klantcontacten") == 5
    assert err == t("register.summary", sent=1, unchanged=0, refused=1, still=0, unreachable=0, without=0,
                    requests=openklant.register.requests(), contacts=5, tasks=1, addresses=2) + "\n"
    # 4xx is never retried: exactly one maak-klantcontact was tried for the intake.
    assert sum(1 for m, p, _ in openklant.register.log if p.endswith("maak-klantcontact")) == 6
    trail = json.loads(invoke(["audit", "--json"], env=UNLOCKED).stdout)
    pushed = [e for e in trail if e["command"] == "register push"]
    assert [e["detail"] for e in pushed if e["cases"] == [first]] == [
        "contacts+2~0 tasks+0~0 addresses+1~0 refused=contact"]

    # Nothing changed: the refused part is not sent again, and the case says why.
    before = openklant.register.requests()
    code, out, _ = push("--concurrency", "1")
    assert (code, openklant.register.requests()) == (0, before)
    earlier = t("register.outcome.earlier_parts", parts="contact (400: server_error)")
    assert out == f"{first}  {t('register.outcome.eerder-geweigerd')}; {earlier}\n"

    # Asked to, it is sent again; now everything of the case is there once.
    code, out, _ = push("--concurrency", "1", "--retry-refused")
    assert code == 0, out
    assert out == f"{first}  {sent(1, 0, 1, 0, 0)}\n"
    assert contacts_of(openklant, first) == ["1", "3", "4"]
    assert contacts_of(openklant, second) == ["5", "7", "8"]
    assert openklant.register.count("internetaken") == 2 and openklant.register.count("digitaleadressen") == 2


def test_server_errors_are_retried_and_nothing_is_made_twice(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    openklant.register.faults.append(Fault(lambda m, p, i: m == "GET", status=503, times=2))
    openklant.register.faults.append(Fault(lambda m, p, i: p.endswith("/actorklantcontacten"), status=500))
    code, _, err = push()
    assert code == 0, err
    assert contacts_of(openklant, case) == ["1", "3", "4"]
    assert openklant.register.count("actorklantcontacten") == 5
    assert openklant.register.count("internetaken") == 1


@pytest.mark.parametrize("fault", [
    Fault(lambda m, p, i: p.endswith("/maak-klantcontact") and i > 3, drop="after"),
    Fault(lambda m, p, i: p.endswith("/internetaken") and m == "POST", drop="after"),
    Fault(lambda m, p, i: m == "POST" and p.endswith("/digitaleadressen"), drop="after"),
    Fault(lambda m, p, i: p.endswith("/maak-klantcontact"), drop="before"),
    Fault(lambda m, p, i: p.endswith("/maak-klantcontact") and i > 5, delay=2.5),
], ids=["dropped-after-contact", "dropped-after-task", "dropped-after-address", "dropped-before", "timeout"])
def test_a_lost_answer_is_found_again_not_created_twice(openklant: FakeOpenKlant, fault: Fault) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    openklant.register.faults.append(fault)
    code, out, err = push()
    # The request went out and no answer came back: the register may have
    # acted on it, so the case waits for the next push, which looks first.
    # What did arrive before it is counted.
    assert code == 1 and out.startswith(f"{case}  {t('register.outcome.niet-bereikt')}"), err
    openklant.register.settle()
    assert push()[0] == 0
    reg = openklant.register
    assert contacts_of(openklant, case) == ["1", "3", "4"]
    assert reg.count("betrokkenen") == 3
    assert reg.count("actorklantcontacten") == 5
    assert reg.count("internetaken") == 1
    assert reg.count("digitaleadressen") == 1
    assert reg.schema_errors == []


def test_wrong_token_stops_the_push_with_exit_1(openklant: FakeOpenKlant) -> None:
    init_store()
    result = invoke(["register", "setup", "--url", openklant.url, "--token-stdin"], env=UNLOCKED,
                    input="x" * 40 + "\n")
    assert result.exit_code == 0
    day_of_work()
    code, _out, err = push()
    assert code == 1
    assert err == error_line("error.register_unauthorized")
    assert openklant.register.count("klantcontacten") == 0


def test_unreachable_register_leaves_the_case_to_finish_later(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    openklant.register.faults.append(Fault(lambda m, p, i: p.endswith("/maak-klantcontact") and i > 4,
                                           status=503, times=100))
    code, out, _ = push()
    assert code == 1
    assert out == f"{case}  {t('register.outcome.niet-bereikt')}\n"
    openklant.register.faults.clear()
    code, out, _ = push()
    assert code == 0
    assert contacts_of(openklant, case) == ["1", "3", "4"]


def test_push_is_audited_by_case_id(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    trail = json.loads(invoke(["audit", "--json"], env=UNLOCKED).stdout)
    pushed = [e for e in trail if e["command"] == "register push"]
    assert len(pushed) == 1 and pushed[0]["cases"] == [case]
    assert pushed[0]["detail"] == "contacts+3~0 tasks+1~0 addresses+1~0"
    assert [e["command"] for e in trail if e["command"].startswith("register")] == [
        "register setup", "register consent", "register push"]


def test_the_token_never_lies_in_clear_and_never_in_argv(openklant: FakeOpenKlant, db_path: Path) -> None:
    init_store()
    setup_register(openklant)
    for path in db_path.parent.iterdir():
        assert TOKEN.encode() not in path.read_bytes()
    # There is no option that takes the token as an argument.
    result = invoke(["register", "setup", "--url", openklant.url, "--token", TOKEN], env=UNLOCKED)
    assert result.exit_code == 2


def test_plain_http_to_another_machine_is_refused() -> None:
    init_store()
    result = invoke(["register", "setup", "--url", "http://openklant.example.org", "--token-stdin"], env=UNLOCKED,
                    input=TOKEN + "\n")
    assert result.exit_code == 2
    assert result.stderr == error_line("error.register_url_plain")


def test_push_without_setup_says_so() -> None:
    init_store()
    day_of_work()
    code, _, err = push()
    assert code == 2 and err == error_line("error.register_not_configured")


def test_erasing_a_case_removes_its_ledger(openklant: FakeOpenKlant, db_path: Path) -> None:
    import sqlite3

    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    erased = invoke(["erase", case, "--yes"], env=UNLOCKED)
    assert erased.exit_code == 0
    # Erasing here does not erase the register's copy: the worker is told.
    assert erased.stderr.endswith(t("erase.register_note", case=case) + "\n")
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM register_ledger").fetchone() == (0,)
    conn.close()


def test_history_shows_colleagues_contacts_with_the_same_bsn(openklant: FakeOpenKlant, tmp_path: Path) -> None:
    colleague = tmp_path / "colleague" / "loket.db"
    env_colleague = {**UNLOCKED, "LOKET_DB": str(colleague)}
    init_store(colleague)
    assert invoke(["register", "setup", "--url", openklant.url, "--token-stdin", "--send-bsn", "--worker", "Ayla"],
                  env=env_colleague, input=TOKEN + "\n").exit_code == 0
    theirs = intake("--name", NAME, "--question", "vraag over DUO", "--channel", "telefoon", "--agency", "duo",
                    "--consent", "--bsn", BSN, env=env_colleague)
    assert invoke(["register", "consent", theirs], env=env_colleague).exit_code == 0
    assert invoke(["register", "push"], env=env_colleague).exit_code == 0

    init_store()
    setup_register(openklant, "--send-bsn")
    mine = day_of_work()
    result = invoke(["register", "history", mine], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert "telefoon" in lines[0] and "Overheidsbreed loket: DUO" in lines[0] and "(Ayla)" in lines[0]
    assert BSN not in result.stdout + result.stderr and "Zwaantje" not in result.stdout + result.stderr
    # By BSN typed at the prompt (stdin here), for someone without a case in this store.
    result = invoke(["register", "history", "--bsn-stdin", "--json"], env=UNLOCKED, input=BSN + "\n")
    contacts = json.loads(result.stdout)["contacts"]
    assert [c["channel"] for c in contacts] == ["telefoon"]


def test_history_by_bsn_needs_the_setting(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    result = invoke(["register", "history", "--bsn-stdin"], env=UNLOCKED, input=BSN + "\n")
    assert result.exit_code == 2
    assert result.stderr == error_line("error.register_bsn_not_allowed")


def test_history_neutralises_what_the_register_says(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    for kc in openklant.register.objects["klantcontacten"].values():
        kc["onderwerp"] = "\x1b]0;owned\x07\x1b[2Jboos"
    result = invoke(["register", "history", case], env=UNLOCKED)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "boos" in result.stdout


def test_a_push_killed_between_two_requests_completes_next_time(openklant: FakeOpenKlant, db_path: Path) -> None:
    init_store()
    setup_register(openklant)
    cases = [day_of_work(f"Persoon {n} Testmarker", bsn) for n, bsn in
             enumerate(("123456782", "111222333", "100000009"))]
    held = threading.Event()
    openklant.register.faults.append(Fault(lambda m, p, i: m == "POST" and p.endswith("/actorklantcontacten")
                                           and i > 12, hold=held))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update({"LOKET_DB": str(db_path), "LOKET_PASSPHRASE": UNLOCKED["LOKET_PASSPHRASE"] or "",
                "LOKET_NO_AGENT": "1", "LOKET_TEST_INSECURE_KDF": "1"})
    process = subprocess.Popen([loket_executable(), "register", "push", "--concurrency", "2"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while not any(f.times == 0 for f in openklant.register.faults) and time.monotonic() < deadline:
        time.sleep(0.02)
    if openklant.register.faults[0].times != 0:
        process.kill()
        _, err = process.communicate(timeout=10)
        raise AssertionError(f"the push never reached the held request: {err.decode()[-300:]}")
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    held.set()
    openklant.register.faults.clear()
    code, _out, err = push()
    assert code == 0, err
    for n, case in enumerate(cases):
        first = 1 + 4 * n
        assert contacts_of(openklant, case) == sorted([str(first), str(first + 2), str(first + 3)])
    assert openklant.register.count("actorklantcontacten") == 15
    assert openklant.register.count("internetaken") == 3
    assert openklant.register.count("digitaleadressen") == 3
    assert sys.executable


def test_every_body_of_the_export_validates_and_the_pseudonymised_one_names_no_one() -> None:
    init_store()
    case = day_of_work()
    for names in (False, True):
        result = invoke(["export", "--format", "klantinteracties", *(["--names"] if names else [])], env=UNLOCKED)
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.stdout)
        assert document["api"] == {"name": "klantinteracties", "version": "0.9.0"}
        assert document["pseudonymised"] is (not names)
        for kind, schema in EXPORTED.items():
            for resource in document[kind]:
                assert errors(schema, resource) == [], (kind, resource)
        text = result.stdout
        for marker in ("Zwaantje", "Testmarker", PHONE, "CJIB over de boete", "wordt uitgezocht"):
            assert (marker in text) is names, marker
        assert PHONE_STORED not in text  # the register's form, as the push sends it
        assert BSN not in text  # the desk's BSN setting is off
    one = json.loads(invoke(["export", "--format", "klantinteracties", "--case", case], env=UNLOCKED).stdout)
    assert len(one["klantcontacten"]) == 3 and len(one["internetaken"]) == 1
    # References hold inside the file.
    ids = {r["uuid"] for kind in EXPORTED for r in one[kind]}
    for link in one["actorklantcontacten"]:
        assert link["actor"]["uuid"] in ids and link["klantcontact"]["uuid"] in ids


def test_export_case_only_with_the_register_format() -> None:
    init_store()
    case = day_of_work()
    result = invoke(["export", "--case", case], env=UNLOCKED)
    assert result.exit_code == 2
    assert result.stderr == error_line("error.export_case_format")


def test_withdrawn_entries_and_cancelled_follow_ups(openklant: FakeOpenKlant) -> None:
    """Not sent when not sent yet; marked in the register when they were."""
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert invoke(["note", case, "extra"], env=UNLOCKED).exit_code == 0
    assert invoke(["visit", case, "--minutes", "5"], env=UNLOCKED).exit_code == 0  # event 6
    assert invoke(["retract", case, "6", "--why", "dubbel ingevoerd"], env=UNLOCKED).exit_code == 0
    assert invoke(["followup", "add", case, "iets", "--due", "over 3 werkdagen"], env=UNLOCKED).exit_code == 0
    assert invoke(["followup", "cancel", "2", "--why", "niet nodig"], env=UNLOCKED).exit_code == 0
    assert push()[0] == 0
    assert contacts_of(openklant, case) == ["1", "3", "4"]
    assert openklant.register.count("internetaken") == 1
    # Now withdraw the call that was sent: it stays, marked, and its call-back is closed.
    assert invoke(["retract", case, "3", "--why", "verkeerde zaak"], env=UNLOCKED).exit_code == 0
    code, out, _ = push()
    assert code == 0
    assert out == f"{case}  {sent(0, 1, 0, 1)}\n"
    call = next(kc for kc in openklant.register.objects["klantcontacten"].values()
                if kc["metadata"]["loketContact"] == "3")
    assert call["onderwerp"] == "Ingetrokken: Driegesprek UWV"
    (task,) = openklant.register.objects["internetaken"].values()
    assert task["status"] == "verwerkt" and task["toelichting"].endswith("; geannuleerd")
    assert openklant.register.schema_errors == []


def test_a_ledger_row_copied_back_from_before_a_withdrawal_is_refused(db_path: Path) -> None:
    """Consent withdrawn, then the ledger row put back from an older copy: the
    case's state MAC covers its ledger row, so nothing is sent on old consent."""
    import sqlite3

    init_store()
    case = day_of_work()
    conn = sqlite3.connect(db_path)
    (given,) = conn.execute("SELECT payload FROM register_ledger").fetchone()
    conn.close()
    assert invoke(["register", "consent", case, "--withdraw"], env=UNLOCKED).exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE register_ledger SET payload = ?", (given,))
    conn.commit()
    conn.close()
    result = invoke(["register", "push", "--dry-run"], env=UNLOCKED)
    assert result.exit_code == 1
    assert result.stderr == error_line("error.state_tampered", case=case)
    verify = invoke(["verify"], env=UNLOCKED)
    assert verify.exit_code == 1


def test_history_asks_a_bsn_only_at_a_terminal(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant, "--send-bsn")
    result = invoke(["register", "history", "--bsn"], env=UNLOCKED, input=BSN + "\n")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line("error.register_bsn_no_terminal"))


def test_inzage_names_the_register_as_a_recipient(openklant: FakeOpenKlant, tmp_path: Path) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    out = tmp_path / "inzage.md"
    assert invoke(["inzage", case, "-o", str(out)], env=UNLOCKED).exit_code == 0
    copy = json.loads(out.with_suffix(".json").read_text("utf-8"))
    assert copy["register"] == {"consent": True, "contacts_sent": 3, "tasks_sent": 1}
    assert "| Doorgegeven aan het klantregister van de gemeente | 3 contacten, 1 taken |" in out.read_text("utf-8")


def test_setup_refuses_control_characters_in_the_worker_name() -> None:
    init_store()
    result = invoke(["register", "setup", "--worker", "Ayla\x1b]0;pwn\x07"], env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", error_line("error.control_characters", field="medewerker"))
    assert json.loads(invoke(["register", "status", "--json"], env=UNLOCKED).stdout)["worker"] != "Ayla\x1b]0;pwn\x07"


def test_status_shows_an_old_worker_name_with_controls_neutralised(monkeypatch: pytest.MonkeyPatch) -> None:
    init_store()
    # A store from before the check: the name went in as typed.
    with monkeypatch.context() as patch:
        patch.setattr(push_module, "refuse_controls", lambda value, field: None, raising=False)
        assert invoke(["register", "setup", "--worker", "Ayla\x1b]0;pwn\x07"], env=UNLOCKED).exit_code == 0
    result = invoke(["register", "status"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert f"{t('register.status.worker')}: Ayla\\x1b]0;pwn\\x07\n" in result.stdout


def test_setup_with_nothing_to_set_says_what_to_give() -> None:
    init_store()
    result = invoke(["register", "setup"], env=UNLOCKED)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line("error.register_setup_nothing"))


@pytest.mark.parametrize(("stored", "register"), [
    ("06 12345678", "0612345678"), ("020 555 1234", "0205551234"), ("010 123 4567", "0101234567"),
    ("+32 470 12 34 56", "+32470123456"), ("+49 30 12345678", "+493012345678"), ("+597 812 3456", "+5978123456"),
    ("0800 1234", None), ("0900 1234567", None),
])
def test_phone_numbers_take_the_registers_form(stored: str, register: str | None) -> None:
    from loketcli.domain.klantinteracties import register_phone

    assert register_phone(stored) == register


def test_a_number_the_register_has_no_form_for_is_kept_back_said_once_and_not_sent(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = intake("--name", NAME, "--question", "vraag", "--channel", "balie", "--agency", "uwv", "--consent",
                  "--phone", "0800 1234", "--email", "zwaantje@example.org")
    assert invoke(["register", "consent", case], env=UNLOCKED).exit_code == 0
    code, out, err = push()
    kept = t("register.outcome.refused_parts", parts=f"{t('register.part.telefoonnummer')} (adres: invalid)")
    assert (code, out) == (1, f"{case}  {sent(1, 0, 0, 0, 1)}; {kept}\n"), err
    assert [a["adres"] for a in openklant.register.objects["digitaleadressen"].values()] == ["zwaantje@example.org"]
    code, out, _ = push()
    assert code == 0
    earlier = t("register.outcome.earlier_parts", parts=f"{t('register.part.telefoonnummer')} (adres: invalid)")
    assert out == f"{case}  {t('register.outcome.eerder-geweigerd')}; {earlier}\n"
    assert "0800" not in out + err


def test_a_colleague_making_the_same_person_at_the_same_moment_leaves_one_partij(
        openklant: FakeOpenKlant, db_path: Path, tmp_path: Path) -> None:
    """Two stores, one BSN: the first store's push is held just as it makes
    the person; the colleague makes them meanwhile. The register refuses the
    second (`__all__: invalid`, nothing left behind) and the first uses theirs."""
    init_store()
    setup_register(openklant, "--send-bsn")
    day_of_work()
    colleague = tmp_path / "colleague" / "loket.db"
    env_colleague = {**UNLOCKED, "LOKET_DB": str(colleague)}
    init_store(colleague)
    assert invoke(["register", "setup", "--url", openklant.url, "--token-stdin", "--send-bsn"], env=env_colleague,
                  input=TOKEN + "\n").exit_code == 0
    theirs = intake("--name", NAME, "--question", "vraag", "--channel", "telefoon", "--agency", "duo", "--consent",
                    "--bsn", BSN, env=env_colleague)
    assert invoke(["register", "consent", theirs], env=env_colleague).exit_code == 0
    held = threading.Event()
    openklant.register.faults.append(Fault(lambda m, p, i: m == "POST" and p.endswith("/partijen"), hold=held))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update({"LOKET_DB": str(db_path), "LOKET_PASSPHRASE": UNLOCKED["LOKET_PASSPHRASE"] or "",
                "LOKET_NO_AGENT": "1", "LOKET_TEST_INSECURE_KDF": "1"})
    process = subprocess.Popen([loket_executable(), "register", "push"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while openklant.register.faults[0].times and time.monotonic() < deadline:
        time.sleep(0.02)
    assert openklant.register.faults[0].times == 0, "the first push never reached the person"
    assert invoke(["register", "push"], env=env_colleague).exit_code == 0
    assert openklant.register.count("partijen") == 1  # the colleague's
    held.set()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err.decode()
    (partij,) = openklant.register.objects["partijen"].values()
    assert partij["partijIdentificatoren"][0]["partijIdentificator"]["objectId"] == BSN
    assert {b["wasPartij"]["uuid"] for b in openklant.register.objects["betrokkenen"].values()} == {partij["uuid"]}


def test_pages_are_followed_to_the_last(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    for n in range(5):
        openklant.register.objects["actoren"][f"a{n}"] = {"uuid": f"a{n}", "naam": "x"}
    with client_module.RegisterClient(openklant.url, TOKEN) as client:
        found = [a["uuid"] for a in client.list_all("/actoren", {}, page_size=2)]
    assert found == [f"a{n}" for n in range(5)]
    assert [p for m, p, _ in openklant.register.log].count("/klantinteracties/api/v1/actoren") == 3


def _client(handler: object, **policy: float) -> client_module.RegisterClient:
    import httpx

    assert callable(handler)
    return client_module.RegisterClient(
        "http://127.0.0.1:1", TOKEN, policy=client_module.RetryPolicy(attempts=1, backoff_s=0, **policy),
        transport=httpx.MockTransport(handler))


def test_a_register_that_always_has_a_next_page_is_not_followed_for_ever() -> None:
    import httpx

    pages: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        pages.append(request.url.params["page"])
        return httpx.Response(200, json={"count": 10**9, "next": "more", "results": [{"uuid": "x"}]})

    with _client(handler, max_pages=7) as client, pytest.raises(client_module.RegisterUnavailable) as raised:
        list(client.list_all("/klantcontacten", {}))
    assert pages == [str(n) for n in range(1, 8)]
    assert raised.value.key == "error.register_answer"


@pytest.mark.parametrize("answer", ["declared", "streamed", "gzip-bomb"])
def test_an_answer_over_the_size_limit_is_not_read(answer: str) -> None:
    import gzip

    import httpx

    big = b'{"results": [], "x": "' + b"a" * 5000 + b'"}'

    def handler(request: httpx.Request) -> httpx.Response:
        if answer == "declared":
            return httpx.Response(200, content=big)
        if answer == "streamed":
            return httpx.Response(200, stream=httpx.ByteStream(big), headers={"Transfer-Encoding": "chunked"})
        return httpx.Response(200, content=gzip.compress(b"[" + b" " * 10**6 + b"]"),
                              headers={"Content-Encoding": "gzip"})

    with _client(handler, max_body=4096) as client, pytest.raises(client_module.RegisterUnavailable) as raised:
        client.get("/klantcontacten")
    assert raised.value.key == "error.register_answer"


def test_a_register_that_trickles_is_given_up_after_the_total_time() -> None:
    import httpx

    class Trickle(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            for _ in range(50):
                time.sleep(0.02)
                yield b" "

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Trickle())

    started = time.monotonic()
    with _client(handler, total_s=0.2) as client, pytest.raises(client_module.RegisterUnavailable):
        client.get("/klantcontacten")
    assert time.monotonic() - started < 0.9


def test_a_ledger_row_from_before_addresses_were_recorded_finds_them_instead_of_sending_twice(
        openklant: FakeOpenKlant, db_path: Path) -> None:
    """Rows written before 2026-12-07 say only `addresses_sent: true`: the next
    push looks the addresses up in the register and updates the one it finds."""
    import dataclasses
    from datetime import UTC, datetime

    from loketcli.domain.model import CaseId
    from loketcli.services.vault import unlock_with_passphrase
    from loketcli.storage.register import RegisterLedger

    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    vault = unlock_with_passphrase(db_path, UNLOCKED["LOKET_PASSPHRASE"] or "")
    with vault.write() as uow:
        ledgers = RegisterLedger(uow.conn, uow.cases)
        old = dataclasses.replace(ledgers.get(CaseId(1)), addresses={}, addresses_unknown=True)
        assert old.to_fields()["addresses_sent"] is True
        ledgers.put(CaseId(1), old, datetime.now(UTC))
    vault.close()
    assert invoke(["edit", case, "--phone", "06 11122233"], env=UNLOCKED).exit_code == 0
    code, out, err = push()
    assert (code, out) == (0, f"{case}  {sent(0, 0, 0, 0, 0, 1)}\n"), err
    (address,) = openklant.register.objects["digitaleadressen"].values()
    assert address["adres"] == "0611122233"
    assert push() == (0, "", push()[2])


def test_a_long_push_shows_its_progress_on_a_terminal(openklant: FakeOpenKlant, db_path: Path) -> None:
    """On a terminal the push draws cases done of those to send, requests and
    refusals so far; piped (every other test here) it prints only its lines."""
    init_store()
    setup_register(openklant)
    for n in range(6):
        day_of_work(f"Persoon {n} Voortgang", "123456782")
    # Slow enough for the bar to be drawn a few times.
    openklant.register.faults.append(Fault(lambda m, p, i: p.endswith("/maak-klantcontact"), delay=0.05, times=100))
    code, text = through_a_terminal([loket_executable(), "register", "push", "--concurrency", "2"],
                                    terminal_env(db_path, PASSPHRASE), timeout=30)
    assert code == 0
    assert t("progress.push_cases") in text
    assert "6/6" in text
    assert t("progress.push", requests=openklant.register.requests(), refused=0, unreachable=0) in text
    # The bar is gone at the end; the summary line stays.
    assert text.rstrip().endswith(t("register.summary", sent=6, unchanged=0, refused=0, still=0, unreachable=0,
                                    without=0, requests=openklant.register.requests(), contacts=18, tasks=6,
                                    addresses=6))


def pushed_json(*extra: str) -> tuple[int, dict[str, Any]]:
    result = invoke(["register", "push", "--json", *extra], env=UNLOCKED)
    return result.exit_code, json.loads(result.stdout)


def nothing_left_to_send(server: FakeOpenKlant) -> None:
    """A further push finds the (one) case unchanged and sends no request."""
    before = server.register.requests()
    code, again = pushed_json()
    assert (code, again["cases"][0]["status"], again["requests"]) == (0, "ongewijzigd", 0)
    assert server.register.requests() == before


def test_a_kept_back_number_that_is_then_removed_is_no_longer_reported(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = intake("--name", NAME, "--question", "vraag", "--channel", "balie", "--agency", "uwv", "--consent",
                  "--phone", "0800 1234", "--email", "zwaantje@example.org")
    assert invoke(["register", "consent", case], env=UNLOCKED).exit_code == 0
    assert push()[0] == 1
    assert invoke(["edit", case, "--phone", ""], env=UNLOCKED).exit_code == 0
    assert pushed_json()[0] == 0
    nothing_left_to_send(openklant)


def test_a_refused_call_that_is_then_withdrawn_is_no_longer_reported(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    makes: list[int] = []

    def the_call(method: str, path: str, index: int) -> bool:
        if path.endswith("/maak-klantcontact"):
            makes.append(index)
            return len(makes) == 2  # the intake goes, the call (event 3) is refused
        return False

    openklant.register.faults.append(Fault(the_call, status=400))
    code, first = pushed_json("--concurrency", "1")
    assert code == 1 and [r["part"] for r in first["cases"][0]["refused"]] == ["contact"]
    assert invoke(["retract", case, "3", "--why", "verkeerde zaak"], env=UNLOCKED).exit_code == 0
    assert pushed_json()[0] == 0
    code, again = pushed_json()
    assert (code, again["cases"][0]["status"], again["cases"][0]["refused"]) == (0, "ongewijzigd", [])


def test_a_refusal_before_a_network_retry_is_still_this_pushs_refusal_said_once(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    day_of_work()
    openklant.register.faults.append(Fault(lambda m, p, i: m == "POST" and p.endswith("/digitaleadressen"),
                                           status=400))
    openklant.register.faults.append(Fault(lambda m, p, i: m == "POST" and p.endswith("/internetaken"),
                                           status=500))
    code, report = pushed_json("--concurrency", "1")
    (case,) = report["cases"]
    assert (code, case["status"]) == (1, "geweigerd")
    assert [(r["part"], r["earlier"]) for r in case["refused"]] == [("telefoonnummer", False)]
    assert openklant.register.count("internetaken") == 1  # the retry made it


def test_a_link_the_register_refused_is_made_once_it_takes_it(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    day_of_work()
    refusing = {"on": True}
    openklant.register.faults.append(Fault(lambda m, p, i: refusing["on"] and m == "POST"
                                           and p.endswith("/actorklantcontacten"), status=400, times=100))
    for _ in range(2):
        code, report = pushed_json("--concurrency", "1")
        assert (code, report["cases"][0]["status"]) == (1, "geweigerd")
    refusing["on"] = False
    code, report = pushed_json("--concurrency", "1")
    assert code == 0, report
    assert openklant.register.count("actorklantcontacten") == 5  # as a push without refusals makes
    assert openklant.register.count("klantcontacten") == 3
    assert pushed_json()[1]["requests"] == 0


def test_an_address_removed_from_the_case_is_removed_from_the_register(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = intake("--name", NAME, "--question", "vraag", "--channel", "balie", "--agency", "uwv", "--consent",
                  "--phone", PHONE, "--email", "zwaantje@example.org")
    assert invoke(["register", "consent", case], env=UNLOCKED).exit_code == 0
    assert push()[0] == 0
    addresses = openklant.register.objects["digitaleadressen"]
    assert sorted(a["soortDigitaalAdres"] for a in addresses.values()) == ["email", "telefoonnummer"]
    assert invoke(["edit", case, "--phone", ""], env=UNLOCKED).exit_code == 0
    code, out, err = push()
    assert (code, out) == (0, f"{case}  {sent(0, 0, 0, 0, 0, 1)}\n"), err
    assert [a["adres"] for a in addresses.values()] == ["zwaantje@example.org"]
    assert openklant.register.requests("DELETE") == 1
    nothing_left_to_send(openklant)  # gone for good


def test_an_address_changed_to_one_the_register_cannot_take_leaves_the_register(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    assert openklant.register.count("digitaleadressen") == 1
    assert invoke(["edit", case, "--phone", "0800 1234"], env=UNLOCKED).exit_code == 0
    code, report = pushed_json()
    # The old number is removed; the new one is kept back and said so (exit 1), as always.
    (outcome,) = report["cases"]
    assert (code, outcome["addresses_changed"], [r["part"] for r in outcome["refused"]]) == (1, 1, ["telefoonnummer"])
    assert openklant.register.count("digitaleadressen") == 0


def test_an_address_already_gone_from_the_register_counts_as_removed(openklant: FakeOpenKlant) -> None:
    init_store()
    setup_register(openklant)
    case = day_of_work()
    assert push()[0] == 0
    openklant.register.objects["digitaleadressen"].clear()  # removed there by hand
    # The first answer is lost: the retry finds it gone (404), which is what was asked.
    openklant.register.faults.append(Fault(lambda m, p, i: m == "DELETE", drop="after"))
    assert invoke(["edit", case, "--phone", ""], env=UNLOCKED).exit_code == 0
    code, out, err = push()
    assert (code, out) == (0, f"{case}  {sent(0, 0, 0, 0, 0, 1)}\n"), err
    assert openklant.register.requests("DELETE") == 2
    assert pushed_json()[1]["requests"] == 0
