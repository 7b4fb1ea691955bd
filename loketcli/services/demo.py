"""Synthetic cases for `loket demo`, recorded through the same services as real commands.

Every name, number and story here is invented. The BSNs are well-known test
numbers that pass the elfproef and belong to nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from random import Random

from loketcli.domain.intake import IntakeForm, build_new_case
from loketcli.domain.model import CaseId, CloseResult, FollowUpSource
from loketcli.services.cases import open_case
from loketcli.storage.vault import Vault

DEMO_PASSPHRASE = "demo-wachtwoord-loket"

DEMO_INTAKES: tuple[IntakeForm, ...] = (
    IntakeForm(
        name="A. Jansen (demo)",
        question="Brief van CJIB niet begrepen, boete is verhoogd en UWV-uitkering is gestopt",
        channel="balie", referred_by="receptie", life_events=("schulden", "baanverlies"),
        agencies=("CJIB", "UWV"), digid="heeft", consent_contact=True, consent_record=True,
        minutes=25, phone="06-12345678", bsn="123456782", companion="geen",
    ),
    IntakeForm(
        name="M. El Idrissi (demo)",
        question="Na overlijden partner geen nabestaandenuitkering; huurtoeslag moet terugbetaald",
        channel="afspraak", referred_by="buurtteam", life_events=("overlijden",),
        agencies=("SVB", "toeslagen", "Belastingdienst"), digid="aangevraagd", consent_contact=True,
        consent_record=True, minutes=45, language="Arabisch", companion="tolk",
    ),
    IntakeForm(
        name="S. de Boer (demo)",
        question="Studieschuld DUO wordt ingehouden terwijl ik in het buitenland woonde",
        channel="telefoon", referred_by="website", life_events=("studie", "emigratie"),
        agencies=("DUO",), digid="heeft", consent_contact=True, consent_record=True, minutes=15,
        email="s.deboer@example.org",
    ),
    IntakeForm(
        name="R. Pinas (demo)",
        question="Verblijfsvergunning verloopt, werkgever vraagt om bewijs; zorgpremie achterstand bij CAK",
        channel="wijk", referred_by="huisarts", life_events=("migratie", "schulden"),
        agencies=("IND", "CAK", "schuldhulp"), digid="geen", consent_contact=True, consent_record=False,
        minutes=35, bsn="111222333", companion="familie",
    ),
)


# (case index, what, working days ahead) for the demo's follow-ups.
DEMO_FOLLOWUPS: tuple[tuple[int, str, int], ...] = (
    (0, "CJIB terugbellen over betalingsregeling", 2),
    (1, "Bezoeker brengt overlijdensakte en huurcontract mee", 5),
    (2, "Antwoord DUO over inhouding controleren", 3),
)


def record_demo_cases(vault: Vault, now: datetime) -> list[CaseId]:
    from loketcli.domain.dates import When, add_working_days
    from loketcli.services.cases import close_case
    from loketcli.services.followups import add_followup

    case_ids = [open_case(vault, build_new_case(form), now) for form in DEMO_INTAKES]
    for index, what, ahead in DEMO_FOLLOWUPS:
        add_followup(vault, case_ids[index], what, When(add_working_days(now.date(), ahead)), now)
    close_case(vault, case_ids[3], CloseResult.REFERRED, 4, now, force=False)
    return case_ids


# -- large synthetic stores, for the benchmark and performance tests -------------------

_SURNAMES = ("Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
             "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
             "Dijkstra", "Smits", "El Amrani", "Yilmaz", "Pinas", "Nguyen", "Kaya", "Haddou", "Soekhai")
_QUESTIONS = (
    "Brief van {a} niet begrepen", "Toeslag moet worden terugbetaald", "Uitkering gestopt zonder bericht",
    "Boete verhoogd, kan niet betalen", "Hulp bij aanvraag nodig", "Schuld bij {a} loopt op",
    "Wijziging doorgeven na verhuizing", "Bezwaar maken tegen besluit van {a}",
)
_CODES = {
    "channels": ("balie", "balie", "balie", "afspraak", "telefoon", "wijk", "huisbezoek"),
    "referrals": ("zelf", "receptie", "uwv", "buurtteam", "huisarts", "instantie", "bekende", "website"),
    "life_events": ("schulden", "baanverlies", "ziekte", "overlijden", "scheiding", "verhuizing", "migratie",
                    "studie", "pensioen", "gezinsuitbreiding"),
    "agencies": ("belastingdienst", "toeslagen", "svb", "duo", "cjib", "uwv", "cak", "ind", "wijkteam",
                 "stadsbank", "juridisch-loket"),
}


def _synthetic_bsn(rng: Random) -> str | None:
    digits = [rng.randrange(10) for _ in range(8)]
    check = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    return None if check == 10 else "".join(map(str, digits)) + str(check)


def generate_store(vault: Vault, count: int, now: datetime, *, seed: int = 42,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Write `count` realistic synthetic cases with their calls, notes, consults,
    hand-overs and follow-ups through the real repositories, in one
    transaction. Cases are spread over the two years before `now`; most are
    closed, as in a desk's real history."""
    from datetime import timedelta

    from loketcli.domain.dates import When
    from loketcli.domain.model import (
        CaseClosed,
        CaseStatus,
        Consult,
        FollowUpDone,
        FollowUpPlanned,
        Handover,
        Intake,
        NewCase,
        Note,
        ProfessionallijnCall,
        Visitor,
    )

    rng = Random(seed)
    outcomes = ("opgelost", "terugbelverzoek", "doorverwezen", "geen-gehoor", "informatie-ontvangen")
    results = ("opgelost", "opgelost", "deels-opgelost", "doorverwezen", "geen-recht-uitgelegd", "gestopt")
    with vault.write() as uow:
        for index in range(count):
            opened = now - timedelta(days=730 * (count - index) / max(count, 1), minutes=rng.randrange(600))
            agencies = tuple(sorted(set(rng.sample(_CODES["agencies"], rng.choice((1, 1, 2, 2, 3))))))
            visitor = Visitor(
                name=f"{chr(65 + rng.randrange(26))}. {rng.choice(_SURNAMES)} (demo {index + 1})",
                phone=f"06-{rng.randrange(10**8):08d}" if rng.random() < 0.6 else None,
                bsn=_synthetic_bsn(rng) if rng.random() < 0.3 else None,
            )
            intake = Intake(
                question=rng.choice(_QUESTIONS).format(a=agencies[0].upper()),
                channel=rng.choice(_CODES["channels"]), referred_by=rng.choice(_CODES["referrals"]),
                life_events=tuple(sorted(set(rng.sample(_CODES["life_events"], rng.choice((1, 1, 2)))))),
                agencies=agencies, minutes=rng.choice((10, 15, 20, 25, 30, 45, 60)),
            )
            case_id = uow.cases.add(NewCase(visitor=visitor, intake=intake), opened)
            moment = opened
            for agency in agencies[: rng.choice((0, 1, 1, 2, 3))]:
                moment += timedelta(minutes=rng.randrange(5, 90))
                outcome = rng.choice(outcomes)
                uow.cases.add_event(case_id, ProfessionallijnCall(
                    agency=agency, outcome=outcome, driegesprek=rng.random() < 0.6, minutes=rng.randrange(5, 30),
                    question="Stand van zaken opvragen", answer="Wordt uitgezocht" if outcome != "opgelost" else
                    "Geregeld"), moment)
                if outcome == "terugbelverzoek":
                    due = When((moment + timedelta(days=7)).date())
                    followup = uow.followups.add(case_id, f"Terugbelverzoek {agency.upper()}", due, moment,
                                                 FollowUpSource.CALLBACK, agency)
                    uow.cases.add_event(case_id, FollowUpPlanned(followup_id=followup.id, what=followup.what,
                                                                 due=due.to_storage()[0]), moment)
                    if moment + timedelta(days=10) < now:
                        done_at = moment + timedelta(days=rng.randrange(2, 10))
                        uow.followups.mark_done(followup.id, done_at)
                        uow.cases.add_event(case_id, FollowUpDone(followup_id=followup.id), done_at)
            if rng.random() < 0.5:
                moment += timedelta(minutes=rng.randrange(1, 30))
                uow.cases.add_event(case_id, Note(text="Bezoeker neemt volgende keer de brieven mee"), moment)
            if rng.random() < 0.3:
                moment += timedelta(days=rng.randrange(1, 20))
                uow.cases.add_event(case_id, Consult(minutes=rng.choice((10, 20, 30))), min(moment, now))
            if rng.random() < 0.15:
                uow.cases.add_event(case_id, Handover(to=rng.choice(("wijkteam", "stadsbank", "juridisch-loket")),
                                                      warm=rng.random() < 0.7, minutes=5), min(moment, now))
            if moment + timedelta(days=30) < now and rng.random() < 0.85:
                closed = moment + timedelta(days=rng.randrange(1, 30))
                satisfaction = rng.choice((None, 3, 4, 4, 5, 5))
                uow.cases.add_event(case_id, CaseClosed(result=rng.choice(results), satisfaction=satisfaction),
                                    closed)
                uow.cases.set_status(case_id, CaseStatus.CLOSED, closed)
            uow.cases.forget_keys()
            if progress:
                progress(index + 1, count)
        uow.audit.append("demo", (), now, f"generated {count}")
    return count
