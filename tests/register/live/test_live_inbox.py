"""Contact requests between teams, against a real Open Klant (issue 25).

Requests are seeded as KISS makes them: a klantcontact with the resident as
betrokkene (contactnaam) and a phone number as digitaal adres, and an
internetaak assigned to a team. Every test makes its own teams and workers
(random identificators), so the shared register's other data never counts.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from loket_testkit import UNLOCKED, init_store, invoke
from register.openklant_live import TOKEN, URL, LiveRegister, live, needs_a_real_register

# The fixtures, imported so pytest finds them here (as test_live_push does).
__all__ = ["live", "needs_a_real_register"]


def tag() -> str:
    return secrets.token_hex(5)


class Store:
    """One worker's loket store, set up against the live register."""

    def __init__(self, path: Path, worker: str, me: str, teams: tuple[str, ...]) -> None:
        self.env = {**UNLOCKED, "LOKET_DB": str(path)}
        self.name = worker
        init_store(path)
        self.ok("register", "setup", "--url", _url(), "--token-stdin", "--worker", worker, input=TOKEN + "\n")
        self.ok("register", "setup", "--me", me, *[a for t in teams for a in ("--team", t)])

    def run(self, *args: str, input: str | None = None) -> Any:
        return invoke(list(args), env=self.env, input=input)

    def ok(self, *args: str, input: str | None = None) -> Any:
        result = self.run(*args, input=input)
        assert result.exit_code == 0, (args, result.stderr)
        return result

    def inbox(self) -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(self.ok("inbox", "--json").stdout)
        return shown


def _url() -> str:
    return URL


def team_actor(live: LiveRegister, ident: str) -> dict[str, Any]:
    found = live.all("/actoren", actoridentificatorObjectId=ident, soortActor="organisatorische_eenheid")
    assert len(found) == 1, found
    return found[0]


def seed_request(live: LiveRegister, team_uuid: str, surname: str, phone: str = "0612345678",
                 asked: str = "Contact opnemen met betrokkene", note: str = "Vraagt om terugbellen over de aanvraag"
                 ) -> dict[str, Any]:
    """A contactverzoek as KISS makes it: klantcontact + betrokkene + phone + internetaak for the team."""
    made = live.post("/maak-klantcontact", {
        "klantcontact": {"kanaal": "telefoon", "onderwerp": "Vraag over bijzondere bijstand", "inhoud": "Belde het KCC",
                         "taal": "nld", "vertrouwelijk": False, "indicatieContactGelukt": True,
                         "plaatsgevondenOp": "2026-12-07T09:00:00Z"},
        "betrokkene": {"rol": "klant", "initiator": True, "contactnaam": {"voornaam": "Testa", "achternaam": surname}},
    })
    assert made.status_code == 201, made.text
    contact = made.json()
    address = live.post("/digitaleadressen", {
        "verstrektDoorBetrokkene": {"uuid": contact["betrokkene"]["uuid"]}, "verstrektDoorPartij": None,
        "adres": phone, "soortDigitaalAdres": "telefoonnummer", "omschrijving": "mobiel"})
    assert address.status_code == 201, address.text
    task = live.post("/internetaken", {
        "gevraagdeHandeling": asked, "toelichting": note, "status": "te_verwerken",
        "aanleidinggevendKlantcontact": {"uuid": contact["klantcontact"]["uuid"]},
        "toegewezenAanActoren": [{"uuid": team_uuid}]})
    assert task.status_code == 201, task.text
    result: dict[str, Any] = task.json()
    return result


def test_inbox_take_call_back_push_closes_the_request(live: LiveRegister, tmp_path: Path) -> None:
    t = tag()
    desk, other = f"loket-team-{t}", f"wmo-team-{t}"
    store = Store(tmp_path / "a.db", f"Collega A {t}", f"a-{t}@example.org", (desk,))
    # Another team's request must not show in this desk's inbox.
    Store(tmp_path / "o.db", f"Collega O {t}", f"o-{t}@example.org", (other,))
    ours = seed_request(live, team_actor(live, desk)["uuid"], f"Probe{t}")
    seed_request(live, team_actor(live, other)["uuid"], f"Ander{t}")

    shown = store.inbox()
    assert [r["uuid"] for r in shown["requests"]] == [ours["uuid"]]
    (request,) = shown["requests"]
    assert request["asked"] == "Contact opnemen met betrokkene" and request["taken_by"] is None
    assert not request["mine"] and request["teams"] == [desk]
    assert "name" not in request
    named = json.loads(store.ok("inbox", "--names", "--json").stdout)
    assert named["requests"][0]["name"] == f"Testa Probe{t}"
    # `today` shows the count of the last read, without the network.
    assert "1" in store.ok("today").stderr

    taken = store.ok("inbox", "take", str(request["number"]))
    case = taken.stdout.strip()
    shown_case = json.loads(store.ok("show", case, "--json").stdout)
    assert shown_case["visitor"]["name"] == f"Testa Probe{t}"
    assert shown_case["visitor"]["phone"] == "06 12345678"
    task = live.get(f"/internetaken/{ours['uuid']}")
    me = live.all("/actoren", actoridentificatorObjectId=f"a-{t}@example.org")[0]
    assert [a["uuid"] for a in task["toegewezenAanActoren"]] == [me["uuid"]]
    assert me["naam"] == f"Collega A {t}" and me["actoridentificator"]["codeObjecttype"] == "mdw"
    # Now mine: still in my inbox, marked so.
    assert store.inbox()["requests"][0]["mine"] is True

    followup = next(f for f in shown_case["followups"] if f["what"].startswith("Terugbellen"))
    store.ok("followup", "done", f"#{followup['id']}")
    store.ok("register", "push")
    done = live.get(f"/internetaken/{ours['uuid']}")
    assert done["status"] == "verwerkt" and done["afgehandeldOp"]
    assert done["toelichting"].startswith("Vraagt om terugbellen") and "Teruggebeld" in done["toelichting"]
    assert store.inbox()["requests"] == []
    # A second push does not touch it again.
    store.ok("register", "push")
    assert live.get(f"/internetaken/{ours['uuid']}")["afgehandeldOp"] == done["afgehandeldOp"]


def test_two_colleagues_take_the_same_request(live: LiveRegister, tmp_path: Path) -> None:
    t = tag()
    desk = f"loket-team-{t}"
    first = Store(tmp_path / "a.db", f"Collega A {t}", f"a-{t}@example.org", (desk,))
    second = Store(tmp_path / "b.db", f"Collega B {t}", f"b-{t}@example.org", (desk,))
    seed_request(live, team_actor(live, desk)["uuid"], f"Probe{t}")
    number_a = first.inbox()["requests"][0]["number"]
    number_b = second.inbox()["requests"][0]["number"]
    first.ok("inbox", "take", str(number_a))
    refused = second.run("inbox", "take", str(number_b))
    assert refused.exit_code == 1
    assert f"Collega A {t}" in refused.stderr
    assert json.loads(second.ok("list", "--json").stdout) == []


def test_a_contactverzoek_out_reaches_the_other_teams_inbox(live: LiveRegister, tmp_path: Path) -> None:
    t = tag()
    desk, schuldhulp = f"loket-team-{t}", f"schuldhulp-{t}"
    sender = Store(tmp_path / "a.db", f"Collega A {t}", f"a-{t}@example.org", (desk,))
    receiver = Store(tmp_path / "b.db", f"Collega B {t}", f"b-{t}@example.org", (schuldhulp,))
    case = invoke(["intake", "--name", f"Zwaantje Verzoek{t}", "--question", "schulden", "--channel", "balie",
                   "--phone", "0687654321"], env=sender.env).stdout.strip()
    # Without the visitor's consent nothing goes out.
    refused = sender.run("contactverzoek", case, "--to", schuldhulp, input="Graag contact over de schulden\n")
    assert refused.exit_code == 2 and "toestemming" in refused.stderr
    assert receiver.inbox()["requests"] == []
    sender.ok("register", "consent", case)
    sender.ok("contactverzoek", case, "--to", schuldhulp, input="Graag contact over de schulden\n")

    (request,) = receiver.inbox()["requests"]
    assert request["asked"] == "Contact opnemen met betrokkene"
    assert request["note"] == "Graag contact over de schulden"
    taken = receiver.ok("inbox", "take", str(request["number"]))
    shown = json.loads(receiver.ok("show", taken.stdout.strip(), "--json").stdout)
    assert shown["visitor"]["name"] == f"Zwaantje Verzoek{t}"
    assert shown["visitor"]["phone"] == "06 87654321"
    # The receiving team calls back and pushes: the sender's request is done in the register.
    followup = next(f for f in shown["followups"] if f["what"].startswith("Terugbellen"))
    receiver.ok("followup", "done", f"#{followup['id']}")
    receiver.ok("register", "push")
    done = live.get(f"/internetaken/{request['uuid']}")
    assert done["status"] == "verwerkt" and done["afgehandeldOp"]
    assert done["toelichting"] == "Graag contact over de schulden\n\nTeruggebeld door het overheidsbreed loket"
