"""Editing a draft, the fact-check of the edit, comparing versions, rectificatifs and the
dissemination log, on in-memory fakes."""

from __future__ import annotations

import pytest

from bot.bootstrap import Application
from bot.domain.commands import EditDraft
from bot.domain.journal import first_broken
from bot.drafting.document import readable
from tests.fakes import FakeRepository
from tests.unit.test_drafting import ALL_FACTS, CHANNEL, cell, record

BASE = {k: ALL_FACTS[k] for k in ("etablissement.nom", "etablissement.ville", "incident.connu_le")}
INVENTED = "Les pirates détiennent 48 200 dossiers. Les données ont été dérobées."


def ready(app: Application) -> str:
    """A cell, a few verified facts, the attackers' figure signalé, draft 1 (communiqué)."""
    cell(app)
    record(app, BASE)
    record(app, {"revendication.volume": "48 200"}, verify=False)
    answer = app.answer("com", CHANNEL, "rediger communique")
    assert not answer.error, answer.text
    return readable(answer.reply.data["view"].draft.text)


def edit(app: Application, user: str, text: str, number: int = 1) -> tuple[str | None, str]:
    answer = app.answer(user, CHANNEL, EditDraft(number, text))
    return (answer.reply.template if answer.error else None), answer.text


def code(app: Application, user: str, text: str) -> str | None:
    answer = app.answer(user, CHANNEL, text)
    return answer.reply.template if answer.error else None


def publish_first(app: Application) -> None:
    assert code(app, "bob", "approuver 1") is None
    assert code(app, "dir", "approuver 1") is None
    assert code(app, "com", "publier 1") is None


def test_an_edit_is_a_new_version_whose_approvals_are_asked_again(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    text = ready(fake_app)
    assert code(fake_app, "bob", "approuver 1") is None
    failed, shown = edit(fake_app, "com", text + "\n\nNous remercions nos équipes.")
    assert failed is None, shown
    assert "version 2" in shown and "ne comptent plus" in shown
    [draft] = fake_store.draft_rows.values()
    assert draft.version == 2 and [v.version for v in fake_store.version_rows] == [1, 2]
    voir = fake_app.answer("dir", CHANNEL, "voir 1").text
    assert "DPO ✘" in voir and "Version 2" in voir and "[+ Nous remercions nos équipes.]" in voir


def test_the_check_lists_the_attackers_figure_and_an_unestablished_theft(
    fake_app: Application,
) -> None:
    text = ready(fake_app)
    failed, shown = edit(fake_app, "com", text + "\n\n" + INVENTED)
    assert failed is None
    assert "« 48 200 » (`revendication.volume`, signalé)" in shown
    assert "un vol de données" in shown and "« dérobées »" in shown
    assert code(fake_app, "bob", "approuver 1") == "findings_open"


def test_fixing_the_text_clears_the_findings(fake_app: Application) -> None:
    text = ready(fake_app)
    edit(fake_app, "com", text + "\n\n" + INVENTED)
    failed, shown = edit(fake_app, "com", text + "\n\nNous remercions nos équipes.")
    assert failed is None and "constats ouverts" not in shown
    assert "« Nous remercions nos équipes. »" in shown and "aucun constat" not in shown
    publish_first(fake_app)


def test_an_approver_accepts_a_finding_with_a_motif_kept_in_the_journal(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    text = ready(fake_app)
    failed, shown = edit(fake_app, "com", text + "\n\nNous avons mobilisé 12 informaticiens.")
    assert failed is None and "« 12 »" in shown
    assert code(fake_app, "bob", "accepter 1 1") == "usage_accepter"
    assert code(fake_app, "com", "accepter 1 1 motif: c'est moi") == "role_required"
    assert code(fake_app, "bob", "accepter 1 7 motif: x") == "unknown_finding"
    assert code(fake_app, "bob", "accepter 1 1 motif: chiffre donné par la DSI") is None
    assert code(fake_app, "bob", "accepter 1 1 motif: encore") == "finding_accepted"
    kinds = [e.kind for e in fake_store.event_rows]
    assert "brouillon.constat_accepte" in kinds
    accepted = next(e for e in fake_store.event_rows if e.kind == "brouillon.constat_accepte")
    assert accepted.after and accepted.after["motif"] == "chiffre donné par la DSI"
    publish_first(fake_app)
    assert first_broken(fake_store.event_rows, fake_app.deps.journal_key) is None


def test_the_attackers_figure_cannot_be_accepted_only_removed(fake_app: Application) -> None:
    text = ready(fake_app)
    edit(fake_app, "com", text + "\n\nLes pirates détiennent 48 200 dossiers.")
    refused = code(fake_app, "bob", "accepter 1 1 motif: chiffre cité comme revendication")
    assert refused == "finding_unacceptable"
    assert code(fake_app, "bob", "approuver 1") == "findings_open"


def test_a_required_content_removed_by_the_edit_is_a_finding(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, {**BASE, "presse.contact": "Service communication, 03 84 00 00 00"})
    answer = fake_app.answer("com", CHANNEL, "rediger communique")
    text = readable(answer.reply.data["view"].draft.text)
    kept = "\n\n".join(p for p in text.split("\n\n") if "Contact presse" not in p)
    failed, shown = edit(fake_app, "com", kept)
    assert failed is None and "contenu obligatoire retiré" in shown and "presse.contact" in shown


def test_who_may_edit_and_what_is_refused(fake_app: Application) -> None:
    text = ready(fake_app)
    assert edit(fake_app, "bob", text + " Ajout.")[0] == "edit_role"
    assert edit(fake_app, "com", "   \n  ")[0] == "empty_edit"
    too_long = edit(fake_app, "com", "x" * 20_001)
    assert too_long[0] == "edit_too_long"
    assert "20\u202f001 caractères" in too_long[1] and "limite de 20\u202f000" in too_long[1]
    assert edit(fake_app, "com", text)[0] == "edit_unchanged"
    assert edit(fake_app, "com", text, number=9)[0] == "unknown_draft"
    refused = edit(fake_app, "com", text + " Écrire au 1 85 05 75 123 456 78.")
    assert refused[0] == "sensitive_data" and "1 85 05" not in refused[1]
    assert code(fake_app, "com", "modifier 1") == "usage_modifier"
    assert code(fake_app, "com", "modifier 1 " + text.replace("\n", " ") + " Merci.") is None


def test_a_stale_or_rejected_draft_is_not_edited(fake_app: Application) -> None:
    text = ready(fake_app)
    fake_app.answer("alice", CHANNEL, "fait etablissement.ville = Lure")
    assert edit(fake_app, "com", text + " Merci.")[0] == "edit_stale"
    fake_app.answer("com", CHANNEL, "rediger attente")
    assert code(fake_app, "dir", "rejeter 2 trop long") is None
    assert edit(fake_app, "com", "Un texte.", number=2)[0] == "draft_closed"


def test_compare_shows_words_added_and_removed(fake_app: Application) -> None:
    text = ready(fake_app)
    assert code(fake_app, "com", "comparer 1") == "unknown_version"
    edit(
        fake_app,
        "com",
        text.replace("Les vérifications se poursuivent.", "Les analyses continuent."),
    )
    shown = fake_app.answer("dir", CHANNEL, "comparer 1").text
    assert "[− vérifications se poursuivent.]" in shown and "[+ analyses continuent.]" in shown
    edit(fake_app, "com", text + "\n\nMerci.")
    assert "[+ Merci.]" in fake_app.answer("dir", CHANNEL, "comparer 1 v1").text
    assert code(fake_app, "dir", "comparer 1 5") == "unknown_version"
    assert code(fake_app, "dir", "comparer 1 x") == "usage_comparer"
    assert "compared with the current version" in fake_app.answer(
        "dir", CHANNEL, "compare 1 2"
    ).text or (
        "comparée à la version actuelle" in fake_app.answer("dir", CHANNEL, "compare 1 2").text
    )


def test_a_published_text_is_frozen_and_corrected_by_a_rectificatif(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    text = ready(fake_app)
    publish_first(fake_app)
    assert edit(fake_app, "com", text + " Merci.")[0] == "edit_published"
    assert code(fake_app, "bob", "rectifier 1") == "correct_role"
    assert code(fake_app, "com", "rectifier 9") == "unknown_draft"
    assert code(fake_app, "com", "rectifier 1") is None
    assert code(fake_app, "com", "rectifier 2") == "correct_unpublished"
    correction = fake_store.draft_rows[2]
    assert correction.corrects == 1 and "Rectificatif" in correction.text
    corrected = readable(correction.text).replace("Rectificatif", "Correction")
    failed, shown = edit(fake_app, "com", corrected + "\n\nLes données ont été dérobées.", 2)
    assert failed is None and "un vol de données" in shown
    assert "Rectificatif" in fake_store.draft_rows[2].text
    assert code(fake_app, "bob", "approuver 2") == "findings_open"
    edit(fake_app, "com", readable(correction.text) + "\n\nNous présentons nos excuses.", 2)
    assert code(fake_app, "bob", "approuver 2") is None
    assert code(fake_app, "dir", "approuver 2") is None
    assert code(fake_app, "com", "publier 2") is None
    assert "Rectificatif" not in fake_store.draft_rows[1].text


def test_disseminations_are_recorded_for_published_texts_only(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    assert code(fake_app, "com", "diffuser 1 presse") == "diffuse_unpublished"
    publish_first(fake_app)
    assert code(fake_app, "com", "diffuser 1 presse Est Républicain le 12/01/2026 09:00") is None
    assert code(fake_app, "dir", "disseminate 1 standard") is None
    assert code(fake_app, "com", "diffuser 1 pigeon voyageur") == "unknown_recipient"
    assert code(fake_app, "com", "diffuser 1 presse le 12/01/2027") == "diffuse_future"
    assert code(fake_app, "com", "diffuser 1") == "usage_diffuser"
    listed = fake_app.answer("alice", CHANNEL, "diffusions").text
    assert "presse (Est Républicain), le 12 janvier 2026 à 9 h" in listed
    assert "standard" in listed and "@dir" in listed
    assert "Diffusions" in fake_app.answer("alice", CHANNEL, "voir 1").text
    assert [d.recipient.value for d in fake_store.dissemination_rows] == ["presse", "standard"]
    fake_app.answer("alice", CHANNEL, "fait etablissement.ville = Lure")
    assert code(fake_app, "com", "diffuser 1 site web") == "diffuse_stale"


def test_a_dissemination_before_publication_twice_or_of_another_text_to_patients_is_refused(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    publish_first(fake_app)
    assert code(fake_app, "com", "diffuser 1 presse le 12/01/2026 08:30") == (
        "diffuse_before_publication"
    )
    assert code(fake_app, "com", "diffuser 1 site web le 01/01/2020") == (
        "diffuse_before_publication"
    )
    assert code(fake_app, "com", "diffuser 1 patients par courrier") == "diffuse_not_letter"
    assert code(fake_app, "com", "diffuser 1 patients par sms") == "diffuse_not_letter"
    assert code(fake_app, "com", "diffuser 1 site web le 12/01/2026") is None
    assert code(fake_app, "com", "diffuser 1 presse") is None
    assert code(fake_app, "com", "diffuser 1 presse") == "diffuse_twice"
    assert [d.recipient.value for d in fake_store.dissemination_rows] == ["site_web", "presse"]


def test_patient_data_in_a_recipient_is_refused_without_repeating_it(
    fake_app: Application,
) -> None:
    ready(fake_app)
    publish_first(fake_app)
    answer = fake_app.answer("com", CHANNEL, "diffuser 1 autre jean.dupont@gmail.com")
    assert answer.error and "jean.dupont" not in answer.text


@pytest.mark.slow
def test_the_corpus_of_edited_sentences_never_passes_unbacked_nor_accepts_the_blocked() -> None:
    """Through the real edit: no sentence the register does not establish comes back as
    « aucun constat », no sentence nobody may publish can be accepted, deleting a register
    sentence brings no finding."""
    from tests.factcheck_corpus import score

    result = score()
    assert result.sentences >= 150 and result.deletions >= 10
    assert not result.silent, result.silent
    assert not result.acceptable, result.acceptable
    assert not result.deletion_findings, result.deletion_findings


def test_recording_a_diffusion_takes_a_role_in_the_cell(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    publish_first(fake_app)
    events = len(fake_store.event_rows)
    refused = fake_app.answer("zoe", CHANNEL, "diffuser 1 presse")
    assert refused.error and "« diffuser » est réservé aux rôles" in refused.text
    assert len(fake_store.event_rows) == events
    assert code(fake_app, "com", "diffuser 1 presse") is None
