"""Rules that bind a person, not a role: who answers a question, who records a filing with
the security authorities."""

from __future__ import annotations

from bot.bootstrap import Application
from tests.fakes import FakeRepository
from tests.unit.test_drafting import CHANNEL, cell


def test_a_question_is_answered_by_its_owner_the_pilote_or_a_role_not_by_anyone(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    cell(fake_app)
    assert not fake_app.answer("alice", CHANNEL, "question Qui appelle l'ARS ? @zoe").error
    assert not fake_app.answer("alice", CHANNEL, "question Qui prévient l'assureur ?").error
    events = len(fake_store.event_rows)
    refused = fake_app.answer("yann", CHANNEL, "repondre 1 C'est fait.")
    assert refused.error and "seuls son responsable, le pilote" in refused.text, refused.text
    refused = fake_app.answer("yann", CHANNEL, "repondre 2 C'est fait.")
    assert refused.error and "n'a pas de responsable" in refused.text
    assert len(fake_store.event_rows) == events
    assert not fake_app.answer("zoe", CHANNEL, "repondre 1 Appel passé à 10 h.").error
    assert not fake_app.answer("jur", CHANNEL, "repondre 2 Courriel envoyé.").error


def test_the_rssi_records_cert_sante_and_anssi_filings_not_the_cnils(
    fake_app: Application,
) -> None:
    cell(fake_app)
    assert not fake_app.answer("alice", CHANNEL, "role @sec rssi").error
    assert not fake_app.answer("sec", CHANNEL, "depot cert_sante ref: CS-2026-1").error
    assert not fake_app.answer("sec", CHANNEL, "depot anssi").error
    refused = fake_app.answer("sec", CHANNEL, "depot cnil ref: X")
    assert refused.error and "« depot » est réservé aux rôles" in refused.text, refused.text
