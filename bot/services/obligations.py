"""The severity assessment and the decisions on the notification obligations: proposed from
the verified facts, decided by the cell, approved by the DPO and the legal role."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.courante import DECIDERS, Decision, DecisionKind, FactSeen
from bot.domain.errors import InvalidValue, NotFound, UsageError
from bot.domain.facts import check_length, normalize_key
from bot.domain.model import Crisis, EventKind, Fact
from bot.domain.obligations import (
    WATCHED,
    Obligation,
    Proposal,
    Ruling,
    check_approval,
    check_backing,
    current_rulings,
    obligation_text,
    parse_answer,
    parse_obligation,
    propose,
    rulings,
)
from bot.domain.ports import Repository
from bot.domain.roles import require
from bot.domain.severity import Assessment, Term, assess, what_if
from bot.domain.snapshots import decision_snapshot
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of


@dataclass(frozen=True)
class SeverityView:
    assessment: Assessment
    outcomes: list[tuple[Term, list[tuple[str, Assessment]]]]
    """For each missing input that alone would move the level, the level with each value."""
    proposals: list[Proposal]
    decided: dict[Obligation, Ruling]
    idle: list[Term] = field(default_factory=list)
    """The missing inputs that alone would not move the level."""


def crisis_rulings(repo: Repository, crisis: Crisis) -> list[Ruling]:
    cid = crisis_id(crisis)
    return rulings(repo.decisions(cid), {f.key: f for f in repo.facts(cid)})


def decided(repo: Repository, crisis: Crisis) -> dict[Obligation, Ruling]:
    cid = crisis_id(crisis)
    return current_rulings(repo.decisions(cid), {f.key: f for f in repo.facts(cid)})


def _view(repo: Repository, crisis: Crisis) -> SeverityView:
    facts = repo.facts(crisis_id(crisis))
    assessment = assess(facts)
    outcomes = [(t, what_if(facts, t)) for t in assessment.missing]
    moving = [(t, o) for t, o in outcomes if any(b.levels != assessment.levels for _, b in o)]
    idle = [t for t, o in outcomes if (t, o) not in moving]
    proposals = propose(assessment, facts)
    return SeverityView(assessment, moving, proposals, decided(repo, crisis), idle)


def severity(deps: Deps, caller: Caller) -> SeverityView:
    with deps.read() as uow:
        return _view(uow.repo, open_crisis_of(uow.repo, caller.channel))


def _seen(facts: dict[str, Fact], named: list[str]) -> dict[str, FactSeen]:
    """What the decision rests on: the facts it names, and every input of the severity
    assessment present now, whatever its status, so that a change of any makes it périmé."""
    keys = [k for k in WATCHED if k in facts] + named
    return {key: FactSeen.of(facts[key]) for key in dict.fromkeys(keys)}


def _add(repo: Repository, crisis: Crisis, deps: Deps, decision: Decision, kind: EventKind) -> None:
    repo.add_decision(decision)
    subject = f"décision {decision.number}"
    log(repo, crisis, deps, decision.decided_by, kind, subject, None, decision_snapshot(decision))


def decide(
    deps: Deps, caller: Caller, word: str, answer: str, motif: str | None, keys: tuple[str, ...]
) -> tuple[Ruling, SeverityView]:
    """A decision on an obligation, proposed by any role of the cell but a plain member,
    with its reasons; it rests on verified facts only."""
    obligation, said = parse_obligation(word), parse_answer(answer)
    if obligation is None:
        raise InvalidValue("unknown_obligation", obligations=[o.value for o in Obligation])
    if said is None:
        raise UsageError("usage_decision_obligation")
    motif = check_length(" ".join((motif or "").split()), "motif")
    deps.guard.check([("motif", motif), ("faits", " ".join(keys))])
    if not motif:
        raise InvalidValue("empty_motif_obligation")
    named = list(dict.fromkeys(normalize_key(k) for k in keys))
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), DECIDERS, "decision")
        cid = crisis_id(crisis)
        facts = {f.key: f for f in uow.repo.facts(cid)}
        check_backing(named, facts)
        number = len(uow.repo.decisions(cid)) + 1
        decision = Decision(
            cid, number, obligation_text(obligation, said), motif, _seen(facts, named),
            caller.user, deps.clock.now(), DecisionKind.OBLIGATION,
        )  # fmt: skip
        _add(uow.repo, crisis, deps, decision, EventKind.DECISION_OBLIGATION)
        found = next(r for r in crisis_rulings(uow.repo, crisis) if r.decision.number == number)
        shown = _view(uow.repo, crisis)
        uow.commit()
        return found, shown


def approve(deps: Deps, caller: Caller, number: int) -> Ruling:
    """The DPO or the legal role approves a decision on an obligation."""
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        cid = crisis_id(crisis)
        found = {r.decision.number: r for r in crisis_rulings(uow.repo, crisis)}
        if number not in found:
            raise NotFound("unknown_obligation_decision", number=number)
        check_approval(found[number], role_of(uow.repo, crisis, caller.user), caller.user)
        role = role_of(uow.repo, crisis, caller.user)
        approval = Decision(
            cid, len(uow.repo.decisions(cid)) + 1, str(number), role.value, {}, caller.user,
            deps.clock.now(), DecisionKind.APPROBATION,
        )  # fmt: skip
        _add(uow.repo, crisis, deps, approval, EventKind.DECISION_APPROUVEE)
        result = next(r for r in crisis_rulings(uow.repo, crisis) if r.decision.number == number)
        uow.commit()
        return result
