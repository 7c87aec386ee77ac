"""The check of a draft runs against the register as it is now: a rectificatif copied from
a published text, a sentence kept from the modèle, an edit checked days ago, and the
language flags of an edited text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.bootstrap import Application
from bot.domain.factcheck import check
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType
from bot.drafting.document import readable
from bot.drafting.factcheck import load_lexicon
from tests.fakes import FakeRepository
from tests.unit.test_drafting import CHANNEL, record
from tests.unit.test_editing import code, edit, publish_first, ready

LEXICON = load_lexicon(Path(__file__).resolve().parents[2] / "messages")
AT = datetime(2026, 1, 13, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def fact(key: str, value: str, kind: ValueType, status: FactStatus = FactStatus.VERIFIE) -> Fact:
    return Fact(1, key, value, kind, status, None, None, 2, "bob", AT)


def codes(text: str, facts: list[Fact], relied: dict[str, str] | None = None) -> list[str]:
    """The findings on ``text`` kept word for word from the original (nothing edited)."""
    report = check(text, text, facts, LEXICON, (), date(2026, 1, 13), relied or {})
    return [f"{f.code.value}:{f.key or f.claim}" for f in report.findings]


def test_a_kept_denial_is_contradicted_once_the_breach_is_verified() -> None:
    text = "À ce stade, aucune preuve de fuite ou d'accès non autorisé n'a été établie."
    assert codes(text, []) == []
    leak = fact("fuite.averee", "oui", ValueType.BOOLEEN)
    assert codes(text, [leak]) == ["contredit:fuite.averee"]
    no_leak = fact("fuite.averee", "non", ValueType.BOOLEEN)
    assert codes(text, [no_leak]) == []


def test_a_kept_trace_denial_waits_for_the_trace_not_for_the_breach() -> None:
    text = "À ce jour, aucune trace d'exfiltration de données n'a été identifiée."
    leak = fact("fuite.averee", "oui", ValueType.BOOLEEN)
    assert codes(text, [leak]) == []
    trace = fact("exfiltration.trace", "oui", ValueType.BOOLEEN)
    assert codes(text, [leak, trace]) == ["contredit:exfiltration.trace"]


def test_a_ransom_denial_is_contradicted_once_a_payment_is_verified() -> None:
    paid = fact("rancon.payee", "oui", ValueType.BOOLEEN)
    unpaid = fact("rancon.payee", "non", ValueType.BOOLEEN)
    for text in ("Non, aucune rançon n'a été versée.", "Nous n'avons pas payé les pirates."):
        assert codes(text, [unpaid]) == []
        assert codes(text, [paid]) == ["contredit:rancon.payee"], text
    assert codes("Nous avons payé la rançon.", [unpaid]) == ["affirmation:rancon"]


def test_a_kept_figure_whose_fact_changed_is_contradicted() -> None:
    text = "La violation concerne 1 250 personnes."
    now = fact("personnes.nombre", "2000", ValueType.ENTIER)
    assert codes(text, [now], {"personnes.nombre": "1250"}) == ["contredit:personnes.nombre"]
    assert codes(text, [fact("personnes.nombre", "1250", ValueType.ENTIER)],
                 {"personnes.nombre": "1250"}) == []  # fmt: skip
    unverified = fact("personnes.nombre", "1250", ValueType.ENTIER, FactStatus.REFUTE)
    assert codes(text, [unverified], {"personnes.nombre": "1250"}) == ["contredit:personnes.nombre"]


def test_a_kept_figure_now_only_claimed_is_not_established() -> None:
    text = "Nous avons recensé 48 200 dossiers."
    claimed = fact("revendication.volume", "48200", ValueType.ENTIER, FactStatus.SIGNALE)
    assert codes(text, [claimed]) == ["chiffre_non_etabli:revendication.volume"]


def test_a_kept_date_whose_fact_changed_is_contradicted() -> None:
    text = "Nous avons notifié l'incident à la CNIL le 12 janvier 2026."
    moved = fact("cnil.notifiee_le", "2026-01-13", ValueType.DATE)
    assert codes(text, [moved], {"cnil.notifiee_le": "2026-01-12"}) == [
        "contredit:cnil.notifiee_le"
    ]


def test_a_question_states_nothing() -> None:
    assert codes("Avez-vous porté plainte ?", []) == []
    assert codes("Nous avons porté plainte.", []) == ["affirmation:plainte"]


def test_a_rectificatif_copied_from_a_published_text_is_checked_against_todays_register(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    text = ready(fake_app)
    assert "aucune preuve de fuite" in text
    publish_first(fake_app)
    record(fake_app, {"fuite.averee": "oui"})
    assert code(fake_app, "com", "rectifier 1") is None
    shown = fake_app.answer("dir", CHANNEL, "voir 2").text
    assert "phrase du registre que le registre ne soutient plus" in shown, shown
    assert "(`fuite.averee`, vérifié)" in shown
    assert code(fake_app, "bob", "approuver 2") == "findings_open"
    correction = readable(fake_store.draft_rows[2].text)
    stale = ("aucune preuve de fuite", "venait à être établie")
    kept = [line for line in correction.split("\n") if not any(s in line for s in stale)]
    fixed = "\n".join(kept) + "\n\nLes vérifications ont établi une fuite de données."
    failed, answer = edit(fake_app, "com", fixed, 2)
    assert failed is None and "aucun constat" not in answer, answer
    assert "« Les vérifications ont établi une fuite de données. »" in answer, answer
    assert code(fake_app, "bob", "approuver 2") is None, answer


def test_a_published_date_changed_since_is_flagged_in_the_rectificatif(
    fake_app: Application,
) -> None:
    ready(fake_app)
    record(fake_app, {"plainte.deposee_le": "12/01/2026"})
    fake_app.deps.clock.advance(days=1)  # type: ignore[attr-defined]
    assert code(fake_app, "com", "rediger communique") is None
    assert code(fake_app, "bob", "approuver 2") is None
    assert code(fake_app, "dir", "approuver 2") is None
    assert code(fake_app, "com", "publier 2") is None
    record(fake_app, {"plainte.deposee_le": "11/01/2026"})
    assert code(fake_app, "com", "rectifier 2") is None
    shown = fake_app.answer("dir", CHANNEL, "voir 3").text
    assert "(`plainte.deposee_le`, vérifié)" in shown and "12 janvier" in shown
    assert code(fake_app, "bob", "approuver 3") == "findings_open"


def test_an_edit_checked_before_the_register_changed_is_checked_again_at_approval(
    fake_app: Application,
) -> None:
    text = ready(fake_app)
    failed, shown = edit(fake_app, "com", text + "\n\nNous avons mobilisé 37 informaticiens.")
    assert failed is None and "Constat n° 1" in shown
    assert code(fake_app, "bob", "accepter 1 1 motif: chiffre donné par la DSI") is None
    record(fake_app, {"revendication.complement": "37"}, verify=False)
    refused = fake_app.answer("bob", CHANNEL, "approuver 1")
    assert refused.reply.template == "findings_open", refused.text
    assert "(`revendication.complement`, signalé)" in fake_app.answer("bob", CHANNEL, "voir 1").text
    assert code(fake_app, "com", "publier 1") is not None


def test_an_approved_draft_is_not_published_once_the_register_contradicts_it(
    fake_app: Application,
) -> None:
    text = ready(fake_app)
    failed, _ = edit(fake_app, "com", text + "\n\nNous avons mobilisé 37 informaticiens.")
    assert failed is None
    assert code(fake_app, "bob", "accepter 1 1 motif: chiffre donné par la DSI") is None
    assert code(fake_app, "bob", "approuver 1") is None
    assert code(fake_app, "dir", "approuver 1") is None
    record(fake_app, {"revendication.complement": "37"}, verify=False)
    assert code(fake_app, "com", "publier 1") == "findings_open"


def test_an_edit_keeps_the_language_flag_of_a_foreign_fact_it_still_quotes(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    record(fake_app, {"mesures.prises": "passwords were reset"})
    assert code(fake_app, "com", "rediger communique") is None
    flagged = readable(fake_store.draft_rows[2].text)
    assert "fait:mesures.prises" in fake_store.draft_rows[2].warnings
    failed, _ = edit(fake_app, "com", flagged + "\n\nNous remercions nos équipes.", 2)
    assert failed is None
    assert "fait:mesures.prises" in fake_store.draft_rows[2].warnings
    assert code(fake_app, "bob", "approuver 2") == "draft_not_french"
    cleaned = flagged.replace("passwords were reset", "les mots de passe ont été changés")
    assert edit(fake_app, "com", cleaned, 2)[0] is None
    assert not [w for w in fake_store.draft_rows[2].warnings if w.startswith("fait:")]
    assert code(fake_app, "bob", "approuver 2") is None
    english = "We are sorry for the inconvenience caused to our patients and staff."
    assert edit(fake_app, "com", cleaned + "\n\n" + english, 2)[0] is None
    assert any(w.startswith("paragraphe:") for w in fake_store.draft_rows[2].warnings)
    assert code(fake_app, "dir", "approuver 2") == "draft_not_french"
