"""`loket intake`: open a case, from flags or, at a terminal, from prompts."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption

_FIELD = "Intake"
_CONSENT_BOTH = "Toestemming om instanties te benaderen én gegevens vast te leggen."
_CONSENT_CONTACT = "Alleen toestemming om instanties te benaderen."
_CONSENT_RECORD = "Alleen toestemming om gegevens vast te leggen."


def intake(
    name: Annotated[str | None, typer.Option("--name", help="Naam of initialen van de bezoeker.",
                                             rich_help_panel=_FIELD)] = None,
    question: Annotated[str | None, typer.Option("--question", help="De vraag, in de woorden van de bezoeker.",
                                                 rich_help_panel=_FIELD)] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="balie, afspraak, telefoon, wijk, huisbezoek.",
                                                rich_help_panel=_FIELD)] = None,
    referred_by: Annotated[str | None, typer.Option("--referred-by", help="Hoe kwam de bezoeker hier.",
                                                    rich_help_panel=_FIELD)] = None,
    life_event: Annotated[list[str] | None, typer.Option("--life-event", help="Levensgebeurtenis (herhaalbaar).",
                                                         rich_help_panel=_FIELD)] = None,
    agency: Annotated[list[str] | None, typer.Option("--agency", help="Betrokken instantie (herhaalbaar).",
                                                     rich_help_panel=_FIELD)] = None,
    digid: Annotated[str | None, typer.Option("--digid", help="heeft, geen, aangevraagd, onbekend.",
                                              rich_help_panel=_FIELD)] = None,
    consent: Annotated[bool, typer.Option("--consent", help=_CONSENT_BOTH,
                                          rich_help_panel=_FIELD)] = False,
    consent_contact: Annotated[bool, typer.Option("--consent-contact", help=_CONSENT_CONTACT,
                                                  rich_help_panel=_FIELD)] = False,
    consent_record: Annotated[bool, typer.Option("--consent-record", help=_CONSENT_RECORD,
                                                 rich_help_panel=_FIELD)] = False,
    minutes: Annotated[int | None, typer.Option("--minutes", help="Bestede minuten.", rich_help_panel=_FIELD)] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Telefoonnummer.", rich_help_panel=_FIELD)] = None,
    email: Annotated[str | None, typer.Option("--email", help="E-mailadres.", rich_help_panel=_FIELD)] = None,
    bsn: Annotated[str | None, typer.Option("--bsn", help="BSN (met elfproef; wordt gemaskeerd getoond).",
                                            rich_help_panel=_FIELD)] = None,
    language: Annotated[str | None, typer.Option("--language", help="Voorkeurstaal.", rich_help_panel=_FIELD)] = None,
    companion: Annotated[str | None, typer.Option("--companion", help="Wie kwam mee: tolk, familie, kennis, ...",
                                                  rich_help_panel=_FIELD)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """Open een nieuwe zaak (intake). Zonder opties vraagt loket elk veld uit."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.intake import IntakeForm, build_new_case
    from loketcli.domain.model import format_case_id
    from loketcli.i18n import t
    from loketcli.render.console import message, print_json
    from loketcli.services.cases import open_case

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
    )
    given_any = any(v not in (None, False, []) for v in (
        name, question, channel, referred_by, life_event, agency, digid, consent, consent_contact,
        consent_record, minutes, phone, email, bsn, language, companion))
    if is_interactive() and (not given_any or not (name and question and channel)):
        from loketcli.cli.intake_prompts import complete_form

        # Unlock before the questions: a mistyped passphrase must not cost
        # the worker an intake they just typed with the visitor waiting.
        vault = open_vault(db, passphrase_file)
        new_case = build_new_case(complete_form(form, ask_optional=not given_any))
    else:
        new_case = build_new_case(form)
        vault = open_vault(db, passphrase_file)
    case_id = open_case(vault, new_case, clock.now())
    if as_json:
        print_json({"id": format_case_id(case_id)})
    else:
        typer.echo(format_case_id(case_id))
        message(t("intake.done", case=format_case_id(case_id)))
