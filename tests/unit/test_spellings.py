"""Words typed from a closed list are read in any case, with or without their accents."""

import pytest

from bot.bootstrap import Application
from bot.commands.dispatch import parse
from bot.commands.mentions import Mentions
from bot.domain import commands as c
from bot.domain.people import Platform
from bot.domain.roles import Role
from tests.fakes import FakeRepository

CHANNEL = "C1"
CONSOLE = Mentions(Platform.CONSOLE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rediger communiqué", c.WriteDraft("communique")),
        ("Rédiger COMMUNIQUÉ", c.WriteDraft("communique")),
        ("rediger Éléments", c.WriteDraft("elements")),
        ("exporter 1 DOCX", c.ExportDraft(1, "docx")),
        ("langue EN", c.SetLanguage("en")),
        ("langue Anglais", c.SetLanguage("en")),
        ("langue français", c.SetLanguage("fr")),
        ("ouvrir --EXERCICE Test", c.OpenCrisis("Test", True)),
    ],
)
def test_closed_list_words_are_folded(text: str, expected: c.Command) -> None:
    assert parse(text, CONSOLE) == expected


@pytest.mark.parametrize("spelling", ["DPO", "Dpo", "Communication", "Médical", "MEDICAL"])
def test_roles_are_read_in_any_case_and_accents(spelling: str) -> None:
    command = parse(f"role @bob {spelling}", CONSOLE)
    assert isinstance(command, c.AssignRole)
    assert command.role in (Role.DPO, Role.COMMUNICATION, Role.MEDICAL)


def test_rediger_communique_with_its_accent_reaches_the_modele(fake_app: Application) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    plain = fake_app.answer("alice", CHANNEL, "rediger communique")
    for spelling in ("rédiger communiqué", "REDIGER Communiqué"):
        answer = fake_app.answer("alice", CHANNEL, spelling)
        assert answer.reply.template == plain.reply.template, answer.text
        assert "Indiquez un modèle existant" not in answer.text


def test_the_journal_of_a_key_is_found_in_any_case(fake_app: Application) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    fake_app.answer("alice", CHANNEL, "fait fuite.averee = non source: rssi")
    answer = fake_app.answer("alice", CHANNEL, "journal Fuite.Averee")
    assert "fuite.averee" in answer.text and "(1 év" in answer.text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("approuve 1", "approuver"),
        ("vérifie fuite.averee", "verifier"),
        ("publie 1", "publier"),
        ("valider 1", "approuver"),
        ("Valider 1", "approuver"),
        ("aprouver 1", "approuver"),
        ("aprove 1", "approve"),
        ("validr 1", "approuver"),
        ("rediges communique", "rediger"),
        ("fermer fin", "clore"),
        ("questoins", "questions"),
        ("aide approuve", "approuver"),
    ],
)
def test_a_near_miss_command_is_answered_with_the_command_it_meant(
    fake_app: Application, fake_store: FakeRepository, typed: str, meant: str
) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    events_before = len(fake_store.event_rows)
    answer = fake_app.answer("alice", CHANNEL, typed)
    assert answer.error and answer.reply.template == "unknown_command_suggestion"
    assert answer.text.startswith(f"Commande inconnue : vouliez-vous dire `{meant}` ?")
    assert len(fake_store.event_rows) == events_before


def test_a_word_far_from_every_command_gets_no_guess(fake_app: Application) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    answer = fake_app.answer("alice", CHANNEL, "voler les données")
    assert answer.reply.template == "unknown_command"
    assert "/crise aide" in answer.text
