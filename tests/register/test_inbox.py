"""Contact requests between teams (issue 25), against the fake register: who I
am in the register, the inbox, taking a request, closing the loop at push
time, and sending a contactverzoek to another team."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from loket_testkit import UNLOCKED, error_line, init_store, intake, invoke
from register.fake_openklant import PREFIX, TOKEN, FakeOpenKlant, Fault
from register.register_fixtures import openklant, quick_retries

from loketcli.domain.dates import add_working_days
from loketcli.i18n import t

ME = "ayla.testmarker@example.org"
TEAM = "overheidsbreed-loket"
OTHER_TEAM = "wmo-team"


__all__ = ["openklant", "quick_retries"]  # fixtures, imported for this module


def run(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Any:
    return invoke(list(args), env=env or UNLOCKED, input=input)


def ok(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Any:
    result = run(*args, env=env, input=input)
    assert result.exit_code == 0, (args, result.stderr)
    return result


def setup_store(server: FakeOpenKlant, *, me: str = ME, teams: tuple[str, ...] = (TEAM,), worker: str = "Ayla",
                env: dict[str, str | None] | None = None, db: Path | None = None) -> None:
    init_store(db)
    ok("register", "setup", "--url", server.url, "--token-stdin", "--worker", worker, env=env, input=TOKEN + "\n")
    ok("register", "setup", "--me", me, *[a for team in teams for a in ("--team", team)], env=env)


class Seeder:
    """Makes contact requests as KISS does, through the fake's HTTP API."""

    def __init__(self, server: FakeOpenKlant) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url + PREFIX, headers={"Authorization": f"Token {TOKEN}"})

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.http.post(path, json=body)
        assert answer.status_code == 201, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def actor(self, ident: str, kind: str = "organisatorische_eenheid", name: str | None = None) -> str:
        found = [a for a in self.server.register.objects["actoren"].values()
                 if (a.get("actoridentificator") or {}).get("objectId") == ident]
        if found:
            return str(found[0]["uuid"])
        return str(self.post("/actoren", {"naam": name or ident, "soortActor": kind, "indicatieActief": True,
                                          "actoridentificator": {"objectId": ident, "codeObjecttype": "afd",
                                                                 "codeRegister": "obj",
                                                                 "codeSoortObjectId": "idf"}})["uuid"])

    def request(self, *actors: str, surname: str | None = "Testmarker", phone: str | None = "0612345678",
                note: str = "Wil teruggebeld worden over de aanvraag", partij: str | None = None) -> str:
        betrokkene: dict[str, Any] = {"rol": "klant", "initiator": True}
        if surname is not None:
            betrokkene["contactnaam"] = {"voornaam": "Testa", "achternaam": surname}
        if partij is not None:
            betrokkene["wasPartij"] = {"uuid": partij}
        made = self.post("/maak-klantcontact", {
            "klantcontact": {"kanaal": "telefoon", "onderwerp": "Vraag over bijstand", "taal": "nld",
                             "vertrouwelijk": False},
            "betrokkene": betrokkene})
        if phone:
            self.post("/digitaleadressen", {"verstrektDoorBetrokkene": {"uuid": made["betrokkene"]["uuid"]},
                                            "verstrektDoorPartij": None, "adres": phone,
                                            "soortDigitaalAdres": "telefoonnummer"})
        task = self.post("/internetaken", {
            "gevraagdeHandeling": "Contact opnemen met betrokkene", "toelichting": note, "status": "te_verwerken",
            "aanleidinggevendKlantcontact": {"uuid": made["klantcontact"]["uuid"]},
            "toegewezenAanActoren": [{"uuid": a} for a in actors]})
        return str(task["uuid"])

    def task(self, uuid: str) -> dict[str, Any]:
        return self.server.register.objects["internetaken"][uuid]


@pytest.fixture
def seed(openklant: FakeOpenKlant) -> Iterator[Seeder]:
    seeder = Seeder(openklant)
    yield seeder
    seeder.http.close()


def inbox_json(env: dict[str, str | None] | None = None) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(ok("inbox", "--json", env=env).stdout)
    return shown


def actors_named(server: FakeOpenKlant, ident: str) -> list[dict[str, Any]]:
    return [a for a in server.register.objects["actoren"].values()
            if (a.get("actoridentificator") or {}).get("objectId") == ident]


# -- 1. who I am in the register ---------------------------------------------------------


def test_setup_finds_or_makes_the_worker_and_team_actors_once(openklant: FakeOpenKlant, seed: Seeder,
                                                               db_path: Path) -> None:
    kcc_made = seed.actor(TEAM, name="Overheidsbreed loket")
    setup_store(openklant)
    (me,) = actors_named(openklant, ME)
    assert me["soortActor"] == "medewerker" and me["naam"] == "Ayla"
    assert me["actoridentificator"] == {"objectId": ME, "codeObjecttype": "mdw", "codeRegister": "handmatig",
                                        "codeSoortObjectId": "email"}
    # The team KISS already had is found, not made again.
    assert [a["uuid"] for a in actors_named(openklant, TEAM)] == [kcc_made]
    ok("register", "setup", "--me", ME, "--team", TEAM)
    assert len(actors_named(openklant, ME)) == 1 and len(actors_named(openklant, TEAM)) == 1
    trail = json.loads(ok("audit", "--json").stdout)
    assert [e["detail"] for e in trail if e["command"] == "register setup"][-2:] == ["me,teams=1", "me,teams=1"]
    # Sealed: the worker's e-mail address is nowhere in the file in clear.
    raw = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.is_file())
    assert ME.encode() not in raw


def test_register_teams_lists_the_municipalitys_teams_not_lokets_bodies(openklant: FakeOpenKlant,
                                                                         seed: Seeder) -> None:
    seed.actor(OTHER_TEAM, name="Wmo-team")
    setup_store(openklant)
    seed.post("/actoren", {"naam": "UWV", "soortActor": "organisatorische_eenheid", "indicatieActief": True,
                           "actoridentificator": {"objectId": "uwv", "codeObjecttype": "instantie",
                                                  "codeRegister": "loket", "codeSoortObjectId": "loket-id"}})
    assert ok("register", "teams").stdout == f"* {TEAM}  {TEAM}\n  {OTHER_TEAM}  Wmo-team\n"


# -- 2. the inbox ------------------------------------------------------------------------


def test_the_inbox_lists_my_teams_open_requests_newest_first_with_stable_numbers(
        openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    team = seed.actor(TEAM)
    other = seed.actor(OTHER_TEAM)
    first = seed.request(team, surname="Een")
    seed.request(other, surname="Ander")  # another team's: not shown
    done = seed.request(team, surname="Klaar")
    seed.task(done)["status"] = "verwerkt"
    seed.task(first)["toegewezenOp"] = "2026-12-01T09:00:00Z"
    second = seed.request(team, surname="Twee")
    seed.task(second)["toegewezenOp"] = "2026-12-03T09:00:00Z"
    shown = inbox_json()
    assert [(r["uuid"], r["number"]) for r in shown["requests"]] == [(second, 2), (first, 1)]
    assert shown["count"] == 2 and shown["truncated"] is False and shown["schema_version"] == 1
    assert shown["requests"][0] == {
        "number": 2, "uuid": second, "assigned_at": "2026-12-03T09:00:00+00:00",
        "age_working_days": shown["requests"][0]["age_working_days"], "asked": "Contact opnemen met betrokkene",
        "note": "Wil teruggebeld worden over de aanvraag", "mine": False, "taken_by": None, "teams": [TEAM]}
    # Without --names no name is fetched or shown.
    assert "name" not in shown["requests"][0]
    assert not any("Testa" in line for line in ok("inbox").stdout.splitlines())
    # A new request gets the next number; the old ones keep theirs.
    third = seed.request(team, surname="Drie")
    seed.task(third)["toegewezenOp"] = "2026-12-04T09:00:00Z"
    assert [(r["uuid"], r["number"]) for r in inbox_json()["requests"]] == [(third, 3), (second, 2), (first, 1)]
    named = json.loads(ok("inbox", "--names", "--json").stdout)
    assert [r["name"] for r in named["requests"]] == ["Testa Drie", "Testa Twee", "Testa Een"]
    trail = json.loads(ok("audit", "--json").stdout)
    assert [e["detail"] for e in trail if e["command"] == "register inbox"] == ["2", "2", "3", "3 names"]


@pytest.fixture
def pages_of_20(monkeypatch: pytest.MonkeyPatch) -> None:
    import loketcli.register.inbox as inbox_module

    monkeypatch.setattr(inbox_module, "PAGE_SIZE", "20")


def test_the_inbox_reads_every_page(openklant: FakeOpenKlant, seed: Seeder, pages_of_20: None) -> None:
    setup_store(openklant)
    team = seed.actor(TEAM)
    for n in range(45):
        seed.request(team, surname=f"Nr{n}", phone=None)
    before = openklant.register.requests("GET")
    shown = inbox_json()
    assert shown["count"] == 45 and sorted(r["number"] for r in shown["requests"]) == list(range(1, 46))
    # The worker's own list (one empty page), then the team's three pages.
    assert openklant.register.requests("GET") - before == 4


def test_the_inbox_is_bounded(openklant: FakeOpenKlant, seed: Seeder, monkeypatch: pytest.MonkeyPatch,
                              pages_of_20: None) -> None:
    import loketcli.register.inbox as inbox_module

    monkeypatch.setattr(inbox_module, "INBOX_MAX", 40)
    setup_store(openklant)
    team = seed.actor(TEAM)
    for n in range(45):
        seed.request(team, surname=f"Nr{n}", phone=None)
    before = openklant.register.requests("GET")
    result = ok("inbox", "--json")
    shown = json.loads(result.stdout)
    assert shown["count"] == 40 and shown["truncated"] is True
    assert t("inbox.truncated", count=40) in result.stderr
    # The worker's own list (one empty page), then the team's: two pages of 20, not three.
    assert openklant.register.requests("GET") - before == 3


def test_today_shows_the_last_inbox_count_without_the_network(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    assert "Inbox" not in ok("today").stderr  # never read: nothing said
    seed.request(seed.actor(TEAM))
    ok("inbox")
    before = openklant.register.requests()
    today = ok("today")
    assert openklant.register.requests() == before
    assert t("inbox.today", count=1, at="")[:20] in today.stderr
    assert json.loads(ok("today", "--json").stdout)["inbox"]["count"] == 1


def test_the_inbox_reads_through_the_pushs_client_rules(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    seed.request(seed.actor(TEAM))
    # A 5xx on a read is retried; the worker sees nothing of it.
    openklant.register.faults.append(Fault(lambda m, p, i: m == "GET" and p.endswith("/internetaken"), status=503))
    assert inbox_json()["count"] == 1
    # Only 5xx answers: one line, no detail of the register's.
    openklant.register.faults.append(Fault(lambda m, p, i: m == "GET", status=500, times=100))
    result = run("inbox")
    assert result.exit_code == 1 and result.stderr == error_line("error.register_unavailable")


def test_the_inbox_needs_the_register_and_an_actor(openklant: FakeOpenKlant) -> None:
    init_store()
    assert run("inbox").stderr == error_line("error.register_not_configured")
    ok("register", "setup", "--url", openklant.url, "--token-stdin", input=TOKEN + "\n")
    result = run("inbox")
    assert result.exit_code == 2 and result.stderr == error_line("error.inbox_no_actor")


# -- 3. take one -------------------------------------------------------------------------


def test_take_assigns_it_to_me_and_opens_a_case_with_a_call_back(openklant: FakeOpenKlant, seed: Seeder,
                                                                 db_path: Path) -> None:
    setup_store(openklant)
    task = seed.request(seed.actor(TEAM))
    number = inbox_json()["requests"][0]["number"]
    taken = ok("inbox", "take", str(number))
    case = taken.stdout.strip()
    assert case == "K-0001"
    (me,) = actors_named(openklant, ME)
    assert [a["uuid"] for a in seed.task(task)["toegewezenAanActoren"]] == [me["uuid"]]
    shown = json.loads(ok("show", case, "--json").stdout)
    assert shown["visitor"]["name"] == "Testa Testmarker" and shown["visitor"]["phone"] == "06 12345678"
    assert shown["intake"]["channel"] == "telefoon"
    assert "Contact opnemen met betrokkene" in shown["intake"]["question"]
    (followup,) = shown["followups"]
    assert followup["what"] == "Terugbellen (contactverzoek uit het register)"
    assert followup["due"]["date"] == add_working_days(date.today(), 1).isoformat()
    assert taken.stderr == t("inbox.taken_new", number=number, case=case, followup=f"#{followup['id']}") + "\n"
    # Stored sealed like any intake: nothing of the resident in clear in the store's files.
    raw = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.is_file())
    assert b"Testmarker" not in raw and b"12345678" not in raw
    # Still mine in the inbox, and not taken twice.
    assert inbox_json()["requests"][0]["mine"] is True
    again = run("inbox", "take", str(number))
    assert again.exit_code == 2
    assert again.stderr == error_line("error.inbox_already_yours", number=number, case=case)
    trail = json.loads(ok("audit", "--json").stdout)
    assert [(e["cases"], e["detail"]) for e in trail if e["command"] == "register take"] == [([case], "new")]


def test_take_adds_a_recognised_visitor_to_their_open_case(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    existing = intake("--name", "Iemand Anders", "--question", "q", "--channel", "balie", "--phone", "06 12345678")
    seed.request(seed.actor(TEAM))
    taken = ok("inbox", "take", str(inbox_json()["requests"][0]["number"]))
    assert taken.stdout.strip() == existing
    shown = json.loads(ok("show", existing, "--json").stdout)
    assert [e["kind"] for e in shown["events"]][-2:] == ["notitie", "opvolging-gepland"]
    assert json.loads(ok("list", "--json").stdout)[0]["id"] == existing
    assert len(json.loads(ok("list", "--json").stdout)) == 1
    # --new opens a case of its own all the same.
    seed.request(seed.actor(TEAM), surname="Ander")
    fresh = next(r for r in inbox_json()["requests"] if not r["mine"])
    assert ok("inbox", "take", str(fresh["number"]), "--new").stdout.strip() == "K-0002"


def test_requests_without_a_name_are_not_one_visitor(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    team = seed.actor(TEAM)
    seed.request(team, surname=None, phone="0611111111")
    seed.request(team, surname=None, phone="0622222222")
    numbers = sorted(r["number"] for r in inbox_json()["requests"])
    cases = [ok("inbox", "take", str(n)).stdout.strip() for n in numbers]
    assert cases == ["K-0001", "K-0002"]
    assert json.loads(ok("show", "K-0002", "--json").stdout)["visitor"]["name"] == "Onbekend (contactverzoek)"
    # The phone still recognises the visitor.
    seed.request(team, surname=None, phone="0611111111")
    (fresh,) = [r for r in inbox_json()["requests"] if not r["mine"]]
    first = next(c for c in cases if json.loads(ok("show", c, "--json").stdout)["visitor"]["phone"] == "06 11111111")
    assert ok("inbox", "take", str(fresh["number"])).stdout.strip() == first


def test_a_request_a_colleague_has_is_not_taken(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    colleague = seed.post("/actoren", {"naam": "Collega Bram", "soortActor": "medewerker", "indicatieActief": True,
                                       "actoridentificator": {"objectId": "bram@example.org", "codeObjecttype": "mdw",
                                                              "codeRegister": "handmatig",
                                                              "codeSoortObjectId": "email"}})
    task = seed.request(seed.actor(TEAM), colleague["uuid"])
    (shown,) = inbox_json()["requests"]
    assert shown["taken_by"] == "Collega Bram"
    assert t("inbox.taken_by", name="Collega Bram") in ok("inbox").stdout
    refused = run("inbox", "take", str(shown["number"]))
    assert refused.exit_code == 1 and refused.stderr == error_line("error.inbox_taken", name="Collega Bram")
    assert [a["uuid"] for a in seed.task(task)["toegewezenAanActoren"]][-1] == colleague["uuid"]
    assert json.loads(ok("list", "--json").stdout) == []


def test_two_stores_take_the_same_request_the_second_is_told_who(openklant: FakeOpenKlant, seed: Seeder,
                                                                  tmp_path: Path) -> None:
    other = {**UNLOCKED, "LOKET_DB": str(tmp_path / "b.db")}
    setup_store(openklant)
    setup_store(openklant, me="bram@example.org", worker="Bram", env=other, db=tmp_path / "b.db")
    seed.request(seed.actor(TEAM))
    mine, theirs = inbox_json()["requests"][0]["number"], inbox_json(other)["requests"][0]["number"]
    ok("inbox", "take", str(mine))
    refused = run("inbox", "take", str(theirs), env=other)
    assert refused.exit_code == 1 and refused.stderr == error_line("error.inbox_taken", name="Ayla")


def test_take_knows_only_numbers_the_inbox_showed(openklant: FakeOpenKlant) -> None:
    setup_store(openklant)
    result = run("inbox", "take", "7")
    assert result.exit_code == 2 and result.stderr == error_line("error.inbox_unknown_number", number=7)


# -- 4. close the loop -------------------------------------------------------------------


def test_a_done_call_back_closes_the_request_at_the_next_push(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    task = seed.request(seed.actor(TEAM))
    ok("inbox", "take", str(inbox_json()["requests"][0]["number"]))
    ok("register", "push")
    assert seed.task(task)["status"] == "te_verwerken"  # nothing done yet: untouched
    ok("followup", "done", "#1")
    ok("register", "push")
    closed = seed.task(task)
    assert closed["status"] == "verwerkt" and closed["afgehandeldOp"]
    assert closed["toelichting"] == ("Wil teruggebeld worden over de aanvraag\n\n"
                                     "Teruggebeld door het overheidsbreed loket")
    patches = openklant.register.requests("PATCH")
    ok("register", "push")
    assert openklant.register.requests("PATCH") == patches
    trail = json.loads(ok("audit", "--json").stdout)
    assert [(e["cases"], e["detail"]) for e in trail if e["command"] == "register close"] == [(["K-0001"], "1")]
    assert inbox_json()["requests"] == []


def test_a_push_of_one_case_closes_only_that_cases_requests(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    team = seed.actor(TEAM)
    first = seed.request(team, surname=None, phone="0611111111")
    second = seed.request(team, surname=None, phone="0622222222")
    taken = {}
    for request in inbox_json()["requests"]:
        taken[request["number"]] = ok("inbox", "take", str(request["number"])).stdout.strip()
    assert sorted(taken.values()) == ["K-0001", "K-0002"]
    ok("followup", "done", "#1")
    ok("followup", "done", "#2")
    ok("register", "push", "--case", "K-0002")
    by_case = {json.loads(ok("show", case, "--json").stdout)["visitor"]["phone"]: case for case in taken.values()}
    task_of = {by_case["06 11111111"]: first, by_case["06 22222222"]: second}
    assert seed.task(task_of["K-0002"])["status"] == "verwerkt"
    assert seed.task(task_of["K-0001"])["status"] == "te_verwerken"  # not asked for: left as it was
    ok("register", "push")
    assert seed.task(task_of["K-0001"])["status"] == "verwerkt"


def test_a_closed_case_closes_its_request_and_a_refusal_is_tried_again(openklant: FakeOpenKlant,
                                                                        seed: Seeder) -> None:
    setup_store(openklant)
    task = seed.request(seed.actor(TEAM))
    ok("inbox", "take", str(inbox_json()["requests"][0]["number"]))
    ok("close", "K-0001", "--result", "opgelost", "--force")
    openklant.register.faults.append(Fault(lambda m, p, i: m == "PATCH" and "internetaken" in p, status=400))
    ok("register", "push")
    assert seed.task(task)["status"] == "te_verwerken"
    ok("register", "push")
    assert seed.task(task)["status"] == "verwerkt"
    assert seed.task(task)["toelichting"].endswith("zaak gesloten (opgelost)")


def test_the_desks_own_contacts_join_the_requests_partij_once_consented(openklant: FakeOpenKlant,
                                                                        seed: Seeder) -> None:
    setup_store(openklant)
    partij = seed.post("/partijen", {"soortPartij": "persoon", "indicatieActief": True})["uuid"]
    seed.request(seed.actor(TEAM), partij=partij)
    case = ok("inbox", "take", str(inbox_json()["requests"][0]["number"])).stdout.strip()
    ok("register", "push")  # no consent: nothing of the case goes out
    assert not any(kc.get("metadata", {}).get("loketZaak", "").endswith(case)
                   for kc in openklant.register.objects["klantcontacten"].values())
    ok("register", "consent", case)
    ok("register", "push")
    ours = [kc["uuid"] for kc in openklant.register.objects["klantcontacten"].values()
            if kc.get("metadata", {}).get("loketZaak", "").endswith(":" + case)]
    assert ours
    linked = [b.get("wasPartij") for b in openklant.register.objects["betrokkenen"].values()
              if b["hadKlantcontact"]["uuid"] in ours]
    assert linked and all(p == {"uuid": partij} for p in linked)


# -- 5. send one -------------------------------------------------------------------------


def test_a_contactverzoek_needs_consent_then_reaches_the_other_teams_inbox(openklant: FakeOpenKlant, seed: Seeder,
                                                                           tmp_path: Path) -> None:
    other = {**UNLOCKED, "LOKET_DB": str(tmp_path / "b.db")}
    setup_store(openklant)
    setup_store(openklant, me="bram@example.org", worker="Bram", teams=(OTHER_TEAM,), env=other,
                db=tmp_path / "b.db")
    case = intake("--name", "Zwaantje van der Testmarker", "--question", "schulden", "--channel", "balie",
                  "--phone", "06-87654321", "--email", "zwaantje@example.org")
    posts = openklant.register.requests("POST")
    refused = run("contactverzoek", case, "--to", OTHER_TEAM, input="Graag contact over de schulden\n")
    assert refused.exit_code == 2
    assert refused.stderr == error_line("error.contactverzoek_consent", case=case)
    assert openklant.register.requests("POST") == posts
    ok("register", "consent", case)
    sent = ok("contactverzoek", case, "--to", OTHER_TEAM, input="Graag contact\nover de schulden\n")
    assert sent.stderr == t("contactverzoek.sent", case=case, to=OTHER_TEAM) + "\n"
    reg = openklant.register
    assert reg.schema_errors == []
    task = next(iter(reg.objects["internetaken"].values()))
    assert task["toelichting"] == "Graag contact over de schulden" and task["status"] == "te_verwerken"
    assert [a["uuid"] for a in task["toegewezenAanActoren"]] == [actors_named(openklant, OTHER_TEAM)[0]["uuid"]]
    assert sorted(a["adres"] for a in reg.objects["digitaleadressen"].values()) == [
        "0687654321", "zwaantje@example.org"]
    # The other team's worker reads it and takes it into a case of their own.
    (request,) = inbox_json(other)["requests"]
    assert inbox_json()["requests"] == []
    taken = ok("inbox", "take", str(request["number"]), env=other)
    shown = json.loads(ok("show", taken.stdout.strip(), "--json", env=other).stdout)
    assert shown["visitor"]["name"] == "Zwaantje van der Testmarker"
    assert shown["visitor"]["phone"] == "06 87654321" and shown["visitor"]["email"] == "zwaantje@example.org"
    trail = json.loads(ok("audit", "--json").stdout)
    assert [(e["cases"], e["detail"]) for e in trail if e["command"] == "register contactverzoek"] == [
        ([case], "team")]


def test_a_contactverzoek_to_an_unknown_team_sends_nothing(openklant: FakeOpenKlant) -> None:
    setup_store(openklant)
    case = intake("--name", "Testpersoon Een", "--question", "q", "--channel", "balie")
    ok("register", "consent", case)
    posts = openklant.register.requests("POST")
    result = run("contactverzoek", case, "--to", "bestaat-niet", input="x\n")
    assert result.exit_code == 2 and result.stderr == error_line("error.contactverzoek_no_actor")
    assert openklant.register.requests("POST") == posts


# -- 6. minimisation ---------------------------------------------------------------------


def test_erasing_a_case_with_a_taken_request_leaves_the_register_alone(openklant: FakeOpenKlant, seed: Seeder,
                                                                        db_path: Path) -> None:
    setup_store(openklant)
    task = seed.request(seed.actor(TEAM))
    ok("inbox", "take", str(inbox_json()["requests"][0]["number"]))
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT case_id, open FROM register_requests").fetchall() == [(1, 1)]
    finally:
        conn.close()
    before = openklant.register.requests()
    ok("erase", "K-0001", "--yes")
    assert openklant.register.requests() == before
    assert seed.task(task)["status"] == "te_verwerken"
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM register_requests").fetchone() == (0,)
    finally:
        conn.close()
    assert ok("verify").exit_code == 0


def test_a_key_rotation_keeps_who_i_am_and_the_inbox_numbers(openklant: FakeOpenKlant, seed: Seeder) -> None:
    setup_store(openklant)
    seed.request(seed.actor(TEAM))
    before = inbox_json()["requests"]
    ok("passwd", "--rotate-key")
    assert inbox_json()["requests"][0]["number"] == before[0]["number"]
    assert ok("register", "teams").stdout.startswith("* ")
    assert ok("verify").exit_code == 0
