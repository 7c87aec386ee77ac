"""Business rules of the register, run on in-memory fakes of the storage."""

from bot.bootstrap import Application
from bot.clock import FixedClock
from tests.fakes import FakeRepository

CHANNEL = "C1"


def run(app: Application, user: str, text: str) -> str:
    answer = app.answer(user, CHANNEL, text)
    return answer.text


def opened(app: Application) -> Application:
    run(app, "alice", "ouvrir Fuite présumée")
    run(app, "alice", "role @bob dpo")
    return app


def test_the_opener_becomes_pilote(fake_app: Application, fake_store: FakeRepository) -> None:
    run(fake_app, "alice", "ouvrir Fuite présumée")
    roles = {m.user: m.role.value for m in fake_store.member_rows.values()}
    assert roles == {"alice": "pilote"}


def test_only_the_pilote_gives_roles(fake_app: Application, fake_store: FakeRepository) -> None:
    opened(fake_app)
    reply = fake_app.answer("bob", CHANNEL, "role @carol rssi")
    assert reply.error and reply.reply.template == "role_required"
    assert "carol" not in {m.user for m in fake_store.member_rows.values()}


def test_the_last_pilote_cannot_be_removed(fake_app: Application) -> None:
    opened(fake_app)
    reply = fake_app.answer("alice", CHANNEL, "role @alice dpo")
    assert reply.error and reply.reply.template == "last_pilote"
    fake_app.answer("alice", CHANNEL, "role @bob pilote")
    assert not fake_app.answer("alice", CHANNEL, "role @alice dpo").error


def test_a_member_without_role_cannot_verify(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    opened(fake_app)
    run(fake_app, "alice", "fait fuite.averee = non")
    reply = fake_app.answer("carol", CHANNEL, "verifier fuite.averee")
    assert reply.error and reply.reply.template == "role_required"
    assert "DPO" in reply.text and "membre" in reply.text
    assert fake_store.fact_rows[(1, "fuite.averee")].status.value == "signale"


def test_dpo_rssi_and_pilote_can_verify(fake_app: Application, fake_store: FakeRepository) -> None:
    opened(fake_app)
    run(fake_app, "alice", "role @dina rssi")
    for key, user in (("a", "alice"), ("b", "bob"), ("c", "dina")):
        run(fake_app, "alice", f"fait {key} = x")
        assert not fake_app.answer(user, CHANNEL, f"verifier {key}").error
    assert {f.status.value for f in fake_store.fact_rows.values()} == {"verifie"}


def test_a_new_value_resets_the_fact_to_signale(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    opened(fake_app)
    run(fake_app, "alice", "fait personnes.nombre = 1 250")
    run(fake_app, "bob", "verifier personnes.nombre preuve: extraction")
    run(fake_app, "alice", "fait personnes.nombre = 1 300")
    fact = fake_store.fact_rows[(1, "personnes.nombre")]
    assert (fact.value, fact.status.value, fact.version, fact.proof) == ("1300", "signale", 2, None)


def test_refuting_records_the_proof(fake_app: Application, fake_store: FakeRepository) -> None:
    opened(fake_app)
    run(fake_app, "alice", "fait donnees.origine_si = oui source: forum")
    run(fake_app, "bob", "refuter donnees.origine_si preuve: lignes absentes de nos bases")
    fact = fake_store.fact_rows[(1, "donnees.origine_si")]
    assert fact.status.value == "refute" and fact.proof == "lignes absentes de nos bases"


def test_unknown_keys_are_free_text(fake_app: Application, fake_store: FakeRepository) -> None:
    opened(fake_app)
    run(fake_app, "alice", "fait forum.nom = BreachForums-like = miroir")
    assert fake_store.fact_rows[(1, "forum.nom")].value == "BreachForums-like = miroir"


def test_questions_are_numbered_and_listed_overdue_first(
    fake_app: Application, clock: FixedClock
) -> None:
    opened(fake_app)
    run(fake_app, "alice", "question Qui prévient l'ARS ? @alice avant: demain 17h")
    run(fake_app, "alice", "question Sauvegardes intactes ? @bob avant: aujourd'hui 10h")
    run(fake_app, "alice", "question Quel expert ?")
    clock.advance(hours=2)
    listing = run(fake_app, "alice", "questions")
    assert listing.index("n° 2") < listing.index("n° 1") < listing.index("n° 3")
    assert "EN RETARD de 1 h" in listing


def test_an_answered_question_leaves_the_list(fake_app: Application) -> None:
    opened(fake_app)
    run(fake_app, "alice", "question Sauvegardes intactes ? @bob")
    run(fake_app, "bob", "repondre 1 Oui")
    assert "Aucune question ouverte" in run(fake_app, "alice", "questions")
    again = fake_app.answer("bob", CHANNEL, "repondre 1 Non")
    assert again.error and again.reply.template == "question_closed"


def test_every_change_is_journaled_with_before_and_after(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    opened(fake_app)
    run(fake_app, "alice", "fait fuite.averee = non")
    run(fake_app, "bob", "verifier fuite.averee")
    kinds = [(e.kind, e.actor) for e in fake_store.event_rows]
    assert kinds == [
        ("crise.ouverte", "alice"),
        ("role.attribue", "alice"),
        ("role.attribue", "alice"),
        ("fait.signale", "alice"),
        ("fait.verifie", "bob"),
    ]
    verified = fake_store.event_rows[-1]
    assert verified.before is not None and verified.before["statut"] == "signale"
    assert verified.after is not None and verified.after["statut"] == "verifie"


def test_english_replies_for_users_who_choose_them(fake_app: Application) -> None:
    opened(fake_app)
    assert "anglais" not in run(fake_app, "bob", "langue en")
    assert "Open questions" in run(fake_app, "bob", "status")
    assert "Questions ouvertes" in run(fake_app, "alice", "statut")


def test_a_request_takes_effect_once_however_often_it_arrives(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    opened(fake_app)
    first = fake_app.answer("alice", CHANNEL, "question Sauvegardes ?", request="trigger-1")
    again = fake_app.answer("alice", CHANNEL, "question Sauvegardes ?", request="trigger-1")
    assert not first.error
    assert again.error and again.reply.template == "duplicate_request"
    assert len(fake_store.question_rows) == 1
    assert not fake_app.answer("alice", CHANNEL, "question Autre ?", request="trigger-2").error
