"""The crisis aggregate's parts: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.domain.roles import Role
from bot.domain.values import ValueType


class FactStatus(StrEnum):
    SIGNALE = "signale"
    VERIFIE = "verifie"
    REFUTE = "refute"


class QuestionState(StrEnum):
    OUVERTE = "ouverte"
    REPONDUE = "repondue"
    ABANDONNEE = "abandonnee"


class EventKind(StrEnum):
    """The kinds of journal events; ``messages/<lang>/labels.yml`` says them."""

    CRISE_OUVERTE = "crise.ouverte"
    CRISE_CLOSE = "crise.close"
    ROLE_ATTRIBUE = "role.attribue"
    FAIT_SIGNALE = "fait.signale"
    FAIT_VERIFIE = "fait.verifie"
    FAIT_REFUTE = "fait.refute"
    QUESTION_OUVERTE = "question.ouverte"
    QUESTION_REPONDUE = "question.repondue"
    BROUILLON_REDIGE = "brouillon.redige"
    BROUILLON_APPROUVE = "brouillon.approuve"
    BROUILLON_REJETE = "brouillon.rejete"
    BROUILLON_PUBLIE = "brouillon.publie"
    BROUILLON_EXPORTE = "brouillon.exporte"
    BROUILLON_MODIFIE = "brouillon.modifie"
    CONSTAT_ACCEPTE = "brouillon.constat_accepte"
    LANGUE_CONFIRMEE = "brouillon.langue_confirmee"
    RECTIFICATIF_REDIGE = "brouillon.rectificatif"
    TEXTE_DIFFUSE = "brouillon.diffuse"
    DECISION_PRISE = "decision.prise"
    DECISION_CONNAISSANCE = "decision.connaissance"
    DECISION_OBLIGATION = "decision.obligation"
    DECISION_APPROUVEE = "decision.approuvee"
    DEPOT_ENREGISTRE = "depot.enregistre"
    PRESSE_RECUE = "presse.recue"
    PRESSE_REPONDUE = "presse.repondue"
    POINT_RYTHME = "point.rythme"
    PREUVE_EMPREINTE = "preuve.empreinte"
    TACHE_FAITE = "tache.faite"
    ANNUAIRE_MODIFIE = "annuaire.modifie"
    APPEL_RECU = "appel.recu"


class CrisisState(StrEnum):
    OUVERTE = "ouverte"
    CLOSE = "close"


@dataclass
class Crisis:
    channel: str
    title: str
    opened_by: str
    opened_at: datetime
    state: CrisisState = CrisisState.OUVERTE
    id: int | None = None
    closed_at: datetime | None = None
    platform: str | None = None
    exercise: bool = False


@dataclass
class Member:
    crisis_id: int
    user: str
    role: Role
    since: datetime


@dataclass
class Fact:
    crisis_id: int
    key: str
    value: str
    kind: ValueType
    status: FactStatus
    source: str | None
    proof: str | None
    version: int
    updated_by: str
    updated_at: datetime
    language: str | None = None


@dataclass
class Question:
    crisis_id: int
    number: int
    text: str
    asked_by: str
    asked_at: datetime
    owner: str | None = None
    due_at: datetime | None = None
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    state: QuestionState = QuestionState.OUVERTE

    def overdue(self, now: datetime) -> bool:
        return self.state is QuestionState.OUVERTE and self.due_at is not None and self.due_at < now


def open_by_urgency(questions: list[Question]) -> list[Question]:
    """The open questions, soonest due first (so the overdue ones lead), then undated ones."""
    pending = [q for q in questions if q.state is QuestionState.OUVERTE]
    return sorted(pending, key=lambda q: (q.due_at is None, q.due_at or datetime.max, q.number))


@dataclass
class Event:
    """One line of the journal: who did what, when, with the before and after states."""

    crisis_id: int
    at: datetime
    actor: str
    kind: str
    subject: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""
    scheme: int = 2  # bot.domain.journal.KEYED; PLAIN (1) for events written before keying
