"""Decisions on the notification obligations and their approvals on SQLite: stored as
decisions of the main courante, replayed by ``audit verify``, a forged approval named."""

from __future__ import annotations

import sqlalchemy as sa

from bot.bootstrap import Application
from bot.services import audit

LINES = [
    ("alice", "ouvrir Revendication"),
    ("alice", "role @bob dpo"),
    ("alice", "role @jules juridique"),
    ("alice", "fait donnees.contexte = sensibles source: experts"),
    ("bob", "verifier donnees.contexte preuve: rapport"),
    ("alice", "decision patients oui motif: données de santé exfiltrées"),
    ("bob", "approuver decision 1"),
]


def test_decisions_and_approvals_verify_and_a_forged_approval_is_named(
    sql_app: Application,
) -> None:
    for user, line in LINES:
        answer = sql_app.answer(user, "C1", line)
        assert not answer.error, (line, answer.text)
    shown = sql_app.answer("alice", "C1", "gravite").text
    assert "DPO @bob ; reste à approuver : juridique" in shown
    assert all(a.ok for a in audit.verify_all(sql_app.deps))
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(
            sa.text("update decisions set decided_by = 'jules' where kind = 'approbation'")
        )
    [result] = audit.verify_all(sql_app.deps)
    assert [(f, s) for f, s, _ in result.mismatches] == [("decision", "décision 2")]
