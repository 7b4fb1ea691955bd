"""The Dutch catalogue: every sentence the worker sees.

Parameters in braces are filled by `t()`; they are ids, counts, vocabulary
terms or paths, never personal data.
"""

from __future__ import annotations

# (noun, the adjective "onbekend" as that noun's gender wants it)
_VOCAB_NOUNS = {
    "agencies": ("instantie", "Onbekende"),
    "channels": ("kanaal", "Onbekend"),
    "referrals": ("verwijzer", "Onbekende"),
    "life_events": ("levensgebeurtenis", "Onbekende"),
    "companions": ("begeleider", "Onbekende"),
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
    "error.case_id_format": "Dat is geen zaaknummer. Gebruik bijvoorbeeld K-0042 of 42.",
    "error.field_required": "Het veld '{field}' is verplicht.",
    "error.field_too_long": "Het veld '{field}' is te lang (hooguit {limit} tekens).",
    "error.minutes": "Minuten moeten een heel getal zijn van 0 tot en met {maximum}.",
    "error.email": "Dat is geen geldig e-mailadres.",
    "error.phone": (
        "Dat is geen geldig telefoonnummer. Bijvoorbeeld: 06 12345678, 020 123 4567 of +32 470 12 34 56."
    ),
    "error.bsn_format": "Een BSN bestaat uit 9 cijfers.",
    "error.bsn_elfproef": "Dit BSN klopt niet (elfproef). Controleer het nummer met de bezoeker.",
    "error.digid": "Onbekende DigiD-status. Kies uit: {choices}.",
    "error.status": "Onbekende status. Kies uit: {choices}.",
    "error.bad_date": (
        "Datum niet begrepen. Bijvoorbeeld: morgen, dinsdag, 1-12, 1 dec 14:30,"
        " over 5 werkdagen, 2026-12-01 14:30."
    ),
    "error.ambiguous_date": (
        "Die datum kan meerdere dagen betekenen. Wees preciezer, bijvoorbeeld: dinsdag,"
        " volgende week dinsdag, 1-12, over 12 dagen."
    ),
    "error.bad_time": "Die tijd bestaat niet. Gebruik 00:00–23:59, bijvoorbeeld 14:30, 14u30, 9u.",
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
    "error.agent_lost": (
        "Het commando is gestart maar meldde zich niet af; controleer met 'loket show' wat is vastgelegd."
    ),
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
    "error.followup_id_format": "Dat is geen nummer van een opvolging. Gebruik bijvoorbeeld 12 of #12.",
    "error.followup_already_done": "Opvolging {followup} is al afgevinkt.",
    "error.case_closed": "Zaak {case} is gesloten. Heropen de zaak eerst met 'loket reopen'.",
    "error.case_already_closed": "Zaak {case} is al gesloten.",
    "error.case_already_open": "Zaak {case} is al open.",
    "error.open_followups": (
        "Zaak {case} heeft nog {count} open opvolging(en): {followups}. Vink ze af of annuleer ze"
        " (loket followup cancel), of sluit met --force: dan worden ze geannuleerd."
    ),
    "error.close_result": "Onbekend resultaat. Kies uit: {choices}.",
    "error.satisfaction": "Tevredenheid is een cijfer van 1 tot en met 5.",
    "error.write_not_a_file": "Daar kan loket geen bestand schrijven: het is een map of apparaat, geen gewoon bestand."
                              " Er is niets geschreven.",
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
    "agenda.bring": "meenemen",
    "agenda.callback": "terugbelverzoek",
    "agenda.ics_written": "{count} open opvolging(en) geschreven naar {path}.",
    "close.confirm_open_followups": "Toch sluiten? Deze opvolging(en) worden dan geannuleerd.",
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
    "error.case_closed_reopen": "Zaak {case} is gesloten. Gebruik --reopen om de zaak hiervoor te heropenen.",
    "error.call_outcome": "Onbekende uitkomst. Kies uit: {choices}.",
    "error.at_before_opened": "Dat moment ligt vóór de opening van zaak {case}.",
    "error.erase_wal_busy": (
        "Zaak {case} is gewist, maar een ander loket-commando houdt oude gegevens vast in het"
        " WAL-bestand. Sluit het en voer 'loket verify' uit."
    ),
    "error.restore_ledger": (
        "De huidige opslag kan niet gelezen worden; loket zet geen back-up terug zonder de lijst van"
        " gewiste zaken. Verplaats het beschadigde bestand eerst."
    ),
    "error.at_in_future": "Dat moment ligt in de toekomst; --at is voor wat al gebeurd is.",
    "error.warm_or_cold": "Geef aan of het een warme (--warm) of koude (--cold) overdracht is.",
    "error.editor": "De editor is niet goed afgesloten; er is niets opgeslagen.",
    "error.find_too_short": "Geef minstens 2 tekens om op te zoeken.",
    "error.edit_nothing": "Niets te corrigeren: geef een veld op, bijvoorbeeld --phone of --question.",
    # -- timeline ------------------------------------------------------------------
    "call.done": "Gesprek vastgelegd op zaak {case}.",
    "call.followup_created": "Terugbelverzoek: opvolging {followup} gepland op {due}.",
    "note.done": "Notitie toegevoegd aan zaak {case}.",
    "note.editor_hint": "Schrijf de notitie. Regels die met # beginnen tellen niet mee; leeg = afbreken.",
    "visit.done": "Consult van {minutes} minuten vastgelegd op zaak {case}.",
    "handover.done_warm": "Warme overdracht vastgelegd op zaak {case}.",
    "handover.done_cold": "Overdracht vastgelegd op zaak {case}.",
    "edit.done": "Zaak {case} gecorrigeerd: {fields}.",
    "edit.unchanged": "Zaak {case}: niets veranderd.",
    "find.none": "Niets gevonden.",
    "find.more": "{shown} van {total} gevonden zaken getoond (nieuwste eerst); --limit 0 toont alles.",
    "find.col_matched": "Gevonden in",
    "prompt.driegesprek": "Was de bezoeker erbij (driegesprek)?",
    "prompt.contact": "Gesproken met (Enter = overslaan)",
    "prompt.call_question": "Gestelde vraag (Enter = overslaan)",
    "prompt.call_answer": "Antwoord (Enter = overslaan)",
    "prompt.outcome": "Uitkomst",
    "prompt.reference": "Kenmerk van de instantie (Enter = overslaan)",
    "prompt.note": "Notitie (Enter = overslaan)",
    "prompt.callback": "Terugbellen of antwoord uiterlijk",
    "event.professionallijn": "Professionallijn",
    "event.notitie": "Notitie",
    "event.consult": "Consult",
    "event.overdracht": "Overdracht",
    "event.correctie": "Correctie",
    "outcome.opgelost": "opgelost",
    "outcome.terugbelverzoek": "terugbelverzoek",
    "outcome.doorverwezen": "doorverwezen",
    "outcome.geen-gehoor": "geen gehoor",
    "outcome.informatie-ontvangen": "informatie ontvangen",
    "show.driegesprek": "(driegesprek)",
    "show.call_contact": "gesproken met",
    "show.call_question": "vraag",
    "show.call_answer": "antwoord",
    "show.call_reference": "kenmerk",
    "show.call_note": "notitie",
    "show.call_followup": "opvolging #{followup}",
    "show.handover_warm": "(warm) naar {to}",
    "show.handover_cold": "(koud) naar {to}",
    "show.agencies_involved": "Betrokken instanties",
    "show.calls": "Gesprekken",
    "field.name": "naam",
    "field.phone": "telefoon",
    "field.email": "e-mail",
    "field.bsn": "BSN",
    "field.language": "taal",
    "field.digid": "DigiD",
    "field.companion": "kwam mee",
    "field.question": "vraag",
    "field.channel": "kanaal",
    "field.referred_by": "verwezen door",
    "field.life_events": "levensgebeurtenissen",
    "field.agencies": "instanties",
    "field.consent_contact": "toestemming contact",
    "field.anonymous": "anoniem",
    "field.consent_record": "toestemming vastleggen",
    "field.minutes": "minuten",
    "error.purge_tampered": (
        "Niet gewist, want de gegevens kloppen niet (gewijzigd?): {cases}. Voer 'loket verify' uit."
    ),
    "error.lang": "Onbekende taal. Kies uit: {choices}.",
    "error.retention": "Bewaartermijn niet begrepen. Voorbeelden: 2y, 18m, 26w, 730d.",
    "error.unknown_setting": "Onbekende instelling '{setting}'. Kies uit: {choices}.",
    "error.needs_yes": "Dit vraagt om bevestiging. Geef --yes mee in een script.",
    "error.audit_broken": "Het auditspoor is gewijzigd: regel {entry} klopt niet (of een regel ervoor is verwijderd).",
    "error.audit_truncated": "Het auditspoor is ingekort: na regel {count} ontbreken regels.",
    "error.integrity": "SQLite meldt beschadiging in de opslag. Zet een back-up terug.",
    "error.verify_failed": "{count} versleutelde waarde(n) konden niet geopend worden: gewijzigd of beschadigd.",
    "error.format": "Onbekend formaat. Kies uit: {choices}.",
    "error.backup_exists": "Het doelbestand bestaat al. Gebruik --force om het te overschrijven.",
    "error.backup_missing": "De back-up is niet gevonden.",
    "error.backup_failed_check": "De back-up doorstaat de controle niet; er is niets vervangen.",
    "error.wrong_recovery_key": "Onjuiste herstelsleutel. Er is niets gewijzigd.",
    "error.no_recovery_slot": "Deze opslag heeft geen herstelsleutel.",
    "error.recovery_needed": "Geef de herstelsleutel via LOKET_RECOVERY_KEY of start in een terminal.",
    "error.new_passphrase_needed": "Geef het nieuwe wachtwoord via LOKET_NEW_PASSPHRASE of start in een terminal.",
    # -- privacy lifecycle ---------------------------------------------------------
    "init.recovery_intro": (
        "Herstelsleutel (wordt maar één keer getoond; bewaar hem offline, bijvoorbeeld op papier in een kluis):"
    ),
    "init.recovery_warning": (
        "Zonder wachtwoord én zonder deze herstelsleutel zijn de gegevens onherroepelijk verloren."
    ),
    "prompt.recovery_key": "Herstelsleutel",
    "prompt.confirm_invalid": "Antwoord j (ja) of n (nee).",
    "passwd.done": "Wachtwoord gewijzigd. Een lopende sessie is beëindigd: voer 'loket unlock' opnieuw uit.",
    "erase.confirm": "Zaak {case} onherroepelijk wissen?",
    "erase.done": "Zaak {case} is gewist en kan niet meer worden teruggehaald.",
    "purge.confirm": "{count} zaak/zaken onherroepelijk wissen?",
    "purge.would": "{count} zaak/zaken vallen buiten de bewaartermijn ({retention}) en zouden gewist worden.",
    "purge.done": "{count} zaak/zaken gewist (bewaartermijn {retention}).",
    "config.set": "{setting} = {value}",
    "audit.intact": "Auditspoor intact: {count} regels gecontroleerd.",
    "audit.col_id": "Nr",
    "audit.col_at": "Wanneer",
    "audit.col_command": "Commando",
    "audit.col_cases": "Zaken",
    "audit.col_detail": "Detail",
    "inzage.title": "Inzage in uw gegevens ({case})",
    "inzage.intro": "Dit overzicht bevat alles wat het loket over u heeft vastgelegd, gemaakt op {date}.",
    "inzage.facts": "Gegevens",
    "inzage.field": "Gegeven",
    "inzage.value": "Waarde",
    "inzage.followups": "Afspraken en opvolging",
    "inzage.audit": "Wie uw gegevens heeft bekeken of gewijzigd",
    "inzage.audit_intro": "Elke keer dat de medewerker uw dossier opende of wijzigde, staat hieronder.",
    "inzage.written": "Inzage geschreven naar {path} (met een JSON-kopie in {json}).",
    "backup.done": "Back-up gemaakt en gecontroleerd ({count} waarden): {path}",
    "restore.confirm": "De opslag {path} vervangen door de back-up?",
    "restore.done": (
        "Back-up teruggezet ({count} waarden gecontroleerd; {erased} eerder gewiste zaak/zaken opnieuw gewist)."
    ),
    "verify.ok": "Opslag in orde: {count} waarden gecontroleerd.",
    "verify.failure": "Kan {table} regel {id} niet openen: gewijzigd of beschadigd.",
    "error.setting_text": "Een tekstinstelling is 1 tot 100 tekens lang.",
    "error.merge_empty": "Geef minstens één statistiekbestand om samen te voegen.",
    "error.merge_schema": "Dit statistiekbestand heeft een ander schema (ondersteund: {supported}).",
    "error.merge_suppressed": "Bestanden met --min-count kunnen niet opgeteld worden; maak ze zonder --min-count.",
    "error.merge_file": "Statistiekbestand {path} kan niet gelezen worden of is geen geldige JSON.",
    "error.period": "Geef één periode: --month, --year of --from/--to (bij export: --day of --from/--to).",
    "error.period_order": "Het begin van de periode ligt na het einde.",
    "error.month": "Maand niet begrepen. Gebruik bijvoorbeeld 2026-11.",
    "error.year": "Jaar niet begrepen. Gebruik bijvoorbeeld 2026.",
    "error.min_count": "--min-count is een getal van 2 of meer.",
    # -- summaries, overview, export, stats -----------------------------------------
    "date.long": "{weekday} {day} {month} {year}",
    "weekday.0": "maandag",
    "weekday.1": "dinsdag",
    "weekday.2": "woensdag",
    "weekday.3": "donderdag",
    "weekday.4": "vrijdag",
    "weekday.5": "zaterdag",
    "weekday.6": "zondag",
    "month.1": "januari",
    "month.2": "februari",
    "month.3": "maart",
    "month.4": "april",
    "month.5": "mei",
    "month.6": "juni",
    "month.7": "juli",
    "month.8": "augustus",
    "month.9": "september",
    "month.10": "oktober",
    "month.11": "november",
    "month.12": "december",
    "summary.title": "Zaak {case} ({status})",
    "summary.time": "Contacttijd",
    "summary.minutes": "{minutes} minuten",
    "summary.done": "Gedaan",
    "summary.done_counts": "{calls} gesprek(ken) via de professionallijn, {handovers} overdracht(en)",
    "summary.calls": "{count} gesprek(ken)",
    "summary.last_outcome": "laatste uitkomst: {outcome}",
    "summary.handed_over": "overgedragen",
    "summary.handed_over_warm": "warm overgedragen",
    "summary.open_count": "{count} open",
    "summary.no_contact_yet": "nog geen contact",
    "summary.open": "Wat staat open",
    "summary.late": "(te laat)",
    "visitor.title": "Uw bezoek aan het loket",
    "visitor.intro": "Dit is een overzicht van uw gesprek op {date}. Bewaar het goed.",
    "visitor.step_callback": "{agency} belt ons terug, uiterlijk op {date}. Wij laten het u weten.",
    "visitor.step_handover": "{agency} helpt u verder. Wij hebben uw vraag aan hen doorgegeven.",
    "visitor.step_callback_waiting": "Wij wachten nog op antwoord van {agency}. Wij laten het u weten.",
    "visitor.no_steps": "U hoeft nu niets te doen.",
    "visitor.bring": "Wat neemt u mee naar de volgende afspraak?",
    "visitor.bring_item": "{what} (afspraak op {date})",
    "visitor.about": "Waar ging het over?",
    "visitor.contacted": "Met wie hebben wij voor u gesproken?",
    "visitor.references": "Kenmerken (nummers van de instanties)",
    "visitor.questions": "Heeft u vragen?",
    "summary.written": "Geschreven naar {path}.",
    "error.delimiter": "Het scheidingsteken is één teken, bijvoorbeeld ; of ,.",
    "export.written": "Export geschreven naar {path} ({count} regels).",
    "export.none": "Geen contacten in deze periode.",
    "stats.written": "Statistiek geschreven naar {path}.",
    "progress.push_cases": "Register: zaken",
    "progress.push": "{requests} verzoeken, {refused} met een weigering, {unreachable} niet bereikt",
    "progress.reading": "Gegevens lezen",
    "progress.demo": "Demozaken schrijven",
    "progress.verify": "Opslag controleren",
    "progress.backup": "Back-up controleren",
    "progress.restore": "Back-up controleren",
    "progress.purge": "Zaken na de bewaartermijn wissen",
    "progress.rotate": "Nieuwe sleutel: zaken",
    "progress.migrate": "Bijwerken: zaken",
    # -- demo --------------------------------------------------------------------
    "demo.intro": "Demo: {count} verzonnen zaken vastgelegd in een versleutelde opslag.",
    "demo.agenda": "Zo ziet 'loket today' eruit voor deze zaken:",
    "demo.generated": "{count} synthetische zaken geschreven naar {path}.",
    "demo.kept": "De demo-opslag staat in {path}.",
    "demo.passphrase": "Het demo-wachtwoord is: {passphrase}",
    "demo.discarded": "De tijdelijke demo-opslag is weer verwijderd.",
    # -- help texts (--help): help.<command>[.<option>], help.option.*, help.panel.* ----
    "help.loket": "loket: zaken bijhouden aan het overheidsbrede loket, versleuteld op deze computer.",
    "help.loket.lang": "Taal van loket: nl of en (ook LOKET_LANG).",
    "help.loket.version": "Toon de versie.",
    "help.option.db": "Pad naar de opslag (standaard in de app-map van loket).",
    "help.option.passphrase_file": "Lees het wachtwoord uit dit bestand (voor scripts).",
    "help.option.json": "Uitvoer als JSON op stdout.",
    "help.panel.intake": "Intake",
    "help.panel.call": "Gesprek",
    "help.panel.fields": "Velden",
    "help.init": "Maak een nieuwe, versleutelde opslag aan.",
    "help.init.recovery_key": "Maak een eenmalige herstelsleutel (standaard).",
    "help.unlock": 'Ontgrendel voor de werkdag: typ het wachtwoord één keer.\n\nGebruik: eval "$(loket unlock)"',
    "help.unlock.hours": "Hoe lang de sessie geldig blijft.",
    "help.unlock.raw": "Druk alleen de sessiesleutel af.",
    "help.unlock.agent": (
        "Start een voorverwarmd loket-proces voor de sessie, zodat elk commando direct reageert"
        " (ook uit te zetten met LOKET_NO_AGENT=1)."
    ),
    "help.lock": "Vergrendel: beëindig de sessie van loket unlock.",
    "help.intake": "Open een nieuwe zaak (intake). Zonder opties vraagt loket elk veld uit.",
    "help.intake.name": "Naam of initialen van de bezoeker.",
    "help.intake.question": "De vraag, in de woorden van de bezoeker.",
    "help.intake.channel": "balie, afspraak, telefoon, wijk, huisbezoek.",
    "help.intake.referred_by": "Hoe kwam de bezoeker hier.",
    "help.intake.life_event": "Levensgebeurtenis (herhaalbaar).",
    "help.intake.agency": "Betrokken instantie (herhaalbaar).",
    "help.intake.digid": "heeft, geen, aangevraagd, onbekend.",
    "help.intake.consent": "Toestemming om instanties te benaderen én gegevens vast te leggen.",
    "help.intake.consent_contact": "Alleen toestemming om instanties te benaderen.",
    "help.intake.anonymous": (
        "De bezoeker wil niet dat gegevens worden vastgelegd: geen naam, telefoon, e-mail of BSN bewaren."
    ),
    "prompt.anonymous": "Dan bewaart loket geen naam, telefoon, e-mail of BSN. Anoniem verder?",
    "intake.anonymous": (
        "Anonieme zaak: naam, telefoon, e-mail en BSN zijn niet bewaard; de zaak telt wel mee."
    ),
    "call.anonymous": (
        "Let op: deze bezoeker wil niet dat gegevens worden vastgelegd. Noteer bij het gesprek niets dat "
        "naar de persoon wijst."
    ),
    "error.register_anonymous": (
        "{case} is anoniem: de bezoeker wil niet dat gegevens worden vastgelegd, dus gaat er niets naar het register."
    ),
    "help.intake.consent_record": "Alleen toestemming om gegevens vast te leggen.",
    "help.intake.minutes": "Bestede minuten.",
    "help.intake.phone": "Telefoonnummer.",
    "help.intake.email": "E-mailadres.",
    "help.intake.bsn": "BSN (met elfproef; wordt gemaskeerd getoond).",
    "help.intake.language": "Voorkeurstaal.",
    "help.intake.companion": "Wie kwam mee: tolk, familie, kennis, ...",
    "help.show": "Toon een zaak: bezoeker, intake, status en tijdlijn.",
    "help.show.case": "Zaaknummer, bijvoorbeeld K-0042.",
    "help.show.bsn": "Toon het BSN voluit.",
    "help.list": "Toon de zaken (standaard de open zaken), nieuwste eerst.",
    "help.list.status": "open, gesloten of alle.",
    "help.list.agency": "Alleen zaken met deze instantie.",
    "help.list.names": "Toon volledige namen in plaats van initialen.",
    "help.list.limit": "Toon hooguit zoveel zaken (0 = alle).",
    "help.call": "Leg een gesprek via de professionallijn vast. Een terugbelverzoek wordt vanzelf een opvolging.",
    "help.call.case": "Zaaknummer.",
    "help.call.agency": "Instantie: uwv, svb, toeslagen, belasting, ...",
    "help.call.driegesprek": "Bezoeker was erbij (driegesprek).",
    "help.call.contact": "Wie sprak u bij de instantie.",
    "help.call.question": "De gestelde vraag.",
    "help.call.answer": "Het antwoord.",
    "help.call.outcome": "opgelost, terugbelverzoek, doorverwezen, geen-gehoor, informatie-ontvangen",
    "help.call.minutes": "Duur in minuten.",
    "help.call.reference": "Kenmerk van de instantie.",
    "help.call.note": "Notitie.",
    "help.call.callback": "Terugbellen of antwoord uiterlijk: over 5 werkdagen, donderdag, ...",
    "help.call.at": "Wanneer het gesprek was (standaard nu).",
    "help.call.reopen": "Heropen een gesloten zaak hiervoor.",
    "help.note": "Voeg een notitie toe aan een zaak.",
    "help.note.case": "Zaaknummer.",
    "help.note.text": "De notitie; anders van stdin of uit $EDITOR.",
    "help.note.reopen": "Heropen een gesloten zaak hiervoor.",
    "help.visit": "Leg een vervolgconsult vast met een terugkerende bezoeker.",
    "help.visit.case": "Zaaknummer.",
    "help.visit.minutes": "Duur van het consult in minuten.",
    "help.visit.at": "Wanneer (standaard nu): gisteren 14u, ...",
    "help.visit.note": "Korte notitie bij het consult.",
    "help.visit.reopen": "Heropen een gesloten zaak hiervoor.",
    "help.handover": "Leg een (warme) overdracht vast naar een instantie, afdeling of partner.",
    "help.handover.case": "Zaaknummer.",
    "help.handover.to": "Naar wie: wijkteam, stadsbank, juridisch loket, uwv, ...",
    "help.handover.warm": "Warme overdracht: persoonlijk doorgegeven aan de instantie.",
    "help.handover.what": "Wat is er overgedragen.",
    "help.handover.minutes": "Bestede minuten.",
    "help.handover.reopen": "Heropen een gesloten zaak hiervoor.",
    "help.edit": (
        "Corrigeer intakegegevens. Oude en nieuwe waarde blijven zichtbaar op de tijdlijn.\n\n"
        'Een lege waarde (--phone "") wist een optioneel veld.'
    ),
    "help.edit.case": "Zaaknummer.",
    "help.edit.life_event": "Vervangt de lijst.",
    "help.edit.agency": "Vervangt de lijst.",
    "help.find": "Zoek zaken op naam, vraag, notitie- of gesprekstekst.",
    "help.find.text": "Zoektekst (naam, vraag, notitie, BSN, telefoon...).",
    "help.find.names": "Toon volledige namen in plaats van initialen.",
    "help.find.limit": "Toon hooguit zoveel zaken, nieuwste eerst (0 = alle).",
    "help.followup": "Opvolgingen: plannen, afvinken, verzetten, tonen.",
    "help.followup.add": "Plan een opvolging op een zaak.",
    "help.followup.add.case": "Zaaknummer, bijvoorbeeld K-0042.",
    "help.followup.add.what": "Wat er moet gebeuren.",
    "help.followup.add.due": "Wanneer: morgen, dinsdag 10u, over 5 werkdagen, 1-12 ...",
    "help.followup.add.allow_past": "Sta een datum in het verleden toe.",
    "help.followup.add.bring": "Iets wat de bezoeker meeneemt naar de volgende afspraak.",
    "help.followup.done": "Vink een opvolging af.",
    "help.followup.done.followup": "Nummer van de opvolging, bijvoorbeeld 12 of #12.",
    "help.followup.move": "Verzet een opvolging naar een andere datum.",
    "help.followup.move.followup": "Nummer van de opvolging.",
    "help.followup.move.due": "Wanneer: morgen, dinsdag 10u, over 5 werkdagen, 1-12 ...",
    "help.followup.move.allow_past": "Sta een datum in het verleden toe.",
    "help.followup.list": "Toon open opvolgingen, van één zaak of van alle zaken.",
    "help.followup.list.case": "Alleen deze zaak.",
    "help.followup.list.all": "Ook afgevinkte opvolgingen (met een zaak).",
    "help.followup.list.names": "Toon de omschrijving ook in het overzicht van alle zaken.",
    "help.today": "Wat vandaag moet: eerst wat te laat is, dan vandaag, dan de komende werkdagen.",
    "help.today.days": "Hoeveel werkdagen vooruit.",
    "help.today.names": "Toon namen en de omschrijving (let op wie meekijkt).",
    "help.agenda": "De agenda van de komende week, of alle open opvolgingen als .ics voor Outlook of Thunderbird.",
    "help.agenda.week": "De komende week, minstens vijf werkdagen (standaard), of alles wat open staat.",
    "help.agenda.ics": "Schrijf alle open opvolgingen als iCalendar-bestand.",
    "help.agenda.names": "Toon namen en de omschrijving (let op wie meekijkt).",
    "help.close": "Sluit een zaak af met een resultaat.",
    "help.close.case": "Zaaknummer.",
    "help.close.result": "opgelost, deels-opgelost, doorverwezen, geen-recht-uitgelegd, gestopt",
    "help.close.satisfaction": "Tevredenheid van de bezoeker, 1-5.",
    "help.close.force": "Sluit ook met open opvolgingen, zonder te vragen; die worden geannuleerd.",
    "help.reopen": "Heropen een gesloten zaak.",
    "help.reopen.case": "Zaaknummer.",
    "help.summary": "Samenvatting van een zaak, of met --for-visitor een overzicht om mee te geven.",
    "help.summary.case": "Zaaknummer.",
    "help.summary.for_visitor": "Overzicht voor de bezoeker (B1, 'u').",
    "help.summary.format": "text, md, json (medewerker) of text, md, html (bezoeker).",
    "help.summary.lang": "nl of en (standaard LOKET_LANG of nl).",
    "help.summary.references": "Zet kenmerken van instanties in het overzicht.",
    "help.summary.output": "Schrijf naar dit bestand.",
    "help.export": "Export van de contacten van een dag (of periode) voor de dagafsluiting.",
    "help.export.day": "De dag: vandaag, gisteren, 2026-11-24, ...",
    "help.export.from": "Begin van een periode.",
    "help.export.to": "Einde van een periode (inclusief).",
    "help.export.format": "csv, json, md of klantinteracties (de bronnen voor het klantregister).",
    "help.export.names": "Met namen en vrije tekst (wordt in het auditspoor gezet).",
    "help.export.delimiter": "Scheidingsteken voor csv.",
    "help.export.output": "Schrijf naar dit bestand.",
    "help.stats": "Tellingen voor de rapportage aan het programma.",
    "help.stats.month": "Maand, bijvoorbeeld 2026-11.",
    "help.stats.year": "Jaar, bijvoorbeeld 2026.",
    "help.stats.from": "Begin van een periode.",
    "help.stats.to": "Einde van een periode (inclusief).",
    "help.stats.format": "table, json of csv.",
    "help.stats.min_count": "Onderdruk aantallen onder N (publicatie).",
    "help.stats.output": "Schrijf naar dit bestand.",
    "help.stats.merge": "Tel de statistiek van meerdere medewerkers op tot één teamtotaal.",
    "help.stats.merge.files": "JSON-bestanden van loket stats --format json.",
    "help.stats.merge.format": "table, json of csv.",
    "help.stats.merge.output": "Schrijf naar dit bestand.",
    "help.erase": "Wis een zaak onherroepelijk (recht op vergetelheid).",
    "help.erase.case": "Zaaknummer.",
    "help.erase.yes": "Niet om bevestiging vragen (voor scripts).",
    "help.purge": "Wis alle gesloten zaken die langer dan de bewaartermijn gesloten zijn.",
    "help.purge.dry_run": "Toon alleen wat gewist zou worden.",
    "help.purge.yes": "Niet om bevestiging vragen (voor scripts).",
    "help.config": "Instellingen van deze opslag, zoals de bewaartermijn.",
    "help.config.set": (
        "Wijzig een instelling (retention: bewaartermijn na sluiten, bijvoorbeeld 2y; desk.*: gegevens "
        "van het loket op het overzicht voor de bezoeker)."
    ),
    "help.config.set.key": "Instelling: retention, desk.name, desk.address, desk.phone, desk.hours, desk.worker.",
    "help.config.set.value": "Waarde, bijvoorbeeld 2y, 18m, 730d; bij desk.* een tekst (leeg: weglaten).",
    "help.config.show": "Toon de instellingen.",
    "help.inzage": "Schrijf alles wat over deze bezoeker is vastgelegd, voor een AVG-inzageverzoek.",
    "help.inzage.case": "Zaaknummer.",
    "help.inzage.output": "Bestand (.md of .html); een .json-kopie komt ernaast.",
    "help.inzage.format": "md of html (standaard: naar de extensie).",
    "help.audit": "Het auditspoor: wie bekeek of wijzigde welke zaak.",
    "help.audit.case": "Alleen deze zaak.",
    "help.audit.from": "Vanaf (datum).",
    "help.audit.to": "Tot en met (datum).",
    "help.audit.verify": "Controleer dat het auditspoor niet is gewijzigd of ingekort.",
    "help.passwd": "Wijzig het wachtwoord (alleen de sleutel wordt opnieuw verpakt; snel bij elke omvang).",
    "help.passwd.rekdf": "Verhoog de Argon2id-kosten naar de huidige standaard.",
    "help.passwd.recovery": "Wachtwoord vergeten: gebruik de herstelsleutel.",
    "help.backup": "Maak een versleutelde, gecontroleerde back-up terwijl loket in gebruik kan zijn.",
    "help.backup.file": "Doelbestand van de back-up.",
    "help.backup.force": "Overschrijf een bestaand bestand.",
    "help.restore": "Zet een back-up terug. Eerder gewiste zaken blijven gewist.",
    "help.restore.file": "De back-up.",
    "help.restore.yes": "Niet om bevestiging vragen.",
    "help.verify": "Controleer de opslag: SQLite-integriteit en elke versleutelde waarde.",
    "help.demo": "Laat zien hoe loket werkt, met verzonnen zaken in een wegwerpopslag.",
    "help.demo.db": "Bewaar de demo-opslag hier in plaats van tijdelijk.",
    "help.demo.cases": "Maak een grote synthetische opslag met zoveel zaken (benchmark).",
    # -- visitor sheet: actors, desk details, truthful sentences (issue 11) --
    "visitor.case_number": "Uw dossiernummer is {case}. Noem dit nummer als u contact met ons opneemt.",
    "visitor.you_do": "Wat moet u zelf doen?",
    "visitor.task_you": "U: {what} Doe dit uiterlijk op {date}.",
    "visitor.task_you_late": "U: {what} Is dit nog niet gelukt? Neem dan contact met ons op.",
    "visitor.step_cold": "Neem zelf contact op met {agency}. Wij hebben uw vraag niet aan hen doorgegeven.",
    "visitor.step_cold_about": "Het gaat om: {what}",
    "visitor.reach_web_phone": "Kijk op {website} of bel {phone}.",
    "visitor.reach_web": "Kijk op {website}.",
    "visitor.reach_phone": "Bel {phone}.",
    "visitor.reach_ask": "Weet u niet hoe? Vraag het ons.",
    "visitor.reach_for": "Contact met {agency}? {how}",
    "visitor.agreed": "Wat is afgesproken?",
    "visitor.agreed_item": "{agency}: {answer}",
    "visitor.agreed_solved": "{agency}: uw vraag is opgelost.",
    "visitor.others_do": "Wat doen wij en de instanties?",
    "visitor.task_desk": "Wij: {what} Uiterlijk op {date}.",
    "visitor.task_desk_late": "Wij: {what} Dit is nog niet klaar.",
    "visitor.task_agency": "{agency}{what} Uiterlijk op {date}.",
    "visitor.task_agency_late": "{agency}{what} Wij wachten hier nog op.",
    "visitor.contacted_said": "{agency} zei: {answer}",
    "visitor.not_reached": "Wie konden wij niet bereiken?",
    "visitor.not_reached_item": "Wij hebben {agency} gebeld. Er nam niemand op.",
    "visitor.desk_named": "Neem contact op met {desk}.",
    "visitor.desk_unnamed": "Kom terug naar het loket waar u dit overzicht heeft gekregen.",
    "visitor.desk_address": "Adres: {address}",
    "visitor.desk_phone": "Telefoon: {phone}",
    "visitor.desk_hours": "Openingstijden: {hours}",
    "visitor.desk_worker": "U sprak met: {worker}",
    "help.followup.add.actor": (
        "Wie het doet: loket (standaard), bezoeker of instantie (met --agency). Ook: desk, visitor, "
        "agency."
    ),
    "help.followup.add.agency": (
        "De instantie waar het over gaat, bijvoorbeeld duo. Zonder --actor doet die instantie het."
    ),
    "error.followup_actor": "Kies wie het doet: {choices} (of visitor, desk, agency).",
    "error.followup_actor_agency": "Zeg welke instantie het doet, met --agency (bijvoorbeeld --agency duo).",
    "error.followup_bring_actor": (
        "Iets om mee te nemen (--bring) neemt de bezoeker mee: laat --actor weg of kies bezoeker."
    ),
    # -- transfer (issue 17) --
    "help.identity": "Toon de publieke identiteit van deze opslag, om aan collega's te geven.",
    "help.colleague": "Collega's aan wie u zaken kunt overdragen (hun publieke identiteit).",
    "help.colleague.add": "Voeg een collega toe: een naam naar keuze en hun identiteit (loket1...).",
    "help.colleague.add.name": "Naam naar keuze voor deze collega.",
    "help.colleague.add.identity": "De identiteit die `loket identity` bij de collega toont (loket1...).",
    "help.colleague.list": "Toon de collega's met hun vingerafdruk.",
    "help.colleague.remove": "Verwijder een collega; hun bestanden gelden daarna als van een onbekende.",
    "help.colleague.remove.name": "Naam van de collega.",
    "help.transfer": "Draag een hele zaak over aan een collega, versleuteld voor hen alleen.",
    "help.transfer.send": "Schrijf een zaak in een versleuteld, ondertekend bestand voor één collega.",
    "help.transfer.send.case": "De zaak, bijvoorbeeld K-0042.",
    "help.transfer.send.to": "Naam van de collega (zie `loket colleague list`).",
    "help.transfer.send.output": "Het bestand dat u aan de collega geeft.",
    "help.transfer.send.why": "Waarom de zaak overgaat (anders gevraagd, of van stdin).",
    "help.transfer.send.followups": "Welke opvolgingen meegaan: all, none of nummers als 3,5.",
    "help.transfer.send.keep_open": "Sluit de zaak hier niet als overgedragen.",
    "help.transfer.receive": "Neem een zaak van een collega over uit hun bestand.",
    "help.transfer.receive.file": "Het bestand van de collega.",
    "help.transfer.receive.accept_unknown": "Neem ook een bestand van een onbekende afzender aan (scripts).",
    "help.identity.export_age_key": (
        "Schrijf de geheime age-sleutel naar dit bestand"
        " (voor `age -d -i`); bewaar het veilig."
    ),
    "identity.exported": (
        "Geheime age-sleutel weggeschreven (alleen voor u leesbaar). "
        "Wie dit bestand heeft, kan uw overdrachten lezen."
    ),
    "identity.fingerprint": "Vingerafdruk (lees hem voor ter controle): {fingerprint}",
    "colleague.added": "Collega toegevoegd. Controleer samen (aan de telefoon) de vingerafdruk: {fingerprint}",
    "colleague.removed": "Collega verwijderd.",
    "colleague.none": "Nog geen collega's. Voeg er een toe met `loket colleague add NAAM IDENTITEIT`.",
    "colleague.col_name": "Naam",
    "colleague.col_fingerprint": "Vingerafdruk",
    "colleague.col_added": "Toegevoegd",
    "prompt.transfer_why": "Waarom gaat de zaak over naar deze collega?",
    "transfer.sent": "{case} versleuteld voor de collega weggeschreven, met {followups} opvolging(en).",
    "transfer.sent_closed": "{case} is hier gesloten als overgedragen.",
    "transfer.received": "Ontvangen als nieuwe zaak {case} (bij de afzender {sender_case}).",
    "transfer.unknown_sender_warning": "Let op: dit bestand is ondertekend door iemand buiten uw collegalijst. "
                                       "Vingerafdruk van de afzender: {fingerprint}",
    "transfer.unknown_sender_confirm": "Toch overnemen?",
    "event.collega-overdracht": "Overgedragen",
    "event.collega-ontvangst": "Ontvangen",
    "result.overgedragen": "overgedragen aan een collega",
    "show.transfer_sent": "aan collega {to}",
    "show.transfer_followups": "Opvolgingen mee: {followups}",
    "show.transfer_from": "van collega {sender} ({case}, verstuurd {sent})",
    "show.transfer_from_unknown": "van een onbekende afzender, vingerafdruk {fingerprint} ({case}, verstuurd {sent})",
    "error.transfer_bad_identity": "Geen geldige loket-identiteit (loket1...). Vraag de collega om `loket identity`.",
    "error.colleague_exists": "Er is al een collega met die naam.",
    "error.colleague_same_identity": "Die identiteit staat al in de lijst (collega nr. {colleague}).",
    "error.colleague_is_self": "Dat is de identiteit van deze opslag zelf.",
    "error.colleague_unknown": "Geen collega met die naam. Zie `loket colleague list`.",
    "error.transfer_followup_not_in_case": "Opvolging {followup} hoort niet bij {case}.",
    "error.transfer_not_age": "Dat is geen overdrachtsbestand van loket (geen age-bestand).",
    "error.transfer_not_for_us": "Dit bestand is niet voor deze opslag versleuteld (of de kop is beschadigd).",
    "error.transfer_tampered": "Het overdrachtsbestand is beschadigd of gewijzigd; niets overgenomen.",
    "error.transfer_bad_signature": "De handtekening klopt niet: het bestand is gewijzigd; niets overgenomen.",
    "error.transfer_bad_value": (
        "Het overdrachtsbestand bevat een waarde die een dossier hier niet kan hebben ({where}, veld {field}):"
        " er is niets ingelezen. Vraag de afzender het dossier na te kijken."
    ),
    "error.transfer_malformed": "Het overdrachtsbestand is onleesbaar of onvolledig; niets overgenomen.",
    "error.transfer_newer": "Dit overdrachtsbestand (versie {version}) komt van een nieuwere loket; werk loket bij.",
    "error.transfer_already_received": "Deze overdracht is al overgenomen; een bestand neemt u maar één keer over.",
    "error.transfer_too_large": "Het bestand is te groot voor een overdracht.",
    "error.transfer_unreadable": "Het bestand kan niet worden gelezen.",
    "error.transfer_unknown_sender": "De afzender staat niet in uw collegalijst (vingerafdruk {fingerprint}); "
                                     "voeg hen toe, of gebruik --accept-unknown.",
    # -- the contact register (issue 15) --
    "erase.register_note": (
        "Contacten van {case} staan ook in het klantregister van de gemeente; die zijn hiermee niet "
        "gewist. Vraag de gemeente ze daar te verwijderen."
    ),
    "inzage.register_consent": "Toestemming voor het klantregister van de gemeente",
    "inzage.register_sent": "Doorgegeven aan het klantregister van de gemeente",
    "inzage.register_sent_counts": "{contacts} contacten, {tasks} taken",
    "error.register_bsn_no_terminal": "--bsn vraagt het BSN aan een terminal; geef het in een script via --bsn-stdin.",
    "help.export.case": "Alleen deze zaak, met al zijn contacten (alleen met --format klantinteracties; mag vaker).",
    "error.export_case_format": "--case gaat alleen samen met --format klantinteracties.",
    "help.register": (
        "Het klantregister van de gemeente (Klantinteracties / Open Klant): instellen, toestemming, "
        "versturen, teruglezen."
    ),
    "help.register.setup": (
        "Stel het register in: adres (--url), API-token (gevraagd, of via --token-stdin), BSN meesturen "
        "ja/nee."
    ),
    "help.register.setup.url": (
        "Het adres van het register, bijv. https://openklant.gemeente.nl (http alleen naar deze computer)."
    ),
    "help.register.setup.token_stdin": (
        "Lees het API-token van stdin (nooit als argument: dan staat het in de shellgeschiedenis)."
    ),
    "help.register.setup.send_bsn": (
        "Stuur het BSN mee naar het register (alleen als de gemeente dat zo heeft geregeld)."
    ),
    "help.register.setup.worker": "De naam waaronder uw contacten in het register staan (standaard: Loketmedewerker).",
    "help.register.status": "Laat zien waar het register staat, of er een token is, en of het BSN wordt meegestuurd.",
    "help.register.consent": (
        "Leg vast dat de bezoeker toestemming geeft om de contacten in het klantregister te zetten."
    ),
    "help.register.consent.case": "De zaak, bijv. K-0042.",
    "help.register.consent.withdraw": "De bezoeker trekt de toestemming in: er wordt niets meer verstuurd.",
    "help.register.push": "Verstuur nieuwe en gewijzigde contacten van zaken met toestemming naar het register.",
    "help.register.push.case": "Alleen deze zaak (mag vaker).",
    "help.register.push.dry_run": "Laat zien wat er verstuurd zou worden, zonder iets te versturen.",
    "help.register.push.concurrency": "Hoeveel zaken tegelijk (1-16).",
    "help.register.push.retry_refused": "Verstuur ook wat het register eerder weigerde, al is het niet aangepast.",
    "help.register.history": "Eerdere contacten van de bezoeker in het register, ook die van collega's.",
    "help.register.history.case": "De zaak van de bezoeker, bijv. K-0042.",
    "help.register.history.bsn_stdin": "Lees een BSN van stdin om op te zoeken.",
    "help.register.history.bsn": "Vraag een BSN om op te zoeken (voor wie hier nog geen zaak heeft).",
    "prompt.register_token": "API-token van het register",
    "prompt.register_bsn": "BSN om op te zoeken",
    "register.configured": "Register ingesteld: {url}; token: {token}; BSN meesturen: {bsn}.",
    "register.status.url": "Register",
    "register.status.token": "Token ingesteld",
    "register.status.send_bsn": "BSN meesturen",
    "register.status.worker": "Naam in het register",
    "register.consent_given": "Toestemming voor het klantregister vastgelegd bij {case}.",
    "register.consent_withdrawn": (
        "Toestemming voor het klantregister ingetrokken bij {case}. Wat al verstuurd is, staat nog in het "
        "register: vraag de gemeente om het daar te verwijderen."
    ),
    "register.outcome.verstuurd": (
        "verstuurd: {contacts} nieuwe contacten, {changed} bijgewerkt, {tasks} nieuwe taken, "
        "{tasks_changed} bijgewerkt"
    ),
    "register.outcome.zou-versturen": (
        "zou versturen: {contacts} nieuwe contacten, {changed} bijgewerkt, {tasks} nieuwe taken, "
        "{tasks_changed} bijgewerkt"
    ),
    "register.outcome.with_bsn": "(met BSN)",
    "register.outcome.ongewijzigd": "ongewijzigd",
    "register.outcome.geweigerd": "niets aangenomen door het register",
    "register.outcome.addresses": "{new} nieuwe adressen, {changed} bijgewerkt",
    "register.outcome.refused_parts": "geweigerd: {parts}; de volgende push probeert het pas weer als het is aangepast",
    "register.outcome.earlier_parts": "eerder geweigerd, niet opnieuw verstuurd: {parts}; pas het aan en push opnieuw",
    "register.outcome.eerder-geweigerd": "ongewijzigd",
    "register.outcome.niet-bereikt": "register niet bereikt; de volgende keer gaat deze zaak verder waar hij bleef",
    "register.part.partij": "persoon (BSN)",
    "register.part.contact": "contact",
    "register.part.task": "taak",
    "register.part.telefoonnummer": "telefoonnummer",
    "register.part.email": "e-mailadres",
    "register.summary": (
        "{sent} zaken verstuurd ({contacts} nieuwe contacten, {tasks} nieuwe taken, {addresses} nieuwe adressen), "
        "{unchanged} ongewijzigd, {refused} met een weigering, {still} eerder geweigerd, {unreachable} niet bereikt; "
        "{without} zaken zonder toestemming niet verstuurd ({requests} verzoeken)."
    ),
    "register.summary_dry_run": (
        "Proef: {sent} zaken zouden worden verstuurd, {unchanged} zijn ongewijzigd, {still} eerder geweigerd; "
        "{without} zaken zonder toestemming worden niet verstuurd. Er is niets verstuurd."
    ),
    "register.history_none": "Geen eerdere contacten gevonden in het register.",
    # -- contact requests between teams (issue 25) --
    "help.register.setup.me": (
        "Wie u bent in het register: uw e-mailadres of personeelsnummer zoals de gemeente het gebruikt "
        "(gevonden of eenmalig aangemaakt)."
    ),
    "help.register.setup.team": "Een team waarvoor u verzoeken behandelt (mag vaker; vervangt de vorige teams).",
    "register.team_configured": "Register: uzelf ingesteld: {me}; teams: {teams}.",
    "help.register.teams": "De teams in het register, voor contactverzoek --to en setup --team (* = uw team).",
    "register.teams_none": "Geen teams gevonden in het register.",
    "help.inbox": "Open contactverzoeken voor u of uw teams, uit het register (nieuwste eerst).",
    "help.inbox.names": "Toon de naam van de inwoner (wordt vastgelegd in de audit).",
    "help.inbox.take": "Neem verzoek N: het staat dan op uw naam in het register en er komt een zaak met terugbellen.",
    "help.inbox.take.number": "Het nummer uit loket inbox, bijv. 3.",
    "help.inbox.take.new": "Altijd een nieuwe zaak, ook als de inwoner hier al een open zaak heeft.",
    "inbox.summary": "{count} open verzoek(en) in het register.",
    "inbox.truncated": "Alleen de eerste {count} getoond.",
    "inbox.taken_new": "Verzoek #{number} staat op uw naam; nieuwe zaak {case} met terugbellen {followup}.",
    "inbox.taken_added": "Verzoek #{number} staat op uw naam; toegevoegd aan zaak {case} met terugbellen {followup}.",
    "inbox.taken_by": "bij {name}",
    "inbox.mine": "van mij",
    "inbox.free": "vrij",
    "inbox.age": "{days} wd",
    "inbox.today": "Inbox: {count} open verzoek(en) bij de laatste keer lezen ({at}); loket inbox ververst.",
    "help.contactverzoek": "Vraag een ander team (of een collega) via het register om de inwoner te benaderen.",
    "help.contactverzoek.case": "De zaak, bijv. K-0042.",
    "help.contactverzoek.to": "Het team of de collega, zoals loket register teams het toont.",
    "prompt.contactverzoek_what": "Wat wordt er gevraagd",
    "contactverzoek.sent": "Contactverzoek over {case} verstuurd aan {to}.",
    "error.inbox_taken": "Dit verzoek is al genomen door {name}.",
    "error.register_actor_ident": "Ongeldige aanduiding voor het register (1 tot 200 tekens).",
    "error.inbox_no_actor": "Nog niet bekend wie u bent in het register: loket register setup --me ... --team ....",
    "error.inbox_no_me": "Nog niet bekend wie u bent in het register: loket register setup --me ....",
    "error.inbox_unknown_number": "Verzoek #{number} staat niet in de laatst gelezen inbox; lees eerst loket inbox.",
    "error.inbox_already_yours": "Verzoek #{number} heeft u al genomen, in zaak {case}.",
    "error.inbox_done": "Verzoek #{number} is in het register al afgehandeld.",
    "error.inbox_no_contact": "Verzoek #{number} hoort bij geen klantcontact in het register.",
    "error.contactverzoek_no_actor": (
        "Geen team of collega met die aanduiding in het register (zie loket register teams)."
    ),
    "error.contactverzoek_consent": (
        "De bezoeker van {case} gaf geen toestemming voor het register; er gaat niets over deze persoon weg. "
        "Eerst: loket register consent {case}."
    ),
    "error.register_unavailable": (
        "Het register is niet bereikbaar (ook niet na een paar pogingen). Er is niets dubbel verstuurd; "
        "probeer het later opnieuw."
    ),
    "error.register_unauthorized": (
        "Het register weigert het token (401/403). Stel een geldig token in met 'loket register setup'."
    ),
    "error.register_refused": "Het register weigerde het verzoek ({status}: {reasons}).",
    "error.register_url": "Ongeldig adres voor het register; gebruik https://...",
    "error.register_url_plain": (
        "Een register buiten deze computer alleen via https: het token en de gegevens gaan mee in elk "
        "verzoek."
    ),
    "error.register_token": "Ongeldig token: leeg, te lang of met spaties.",
    "error.register_answer": "Het register gaf een antwoord dat loket niet kan lezen.",
    "error.register_worker": "Ongeldige naam: leeg of langer dan 200 tekens.",
    "error.register_not_configured": "Er is nog geen register ingesteld: 'loket register setup --url ...'.",
    "error.register_bsn_not_allowed": (
        "Zoeken op BSN stuurt het BSN naar het register; dat staat uit ('loket register setup "
        "--send-bsn')."
    ),
    "error.register_history_key": "Geef een zaak, of --bsn om op BSN te zoeken.",
    # -- report and the stats table (issue 16) --
    "help.report": "Een rapport van een periode om te bekijken of te printen (HTML, A4), zonder persoonsgegevens.",
    "help.report.files": "Opgetelde teambestanden (loket stats --format json) in plaats van de eigen opslag.",
    "help.report.compare": "Vergelijk met year (een jaar eerder), previous (de periode ervoor) of none.",
    "help.report.output": "Schrijf het rapport als HTML naar dit bestand (anders in de terminal).",
    "error.report_compare": "Onbekende vergelijking. Kies uit: year, previous, none.",
    "error.report_files_period": "Geef een periode of teambestanden, niet allebei.",
    "report.written": "Rapport geschreven naar {path}.",
    "report.title": "Rapportage overheidsbreed loket",
    "report.title_team": "Rapportage overheidsbreed loket, team",
    "report.period": "{first} t/m {last}",
    "report.team_files": "Opgeteld uit {count} bestanden van medewerkers.",
    "report.made": "Gemaakt op {day} met loket. Alleen aantallen: dit rapport bevat geen persoonsgegevens.",
    "report.suppressed": "Aantallen van 1 tot en met {below} zijn weggelaten (–), zodat niemand herkenbaar is.",
    "report.compare_year": "Ter vergelijking: dezelfde periode een jaar eerder ({period}).",
    "report.compare_previous": "Ter vergelijking: de periode ervoor ({period}).",
    "report.compare_missing": "Geen vergelijking: de opslag gaat niet terug tot {period}.",
    "report.compare_partial": "De opslag begint op {day}: de eerdere periode telt pas vanaf die dag.",
    "report.about_title": "Zo leest u dit rapport",
    "report.about_visitors": (
        "Bezoekers geholpen: zaken met minstens één contact in de periode (intake, consult, "
        "gesprek met de professionallijn of overdracht)."
    ),
    "report.about_minutes": (
        "Minuten: de tijd die bij elk contact is genoteerd. De mediaan is de middelste waarde: de "
        "helft duurde korter, de helft langer."
    ),
    "report.about_satisfaction": (
        "Tevredenheid: het cijfer van 1 tot 5 dat de bezoeker gaf, bij het sluiten of terwijl de "
        "zaak open blijft. Per zaak telt het laatste cijfer, één keer, in de periode waarin het is "
        "vastgelegd. Niet elke bezoeker geeft er een, daarom staat erbij hoeveel."
    ),
    "report.about_solo": (
        "Opgelost zonder overdracht: gesloten als opgelost, zonder dat de zaak (warm of koud) aan "
        "een andere instantie is overgedragen."
    ),
    "report.about_drie": (
        "Driegesprek: een gesprek met de professionallijn terwijl de bezoeker naast de medewerker "
        "zit."
    ),
    "report.series_now": "Deze periode",
    "report.series_year": "Jaar eerder",
    "report.series_previous": "Periode ervoor",
    "report.earlier": "{period}: {value}",
    "report.no_data": "Geen gegevens in deze periode.",
    "report.numbers": "De cijfers",
    "report.col_what": "Wat",
    "report.col_total": "Totaal",
    "report.unknown": "onbekend",
    "report.week": "week {week}",
    "report.hour": "{hour} uur",
    "report.minutes_range": "{low}–{high} min",
    "report.minutes_over": "meer dan {low} min",
    "report.of": "{part} van {whole}",
    "report.share_drie": "{share} driegesprek",
    "report.agency_count": "{count} instanties",
    "report.agency_count_one": "1 instantie",
    "report.agency_count_none": "geen instantie",
    "report.section_headline": "Kerncijfers",
    "report.section_visitors": "Bezoekers en drukte",
    "report.section_time": "Tijd en tevredenheid",
    "report.section_agencies": "Instanties en de professionallijn",
    "report.section_handovers": "Overdrachten en afloop",
    "report.section_intake": "Hoe bezoekers bij het loket komen",
    "report.fig_visitors": "Bezoekers geholpen",
    "report.fig_new": "Nieuwe zaken",
    "report.fig_closed": "Gesloten zaken",
    "report.fig_open": "Open aan het eind",
    "report.fig_contacts": "Contacten",
    "report.fig_median_contact": "Mediaan minuten per contact",
    "report.fig_median_case": "Mediaan minuten per zaak",
    "report.fig_satisfied": "Tevreden (cijfer 4 of 5)",
    "report.fig_answered": "Tevredenheid gevraagd en gegeven",
    "report.fig_solo": "Opgelost zonder overdracht",
    "report.fig_calls": "Professionallijn-gesprekken",
    "report.fig_drie": "Waarvan driegesprek",
    "report.fig_detail_answered": "laatste cijfer per zaak, ook van open zaken",
    "report.fig_detail_satisfied": "van {whole} gegeven cijfers",
    "report.fig_detail_solo": "{part} van {whole} gesloten zaken",
    "report.fig_detail_drie": "{part} van {whole} gesprekken",
    "report.chart_weeks": "Bezoekers per week",
    "report.chart_weeks_desc": "Aantal zaken met minstens één contact in die week.",
    "report.chart_weekdays": "Contacten per weekdag",
    "report.chart_weekdays_desc": "Alle contacten (intake, consult, gesprek, overdracht) per dag van de week.",
    "report.chart_hours": "Drukte per weekdag en uur",
    "report.chart_hours_desc": "Aantal contacten per weekdag en uur; hoe donkerder het vak, hoe drukker.",
    "report.chart_minutes": "Minuten per contact",
    "report.chart_minutes_desc": "Aantal contacten naar hun duur in minuten.",
    "report.chart_case_minutes": "Minuten per zaak in deze periode",
    "report.chart_case_minutes_desc": "Aantal zaken naar de minuten die er in deze periode samen aan besteed zijn.",
    "report.chart_satisfaction": "Tevredenheid (1 = zeer ontevreden, 5 = zeer tevreden)",
    "report.chart_satisfaction_desc": (
        "Aantal zaken per cijfer: per zaak het laatste cijfer van de bezoeker, geteld in de periode "
        "waarin het is vastgelegd, ook als de zaak open bleef."
    ),
    "report.chart_cases_per_agency": "Zaken per instantie",
    "report.chart_cases_per_agency_desc": "Zaken met een contact in de periode waarbij de instantie betrokken was.",
    "report.chart_calls": "Professionallijn-gesprekken per instantie",
    "report.chart_calls_desc": "Gesprekken per instantie: als driegesprek met de bezoeker erbij, of zonder.",
    "report.chart_outcomes": "Uitkomst van de gesprekken",
    "report.chart_outcomes_desc": "Aantal professionallijn-gesprekken per uitkomst.",
    "report.chart_callbacks": "Terugbelverzoeken per instantie",
    "report.chart_callbacks_desc": "Terugbellen beloofd in de periode: op tijd nagekomen, te laat, of nog open.",
    "report.chart_handovers": "Overdrachten: warm of koud, en naar wie",
    "report.chart_handovers_desc": "Warm: het loket gaf de vraag zelf door. Koud: de bezoeker neemt zelf contact op.",
    "report.chart_results": "Gesloten zaken naar resultaat",
    "report.chart_results_desc": "Aantal zaken dat in de periode gesloten is, per resultaat.",
    "report.chart_agency_count": "Aantal instanties per zaak",
    "report.chart_agency_count_desc": "Met hoeveel instanties een zaak in de periode te maken had.",
    "report.chart_channels": "Kanaal van de intake",
    "report.chart_channels_desc": "Nieuwe zaken naar de manier waarop de bezoeker binnenkwam.",
    "report.chart_referrals": "Verwezen door",
    "report.chart_referrals_desc": "Nieuwe zaken naar wie de bezoeker naar het loket verwees.",
    "report.chart_life_events": "Levensgebeurtenissen",
    "report.chart_life_events_desc": "Levensgebeurtenissen genoemd bij de intake van nieuwe zaken.",
    "report.series_drie": "Driegesprek",
    "report.series_without": "Zonder bezoeker",
    "report.series_on_time": "Op tijd",
    "report.series_late": "Te laat",
    "report.series_open": "Nog open",
    "report.series_warm": "Warm",
    "report.series_cold": "Koud",
    "report.series_count": "Aantal",
    "stats.table_title": "Statistiek {first} t/m {last}",
    "stats.table_team": "(opgeteld uit teambestanden)",
    "stats.section_overview": "Overzicht",
    "stats.section_results": "Gesloten zaken naar resultaat",
    "stats.section_contacts": "Contacten",
    "stats.section_minutes": "Minuten per contact",
    "stats.section_case_minutes": "Minuten per zaak",
    "stats.section_calls": "Professionallijn",
    "stats.section_outcomes": "Uitkomst van de gesprekken",
    "stats.section_callbacks": "Terugbelverzoeken",
    "stats.section_handovers": "Overdrachten",
    "stats.section_cases_per_agency": "Zaken per instantie",
    "stats.section_agency_count": "Instanties per zaak",
    "stats.section_channels": "Kanaal",
    "stats.section_referrals": "Verwezen door",
    "stats.section_life_events": "Levensgebeurtenissen",
    "stats.section_followups": "Opvolging",
    "stats.section_satisfaction": "Tevredenheid",
    "stats.section_weeks": "Bezoekers per week",
    "stats.section_hours": "Contacten per weekdag en uur",
    "stats.section_other": "Overig",
    "stats.visitors_helped": "Bezoekers geholpen",
    "stats.cases_new": "Nieuwe zaken",
    "stats.cases_closed": "Gesloten zaken",
    "stats.cases_open_at_end": "Open aan het eind",
    "stats.resolved_count": "Opgelost zonder overdracht",
    "stats.resolved_share": "Aandeel van de gesloten zaken",
    "stats.contacts_count": "Contacten",
    "stats.minutes_total": "Minuten samen",
    "stats.minutes_median": "Mediaan minuten",
    "stats.cases_with_minutes": "Zaken",
    "stats.calls_count": "Gesprekken",
    "stats.calls_drie": "Waarvan driegesprek",
    "stats.calls_share": "Aandeel driegesprek",
    "stats.col_calls": "gesprekken",
    "stats.col_drie": "driegesprek",
    "stats.col_share": "aandeel",
    "stats.col_promised": "beloofd",
    "stats.col_on_time": "op tijd",
    "stats.col_late": "te laat",
    "stats.col_open": "open",
    "stats.col_warm": "warm",
    "stats.col_cold": "koud",
    "stats.col_count": "aantal",
    "stats.callbacks_promised": "Beloofd",
    "stats.handovers_warm": "Warm",
    "stats.handovers_cold": "Koud",
    "stats.followups_made": "Gemaakt",
    "stats.followups_on_time": "Op tijd gedaan",
    "stats.followups_late": "Te laat gedaan",
    "stats.followups_open": "Nog open",
    "stats.followups_cancelled": "Geannuleerd",
    "stats.followups_overdue": "Open en over de datum",
    "stats.satisfaction_recorded": "Cijfers gegeven",
    "stats.satisfaction_score": "Cijfer {score}",
    "stats.minutes": "{minutes} min",
    # -- corrections: withdraw, move, cancel, satisfaction (issue 11) --
    "event.opvolging-geannuleerd": "Opvolging geannuleerd",
    "event.ingetrokken": "Ingetrokken",
    "event.tevredenheid": "Tevredenheid",
    "show.col_id": "Nr",
    "show.retracted": "nr {event} ({kind})",
    "show.moved_to": "verplaatst naar {case}",
    "show.moved_from": "verplaatst van {case} (nr {event})",
    "show.withdrawn_prefix": "[ingetrokken]",
    "show.moved_prefix": "[verplaatst]",
    "show.withdrawn": "ingetrokken op {when}",
    "show.withdrawn_moved": "verplaatst naar {case} op {when}",
    "show.cancelled_call_withdrawn": "(gesprek nr {event} ingetrokken)",
    "show.cancelled_call_moved": "(gesprek nr {event} verplaatst)",
    "show.cancelled_case_closed": "(zaak gesloten)",
    "show.satisfaction_row": "Tevredenheid",
    "followup.is_cancelled": "geannuleerd",
    "followup.cancelled": "Opvolging {followup} geannuleerd.",
    "error.followup_cancelled": "Opvolging {followup} is geannuleerd.",
    "error.event_id_format": (
        "Geef het nummer van een regel op de tijdlijn (de kolom Nr van loket show), bijvoorbeeld 17."
    ),
    "error.unknown_event": "Zaak {case} heeft geen regel nr {event} op de tijdlijn.",
    "error.event_already_withdrawn": "Regel nr {event} van zaak {case} is al ingetrokken.",
    "error.retract_intake": (
        "De intake kan niet worden ingetrokken: zonder intake is er geen zaak. Corrigeer velden met"
        " loket edit; een zaak die er niet had mogen zijn wist u met loket erase."
    ),
    "error.retract_retraction": (
        "Een intrekking kan niet zelf worden ingetrokken. Klopte de regel toch, leg hem dan opnieuw vast."
    ),
    "error.retract_followup": (
        "Regel nr {event} gaat over opvolging {followup}: annuleer die met loket followup cancel,"
        " of verzet hem met loket followup move."
    ),
    "error.retract_closed": "Sluiten en heropenen trekt u niet in: gebruik loket reopen of loket close.",
    "error.retract_edit": "Een correctie trekt u niet in: corrigeer opnieuw met loket edit.",
    "error.move_kind": (
        "Regel nr {event} kan niet naar een andere zaak: dat kan alleen met gesprekken, notities,"
        " consulten en overdrachten."
    ),
    "error.move_same_case": "Die regel staat al op zaak {case}.",
    "retract.done": "Regel nr {event} van zaak {case} ingetrokken.",
    "retract.followup_cancelled": "Terugbelverzoek {followup} van dat gesprek geannuleerd.",
    "move.done": "Regel nr {event} van {case} verplaatst naar {target} (daar nr {new_event}).",
    "move.followup_moved": "Terugbelverzoek {followup} is meeverplaatst (nu {new}).",
    "retract.satisfaction_done": "Tevredenheid {score}/5 vastgelegd op zaak {case}.",
    "close.open_followups_heading": "Zaak {case} heeft nog {count} open opvolging(en):",
    "close.cancelled_followups": "Geannuleerd met de zaak: {followups}.",
    "prompt.reason": "Reden",
    "prompt.reason_optional": "Reden (Enter: geen)",
    "summary.withdrawn": "Ingetrokken (telt niet mee)",
    "summary.withdrawn_line": "nr {event} ({kind})",
    "help.retract": "Trek een regel van de tijdlijn in; hij blijft zichtbaar, gemarkeerd, en telt nergens meer mee.",
    "help.retract.case": "Zaaknummer, bijvoorbeeld K-0042.",
    "help.retract.event": "Nummer van de regel (kolom Nr van loket show).",
    "help.retract.why": "Reden; zonder deze optie gevraagd, of gelezen van stdin.",
    "help.move": "Verplaats een regel die op de verkeerde zaak staat naar de juiste zaak.",
    "help.move.case": "De zaak waar de regel nu (verkeerd) op staat.",
    "help.move.event": "Nummer van de regel (kolom Nr van loket show).",
    "help.move.to": "De juiste zaak.",
    "help.move.why": "Reden (niet verplicht).",
    "help.move.reopen": "Heropen de juiste zaak als die gesloten is.",
    "help.satisfaction": "Leg de tevredenheid van de bezoeker vast (1-5), ook als de zaak open blijft.",
    "help.satisfaction.case": "Zaaknummer.",
    "help.satisfaction.score": "Cijfer van 1 tot en met 5; opnieuw vastleggen wijzigt het.",
    "help.followup.cancel": "Annuleer een opvolging die niet meer hoeft (niet hetzelfde als afvinken).",
    "help.followup.cancel.followup": "Nummer van de opvolging, bijvoorbeeld 12 of #12.",
    "help.followup.cancel.why": "Reden (niet verplicht); aan een terminal gevraagd.",
    # -- vault authentication (issue 12) --
    "error.kdf_out_of_range": (
        "De kosten van de sleutelafleiding in de opslag liggen buiten de grenzen (te laag of onredelijk hoog):"
        " de opslag is beschadigd of gewijzigd. Zet een back-up terug."
    ),
    "error.kdf_too_weak": (
        "Die sleutelafleiding is te licht of te zwaar: minstens 19 MiB bij 2 rondes (of een OWASP-paar),"
        " hoogstens 4 GiB en 64 rondes."
    ),
    "error.state_tampered": (
        "De gegevens van {case} zijn buiten loket om gewijzigd (een regel verwijderd, veranderd of"
        " teruggezet); er wordt niets getoond of gewijzigd. Voer 'loket verify' uit."
    ),
    "error.meta_tampered": (
        "De instellingen of de lijst met gewiste dossiers zijn buiten loket om gewijzigd."
        " Voer 'loket verify' uit en zet zo nodig een back-up terug."
    ),
    "error.schema_downgraded": (
        "Het schema van de opslag is teruggezet naar een oudere versie, terwijl de gegevens nieuwer zijn:"
        " de opslag is gemanipuleerd. Zet een back-up terug."
    ),
    "error.case_missing": "Dossier {case} ontbreekt, maar is nooit gewist: het is buiten loket om verwijderd.",
    "error.case_erased_back": (
        "Dossier {case} is gewist, maar de gegevens staan weer in de opslag (teruggezet uit een oudere kopie):"
        " er wordt niets van getoond of gewijzigd. Wis het opnieuw met 'loket erase {case}'."
    ),
    "error.keyslot_damaged": "Sleutelvak '{slot}' is beschadigd of gewijzigd.",
    "error.rotate_refused": (
        "De opslag klopt niet (zie 'loket verify'): de sleutel wordt niet vervangen, want dat zou"
        " de wijziging onzichtbaar maken."
    ),
    "error.rotate_alone": "--rotate-key gaat niet samen met --recovery of --rekdf: doe het een na het ander.",
    "verify.keyslot_failure": "Sleutelvak '{slot}': controlegetal of kostenparameters kloppen niet.",
    "verify.state_failure": "{case}: de toestand klopt niet met zijn MAC (regel verwijderd, gewijzigd of teruggezet).",
    "verify.missing_case": "{case}: ontbreekt en staat niet in de lijst met gewiste dossiers.",
    "verify.erased_case": "{case}: gewist, maar de gegevens zijn er weer (teruggezet uit een oudere kopie).",
    "passwd.rotated": (
        "Kluissleutel vervangen: alle dossiersleutels opnieuw ingepakt, auditspoor en controles opnieuw"
        " berekend. Een lopende sessie is beëindigd: voer 'loket unlock' opnieuw uit."
    ),
    "passwd.rotated_recovery": "De oude herstelsleutel werkt niet meer. De nieuwe herstelsleutel (eenmalig getoond):",
    "help.passwd.rotate_key": "Vervang de kluissleutel zelf (als die kan zijn uitgelekt); het wachtwoord blijft.",
    "warning.insecure_test_kdf": (
        "Waarschuwing: LOKET_TEST_INSECURE_KDF=1 staat aan. Dat is alleen voor tests: opslagen die zo"
        " gemaakt zijn, zijn met een lichte sleutelafleiding beschermd."
    ),
    # -- leaks: personal data stays inside the vault (issue 12) --
    "error.control_characters": (
        "Het veld '{field}' bevat een stuurteken (zoals Escape); zo'n teken kan de terminal overnemen en "
        "wordt niet opgeslagen. Typ de tekst opnieuw, zonder die tekens."
    ),
    "agent.directory_squatted": (
        "De gewone map voor de sessie-agent in de tijdelijke map is niet van u of staat open voor anderen; de"
        " agent gebruikt nu een map met een onvoorspelbare naam. Zet XDG_RUNTIME_DIR om dit te voorkomen."
    ),
    "error.session_file_unsafe": (
        "Op de plek van het sessiebestand naast de opslag staat iets anders dan een gewoon bestand van u (een"
        " koppeling, een pijp, of van een ander); loket raakt het niet aan. Verwijder het zelf en ontgrendel "
        "opnieuw."
    ),
    "error.store_directory_open": (
        "Andere gebruikers kunnen schrijven in de map van de opslag; daar kunnen zij het sessiebestand of "
        "andere bestanden naast de opslag vervangen. Zet de opslag in een map die alleen u kunt beschrijven "
        "(chmod 700), of kies een andere met --db of LOKET_DB."
    ),
    "privacy.argv_warning": (
        "Let op: persoonsgegevens als argument staan nu in uw shellgeschiedenis en waren zichtbaar voor "
        "andere gebruikers van deze computer (/proc); laat loket ernaar vragen, of geef ze via stdin of een "
        "bestand ('-', --from-json, --stdin), en begin een commando met een spatie om het buiten de "
        "geschiedenis te houden."
    ),
    "error.stdin_encoding": "De tekst op stdin is geen UTF-8.",
    "error.json_input_unreadable": "{source} kan niet gelezen worden.",
    "error.json_input_too_large": "{source} is te groot (hooguit {limit} bytes).",
    "error.json_input_invalid": "{source} bevat geen geldig JSON-object.",
    "error.json_input_unknown": "{source} bevat een onbekend veld. Mogelijke velden: {fields}.",
    "error.json_input_type": "In {source} heeft het veld '{field}' een verkeerd type.",
    "error.find_stdin_and_text": "Geef de zoekterm als argument of met --stdin, niet allebei.",
    "prompt.find": "Zoeken naar (naam, BSN, telefoon of tekst)",
    "help.find.stdin": "Lees de zoekterm van stdin (de eerste regel), zodat hij niet in de shellgeschiedenis komt.",
    "help.intake.from_json": (
        "Lees de velden uit een JSON-object in dit bestand, of '-' voor stdin (zie docs/manual.md); losse opties gaan"
        " voor."
    ),
    "help.call.from_json": (
        "Lees de velden uit een JSON-object in dit bestand, of '-' voor stdin (zie docs/manual.md); losse opties gaan"
        " voor."
    ),
    "help.edit.from_json": (
        "Lees de correcties uit een JSON-object in dit bestand, of '-' voor stdin (zie docs/manual.md); null maakt "
        "een veld leeg."
    ),
    "prompt.followup_what": "Wat moet er gebeuren",
    "error.merge_invalid": (
        "{path} is geen geldig statistiekbestand: '{where}' ontbreekt, is onbekend of heeft een verkeerd type"
        " of een negatief getal."
    ),
    # -- clear questions and answers (issue 11) --
    "help.usage": "Gebruik:",
    "help.panel.arguments": "Argumenten",
    "help.panel.options": "Opties",
    "help.panel.commands": "Commando's",
    "help.default": "[standaard: {value}]",
    "help.envvar": "[omgevingsvariabele: {value}]",
    "help.required": "[verplicht]",
    "help.try_help": "Zie [blue]'{command_path} {help_option}'[/].",
    "help.option.help": "Toon deze hulp en stop.",
    "help.install_completion": "Installeer het aanvullen met Tab voor deze shell.",
    "help.show_completion": "Toon het aanvulscript voor deze shell, om het zelf te installeren.",
    "help.metavar.options": "[OPTIES]",
    "help.metavar.subcommand": "COMMANDO [ARGUMENTEN]...",
    "help.metavar.text": "tekst",
    "help.metavar.number": "getal",
    "help.metavar.file": "bestand",
    "help.metavar.files": "bestanden",
    "help.metavar.value": "waarde",
    "help.metavar.case": "zaak",
    "help.metavar.to": "naar",
    "help.metavar.agency": "instantie",
    "help.metavar.followup": "opvolging",
    "help.metavar.key": "instelling",
    "help.metavar.what": "wat",
    "help.handover.cold": "Koude overdracht: de bezoeker neemt zelf contact op.",
    "help.export.codes": "Kolomnamen als vaste codes (voor scripts) in plaats van Nederlandse titels.",
    "error.no_such_subcommand": "Onbekend commando voor '{command}'. Kies uit: {choices}.",
    "error.passphrase_mismatch_retry": "De twee wachtwoorden zijn niet gelijk. Probeer het opnieuw.",
    "error.warm_and_cold": "Kies --warm of --cold, niet allebei.",
    "error.channel_missing": "Het kanaal ontbreekt: geef --channel ({choices}).",
    "error.date_not_exist": "De datum {text} bestaat niet. Controleer de dag en de maand.",
    "error.unlock_on_screen": (
        "Zo komt de sessiesleutel op het scherm. Gebruik: eval \"$(loket unlock)\". Er is niets ontgrendeld."
    ),
    "error.desk_vocab.unreadable": "De woordenlijst van de balie ({path}) kan niet gelezen worden.",
    "error.desk_vocab.json": "De woordenlijst van de balie ({path}) is geen geldige JSON (regel {line}).",
    "error.desk_vocab.shape": (
        "De woordenlijst van de balie ({path}) heeft niet de goede vorm: per lijst ({names})"
        " een object met \"terms\": [...]."
    ),
    "error.desk_vocab.not_object": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index}: een term is een object"
        " met ten minste \"code\" en \"label\"."
    ),
    "error.desk_vocab.unknown_field": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index} (code {code}): onbekend veld '{field}'."
        " Toegestaan: code, label, aliases, group, label_en, website, phone."
    ),
    "error.desk_vocab.code": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index}: 'code' ontbreekt of is ongeldig"
        " (kleine letters, cijfers en -, hooguit 40 tekens)."
    ),
    "error.desk_vocab.text": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index} (code {code}): '{field}' moet"
        " tekst zijn van 1 tot 200 tekens."
    ),
    "error.desk_vocab.website": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index} (code {code}): 'website' moet"
        " beginnen met https://."
    ),
    "error.desk_vocab.aliases": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index} (code {code}): 'aliases' moet een"
        " lijst van teksten zijn."
    ),
    "error.desk_vocab.duplicate": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index}: code {code} staat er al eerder in."
    ),
    "error.desk_vocab.taken": (
        "Woordenlijst van de balie ({path}), {vocabulary} nummer {index} (code {code}): de naam '{field}'"
        " hoort al bij {other}."
    ),
    "due.not_working_day": "Let op: {date} is geen werkdag ({reason}).",
    "due.kept": "Let op: {date} is geen werkdag ({reason}); de datum blijft zoals gevraagd.",
    "due.saturday": "zaterdag",
    "due.sunday": "zondag",
    "prompt.next_working_day": "De volgende werkdag nemen, {date}?",
    "prompt.passphrase_retry": "Probeer het opnieuw.",
    "export.col.time": "Tijd",
    "export.col.case": "Zaak",
    "export.col.kind": "Soort",
    "export.col.agency": "Instanties",
    "export.col.handover": "Overdracht",
    "export.col.outcome": "Uitkomst",
    "export.col.satisfaction": "Tevredenheid",
    "export.col.minutes": "Minuten",
    "export.col.open_followups": "Open opvolgingen",
    "export.col.next_due": "Eerstvolgende opvolging",
    "export.col.visitor": "Bezoeker",
    "export.col.text": "Tekst",
    "export.handover.warm": "warm",
    "export.handover.cold": "koud",
    # -- consult shell (issue 13) --
    "help.shell": ("Consultmodus: typ opdrachten zonder 'loket', met één huidige zaak, "
                   "één keer ontgrendeld; vergrendelt zich na een tijd zonder invoer."),
    "help.shell.idle_lock": ("Vergrendel na zoveel tijd zonder toetsaanslag: 300, 5m; 0 nooit "
                             "(standaard: config idle_lock, 5 minuten)."),
    "shell.welcome": ("Consultmodus. Typ opdrachten zonder 'loket'; 'open K-42' maakt een zaak de huidige; "
                      "Tab vult aan; Ctrl-L wist het scherm voor de volgende bezoeker; Ctrl-D sluit af; 'help'."),
    "shell.help": ("Opdrachten zoals op de opdrachtregel, zonder 'loket' ervoor ('help show' is 'show --help').\n"
                   "  open ZAAK    maak een zaak de huidige; deze opdrachten hebben dan geen zaaknummer nodig:\n"
                   "{commands}\n"
                   "  clear        wis het scherm en de geschiedenis; de huidige zaak blijft\n"
                   "  Ctrl-L       volgende bezoeker: wis het scherm en de geschiedenis en vergeet de huidige zaak\n"
                   "  lock         vergrendel deze consultmodus; het wachtwoord opent hem weer\n"
                   "  exit         sluit af (ook: Ctrl-D)\n"
                   "Tab vult opdrachten, opties, zaaknummers, instanties en datums aan. "
                   "Ctrl-C breekt de regel of de lopende opdracht af."),
    "shell.opened": "{case} is nu de huidige zaak.",
    "shell.locked": ("Vergrendeld. Typ het wachtwoord om verder te gaan (Ctrl-D sluit af en beëindigt de sessie "
                     "van vandaag)."),
    "shell.locked_idle": ("Vergrendeld na een tijd zonder invoer. Typ het wachtwoord om verder te gaan "
                          "(Ctrl-D sluit af en beëindigt de sessie van vandaag)."),
    "error.shell_quotes": "Een aanhalingsteken is niet gesloten; er is niets uitgevoerd.",
    "error.shell_open": "Gebruik: open ZAAK, bijvoorbeeld open K-0042.",
    "error.shell_nested": "Dit is al de consultmodus.",
    "error.idle_lock": "Tijd niet begrepen. Voorbeelden: 300, 300s, 5m, 1u; 0 is nooit.",
    # -- transfer after the merges (review fix) --
    "error.transfer_already_sent": "Zaak {case} is al aan een collega overgedragen; stuur hem nog eens met --again.",
    "help.transfer.send.again": "Stuur een zaak die al is overgedragen nog eens.",
    # -- review fixes: reasons, names, stats merge, register setup (fix-misc) --
    "error.register_setup_nothing": (
        "Niets in te stellen. Geef --url (met het token via een vraag of --token-stdin), "
        "--send-bsn of --no-send-bsn, of --worker NAAM."
    ),
    "error.merge_schema_file": "Statistiekbestand {path} heeft een ander schema (ondersteund: {supported}).",
    "error.merge_suppressed_file": (
        "Statistiekbestand {path} is gemaakt met --min-count en kan niet opgeteld worden; maak het zonder "
        "--min-count."
    ),
    "error.merge_same_file": "Statistiekbestand {path} is twee keer gegeven; elk bestand telt één keer.",
    # -- search index (issue 14) --
    "find.indexed": ("Gevonden in de zoekindex (exacte BSN, telefoon, e-mail of naam); "
                     "--scan doorzoekt ook vragen, notities en gesprekken."),
    "find.scanned": "Alle zaken doorzocht (naam, contactgegevens, vraag, notities en gesprekken).",
    "help.find.scan": "Doorzoek altijd alle zaken (ook vragen, notities en gesprekken), niet eerst de index.",
    "help.verify.rebuild_index": "Bouw de versleutelde zoekindex opnieuw op uit de zaken.",
    "error.index_damaged": "De zoekindex is beschadigd; 'loket verify --rebuild-index' bouwt hem opnieuw op.",
    "error.index_mismatch": ("De zoekindex klopt niet met de zaken; "
                             "'loket verify --rebuild-index' bouwt hem opnieuw op."),
    "verify.index_failure": "{case}: de zoekindex klopt niet met deze zaak.",
    "verify.index_damaged": "Een deel van de zoekindex opent niet of hoort bij geen zaak.",
    "verify.index_rebuilt": "Zoekindex opnieuw opgebouwd uit de zaken.",
    "intake.recognised": "Deze bezoeker is eerder geweest: {case} ({status}, geopend {date}), zelfde {fields}.",
    "intake.recognised_more": "En nog {count} andere zaken met dezelfde gegevens.",
    "prompt.intake_new_anyway": "Toch een nieuwe zaak openen (nee: verder in {case})?",
    # -- restore of an older backup (fixes) --
    "restore.left_out": ("{count} zaak/zaken van na de back-up zijn niet teruggezet; hun zaaknummers "
                         "worden niet opnieuw uitgegeven ('loket audit' noemt ze)."),
    "error.stdin_field_empty": ("Niets gelezen van stdin voor {field}; een veld leegmaken gaat met een lege "
                                "waarde (\"\")."),
    # -- a store upgrade that needs the key --
    "store.upgrading": "De opslag wordt na deze update eenmalig bijgewerkt; met veel zaken duurt dat even.",
    # -- one field from stdin --
    "error.stdin_once": "Maar één veld kan van stdin komen; geef er meer tegelijk met --from-json -.",
    # -- a consult without friction (issue 22) --
    "prompt.skipped": "(overgeslagen)",
    "agenda.waiting": "Wacht op de bezoeker of een instantie ({count})",
    "agenda.who_desk": "wij",
    "agenda.who_visitor": "bezoeker",
    "agenda.who_agency": "instantie",
    "error.choice_close": "Onbekende waarde. Bedoelt u: {candidates}?",
    "error.no_such_command_close": "Onbekend commando. Bedoelt u: {candidates}?",
    "help.close.minutes": ("Bestede minuten bij dit laatste gesprek (bij een zaak van vandaag zonder minuten: "
                           "die van de intake); aan een terminal gevraagd."),
    "prompt.stdin_hint": "Typ de tekst; sluit af met Ctrl-D op een nieuwe regel.",
    "prompt.lines_hint": "(meerdere regels; sluit af met een regel met alleen een punt, of Ctrl-D)",
    "prompt.note_lines": "Notitie",
    "prompt.handover_what": "Wat heeft u doorgegeven (Enter = overslaan)",
    "prompt.visit_note": "Wat is besproken (Enter = overslaan)",
    "prompt.visit_minutes": "Bestede minuten",
    "prompt.consult_minutes": "Bestede minuten bij dit gesprek (Enter = overslaan)",
    "shell.next_visitor": "Volgende bezoeker: scherm en geschiedenis gewist.",
    "shell.next_visitor_forgot": "Volgende bezoeker: scherm en geschiedenis gewist; er is geen huidige zaak meer.",
    "visitor.task_agency_at": "{agency}{what} Op {date}.",
    "visitor.appointment": "U heeft een afspraak bij {where} op {date}.",
    "visitor.appointment_about": "Het gaat om: {what}",
    "visitor.at_us": "ons",
    "visitor.bring_no_date": "Wat moet u nog meenemen of opsturen?",
    "visitor.notes_as_written": "",
    "date.at_time": "{date} om {time}",
    "prompt.minutes_edit": "Bestede minuten bij de intake",
    "prompt.consent": "Toestemming om instanties te benaderen en gegevens vast te leggen?",
    "prompt.more": "Meer vastleggen (verwijzing, levensgebeurtenis, DigiD, taal, begeleiding)?",
    "prompt.visit_question": "Waar gaat het vandaag over (Enter = overslaan)",
    "intake.continued": "Geen nieuwe zaak geopend: bezoek vastgelegd op {case}.",
}

MESSAGES["error.vocab_unknown"] = "Onbekende waarde. Kies uit: {candidates}."
# The typed text is not repeated: a name typed in the wrong place must not end
# up in a message. The candidates are reference data.
for _name, (_noun, _unknown) in _VOCAB_NOUNS.items():
    MESSAGES[f"error.vocab_unknown.{_name}"] = f"{_unknown} {_noun}. Bedoelt u: {{candidates}}?"
    MESSAGES[f"error.vocab_ambiguous.{_name}"] = (
        f"Dat past bij meer dan één {_noun}: {{candidates}}. Typ er meer van."
    )

# -- clear questions and answers (issue 11) --
# Nothing close to what was typed: the whole list, without a guess.
for _name, (_noun, _unknown) in _VOCAB_NOUNS.items():
    MESSAGES[f"error.vocab_choices.{_name}"] = f"{_unknown} {_noun}. Kies uit: {{candidates}}."

# -- Windows and macOS (issue 24) --
MESSAGES.update({
    "error.store_outside_profile": (
        "De map van de opslag ligt niet in uw eigen profielmap (of op een netwerkschijf); wie daar mag "
        "schrijven is op deze computer niet na te gaan. Zet de opslag in uw profiel (standaard: "
        "%LOCALAPPDATA%\\loket), of kies een andere plek met --db of LOKET_DB."
    ),
    "error.store_file_foreign": (
        "Naast de opslag staat '{file}', maar dat is geen gewoon bestand van u (een koppeling, een pijp, of van "
        "een ander); loket gebruikt het niet. Verwijder het zelf, of zet de opslag in een map die alleen u kunt "
        "beschrijven."
    ),
    "warning.store_synced": (
        "Let op: de opslag staat in een map die {service} synchroniseert; zo gaat een kopie van de kluis van "
        "deze computer af. Zet hem op een lokale plek (--db of LOKET_DB)."
    ),
    "help.unlock.shell": (
        "Voor welke shell de regels zijn: posix (bash, zsh), powershell of cmd; standaard powershell in "
        "PowerShell (PSModulePath gezet, SHELL niet), anders posix."
    ),
    "unlock.done.powershell": (
        "Ontgrendeld tot {until}. Gebruik: loket unlock | Invoke-Expression; 'loket lock' vergrendelt weer."
    ),
    "unlock.done.cmd": (
        "Ontgrendeld tot {until}. Gebruik: for /f \"delims=\" %i in ('loket unlock --shell cmd') do @%i; "
        "'loket lock' vergrendelt weer."
    ),
    "error.unlock_on_screen.powershell": (
        "Zo komt de sessiesleutel op het scherm. Gebruik: loket unlock | Invoke-Expression. Er is niets ontgrendeld."
    ),
    "error.unlock_on_screen.cmd": (
        "Zo komt de sessiesleutel op het scherm. Gebruik: for /f \"delims=\" %i in ('loket unlock --shell cmd') "
        "do @%i. Er is niets ontgrendeld."
    ),
    "error.unlock_shell": "Onbekende shell. Kies uit: {choices}.",
})
