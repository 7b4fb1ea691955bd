"""Synthetic cases for `loket demo`, recorded through the same services as real commands.

Every name, number and story here is invented. The BSNs are well-known test
numbers that pass the elfproef and belong to nobody.
"""

from __future__ import annotations

from datetime import datetime

from loketcli.domain.intake import IntakeForm, build_new_case
from loketcli.domain.model import CaseId, CloseResult
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
        agencies=("SVB", "toeslagen", "belasting"), digid="aangevraagd", consent_contact=True,
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
