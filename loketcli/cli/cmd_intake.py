"""`loket intake`: open a case, from flags or, at a terminal, from prompts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

if TYPE_CHECKING:
    from loketcli.domain.intake import IntakeForm
    from loketcli.domain.model import Visitor
    from loketcli.services.search import Recognised
    from loketcli.storage.vault import Vault

_FIELD = t("help.panel.intake")


def intake(
    name: Annotated[str | None, typer.Option("--name", help=t("help.intake.name"),
                                             rich_help_panel=_FIELD)] = None,
    question: Annotated[str | None, typer.Option("--question", help=t("help.intake.question"),
                                                 rich_help_panel=_FIELD)] = None,
    channel: Annotated[str | None, typer.Option("--channel", help=t("help.intake.channel"),
                                                rich_help_panel=_FIELD)] = None,
    referred_by: Annotated[str | None, typer.Option("--referred-by", help=t("help.intake.referred_by"),
                                                    rich_help_panel=_FIELD)] = None,
    life_event: Annotated[list[str] | None, typer.Option("--life-event", help=t("help.intake.life_event"),
                                                         rich_help_panel=_FIELD)] = None,
    agency: Annotated[list[str] | None, typer.Option("--agency", help=t("help.intake.agency"),
                                                     rich_help_panel=_FIELD)] = None,
    digid: Annotated[str | None, typer.Option("--digid", help=t("help.intake.digid"),
                                              rich_help_panel=_FIELD)] = None,
    consent: Annotated[bool, typer.Option("--consent", help=t("help.intake.consent"),
                                          rich_help_panel=_FIELD)] = False,
    consent_contact: Annotated[bool, typer.Option("--consent-contact", help=t("help.intake.consent_contact"),
                                                  rich_help_panel=_FIELD)] = False,
    consent_record: Annotated[bool, typer.Option("--consent-record", help=t("help.intake.consent_record"),
                                                 rich_help_panel=_FIELD)] = False,
    anonymous: Annotated[bool, typer.Option("--anoniem", help=t("help.intake.anonymous"),
                                            rich_help_panel=_FIELD)] = False,
    minutes: Annotated[int | None, typer.Option("--minutes", help=t("help.intake.minutes"),
                                                rich_help_panel=_FIELD)] = None,
    phone: Annotated[str | None, typer.Option("--phone", help=t("help.intake.phone"), rich_help_panel=_FIELD)] = None,
    email: Annotated[str | None, typer.Option("--email", help=t("help.intake.email"), rich_help_panel=_FIELD)] = None,
    bsn: Annotated[str | None, typer.Option("--bsn", help=t("help.intake.bsn"),
                                            rich_help_panel=_FIELD)] = None,
    language: Annotated[str | None, typer.Option("--language", help=t("help.intake.language"),
                                                 rich_help_panel=_FIELD)] = None,
    companion: Annotated[str | None, typer.Option("--companion", help=t("help.intake.companion"),
                                                  rich_help_panel=_FIELD)] = None,
    from_json: Annotated[str | None, typer.Option("--from-json", help=t("help.intake.from_json"),
                                                  rich_help_panel=_FIELD)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket intake`: open a case; at a terminal, ask for whatever the flags left open."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.current import choose
    from loketcli.cli.personal_input import fields_from_stdin, warn_personal_arguments
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.intake import IntakeForm, build_new_case
    from loketcli.domain.model import format_case_id
    from loketcli.render.console import message, print_json
    from loketcli.services.cases import open_case

    warn_personal_arguments(name, question, phone, email, bsn)
    name, question, phone, email, bsn, language, companion = fields_from_stdin(
        {"naam": name, "vraag": question, "telefoon": phone, "e-mail": email, "bsn": bsn, "taal": language,
         "begeleiding": companion}, from_json=from_json).values()
    form = IntakeForm(
        name=name or "",
        question=question or "",
        channel=channel or "",
        referred_by=referred_by,
        life_events=tuple(life_event or ()),
        agencies=tuple(agency or ()),
        digid=digid,
        consent_contact=consent or consent_contact,
        consent_record=consent or consent_record,
        minutes=minutes,
        phone=phone,
        email=email,
        bsn=bsn,
        language=language,
        companion=companion,
        anonymous=anonymous,
    )
    given_any = any(v not in (None, False, []) for v in (
        name, question, channel, referred_by, life_event, agency, digid, consent, consent_contact,
        consent_record, anonymous, minutes, phone, email, bsn, language, companion, from_json))
    if from_json is not None:
        form = _with_json(form, from_json)
    now = clock.now()
    if is_interactive() and (not given_any or not (form.name and form.question and form.channel)):
        from loketcli.cli.intake_prompts import ask_identity, complete_form
        from loketcli.domain.intake import build_visitor, check_given

        check_given(form)  # a wrong flag is said before the first question
        # Unlock before the questions: a mistyped passphrase must not cost
        # the worker an intake they just typed with the visitor waiting.
        vault = open_vault(db, passphrase_file)
        form = ask_identity(form, ask_optional=not given_any)
        # A returning visitor is recognised before the other questions.
        known = None if form.anonymous else _recognised(vault, build_visitor(form))
        if known is not None:
            _continue(vault, known, form, as_json=as_json)
            return
        new_case = build_new_case(complete_form(form, ask_optional=not given_any))
    else:
        new_case = build_new_case(form)
        vault = open_vault(db, passphrase_file)
        known = None if new_case.intake.consent.declined_record else _recognised(vault, new_case.visitor)
        if known is not None:
            _continue(vault, known, form, as_json=as_json)
            return
    case_id = open_case(vault, new_case, now)
    choose(case_id)
    if as_json:
        print_json({"id": format_case_id(case_id)})
    else:
        typer.echo(format_case_id(case_id))
        message(t("intake.done", case=format_case_id(case_id)))
    if new_case.intake.consent.declined_record:
        message(t("intake.anonymous"))


def _with_json(form: IntakeForm, source: str) -> IntakeForm:
    """The intake's fields from `--from-json` (a file, or `-` for stdin) fill
    what the flags left open: a flag given beside the file wins."""
    import dataclasses

    from loketcli.cli.personal_input import INTAKE_FIELDS, read_json_object

    values = read_json_object(source, INTAKE_FIELDS)
    if values.get("consent"):
        values.setdefault("consent_contact", True)
        values.setdefault("consent_record", True)
    values.pop("consent", None)
    filled = {field: value for field, value in values.items()
              if value is not None and getattr(form, field) in (None, "", (), False)}
    return dataclasses.replace(form, **filled)  # type: ignore[arg-type]


def _recognised(vault: Vault, visitor: Visitor) -> Recognised | None:
    """Say which existing cases hold this visitor's BSN, phone, e-mail or name
    (id, status and date only: the name on screen could be someone else's).
    At a terminal, offer to continue the newest instead: its id then, and no
    new case is to be opened. In a script: the warning, and on as told (None)."""
    from loketcli.cli.prompts import confirm, is_interactive
    from loketcli.domain import clock
    from loketcli.domain.clock import local
    from loketcli.render.console import message
    from loketcli.services.search import recognise

    found = recognise(vault, visitor, clock.now())
    if not found:
        return None
    for known in found[:3]:
        message(t("intake.recognised", case=known.label, status=t(f"status.{known.status.value}"),
                  date=local(known.opened_at).strftime("%d-%m-%Y"),
                  fields=", ".join(known.kinds)))
    if len(found) > 3:
        message(t("intake.recognised_more", count=len(found) - 3))
    if not is_interactive() or confirm(t("prompt.intake_new_anyway", case=found[0].label), default=False):
        return None
    return found[0]


def _continue(vault: Vault, known: Recognised, form: IntakeForm, *, as_json: bool) -> None:
    """Go on in the visitor's earlier case, keeping what was typed: today's
    question (given, or asked now) becomes a visit on that case. A closed case
    is reopened for it: the worker chose to continue there."""
    from loketcli.cli.current import choose
    from loketcli.cli.intake_prompts import ask_visit_question
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.intake import optional_text, parse_minutes
    from loketcli.domain.model import CaseStatus, format_case_id
    from loketcli.render.console import message, print_json
    from loketcli.services.timeline import log_consult

    case_id, label = known.case_id, format_case_id(known.case_id)
    question = optional_text(form.question, "vraag", 4000)
    if question is None and is_interactive():
        question = ask_visit_question()
    closed = known.status is CaseStatus.CLOSED
    event_id = log_consult(vault, case_id, parse_minutes(form.minutes), clock.now(), note=question, reopen=True)
    choose(case_id)
    if as_json:
        print_json({"id": label, "existing": True, "event": event_id})
    else:
        typer.echo(label)
    if closed:
        message(t("reopen.done", case=label))
    message(t("intake.continued", case=label))
