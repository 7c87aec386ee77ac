"""The facts of a sample and the conclusion on the claim: catalogued, the conclusion verified
by the DPO or the RSSI only; the rows themselves refused, with where such work belongs."""

from __future__ import annotations

from bot.bootstrap import Application
from tests.fakes import FakeRepository


def test_the_conclusion_on_the_claim_is_verified_by_the_dpo_or_the_rssi_only(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    for line in ("ouvrir Revendication", "role @bob dpo", "role @rita rssi",
                 "fait echantillon.lignes = 200 source: analyse du DIM",
                 "fait echantillon.correspondances = 0 source: analyse du DIM",
                 "fait revendication.conclusion = échantillon sans correspondance source: DIM",
                 "verifier echantillon.correspondances preuve: rapprochement"):  # fmt: skip
        assert not fake_app.answer("alice", "C1", line).error, line
    before = len(fake_store.event_rows)
    refused = fake_app.answer("alice", "C1", "verifier revendication.conclusion preuve: DIM")
    assert refused.error and "réservé aux rôles DPO et RSSI" in refused.text
    assert len(fake_store.event_rows) == before
    assert not fake_app.answer("rita", "C1", "verifier revendication.conclusion preuve: x").error
    assert not fake_app.answer("bob", "C1", "refuter revendication.conclusion preuve: y").error


def test_a_leaked_row_is_refused_with_where_such_work_belongs(fake_app: Application) -> None:
    fake_app.answer("alice", "C1", "ouvrir Revendication")
    refused = fake_app.answer(
        "alice", "C1", "fait echantillon.anomalies = DUPONT;Jean;12/03/1961;Belfort source: forum"
    )
    assert refused.error
    assert "`crisisbot empreinte FICHIER --channel … --motif …`" in refused.text
    assert "DUPONT" not in refused.text
