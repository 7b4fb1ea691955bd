"""`loket edit CASE`: correct intake fields; each correction stays on the timeline."""

from __future__ import annotations

from typing import Annotated

import typer

from loketcli.cli.options import DbOption, JsonOption, PassphraseFileOption
from loketcli.i18n import t

_F = t("help.panel.fields")


def edit(
    case: Annotated[str, typer.Argument(help=t("help.edit.case"), show_default=False)],
    name: Annotated[str | None, typer.Option("--name", rich_help_panel=_F)] = None,
    question: Annotated[str | None, typer.Option("--question", rich_help_panel=_F)] = None,
    channel: Annotated[str | None, typer.Option("--channel", rich_help_panel=_F)] = None,
    referred_by: Annotated[str | None, typer.Option("--referred-by", rich_help_panel=_F)] = None,
    life_event: Annotated[list[str] | None, typer.Option("--life-event", help=t("help.edit.life_event"),
                                                         rich_help_panel=_F)] = None,
    agency: Annotated[list[str] | None, typer.Option("--agency", help=t("help.edit.agency"), rich_help_panel=_F)]
    = None,
    digid: Annotated[str | None, typer.Option("--digid", rich_help_panel=_F)] = None,
    consent_contact: Annotated[bool | None, typer.Option("--consent-contact/--no-consent-contact",
                                                         rich_help_panel=_F)] = None,
    consent_record: Annotated[bool | None, typer.Option("--consent-record/--no-consent-record",
                                                        rich_help_panel=_F)] = None,
    minutes: Annotated[int | None, typer.Option("--minutes", rich_help_panel=_F)] = None,
    phone: Annotated[str | None, typer.Option("--phone", rich_help_panel=_F)] = None,
    email: Annotated[str | None, typer.Option("--email", rich_help_panel=_F)] = None,
    bsn: Annotated[str | None, typer.Option("--bsn", rich_help_panel=_F)] = None,
    language: Annotated[str | None, typer.Option("--language", rich_help_panel=_F)] = None,
    companion: Annotated[str | None, typer.Option("--companion", rich_help_panel=_F)] = None,
    from_json: Annotated[str | None, typer.Option("--from-json", help=t("help.edit.from_json"),
                                                  rich_help_panel=_F)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    passphrase_file: PassphraseFileOption = None,
) -> None:
    """`loket edit CASE`: correct intake fields; an empty value (--phone "") clears an optional one."""
    from loketcli.cli.context import open_vault
    from loketcli.cli.personal_input import fields_from_stdin, warn_personal_arguments
    from loketcli.cli.prompts import is_interactive
    from loketcli.domain import clock
    from loketcli.domain.model import parse_case_id
    from loketcli.errors import BadInput
    from loketcli.render.console import message, print_json
    from loketcli.services.timeline import edit_intake

    case_id = parse_case_id(case)
    warn_personal_arguments(name, question, phone, email, bsn, language)
    name, question, phone, email, bsn, language, companion = fields_from_stdin(
        {"naam": name, "vraag": question, "telefoon": phone, "e-mail": email, "bsn": bsn, "taal": language,
         "begeleiding": companion}, from_json=from_json).values()
    given: dict[str, object] = {
        "name": name, "question": question, "channel": channel, "referred_by": referred_by,
        "life_events": tuple(life_event) if life_event is not None else None,
        "agencies": tuple(agency) if agency is not None else None,
        "digid": digid, "consent_contact": consent_contact, "consent_record": consent_record,
        "minutes": minutes, "phone": phone, "email": email, "bsn": bsn, "language": language,
        "companion": companion,
    }
    if from_json is not None:
        given = _with_json(given, from_json)
    changes = {key: value for key, value in given.items() if value is not None}
    vault = open_vault(db, passphrase_file)
    if not changes and is_interactive():
        from loketcli.cli.edit_prompts import ask_corrections

        changes = ask_corrections(vault, case_id)
    if not changes:
        raise BadInput("error.edit_nothing")
    # An empty string clears an optional field; the form treats None as "not given".
    changed = edit_intake(vault, case_id, {k: (None if v == "" else v) for k, v in changes.items()}, clock.now())
    if as_json:
        print_json({"changed": list(changed)})
    elif changed:
        message(t("edit.done", case=f"K-{case_id:04d}", fields=", ".join(changed)))
    else:
        message(t("edit.unchanged", case=f"K-{case_id:04d}"))


def _with_json(given: dict[str, object], source: str) -> dict[str, object]:
    """Corrections from `--from-json` (a file, or `-` for stdin): the fields
    present change, `null` or "" clears an optional one; a flag given beside
    the file wins."""
    from loketcli.cli.personal_input import INTAKE_FIELDS, read_json_object

    values = read_json_object(source, INTAKE_FIELDS)
    if "consent" in values:
        consent = values.pop("consent")
        values.setdefault("consent_contact", consent)
        values.setdefault("consent_record", consent)
    merged = dict(given)
    for field, value in values.items():
        if merged.get(field) is None:
            merged[field] = "" if value is None else value
    return merged
