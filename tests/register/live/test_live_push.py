"""The push against a real Open Klant 2.18: what it accepts, what the summary
says it gained, one person under concurrency, withdrawals, a killed push.

Every number a push reports is compared with what the register holds,
counted through its API by this test's own keys."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

from loket_testkit import UNLOCKED, init_store, intake, invoke, loket_executable
from register.openklant_live import TOKEN, URL, LiveRegister, fresh_bsn, live, needs_a_real_register

from loketcli.i18n import t

__all__ = ["live", "needs_a_real_register"]


def setup(*extra: str, env: dict[str, str | None] | None = None) -> None:
    result = invoke(["register", "setup", "--url", URL, "--token-stdin", *extra], env=env or UNLOCKED,
                    input=TOKEN + "\n")
    assert result.exit_code == 0, result.stderr


def store_id(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        (value,) = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
    finally:
        conn.close()
    return str(value)


def visit(name: str, *flags: str, env: dict[str, str | None] | None = None) -> str:
    case = intake("--name", name, "--question", "synthetische vraag over de toeslag", "--channel", "balie",
                  "--agency", "toeslagen", "--consent", *flags, env=env)
    assert invoke(["call", case, "toeslagen", "--outcome", "terugbelverzoek", "--callback", "over 5 werkdagen",
                   "--answer", "wordt uitgezocht"], env=env or UNLOCKED).exit_code == 0
    assert invoke(["handover", case, "stadsbank", "--warm"], env=env or UNLOCKED).exit_code == 0
    assert invoke(["register", "consent", case], env=env or UNLOCKED).exit_code == 0
    return case


def intake_of(contacts: list[dict[str, Any]]) -> dict[str, Any]:
    """The case's intake contact: its first event (event ids run across the store)."""
    return min(contacts, key=lambda c: int(c["metadata"]["loketContact"]))


def push_json(*extra: str, env: dict[str, str | None] | None = None) -> tuple[int, dict[str, object]]:
    result = invoke(["register", "push", "--json", *extra], env=env or UNLOCKED)
    return result.exit_code, json.loads(result.stdout)


def test_phone_numbers_and_e_mail_in_every_form_are_taken_and_counted_truly(live: LiveRegister, db_path: Path) -> None:
    init_store()
    setup()
    people = [
        ("--phone", "06-12345678", "0612345678"),          # Dutch mobile, as a worker types it
        ("--phone", "020 555 1234", "0205551234"),         # Dutch landline
        ("--phone", "+32 470 12 34 56", "+32470123456"),   # Belgian mobile
        ("--phone", "0049 30 12345678", "+493012345678"),  # German landline, 00 form
        ("--email", "testpersoon.een@example.org", "testpersoon.een@example.org"),
        ("--email", "a.b+loket@sub.example.nl", "a.b+loket@sub.example.nl"),
    ]
    cases = [visit(f"Testpersoon {n} Contract", flag, value) for n, (flag, value, _) in enumerate(people)]
    code, report = push_json()
    assert code == 0, report
    assert all(c["status"] == "verstuurd" and c["refused"] == [] for c in report["cases"]), report  # type: ignore[union-attr,index]
    key = store_id(db_path)
    gained = {"contacts_new": 0, "tasks_new": 0, "addresses_new": 0}
    for case, (_, _, expected) in zip(cases, people, strict=True):
        contacts = live.contacts_of(f"{key}:{case}")
        assert len(contacts) == 3
        gained["contacts_new"] += len(contacts)
        intake_contact = intake_of(contacts)
        betrokkene = intake_contact["hadBetrokkenen"][0]["uuid"]
        addresses = live.addresses_of(betrokkene)
        assert [a["adres"] for a in addresses] == [expected]
        gained["addresses_new"] += len(addresses)
        gained["tasks_new"] += len(live.tasks_of(intake_contact["uuid"]))
    totals = report["totals"]
    assert isinstance(totals, dict)
    assert {k: totals[k] for k in gained} == gained == {"contacts_new": 18, "tasks_new": 6, "addresses_new": 6}

    # A second push with nothing changed sends nothing; history reads back.
    code, again = push_json()
    assert (code, again["requests"]) == (0, 0)
    history = json.loads(invoke(["register", "history", cases[0], "--json"], env=UNLOCKED).stdout)
    assert len([c for c in history["contacts"] if c["own_case"]]) == 3

    # A corrected number is brought up to date, not added beside the old one.
    assert invoke(["edit", cases[0], "--phone", "06 87654321"], env=UNLOCKED).exit_code == 0
    code, changed = push_json()
    assert code == 0
    assert changed["totals"] == {"contacts_new": 0, "contacts_changed": 0, "tasks_new": 0, "tasks_changed": 0,
                                 "addresses_new": 0, "addresses_changed": 1}
    intake_contact = intake_of(live.contacts_of(f"{key}:{cases[0]}"))
    assert [a["adres"] for a in live.addresses_of(intake_contact["hadBetrokkenen"][0]["uuid"])] == ["0687654321"]

    # A number removed from the case is removed from the register, once.
    assert invoke(["edit", cases[0], "--phone", ""], env=UNLOCKED).exit_code == 0
    code, removed = push_json()
    assert code == 0
    assert removed["totals"] == {"contacts_new": 0, "contacts_changed": 0, "tasks_new": 0, "tasks_changed": 0,
                                 "addresses_new": 0, "addresses_changed": 1}
    assert live.addresses_of(intake_contact["hadBetrokkenen"][0]["uuid"]) == []
    code, again = push_json()
    assert (code, again["requests"]) == (0, 0)


def test_what_the_register_refuses_is_reported_counted_and_not_sent_again(live: LiveRegister, db_path: Path) -> None:
    init_store()
    setup()
    # loket takes this address; Django's validator in Open Klant does not
    # (a one-letter top-level domain).
    case = visit("Testpersoon Weigering", "--email", "testpersoon@example.c", "--phone", "0612345678")
    result = invoke(["register", "push"], env=UNLOCKED)
    assert result.exit_code == 1
    refused = t("register.outcome.refused_parts", parts=f"{t('register.part.email')} (400: adres: invalid)")
    assert result.stdout.endswith(f"; {refused}\n"), result.stdout
    key = store_id(db_path)
    contacts = live.contacts_of(f"{key}:{case}")
    intake_contact = intake_of(contacts)
    assert len(contacts) == 3
    assert [a["adres"] for a in live.addresses_of(intake_contact["hadBetrokkenen"][0]["uuid"])] == ["0612345678"]
    assert t("register.summary", sent=0, unchanged=0, refused=1, still=0, unreachable=0, without=0,
             requests=0, contacts=3, tasks=1, addresses=1).split("(")[0] in result.stderr

    # Unchanged: not sent again, and said so, without a request.
    code, again = push_json()
    assert (code, again["requests"]) == (0, 0)
    assert again["cases"][0]["status"] == "eerder-geweigerd"  # type: ignore[index]

    # Corrected: sent.
    assert invoke(["edit", case, "--email", "testpersoon@example.com"], env=UNLOCKED).exit_code == 0
    code, fixed = push_json()
    assert code == 0 and fixed["totals"]["addresses_new"] == 1  # type: ignore[index]
    assert sorted(a["adres"] for a in live.addresses_of(intake_contact["hadBetrokkenen"][0]["uuid"])) == [
        "0612345678", "testpersoon@example.com"]


def test_one_person_visiting_eight_times_is_one_partij_at_concurrency_4(live: LiveRegister, db_path: Path) -> None:
    init_store()
    setup("--send-bsn")
    bsn = fresh_bsn()
    cases = [visit(f"Testpersoon Bezoek {n}", "--bsn", bsn) for n in range(8)]
    code, report = push_json("--concurrency", "4")
    assert code == 0, report
    (partij,) = live.partijen_with_bsn(bsn)
    key = store_id(db_path)
    for case in cases:
        for contact in live.contacts_of(f"{key}:{case}"):
            betrokkene = live.get(f"/betrokkenen/{contact['hadBetrokkenen'][0]['uuid']}")
            assert betrokkene["wasPartij"]["uuid"] == partij["uuid"]


def test_two_workers_pushing_the_same_person_at_once_make_one_partij(live: LiveRegister, tmp_path: Path) -> None:
    bsn = fresh_bsn()
    envs = []
    for worker in ("a", "b"):
        db = tmp_path / worker / "loket.db"
        env: dict[str, str | None] = {**UNLOCKED, "LOKET_DB": str(db)}
        init_store(db)
        setup("--send-bsn", env=env)
        for n in range(3):
            visit(f"Testpersoon Samen {worker}{n}", "--bsn", bsn, env=env)
        envs.append(env)
    base = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    processes = [subprocess.Popen([loket_executable(), "register", "push", "--concurrency", "3"],
                                  env={**base, **{k: v for k, v in env.items() if v is not None},
                                       "LOKET_NO_AGENT": "1", "LOKET_TEST_INSECURE_KDF": "1"},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for env in envs]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()[-400:]
    assert len(live.partijen_with_bsn(bsn)) == 1


def test_withdrawn_call_and_cancelled_task_are_marked(live: LiveRegister, db_path: Path) -> None:
    init_store()
    setup()
    case = visit("Testpersoon Intrekking")
    assert invoke(["followup", "add", case, "stukken nakijken", "--due", "over 3 werkdagen"],
                  env=UNLOCKED).exit_code == 0
    code, _ = push_json()
    assert code == 0
    assert invoke(["retract", case, "3", "--why", "verkeerde zaak"], env=UNLOCKED).exit_code == 0
    assert invoke(["followup", "cancel", "2", "--why", "niet nodig"], env=UNLOCKED).exit_code == 0
    code, report = push_json()
    assert code == 0
    assert report["totals"]["contacts_changed"] == 1 and report["totals"]["tasks_changed"] == 2  # type: ignore[index]
    contacts = {c["metadata"]["loketContact"]: c for c in live.contacts_of(f"{store_id(db_path)}:{case}")}
    assert contacts["3"]["onderwerp"].startswith("Ingetrokken: ")
    tasks = live.tasks_of(contacts["1"]["uuid"])  # the store's first case: events 1 to 4
    assert sorted(task["status"] for task in tasks) == ["verwerkt", "verwerkt"]
    cancelled = [task for task in tasks if task["toelichting"].endswith("; geannuleerd")]
    assert len(cancelled) == 2 and all(task["afgehandeldOp"] for task in cancelled)


def test_a_push_killed_midway_completes_without_duplicates(live: LiveRegister, db_path: Path) -> None:
    init_store()
    setup("--send-bsn")
    cases = [visit(f"Testpersoon Afgebroken {n}", "--bsn", fresh_bsn(), "--phone", "0612345678")
             for n in range(10)]
    key = store_id(db_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update({"LOKET_DB": str(db_path), "LOKET_PASSPHRASE": UNLOCKED["LOKET_PASSPHRASE"] or "",
                "LOKET_NO_AGENT": "1", "LOKET_TEST_INSECURE_KDF": "1"})
    for _round in range(2):
        process = subprocess.Popen([loket_executable(), "register", "push", "--concurrency", "2"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        # Killed once some of the cases are in, before all are.
        while time.monotonic() < deadline and process.poll() is None:
            made = sum(len(live.contacts_of(f"{key}:{case}")) for case in cases[:6])
            if made >= 4 * (_round + 1):
                break
            time.sleep(0.05)
        assert process.poll() is None, "the push ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(10) == -signal.SIGKILL
    partly = sum(1 for case in cases if len(live.contacts_of(f"{key}:{case}")) < 3)
    assert partly > 0  # killed mid-way: some cases are not (all) in the register yet
    code, report = push_json()
    assert code == 0, report
    for case in cases:
        contacts = live.contacts_of(f"{key}:{case}")
        first = int(intake_of(contacts)["metadata"]["loketContact"])
        assert sorted(int(c["metadata"]["loketContact"]) for c in contacts) == [first, first + 2, first + 3], case
        intake_contact = intake_of(contacts)
        assert len(live.tasks_of(intake_contact["uuid"])) == 1
        assert len(live.addresses_of(intake_contact["hadBetrokkenen"][0]["uuid"])) == 1
    for case in cases:
        # One person each, every one with its BSN.
        bsn_contacts = {live.get(f"/betrokkenen/{c['hadBetrokkenen'][0]['uuid']}")["wasPartij"]["uuid"]
                        for c in live.contacts_of(f"{key}:{case}")}
        assert len(bsn_contacts) == 1
    code, again = push_json()
    assert (code, again["requests"]) == (0, 0)
