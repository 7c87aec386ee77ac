"""The notification decisions: for each obligation (notify the CNIL, inform the persons,
report to CERT Santé / ARS, alert the insurer), a proposal read from the severity
assessment, and the cell's decision, approved by the DPO and the legal role (never by the
person who proposed it).

A decision on an obligation is kept in the main courante as a ``Decision`` of kind
``obligation`` (its text is the obligation's code and ``oui``/``non``); an approval as a
``Decision`` of kind ``approbation`` (its text is the number of the decision approved, its
motif the approver's role), so that the journal and ``audit verify`` keep them as they keep
every decision. A decision is périmé once a fact it relied on changed, and replaced by a
later decision on the same obligation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.courante import Decision, DecisionKind
from bot.domain.errors import Conflict, Forbidden, InvalidValue
from bot.domain.model import Fact, FactStatus
from bot.domain.roles import Role, require
from bot.domain.severity import KEYS, Assessment, Level
from bot.domain.values import ValueType, fold


class Obligation(StrEnum):
    CNIL = "cnil"
    PATIENTS = "patients"
    CERT_SANTE = "cert_sante"
    ASSUREUR = "assureur"


ALIASES = {
    "ars": Obligation.CERT_SANTE,
    "cert": Obligation.CERT_SANTE,
    "certsante": Obligation.CERT_SANTE,
    "signalement": Obligation.CERT_SANTE,
    "personnes": Obligation.PATIENTS,
    "information": Obligation.PATIENTS,
    "notification": Obligation.CNIL,
    "assurance": Obligation.ASSUREUR,
    "insurer": Obligation.ASSUREUR,
}
ANSWERS = {"oui": True, "yes": True, "non": False, "no": False}
APPROVERS: tuple[Role, ...] = (Role.DPO, Role.JURIDIQUE)
EXEMPTION_KEY = "patients.exemption"
EXEMPTIONS = ("donnees inintelligibles", "risque ecarte", "communication publique")
MALICE_KEY = "violation.malveillance"


def parse_obligation(word: str) -> Obligation | None:
    folded = fold(word.strip()).replace("-", "_")
    for obligation in Obligation:
        if folded == obligation.value:
            return obligation
    return ALIASES.get(folded.replace("_", ""))


def parse_answer(word: str) -> bool | None:
    return ANSWERS.get(fold(word.strip()))


class Reason(StrEnum):
    """Why a proposal is what it is; the wording lives in ``messages/``."""

    RISQUE = "risque"
    RISQUE_IMPROBABLE = "risque_improbable"
    RISQUE_ELEVE = "risque_eleve"
    RISQUE_NON_ELEVE = "risque_non_eleve"
    EXEMPTION = "exemption"
    INCOMPLET = "incomplet"
    ETABLISSEMENT_DE_SANTE = "etablissement_de_sante"
    MALVEILLANCE = "malveillance"
    CONTRAT = "contrat"


@dataclass(frozen=True)
class Proposal:
    obligation: Obligation
    answer: bool | None
    reason: Reason


def _verified(facts: Iterable[Fact], key: str) -> Fact | None:
    return next((f for f in facts if f.key == key and f.status is FactStatus.VERIFIE), None)


def exemption(facts: Iterable[Fact]) -> str | None:
    """The art. 34.3 exemption, when a verified fact names one the regulation knows."""
    found = _verified(facts, EXEMPTION_KEY)
    if found is None:
        return None
    word = " ".join(fold(found.value).replace("'", " ").split())
    return word if word in EXEMPTIONS else None


def _by_level(obligation: Obligation, reached: bool | None, yes: Reason, no: Reason) -> Proposal:
    if reached is None:
        return Proposal(obligation, None, Reason.INCOMPLET)
    return Proposal(obligation, reached, yes if reached else no)


def propose(assessment: Assessment, facts: Iterable[Fact]) -> list[Proposal]:
    """Art. 33: notify unless the breach is unlikely to result in a risk (a low severity);
    art. 34: inform the persons of a high risk unless a 34.3 exemption is verified; a health
    establishment reports to CERT Santé whatever the severity (CSP L.1111-8-2); the insurer
    is alerted of a malicious act, otherwise as the contract says."""
    facts = list(facts)
    cnil = _by_level(
        Obligation.CNIL, assessment.at_least(Level.MOYEN), Reason.RISQUE, Reason.RISQUE_IMPROBABLE
    )
    if exemption(facts):
        patients = Proposal(Obligation.PATIENTS, False, Reason.EXEMPTION)
    else:
        patients = _by_level(
            Obligation.PATIENTS,
            assessment.at_least(Level.ELEVE),
            Reason.RISQUE_ELEVE,
            Reason.RISQUE_NON_ELEVE,
        )
    malice = _verified(facts, MALICE_KEY)
    insurer = (
        Proposal(Obligation.ASSUREUR, True, Reason.MALVEILLANCE)
        if malice is not None and fold(malice.value) == "oui"
        else Proposal(Obligation.ASSUREUR, None, Reason.CONTRAT)
    )
    return [
        cnil,
        patients,
        Proposal(Obligation.CERT_SANTE, True, Reason.ETABLISSEMENT_DE_SANTE),
        insurer,
    ]


class RulingState(StrEnum):
    PROPOSEE = "proposee"
    APPROUVEE = "approuvee"
    PERIMEE = "perimee"
    REMPLACEE = "remplacee"


@dataclass(frozen=True)
class Ruling:
    """A decision on an obligation as it stands: who approved it in which role, the facts
    that changed under it, the decision that replaced it."""

    decision: Decision
    obligation: Obligation
    answer: bool
    approvals: dict[Role, str] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    replaced_by: int | None = None

    @property
    def waiting(self) -> list[Role]:
        return [role for role in APPROVERS if role not in self.approvals]

    @property
    def state(self) -> RulingState:
        if self.replaced_by is not None:
            return RulingState.REMPLACEE
        if self.changed:
            return RulingState.PERIMEE
        return RulingState.PROPOSEE if self.waiting else RulingState.APPROUVEE


def obligation_text(obligation: Obligation, answer: bool) -> str:
    return f"{obligation.value} {'oui' if answer else 'non'}"


WATCHED = (*KEYS, EXEMPTION_KEY)
"""The facts a decision on an obligation rests on, beside those it names."""


def changed_under(decision: Decision, current: Mapping[str, Fact]) -> list[str]:
    """The facts that changed since ``decision``: those it relied on, and, for a decision
    on an obligation, an input of the severity verified since (absent or only reported
    then), which may change the severity it was decided on."""
    changed = decision.changed(current)
    if decision.kind is DecisionKind.OBLIGATION:
        changed += [
            key for key in WATCHED
            if key not in decision.facts and key in current
            and current[key].status is FactStatus.VERIFIE
        ]  # fmt: skip
    return sorted(changed)


def rulings(decisions: Iterable[Decision], current: Mapping[str, Fact]) -> list[Ruling]:
    """Every decision on an obligation, oldest first, with its approvals and state."""
    decisions = list(decisions)
    approvals: dict[int, dict[Role, str]] = {}
    for d in decisions:
        if d.kind is DecisionKind.APPROBATION and d.motif:
            approvals.setdefault(int(d.text), {})[Role(d.motif)] = d.decided_by
    found: list[Ruling] = []
    latest: dict[Obligation, int] = {}
    for d in decisions:
        if d.kind is not DecisionKind.OBLIGATION:
            continue
        code, _, word = d.text.partition(" ")
        obligation = Obligation(code)
        changed = changed_under(d, current)
        found.append(Ruling(d, obligation, word == "oui", approvals.get(d.number, {}), changed))
        latest[obligation] = d.number
    return [
        r if latest[r.obligation] == r.decision.number
        else Ruling(r.decision, r.obligation, r.answer, r.approvals, r.changed,
                    latest[r.obligation])
        for r in found
    ]  # fmt: skip


def current(found: Iterable[Ruling], obligation: Obligation) -> Ruling | None:
    return next((r for r in found if r.obligation is obligation and r.replaced_by is None), None)


def current_rulings(
    decisions: Iterable[Decision], facts: Mapping[str, Fact]
) -> dict[Obligation, Ruling]:
    """The decision in force on each obligation decided so far."""
    found = rulings(decisions, facts)
    return {o: r for o in Obligation if (r := current(found, o)) is not None}


CLOCKED: dict[str, Obligation] = {o.value: o for o in Obligation}
"""The clock that measures each obligation has the obligation's code."""


DECIDED_KEYS: dict[Obligation, str] = {o: f"decision.{o.value}" for o in Obligation}


def with_rulings(facts: Iterable[Fact], decided: Mapping[Obligation, Ruling]) -> list[Fact]:
    """The register as texts read it: an approved decision on an obligation stands as the
    verified fact ``decision.<obligation>`` (``oui``/``non``), its version the decision's
    number, so that a text that read it is périmé once the decision is replaced or périmé;
    no fact typed under these keys counts."""
    kept = [f for f in facts if f.key not in DECIDED_KEYS.values()]
    for obligation, ruling in decided.items():
        if ruling.state is not RulingState.APPROUVEE:
            continue
        d = ruling.decision
        kept.append(
            Fact(
                d.crisis_id, DECIDED_KEYS[obligation], "oui" if ruling.answer else "non",
                ValueType.BOOLEEN, FactStatus.VERIFIE, None, d.motif, d.number, d.decided_by,
                d.decided_at,
            )
        )  # fmt: skip
    return kept


def check_not_decided(key: str) -> None:
    """The facts an approved decision holds are not typed: the cell decides them."""
    for obligation, decided in DECIDED_KEYS.items():
        if key == decided:
            raise InvalidValue("decided_key", key=key, obligation=obligation.value)


def check_approval(ruling: Ruling, role: Role, user: str) -> None:
    """Only the DPO and the legal role approve, each once, never the person who proposed
    the decision, nor one person twice; a périmé or replaced decision is not approved."""
    if user == ruling.decision.decided_by:
        raise Forbidden("decision_own_approval", number=ruling.decision.number)
    require(role, frozenset(APPROVERS), "approuver_decision")
    if ruling.state is RulingState.REMPLACEE:
        raise Conflict("decision_replaced", number=ruling.decision.number,
                       by=ruling.replaced_by)  # fmt: skip
    if ruling.state is RulingState.PERIMEE:
        raise Conflict("decision_perimee", number=ruling.decision.number, keys=ruling.changed)
    if role in ruling.approvals or user in ruling.approvals.values():
        raise Conflict("decision_already_approved", number=ruling.decision.number)


def check_backing(named: Iterable[str], facts: Mapping[str, Fact]) -> None:
    """A decision rests on verified facts: one it names that is only reported (or ruled
    out, or unknown) is refused."""
    for key in named:
        fact = facts.get(key)
        if fact is None or fact.status is not FactStatus.VERIFIE:
            raise InvalidValue("decision_unverified_fact", key=key)
