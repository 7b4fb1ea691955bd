"""The visitor's overview (`summary --for-visitor`) says only what is true.

A table of situations, each with the sentences the sheet must and must not
show, in Dutch and English and in every format; then random case histories
checked against the truth rules (no contact, hand-over or "nothing to do" that
did not happen); then the pieces behind it: follow-up actors, the desk's
settings and the English vocabulary labels. All data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import TEST_KDF_ARGS
from loket_testkit import FIXED_NOW, UNLOCKED, FixedClock, error_line, fixed_clock, invoke
from typer.testing import Result

from loketcli.domain.model import FollowUpActor, FollowUpSource
from loketcli.domain.vocab import VocabularyName, load
from loketcli.i18n import set_language, t
from loketcli.storage.followups import _actor

# FIXED_NOW is Monday 2 March 2026, 10:15. A call-back promised then is due
# five working days later, on Monday 9 March.
NEXT_WEEK = "2026-03-10"
NEXT_WEEK_NL = "dinsdag 10 maart 2026"
NEXT_WEEK_EN = "Tuesday 10 March 2026"
CALLBACK_NL = "maandag 9 maart 2026"
CALLBACK_EN = "Monday 9 March 2026"
LONG_AFTER = FIXED_NOW + dt.timedelta(days=30)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixedClock]:
    yield fixed_clock(monkeypatch, FIXED_NOW)
    set_language(None)  # `summary --lang en` sets the language for the rest of the process


def run(args: Sequence[str]) -> Result:
    return invoke(args, env=UNLOCKED)


def ok(args: Sequence[str]) -> Result:
    result = run(args)
    assert result.exit_code == 0, (args, result.stderr)
    return result


def new_case(*agencies: str) -> str:
    ok(["init", *TEST_KDF_ARGS, "--no-recovery-key"])
    extra = [arg for agency in agencies for arg in ("--agency", agency)]
    return ok(["intake", "--name", "Testpersoon Een", "--question", "Brief niet begrepen", "--channel", "balie",
               *extra]).stdout.strip()


def sheet(case: str, *, lang: str = "nl", fmt: str = "text") -> str:
    text = ok(["summary", case, "--for-visitor", "--lang", lang, "--format", fmt]).stdout
    set_language(None)
    return text


# -- the table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    name: str
    steps: tuple[tuple[str, ...], ...]  # loket arguments after the case id's command word; {case} is filled in
    must: tuple[str, ...]
    must_not: tuple[str, ...] = ()
    lang: str = "nl"
    read_at: dt.datetime = FIXED_NOW
    desk: dict[str, str] = field(default_factory=dict)


NOTHING_NL = "U hoeft nu niets te doen."
NOTHING_EN = "You do not need to do anything right now."
SPOKEN_NL = "Met wie hebben wij voor u gesproken?"
SPOKEN_EN = "Who did we speak to on your behalf?"

SITUATIONS = [
    # hand-overs
    Situation("warm", (("handover", "{case}", "ind", "--warm"),),
              must=("De IND helpt u verder. Wij hebben uw vraag aan hen doorgegeven.",),
              must_not=("Neem zelf contact op", "niet aan hen doorgegeven")),
    Situation("cold", (("handover", "{case}", "ind", "--cold", "--what", "Verlenging aanvragen"),),
              must=("1. Neem zelf contact op met de IND. Wij hebben uw vraag niet aan hen doorgegeven. "
                    "Het gaat om: Verlenging aanvragen. Kijk op www.ind.nl of bel 088-043 04 30.",),
              must_not=("IND helpt u verder", "Wij hebben uw vraag aan hen doorgegeven", NOTHING_NL, SPOKEN_NL)),
    Situation("cold, website only", (("handover", "{case}", "svb", "--cold"),),
              must=("Neem zelf contact op met de SVB. Wij hebben uw vraag niet aan hen doorgegeven. "
                    "Kijk op www.svb.nl.",),
              must_not=(" bel ",)),
    Situation("cold, municipal", (("handover", "{case}", "wijkteam", "--cold"),),
              must=("Neem zelf contact op met het Wijkteam. Wij hebben uw vraag niet aan hen doorgegeven. "
                    "Weet u niet hoe? Vraag het ons.",),
              must_not=("Kijk op", "Bel ", "via uw gemeente")),
    Situation("cold, local partner", (("handover", "{case}", "woningcorporatie", "--cold"),),
              must=("Neem zelf contact op met uw woningcorporatie. Wij hebben uw vraag niet aan hen doorgegeven. "
                    "Weet u niet hoe? Vraag het ons.",)),
    Situation("cold, then warm", (("handover", "{case}", "stadsbank", "--cold"),
                                  ("handover", "{case}", "stadsbank", "--warm")),
              must=("De Stadsbank helpt u verder. Wij hebben uw vraag aan hen doorgegeven.",),
              must_not=("Neem zelf contact op",)),
    # calls, by outcome
    Situation("geen-gehoor", (("call", "{case}", "duo", "--outcome", "geen-gehoor"),),
              must=("Wie konden wij niet bereiken?", "Wij hebben DUO gebeld. Er nam niemand op."),
              # Nobody reached and nothing planned: the problem is still open, not "nothing to do".
              must_not=(SPOKEN_NL, "- DUO\n", NOTHING_NL)),
    Situation("geen-gehoor, then answered", (("call", "{case}", "duo", "--outcome", "geen-gehoor"),
                                             ("call", "{case}", "duo", "--outcome", "doorverwezen",
                                              "--answer", "Via bezwaar")),
              must=(f"{SPOKEN_NL}\n\n- DUO\n",),
              must_not=("Er nam niemand op", "Via bezwaar")),
    Situation("opgelost with an agreement", (("call", "{case}", "cjib", "--outcome", "opgelost",
                                              "--answer", "Betalingsregeling afgesproken: 12 keer 50 euro"),),
              must=("Wat is afgesproken?\n\n- CJIB: Betalingsregeling afgesproken: 12 keer 50 euro.\n",
                    f"{SPOKEN_NL}\n\n- CJIB\n"),
              must_not=(NOTHING_NL,)),
    Situation("opgelost without an answer", (("call", "{case}", "uwv", "--outcome", "opgelost"),),
              must=("- UWV: uw vraag is opgelost.",), must_not=(NOTHING_NL,)),
    Situation("informatie-ontvangen", (("call", "{case}", "uwv", "--outcome", "informatie-ontvangen",
                                        "--answer", "Adres verwerkt."),),
              must=("- Het UWV zei: Adres verwerkt.\n",), must_not=(NOTHING_NL, "Wat is afgesproken?")),
    Situation("terugbelverzoek", (("call", "{case}", "svb", "--outcome", "terugbelverzoek"),),
              must=(f"1. De SVB belt ons terug, uiterlijk op {CALLBACK_NL}. Wij laten het u weten.",
                    f"{SPOKEN_NL}\n\n- SVB\n", NOTHING_NL),
              must_not=("SVB:",)),
    Situation("doorverwezen", (("call", "{case}", "duo", "--outcome", "doorverwezen", "--answer", "Intern"),),
              must=(f"{SPOKEN_NL}\n\n- DUO\n",), must_not=("Intern", "Wat is afgesproken?")),
    # follow-ups, by actor
    Situation("actor: the desk (default)", (("followup", "add", "{case}", "Betalingsregeling DUO controleren",
                                             "--due", NEXT_WEEK),),
              must=(f"Wat doen wij en de instanties?\n\n1. Wij: Betalingsregeling DUO controleren. "
                    f"Uiterlijk op {NEXT_WEEK_NL}.\n", NOTHING_NL),
              must_not=("U: Betalingsregeling",)),
    Situation("actor: the visitor", (("followup", "add", "{case}", "Loonstroken opsturen", "--due", NEXT_WEEK,
                                      "--actor", "bezoeker"),
                                     ("followup", "add", "{case}", "Dossier nalezen.", "--due", NEXT_WEEK)),
              must=(f"Wat moet u zelf doen?\n\n1. U: Loonstroken opsturen. Doe dit uiterlijk op {NEXT_WEEK_NL}.\n",
                    "1. Wij: Dossier nalezen. Uiterlijk"),
              must_not=(NOTHING_NL, "nalezen..")),
    Situation("actor: a body", (("followup", "add", "{case}", "Besluit over uitstel sturen", "--due", NEXT_WEEK,
                                 "--agency", "duo"),),
              must=(f"1. DUO: Besluit over uitstel sturen. Uiterlijk op {NEXT_WEEK_NL}.",),
              must_not=("Wij: Besluit", "U: Besluit")),
    Situation("actor: the visitor, about a body", (("followup", "add", "{case}", "DUO bellen over uitstel", "--due",
                                                    NEXT_WEEK, "--actor", "visitor", "--agency", "duo"),),
              must=(f"1. U: DUO bellen over uitstel. Doe dit uiterlijk op {NEXT_WEEK_NL}. "
                    "Contact met DUO? Kijk op www.duo.nl of bel 050-599 77 55.",),
              must_not=(NOTHING_NL, "DUO: DUO")),
    Situation("actor: the visitor, about a local body", (("followup", "add", "{case}", "Huurbewijs opvragen", "--due",
                                                          NEXT_WEEK, "--actor", "bezoeker", "--agency",
                                                          "woningcorporatie"),
                                                         ("followup", "add", "{case}", "Aanvraag doen", "--due",
                                                          NEXT_WEEK, "--actor", "bezoeker", "--agency", "wmo")),
              must=(f"1. U: Huurbewijs opvragen. Doe dit uiterlijk op {NEXT_WEEK_NL}.\n",
                    f"2. U: Aanvraag doen. Doe dit uiterlijk op {NEXT_WEEK_NL}.\n"),
              must_not=("Vraag het ons", "via uw gemeente", "Contact met")),
    Situation("something to bring", (("followup", "add", "{case}", "Huurcontract", "--due", NEXT_WEEK, "--bring"),),
              must=(f"Wat moet u zelf doen?\n\n1. U heeft een afspraak bij ons op {NEXT_WEEK_NL}.\n",
                    f"Wat neemt u mee naar de volgende afspraak?\n\n- Huurcontract (afspraak op {NEXT_WEEK_NL})",),
              must_not=(NOTHING_NL, "Wij: Huurcontract")),
    # An open case that nobody has a step for is a problem left open: not "nothing to do" (issue 22.8).
    Situation("no follow-ups", (),
              must=("Uw dossiernummer is K-0001.",),
              must_not=("Wat doen wij", SPOKEN_NL, "Wat is afgesproken?", "Wat neemt u mee", NOTHING_NL,
                        "Notes and")),
    Situation("closed, nothing left", (("close", "{case}", "--result", "opgelost"),),
              must=(f"Wat moet u zelf doen?\n\n- {NOTHING_NL}\n",)),
    Situation("only past deadlines", (("followup", "add", "{case}", "Formulier invullen", "--due", NEXT_WEEK,
                                       "--actor", "bezoeker"),
                                      ("followup", "add", "{case}", "Bank bellen", "--due", NEXT_WEEK),
                                      ("followup", "add", "{case}", "Besluit sturen", "--due", NEXT_WEEK,
                                       "--agency", "uwv"),
                                      ("followup", "add", "{case}", "Paspoort", "--due", NEXT_WEEK, "--bring"),
                                      ("call", "{case}", "svb", "--outcome", "terugbelverzoek")),
              read_at=LONG_AFTER,
              must=("1. U: Formulier invullen. Is dit nog niet gelukt? Neem dan contact met ons op.\n",
                    "1. Wij: Bank bellen. Dit is nog niet klaar.\n",
                    # the desk's own first, then the bodies' by due date (the call-back is due first)
                    "2. Wij wachten nog op antwoord van de SVB. Wij laten het u weten.\n",
                    "3. UWV: Besluit sturen. Wij wachten hier nog op.\n",
                    "Wat moet u nog meenemen of opsturen?\n\n- Paspoort\n"),
              must_not=("Uiterlijk", "uiterlijk", "Doe dit", NEXT_WEEK_NL, CALLBACK_NL, NOTHING_NL,
                        "volgende afspraak", "U heeft een afspraak")),
    # issue 22: appointments, plain Dutch, punctuation
    Situation("an appointment is not a deadline", (("followup", "add", "{case}", "Tweede gesprek", "--due",
                                                    f"{NEXT_WEEK} 10:00"),
                                                   ("followup", "add", "{case}", "Intake bij DUO", "--due",
                                                    f"{NEXT_WEEK} 14:30", "--actor", "bezoeker", "--agency", "duo")),
              must=(f"Wat moet u zelf doen?\n\n1. U heeft een afspraak bij ons op {NEXT_WEEK_NL} om 10:00. "
                    "Het gaat om: Tweede gesprek.\n"
                    f"2. U heeft een afspraak bij DUO op {NEXT_WEEK_NL} om 14:30. Het gaat om: Intake bij DUO.\n",),
              must_not=("uiterlijk", "Uiterlijk", NOTHING_NL, "Wij: Tweede")),
    Situation("free text keeps its own punctuation", (("call", "{case}", "uwv", "--outcome", "informatie-ontvangen",
                                                       "--answer", "Waarom gestopt?"),
                                                      ("followup", "add", "{case}", "Klopt het bedrag?", "--due",
                                                       NEXT_WEEK)),
              must=("- Het UWV zei: Waarom gestopt?\n", "1. Wij: Klopt het bedrag? Uiterlijk op"),
              must_not=("?.",)),
    Situation("a body's step that names the body", (("followup", "add", "{case}", "Stadsbank belt u", "--due",
                                                     NEXT_WEEK, "--agency", "stadsbank"),),
              must=(f"1. Stadsbank belt u. Uiterlijk op {NEXT_WEEK_NL}.\n",),
              must_not=("Stadsbank: Stadsbank",)),
    Situation("het Juridisch Loket", (("handover", "{case}", "juridisch-loket", "--cold"),),
              must=("Neem zelf contact op met het Juridisch Loket.",), must_not=("met Het",)),
    # the desk
    Situation("no desk details", (),
              must=("Heeft u vragen?\n\n- Kom terug naar het loket waar u dit overzicht heeft gekregen.\n",),
              must_not=("Adres:", "Telefoon:", "Openingstijden:", "U sprak met", "overheidsbrede loket")),
    Situation("desk details", (), desk={"desk.name": "Loket Voorbeeldstad", "desk.phone": "0123-45 67 89",
                                        "desk.hours": "ma-vr 9-17", "desk.address": "Plein 1",
                                        "desk.worker": "Sanne"},
              must=("Heeft u vragen?\n\n- Neem contact op met Loket Voorbeeldstad.\n- Adres: Plein 1\n"
                    "- Telefoon: 0123-45 67 89\n- Openingstijden: ma-vr 9-17\n- U sprak met: Sanne\n",),
              must_not=("Kom terug naar het loket",)),
    Situation("desk phone only", (), desk={"desk.phone": "0123-45 67 89"},
              must=("- Kom terug naar het loket waar u dit overzicht heeft gekregen.\n- Telefoon: 0123-45 67 89\n",)),
    # English
    Situation("en: warm", (("handover", "{case}", "ind", "--warm"),), lang="en",
              must=("The Immigration and Naturalisation Service (IND) will help you further. "
                    "We have passed your question on to them.",),
              must_not=("yourself", "helpt")),
    Situation("en: cold", (("handover", "{case}", "belastingdienst", "--cold"),), lang="en",
              must=("1. Please contact the Tax and Customs Administration (Belastingdienst) yourself. "
                    "We have not passed your question on to them. See www.belastingdienst.nl or call 0800-0543.",),
              must_not=("will help you further", NOTHING_EN)),
    Situation("en: geen-gehoor", (("call", "{case}", "duo", "--outcome", "geen-gehoor"),), lang="en",
              must=("We called the Education Executive Agency (DUO). Nobody answered.",),
              must_not=(SPOKEN_EN, NOTHING_EN)),
    Situation("en: opgelost", (("call", "{case}", "cjib", "--outcome", "opgelost", "--answer", "Betalingsregeling"),),
              lang="en",
              must=("What was agreed?\n\n- Central Judicial Collection Agency (CJIB): Betalingsregeling.\n",),
              must_not=(NOTHING_EN,)),
    Situation("en: terugbelverzoek", (("call", "{case}", "svb", "--outcome", "terugbelverzoek"),), lang="en",
              must=(f"The Social Insurance Bank (SVB) will call us back, by {CALLBACK_EN} at the latest. "
                    "We will let you know.",)),
    Situation("en: actors", (("followup", "add", "{case}", "Loonstroken opsturen", "--due", NEXT_WEEK,
                              "--actor", "visitor"),
                             ("followup", "add", "{case}", "Bank bellen", "--due", NEXT_WEEK, "--actor", "desk"),
                             ("followup", "add", "{case}", "Besluit sturen", "--due", NEXT_WEEK, "--agency", "uwv")),
              lang="en",
              must=(f"What do you need to do?\n\n1. You: Loonstroken opsturen. "
                    f"Do this by {NEXT_WEEK_EN} at the latest.",
                    f"What will we and the agencies do?\n\n1. We: Bank bellen. By {NEXT_WEEK_EN} at the latest.\n"
                    f"2. Employee Insurance Agency (UWV): Besluit sturen. By {NEXT_WEEK_EN} at the latest.\n"),
              must_not=(NOTHING_EN,)),
    Situation("en: no follow-ups", (("close", "{case}", "--result", "opgelost"),), lang="en",
              must=(NOTHING_EN, "Your case number is K-0001.",
                    "Notes and answers from the desk are shown as the desk wrote them, in Dutch.",
                    "Come back to the desk where you were given this overview."),
              must_not=("Wat ", "Uw ")),
    Situation("en: desk details", (), lang="en", desk={"desk.name": "Loket Voorbeeldstad", "desk.hours": "9-17"},
              must=("- Contact Loket Voorbeeldstad.\n- Opening hours: 9-17\n",)),
]


def _build(situation: Situation, clock: FixedClock) -> str:
    case = new_case()
    for key, value in situation.desk.items():
        ok(["config", "set", key, value])
    for step in situation.steps:
        ok([arg.format(case=case) for arg in step])
    clock.set(situation.read_at)
    return case


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.name)
def test_the_sheet_says_what_happened(situation: Situation, clock: FixedClock) -> None:
    case = _build(situation, clock)
    text = sheet(case, lang=situation.lang)
    for sentence in situation.must:
        assert sentence in text, f"missing {sentence!r} in:\n{text}"
    for sentence in situation.must_not:
        assert sentence not in text, f"{sentence!r} should not be in:\n{text}"
    # The same sentences in Markdown and HTML (whole lines there, since the layout differs).
    markdown = sheet(case, lang=situation.lang, fmt="md")
    page = sheet(case, lang=situation.lang, fmt="html")
    for sentence in situation.must:
        for line in (part.strip() for part in sentence.split("\n")):
            if line and not line.endswith("?"):
                assert line in markdown, line
                assert html.escape(re.sub(r"^(\d+\.|-) ", "", line), quote=False) in page, line
    for sentence in situation.must_not:
        if "\n" not in sentence:
            assert sentence not in markdown and html.escape(sentence, quote=False) not in page


def test_a_cold_hand_over_was_wrongly_passed_on_before() -> None:
    """The trial's sentence, for a cold hand-over to IND, is gone for good."""
    case = new_case()
    ok(["handover", case, "ind", "--cold"])
    assert "Wij hebben uw vraag al aan hen doorgegeven" not in sheet(case)
    assert "IND helpt u verder" not in sheet(case)


def test_the_visitors_tasks_come_first(clock: FixedClock) -> None:
    case = new_case()
    ok(["followup", "add", case, "Bank bellen", "--due", NEXT_WEEK])
    ok(["handover", case, "wijkteam", "--warm"])
    ok(["call", case, "cjib", "--outcome", "opgelost", "--answer", "Regeling"])
    ok(["followup", "add", case, "Huurcontract", "--due", NEXT_WEEK, "--bring"])
    ok(["followup", "add", case, "Formulier invullen", "--due", NEXT_WEEK, "--actor", "bezoeker"])
    ok(["handover", case, "ind", "--cold"])
    headings = re.findall(r"^## (.+)$", sheet(case, fmt="md"), flags=re.M)
    assert headings == ["Wat moet u zelf doen?", "Wat neemt u mee naar de volgende afspraak?", "Wat is afgesproken?",
                        "Wat doen wij en de instanties?", "Waar ging het over?", SPOKEN_NL, "Heeft u vragen?"]


# -- a fuller case, as golden files to re-read -----------------------------------------------

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
FORMATS = {"text": "txt", "md": "md", "html": "html"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_full_sheet_golden(lang: str) -> None:
    """Every kind of line at once: a task of the visitor's about a body, a cold and a warm
    hand-over, an agreement, a body nobody answered for, the desk's and a body's own steps.
    `UPDATE_GOLDEN=1` rewrites the files; read them as the visitor would before committing."""
    case = new_case("cjib", "duo")
    for key, value in {"desk.name": "Overheidsbreed loket Voorbeeldstad", "desk.address": "Stationsplein 1",
                       "desk.phone": "0123-45 67 89", "desk.hours": "ma t/m vr 9.00-17.00 uur"}.items():
        ok(["config", "set", key, value])
    for step in (
        ["call", case, "cjib", "--outcome", "opgelost", "--answer",
         "U betaalt de boete in 6 delen van 40 euro. De eerste keer voor 1 april"],
        ["call", case, "duo", "--outcome", "geen-gehoor"],
        ["handover", case, "ind", "--cold", "--what", "Verlenging van uw verblijfsvergunning aanvragen"],
        ["handover", case, "schuldhulp", "--warm"],
        ["followup", "add", case, "Betalingsregeling DUO controleren", "--due", "over 5 werkdagen"],
        ["followup", "add", case, "Brief van DUO over de studieschuld", "--due", "over 7 dagen", "--bring"],
        ["followup", "add", case, "Inloggen met DigiD en de aflosfase bekijken", "--due", "over 3 werkdagen",
         "--actor", "bezoeker", "--agency", "duo"],
        ["followup", "add", case, "Besluit over de draagkracht sturen", "--due", "over 4 weken", "--agency", "duo"],
    ):
        ok(step)
    for fmt, ext in FORMATS.items():
        text = sheet(case, lang=lang, fmt=fmt)
        path = GOLDEN / f"visitor_sheet_full_{lang}.{ext}"
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8")


# -- the truth rules, on random case histories -------------------------------------------------

BODIES = ("duo", "cjib", "uwv", "ind", "wijkteam")
OUTCOMES = ("opgelost", "terugbelverzoek", "doorverwezen", "geen-gehoor", "informatie-ontvangen")


def _sections(markdown: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = found.setdefault(line[3:], [])
        elif current is not None and line.strip():
            current.append(re.sub(r"^(\d+\.|-) ", "", line))
    return found


@pytest.mark.parametrize("seed", range(12))
def test_no_sheet_claims_a_contact_or_hand_over_that_did_not_happen(seed: int) -> None:
    rng = random.Random(seed)
    case = new_case(*rng.sample(BODIES, 2))
    answered: set[str] = set()
    unanswered: set[str] = set()
    warm: set[str] = set()
    cold: set[str] = set()
    visitor_must_act = False
    in_hand = False  # the desk or a body has a step to take: the problem is not left open
    for _ in range(rng.randint(0, 6)):
        body = rng.choice(BODIES)
        kind = rng.choice(("call", "handover", "followup"))
        if kind == "call":
            outcome = rng.choice(OUTCOMES)
            args = ["call", case, body, "--outcome", outcome]
            if rng.random() < 0.5:
                args += ["--answer", "Antwoord van de instantie"]
                visitor_must_act |= outcome in ("opgelost", "informatie-ontvangen")
            visitor_must_act |= outcome == "opgelost"
            in_hand |= outcome == "terugbelverzoek"
            (unanswered if outcome == "geen-gehoor" else answered).add(body)
        elif kind == "handover":
            is_warm = rng.random() < 0.5
            ok(["handover", case, body, "--warm" if is_warm else "--cold"])
            (warm if is_warm else cold).add(body)
            visitor_must_act |= not is_warm
            in_hand |= is_warm
            continue
        else:
            actor = rng.choice(("bezoeker", "loket", "instantie"))
            args = ["followup", "add", case, "Iets regelen", "--due", NEXT_WEEK, "--actor", actor, "--agency", body]
            visitor_must_act |= actor == "bezoeker"
            in_hand |= actor != "bezoeker"
        ok(args)
    visitor_must_act |= bool(cold - warm)
    sections = _sections(sheet(case, fmt="md"))
    terms = {code: load(VocabularyName.AGENCIES).by_code(code) for code in BODIES}
    label = {code: term.label for code, term in terms.items()}
    named = {code: term.in_sentence("nl") for code, term in terms.items()}
    first = {code: term.in_sentence("nl", start=True) for code, term in terms.items()}

    spoken = {line.split(" zei: ")[0] for line in sections.get(SPOKEN_NL, [])}
    assert spoken <= {label[b] for b in answered} | {first[b] for b in answered}
    assert len(spoken) == len(answered)
    not_reached = {line for line in sections.get("Wie konden wij niet bereiken?", [])}
    assert not_reached == {t("visitor.not_reached_item", agency=named[b]) for b in unanswered - answered}
    everything = "\n".join(line for lines in sections.values() for line in lines)
    for body in BODIES:
        passed_on = t("visitor.step_handover", agency=first[body])
        assert (passed_on in everything) == (body in warm), (body, everything)
        contact = t("visitor.step_cold", agency=named[body])
        assert (contact in everything) == (body in cold - warm), (body, everything)
    # "nothing to do" only when the visitor has nothing to do and the problem is in someone's hands.
    assert (NOTHING_NL in everything) == (not visitor_must_act and in_hand), everything


# -- follow-up actors --------------------------------------------------------------------------


def followups(case: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(ok(["followup", "list", case, "--json"]).stdout)
    return found


@pytest.mark.parametrize(("args", "actor", "agency"), [
    ((), "loket", None),
    (("--actor", "loket"), "loket", None),
    (("--actor", "desk"), "loket", None),
    (("--actor", "bezoeker"), "bezoeker", None),
    (("--actor", "visitor"), "bezoeker", None),
    (("--actor", "bez"), "bezoeker", None),
    (("--agency", "duo"), "instantie", "duo"),
    (("--agency", "studiefinanciering"), "instantie", "duo"),
    (("--actor", "agency", "--agency", "duo"), "instantie", "duo"),
    (("--actor", "loket", "--agency", "duo"), "loket", "duo"),
    (("--actor", "bezoeker", "--agency", "cjib"), "bezoeker", "cjib"),
    (("--bring",), "bezoeker", None),
    (("--bring", "--actor", "bezoeker"), "bezoeker", None),
    (("--bring", "--agency", "duo"), "bezoeker", "duo"),  # a letter from DUO to bring along
])
def test_followup_add_records_who_acts(args: tuple[str, ...], actor: str, agency: str | None) -> None:
    case = new_case()
    ok(["followup", "add", case, "Iets regelen", "--due", NEXT_WEEK, *args])
    (made,) = followups(case)
    assert (made["actor"], made["agency"]) == (actor, agency)


@pytest.mark.parametrize(("args", "key", "params"), [
    (("--actor", "instantie"), "error.followup_actor_agency", {}),
    (("--actor", "agency"), "error.followup_actor_agency", {}),
    (("--bring", "--actor", "loket"), "error.followup_bring_actor", {}),
    (("--actor", "iemand"), "error.followup_actor", {"choices": "bezoeker, loket, instantie"}),
])
def test_followup_add_refuses_an_actor_the_sheet_could_not_phrase_truly(args: tuple[str, ...], key: str,
                                                                        params: dict[str, str]) -> None:
    case = new_case()
    result = run(["followup", "add", case, "Iets regelen", "--due", NEXT_WEEK, *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error_line(key, **params))
    assert followups(case) == []


def test_a_call_back_is_the_bodys() -> None:
    case = new_case()
    ok(["call", case, "uwv", "--outcome", "terugbelverzoek"])
    (made,) = followups(case)
    assert (made["source"], made["actor"], made["agency"]) == ("terugbelverzoek", "instantie", "uwv")


@pytest.mark.parametrize(("source", "actor"), [
    (FollowUpSource.MANUAL, FollowUpActor.DESK),
    (FollowUpSource.CALLBACK, FollowUpActor.AGENCY),
    (FollowUpSource.BRING, FollowUpActor.VISITOR),
])
def test_a_payload_from_before_actors_reads_by_its_source(source: FollowUpSource, actor: FollowUpActor) -> None:
    assert _actor({"what": "x", "source": source.value, "agency": "uwv"}, source) is actor
    assert _actor({"what": "x", "source": source.value, "actor": "bezoeker"}, source) is FollowUpActor.VISITOR


# -- the desk's settings -------------------------------------------------------------------------


def settings() -> dict[str, str]:
    found: dict[str, str] = json.loads(ok(["config", "show", "--json"]).stdout)
    return found


def test_desk_settings_are_set_once_and_cleared_with_an_empty_value() -> None:
    new_case()
    assert settings() == {"retention": "2y", "desk.name": "", "desk.address": "", "desk.phone": "",
                          "desk.hours": "", "desk.worker": "", "idle_lock": "300"}
    result = ok(["config", "set", "desk.name", "  Loket   Voorbeeldstad "])
    assert result.stderr == "desk.name = Loket Voorbeeldstad\n"
    ok(["config", "set", "desk_phone", "0123-45 67 89"])  # the earlier name still works
    assert settings()["desk.name"] == "Loket Voorbeeldstad" and settings()["desk.phone"] == "0123-45 67 89"
    ok(["config", "set", "desk.phone", ""])
    assert settings()["desk.phone"] == ""
    assert "Telefoon:" not in sheet("K-0001")


def test_desk_settings_refuse_what_they_cannot_hold() -> None:
    new_case()
    choices = "retention, desk.name, desk.address, desk.phone, desk.hours, desk.worker, idle_lock"
    result = run(["config", "set", "desk.fax", "x"])
    assert (result.exit_code, result.stderr) == (2, error_line("error.unknown_setting", setting="desk.fax",
                                                               choices=choices))
    result = run(["config", "set", "desk.name", "x" * 101])
    assert (result.exit_code, result.stderr) == (2, error_line("error.setting_text"))


# -- English labels ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(VocabularyName), ids=lambda n: n.value)
def test_every_term_has_an_english_label(name: VocabularyName) -> None:
    for term in load(name).terms:
        assert term.label_en and term.label_en.strip(), term.code
        assert term.label_for("en") == term.label_en and term.label_for("nl") == term.label


def test_bodies_keep_their_dutch_name_in_english_and_can_be_reached() -> None:
    bodies = [term for term in load(VocabularyName.AGENCIES).terms if term.group == "professionallijn"]
    assert [b.code for b in bodies] == ["belastingdienst", "toeslagen", "svb", "duo", "cjib", "uwv", "cak", "ind"]
    for body in bodies:
        assert body.label_en is not None and body.label_en.endswith(f"({body.label})"), body.label_en
        assert body.website is not None and body.website.startswith("www."), body.code
    assert load(VocabularyName.AGENCIES).by_code("belastingdienst").label_for("en") == (
        "Tax and Customs Administration (Belastingdienst)")


def test_worker_screens_show_english_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    case = new_case("belastingdienst")
    monkeypatch.setenv("LOKET_LANG", "en")
    shown = ok(["show", case]).stdout
    assert "Tax and Customs Administration (Belastingdienst)" in shown
    monkeypatch.setenv("LOKET_LANG", "nl")
    assert "Tax and Customs" not in ok(["show", case]).stdout


# -- the sheet stays true (issue 22) ---------------------------------------------------------


def test_the_sheet_names_the_day_of_the_consult_not_the_day_it_is_printed(clock: FixedClock) -> None:
    case = new_case()
    clock.set(FIXED_NOW + dt.timedelta(days=1))  # Tuesday: a call without the visitor
    ok(["call", case, "uwv", "--outcome", "informatie-ontvangen"])
    clock.set(FIXED_NOW + dt.timedelta(days=3))  # printed on Thursday
    assert "uw gesprek op maandag 2 maart 2026." in sheet(case)
    ok(["visit", case, "--minutes", "10"])  # the visitor came back on Thursday
    clock.set(FIXED_NOW + dt.timedelta(days=7))
    assert "uw gesprek op donderdag 5 maart 2026." in sheet(case)
    assert "on Thursday 5 March 2026." in sheet(case, lang="en")


def test_closing_cancels_only_the_desks_own_follow_ups(clock: FixedClock) -> None:
    case = new_case()
    ok(["followup", "add", case, "Loonstroken opsturen", "--due", NEXT_WEEK, "--actor", "bezoeker"])
    ok(["followup", "add", case, "Besluit sturen", "--due", NEXT_WEEK, "--agency", "uwv"])
    ok(["followup", "add", case, "Bank bellen", "--due", NEXT_WEEK])
    refused = run(["close", case, "--result", "opgelost"])
    # Only the desk's own promise is in the way of closing (#3), not the visitor's or the body's.
    assert (refused.exit_code, refused.stderr) == (2, error_line(
        "error.open_followups", case="K-0001", count=1, followups="#3"))
    closed = ok(["close", case, "--result", "opgelost", "--force"])
    assert closed.stderr == "Zaak K-0001 gesloten.\nGeannuleerd met de zaak: #3.\n"
    shown = json.loads(ok(["show", case, "--json"]).stdout)
    assert [f["status"] for f in shown["followups"]] == ["open", "open", "geannuleerd"]
    text = sheet(case)
    assert f"Wat moet u zelf doen?\n\n1. U: Loonstroken opsturen. Doe dit uiterlijk op {NEXT_WEEK_NL}.\n" in text
    assert "UWV: Besluit sturen." in text
    assert "Bank bellen" not in text and NOTHING_NL not in text


def test_closing_with_only_the_visitors_tasks_asks_nothing(clock: FixedClock) -> None:
    case = new_case()
    ok(["followup", "add", case, "Loonstroken opsturen", "--due", NEXT_WEEK, "--actor", "bezoeker"])
    assert ok(["close", case, "--result", "opgelost"]).stderr == "Zaak K-0001 gesloten.\n"
