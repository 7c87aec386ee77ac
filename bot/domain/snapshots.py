"""What the journal keeps of each thing's state, so that the state can be replayed."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from bot.domain.model import Fact, Question


def fact_snapshot(fact: Fact | None) -> dict[str, Any] | None:
    if fact is None:
        return None
    return {
        "valeur": fact.value,
        "type": fact.kind.value,
        "statut": fact.status.value,
        "source": fact.source,
        "preuve": fact.proof,
        "version": fact.version,
    }


def question_snapshot(question: Question) -> dict[str, Any]:
    return {
        "texte": question.text,
        "responsable": question.owner,
        "echeance": question.due_at.astimezone(UTC).isoformat() if question.due_at else None,
        "reponse": question.answer,
        "etat": question.state.value,
    }
