from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import Application
from bot.commands.dispatch import parse
from bot.commands.mentions import Mentions
from bot.domain import commands as c
from bot.domain.errors import InvalidValue
from bot.domain.people import Platform
from bot.domain.values import ValueType, fold, parse_value
from bot.services.disseminations import moment_of

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("raw", "kind", "stored"),
    [
        ("oui", ValueType.BOOLEEN, "oui"),
        ("NON", ValueType.BOOLEEN, "non"),
        ("2026-01-09", ValueType.DATE, "2026-01-09"),
        ("09/01/2026", ValueType.DATE, "2026-01-09"),
        ("9/1/2026", ValueType.DATE, "2026-01-09"),
        ("09/01/2026 14:30", ValueType.DATE_HEURE, "2026-01-09T14:30+01:00"),
        ("2026-07-09 14h30", ValueType.DATE_HEURE, "2026-07-09T14:30+02:00"),
        ("2026-01-09T08:05", ValueType.DATE_HEURE, "2026-01-09T08:05+01:00"),
        ("09/01/2026", ValueType.DATE_HEURE, "2026-01-09T00:00+01:00"),
        ("103 082", ValueType.ENTIER, "103082"),
        ("103\u202f082", ValueType.ENTIER, "103082"),
        ("1250", ValueType.ENTIER, "1250"),
        ("  texte libre  ", ValueType.TEXTE, "texte libre"),
    ],
)
def test_values_are_parsed_to_their_canonical_form(raw: str, kind: ValueType, stored: str) -> None:
    assert parse_value(raw, kind, PARIS) == stored


@pytest.mark.parametrize(
    ("raw", "kind", "code"),
    [
        ("peut-être", ValueType.BOOLEEN, "invalid_bool"),
        ("31/02/2026", ValueType.DATE, "invalid_date"),
        ("2026-13-01", ValueType.DATE, "invalid_date"),
        ("hier", ValueType.DATE, "invalid_date"),
        ("09/01/2026 25:00", ValueType.DATE_HEURE, "invalid_datetime"),
        ("beaucoup", ValueType.ENTIER, "invalid_int"),
        ("10 3082", ValueType.ENTIER, "invalid_int"),
        ("   ", ValueType.TEXTE, "empty_value"),
    ],
)
def test_values_of_the_wrong_type_are_refused_with_a_code(
    raw: str, kind: ValueType, code: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_value(raw, kind, PARIS)
    assert refused.value.code == code


def test_fold_removes_accents_and_case() -> None:
    assert fold("Vérifier") == "verifier"
    assert fold("RÉPONDRE") == "repondre"


def test_dates_round_trip() -> None:
    assert date.fromisoformat(parse_value("1/3/2026", ValueType.DATE, PARIS)) == date(2026, 3, 1)
    moment = datetime.fromisoformat(parse_value("01/03/2026 9h", ValueType.DATE_HEURE, PARIS))
    assert moment == datetime(2026, 3, 1, 9, 0, tzinfo=PARIS)


def test_a_local_time_skipped_by_the_spring_clock_change_is_refused_with_the_next_valid_one(
    fake_app: Application,
) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    answer = fake_app.answer("alice", "C1", "fait incident.connu_le = 29/03/2026 02:30")
    assert answer.error and answer.reply.template == "nonexistent_time"
    assert "29/03/2026 02:30" in answer.text and "`29/03/2026 03:00`" in answer.text
    autumn = fake_app.answer("alice", "C1", "fait incident.connu_le = 25/10/2026 02:30")
    assert not autumn.error, autumn.text


def test_a_due_time_skipped_by_the_spring_clock_change_is_refused_with_the_next_valid_one(
    fake_app: Application,
) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    answer = fake_app.answer("alice", "C1", "question Qui rappelle ? avant: 29/03/2026 02h30")
    assert answer.error and answer.reply.template == "nonexistent_time", answer.text
    assert "`29/03/2026 03:00`" in answer.text


NOW = datetime(2026, 1, 12, 9, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("raw", "kind", "stored"),
    [
        ("hier", ValueType.DATE, "2026-01-11"),
        ("Hier", ValueType.DATE, "2026-01-11"),
        ("avant-hier", ValueType.DATE, "2026-01-10"),
        ("aujourd'hui", ValueType.DATE, "2026-01-12"),
        ("aujourd’hui", ValueType.DATE, "2026-01-12"),
        ("Aujourd hui", ValueType.DATE, "2026-01-12"),
        ("demain", ValueType.DATE, "2026-01-13"),
        ("hier 14h30", ValueType.DATE_HEURE, "2026-01-11T14:30+01:00"),
        ("hier à 14:30", ValueType.DATE_HEURE, "2026-01-11T14:30+01:00"),
        ("avant hier 8h", ValueType.DATE_HEURE, "2026-01-10T08:00+01:00"),
        ("AVANT-HIER 8H", ValueType.DATE_HEURE, "2026-01-10T08:00+01:00"),
        ("aujourd'hui à 7h05", ValueType.DATE_HEURE, "2026-01-12T07:05+01:00"),
        ("hier", ValueType.DATE_HEURE, "2026-01-11T00:00+01:00"),
        ("09/01/2026 14:30", ValueType.DATE_HEURE, "2026-01-09T14:30+01:00"),
    ],
)
def test_fact_dates_accept_days_named_relative_to_today(
    raw: str, kind: ValueType, stored: str
) -> None:
    assert parse_value(raw, kind, PARIS, NOW) == stored


@pytest.mark.parametrize(
    ("raw", "kind", "code"),
    [
        ("hier 14h30", ValueType.DATE, "invalid_date"),
        ("hier 25h", ValueType.DATE_HEURE, "invalid_datetime"),
        ("la semaine dernière", ValueType.DATE, "invalid_date"),
    ],
)
def test_a_relative_day_with_something_else_is_refused(
    raw: str, kind: ValueType, code: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_value(raw, kind, PARIS, NOW)
    assert refused.value.code == code


def test_a_fact_typed_hier_is_recorded_with_yesterdays_date(fake_app: Application) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite présumée")
    answer = fake_app.answer("alice", "C1", "fait incident.connu_le = hier 18h source: mail")
    assert not answer.error, answer.text
    assert "11 janvier 2026 à 18 h" in answer.text
    aware = fake_app.answer("alice", "C1", "connaissance hier à 18h motif: courriel")
    assert not aware.error, aware.text
    filed = fake_app.answer("alice", "C1", "depot cnil aujourd'hui ref: 2026-000123")
    assert not filed.error, filed.text
    assert "12 janvier 2026" in filed.text


@pytest.mark.parametrize(
    ("typed", "recipient", "when"),
    [
        ("diffuser 1 presse hier 14h30", "presse", "hier 14:30"),
        ("diffuser 1 patients par courrier le avant-hier", "patients par courrier", "avant-hier"),
        ("diffuser 1 presse Est Républicain aujourd'hui", "presse Est Républicain", "aujourd'hui"),
        ("diffuser 1 presse le 12/01/2026 09:00", "presse", "12/01/2026 09:00"),
        ("diffuser 1 presse", "presse", None),
    ],
)
def test_a_dissemination_may_be_dated_from_today(
    fake_app: Application, typed: str, recipient: str, when: str | None
) -> None:
    command = parse(typed, Mentions(Platform.CONSOLE))
    assert command == c.Disseminate(1, recipient, when)


def test_a_dissemination_day_named_from_today_is_read_against_the_clock(
    fake_app: Application,
) -> None:
    assert moment_of(fake_app.deps, "hier 14:30") == (
        datetime(2026, 1, 11, 14, 30, tzinfo=PARIS),
        False,
    )
    assert moment_of(fake_app.deps, "avant-hier") == (datetime(2026, 1, 10, tzinfo=PARIS), True)
    assert moment_of(fake_app.deps, "12/01/2026") == (datetime(2026, 1, 12, tzinfo=PARIS), True)
