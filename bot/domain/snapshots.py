"""What the journal keeps of each thing's state, so that the state can be replayed."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from bot.domain.courante import Decision, Filing, Inquiry
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


def decision_snapshot(decision: Decision) -> dict[str, Any]:
    return {
        "texte": decision.text,
        "motif": decision.motif,
        "type": decision.kind.value,
        "faits": {k: s.version for k, s in decision.facts.items()},
        "moment": decision.moment.isoformat() if decision.moment else None,
    }


def filing_snapshot(filing: Filing) -> dict[str, Any]:
    return {
        "organisme": filing.body.value,
        "date": filing.filed_on.isoformat(),
        "reference": filing.reference,
        "note": filing.note,
    }


def inquiry_snapshot(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "media": inquiry.media,
        "journaliste": inquiry.journalist,
        "question": inquiry.question,
        "echeance": inquiry.due_at.isoformat() if inquiry.due_at else None,
        "etat": inquiry.state.value,
        "brouillon": inquiry.draft,
    }
