"""`loket call CASE AGENCY`: a call on the professionallijn, typed in seconds."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

_P = t("help.panel.call")


def call(
    case: Annotated[str, typer.Argument(help=t("help.call.case"), show_default=False)],
    agency: Annotated[str, typer.Argument(help=t("help.call.agency"), show_default=False)],
    driegesprek: Annotated[bool | None, typer.Option("--driegesprek/--zonder-bezoeker",
                                                     help=t("help.call.driegesprek"), rich_help_panel=_P)] = None,
    contact: Annotated[str | None, typer.Option("--contact", help=t("help.call.contact"),
                                                rich_help_panel=_P)] = None,
    question: Annotated[str | None, typer.Option("--question", help=t("help.call.question"),
                                                 rich_help_panel=_P)] = None,
    answer: Annotated[str | None, typer.Option("--answer", help=t("help.call.answer"), rich_help_panel=_P)] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help=t("help.call.outcome"), rich_help_panel=_P)] = None,
    minutes: Annotated[int | None, typer.Option("--minutes", help=t("help.call.minutes"), rich_help_panel=_P)] = None,
    reference: Annotated[str | None, typer.Option("--reference", help=t("help.call.reference"),
                                                  rich_help_panel=_P)] = None,
    note: Annotated[str | None, typer.Option("--note", help=t("help.call.note"), rich_help_panel=_P)] = None,
    callback: Annotated[str | None, typer.Option("--callback", help=t("help.call.callback"),
                                                 rich_help_panel=_P)] = None,
    at: Annotated[str | None, typer.Option("--at", help=t("help.call.at"))] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help=t("help.call.reopen"))] = False,
    from_json: Annotated[str | None, typer.Option("--from-json", help=t("help.call.from_json"),
                                                  rich_help_panel=_P)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket call CASE AGENCY`: record a call; a callback request becomes a follow-up."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.dates import at_option, check_due, due_option
    from loketcli.cli.personal_input import fields_from_stdin, warn_personal_arguments
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.intake import parse_minutes, parse_term
    from loketcli.domain.model import (
        CallOutcome,
        ProfessionallijnCall,
        format_followup_id,
        parse_case_id,
        parse_choice,
    )
    from loketcli.domain.text import clean_text
    from loketcli.domain.vocab import VocabularyName
    from loketcli.render.console import message, print_json
    from loketcli.services.timeline import log_call

    warn_personal_arguments(contact, question, answer, reference, note)
    contact, question, answer, reference, note = fields_from_stdin(
        {"contactpersoon": contact, "vraag": question, "antwoord": answer, "kenmerk": reference, "notitie": note},
        from_json=from_json).values()
    if from_json is not None:
        given = _from_json(from_json, {"contact": contact, "question": question, "answer": answer,
                                       "reference": reference, "note": note, "outcome": outcome,
                                       "minutes": minutes, "driegesprek": driegesprek, "callback": callback})
        contact, question, answer, reference, note, outcome, callback = (
            _text(given, key) for key in ("contact", "question", "answer", "reference", "note", "outcome", "callback"))
        minutes = given["minutes"] if isinstance(given["minutes"], int) else None
        driegesprek = given["driegesprek"] if isinstance(given["driegesprek"], bool) else None
    now = clock.now()
    case_id = parse_case_id(case)
    agency_code = parse_term(VocabularyName.AGENCIES, agency)
    # Every flag is checked before the first prompt: a wrong date or number
    # must not cost the answers the worker is about to type.
    if callback:
        check_due(callback, now, allow_past=False)
    parse_minutes(minutes)
    for value, field in ((contact, "contact"), (question, "vraag"), (answer, "antwoord"), (reference, "kenmerk"),
                         (note, "notitie")):
        clean_text(value, field)
    moment = at_option(at, now)
    vault = None
    if outcome is None and is_interactive():
        from loketcli.cli.call_prompts import ask_call
        from loketcli.services.timeline import check_writable

        vault = open_vault(db, passphrase_file)
        if check_writable(vault, case_id, reopen=reopen):
            message(t("call.anonymous"))
        answers = ask_call(driegesprek, contact, question, answer, minutes, reference, note, now=now,
                           callback_given=callback is not None)
        driegesprek, contact, question, answer, outcome, minutes, reference, note, asked_callback = answers
        callback = callback or asked_callback
    if outcome is None:
        from loketcli.errors import BadInput

        raise BadInput("error.field_required", field="--outcome")
    record = ProfessionallijnCall(
        agency=agency_code,
        outcome=parse_choice(CallOutcome, outcome, "error.call_outcome").value,
        driegesprek=bool(driegesprek),
        contact_person=clean_text(contact, "contact"),
        question=clean_text(question, "vraag"),
        answer=clean_text(answer, "antwoord"),
        minutes=parse_minutes(minutes),
        reference=clean_text(reference, "kenmerk"),
        note=clean_text(note, "notitie"),
    )
    when = due_option(callback, now, allow_past=False) if callback else None
    logged = log_call(vault or open_vault(db, passphrase_file), case_id, record, now,
                      callback=when, at=moment, reopen=reopen)
    if as_json:
        print_json({"event": logged.event_id,
                    "followup": logged.followup.id if logged.followup else None})
        return
    message(t("call.done", case=f"K-{case_id:04d}"))
    if logged.anonymous and vault is None:
        message(t("call.anonymous"))
    if logged.followup is not None:
        from loketcli.domain.dates import format_when
        from loketcli.i18n import current_language

        message(t("call.followup_created", followup=format_followup_id(logged.followup.id),
                  due=format_when(logged.followup.due, lang=current_language())))


def _from_json(source: str, flags: dict[str, object]) -> dict[str, object]:
    """The call's fields from `--from-json` (a file, or `-` for stdin); a flag
    given beside it wins."""
    from loketcli.cli.personal_input import CALL_FIELDS, read_json_object

    values = read_json_object(source, CALL_FIELDS)
    return {key: flag if flag is not None else values.get(key) for key, flag in flags.items()}


def _text(values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    return value if isinstance(value, str) else None
