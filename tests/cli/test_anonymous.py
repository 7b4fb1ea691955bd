"""A visitor who declines having their details recorded (issue 22, point 10):
the case keeps no name, phone, e-mail or BSN, still counts in the stats, gives
a visitor's sheet, warns at a call and is never sent to the register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loket_testkit import UNLOCKED, error_line, init_store, intake, invoke

from loketcli.i18n import t

NAME, PHONE, EMAIL, BSN = "Wilhelmina Anoniemtest", "0612398765", "wilhelmina@example.org", "123456782"


def anonymous_case(*extra: str) -> str:
    return intake("--name", NAME, "--question", "vraag over de huurtoeslag", "--channel", "balie",
                  "--agency", "toeslagen", "--phone", PHONE, "--email", EMAIL, "--bsn", BSN, *extra)


def test_an_anonymous_intake_keeps_no_name_phone_email_or_bsn(db_path: Path) -> None:
    init_store()
    result = invoke(["intake", "--name", NAME, "--question", "vraag over de huurtoeslag", "--channel", "balie",
                     "--phone", PHONE, "--email", EMAIL, "--bsn", BSN, "--anoniem"], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    case = result.stdout.strip()
    assert result.stderr.endswith(t("intake.anonymous") + "\n")
    shown = json.loads(invoke(["show", case, "--json"], env=UNLOCKED).stdout)
    assert shown["visitor"]["name"] == "Anoniem"
    assert (shown["visitor"]["phone"], shown["visitor"]["email"], shown["visitor"]["bsn"]) == (None, None, None)
    assert shown["intake"]["consent"]["record_data"] is False
    # Not found by what was typed: it was never kept.
    for term in (BSN, PHONE, EMAIL, "Wilhelmina"):
        found = invoke(["find", "--stdin", "--json"], env=UNLOCKED, input=term + "\n")
        assert json.loads(found.stdout) == [], term


def test_a_plain_intake_without_consent_flags_keeps_everything() -> None:
    """Not asked is not no: only the explicit choice makes a case anonymous."""
    init_store()
    case = anonymous_case()
    shown = json.loads(invoke(["show", case, "--json", "--bsn"], env=UNLOCKED).stdout)
    assert (shown["visitor"]["name"], shown["visitor"]["bsn"]) == (NAME, BSN)


def test_from_json_anonymous_and_the_stored_consent(db_path: Path, tmp_path: Path) -> None:
    init_store()
    source = tmp_path / "bezoeker.json"
    source.write_text(json.dumps({"name": NAME, "question": "vraag", "channel": "balie", "bsn": BSN,
                                  "anonymous": True}), "utf-8")
    result = invoke(["intake", "--from-json", str(source)], env=UNLOCKED)
    assert result.exit_code == 0, result.stderr
    shown = json.loads(invoke(["show", result.stdout.strip(), "--json"], env=UNLOCKED).stdout)
    assert (shown["visitor"]["name"], shown["visitor"]["bsn"]) == ("Anoniem", None)


def test_an_anonymous_case_counts_gives_a_sheet_warns_at_a_call_and_stays_out_of_the_register() -> None:
    init_store()
    case = anonymous_case("--anoniem", "--consent")
    from loketcli.domain import clock

    month = clock.now().strftime("%Y-%m")
    stats = json.loads(invoke(["stats", "--format", "json", "--month", month], env=UNLOCKED).stdout)
    assert stats["cases"]["new"] == 1, stats
    sheet = invoke(["summary", case, "--for-visitor"], env=UNLOCKED)
    assert sheet.exit_code == 0 and NAME not in sheet.stdout and "Wilhelmina" not in sheet.stdout
    called = invoke(["call", case, "toeslagen", "--outcome", "opgelost"], env=UNLOCKED)
    assert called.exit_code == 0
    assert t("call.anonymous") in called.stderr
    consent = invoke(["register", "consent", case], env=UNLOCKED)
    assert (consent.exit_code, consent.stderr) == (2, error_line("error.register_anonymous", case=case))


def test_at_the_prompt_no_to_recording_is_asked_once_more_and_yes_makes_it_anonymous(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import loketcli.cli.prompts

    init_store()
    monkeypatch.setattr(loketcli.cli.prompts, "is_interactive", lambda: True)
    typed = [NAME, PHONE, EMAIL, BSN, "vraag over de huurtoeslag", "balie", "toeslagen",
             "j",  # consent (both)
             "j",  # more?
             "", "", "",  # referred by, life events, digid
             "j",  # consent contact
             "n",  # consent record
             "j",  # go on anonymously?
             "", ""]  # language, companion
    result = invoke(["intake"], env=UNLOCKED, input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    assert t("prompt.anonymous") in result.stderr
    assert result.stderr.endswith(t("intake.anonymous") + "\n")
    shown = json.loads(invoke(["show", result.stdout.strip().splitlines()[-1], "--json"], env=UNLOCKED).stdout)
    assert (shown["visitor"]["name"], shown["visitor"]["phone"], shown["visitor"]["bsn"]) == ("Anoniem", None, None)
    assert NAME not in result.stdout


def test_the_rule_itself() -> None:
    from loketcli.domain.intake import IntakeForm, build_new_case

    declined = build_new_case(IntakeForm(name=NAME, question="vraag", channel="balie", bsn=BSN, phone=PHONE,
                                         anonymous=True))
    assert (declined.visitor.name, declined.visitor.bsn, declined.visitor.phone) == ("Anoniem", None, None)
    assert declined.intake.consent.declined_record and not declined.intake.consent.record_data
    kept = build_new_case(IntakeForm(name=NAME, question="vraag", channel="balie", bsn=BSN, consent_record=False))
    assert (kept.visitor.name, kept.visitor.bsn, kept.intake.consent.declined_record) == (NAME, BSN, False)


def test_the_stored_payload_of_other_cases_keeps_its_bytes(db_path: Path) -> None:
    """`declined_record` is written only when true: no existing case changes."""
    from loketcli.domain.intake import IntakeForm, build_new_case
    from loketcli.storage.codec import case_payload

    plain = build_new_case(IntakeForm(name=NAME, question="vraag", channel="balie"))
    assert "declined_record" not in json.dumps(case_payload(plain.visitor, plain.intake))
    declined = build_new_case(IntakeForm(name=NAME, question="vraag", channel="balie", anonymous=True))
    assert '"declined_record": true' in json.dumps(case_payload(declined.visitor, declined.intake))
