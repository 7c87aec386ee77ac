"""Replaying the journal: the state every event implies, compared with the stored state.

Each thing is replayed with who made it what it is: the crisis with who opened it, a fact
with who last changed it, a question with who asked and who answered, a draft with its
author, its approvals and who published it; in the main courante, a decision with who took
it, a filing with who recorded it, a press inquiry with who logged and who answered it, and
the rhythm of points with its owner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.domain.drafts import DraftState
from bot.domain.model import CrisisState, Event, EventKind
from bot.domain.values import fold


@dataclass
class Replayed:
    """The state implied by a journal; ``last`` is the last event that touched each thing.

    ``signed`` holds, for each published draft, the roles whose approvals the journal
    shows as valid when it was published: given for its text, by someone still holding
    the role, one approval per person."""

    crisis: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    approvals: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    signed: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    last: dict[str, int] = field(default_factory=dict)
    valid: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    courante: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    versions: dict[str, list[list[Any]]] = field(default_factory=dict)
    disseminations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def instant(value: object) -> object:
    """A moment written in ISO form, in UTC: the journal and the rows may differ in zone."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).astimezone(UTC).isoformat()
    return value


def dissemination_row(after: dict[str, Any], actor: str) -> dict[str, Any]:
    return {
        "destinataire": after.get("destinataire"), "precision": after.get("precision"),
        "le": instant(after.get("le")), "empreinte": after.get("empreinte"), "par": actor,
    }  # fmt: skip


def _crisis(state: Replayed, event: Event, after: dict[str, Any]) -> None:
    if event.kind == "crise.ouverte":
        state.crisis = {
            "titre": after.get("titre"),
            "ouverte_par": event.actor,
            "etat": CrisisState.OUVERTE.value,
        }
        if "canal" in after:
            state.crisis["canal"] = after["canal"]
    elif event.kind == "crise.close":
        state.crisis["etat"] = CrisisState.CLOSE.value


def _question(state: Replayed, event: Event, after: dict[str, Any]) -> None:
    previous = state.questions.get(event.subject, {})
    question = {**after, "posee_par": previous.get("posee_par"), "repondue_par": None}
    if event.kind == "question.ouverte":
        question["posee_par"] = event.actor
    if after.get("reponse") is not None:
        question["repondue_par"] = (
            event.actor if event.kind == "question.repondue" else previous.get("repondue_par")
        )
    state.questions[event.subject] = question


def _draft(state: Replayed, event: Event, after: dict[str, Any]) -> None:
    subject = event.subject
    draft = state.drafts.setdefault(subject, {})
    if event.kind in (EventKind.BROUILLON_REDIGE, EventKind.RECTIFICATIF_REDIGE):
        draft.update(
            etat=DraftState.BROUILLON.value, empreinte=after.get("empreinte"),
            auteur=event.actor, modele=after.get("modele"), publie_par=None,
        )  # fmt: skip
        state.approvals[subject] = {}
        state.valid[subject] = {}
        state.versions[subject] = [[1, after.get("empreinte"), event.actor]]
    elif event.kind == EventKind.BROUILLON_MODIFIE:
        draft["empreinte"], draft["auteur"] = after.get("empreinte"), event.actor
        state.approvals[subject] = {}
        state.valid[subject] = {}
        version = [after.get("version"), after.get("empreinte"), event.actor]
        state.versions.setdefault(subject, []).append(version)
    elif event.kind == EventKind.TEXTE_DIFFUSE:
        row = dissemination_row(after, event.actor)
        state.disseminations.setdefault(subject, []).append(row)
    elif event.kind == EventKind.BROUILLON_APPROUVE:
        role, empreinte = str(after.get("role")), str(after.get("empreinte"))
        state.approvals.setdefault(subject, {})[(role, event.actor)] = empreinte
        state.valid.setdefault(subject, {})[event.actor] = (role, empreinte)
    elif event.kind == EventKind.BROUILLON_REJETE:
        draft["etat"] = after.get("etat")
    elif event.kind == EventKind.BROUILLON_PUBLIE:
        draft["etat"], draft["publie_par"] = after.get("etat"), event.actor
        current = draft.get("empreinte")
        roles = sorted(
            {role for role, empreinte in state.valid.get(subject, {}).values()
             if empreinte == current}
        )  # fmt: skip
        state.signed[subject] = (event.seq, roles)


def _role(state: Replayed, event: Event, after: dict[str, Any]) -> None:
    state.roles[event.subject] = str(after.get("role"))
    for valid in state.valid.values():
        valid.pop(event.subject, None)


def _courante(state: Replayed, event: Event, after: dict[str, Any], family: str) -> None:
    """Decisions (awareness included), filings, press inquiries and the rhythm of points,
    each with who made it: the decider, the filer, who logged and who answered, the owner."""
    rows = state.courante.setdefault(family, {})
    previous = rows.get(event.subject, {})
    row = {**after, "par": event.actor}
    if event.kind == EventKind.PRESSE_RECUE:
        row = {**after, "par": event.actor, "repondue_par": None}
    elif event.kind == EventKind.PRESSE_REPONDUE:
        row = {**after, "par": previous.get("par"), "repondue_par": event.actor}
    elif event.kind == EventKind.POINT_RYTHME:
        row = {"heures": after.get("heures"), "par": event.actor}
    rows[event.subject] = row


COURANTE = ("decision", "depot", "presse", "point")
CODED = ("statut", "etat", "type")
MOMENTS = ("echeance", "moment")


def coded(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with its stored codes in today's spelling: events written before codes
    were ASCII say « vérifié » or « booléen » where rows now say ``verifie``, ``booleen``."""
    result = dict(snapshot)
    for name in MOMENTS:
        if isinstance(result.get(name), str):
            result[name] = datetime.fromisoformat(result[name]).astimezone(UTC).isoformat()
    for name in CODED:
        if isinstance(result.get(name), str):
            result[name] = fold(result[name]).replace("-", "_").replace(" ", "_")
    return result


def replay(events: Iterable[Event]) -> Replayed:
    state = Replayed()
    for event in events:
        after = coded(event.after or {})
        family = event.kind.split(".")[0]
        if family == "crise":
            _crisis(state, event, after)
            state.last["crise:crise"] = event.seq
            continue
        if family == "fait":
            state.facts[event.subject] = {**after, "par": event.actor}
        elif event.kind == EventKind.ROLE_ATTRIBUE:
            _role(state, event, after)
        elif family == "question":
            _question(state, event, after)
        elif family == "brouillon":
            _draft(state, event, after)
            if event.kind == EventKind.BROUILLON_APPROUVE:
                state.last[f"approbation:{event.subject}"] = event.seq
            if event.kind == EventKind.TEXTE_DIFFUSE:
                state.last[f"diffusion:{event.subject}"] = event.seq
            else:
                state.last[f"version:{event.subject}"] = event.seq
        elif family in COURANTE:
            _courante(state, event, after, family)
        else:
            continue
        state.last[f"{family}:{event.subject}"] = event.seq
    return state


def differences(
    expected: dict[str, Any], actual: dict[str, Any], family: str, last: dict[str, int]
) -> list[tuple[str, int | None]]:
    """(subject, last event seq) for each thing whose stored state differs from the journal."""
    found = []
    for subject in sorted(set(expected) | set(actual)):
        if expected.get(subject) != actual.get(subject):
            found.append((subject, last.get(f"{family}:{subject}")))
    return found
