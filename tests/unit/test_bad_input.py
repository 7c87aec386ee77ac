"""Bad input gets one clear French sentence with an example, and changes nothing."""

import pytest

from bot.bootstrap import Application
from tests.fakes import FakeRepository

CHANNEL = "C1"

BAD = [
    ("fait fuite.averee non", "usage_fait", "="),
    ("fait fuite.averee = peut-être", "invalid_bool", "oui"),
    ("fait revendication.date = 31/02/2026", "invalid_date", "09/01/2026"),
    ("fait personnes.nombre = beaucoup", "invalid_int", "103 082"),
    ("fait Clé Invalide = x", "invalid_key", "fuite.averee"),
    ("role @bob chef", "unknown_role", "dpo"),
    ("role bob", "usage_role", "/crise role @bob dpo"),
    ("verifier cle.inconnue", "unknown_fact", "/crise fait cle.inconnue"),
    ("repondre 42 oui", "unknown_question", "/crise questions"),
    ("repondre trois oui", "usage_repondre", "/crise repondre 3"),
    ("question Quoi ? avant: bientôt", "invalid_due", "demain 17h"),
    ("question", "usage_question", "/crise question"),
    ("voler les données", "unknown_command", "/crise aide"),
    ("ouvrir Une seconde crise", "crisis_exists", "/crise statut"),
    ("aide inconnue", "unknown_command", "/crise aide"),
]


@pytest.mark.parametrize(("text", "code", "hint"), BAD)
def test_bad_input_is_refused_in_french_and_changes_nothing(
    fake_app: Application, fake_store: FakeRepository, text: str, code: str, hint: str
) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    events_before = len(fake_store.event_rows)
    answer = fake_app.answer("alice", CHANNEL, text)
    assert answer.error
    assert answer.reply.template == code
    assert hint in answer.text
    assert len(fake_store.event_rows) == events_before


@pytest.mark.parametrize(
    "text", ["statut", "fait a = b", "faits", "questions", "journal", "verifier a"]
)
def test_commands_before_ouvrir_are_refused(
    fake_app: Application, fake_store: FakeRepository, text: str
) -> None:
    answer = fake_app.answer("alice", CHANNEL, text)
    assert answer.error and answer.reply.template == "no_crisis"
    assert "/crise ouvrir" in answer.text
    assert not fake_store.event_rows and not fake_store.fact_rows


def test_a_command_over_the_limit_is_refused_unread(fake_app: Application) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    answer = fake_app.answer("alice", CHANNEL, "fait a = " + "1 85 05 78 006 084 91 " * 5000)
    assert answer.error and answer.reply.template == "too_long_command"
    assert "006 084" not in answer.text


INVISIBLE = "\u202e\u200b\x1b"


def test_every_field_stores_the_text_the_guard_read_without_control_nor_bidi_characters(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    for command in (
        f"fait fuite.averee = non source: le{INVISIBLE} forum",
        f"verifier fuite.averee preuve: capture{INVISIBLE} du forum",
        f"presse Le{INVISIBLE} Progrès / Anne{INVISIBLE} Roy / combien\u2028de personnes ?",
    ):
        assert not fake_app.answer("alice", CHANNEL, command).error, command
    stored = repr((fake_store.fact_rows, fake_store.inquiry_rows, fake_store.event_rows))
    assert not any(c in stored or repr(c)[1:-1] in stored for c in INVISIBLE)
    fact = next(iter(fake_store.fact_rows.values()))
    assert (fact.source, fact.proof) == ("le forum", "capture du forum")
    inquiry = next(iter(fake_store.inquiry_rows.values()))
    assert (inquiry.media, inquiry.journalist) == ("Le Progrès", "Anne Roy")
    assert inquiry.question == "combien de personnes ?"


def test_a_line_separator_in_a_value_is_stored_as_a_line_break(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    fake_app.answer("alice", CHANNEL, "ouvrir Fuite présumée")
    for command in (
        "fait note.libre = ligne un\u2028ligne deux",
        "fait a.c = oui\u2028source: forum",
    ):
        assert not fake_app.answer("alice", CHANNEL, command).error, command
    facts = {key: fact for (_, key), fact in fake_store.fact_rows.items()}
    assert facts["note.libre"].value == "ligne un\nligne deux"
    assert (facts["a.c"].value, facts["a.c"].source) == ("oui", "forum")
    assert "\u2028" not in repr(fake_store.event_rows) and "\\u2028" not in repr(
        fake_store.event_rows
    )
