"""The English catalogue: the same keys and placeholders as `nl.py`.

Dutch names of things in the Dutch system (BSN, DigiD, professionallijn,
driegesprek, inzage, bewaartermijn) are kept, with an English gloss where a
worker first meets them. Option names, command names and codes stay as they are.
Loaded only when English is asked for (see `loketcli.i18n`).
"""

from __future__ import annotations

_VOCAB_NOUNS = {
    "agencies": "agency",
    "channels": "channel",
    "referrals": "referrer",
    "life_events": "life event",
    "companions": "companion",
}

MESSAGES: dict[str, str] = {
    # -- errors ----------------------------------------------------------------
    "error.generic": "Something went wrong.",
    "error.unexpected": "Unexpected error ({kind}). Nothing was half-saved; please try again.",
    "error.aborted": "Cancelled; nothing was saved.",
    "error.bad_input": "Invalid input.",
    "error.usage": "Invalid command usage.",
    "error.usage_hint": "See '{command} --help'.",
    "error.no_such_command": "Unknown command.",
    "error.no_such_option": "Unknown option: {option}.",
    "error.missing_parameter": "{param} is missing.",
    "error.bad_parameter": "Invalid value for {param}.",
    "error.unknown_case": "Case {case} does not exist.",
    "error.case_id_format": "That is not a case number. Use, for example, K-0042 or 42.",
    "error.field_required": "The field '{field}' is required.",
    "error.field_too_long": "The field '{field}' is too long (at most {limit} characters).",
    "error.minutes": "Minutes must be a whole number from 0 up to and including {maximum}.",
    "error.email": "That is not a valid email address.",
    "error.phone": (
        "That is not a valid phone number. For example: 06 12345678, 020 123 4567 or +32 470 12 34 56."
    ),
    "error.bsn_format": "A BSN (citizen service number) has 9 digits.",
    "error.bsn_elfproef": "This BSN is not valid (it fails the elfproef check). Check the number with the visitor.",
    "error.digid": "Unknown DigiD status. Choose from: {choices}.",
    "error.status": "Unknown status. Choose from: {choices}.",
    "error.bad_date": (
        "Could not understand that date. For example: tomorrow, tuesday, 1-12 (day-month), 1 dec 14:30,"
        " in 5 working days, 2026-12-01 14:30."
    ),
    "error.ambiguous_date": (
        "That date could mean more than one day. Please be more precise, for example: tuesday,"
        " tuesday next week, 1-12 (day-month), in 12 days."
    ),
    "error.bad_time": "That time does not exist. Use 00:00–23:59, for example 14:30, 14h30, 9h.",
    "error.date_in_past": (
        "The date {text} is in the past; choose today or later, or use --allow-past if that is what you meant."
    ),
    "error.locked": (
        "The store is locked. Run 'loket unlock', or give the passphrase via"
        " LOKET_PASSPHRASE or --passphrase-file."
    ),
    "error.init_needs_passphrase": (
        "No passphrase: give it via LOKET_PASSPHRASE or --passphrase-file, or start in a terminal."
    ),
    "error.session_expired": "The session has expired. Run 'loket unlock' again.",
    "error.session_ended": "The session has been ended (loket lock). Run 'loket unlock' again.",
    "error.agent_lost": (
        "The command started but did not report back; check with 'loket show' what was recorded."
    ),
    "error.session_invalid": "The session key does not match this store. Run 'loket unlock' again.",
    "error.session_hours": "A session must last more than 0 and at most {maximum} hours.",
    "error.wrong_passphrase": "Wrong passphrase. Nothing was changed.",
    "error.passphrase_mismatch": "The two passphrases are not the same. Nothing was created.",
    "error.passphrase_too_short": "The passphrase must be at least {minimum} characters long.",
    "error.passphrase_file": "The passphrase file cannot be read.",
    "error.store_not_found": "There is no store here yet. Create one with 'loket init'.",
    "error.store_exists": "There is already a store at this location; loket will not overwrite it.",
    "error.not_a_store": "This file is not a loket store.",
    "error.corrupt_store": "The store is damaged (not a valid database file). Restore a backup.",
    "error.corrupt_keyslot": "The key data in the store is damaged. Restore a backup.",
    "error.tampered": "Encrypted data has been changed or damaged; nothing is shown.",
    "error.tampered_record": (
        "Encrypted data in {table} (row {id}) has been changed or damaged; nothing is shown."
    ),
    "error.newer_schema": (
        "This store was made by a newer version of loket (schema {found}; this version supports"
        " up to and including {supported}). Please update loket."
    ),
    "error.store_busy": "The store is in use by another loket command. Please try again in a moment.",
    "error.io": "The store cannot be read or written. Nothing was half-saved.",
    "error.disk_full": "The disk is full. Nothing was saved.",
    # -- init, unlock, lock ------------------------------------------------------
    "init.done": "Encrypted store created: {path}",
    "init.warning_no_recovery": (
        "Please note: without this passphrase the data is lost for good. Nobody can get it back."
    ),
    "unlock.done": "Unlocked until {until}. Use: eval \"$(loket unlock)\"; 'loket lock' locks it again.",
    "lock.done": "Locked: the session has been ended.",
    "lock.no_session": "There was no active session.",
    # -- prompts -----------------------------------------------------------------
    "prompt.passphrase": "Passphrase",
    "prompt.new_passphrase": "New passphrase",
    "prompt.repeat_passphrase": "Repeat the passphrase",
    "prompt.name": "Name or initials",
    "prompt.question": "Question (in the visitor's own words)",
    "prompt.channel": "Channel",
    "prompt.referred_by": "Referred by (Enter = skip)",
    "prompt.life_events": "Life events, separated by commas (Enter = none)",
    "prompt.agencies": "Agencies involved, separated by commas (Enter = none)",
    "prompt.digid": "DigiD",
    "prompt.consent_contact": "Consent to contact agencies on the visitor's behalf?",
    "prompt.consent_record": "Consent to record their details?",
    "prompt.minutes": "Minutes spent (Enter = skip)",
    "prompt.phone": "Phone (Enter = skip)",
    "prompt.email": "Email (Enter = skip)",
    "prompt.bsn": "BSN (Enter = skip)",
    "prompt.language": "Preferred language (Enter = skip)",
    "prompt.companion": "Who came along (Enter = skip)",
    # -- intake, show, list ------------------------------------------------------
    "intake.done": "Case {case} opened.",
    "yes": "yes",
    "no": "no",
    "status.open": "open",
    "status.gesloten": "closed",
    "digid.heeft": "has DigiD",
    "digid.geen": "no DigiD",
    "digid.aangevraagd": "DigiD applied for",
    "digid.onbekend": "unknown",
    "event.intake": "Intake",
    "show.name": "Name",
    "show.phone": "Phone",
    "show.email": "Email",
    "show.bsn": "BSN",
    "show.language": "Language",
    "show.digid": "DigiD",
    "show.companion": "Came with",
    "show.status": "Status",
    "show.opened": "Opened",
    "show.closed": "Closed",
    "show.channel": "Channel",
    "show.referred_by": "Referred by",
    "show.question": "Question",
    "show.life_events": "Life events",
    "show.agencies": "Agencies",
    "show.consent_contact": "Consent to contact",
    "show.consent_record": "Consent to record",
    "show.total_minutes": "Total minutes",
    "show.timeline": "Timeline",
    "show.col_when": "When",
    "show.col_what": "What",
    "show.minutes_suffix": "({minutes} min)",
    "list.col_id": "Case",
    "list.col_opened": "Opened",
    "list.col_status": "Status",
    "list.col_visitor": "Visitor",
    "list.col_agencies": "Agencies",
    "list.empty": "No cases found.",
    "error.unknown_followup": "Follow-up {followup} does not exist.",
    "error.followup_id_format": "That is not a follow-up number. Use, for example, 12 or #12.",
    "error.followup_already_done": "Follow-up {followup} is already marked as done.",
    "error.case_closed": "Case {case} is closed. Reopen it first with 'loket reopen'.",
    "error.case_already_closed": "Case {case} is already closed.",
    "error.case_already_open": "Case {case} is already open.",
    "error.open_followups": (
        "Case {case} still has {count} open follow-up(s): {followups}. Mark them as done or cancel them"
        " (loket followup cancel), or close with --force: then they are cancelled."
    ),
    "error.close_result": "Unknown result. Choose from: {choices}.",
    "error.satisfaction": "Satisfaction is a number from 1 up to and including 5.",
    "error.write_not_a_file": "loket cannot write a file there: it is a folder or device, not a regular file."
                              " Nothing was written.",
    "error.write_file": "The file cannot be written. Nothing was half-written.",
    # -- follow-ups, agenda, close ------------------------------------------------
    "followup.added": "Follow-up {followup} scheduled on case {case}.",
    "followup.done": "Follow-up {followup} marked as done.",
    "followup.moved": "Follow-up {followup} rescheduled.",
    "followup.none": "No open follow-ups.",
    "followup.col_id": "No.",
    "followup.col_case": "Case",
    "followup.col_due": "When",
    "followup.col_status": "Status",
    "followup.col_what": "What",
    "followup.open": "open",
    "followup.is_done": "done",
    "agenda.overdue": "Overdue ({count})",
    "agenda.today": "Today ({count})",
    "agenda.upcoming": "Coming days ({count})",
    "agenda.nothing": "nothing",
    "agenda.late": "{days} working day(s) late",
    "agenda.followup": "follow-up",
    "agenda.bring": "bring along",
    "agenda.callback": "callback request",
    "agenda.ics_written": "{count} open follow-up(s) written to {path}.",
    "close.confirm_open_followups": "Close it anyway? These follow-up(s) will then be cancelled.",
    "close.done": "Case {case} closed.",
    "reopen.done": "Case {case} reopened.",
    "event.opvolging-gepland": "Follow-up scheduled",
    "event.opvolging-verzet": "Follow-up rescheduled",
    "event.opvolging-gedaan": "Follow-up done",
    "event.gesloten": "Closed",
    "event.heropend": "Reopened",
    "result.opgelost": "resolved",
    "result.deels-opgelost": "partly resolved",
    "result.doorverwezen": "referred elsewhere",
    "result.geen-recht-uitgelegd": "not entitled, but explained",
    "result.gestopt": "visitor stopped",
    "show.satisfaction": "(satisfaction {score}/5)",
    "show.open_followups": "Open follow-ups ({count})",
    "error.case_closed_reopen": "Case {case} is closed. Use --reopen to reopen the case for this.",
    "error.call_outcome": "Unknown outcome. Choose from: {choices}.",
    "error.at_before_opened": "That moment is before case {case} was opened.",
    "error.erase_wal_busy": (
        "Case {case} is erased, but another loket command still holds old data in the"
        " WAL file. Close it and run 'loket verify'."
    ),
    "error.restore_ledger": (
        "The current store cannot be read; loket does not restore a backup without its list of"
        " erased cases. Move the damaged file aside first."
    ),
    "error.at_in_future": "That moment is in the future; --at is for things that have already happened.",
    "error.warm_or_cold": "Say whether this is a warm (--warm) or cold (--cold) handover.",
    "error.editor": "The editor did not close properly; nothing was saved.",
    "error.find_too_short": "Give at least 2 characters to search for.",
    "error.edit_nothing": "Nothing to correct: give a field, for example --phone or --question.",
    # -- timeline ------------------------------------------------------------------
    "call.done": "Call recorded on case {case}.",
    "call.followup_created": "Callback request: follow-up {followup} scheduled for {due}.",
    "note.done": "Note added to case {case}.",
    "note.editor_hint": "Write the note. Lines starting with # are ignored; leave it empty to cancel.",
    "visit.done": "Consultation of {minutes} minutes recorded on case {case}.",
    "handover.done_warm": "Warm handover recorded on case {case}.",
    "handover.done_cold": "Handover recorded on case {case}.",
    "edit.done": "Case {case} corrected: {fields}.",
    "edit.unchanged": "Case {case}: nothing changed.",
    "find.none": "Nothing found.",
    "find.col_matched": "Found in",
    "find.more": "Showing {shown} of {total} cases found (newest first); --limit 0 shows them all.",
    "prompt.driegesprek": "Was the visitor on the call too (driegesprek, a three-way call)?",
    "prompt.contact": "Spoke with (Enter = skip)",
    "prompt.call_question": "Question asked (Enter = skip)",
    "prompt.call_answer": "Answer (Enter = skip)",
    "prompt.outcome": "Outcome",
    "prompt.reference": "The agency's reference number (Enter = skip)",
    "prompt.note": "Note (Enter = skip)",
    "prompt.callback": "Call back or answer no later than",
    "event.professionallijn": "Professionallijn (agency line for professionals)",
    "event.notitie": "Note",
    "event.consult": "Consultation",
    "event.overdracht": "Handover",
    "event.correctie": "Correction",
    "outcome.opgelost": "resolved",
    "outcome.terugbelverzoek": "callback request",
    "outcome.doorverwezen": "referred elsewhere",
    "outcome.geen-gehoor": "no answer",
    "outcome.informatie-ontvangen": "information received",
    "show.driegesprek": "(driegesprek, three-way call)",
    "show.call_contact": "spoke with",
    "show.call_question": "question",
    "show.call_answer": "answer",
    "show.call_reference": "reference",
    "show.call_note": "note",
    "show.call_followup": "follow-up #{followup}",
    "show.handover_warm": "(warm) to {to}",
    "show.handover_cold": "(cold) to {to}",
    "show.agencies_involved": "Agencies involved",
    "show.calls": "Calls",
    "field.name": "name",
    "field.phone": "phone",
    "field.email": "email",
    "field.bsn": "BSN",
    "field.language": "language",
    "field.digid": "DigiD",
    "field.companion": "came with",
    "field.question": "question",
    "field.channel": "channel",
    "field.referred_by": "referred by",
    "field.life_events": "life events",
    "field.agencies": "agencies",
    "field.consent_contact": "consent to contact",
    "field.anonymous": "anonymous",
    "field.consent_record": "consent to record",
    "field.minutes": "minutes",
    "error.retention": (
        "Could not understand that bewaartermijn (retention period). Examples: 2y, 18m, 26w, 730d."
    ),
    "error.purge_tampered": (
        "Not erased, because the data does not check out (changed?): {cases}. Run 'loket verify'."
    ),
    "error.lang": "Unknown language. Choose from: {choices}.",
    "error.unknown_setting": "Unknown setting '{setting}'. Choose from: {choices}.",
    "error.needs_yes": "This needs confirmation. In a script, pass --yes.",
    "error.audit_broken": (
        "The audit trail has been changed: entry {entry} does not match (or an entry before it was removed)."
    ),
    "error.audit_truncated": "The audit trail has been cut short: entries are missing after entry {count}.",
    "error.integrity": "SQLite reports damage in the store. Restore a backup.",
    "error.verify_failed": "{count} encrypted value(s) could not be opened: changed or damaged.",
    "error.format": "Unknown format. Choose from: {choices}.",
    "error.backup_exists": "The target file already exists. Use --force to overwrite it.",
    "error.backup_missing": "The backup was not found.",
    "error.backup_failed_check": "The backup did not pass the check; nothing has been replaced.",
    "error.wrong_recovery_key": "Wrong recovery key. Nothing was changed.",
    "error.no_recovery_slot": "This store has no recovery key.",
    "error.recovery_needed": "Give the recovery key via LOKET_RECOVERY_KEY, or start in a terminal.",
    "error.new_passphrase_needed": "Give the new passphrase via LOKET_NEW_PASSPHRASE, or start in a terminal.",
    # -- privacy lifecycle ---------------------------------------------------------
    "init.recovery_intro": (
        "Recovery key (shown only once; keep it offline, for example on paper in a safe):"
    ),
    "init.recovery_warning": (
        "Without the passphrase and without this recovery key, the data is lost for good."
    ),
    "prompt.recovery_key": "Recovery key",
    "prompt.confirm_invalid": "Answer y (yes) or n (no).",
    "passwd.done": "Passphrase changed. Any running session has ended: run 'loket unlock' again.",
    "erase.confirm": "Erase case {case} permanently?",
    "erase.done": "Case {case} has been erased and can no longer be recovered.",
    "purge.confirm": "Permanently erase {count} case(s)?",
    "purge.would": (
        "{count} case(s) are past the bewaartermijn (retention period, {retention}) and would be erased."
    ),
    "purge.done": "{count} case(s) erased (bewaartermijn {retention}).",
    "config.set": "{setting} = {value}",
    "audit.intact": "Audit trail intact: {count} entries checked.",
    "audit.col_id": "No.",
    "audit.col_at": "When",
    "audit.col_command": "Command",
    "audit.col_cases": "Cases",
    "audit.col_detail": "Detail",
    "inzage.title": "Inzage (subject access): your personal data ({case})",
    "inzage.intro": "This overview contains everything this service desk has recorded about you, made on {date}.",
    "inzage.facts": "Your details",
    "inzage.field": "Item",
    "inzage.value": "Value",
    "inzage.followups": "Appointments and follow-up",
    "inzage.audit": "Who viewed or changed your data",
    "inzage.audit_intro": "Every time a staff member opened or changed your file is listed below.",
    "inzage.written": "Inzage (subject access) written to {path} (with a JSON copy in {json}).",
    "backup.done": "Backup made and checked ({count} values): {path}",
    "restore.confirm": "Replace the store {path} with the backup?",
    "restore.done": (
        "Backup restored ({count} values checked; {erased} previously erased case(s) erased again)."
    ),
    "verify.ok": "Store is in order: {count} values checked.",
    "verify.failure": "Cannot open {table} row {id}: changed or damaged.",
    "error.setting_text": "A text setting is 1 to 100 characters long.",
    "error.merge_empty": "Give at least one statistics file to merge.",
    "error.merge_schema": "This statistics file has a different schema (supported: {supported}).",
    "error.merge_suppressed": "Files made with --min-count cannot be added up; make them without --min-count.",
    "error.merge_file": "Statistics file {path} cannot be read or is not valid JSON.",
    "error.period": "Give one period: --month, --year or --from/--to (for export: --day or --from/--to).",
    "error.period_order": "The start of the period is after its end.",
    "error.month": "Could not understand that month. Use, for example, 2026-11.",
    "error.year": "Could not understand that year. Use, for example, 2026.",
    "error.min_count": "--min-count is a number of 2 or more.",
    # -- summaries, overview, export, stats -----------------------------------------
    "date.long": "{weekday} {day} {month} {year}",
    "weekday.0": "Monday",
    "weekday.1": "Tuesday",
    "weekday.2": "Wednesday",
    "weekday.3": "Thursday",
    "weekday.4": "Friday",
    "weekday.5": "Saturday",
    "weekday.6": "Sunday",
    "month.1": "January",
    "month.2": "February",
    "month.3": "March",
    "month.4": "April",
    "month.5": "May",
    "month.6": "June",
    "month.7": "July",
    "month.8": "August",
    "month.9": "September",
    "month.10": "October",
    "month.11": "November",
    "month.12": "December",
    "summary.title": "Case {case} ({status})",
    "summary.time": "Contact time",
    "summary.minutes": "{minutes} minutes",
    "summary.done": "Done",
    "summary.done_counts": "{calls} call(s) via the professionallijn, {handovers} handover(s)",
    "summary.calls": "{count} call(s)",
    "summary.last_outcome": "last outcome: {outcome}",
    "summary.handed_over": "handed over",
    "summary.handed_over_warm": "handed over warm",
    "summary.open_count": "{count} open",
    "summary.no_contact_yet": "no contact yet",
    "summary.open": "Still open",
    "summary.late": "(overdue)",
    "visitor.title": "Your visit to the service desk",
    "visitor.intro": "This is a summary of your conversation on {date}. Please keep it in a safe place.",
    "visitor.step_callback": "{agency} will call us back, by {date} at the latest. We will let you know.",
    "visitor.step_callback_waiting": "We are still waiting for an answer from {agency}. We will let you know.",
    "visitor.step_handover": "{agency} will help you further. We have passed your question on to them.",
    "visitor.no_steps": "You do not need to do anything right now.",
    "visitor.bring": "What should you bring to your next appointment?",
    "visitor.bring_item": "{what} (appointment on {date})",
    "visitor.about": "What was it about?",
    "visitor.contacted": "Who did we speak to on your behalf?",
    "visitor.references": "Reference numbers (from the agencies)",
    "visitor.questions": "Any questions?",
    "summary.written": "Written to {path}.",
    "error.delimiter": "The delimiter is a single character, for example ; or ,.",
    "export.written": "Export written to {path} ({count} rows).",
    "export.none": "No contacts in this period.",
    "stats.written": "Statistics written to {path}.",
    "progress.push_cases": "Register: cases",
    "progress.push": "{requests} requests, {refused} with a refusal, {unreachable} not reached",
    "progress.reading": "Reading data",
    "progress.demo": "Writing demo cases",
    "progress.verify": "Checking the store",
    "progress.backup": "Checking the backup",
    "progress.restore": "Checking the backup",
    "progress.purge": "Erasing cases past retention",
    "progress.rotate": "New key: cases",
    "progress.migrate": "Updating: cases",
    # -- demo --------------------------------------------------------------------
    "demo.intro": "Demo: {count} made-up cases recorded in an encrypted store.",
    "demo.agenda": "This is what 'loket today' looks like for these cases:",
    "demo.generated": "{count} synthetic cases written to {path}.",
    "demo.kept": "The demo store is at {path}.",
    "demo.passphrase": "The demo passphrase is: {passphrase}",
    "demo.discarded": "The temporary demo store has been removed.",
    # -- help texts (--help): help.<command>[.<option>], help.option.*, help.panel.* ----
    "help.loket": "loket: keep track of cases at the government-wide service desk, encrypted on this computer.",
    "help.loket.lang": "Language of loket: nl or en (also LOKET_LANG).",
    "help.loket.version": "Show the version.",
    "help.option.db": "Path to the store (default: in loket's app folder).",
    "help.option.passphrase_file": "Read the passphrase from this file (for scripts).",
    "help.option.json": "Output as JSON on stdout.",
    "help.panel.intake": "Intake",
    "help.panel.call": "Call",
    "help.panel.fields": "Fields",
    "help.init": "Create a new, encrypted store.",
    "help.init.recovery_key": "Create a one-time recovery key (default).",
    "help.unlock": 'Unlock for the working day: type the passphrase once.\n\nUse it as: eval "$(loket unlock)"',
    "help.unlock.hours": "How long the session stays valid.",
    "help.unlock.raw": "Print only the session key.",
    "help.unlock.agent": (
        "Start a pre-warmed loket process for the session, so every command answers at once"
        " (also off with LOKET_NO_AGENT=1)."
    ),
    "help.lock": "Lock: end the session started by loket unlock.",
    "help.intake": "Open a new case (intake). Without options, loket asks for each field.",
    "help.intake.name": "Name or initials of the visitor.",
    "help.intake.question": "The question, in the visitor's own words.",
    "help.intake.channel": (
        "balie, afspraak, telefoon, wijk, huisbezoek (desk, appointment, phone, neighbourhood, home visit)."
    ),
    "help.intake.referred_by": "How the visitor found their way here.",
    "help.intake.life_event": "Life event (repeatable).",
    "help.intake.agency": "Agency involved (repeatable).",
    "help.intake.digid": "heeft, geen, aangevraagd, onbekend (has one, none, applied for, unknown).",
    "help.intake.consent": "Consent to contact agencies and to record data.",
    "help.intake.consent_contact": "Consent to contact agencies only.",
    "help.intake.anonymous": (
        "The visitor declines having their details recorded: keep no name, phone, e-mail or BSN."
    ),
    "prompt.anonymous": "Then loket keeps no name, phone, e-mail or BSN. Go on anonymously?",
    "intake.anonymous": "Anonymous case: no name, phone, e-mail or BSN was kept; the case does count.",
    "call.anonymous": (
        "Note: this visitor declined having their details recorded. Write nothing in the call that points "
        "to the person."
    ),
    "error.register_anonymous": (
        "{case} is anonymous: the visitor declined having their details recorded, so nothing goes to the register."
    ),
    "help.intake.consent_record": "Consent to record data only.",
    "help.intake.minutes": "Minutes spent.",
    "help.intake.phone": "Phone number.",
    "help.intake.email": "Email address.",
    "help.intake.bsn": "BSN (checked with the elfproef; shown masked).",
    "help.intake.language": "Preferred language.",
    "help.intake.companion": "Who came along: tolk (interpreter), familie (family), kennis (acquaintance), ...",
    "help.show": "Show a case: visitor, intake, status and timeline.",
    "help.show.case": "Case number, for example K-0042.",
    "help.show.bsn": "Show the BSN in full.",
    "help.list": "Show the cases (open cases by default), newest first.",
    "help.list.status": "open, gesloten or alle (open, closed or all).",
    "help.list.agency": "Only cases involving this agency.",
    "help.list.names": "Show full names instead of initials.",
    "help.list.limit": "Show at most this many cases (0 = all).",
    "help.call": "Record a call on the professionallijn. A callback request becomes a follow-up by itself.",
    "help.call.case": "Case number.",
    "help.call.agency": "Agency: uwv, svb, toeslagen, belasting, ...",
    "help.call.driegesprek": "The visitor took part (three-way call).",
    "help.call.contact": "Who you spoke to at the agency.",
    "help.call.question": "The question asked.",
    "help.call.answer": "The answer.",
    "help.call.outcome": (
        "opgelost, terugbelverzoek, doorverwezen, geen-gehoor, informatie-ontvangen"
        " (resolved, callback request, referred elsewhere, no answer, information received)"
    ),
    "help.call.minutes": "Duration in minutes.",
    "help.call.reference": "The agency's reference number.",
    "help.call.note": "Note.",
    "help.call.callback": "Callback or answer due by: in 5 working days, thursday, ...",
    "help.call.at": "When the call took place (default: now).",
    "help.call.reopen": "Reopen a closed case for this.",
    "help.note": "Add a note to a case.",
    "help.note.case": "Case number.",
    "help.note.text": "The note; otherwise read from stdin or from $EDITOR.",
    "help.note.reopen": "Reopen a closed case for this.",
    "help.visit": "Record a follow-up consultation with a returning visitor.",
    "help.visit.case": "Case number.",
    "help.visit.minutes": "Duration of the consultation in minutes.",
    "help.visit.at": "When (default: now): yesterday 14h, ...",
    "help.visit.note": "Short note on the consultation.",
    "help.visit.reopen": "Reopen a closed case for this.",
    "help.handover": "Record a (warm) hand-over to an agency, department or partner.",
    "help.handover.case": "Case number.",
    "help.handover.to": "To whom: wijkteam, stadsbank, juridisch loket, uwv, ...",
    "help.handover.warm": "Warm hand-over: passed on to the agency in person.",
    "help.handover.what": "What was handed over.",
    "help.handover.minutes": "Minutes spent.",
    "help.handover.reopen": "Reopen a closed case for this.",
    "help.edit": (
        "Correct intake details. The old and new values stay visible on the timeline.\n\n"
        'An empty value (--phone "") clears an optional field.'
    ),
    "help.edit.case": "Case number.",
    "help.edit.life_event": "Replaces the list.",
    "help.edit.agency": "Replaces the list.",
    "help.find": "Search cases by name, question, note or call text.",
    "help.find.text": "Search text (name, question, note, BSN, phone...).",
    "help.find.names": "Show full names instead of initials.",
    "help.find.limit": "Show at most this many cases, newest first (0 = all).",
    "help.followup": "Follow-ups: plan, tick off, reschedule, show.",
    "help.followup.add": "Plan a follow-up on a case.",
    "help.followup.add.case": "Case number, for example K-0042.",
    "help.followup.add.what": "What needs to be done.",
    "help.followup.add.due": "When: tomorrow, tuesday 10h, in 5 working days, 1-12 (day-month) ...",
    "help.followup.add.allow_past": "Allow a date in the past.",
    "help.followup.add.bring": "Something the visitor brings to the next appointment.",
    "help.followup.done": "Tick off a follow-up.",
    "help.followup.done.followup": "Number of the follow-up, for example 12 or #12.",
    "help.followup.move": "Move a follow-up to another date.",
    "help.followup.move.followup": "Number of the follow-up.",
    "help.followup.move.due": "When: tomorrow, tuesday 10h, in 5 working days, 1-12 (day-month) ...",
    "help.followup.move.allow_past": "Allow a date in the past.",
    "help.followup.list": "Show open follow-ups, for one case or for all cases.",
    "help.followup.list.case": "Only this case.",
    "help.followup.list.all": "Include ticked-off follow-ups too (with a case).",
    "help.followup.list.names": "Show the description in the overview of all cases too.",
    "help.today": "What is due today: overdue first, then today, then the coming working days.",
    "help.today.days": "How many working days ahead.",
    "help.today.names": "Show names and the description (mind who is looking on).",
    "help.agenda": "The agenda for the coming week, or all open follow-ups as .ics for Outlook or Thunderbird.",
    "help.agenda.week": "The coming week, at least five working days (default), or everything that is open.",
    "help.agenda.ics": "Write all open follow-ups as an iCalendar file.",
    "help.agenda.names": "Show names and the description (mind who is looking on).",
    "help.close": "Close a case with a result.",
    "help.close.case": "Case number.",
    "help.close.result": (
        "opgelost, deels-opgelost, doorverwezen, geen-recht-uitgelegd, gestopt"
        " (resolved, partly resolved, referred elsewhere, not entitled but explained, visitor stopped)"
    ),
    "help.close.satisfaction": "The visitor's satisfaction, 1-5.",
    "help.close.force": "Close even with open follow-ups, without asking; they are cancelled.",
    "help.reopen": "Reopen a closed case.",
    "help.reopen.case": "Case number.",
    "help.summary": "Summary of a case, or with --for-visitor an overview to hand to the visitor.",
    "help.summary.case": "Case number.",
    "help.summary.for_visitor": "Overview for the visitor (plain language, B1).",
    "help.summary.format": "text, md, json (worker) or text, md, html (visitor).",
    "help.summary.lang": "nl or en (default: LOKET_LANG or nl).",
    "help.summary.references": "Include the agencies' reference numbers in the overview.",
    "help.summary.output": "Write to this file.",
    "help.export": "Export of the contacts of a day (or period) for the end-of-day report.",
    "help.export.day": "The day: today, yesterday, 2026-11-24, ...",
    "help.export.from": "Start of a period.",
    "help.export.to": "End of a period (inclusive).",
    "help.export.format": "csv, json, md or klantinteracties (the contact register's resources).",
    "help.export.names": "With names and free text (recorded in the audit trail).",
    "help.export.delimiter": "Delimiter for csv.",
    "help.export.output": "Write to this file.",
    "help.stats": "Counts for reporting to the programme.",
    "help.stats.month": "Month, for example 2026-11.",
    "help.stats.year": "Year, for example 2026.",
    "help.stats.from": "Start of a period.",
    "help.stats.to": "End of a period (inclusive).",
    "help.stats.format": "table, json or csv.",
    "help.stats.min_count": "Suppress counts below N (for publication).",
    "help.stats.output": "Write to this file.",
    "help.stats.merge": "Add up the statistics of several workers into one team total.",
    "help.stats.merge.files": "JSON files from loket stats --format json.",
    "help.stats.merge.format": "table, json or csv.",
    "help.stats.merge.output": "Write to this file.",
    "help.erase": "Erase a case irrevocably (right to erasure).",
    "help.erase.case": "Case number.",
    "help.erase.yes": "Do not ask for confirmation (for scripts).",
    "help.purge": "Erase all cases that have been closed for longer than the retention period.",
    "help.purge.dry_run": "Only show what would be erased.",
    "help.purge.yes": "Do not ask for confirmation (for scripts).",
    "help.config": "Settings of this store, such as the retention period.",
    "help.config.set": (
        "Change a setting (retention: how long to keep a case after closing, for example 2y; desk.*: the "
        "desk's details on the visitor's overview)."
    ),
    "help.config.set.key": "Setting: retention, desk.name, desk.address, desk.phone, desk.hours, desk.worker.",
    "help.config.set.value": "Value, for example 2y, 18m, 730d; for desk.* a text (empty: leave it out).",
    "help.config.show": "Show the settings.",
    "help.inzage": "Write everything recorded about this visitor, for a GDPR subject access request.",
    "help.inzage.case": "Case number.",
    "help.inzage.output": "File (.md or .html); a .json copy is written next to it.",
    "help.inzage.format": "md or html (default: from the extension).",
    "help.audit": "The audit trail: who viewed or changed which case.",
    "help.audit.case": "Only this case.",
    "help.audit.from": "From (date).",
    "help.audit.to": "Up to and including (date).",
    "help.audit.verify": "Check that the audit trail has not been altered or truncated.",
    "help.passwd": "Change the passphrase (only the key is re-wrapped; fast at any size).",
    "help.passwd.rekdf": "Raise the Argon2id cost to the current default.",
    "help.passwd.recovery": "Forgotten passphrase: use the recovery key.",
    "help.backup": "Make an encrypted, verified backup, even while loket is in use.",
    "help.backup.file": "Target file for the backup.",
    "help.backup.force": "Overwrite an existing file.",
    "help.restore": "Restore a backup. Cases erased earlier stay erased.",
    "help.restore.file": "The backup.",
    "help.restore.yes": "Do not ask for confirmation.",
    "help.verify": "Check the store: SQLite integrity and every encrypted value.",
    "help.demo": "Show how loket works, with made-up cases in a throwaway store.",
    "help.demo.db": "Keep the demo store here instead of in a temporary place.",
    "help.demo.cases": "Create a large synthetic store with this many cases (benchmark).",
    # -- visitor sheet: actors, desk details, truthful sentences (issue 11) --
    "visitor.case_number": "Your case number is {case}. Please mention this number when you contact us.",
    "visitor.you_do": "What do you need to do?",
    "visitor.task_you": "You: {what} Do this by {date} at the latest.",
    "visitor.task_you_late": "You: {what} Not done yet? Please contact us.",
    "visitor.step_cold": "Please contact {agency} yourself. We have not passed your question on to them.",
    "visitor.step_cold_about": "It is about: {what}",
    "visitor.reach_web_phone": "See {website} or call {phone}.",
    "visitor.reach_web": "See {website}.",
    "visitor.reach_phone": "Call {phone}.",
    "visitor.reach_ask": "Not sure how? Ask us.",
    "visitor.reach_for": "Contacting {agency}? {how}",
    "visitor.agreed": "What was agreed?",
    "visitor.agreed_item": "{agency}: {answer}",
    "visitor.agreed_solved": "{agency}: your question has been solved.",
    "visitor.others_do": "What will we and the agencies do?",
    "visitor.task_desk": "We: {what} By {date} at the latest.",
    "visitor.task_desk_late": "We: {what} This is not done yet.",
    "visitor.task_agency": "{agency}{what} By {date} at the latest.",
    "visitor.task_agency_late": "{agency}{what} We are still waiting for this.",
    "visitor.contacted_said": "{agency} said: {answer}",
    "visitor.not_reached": "Who could we not reach?",
    "visitor.not_reached_item": "We called {agency}. Nobody answered.",
    "visitor.desk_named": "Contact {desk}.",
    "visitor.desk_unnamed": "Come back to the desk where you were given this overview.",
    "visitor.desk_address": "Address: {address}",
    "visitor.desk_phone": "Phone: {phone}",
    "visitor.desk_hours": "Opening hours: {hours}",
    "visitor.desk_worker": "You spoke with: {worker}",
    "help.followup.add.actor": (
        "Who does it: loket (desk, the default), bezoeker (visitor) or instantie (agency, with "
        "--agency). English words work too."
    ),
    "help.followup.add.agency": "The agency it concerns, for example duo. Without --actor that agency does it.",
    "error.followup_actor": "Choose who does it: {choices} (or visitor, desk, agency).",
    "error.followup_actor_agency": "Say which agency does it, with --agency (for example --agency duo).",
    "error.followup_bring_actor": (
        "Something to bring (--bring) is brought by the visitor: leave out --actor or choose bezoeker."
    ),
    # -- transfer (issue 17) --
    "help.identity": "Show this store's public identity, to give to colleagues.",
    "help.colleague": "Colleagues you can hand cases to (their public identity).",
    "help.colleague.add": "Add a colleague: a name of your choosing and their identity (loket1...).",
    "help.colleague.add.name": "A name of your choosing for this colleague.",
    "help.colleague.add.identity": "The identity `loket identity` shows on the colleague's machine (loket1...).",
    "help.colleague.list": "Show the colleagues with their fingerprints.",
    "help.colleague.remove": "Remove a colleague; their files then count as from someone unknown.",
    "help.colleague.remove.name": "The colleague's name.",
    "help.transfer": "Hand a whole case to a colleague, encrypted to them alone.",
    "help.transfer.send": "Write a case into an encrypted, signed file for one colleague.",
    "help.transfer.send.case": "The case, e.g. K-0042.",
    "help.transfer.send.to": "The colleague's name (see `loket colleague list`).",
    "help.transfer.send.output": "The file you give to the colleague.",
    "help.transfer.send.why": "Why the case moves (otherwise asked, or read from stdin).",
    "help.transfer.send.followups": "Which follow-ups go along: all, none, or numbers like 3,5.",
    "help.transfer.send.keep_open": "Do not close the case here as handed over.",
    "help.transfer.receive": "Take over a case from a colleague's file.",
    "help.transfer.receive.file": "The colleague's file.",
    "help.transfer.receive.accept_unknown": "Also accept a file from an unknown sender (scripts).",
    "help.identity.export_age_key": "Write the secret age key to this file (for `age -d -i`); keep it safe.",
    "identity.exported": (
        "Secret age key written (readable by you only). "
        "Whoever has this file can read your transfers."
    ),
    "identity.fingerprint": "Fingerprint (read it aloud to check): {fingerprint}",
    "colleague.added": "Colleague added. Check the fingerprint together, on the phone for example: {fingerprint}",
    "colleague.removed": "Colleague removed.",
    "colleague.none": "No colleagues yet. Add one with `loket colleague add NAME IDENTITY`.",
    "colleague.col_name": "Name",
    "colleague.col_fingerprint": "Fingerprint",
    "colleague.col_added": "Added",
    "prompt.transfer_why": "Why does the case go to this colleague?",
    "transfer.sent": "{case} written, encrypted for the colleague, with {followups} follow-up(s).",
    "transfer.sent_closed": "{case} is closed here as handed over.",
    "transfer.received": "Received as new case {case} (the sender's {sender_case}).",
    "transfer.unknown_sender_warning": "Warning: this file is signed by someone who is not in your list of colleagues. "
                                       "The sender's fingerprint: {fingerprint}",
    "transfer.unknown_sender_confirm": "Take it over anyway?",
    "event.collega-overdracht": "Handed over",
    "event.collega-ontvangst": "Received",
    "result.overgedragen": "handed over to a colleague",
    "show.transfer_sent": "to colleague {to}",
    "show.transfer_followups": "Follow-ups along: {followups}",
    "show.transfer_from": "from colleague {sender} ({case}, sent {sent})",
    "show.transfer_from_unknown": "from an unknown sender, fingerprint {fingerprint} ({case}, sent {sent})",
    "error.transfer_bad_identity": "Not a valid loket identity (loket1...). Ask the colleague for `loket identity`.",
    "error.colleague_exists": "There already is a colleague with that name.",
    "error.colleague_same_identity": "That identity is already on the list (colleague no. {colleague}).",
    "error.colleague_is_self": "That is this store's own identity.",
    "error.colleague_unknown": "No colleague by that name. See `loket colleague list`.",
    "error.transfer_followup_not_in_case": "Follow-up {followup} does not belong to {case}.",
    "error.transfer_not_age": "That is not a loket transfer file (not an age file).",
    "error.transfer_not_for_us": "This file is not encrypted for this store (or its header is damaged).",
    "error.transfer_tampered": "The transfer file is damaged or was changed; nothing taken over.",
    "error.transfer_bad_signature": "The signature does not match: the file was changed; nothing taken over.",
    "error.transfer_bad_value": (
        "The transfer file holds a value a case here cannot hold ({where}, field {field}): nothing was imported."
        " Ask the sender to check the case."
    ),
    "error.transfer_malformed": "The transfer file is unreadable or incomplete; nothing taken over.",
    "error.transfer_newer": "This transfer file (version {version}) comes from a newer loket; update loket first.",
    "error.transfer_already_received": "This transfer was already taken over; a file is taken over only once.",
    "error.transfer_too_large": "The file is too large for a transfer.",
    "error.transfer_unreadable": "The file cannot be read.",
    "error.transfer_unknown_sender": "The sender is not in your list of colleagues (fingerprint {fingerprint}); "
                                     "add them, or use --accept-unknown.",
    # -- the contact register (issue 15) --
    "erase.register_note": (
        "Contacts of {case} are also in the municipality's contact register; they are not erased by this. "
        "Ask the municipality to remove them there."
    ),
    "inzage.register_consent": "Consent to the municipality's contact register",
    "inzage.register_sent": "Passed to the municipality's contact register",
    "inzage.register_sent_counts": "{contacts} contacts, {tasks} tasks",
    "error.register_bsn_no_terminal": "--bsn asks for the BSN at a terminal; in a script give it with --bsn-stdin.",
    "help.export.case": "Only this case, with all its contacts (only with --format klantinteracties; may be repeated).",
    "error.export_case_format": "--case only goes with --format klantinteracties.",
    "help.register": (
        "The municipality's contact register (Klantinteracties / Open Klant): setup, consent, push, read "
        "back."
    ),
    "help.register.setup": (
        "Set up the register: address (--url), API token (asked, or --token-stdin), send the BSN yes/no."
    ),
    "help.register.setup.url": (
        "The register's address, e.g. https://openklant.gemeente.nl (http only to this machine)."
    ),
    "help.register.setup.token_stdin": (
        "Read the API token from stdin (never as an argument: it would stay in shell history)."
    ),
    "help.register.setup.send_bsn": "Send the BSN to the register (only where the municipality has arranged so).",
    "help.register.setup.worker": "The name your contacts carry in the register (default: Loketmedewerker).",
    "help.register.status": "Show where the register is, whether a token is set, and whether the BSN is sent.",
    "help.register.consent": "Record that the visitor consents to their contacts going into the contact register.",
    "help.register.consent.case": "The case, e.g. K-0042.",
    "help.register.consent.withdraw": "The visitor withdraws consent: nothing more is sent.",
    "help.register.push": "Send new and changed contacts of cases with consent to the register.",
    "help.register.push.case": "Only this case (may be repeated).",
    "help.register.push.dry_run": "Show what would be sent, without sending anything.",
    "help.register.push.concurrency": "How many cases at once (1-16).",
    "help.register.push.retry_refused": "Also send again what the register refused before, though unchanged.",
    "help.register.history": "The visitor's earlier contacts in the register, colleagues' included.",
    "help.register.history.case": "The visitor's case, e.g. K-0042.",
    "help.register.history.bsn_stdin": "Read a BSN to look up from stdin.",
    "help.register.history.bsn": "Ask for a BSN to look up (for someone without a case here).",
    "prompt.register_token": "The register's API token",
    "prompt.register_bsn": "BSN to look up",
    "register.configured": "Register set up: {url}; token: {token}; send BSN: {bsn}.",
    "register.status.url": "Register",
    "register.status.token": "Token set",
    "register.status.send_bsn": "Send BSN",
    "register.status.worker": "Name in the register",
    "register.consent_given": "Consent to the contact register recorded for {case}.",
    "register.consent_withdrawn": (
        "Consent to the contact register withdrawn for {case}. What was sent is still in the register: ask "
        "the municipality to remove it there."
    ),
    "register.outcome.verstuurd": (
        "sent: {contacts} new contacts, {changed} updated, {tasks} new tasks, {tasks_changed} updated"
    ),
    "register.outcome.zou-versturen": (
        "would send: {contacts} new contacts, {changed} updated, {tasks} new tasks, {tasks_changed} "
        "updated"
    ),
    "register.outcome.with_bsn": "(with BSN)",
    "register.outcome.ongewijzigd": "unchanged",
    "register.outcome.geweigerd": "nothing taken by the register",
    "register.outcome.addresses": "{new} new addresses, {changed} updated",
    "register.outcome.refused_parts": "refused: {parts}; the next push tries again only once it is corrected",
    "register.outcome.earlier_parts": "refused before, not sent again: {parts}; correct it and push again",
    "register.outcome.eerder-geweigerd": "unchanged",
    "register.outcome.niet-bereikt": "register not reached; next time this case carries on where it stopped",
    "register.part.partij": "person (BSN)",
    "register.part.contact": "contact",
    "register.part.task": "task",
    "register.part.telefoonnummer": "phone number",
    "register.part.email": "e-mail address",
    "register.summary": (
        "{sent} cases sent ({contacts} new contacts, {tasks} new tasks, {addresses} new addresses), {unchanged} "
        "unchanged, {refused} with a refusal, {still} refused before, {unreachable} not reached; {without} cases "
        "without consent not sent ({requests} requests)."
    ),
    "register.summary_dry_run": (
        "Dry run: {sent} cases would be sent, {unchanged} are unchanged, {still} refused before; {without} cases "
        "without consent are not sent. Nothing was sent."
    ),
    "register.history_none": "No earlier contacts found in the register.",
    # -- contact requests between teams (issue 25) --
    "help.register.setup.me": (
        "Who you are in the register: your e-mail address or employee number as the municipality uses it "
        "(found, or made once)."
    ),
    "help.register.setup.team": "A team whose requests you handle (repeatable; replaces the earlier teams).",
    "register.team_configured": "Register: yourself set: {me}; teams: {teams}.",
    "help.register.teams": "The teams in the register, for contactverzoek --to and setup --team (* = your team).",
    "register.teams_none": "No teams found in the register.",
    "help.inbox": "Open contact requests for you or your teams, from the register (newest first).",
    "help.inbox.names": "Show the resident's name (recorded in the audit trail).",
    "help.inbox.take": "Take request N: it is assigned to you in the register and a case with a call-back opens.",
    "help.inbox.take.number": "The number from loket inbox, e.g. 3.",
    "help.inbox.take.new": "Always a new case, even when the resident has an open case here.",
    "inbox.summary": "{count} open request(s) in the register.",
    "inbox.truncated": "Only the first {count} shown.",
    "inbox.taken_new": "Request #{number} is assigned to you; new case {case} with call-back {followup}.",
    "inbox.taken_added": "Request #{number} is assigned to you; added to case {case} with call-back {followup}.",
    "inbox.taken_by": "with {name}",
    "inbox.mine": "mine",
    "inbox.free": "free",
    "inbox.age": "{days} wd",
    "inbox.today": "Inbox: {count} open request(s) at the last read ({at}); loket inbox refreshes.",
    "help.contactverzoek": "Ask another team (or a colleague) through the register to contact the resident.",
    "help.contactverzoek.case": "The case, e.g. K-0042.",
    "help.contactverzoek.to": "The team or colleague, as loket register teams shows it.",
    "prompt.contactverzoek_what": "What is asked",
    "contactverzoek.sent": "Contact request about {case} sent to {to}.",
    "error.inbox_taken": "This request was already taken by {name}.",
    "error.register_actor_ident": "Invalid identifier for the register (1 to 200 characters).",
    "error.inbox_no_actor": "Not yet known who you are in the register: loket register setup --me ... --team ....",
    "error.inbox_no_me": "Not yet known who you are in the register: loket register setup --me ....",
    "error.inbox_unknown_number": "Request #{number} is not in the inbox last read; read loket inbox first.",
    "error.inbox_already_yours": "You already took request #{number}, in case {case}.",
    "error.inbox_done": "Request #{number} is already done in the register.",
    "error.inbox_no_contact": "Request #{number} belongs to no contact in the register.",
    "error.contactverzoek_no_actor": (
        "No team or colleague with that identifier in the register (see loket register teams)."
    ),
    "error.contactverzoek_consent": (
        "The visitor of {case} did not consent to the register; nothing about this person goes out. "
        "First: loket register consent {case}."
    ),
    "error.register_unavailable": (
        "The register cannot be reached (not even after a few tries). Nothing was sent twice; try again "
        "later."
    ),
    "error.register_unauthorized": (
        "The register refuses the token (401/403). Set a valid token with 'loket register setup'."
    ),
    "error.register_refused": "The register refused the request ({status}: {reasons}).",
    "error.register_url": "Invalid register address; use https://...",
    "error.register_url_plain": (
        "A register on another machine only over https: the token and the data travel in every request."
    ),
    "error.register_token": "Invalid token: empty, too long or with spaces.",
    "error.register_answer": "The register gave an answer loket cannot read.",
    "error.register_worker": "Invalid name: empty or longer than 200 characters.",
    "error.register_not_configured": "No register is set up yet: 'loket register setup --url ...'.",
    "error.register_bsn_not_allowed": (
        "Looking up by BSN sends the BSN to the register; that is switched off ('loket register setup "
        "--send-bsn')."
    ),
    "error.register_history_key": "Give a case, or --bsn to look up by BSN.",
    # -- report and the stats table (issue 16) --
    "help.report": "A report of a period to look at or print (HTML, A4), without personal data.",
    "help.report.files": "Team files to add up (loket stats --format json) instead of your own store.",
    "help.report.compare": "Compare with year (a year earlier), previous (the period before) or none.",
    "help.report.output": "Write the report as HTML to this file (otherwise to the terminal).",
    "error.report_compare": "Unknown comparison. Choose from: year, previous, none.",
    "error.report_files_period": "Give a period or team files, not both.",
    "report.written": "Report written to {path}.",
    "report.title": "Government-wide service desk report",
    "report.title_team": "Government-wide service desk report, team",
    "report.period": "{first} to {last}",
    "report.team_files": "Added up from {count} workers' files.",
    "report.made": "Made on {day} with loket. Counts only: this report holds no personal data.",
    "report.suppressed": "Counts from 1 to {below} are left out (–), so that no one can be recognised.",
    "report.compare_year": "For comparison: the same period a year earlier ({period}).",
    "report.compare_previous": "For comparison: the period before ({period}).",
    "report.compare_missing": "No comparison: the store does not go back to {period}.",
    "report.compare_partial": "The store begins on {day}: the earlier period counts from that day only.",
    "report.about_title": "How to read this report",
    "report.about_visitors": (
        "Visitors helped: cases with at least one contact in the period (intake, consult, "
        "professionallijn call or hand-over)."
    ),
    "report.about_minutes": (
        "Minutes: the time noted for each contact. The median is the middle value: half took less, "
        "half took more."
    ),
    "report.about_satisfaction": (
        "Satisfaction: the score from 1 to 5 the visitor gave, at closing or while the case stays "
        "open. Each case's latest score counts once, in the period it was recorded. Not every "
        "visitor gives one, so the number who did is shown."
    ),
    "report.about_solo": (
        "Solved without a hand-over: closed as solved, without the case being handed over (warm or "
        "cold) to another body."
    ),
    "report.about_drie": "Driegesprek: a professionallijn call with the visitor sitting beside the worker.",
    "report.series_now": "This period",
    "report.series_year": "A year earlier",
    "report.series_previous": "Period before",
    "report.earlier": "{period}: {value}",
    "report.no_data": "No data in this period.",
    "report.numbers": "The numbers",
    "report.col_what": "What",
    "report.col_total": "Total",
    "report.unknown": "unknown",
    "report.week": "week {week}",
    "report.hour": "{hour}:00",
    "report.minutes_range": "{low}–{high} min",
    "report.minutes_over": "over {low} min",
    "report.of": "{part} of {whole}",
    "report.share_drie": "{share} driegesprek",
    "report.agency_count": "{count} bodies",
    "report.agency_count_one": "1 body",
    "report.agency_count_none": "no body",
    "report.section_headline": "Key figures",
    "report.section_visitors": "Visitors and busy times",
    "report.section_time": "Time and satisfaction",
    "report.section_agencies": "Bodies and the professionallijn",
    "report.section_handovers": "Hand-overs and results",
    "report.section_intake": "How visitors reach the desk",
    "report.fig_visitors": "Visitors helped",
    "report.fig_new": "New cases",
    "report.fig_closed": "Closed cases",
    "report.fig_open": "Open at the end",
    "report.fig_contacts": "Contacts",
    "report.fig_median_contact": "Median minutes per contact",
    "report.fig_median_case": "Median minutes per case",
    "report.fig_satisfied": "Satisfied (score 4 or 5)",
    "report.fig_answered": "Satisfaction asked and given",
    "report.fig_solo": "Solved without a hand-over",
    "report.fig_calls": "Professionallijn calls",
    "report.fig_drie": "Of which driegesprek",
    "report.fig_detail_answered": "latest score per case, open cases included",
    "report.fig_detail_satisfied": "of {whole} scores given",
    "report.fig_detail_solo": "{part} of {whole} closed cases",
    "report.fig_detail_drie": "{part} of {whole} calls",
    "report.chart_weeks": "Visitors per week",
    "report.chart_weeks_desc": "Cases with at least one contact in that week.",
    "report.chart_weekdays": "Contacts per day of the week",
    "report.chart_weekdays_desc": "All contacts (intake, consult, call, hand-over) per day of the week.",
    "report.chart_hours": "Busy times by day and hour",
    "report.chart_hours_desc": "Contacts per day of the week and hour; the darker the box, the busier.",
    "report.chart_minutes": "Minutes per contact",
    "report.chart_minutes_desc": "Contacts by how many minutes they took.",
    "report.chart_case_minutes": "Minutes per case in this period",
    "report.chart_case_minutes_desc": "Cases by the minutes spent on them in this period, added up.",
    "report.chart_satisfaction": "Satisfaction (1 = very dissatisfied, 5 = very satisfied)",
    "report.chart_satisfaction_desc": (
        "Cases per score: each case's latest score from the visitor, counted in the period it was "
        "recorded, also when the case stayed open."
    ),
    "report.chart_cases_per_agency": "Cases per body",
    "report.chart_cases_per_agency_desc": "Cases with a contact in the period that involved the body.",
    "report.chart_calls": "Professionallijn calls per body",
    "report.chart_calls_desc": "Calls per body: as a driegesprek with the visitor beside the worker, or without.",
    "report.chart_outcomes": "Outcome of the calls",
    "report.chart_outcomes_desc": "Professionallijn calls per outcome.",
    "report.chart_callbacks": "Call-backs per body",
    "report.chart_callbacks_desc": "Call-backs promised in the period: kept on time, late, or still open.",
    "report.chart_handovers": "Hand-overs: warm or cold, and to whom",
    "report.chart_handovers_desc": "Warm: the desk passed the question on. Cold: the visitor contacts the body.",
    "report.chart_results": "Closed cases by result",
    "report.chart_results_desc": "Cases closed in the period, per result.",
    "report.chart_agency_count": "Bodies per case",
    "report.chart_agency_count_desc": "How many bodies a case involved in the period.",
    "report.chart_channels": "Channel of the intake",
    "report.chart_channels_desc": "New cases by how the visitor came in.",
    "report.chart_referrals": "Referred by",
    "report.chart_referrals_desc": "New cases by who sent the visitor to the desk.",
    "report.chart_life_events": "Life events",
    "report.chart_life_events_desc": "Life events named at the intake of new cases.",
    "report.series_drie": "Driegesprek",
    "report.series_without": "Without the visitor",
    "report.series_on_time": "On time",
    "report.series_late": "Late",
    "report.series_open": "Still open",
    "report.series_warm": "Warm",
    "report.series_cold": "Cold",
    "report.series_count": "Count",
    "stats.table_title": "Statistics {first} to {last}",
    "stats.table_team": "(added up from team files)",
    "stats.section_overview": "Overview",
    "stats.section_results": "Closed cases by result",
    "stats.section_contacts": "Contacts",
    "stats.section_minutes": "Minutes per contact",
    "stats.section_case_minutes": "Minutes per case",
    "stats.section_calls": "Professionallijn",
    "stats.section_outcomes": "Outcome of the calls",
    "stats.section_callbacks": "Call-backs",
    "stats.section_handovers": "Hand-overs",
    "stats.section_cases_per_agency": "Cases per body",
    "stats.section_agency_count": "Bodies per case",
    "stats.section_channels": "Channel",
    "stats.section_referrals": "Referred by",
    "stats.section_life_events": "Life events",
    "stats.section_followups": "Follow-ups",
    "stats.section_satisfaction": "Satisfaction",
    "stats.section_weeks": "Visitors per week",
    "stats.section_hours": "Contacts by day and hour",
    "stats.section_other": "Other",
    "stats.visitors_helped": "Visitors helped",
    "stats.cases_new": "New cases",
    "stats.cases_closed": "Closed cases",
    "stats.cases_open_at_end": "Open at the end",
    "stats.resolved_count": "Solved without a hand-over",
    "stats.resolved_share": "Share of the closed cases",
    "stats.contacts_count": "Contacts",
    "stats.minutes_total": "Minutes in all",
    "stats.minutes_median": "Median minutes",
    "stats.cases_with_minutes": "Cases",
    "stats.calls_count": "Calls",
    "stats.calls_drie": "Of which driegesprek",
    "stats.calls_share": "Driegesprek share",
    "stats.col_calls": "calls",
    "stats.col_drie": "driegesprek",
    "stats.col_share": "share",
    "stats.col_promised": "promised",
    "stats.col_on_time": "on time",
    "stats.col_late": "late",
    "stats.col_open": "open",
    "stats.col_warm": "warm",
    "stats.col_cold": "cold",
    "stats.col_count": "count",
    "stats.callbacks_promised": "Promised",
    "stats.handovers_warm": "Warm",
    "stats.handovers_cold": "Cold",
    "stats.followups_made": "Made",
    "stats.followups_on_time": "Done on time",
    "stats.followups_late": "Done late",
    "stats.followups_open": "Still open",
    "stats.followups_cancelled": "Cancelled",
    "stats.followups_overdue": "Open past the due date",
    "stats.satisfaction_recorded": "Scores given",
    "stats.satisfaction_score": "Score {score}",
    "stats.minutes": "{minutes} min",
    # -- corrections: withdraw, move, cancel, satisfaction (issue 11) --
    "event.opvolging-geannuleerd": "Follow-up cancelled",
    "event.ingetrokken": "Withdrawn",
    "event.tevredenheid": "Satisfaction",
    "show.col_id": "No",
    "show.retracted": "no {event} ({kind})",
    "show.moved_to": "moved to {case}",
    "show.moved_from": "moved from {case} (no {event})",
    "show.withdrawn_prefix": "[withdrawn]",
    "show.moved_prefix": "[moved]",
    "show.withdrawn": "withdrawn on {when}",
    "show.withdrawn_moved": "moved to {case} on {when}",
    "show.cancelled_call_withdrawn": "(call no {event} withdrawn)",
    "show.cancelled_call_moved": "(call no {event} moved)",
    "show.cancelled_case_closed": "(case closed)",
    "show.satisfaction_row": "Satisfaction",
    "followup.is_cancelled": "cancelled",
    "followup.cancelled": "Follow-up {followup} cancelled.",
    "error.followup_cancelled": "Follow-up {followup} is cancelled.",
    "error.event_id_format": (
        "Give the number of a timeline entry (the No column of loket show), for example 17."
    ),
    "error.unknown_event": "Case {case} has no entry no {event} on its timeline.",
    "error.event_already_withdrawn": "Entry no {event} of case {case} is already withdrawn.",
    "error.retract_intake": (
        "The intake cannot be withdrawn: without it there is no case. Correct fields with loket edit;"
        " erase a case that should not exist with loket erase."
    ),
    "error.retract_retraction": (
        "A withdrawal cannot itself be withdrawn. If the entry was right after all, record it again."
    ),
    "error.retract_followup": (
        "Entry no {event} is about follow-up {followup}: cancel it with loket followup cancel,"
        " or move it with loket followup move."
    ),
    "error.retract_closed": "Closing and reopening are not withdrawn: use loket reopen or loket close.",
    "error.retract_edit": "A correction is not withdrawn: correct again with loket edit.",
    "error.move_kind": (
        "Entry no {event} cannot move to another case: only calls, notes, consults and hand-overs can."
    ),
    "error.move_same_case": "That entry is already on case {case}.",
    "retract.done": "Entry no {event} of case {case} withdrawn.",
    "retract.followup_cancelled": "Call-back {followup} of that call cancelled.",
    "move.done": "Entry no {event} of {case} moved to {target} (no {new_event} there).",
    "move.followup_moved": "Call-back {followup} moved with it (now {new}).",
    "retract.satisfaction_done": "Satisfaction {score}/5 recorded on case {case}.",
    "close.open_followups_heading": "Case {case} still has {count} open follow-up(s):",
    "close.cancelled_followups": "Cancelled with the case: {followups}.",
    "prompt.reason": "Reason",
    "prompt.reason_optional": "Reason (Enter: none)",
    "summary.withdrawn": "Withdrawn (not counted)",
    "summary.withdrawn_line": "no {event} ({kind})",
    "help.retract": "Withdraw a timeline entry; it stays visible, marked, and no longer counts anywhere.",
    "help.retract.case": "Case id, for example K-0042.",
    "help.retract.event": "Number of the entry (No column of loket show).",
    "help.retract.why": "Reason; asked when absent, or read from stdin.",
    "help.move": "Move an entry logged on the wrong case to the right one.",
    "help.move.case": "The case the entry is (wrongly) on now.",
    "help.move.event": "Number of the entry (No column of loket show).",
    "help.move.to": "The right case.",
    "help.move.why": "Reason (optional).",
    "help.move.reopen": "Reopen the right case when it is closed.",
    "help.satisfaction": "Record the visitor's satisfaction (1-5), also while the case stays open.",
    "help.satisfaction.case": "Case id.",
    "help.satisfaction.score": "A score from 1 to 5; recording again changes it.",
    "help.followup.cancel": "Cancel a follow-up that is no longer needed (not the same as done).",
    "help.followup.cancel.followup": "Number of the follow-up, for example 12 or #12.",
    "help.followup.cancel.why": "Reason (optional); asked at a terminal.",
    # -- vault authentication (issue 12) --
    "error.kdf_out_of_range": (
        "The store's key-derivation cost is out of bounds (too low or absurdly high):"
        " the store is damaged or has been changed. Restore a backup."
    ),
    "error.kdf_too_weak": (
        "That key-derivation cost is too light or too heavy: at least 19 MiB with 2 passes (or an OWASP pair),"
        " at most 4 GiB and 64 passes."
    ),
    "error.state_tampered": (
        "The records of {case} were changed outside loket (a row deleted, altered or put back);"
        " nothing is shown or changed. Run 'loket verify'."
    ),
    "error.meta_tampered": (
        "The settings or the list of erased cases were changed outside loket."
        " Run 'loket verify' and restore a backup if needed."
    ),
    "error.schema_downgraded": (
        "The store's schema was set back to an older version while its data is newer:"
        " the store has been tampered with. Restore a backup."
    ),
    "error.case_missing": "Case {case} is missing but was never erased: it was deleted outside loket.",
    "error.case_erased_back": (
        "Case {case} was erased, yet its records are in the store again (put back from an older copy):"
        " nothing of it is shown or changed. Erase it again with 'loket erase {case}'."
    ),
    "error.keyslot_damaged": "Keyslot '{slot}' is damaged or has been changed.",
    "error.rotate_refused": (
        "The store does not check out (see 'loket verify'): the key is not replaced, since that would"
        " hide the change."
    ),
    "error.rotate_alone": "--rotate-key does not go with --recovery or --rekdf: do one after the other.",
    "verify.keyslot_failure": "Keyslot '{slot}': checksum or cost parameters are wrong.",
    "verify.state_failure": "{case}: its state does not match its MAC (a row deleted, changed or put back).",
    "verify.missing_case": "{case}: missing, and not in the list of erased cases.",
    "verify.erased_case": "{case}: erased, yet its records are present again (put back from an older copy).",
    "passwd.rotated": (
        "Vault key replaced: every case key rewrapped, audit trail and checks recomputed."
        " Any running session has ended: run 'loket unlock' again."
    ),
    "passwd.rotated_recovery": "The old recovery key no longer works. The new recovery key (shown once):",
    "help.passwd.rotate_key": "Replace the vault key itself (when it may have leaked); the passphrase stays.",
    "warning.insecure_test_kdf": (
        "Warning: LOKET_TEST_INSECURE_KDF=1 is set. It is for tests only: stores made with it"
        " are protected by a light key derivation."
    ),
    # -- leaks: personal data stays inside the vault (issue 12) --
    "error.control_characters": (
        "The field '{field}' contains a control character (such as Escape); such a character can take over "
        "the terminal and is not stored. Type the text again, without those characters."
    ),
    "agent.directory_squatted": (
        "The usual directory for the session agent in the temporary directory is not yours or is open to "
        "others; the agent now uses a directory with an unpredictable name. Set XDG_RUNTIME_DIR to avoid "
        "this."
    ),
    "error.session_file_unsafe": (
        "Where the session file beside the store belongs there is something other than a regular file of "
        "yours (a link, a pipe, or someone else's); loket does not touch it. Remove it yourself and unlock "
        "again."
    ),
    "error.store_directory_open": (
        "Other users can write to the store's directory, where they could replace the session file or other "
        "files beside the store. Keep the store in a directory only you can write to (chmod 700), or choose "
        "another with --db or LOKET_DB."
    ),
    "privacy.argv_warning": (
        "Note: personal data given as arguments is now in your shell history and was visible to other users "
        "of this computer (/proc); let loket ask for it, or pass it on stdin or in a file ('-', --from-json, "
        "--stdin), and start a command with a space to keep it out of the history."
    ),
    "error.stdin_encoding": "The text on stdin is not UTF-8.",
    "error.json_input_unreadable": "{source} cannot be read.",
    "error.json_input_too_large": "{source} is too large (at most {limit} bytes).",
    "error.json_input_invalid": "{source} does not hold a valid JSON object.",
    "error.json_input_unknown": "{source} holds an unknown field. Possible fields: {fields}.",
    "error.json_input_type": "In {source} the field '{field}' has the wrong type.",
    "error.find_stdin_and_text": "Give the search term as an argument or with --stdin, not both.",
    "prompt.find": "Search for (name, BSN, phone or text)",
    "help.find.stdin": "Read the search term from stdin (its first line), so it stays out of the shell history.",
    "help.intake.from_json": (
        "Read the fields from a JSON object in this file, or '-' for stdin (see docs/manual.md); options given as "
        "well win."
    ),
    "help.call.from_json": (
        "Read the fields from a JSON object in this file, or '-' for stdin (see docs/manual.md); options given as "
        "well win."
    ),
    "help.edit.from_json": (
        "Read the corrections from a JSON object in this file, or '-' for stdin (see docs/manual.md); null clears a "
        "field."
    ),
    "prompt.followup_what": "What is to be done",
    "error.merge_invalid": (
        "{path} is not a valid stats file: '{where}' is missing, unknown, of the wrong type or a negative "
        "number."
    ),
    # -- clear questions and answers (issue 11) --
    "help.usage": "Usage:",
    "help.panel.arguments": "Arguments",
    "help.panel.options": "Options",
    "help.panel.commands": "Commands",
    "help.default": "[default: {value}]",
    "help.envvar": "[environment variable: {value}]",
    "help.required": "[required]",
    "help.try_help": "See [blue]'{command_path} {help_option}'[/].",
    "help.option.help": "Show this help and stop.",
    "help.install_completion": "Install Tab completion for this shell.",
    "help.show_completion": "Show the completion script for this shell, to install it yourself.",
    "help.metavar.options": "[OPTIONS]",
    "help.metavar.subcommand": "COMMAND [ARGUMENTS]...",
    "help.metavar.text": "text",
    "help.metavar.number": "number",
    "help.metavar.file": "file",
    "help.metavar.files": "files",
    "help.metavar.value": "value",
    "help.metavar.case": "case",
    "help.metavar.to": "to",
    "help.metavar.agency": "agency",
    "help.metavar.followup": "follow-up",
    "help.metavar.key": "setting",
    "help.metavar.what": "what",
    "help.handover.cold": "Cold hand-over: the visitor contacts them themselves.",
    "help.export.codes": "Column names as stable codes (for scripts) instead of titles.",
    "error.no_such_subcommand": "Unknown command for '{command}'. Choose from: {choices}.",
    "error.passphrase_mismatch_retry": "The two passphrases differ. Please try again.",
    "error.warm_and_cold": "Choose --warm or --cold, not both.",
    "error.channel_missing": "The channel is missing: give --channel ({choices}).",
    "error.date_not_exist": "The date {text} does not exist. Check the day and the month.",
    "error.unlock_on_screen": (
        "That would put the session key on the screen. Use: eval \"$(loket unlock)\". Nothing was unlocked."
    ),
    "error.desk_vocab.unreadable": "The desk vocabulary ({path}) cannot be read.",
    "error.desk_vocab.json": "The desk vocabulary ({path}) is not valid JSON (line {line}).",
    "error.desk_vocab.shape": (
        "The desk vocabulary ({path}) does not have the right shape: per list ({names})"
        " an object with \"terms\": [...]."
    ),
    "error.desk_vocab.not_object": (
        "Desk vocabulary ({path}), {vocabulary} number {index}: a term is an object"
        " with at least \"code\" and \"label\"."
    ),
    "error.desk_vocab.unknown_field": (
        "Desk vocabulary ({path}), {vocabulary} number {index} (code {code}): unknown field '{field}'."
        " Allowed: code, label, aliases, group, label_en, website, phone."
    ),
    "error.desk_vocab.code": (
        "Desk vocabulary ({path}), {vocabulary} number {index}: 'code' is missing or invalid"
        " (lower-case letters, digits and -, at most 40 characters)."
    ),
    "error.desk_vocab.text": (
        "Desk vocabulary ({path}), {vocabulary} number {index} (code {code}): '{field}' must"
        " be text of 1 to 200 characters."
    ),
    "error.desk_vocab.website": (
        "Desk vocabulary ({path}), {vocabulary} number {index} (code {code}): 'website' must"
        " start with https://."
    ),
    "error.desk_vocab.aliases": (
        "Desk vocabulary ({path}), {vocabulary} number {index} (code {code}): 'aliases' must be a"
        " list of texts."
    ),
    "error.desk_vocab.duplicate": (
        "Desk vocabulary ({path}), {vocabulary} number {index}: code {code} already appears earlier."
    ),
    "error.desk_vocab.taken": (
        "Desk vocabulary ({path}), {vocabulary} number {index} (code {code}): the name '{field}'"
        " already belongs to {other}."
    ),
    "due.not_working_day": "Note: {date} is not a working day ({reason}).",
    "due.kept": "Note: {date} is not a working day ({reason}); the date stays as asked.",
    "due.saturday": "Saturday",
    "due.sunday": "Sunday",
    "prompt.next_working_day": "Take the next working day, {date}, instead?",
    "prompt.passphrase_retry": "Please try again.",
    "export.col.time": "Time",
    "export.col.case": "Case",
    "export.col.kind": "Kind",
    "export.col.agency": "Agencies",
    "export.col.handover": "Hand-over",
    "export.col.outcome": "Outcome",
    "export.col.satisfaction": "Satisfaction",
    "export.col.minutes": "Minutes",
    "export.col.open_followups": "Open follow-ups",
    "export.col.next_due": "Next follow-up",
    "export.col.visitor": "Visitor",
    "export.col.text": "Text",
    "export.handover.warm": "warm",
    "export.handover.cold": "cold",
    # -- consult shell (issue 13) --
    "help.shell": ("Consult mode: type commands without 'loket', with one current case, "
                   "unlocked once; locks itself after a while without input."),
    "help.shell.idle_lock": ("Lock after this long without a key press: 300, 5m; 0 never "
                             "(default: config idle_lock, 5 minutes)."),
    "shell.welcome": ("Consult mode. Type commands without 'loket'; 'open K-42' makes a case the current one; "
                      "Tab completes; Ctrl-L clears the screen for the next visitor; Ctrl-D leaves; 'help'."),
    "shell.help": ("Commands as on the command line, without 'loket' ('help show' is 'show --help').\n"
                   "  open CASE    make a case the current one; these commands then need no case id:\n"
                   "{commands}\n"
                   "  clear        clear the screen and the history; the current case stays\n"
                   "  Ctrl-L       next visitor: clear the screen and the history and forget the current case\n"
                   "  lock         lock this consult shell; the passphrase opens it again\n"
                   "  exit         leave (also: Ctrl-D)\n"
                   "Tab completes commands, options, case ids, agencies and dates. "
                   "Ctrl-C cancels the line or the running command."),
    "shell.opened": "{case} is now the current case.",
    "shell.locked": "Locked. Type the passphrase to go on (Ctrl-D leaves and ends today's session).",
    "shell.locked_idle": ("Locked after a while without input. Type the passphrase to go on "
                          "(Ctrl-D leaves and ends today's session)."),
    "error.shell_quotes": "A quote is not closed; nothing was run.",
    "error.shell_open": "Usage: open CASE, for example open K-0042.",
    "error.shell_nested": "This already is the consult mode.",
    "error.idle_lock": "Time not understood. Examples: 300, 300s, 5m, 1h; 0 is never.",
    # -- transfer after the merges (review fix) --
    "error.transfer_already_sent": "Case {case} was already handed to a colleague; send it again with --again.",
    "help.transfer.send.again": "Send a case that was already handed over once more.",
    # -- review fixes: reasons, names, stats merge, register setup (fix-misc) --
    "error.register_setup_nothing": (
        "Nothing to set. Give --url (with the token from a prompt or --token-stdin), "
        "--send-bsn or --no-send-bsn, or --worker NAME."
    ),
    "error.merge_schema_file": "Statistics file {path} has a different schema (supported: {supported}).",
    "error.merge_suppressed_file": (
        "Statistics file {path} was made with --min-count and cannot be added up; make it without --min-count."
    ),
    "error.merge_same_file": "Statistics file {path} is given twice; each file counts once.",
    # -- search index (issue 14) --
    "find.indexed": ("Found in the search index (exact BSN, phone, e-mail or name); "
                     "--scan also searches questions, notes and calls."),
    "find.scanned": "Searched every case (name, contact details, question, notes and calls).",
    "help.find.scan": "Always search every case (questions, notes and calls too), not the index first.",
    "help.verify.rebuild_index": "Rebuild the encrypted search index from the cases.",
    "error.index_damaged": "The search index is damaged; 'loket verify --rebuild-index' rebuilds it.",
    "error.index_mismatch": "The search index does not match the cases; 'loket verify --rebuild-index' rebuilds it.",
    "verify.index_failure": "{case}: the search index does not match this case.",
    "verify.index_damaged": "Part of the search index does not open or belongs to no case.",
    "verify.index_rebuilt": "Search index rebuilt from the cases.",
    "intake.recognised": "This visitor has been here before: {case} ({status}, opened {date}), same {fields}.",
    "intake.recognised_more": "And {count} more cases with the same details.",
    "prompt.intake_new_anyway": "Open a new case anyway (no: continue in {case})?",
    # -- restore of an older backup (fixes) --
    "restore.left_out": ("{count} case(s) opened after the backup were not restored; their case numbers "
                         "are never handed out again ('loket audit' lists them)."),
    "error.stdin_field_empty": ("Nothing read from stdin for {field}; to clear a field, give an empty "
                                "value (\"\")."),
    # -- a store upgrade that needs the key --
    "store.upgrading": "The store is brought up to date once after this update; with many cases that takes a while.",
    # -- one field from stdin --
    "error.stdin_once": "Only one field can come from stdin; give several at once with --from-json -.",
    # -- a consult without friction (issue 22) --
    "prompt.skipped": "(skipped)",
    "agenda.waiting": "Waiting on the visitor or an agency ({count})",
    "agenda.who_desk": "we",
    "agenda.who_visitor": "visitor",
    "agenda.who_agency": "agency",
    "error.choice_close": "Unknown value. Did you mean: {candidates}?",
    "error.no_such_command_close": "Unknown command. Did you mean: {candidates}?",
    "help.close.minutes": ("Minutes spent in this last consult (for a case of today without minutes: the "
                           "intake's); asked at a terminal."),
    "prompt.stdin_hint": "Type the text; end with Ctrl-D on a new line.",
    "prompt.lines_hint": "(several lines; end with a line holding only a full stop, or Ctrl-D)",
    "prompt.note_lines": "Note",
    "prompt.handover_what": "What did you pass on (Enter = skip)",
    "prompt.visit_note": "What was discussed (Enter = skip)",
    "prompt.visit_minutes": "Minutes spent",
    "prompt.consult_minutes": "Minutes spent in this consult (Enter = skip)",
    "shell.next_visitor": "Next visitor: screen and history cleared.",
    "shell.next_visitor_forgot": "Next visitor: screen and history cleared; no case is current any more.",
    "visitor.task_agency_at": "{agency}{what} On {date}.",
    "visitor.appointment": "You have an appointment with {where} on {date}.",
    "visitor.appointment_about": "It is about: {what}",
    "visitor.at_us": "us",
    "visitor.bring_no_date": "What do you still need to bring or send?",
    "visitor.notes_as_written": "Notes and answers from the desk are shown as the desk wrote them, in Dutch.",
    "date.at_time": "{date} at {time}",
    "prompt.minutes_edit": "Minutes spent at the intake",
    "prompt.consent": "Consent to contact agencies and record their details?",
    "prompt.more": "Record more (referral, life event, DigiD, language, companion)?",
    "prompt.visit_question": "What is it about today (Enter = skip)",
    "intake.continued": "No new case opened: visit recorded on {case}.",
}

MESSAGES["error.vocab_unknown"] = "Unknown value. Choose from: {candidates}."
# The typed text is not repeated: a name typed in the wrong place must not end
# up in a message. The candidates are reference data.
for _name, _noun in _VOCAB_NOUNS.items():
    MESSAGES[f"error.vocab_unknown.{_name}"] = f"Unknown {_noun}. Did you mean: {{candidates}}?"
    MESSAGES[f"error.vocab_ambiguous.{_name}"] = (
        f"That matches more than one {_noun}: {{candidates}}. Type a bit more of it."
    )

# -- clear questions and answers (issue 11) --
# Nothing close to what was typed: the whole list, without a guess.
for _name, _noun in _VOCAB_NOUNS.items():
    MESSAGES[f"error.vocab_choices.{_name}"] = f"Unknown {_noun}. Choose from: {{candidates}}."

# -- Windows and macOS (issue 24) --
MESSAGES.update({
    "error.store_outside_profile": (
        "The store's directory is not inside your own profile folder (or is on a network drive); who may write "
        "there cannot be checked on this computer. Keep the store in your profile (by default "
        "%LOCALAPPDATA%\\loket), or choose another place with --db or LOKET_DB."
    ),
    "error.store_file_foreign": (
        "Beside the store lies '{file}', but it is not a regular file of yours (a link, a pipe, or someone "
        "else's); loket does not use it. Remove it yourself, or keep the store in a directory only you can "
        "write to."
    ),
    "warning.store_synced": (
        "Note: the store is in a folder that {service} synchronises, so a copy of the vault leaves this "
        "computer. Keep it in a local place (--db or LOKET_DB)."
    ),
    "help.unlock.shell": (
        "Which shell the lines are for: posix (bash, zsh), powershell or cmd; by default powershell in "
        "PowerShell (PSModulePath set, SHELL not), otherwise posix."
    ),
    "unlock.done.powershell": (
        "Unlocked until {until}. Use: loket unlock | Invoke-Expression; 'loket lock' locks it again."
    ),
    "unlock.done.cmd": (
        "Unlocked until {until}. Use: for /f \"delims=\" %i in ('loket unlock --shell cmd') do @%i; "
        "'loket lock' locks it again."
    ),
    "error.unlock_on_screen.powershell": (
        "That would put the session key on the screen. Use: loket unlock | Invoke-Expression. Nothing was unlocked."
    ),
    "error.unlock_on_screen.cmd": (
        "That would put the session key on the screen. Use: for /f \"delims=\" %i in ('loket unlock --shell cmd') "
        "do @%i. Nothing was unlocked."
    ),
    "error.unlock_shell": "Unknown shell. Choose from: {choices}.",
})
