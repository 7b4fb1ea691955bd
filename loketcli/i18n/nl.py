"""The Dutch catalogue: every sentence the worker sees.

Parameters in braces are filled by `t()`; they are ids, counts, vocabulary
terms or paths, never personal data.
"""

from __future__ import annotations

_VOCAB_NOUNS = {
    "agencies": "instantie",
    "channels": "kanaal",
    "referrals": "verwijzer",
    "life_events": "levensgebeurtenis",
    "companions": "begeleider",
}

MESSAGES: dict[str, str] = {
    # -- errors ----------------------------------------------------------------
    "error.generic": "Er ging iets mis.",
    "error.unexpected": "Onverwachte fout ({kind}). Er is niets half opgeslagen; probeer het opnieuw.",
    "error.aborted": "Afgebroken; er is niets opgeslagen.",
    "error.bad_input": "Ongeldige invoer.",
    "error.usage": "Ongeldige aanroep.",
    "error.usage_hint": "Zie '{command} --help'.",
    "error.no_such_command": "Onbekend commando.",
    "error.no_such_option": "Onbekende optie: {option}.",
    "error.missing_parameter": "{param} ontbreekt.",
    "error.bad_parameter": "Ongeldige waarde voor {param}.",
    "error.unknown_case": "Zaak {case} bestaat niet.",
    "error.case_id_format": "'{text}' is geen zaaknummer. Gebruik bijvoorbeeld K-0042 of 42.",
    "error.field_required": "Het veld '{field}' is verplicht.",
    "error.field_too_long": "Het veld '{field}' is te lang (hooguit {limit} tekens).",
    "error.minutes": "Minuten moeten een heel getal zijn van 0 tot en met {maximum}.",
    "error.email": "Dat is geen geldig e-mailadres.",
    "error.phone": "Dat is geen geldig telefoonnummer.",
    "error.bsn_format": "Een BSN bestaat uit 9 cijfers.",
    "error.bsn_elfproef": "Dit BSN klopt niet (elfproef). Controleer het nummer met de bezoeker.",
    "error.digid": "Onbekende DigiD-status. Kies uit: {choices}.",
    "error.status": "Onbekende status. Kies uit: {choices}.",
    "error.bad_date": (
        "Datum '{text}' niet begrepen. Bijvoorbeeld: morgen, dinsdag, 1-12, 1 dec 14:30,"
        " over 5 werkdagen, 2026-12-01 14:30."
    ),
    "error.ambiguous_date": (
        "Datum '{text}' kan meerdere dagen betekenen. Wees preciezer, bijvoorbeeld: dinsdag,"
        " volgende week dinsdag, 1-12, over 12 dagen."
    ),
    "error.bad_time": "Tijd in '{text}' bestaat niet. Gebruik 00:00–23:59, bijvoorbeeld 14:30, 14u30, 9u.",
    "error.date_in_past": (
        "Datum {text} ligt in het verleden; kies vandaag of later, of gebruik --allow-past als dat de bedoeling is."
    ),
    "error.locked": (
        "De opslag is vergrendeld. Voer 'loket unlock' uit, of geef het wachtwoord via"
        " LOKET_PASSPHRASE of --passphrase-file."
    ),
    "error.init_needs_passphrase": (
        "Geen wachtwoord: geef het via LOKET_PASSPHRASE of --passphrase-file, of start in een terminal."
    ),
    "error.session_expired": "De sessie is verlopen. Voer 'loket unlock' opnieuw uit.",
    "error.session_ended": "De sessie is beëindigd (loket lock). Voer 'loket unlock' opnieuw uit.",
    "error.session_invalid": "De sessiesleutel past niet bij deze opslag. Voer 'loket unlock' opnieuw uit.",
    "error.session_hours": "Een sessie duurt langer dan 0 en hooguit {maximum} uur.",
    "error.wrong_passphrase": "Onjuist wachtwoord. Er is niets gewijzigd.",
    "error.passphrase_mismatch": "De twee wachtwoorden zijn niet gelijk. Er is niets aangemaakt.",
    "error.passphrase_too_short": "Het wachtwoord moet minstens {minimum} tekens lang zijn.",
    "error.passphrase_file": "Het wachtwoordbestand kan niet gelezen worden.",
    "error.store_not_found": "Er is hier nog geen opslag. Maak er een met 'loket init'.",
    "error.store_exists": "Er staat al een opslag op deze plek; loket overschrijft die niet.",
    "error.not_a_store": "Dit bestand is geen loket-opslag.",
    "error.corrupt_store": "De opslag is beschadigd (geen geldig databasebestand). Zet een back-up terug.",
    "error.corrupt_keyslot": "De sleutelgegevens in de opslag zijn beschadigd. Zet een back-up terug.",
    "error.tampered": "Versleutelde gegevens zijn gewijzigd of beschadigd; er wordt niets getoond.",
    "error.tampered_record": (
        "Versleutelde gegevens in {table} (regel {id}) zijn gewijzigd of beschadigd; er wordt niets getoond."
    ),
    "error.newer_schema": (
        "Deze opslag is gemaakt door een nieuwere versie van loket (schema {found}, deze versie kent"
        " tot en met {supported}). Werk loket bij."
    ),
    "error.store_busy": "De opslag is bezet door een ander loket-commando. Probeer het zo opnieuw.",
    "error.io": "De opslag kan niet gelezen of geschreven worden. Er is niets half opgeslagen.",
    "error.disk_full": "De schijf is vol. Er is niets opgeslagen.",
    # -- init, unlock, lock ------------------------------------------------------
    "init.done": "Versleutelde opslag aangemaakt: {path}",
    "init.warning_no_recovery": (
        "Let op: zonder dit wachtwoord zijn de gegevens onherroepelijk verloren. Niemand kan ze terughalen."
    ),
    "unlock.done": "Ontgrendeld tot {until}. Gebruik: eval \"$(loket unlock)\"; 'loket lock' vergrendelt weer.",
    "lock.done": "Vergrendeld: de sessie is beëindigd.",
    "lock.no_session": "Er was geen actieve sessie.",
    # -- prompts -----------------------------------------------------------------
    "prompt.passphrase": "Wachtwoord",
    "prompt.new_passphrase": "Nieuw wachtwoord",
    "prompt.repeat_passphrase": "Herhaal het wachtwoord",
    "prompt.name": "Naam of initialen",
    "prompt.question": "Vraag (in de woorden van de bezoeker)",
    "prompt.channel": "Kanaal",
    "prompt.referred_by": "Verwezen door (Enter = overslaan)",
    "prompt.life_events": "Levensgebeurtenissen, met komma's (Enter = geen)",
    "prompt.agencies": "Betrokken instanties, met komma's (Enter = geen)",
    "prompt.digid": "DigiD",
    "prompt.consent_contact": "Toestemming om instanties namens de bezoeker te benaderen?",
    "prompt.consent_record": "Toestemming om gegevens vast te leggen?",
    "prompt.minutes": "Bestede minuten (Enter = overslaan)",
    "prompt.phone": "Telefoon (Enter = overslaan)",
    "prompt.email": "E-mail (Enter = overslaan)",
    "prompt.bsn": "BSN (Enter = overslaan)",
    "prompt.language": "Voorkeurstaal (Enter = overslaan)",
    "prompt.companion": "Wie kwam mee (Enter = overslaan)",
    # -- intake, show, list ------------------------------------------------------
    "intake.done": "Zaak {case} geopend.",
    "yes": "ja",
    "no": "nee",
    "status.open": "open",
    "status.gesloten": "gesloten",
    "digid.heeft": "heeft DigiD",
    "digid.geen": "geen DigiD",
    "digid.aangevraagd": "DigiD aangevraagd",
    "digid.onbekend": "onbekend",
    "event.intake": "Intake",
    "show.name": "Naam",
    "show.phone": "Telefoon",
    "show.email": "E-mail",
    "show.bsn": "BSN",
    "show.language": "Taal",
    "show.digid": "DigiD",
    "show.companion": "Kwam mee",
    "show.status": "Status",
    "show.opened": "Geopend",
    "show.closed": "Gesloten",
    "show.channel": "Kanaal",
    "show.referred_by": "Verwezen door",
    "show.question": "Vraag",
    "show.life_events": "Levensgebeurtenissen",
    "show.agencies": "Instanties",
    "show.consent_contact": "Toestemming contact",
    "show.consent_record": "Toestemming vastleggen",
    "show.total_minutes": "Minuten totaal",
    "show.timeline": "Tijdlijn",
    "show.col_when": "Wanneer",
    "show.col_what": "Wat",
    "show.minutes_suffix": "({minutes} min)",
    "list.col_id": "Zaak",
    "list.col_opened": "Geopend",
    "list.col_status": "Status",
    "list.col_visitor": "Bezoeker",
    "list.col_agencies": "Instanties",
    "list.empty": "Geen zaken gevonden.",
    "error.unknown_followup": "Opvolging {followup} bestaat niet.",
    "error.followup_id_format": "'{text}' is geen nummer van een opvolging. Gebruik bijvoorbeeld 12 of #12.",
    "error.followup_already_done": "Opvolging {followup} is al afgevinkt.",
    "error.case_closed": "Zaak {case} is gesloten. Heropen de zaak eerst met 'loket reopen'.",
    "error.case_already_closed": "Zaak {case} is al gesloten.",
    "error.case_already_open": "Zaak {case} is al open.",
    "error.open_followups": (
        "Zaak {case} heeft nog {count} open opvolging(en). Vink ze af, of sluit toch met --force."
    ),
    "error.close_result": "Onbekend resultaat. Kies uit: {choices}.",
    "error.satisfaction": "Tevredenheid is een cijfer van 1 tot en met 5.",
    "error.write_file": "Het bestand kan niet geschreven worden. Er is niets half weggeschreven.",
    # -- follow-ups, agenda, close ------------------------------------------------
    "followup.added": "Opvolging {followup} gepland op zaak {case}.",
    "followup.done": "Opvolging {followup} afgevinkt.",
    "followup.moved": "Opvolging {followup} verzet.",
    "followup.none": "Geen open opvolgingen.",
    "followup.col_id": "Nr",
    "followup.col_case": "Zaak",
    "followup.col_due": "Wanneer",
    "followup.col_status": "Status",
    "followup.col_what": "Wat",
    "followup.open": "open",
    "followup.is_done": "gedaan",
    "agenda.overdue": "Te laat ({count})",
    "agenda.today": "Vandaag ({count})",
    "agenda.upcoming": "Komende dagen ({count})",
    "agenda.nothing": "niets",
    "agenda.late": "{days} werkdag(en) te laat",
    "agenda.followup": "opvolging",
    "agenda.callback": "terugbelverzoek",
    "agenda.ics_written": "{count} open opvolging(en) geschreven naar {path}.",
    "close.confirm_open_followups": "Zaak {case} heeft nog {count} open opvolging(en). Toch sluiten?",
    "close.done": "Zaak {case} gesloten.",
    "reopen.done": "Zaak {case} heropend.",
    "event.opvolging-gepland": "Opvolging gepland",
    "event.opvolging-verzet": "Opvolging verzet",
    "event.opvolging-gedaan": "Opvolging gedaan",
    "event.gesloten": "Gesloten",
    "event.heropend": "Heropend",
    "result.opgelost": "opgelost",
    "result.deels-opgelost": "deels opgelost",
    "result.doorverwezen": "doorverwezen",
    "result.geen-recht-uitgelegd": "geen recht, wel uitgelegd",
    "result.gestopt": "bezoeker gestopt",
    "show.satisfaction": "(tevredenheid {score}/5)",
    "show.open_followups": "Open opvolgingen ({count})",
    # -- demo --------------------------------------------------------------------
    "demo.intro": "Demo: {count} verzonnen zaken vastgelegd in een versleutelde opslag.",
    "demo.agenda": "Zo ziet 'loket today' eruit voor deze zaken:",
    "demo.kept": "De demo-opslag staat in {path}.",
    "demo.passphrase": "Het demo-wachtwoord is: {passphrase}",
    "demo.discarded": "De tijdelijke demo-opslag is weer verwijderd.",
}

for _name, _noun in _VOCAB_NOUNS.items():
    MESSAGES[f"error.vocab_unknown.{_name}"] = f"Onbekende {_noun} '{{text}}'. Bedoelt u: {{candidates}}?"
    MESSAGES[f"error.vocab_ambiguous.{_name}"] = (
        f"'{{text}}' past bij meer dan één {_noun}: {{candidates}}. Typ er meer van."
    )
