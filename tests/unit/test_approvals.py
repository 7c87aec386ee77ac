"""The approval workflow: who signs, when a draft is périmé, publishing once."""

from __future__ import annotations

from bot.bootstrap import Application
from bot.clock import FixedClock
from tests.fakes import FakeRepository
from tests.unit.test_drafting import ALL_FACTS, CHANNEL, cell, record

BASE = {k: ALL_FACTS[k] for k in ("etablissement.nom", "etablissement.ville", "incident.connu_le")}


def ready(app: Application) -> None:
    cell(app)
    record(app, BASE)
    assert not app.answer("com", CHANNEL, "rediger communique").error


def code(app: Application, user: str, text: str) -> str | None:
    answer = app.answer(user, CHANNEL, text)
    return answer.reply.template if answer.error else None


def test_the_author_never_approves_their_own_draft(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, BASE)
    assert not fake_app.answer("bob", CHANNEL, "rediger communique").error
    assert code(fake_app, "bob", "approuver 1") == "own_draft"


def test_only_the_roles_of_the_catalog_approve(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "alice", "approuver 1") == "approver_role"
    assert code(fake_app, "jur", "approuver 1") == "approver_role"
    assert code(fake_app, "bob", "approuver 1") is None
    assert code(fake_app, "bob", "approuver 1") == "already_approved"


def test_publication_needs_every_approval_and_the_right_role(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "com", "publier 1") == "not_approved"
    code(fake_app, "bob", "approuver 1")
    code(fake_app, "dir", "approuver 1")
    assert code(fake_app, "bob", "publier 1") == "role_required"
    assert code(fake_app, "com", "publier 1") is None
    assert code(fake_app, "alice", "publier 1") == "already_published"


def test_a_published_draft_is_immutable(fake_app: Application, fake_store: FakeRepository) -> None:
    ready(fake_app)
    code(fake_app, "bob", "approuver 1")
    code(fake_app, "dir", "approuver 1")
    code(fake_app, "com", "publier 1")
    text = fake_store.draft_rows[1].text
    assert code(fake_app, "bob", "rejeter 1 trop tard") == "draft_closed"
    record(fake_app, {"etablissement.ville": "Lure"})
    assert fake_store.draft_rows[1].text == text
    assert "publié" in fake_app.answer("alice", CHANNEL, "brouillons").text


def test_a_changed_fact_makes_the_draft_perime_and_voids_its_approvals(
    fake_app: Application,
) -> None:
    ready(fake_app)
    code(fake_app, "bob", "approuver 1")
    code(fake_app, "dir", "approuver 1")
    record(fake_app, {"etablissement.ville": "Lure"}, verify=False)
    refused = fake_app.answer("com", CHANNEL, "publier 1")
    assert refused.reply.template == "draft_stale"
    assert "etablissement.ville" in refused.text
    assert "périmé" in fake_app.answer("com", CHANNEL, "voir 1").text


def test_a_newly_verified_fact_the_template_looked_for_makes_it_perime(
    fake_app: Application,
) -> None:
    ready(fake_app)
    record(fake_app, {"exfiltration.trace": "non"})
    assert code(fake_app, "bob", "approuver 1") == "draft_stale"


def test_an_unrelated_fact_does_not_make_it_perime(fake_app: Application) -> None:
    ready(fake_app)
    record(fake_app, {"forum.nom": "sans rapport"})
    assert code(fake_app, "bob", "approuver 1") is None


def test_rejecting_needs_a_motif_and_closes_the_draft(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "bob", "rejeter 1") == "usage_rejeter"
    assert code(fake_app, "eve", "rejeter 1 non") == "role_required"
    assert code(fake_app, "bob", "rejeter 1 le titre est trop affirmatif") is None
    assert code(fake_app, "dir", "approuver 1") == "draft_closed"
    assert "trop affirmatif" in fake_app.answer("alice", CHANNEL, "voir 1").text


def test_every_step_is_in_the_journal(fake_app: Application, fake_store: FakeRepository) -> None:
    ready(fake_app)
    code(fake_app, "bob", "approuver 1")
    code(fake_app, "dir", "approuver 1")
    code(fake_app, "com", "publier 1")
    kinds = [e.kind for e in fake_store.event_rows if e.kind.startswith("brouillon")]
    assert kinds == [
        "brouillon.redige",
        "brouillon.approuve",
        "brouillon.approuve",
        "brouillon.publie",
    ]
    assert all(e.after and len(str(e.after["empreinte"])) == 64 for e in fake_store.event_rows[-3:])


def test_unknown_drafts_and_models_are_explained(fake_app: Application) -> None:
    ready(fake_app)
    assert code(fake_app, "bob", "approuver 9") == "unknown_draft"
    assert code(fake_app, "com", "rediger tract") == "unknown_model"
    assert code(fake_app, "com", "rediger") == "usage_rediger"
    assert code(fake_app, "com", "exporter 1 odt") == "unknown_format"


def test_one_person_given_two_roles_in_turn_approves_only_once(
    fake_app: Application, clock: FixedClock
) -> None:
    ready(fake_app)
    assert code(fake_app, "bob", "approuver 1") is None
    clock.advance(minutes=1)
    assert not fake_app.answer("alice", CHANNEL, "role @bob direction").error
    assert code(fake_app, "bob", "approuver 1") is None
    clock.advance(minutes=1)
    assert not fake_app.answer("alice", CHANNEL, "role @bob dpo").error
    assert code(fake_app, "bob", "approuver 1") is None
    assert code(fake_app, "com", "publier 1") == "not_approved"
    assert code(fake_app, "dir", "approuver 1") is None
    assert code(fake_app, "com", "publier 1") is None


def test_a_role_already_signed_is_not_signed_again_by_its_second_holder(
    fake_app: Application,
) -> None:
    ready(fake_app)
    assert code(fake_app, "bob", "approuver 1") is None
    answer = fake_app.answer("bob", CHANNEL, "approuver 1")
    assert answer.reply.template == "already_approved"
    assert not fake_app.answer("alice", CHANNEL, "role @dir dpo").error
    assert code(fake_app, "dir", "approuver 1") == "already_approved"


def test_an_approval_counts_only_while_its_giver_holds_the_role(fake_app: Application) -> None:
    ready(fake_app)
    code(fake_app, "bob", "approuver 1")
    code(fake_app, "dir", "approuver 1")
    changed = fake_app.answer("alice", CHANNEL, "role @bob membre")
    assert "ne comptent plus : brouillon n° 1" in changed.text
    assert code(fake_app, "com", "publier 1") == "not_approved"
    shown = fake_app.answer("alice", CHANNEL, "voir 1").text
    assert "DPO ✘" in shown
    assert not fake_app.answer("alice", CHANNEL, "role @jur dpo").error
    assert code(fake_app, "jur", "approuver 1") is None
    assert code(fake_app, "com", "publier 1") is None


def test_the_channel_is_told_which_approvals_a_role_change_voids(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    code(fake_app, "bob", "approuver 1")
    changed = fake_app.answer("alice", CHANNEL, "role @bob direction").text
    assert "à @bob, qui quitte le rôle « DPO » (un seul rôle par personne)." in changed
    [notice] = [i for i in fake_store.outbox_rows if i.payload.get("kind") == "role.attribue"][-1:]
    text = fake_app.deliverer.text_of(notice)
    assert text is not None
    assert "Ses approbations en tant que « DPO » ne comptent plus : brouillon n° 1" in text
    english = fake_app.answer("alice", CHANNEL, "langue en")
    assert not english.error
    again = fake_app.answer("alice", CHANNEL, "role @bob dpo")
    assert "no longer count" not in again.text


def small_cell(app: Application) -> None:
    """The only DPO writes the communiqué; nobody holds ``direction``."""
    for line in ("ouvrir Fuite présumée", "role @bob dpo", "role @com communication"):
        assert not app.answer("alice", CHANNEL, line).error
    record(app, BASE)


def test_a_draft_says_which_role_nobody_can_approve_in_and_how_to_give_it(
    fake_app: Application,
) -> None:
    small_cell(fake_app)
    written = fake_app.answer("bob", CHANNEL, "rediger communique")
    assert not written.error, written.text
    assert "Personne dans la cellule n'a le rôle « direction »" in written.text
    assert "`/crise role @personne direction`" in written.text
    assert "Seules des personnes qui ont écrit ce texte ont le rôle « DPO »" in written.text
    assert "`/crise role @personne dpo`" in written.text
    shown = fake_app.answer("alice", CHANNEL, "voir 1").text
    assert "`/crise role @personne direction`" in shown and "`/crise role @personne dpo`" in shown
    listed = fake_app.answer("alice", CHANNEL, "brouillons").text
    assert "personne pour approuver comme direction, DPO" in listed
    assert "`/crise role @personne direction`" in listed


def test_refusals_to_approve_or_publish_say_how_to_appoint_an_approver(
    fake_app: Application,
) -> None:
    small_cell(fake_app)
    fake_app.answer("bob", CHANNEL, "rediger communique")
    own = fake_app.answer("bob", CHANNEL, "approuver 1")
    assert own.reply.template == "own_draft"
    assert "Personne ne peut l'approuver comme « DPO »" in own.text
    assert (
        "`/crise role @personne dpo`" in own.text
        and "`/crise role @personne direction`" in own.text
    )
    assert "Une autre personne ayant le rôle requis" not in own.text
    wrong = fake_app.answer("com", CHANNEL, "approuver 1")
    assert wrong.reply.template == "approver_role"
    assert "`/crise role @personne direction`" in wrong.text
    publish = fake_app.answer("com", CHANNEL, "publier 1")
    assert publish.reply.template == "not_approved"
    assert "`/crise role @personne direction`" in publish.text


def test_once_the_role_is_given_the_hint_goes(fake_app: Application) -> None:
    small_cell(fake_app)
    fake_app.answer("bob", CHANNEL, "rediger communique")
    fake_app.answer("alice", CHANNEL, "role @dir direction")
    fake_app.answer("alice", CHANNEL, "role @dina dpo")
    shown = fake_app.answer("alice", CHANNEL, "voir 1").text
    assert "/crise role @personne" not in shown
    own = fake_app.answer("bob", CHANNEL, "approuver 1")
    assert "Une autre personne ayant le rôle requis doit le faire." in own.text


def test_a_cell_with_every_approver_gets_no_hint(fake_app: Application) -> None:
    ready(fake_app)
    assert "/crise role @personne" not in fake_app.answer("alice", CHANNEL, "voir 1").text
    assert "/crise role @personne" not in fake_app.answer("alice", CHANNEL, "brouillons").text


def test_an_approval_voided_by_a_role_change_never_comes_back_with_the_role(
    fake_app: Application,
) -> None:
    """Within one instant (the clock does not move here): approve, lose the role, get it
    back; the old approval stays void, a new one counts."""
    ready(fake_app)
    assert code(fake_app, "bob", "approuver 1") is None
    assert code(fake_app, "dir", "approuver 1") is None
    assert not fake_app.answer("alice", CHANNEL, "role @bob membre").error
    assert not fake_app.answer("alice", CHANNEL, "role @bob dpo").error
    assert code(fake_app, "com", "publier 1") == "not_approved"
    assert "DPO ✘" in fake_app.answer("alice", CHANNEL, "voir 1").text
    assert code(fake_app, "bob", "approuver 1") is None
    assert code(fake_app, "com", "publier 1") is None
