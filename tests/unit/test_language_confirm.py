"""A draft the language check flagged: approved only once an approver (or the pilote), not
its author, confirms the wording with a motif, which the journal keeps with the text's hash."""

from __future__ import annotations

from bot.bootstrap import Application
from bot.domain.model import EventKind
from tests.fakes import FakeRepository
from tests.unit.test_approvals import BASE
from tests.unit.test_drafting import CHANNEL, cell, record

ENGLISH = {"mesures.prises": "passwords were reset"}


def ready(app: Application, facts: dict[str, str] | None = None) -> None:
    cell(app)
    record(app, {**BASE, **(ENGLISH if facts is None else facts)})
    assert not app.answer("com", CHANNEL, "rediger communique").error


def code(app: Application, user: str, text: str) -> str | None:
    answer = app.answer(user, CHANNEL, text)
    return answer.reply.template if answer.error else None


def test_a_confirmed_wording_lets_the_draft_be_approved_and_published(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    assert "fait:mesures.prises" in fake_store.draft_rows[1].warnings
    refused = fake_app.answer("bob", CHANNEL, "approuver 1")
    assert refused.reply.template == "draft_not_french"
    assert "confirmer 1 motif:" in refused.text
    confirmed = fake_app.answer("bob", CHANNEL, "confirmer 1 motif: terme technique voulu")
    assert not confirmed.error, confirmed.text
    assert "terme technique voulu" in confirmed.text
    events = [e for e in fake_store.events(1) if e.kind == EventKind.LANGUE_CONFIRMEE]
    assert len(events) == 1
    assert events[0].subject == "brouillon 1" and events[0].actor == "bob"
    assert events[0].after is not None
    assert events[0].after["motif"] == "terme technique voulu"
    assert events[0].after["empreinte"] == fake_store.draft_rows[1].text_hash
    assert code(fake_app, "bob", "approuver 1") is None
    assert code(fake_app, "dir", "approuver 1") is None
    assert code(fake_app, "com", "publier 1") is None
    assert code(fake_app, "alice", "confirmer 1 motif: encore") == "draft_closed"


def test_the_english_alias_and_a_second_confirmation(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "alice", "confirm 1 reason: terme technique voulu") is None
    assert code(fake_app, "bob", "confirmer 1 motif: aussi") == "wording_confirmed"


def test_the_author_does_not_confirm(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "com", "confirmer 1 motif: terme technique voulu") == "own_wording"
    assert code(fake_app, "bob", "approuver 1") == "draft_not_french"


def test_whoever_wrote_a_sentence_of_the_version_does_not_confirm_whatever_their_role(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app, {})
    text = fake_store.draft_rows[1].text
    assert code(fake_app, "alice", "role @bob communication") is None
    edited = fake_app.answer("bob", CHANNEL, f"modifier 1\n{text}\nThe investigation is ongoing.")
    assert not edited.error, edited.text
    assert (
        code(fake_app, "com", "modifier 1\n" + fake_store.draft_rows[1].text + "\nMerci.") is None
    )
    for role in ("dpo", "direction"):
        assert code(fake_app, "alice", f"role @bob {role}") is None
        assert code(fake_app, "bob", "confirmer 1 motif: terme voulu") == "own_wording"
        assert code(fake_app, "com", "confirmer 1 motif: terme voulu") == "own_wording"
    assert code(fake_app, "dir", "confirmer 1 motif: terme voulu") is None


def test_a_role_outside_the_approvers_does_not_confirm(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "jur", "confirmer 1 motif: terme technique voulu") == "role_required"


def test_an_empty_motif_is_refused(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "bob", "confirmer 1 motif:") == "empty_confirm_motif"
    assert code(fake_app, "bob", "confirmer 1") == "empty_confirm_motif"
    assert code(fake_app, "bob", "confirmer") == "usage_confirmer"
    assert code(fake_app, "bob", "approuver 1") == "draft_not_french"


def test_nothing_flagged_nothing_to_confirm(fake_app: Application) -> None:
    ready(fake_app, {})
    assert code(fake_app, "bob", "confirmer 1 motif: terme technique voulu") == (
        "nothing_to_confirm"
    )


def test_an_edit_asks_for_a_new_confirmation(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    assert code(fake_app, "bob", "confirmer 1 motif: terme technique voulu") is None
    text = fake_app.answer("com", CHANNEL, "voir 1").reply.data["view"].draft.text
    added = "The passwords of every staff account were reset by the IT team this morning."
    assert code(fake_app, "com", f"modifier 1 {text}\n\n{added}") is None
    assert any(w.startswith("paragraphe:") for w in fake_store.draft_rows[1].warnings)
    assert code(fake_app, "bob", "confirmer 1 motif: paragraphe voulu") is None
