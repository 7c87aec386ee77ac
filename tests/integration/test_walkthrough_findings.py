"""What a new user typing into the console found, each kept as a specification."""

from __future__ import annotations

from datetime import datetime

from bot.bootstrap import Application
from bot.domain.duetime import parse_due
from bot.services.audit import verify_all
from tests.conftest import PARIS

NIR = "1 85 05 78 006 084 91"


def opened(app: Application) -> None:
    for line in ("ouvrir Revendication", "role @bob dpo"):
        assert not app.answer("alice", "C1", line).error, line


def test_a_count_is_a_whole_number_between_zero_and_ten_billion(sql_app: Application) -> None:
    opened(sql_app)
    for raw in ("99999999999999999999999999", "-5"):
        refused = sql_app.answer("alice", "C1", f"fait personnes.nombre = {raw}")
        assert refused.reply.template == "int_out_of_range", refused.text
        assert raw not in refused.text
    assert not sql_app.answer("alice", "C1", "faits").error
    assert not sql_app.answer("alice", "C1", "fait personnes.nombre = 1 250").error


def test_the_audit_holds_with_an_open_question_that_has_a_due_time(sql_app: Application) -> None:
    opened(sql_app)
    assert not sql_app.answer("alice", "C1", "question Test ? @bob avant: demain 17h").error
    assert all(audit.ok for audit in verify_all(sql_app.deps))


def test_the_journal_of_a_subject_holding_patient_data_is_refused_unrepeated(
    sql_app: Application,
) -> None:
    opened(sql_app)
    refused = sql_app.answer("alice", "C1", f"journal {NIR}")
    assert refused.reply.template == "sensitive_data"
    assert "006 084" not in refused.text


def test_a_due_time_long_past_is_refused_and_a_bare_hour_means_the_next_one() -> None:
    now = datetime(2026, 1, 12, 21, 52, tzinfo=PARIS)
    assert parse_due("17h", now) == datetime(2026, 1, 13, 17, 0, tzinfo=PARIS)
    refused = sql_error(lambda: parse_due("03/03/1954", now))
    assert refused == "due_past"


def sql_error(call: object) -> str:
    from bot.domain.errors import CrisisError

    try:
        call()  # type: ignore[operator]
    except CrisisError as exc:
        return exc.code
    return ""


def test_experts_are_named_with_the_contracted_preposition_and_the_forum_is_not(
    sql_app: Application,
) -> None:
    opened(sql_app)
    for key, value in (
        ("etablissement.nom", "la Clinique des Tilleuls"),
        ("etablissement.ville", "Vesoul"),
        ("incident.connu_le", "12/01/2026 09:00"),
        ("revendication.date", "11/01/2026"),
        ("revendication.source", "forum BreachForums"),
        ("enquete.experts", "le cabinet Cyberexperts"),
    ):
        assert not sql_app.answer("alice", "C1", f"fait {key} = {value}").error
        assert not sql_app.answer("bob", "C1", f"verifier {key}").error
    written = sql_app.answer("alice", "C1", "rediger communique")
    assert not written.error, written.text
    text = sql_app.answer("alice", "C1", "voir 1").text
    assert "au cabinet Cyberexperts" in text and "à le " not in text
    assert "BreachForums" not in text


def test_every_text_of_an_exercise_says_exercice(sql_app: Application) -> None:
    for line in (
        "ouvrir --exercice Simulation",
        "fait etablissement.nom = la Clinique des Tilleuls",
        "verifier etablissement.nom",
        "rediger attente",
    ):
        assert not sql_app.answer("alice", "C1", line).error, line
    text = sql_app.answer("alice", "C1", "voir 1").text
    assert text.split("———")[1].strip().startswith("EXERCICE")


def test_control_and_bidirectional_characters_are_not_stored(sql_app: Application) -> None:
    opened(sql_app)
    typed = "fait forum.note = normal\u202etxt.exe\x1b[31m rouge source: veille\u2066x\u2069"
    assert not sql_app.answer("alice", "C1", typed).error
    with sql_app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel("C1")
        assert crisis is not None and crisis.id is not None
        fact = uow.repo.fact(crisis.id, "forum.note")
    assert fact is not None and fact.value == "normaltxt.exe[31m rouge"
    assert fact.source == "veillex"
