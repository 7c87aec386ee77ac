"""The main courante on SQLite, migrated with Alembic: what is stored comes back as it was."""

from __future__ import annotations

from datetime import date, datetime

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.domain.courante import Body, DecisionKind, FactSeen, InquiryState
from bot.domain.model import FactStatus
from bot.services import audit, retention
from bot.services.points import due_points
from tests.conftest import PARIS
from tests.delivered import deliver_everything


def test_decisions_filings_inquiries_and_rhythm_are_stored_and_read_back(
    sql_app: Application, clock: FixedClock
) -> None:
    for user, line in (
        ("alice", "ouvrir Revendication"),
        ("alice", "role @bob dpo"),
        ("alice", "fait fuite.averee = non"),
        ("alice", "fait etablissement.nom = la Clinique des Mésanges"),
        ("alice", "verifier etablissement.nom"),
        ("bob", "decision Attendre le rapport motif: prudence faits: fuite.averee"),
        ("bob", "connaissance 12/01/2026 08:15 motif: courriel"),
        ("bob", "depot cnil le 12/01/2026 ref: 2026-1 note: accusé"),
        ("alice", "presse L'Est / J. Martin / Combien ? avant: 17h"),
        ("alice", "rediger attente"),
        ("alice", "role @dan direction"),
        ("dan", "approuver 1"),
        ("alice", "presse repondue 1 1"),
        ("alice", "point toutes les 2h"),
    ):
        answer = sql_app.answer(user, "C1", line)
        assert not answer.error, (line, answer.text)
    with sql_app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel("C1")
        assert crisis is not None and crisis.id is not None and not crisis.exercise
        first, aware = uow.repo.decisions(crisis.id)
        (filing,) = uow.repo.filings(crisis.id)
        (inquiry,) = uow.repo.inquiries(crisis.id)
        cadence = uow.repo.cadence(crisis.id)
    assert first.facts == {"fuite.averee": FactSeen(1, FactStatus.SIGNALE)}
    assert first.motif == "prudence" and first.decided_at == clock.now()
    assert aware.kind is DecisionKind.CONNAISSANCE
    assert aware.moment == datetime(2026, 1, 12, 8, 15, tzinfo=PARIS)
    assert (filing.body, filing.filed_on, filing.reference) == (
        Body.CNIL,
        date(2026, 1, 12),
        "2026-1",
    )
    assert inquiry.state is InquiryState.REPONDUE and inquiry.draft == 1
    assert cadence is not None and cadence.hours == 2
    clock.advance(hours=2)
    assert due_points(sql_app.deps) == 1
    assert all(result.ok for result in audit.verify_all(sql_app.deps))


def test_an_exercise_crisis_is_stored_as_such_and_purged_with_its_courante(
    sql_app: Application, clock: FixedClock
) -> None:
    sql_app.answer("alice", "X1", "ouvrir --exercice Exercice annuel")
    sql_app.answer("alice", "X1", "decision Déclencher la cellule")
    sql_app.answer("alice", "X1", "depot anssi")
    sql_app.answer("alice", "X1", "clore fin de l'exercice")
    with sql_app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel("X1")
    assert crisis is not None and crisis.exercise
    clock.advance(days=1)
    deliver_everything(sql_app)
    candidates = retention.purgeable(sql_app.deps, clock.now())
    assert retention.purge(sql_app.deps, candidates, "admin").held == {}
    with sql_app.deps.read() as uow:
        assert uow.repo.decisions(crisis.id or 0) == []
        assert uow.repo.filings(crisis.id or 0) == []
