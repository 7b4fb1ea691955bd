"""`show` lays out the timeline and the facts as rich's Table did, without a
Table (150 entries cost it over 100 ms), and neutralises stored control
characters once (issue 27). Two differences with the Table, both on purpose:
a word wider than the column is folded onto the next lines rather than cut off
with an ellipsis (nothing stored is hidden), and a BEL or other control that
rich's Text drops silently is shown as its escape like every other one."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from loket_testkit import PASSPHRASE, UNLOCKED, init_store, invoke, opened_vault

from loketcli.domain.clock import LOCAL_ZONE
from loketcli.domain.model import Consult, Handover, Intake, NewCase, Note, ProfessionallijnCall, Visitor
from loketcli.services.corrections import retract

START = datetime(2026, 11, 2, 9, 0, tzinfo=LOCAL_ZONE)


@pytest.fixture
def long_case(db_path: Path) -> None:
    init_store()
    with opened_vault(db_path, PASSPHRASE) as vault:
        with vault.write() as uow:
            case = uow.cases.add(NewCase(visitor=Visitor(name="T. Opmaak\x1b[2J (test)"), intake=Intake(
                question="Een lange vraag over brieven van het UWV en de Belastingdienst die niet op één regel past",
                channel="balie", agencies=("uwv",), minutes=30)), START)
            at = START
            for detail in (
                ProfessionallijnCall(agency="uwv", outcome="terugbelverzoek", driegesprek=True, minutes=12,
                                     question="Stand van zaken opvragen over de terugvordering",
                                     answer="Wordt uitgezocht, ze bellen terug"),
                Note(text="Een woord dat veel te lang is voor één regel: "
                          "aanvraagformulierenbeschikkingsoverzichtterugvorderingsbesluitbetalingsregeling"),
                Consult(minutes=20, note="Brieven\x07 doorgenomen"),
                Handover(to="stadsbank", warm=True, minutes=5, what="Aanmelding schuldhulp"),
            ):
                at += timedelta(hours=3)
                uow.cases.add_event(case, detail, at)
        retract(vault, case, 5, "dubbel", START + timedelta(days=1))


EXPECTED_60 = """\
╭─ K-0001 ─────────────────────────────────────────────────╮
│ Naam                    T. Opmaak\\x1b[2J (test)          │
│ Telefoon                –                                │
│ E-mail                  –                                │
│ BSN                     –                                │
│ Taal                    –                                │
│ DigiD                   onbekend                         │
│ Kwam mee                –                                │
│                                                          │
│ Status                  open                             │
│ Geopend                 02-11-2026 09:00                 │
│ Kanaal                  Vrije inloop aan de balie        │
│ Verwezen door           –                                │
│ Vraag                   Een lange vraag over brieven van │
│                         het UWV en de Belastingdienst    │
│                         die niet op één regel past       │
│ Levensgebeurtenissen    –                                │
│ Instanties              UWV                              │
│ Toestemming contact     nee                              │
│ Toestemming vastleggen  nee                              │
│ Minuten totaal          62                               │
│ Betrokken instanties    UWV                              │
│ Gesprekken              UWV 1×                           │
│                                                          │
│ Tijdlijn                                                 │
│   Nr    Wanneer             Wat                          │
│    1    02-11-2026 09:00    ▶ Intake (30 min)            │
│    2    02-11-2026 12:00    ☎ Professionallijn UWV       │
│                             (driegesprek):               │
│                             terugbelverzoek              │
│                               vraag: Stand van zaken     │
│                             opvragen over de             │
│                             terugvordering               │
│                               antwoord: Wordt            │
│                             uitgezocht, ze bellen        │
│                             terug (12 min)               │
│    3    02-11-2026 15:00    ✎ Notitie: Een woord dat     │
│                             veel te lang is voor één     │
│                             regel:                       │
│                             aanvraagformulierenbeschik   │
│                             kingsoverzichtterugvorderi   │
│                             ngsbesluitbetalingsregelin   │
│                             g                            │
│    4    02-11-2026 18:00    ● Consult: Brieven\\x07       │
│                             doorgenomen (20 min)         │
│    5    02-11-2026 21:00    [ingetrokken] ⇢ Overdracht   │
│                             (warm) naar Stadsbank:       │
│                             Aanmelding schuldhulp (5     │
│                             min)                         │
│                               ingetrokken op             │
│                             03-11-2026 09:00: dubbel     │
│    6    03-11-2026 09:00    ✗ Ingetrokken nr 5           │
│                             (Overdracht)                 │
╰──────────────────────────────────────────────────────────╯
"""


def test_show_lays_out_as_the_table_did(long_case: None) -> None:
    from loketcli.render.console import out

    # The console is made once per process, at the width of its time: anew at 60 columns here.
    out.cache_clear()
    try:
        result = invoke(["show", "K-0001"], env={**UNLOCKED, "COLUMNS": "60"})
    finally:
        out.cache_clear()
    assert result.exit_code == 0, result.stderr
    assert result.stdout == EXPECTED_60


def test_show_draws_no_rich_table_for_a_case_without_open_followups(long_case: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.table import Table

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a rich Table was drawn")

    monkeypatch.setattr(Table, "__rich_console__", refuse)
    result = invoke(["show", "K-0001"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    assert "☎ Professionallijn UWV" in result.stdout
