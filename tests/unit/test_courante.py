"""The main courante: decisions, the moment of awareness, filings, on in-memory fakes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.commands.parsing import split_options
from bot.domain.clocks import ClockState
from bot.domain.courante import DecisionKind, FactSeen
from bot.domain.model import FactStatus
from tests.conftest import PARIS, START
from tests.fakes import FakeRepository


@pytest.fixture
def cell(fake_app: Application) -> Application:
    for user, line in (
        ("alice", "ouvrir Revendication sur un forum"),
        ("alice", "role @bob dpo"),
        ("alice", "role @carol communication"),
        ("alice", "fait fuite.averee = non source: RSSI"),
    ):
        assert not fake_app.answer(user, "C1", line).error
    return fake_app


def test_options_come_in_any_order_and_the_first_of_each_wins() -> None:
    head, found = split_options(
        "Attendre faits: a.b, c motif: prudence [motif: autre]",
        {"motif": ("motif", "reason"), "faits": ("faits", "facts")},
    )
    assert head == "Attendre"
    assert found == {"motif": "prudence [motif: autre]", "faits": "a.b, c"}


def test_a_decision_records_who_when_why_and_the_versions_of_its_facts(
    cell: Application, fake_store: FakeRepository
) -> None:
    answer = cell.answer(
        "bob", "C1", "decision Pas de communiqué motif: ne rien confirmer faits: fuite.averee"
    )
    assert not answer.error, answer.text
    assert answer.public
    (decision,) = fake_store.decision_rows
    assert decision.decided_by == "bob" and decision.decided_at == START
    assert decision.motif == "ne rien confirmer"
    assert decision.facts == {"fuite.averee": FactSeen(1, FactStatus.SIGNALE)}
    assert fake_store.event_rows[-1].kind == "decision.prise"
    assert "décision n° 1 : Pas de communiqué" in cell.answer("bob", "C1", "journal").text


def test_a_decision_resting_on_a_fact_that_changes_is_flagged_for_review(
    cell: Application,
) -> None:
    cell.answer("alice", "C1", "decision Attendre le rapport faits: fuite.averee")
    assert "À REVOIR" not in cell.answer("alice", "C1", "decisions").text
    cell.answer("bob", "C1", "verifier fuite.averee preuve: journaux")
    listing = cell.answer("alice", "C1", "decisions").text
    assert "À REVOIR : fuite.averee a changé depuis" in listing
    status = cell.answer("alice", "C1", "statut").text
    assert "Décisions à revoir" in status and "Attendre le rapport" in status


def test_a_decision_on_an_unknown_fact_or_by_a_plain_member_is_refused(
    cell: Application, fake_store: FakeRepository
) -> None:
    unknown = cell.answer("alice", "C1", "decision Attendre faits: rien.ici")
    assert unknown.error and "rien.ici" in unknown.text
    member = cell.answer("dave", "C1", "decision Attendre")
    assert member.error and "membre" in member.text
    assert not fake_store.decision_rows


def test_the_moment_of_awareness_is_decided_by_the_dpo_or_the_pilote_with_a_motif(
    cell: Application, fake_store: FakeRepository
) -> None:
    refused = cell.answer("carol", "C1", "connaissance 12/01/2026 08:00 motif: courriel")
    assert refused.error and "DPO" in refused.text
    no_motif = cell.answer("bob", "C1", "connaissance 12/01/2026 08:00")
    assert no_motif.error and "Exemple" in no_motif.text
    future = cell.answer("bob", "C1", "connaissance 12/01/2027 08:00 motif: courriel")
    assert future.error and "futur" in future.text
    done = cell.answer("bob", "C1", "connaissance le 12/01/2026 à 08:00 motif: courriel reçu")
    assert not done.error, done.text
    (decision,) = fake_store.decision_rows
    assert decision.kind is DecisionKind.CONNAISSANCE
    assert decision.moment == datetime(2026, 1, 12, 8, 0, tzinfo=PARIS)
    fact = fake_store.fact_rows[(1, "incident.connu_le")]
    assert fact.status is FactStatus.VERIFIE and fact.proof == "courriel reçu"


def test_the_clocks_start_at_the_decided_moment_and_say_who_decided(
    cell: Application, clock: FixedClock
) -> None:
    cell.answer("alice", "C1", "fait incident.connu_le = 10/01/2026 08:00")
    cell.answer("alice", "C1", "verifier incident.connu_le")
    cell.answer("bob", "C1", "connaissance 12/01/2026 08:00 motif: le courriel fait foi")
    text = cell.answer("alice", "C1", "echeances").text
    assert "Prise de connaissance : 12 janvier 2026 à 8 h, décidée par @bob" in text
    assert "avant le 15 janvier 2026 à 8 h" in text
    assert "Signalement au CERT Santé (sans délai) : à faire sans délai" in text


def test_a_filing_stops_its_clock_and_shows_its_reference_in_deadlines_and_register(
    cell: Application, fake_store: FakeRepository, clock: FixedClock
) -> None:
    cell.answer("bob", "C1", "connaissance 12/01/2026 08:00 motif: courriel")
    refused = cell.answer("carol", "C1", "depot cnil ref: X")
    assert refused.error
    unknown = cell.answer("bob", "C1", "depot mairie")
    assert unknown.error and "cnil" in unknown.text
    filed = cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: 2026-000123 note: accusé reçu")
    assert not filed.error, filed.text
    deadlines = cell.answer("bob", "C1", "echeances").text
    assert "Notification à la CNIL (72 h, RGPD art. 33) : faite le 12 janvier 2026" in deadlines
    assert "CNIL (initiale) le 12 janvier 2026 — réf. 2026-000123 — accusé : accusé reçu" in (
        deadlines
    )
    assert "Notification complémentaire à la CNIL" in deadlines
    register = cell.answer("bob", "C1", "registre").text
    assert "réf. 2026-000123" in register
    ahead = cell.answer("bob", "C1", "depot cnil le 14/01/2026 ref: 2026-000123")
    assert ahead.error and "jour à venir" in ahead.text and len(fake_store.filing_rows) == 1
    clock.advance(days=2)
    cell.answer("bob", "C1", "depot cnil le 14/01/2026 ref: 2026-000123")
    deadlines = cell.answer("bob", "C1", "echeances").text
    assert "CNIL (complémentaire) le 14 janvier 2026" in deadlines
    assert "(72 h après la notification initiale) : faite le 14 janvier 2026" in deadlines


def test_a_filing_is_consigned_once_and_never_before_the_moment_of_awareness(
    cell: Application, fake_store: FakeRepository
) -> None:
    cell.answer("bob", "C1", "connaissance 12/01/2026 08:00 motif: courriel")
    early = cell.answer("bob", "C1", "depot plainte le 11/01/2026 ref: PV-1")
    assert early.error and early.reply.template == "filing_before_awareness"
    assert "11 janvier 2026" in early.text and not fake_store.filing_rows
    assert not cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: X-1 note: reçu").error
    twice = cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: X-1 note: reçu")
    assert twice.error and twice.reply.template == "filing_twice"
    assert not cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: X-1 note: complément").error
    assert len(fake_store.filing_rows) == 2


def test_the_moment_of_awareness_is_not_moved_after_a_filing(
    cell: Application, fake_store: FakeRepository, clock: FixedClock
) -> None:
    cell.answer("bob", "C1", "connaissance 12/01/2026 08:00 motif: courriel")
    cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: X-1")
    clock.advance(days=2)
    assert not cell.answer("bob", "C1", "connaissance 12/01/2026 09:00 motif: heure exacte").error
    assert not cell.answer("bob", "C1", "connaissance 11/01/2026 08:00 motif: appel").error
    after = cell.answer("bob", "C1", "connaissance 13/01/2026 08:00 motif: correction")
    assert after.error and after.reply.template == "awareness_after_filing"
    assert "n° 1" in after.text and len(fake_store.decision_rows) == 3


def test_the_cert_sante_clock_is_never_late_once_done() -> None:
    from bot.domain.clocks import clocks
    from bot.domain.courante import Body, Filing

    known = datetime(2026, 1, 12, 8, 0, tzinfo=PARIS)
    filing = Filing(
        1, 1, Body.CERT_SANTE, (known + timedelta(days=2)).date(), None, None, "b", known
    )
    found = {c.code: c for c in clocks([], known, awareness=known, filings=[filing])}
    assert found["cert_sante"].state is ClockState.DONE


@pytest.mark.parametrize(
    "line",
    [
        "decision Rappeler le patient au 06 12 34 56 78",
        "decision Attendre motif: IPP 123456789",
        "connaissance 12/01/2026 08:00 motif: patient né le 01/02/1960",
        "depot plainte note: écrire à jean.dupont@gmail.com",
        "presse Le Monde / Jean 06 12 34 56 78 / Combien ?",
    ],
)
def test_refusals_of_patient_data_never_repeat_it(cell: Application, line: str) -> None:
    answer = cell.answer("bob", "C1", line)
    assert answer.error
    for secret in ("06 12 34 56 78", "123456789", "01/02/1960", "jean.dupont"):
        assert secret not in answer.text


def test_clock_states_agree_with_their_label_and_the_start_hint_is_said_once(
    cell: Application,
) -> None:
    waiting = cell.answer("alice", "C1", "statut").text
    assert waiting.count("en attente de la prise de connaissance") == 4
    assert waiting.count("`/crise connaissance") == 1
    assert "démarrée" not in waiting
    cell.answer("bob", "C1", "connaissance 12/01/2026 08:00 motif: courriel")
    cell.answer("bob", "C1", "depot plainte le 12/01/2026 ref: PL-7")
    cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: 2026-000124")
    deadlines = cell.answer("bob", "C1", "echeances").text
    assert "Dépôt de plainte (72 h pour la garantie cyber, C. assur. L.12-10-1) : fait le 12" in (
        deadlines
    )
    assert "Notification à la CNIL (72 h, RGPD art. 33) : faite le 12" in deadlines
    assert "`/crise connaissance" not in deadlines


def drafted(app: Application, user: str, model: str) -> str:
    answer = app.answer(user, "C1", f"rediger {model}")
    assert not answer.error, answer.text
    number = answer.text.split("n° ")[1].split()[0]
    shown = app.answer(user, "C1", f"voir {number}").text
    return shown.replace("\u00a0", " ").replace("\u202f", " ")


def test_the_complementary_cnil_notification_reads_the_filing_and_what_changed_since(
    cell: Application, clock: FixedClock
) -> None:
    for user, line in (
        ("alice", "fait dpo.contact = dpo@clinique-mesanges.fr"),
        ("bob", "verifier dpo.contact"),
        ("alice", "fait personnes.nombre = 1200"),
        ("bob", "verifier personnes.nombre"),
        ("alice", "fait exfiltration.trace = non"),
        ("alice", "fait incident.cause = hameçonnage"),
        ("bob", "verifier incident.cause"),
        ("bob", "connaissance 12/01/2026 08:00 motif: courriel"),
    ):
        assert not cell.answer(user, "C1", line).error, line
    initial = drafted(cell, "bob", "cnil")
    assert "Notification initiale" in initial and "DNC-2026-0042" not in initial
    assert "Catégories de données : en cours d'évaluation." in initial
    assert "Signalement au CERT Santé et dépôt de plainte : en cours d'évaluation." in initial
    cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: DNC-2026-0042 note: accusé reçu")
    clock.advance(hours=30)
    for user, line in (
        ("bob", "verifier fuite.averee"),
        ("alice", "fait personnes.nombre = 1250"),
        ("bob", "verifier personnes.nombre"),
        ("bob", "refuter exfiltration.trace"),
        ("alice", "fait incident.cause = inconnue à ce jour"),
        ("bob", "depot cert le 13/01/2026 ref: CS-77"),
    ):
        assert not cell.answer(user, "C1", line).error, line
    text = drafted(cell, "bob", "cnil")
    assert (
        "Notification complémentaire à la notification initiale du 12 janvier 2026 "
        "(référence CNIL : DNC-2026-0042)." in text
    )
    assert "Éléments nouveaux depuis la notification du 12 janvier 2026" in text
    assert "Désormais vérifiés :\n- fuite avérée : non." in text
    assert "Valeurs corrigées :\n- nombre de personnes concernées : 1 250." in text
    assert "Écartés après vérification : trace d'exfiltration dans nos systèmes." in text
    assert "De nouveau en cours d'évaluation : cause de la violation." in text
    assert "Cause : en cours d'évaluation." in text
    assert "signalé l'incident au CERT Santé" in text
    assert "accusé reçu" not in text
    clock.advance(days=1)
    cell.answer("bob", "C1", "depot cnil le 14/01/2026")
    listing = cell.answer("bob", "C1", "brouillons").text
    assert "n° 2 — Projet de notification à la CNIL (cnil) — périmé" in listing
    third = drafted(cell, "bob", "cnil")
    assert "Éléments nouveaux depuis la notification du 14 janvier 2026" in third
    assert "Aucun élément nouveau n'a été établi depuis." in third
    assert "(référence CNIL : DNC-2026-0042)" in third


def test_texts_cite_the_filings_once_recorded_and_never_a_complaint_reference(
    cell: Application, clock: FixedClock
) -> None:
    for user, line in (
        ("alice", "fait etablissement.nom = la Clinique des Mésanges"),
        ("alice", "fait etablissement.ville = Belfort"),
        ("bob", "verifier etablissement.nom"),
        ("bob", "verifier etablissement.ville"),
        ("bob", "connaissance 12/01/2026 08:00 motif: courriel"),
    ):
        assert not cell.answer(user, "C1", line).error, line
    before = drafted(cell, "bob", "communique")
    assert "CNIL" not in before and "plainte" not in before
    assert "Signalement initial" in drafted(cell, "bob", "signalement")
    register = cell.answer("bob", "C1", "registre").text
    assert "| Notification à la CNIL | à compléter |" in register
    clock.advance(days=1)
    cell.answer("bob", "C1", "depot cnil le 12/01/2026 ref: DNC-1 note: accusé reçu")
    cell.answer("bob", "C1", "depot plainte le 13/01/2026 ref: PV-2026-77")
    cell.answer("bob", "C1", "depot cert le 12/01/2026 ref: CS-77")
    after = drafted(cell, "bob", "communique")
    assert "notifié l'incident à la Commission nationale de l'informatique" in after
    assert "déposé plainte" in after and "PV-2026-77" not in after
    report = drafted(cell, "bob", "signalement")
    assert "Complément au signalement du 12 janvier 2026 (référence : CS-77)." in report
    register = cell.answer("bob", "C1", "registre").text.replace("\u00a0", " ")
    assert "| Notification à la CNIL | à compléter |" not in register
    assert "| Notification à la CNIL | 12 janvier 2026, réf. DNC-1 |" in register
    assert "dépôt de plainte : 13 janvier 2026" in register
