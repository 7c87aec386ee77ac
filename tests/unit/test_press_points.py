"""The press desk, the points de situation and exercise crises, on in-memory fakes."""

from __future__ import annotations

import asyncio

import pytest

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.domain.outbox import OutboxItem
from bot.services.points import POINT, POINT_REMINDER, due_points
from bot.services.register import all_entries
from tests.fakes import FakeRepository


@pytest.fixture
def cell(fake_app: Application) -> Application:
    for user, line in (
        ("alice", "ouvrir Revendication sur un forum"),
        ("alice", "role @carol communication"),
        ("alice", "fait etablissement.nom = la Clinique des Mésanges"),
        ("alice", "verifier etablissement.nom"),
    ):
        assert not fake_app.answer(user, "C1", line).error
    return fake_app


class Printed:
    platform = "console"

    def __init__(self) -> None:
        self.items: list[tuple[OutboxItem, str]] = []

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def send(self, item: OutboxItem, text: str) -> None:
        """Like the console: the reply already showed each change, notices are not printed."""
        if item.kind != "notice":
            self.items.append((item, text))

    async def already_sent(self, item: OutboxItem) -> bool:
        return False


def deliver(app: Application) -> list[tuple[OutboxItem, str]]:
    printed = Printed()
    while asyncio.run(app.deliverer.deliver_due(printed)):
        pass
    return printed.items


def test_press_inquiries_are_listed_overdue_first(cell: Application, clock: FixedClock) -> None:
    cell.answer("eve", "C1", "presse L'Est / J. Martin / Combien de patients ? avant: 17h")
    cell.answer("eve", "C1", "presse France 3 / P. Durand / Avez-vous porté plainte ? avant: 11h")
    cell.answer("eve", "C1", "presse Radio / Anne / Les soins continuent-ils ?")
    clock.advance(hours=3)
    listing = cell.answer("eve", "C1", "presse").text
    lines = [line for line in listing.splitlines() if line.startswith("•")]
    assert "France 3" in lines[0] and "EN RETARD de 1 h" in lines[0]
    assert "L'Est" in lines[1] and "Radio" in lines[2]


def test_a_press_inquiry_is_answered_with_an_approved_draft_by_communication(
    cell: Application, fake_store: FakeRepository
) -> None:
    cell.answer("eve", "C1", "presse L'Est / J. Martin / Combien de patients ?")
    refused = cell.answer("eve", "C1", "presse repondue 1 1")
    assert refused.error and "communication" in refused.text
    missing = cell.answer("carol", "C1", "presse repondue 1 9")
    assert missing.error and "n° 9" in missing.text
    assert not cell.answer("alice", "C1", "rediger attente").error
    unapproved = cell.answer("carol", "C1", "presse repondue 1 1")
    assert unapproved.error and unapproved.reply.template == "press_answer_unapproved"
    assert fake_store.inquiry_rows[(1, 1)].draft is None
    assert not cell.answer("alice", "C1", "role @dan direction").error
    assert not cell.answer("dan", "C1", "approuver 1").error
    answered = cell.answer("carol", "C1", "press answered 1 draft 1")
    assert not answered.error, answered.text
    assert fake_store.inquiry_rows[(1, 1)].draft == 1
    assert "Aucune sollicitation" in cell.answer("carol", "C1", "presse").text
    again = cell.answer("carol", "C1", "presse repondue 1 1")
    assert again.error and "déjà" in again.text


def test_a_bad_press_line_is_refused_with_an_example(cell: Application) -> None:
    answer = cell.answer("eve", "C1", "presse Le Monde")
    assert answer.error and "Exemple" in answer.text


def test_points_come_at_the_rhythm_set_each_promising_the_next(
    cell: Application, clock: FixedClock, fake_store: FakeRepository
) -> None:
    refused = cell.answer("carol", "C1", "point toutes les 4h")
    assert refused.error
    assert cell.answer("alice", "C1", "point toutes les 0h").error
    for too_long in ("point toutes les 49h", "point toutes les 1000h"):
        assert "entre 1 et 48 heures" in cell.answer("alice", "C1", too_long).text
    assert not cell.answer("alice", "C1", "point toutes les 4h").error
    cell.answer("alice", "C1", "fait fuite.averee = non source: RSSI")
    cell.answer("alice", "C1", "question Sauvegardes intactes ? @carol")
    cell.answer("alice", "C1", "decision Pas de communiqué faits: fuite.averee")
    assert due_points(cell.deps) == 0
    clock.advance(hours=3, minutes=35)
    assert due_points(cell.deps) == 1
    (reminder,) = [i for i in fake_store.outbox_rows if i.kind == POINT_REMINDER]
    assert reminder.recipient == "alice"
    clock.advance(minutes=30)
    assert due_points(cell.deps) == 1
    assert due_points(cell.deps) == 0
    posted = {item.kind: text for item, text in deliver(cell)}
    assert "point de situation n° 1" in posted[POINT_REMINDER]
    point = posted[POINT]
    for heading in (
        "Point de situation n° 1",
        "Faits établis depuis le dernier point :",
        "Hypothèses (faits signalés, non vérifiés) :\n• `fuite.averee` = non (source : RSSI)",
        "Actions en cours (questions ouvertes) :\n• n° 1 — Sauvegardes intactes ?",
        "Décisions depuis le dernier point :\n• n° 1",
        "Besoins :",
        "Prochain point : le 12 janvier 2026 à 17 h.",
    ):
        assert heading in point, heading
    clock.advance(hours=4)
    assert due_points(cell.deps) == 1
    second = next(text for item, text in deliver(cell) if item.kind == POINT)
    assert "Point de situation n° 2" in second
    assert "Décisions depuis le dernier point :\n• aucune." in second


def test_a_point_now_needs_a_rhythm(cell: Application) -> None:
    refused = cell.answer("alice", "C1", "point")
    assert refused.error and "point toutes les 4h" in refused.text
    cell.answer("alice", "C1", "point toutes les 6h")
    assert not cell.answer("alice", "C1", "point").error
    assert [text for item, text in deliver(cell) if item.kind == POINT]


def test_an_exercise_says_so_everywhere_and_stays_out_of_the_register(
    fake_app: Application,
) -> None:
    opened = fake_app.answer("alice", "X1", "ouvrir --exercice Cyberattaque simulée")
    assert not opened.error, opened.text
    assert opened.text.startswith("EXERCICE")
    assert "--exercice" not in opened.text
    assert fake_app.answer("alice", "X1", "statut").text.startswith("EXERCICE")
    assert fake_app.answer("alice", "X1", "digest").text.startswith("EXERCICE")
    posts = deliver(fake_app)
    assert posts and all(text.startswith("EXERCICE") for _, text in posts)
    fake_app.answer("alice", "R1", "ouvrir Vraie crise")
    assert not fake_app.answer("alice", "R1", "statut").text.startswith("EXERCICE")
    assert [e.crisis.title for e in all_entries(fake_app.deps)] == ["Vraie crise"]
