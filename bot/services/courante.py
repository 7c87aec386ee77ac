"""The main courante: decisions, the decision on the moment of awareness, and the clocks
it starts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC

from bot.domain.clocks import Clock, aware_at, clocks
from bot.domain.courante import (
    AWARENESS_DECIDERS,
    DECIDERS,
    Decision,
    DecisionKind,
    FactSeen,
    awareness,
    check_awareness,
)
from bot.domain.disseminations import patients_informed
from bot.domain.errors import InvalidValue, NotFound
from bot.domain.facts import check_length, normalize_key, record
from bot.domain.model import Crisis, EventKind, Fact, FactStatus
from bot.domain.obligations import (
    CLOCKED,
    Obligation,
    RulingState,
    changed_under,
    current_rulings,
)
from bot.domain.ports import Repository
from bot.domain.roles import require
from bot.domain.snapshots import decision_snapshot, fact_snapshot
from bot.domain.timelines import timelines
from bot.domain.values import ValueType, parse_datetime
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of

AWARENESS_KEY = "incident.connu_le"
# A decision to inform keeps the patients' clock once approved, and once périmé so that
# the clock says it is to be decided again.
HELD = (RulingState.APPROUVEE, RulingState.PERIMEE)


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    changed: list[str]


def crisis_clocks(
    deps: Deps,
    repo: Repository,
    crisis: Crisis,
    facts: list[Fact] | None = None,
    decisions: list[Decision] | None = None,
) -> list[Clock]:
    """The crisis's clocks; ``facts`` and ``decisions``, when the caller has read them
    already in this transaction, are not read again."""
    cid = crisis_id(crisis)
    decided = awareness(repo.decisions(cid) if decisions is None else decisions)
    now = deps.clock.now()
    tz = now.tzinfo or UTC
    informed = patients_informed(repo.disseminations(cid), repo.drafts(cid), tz)
    facts = repo.facts(cid) if facts is None else facts
    found_decisions = repo.decisions(cid) if decisions is None else decisions
    ruled = current_rulings(found_decisions, {f.key: f for f in facts})
    inform = ruled.get(Obligation.PATIENTS)
    found = clocks(
        facts,
        now,
        deps.insurer_days,
        decided.moment if decided else None,
        repo.filings(cid),
        informed,
        inform is not None and inform.answer and inform.state in HELD,
    )
    known = aware_at(facts, decided.moment if decided else None, tz)
    found += timelines(deps.timelines, known, facts, repo.filings(cid), now)
    return [replace(c, ruling=ruled.get(CLOCKED[c.code])) if c.code in CLOCKED else c
            for c in found]  # fmt: skip


def views(
    repo: Repository,
    crisis: Crisis,
    facts: list[Fact] | None = None,
    decisions: list[Decision] | None = None,
) -> list[DecisionView]:
    cid = crisis_id(crisis)
    current = {f.key: f for f in (repo.facts(cid) if facts is None else facts)}
    found = repo.decisions(cid) if decisions is None else decisions
    return [
        DecisionView(d, changed_under(d, current))
        for d in found
        if d.kind is not DecisionKind.APPROBATION
    ]


def _add(repo: Repository, crisis: Crisis, deps: Deps, decision: Decision, actor: str) -> None:
    repo.add_decision(decision)
    kind = (
        EventKind.DECISION_CONNAISSANCE
        if decision.kind is DecisionKind.CONNAISSANCE
        else EventKind.DECISION_PRISE
    )
    log(
        repo,
        crisis,
        deps,
        actor,
        kind,
        f"décision {decision.number}",
        None,
        decision_snapshot(decision),
    )


def record_decision(
    deps: Deps, caller: Caller, text: str, motif: str | None, keys: tuple[str, ...]
) -> Decision:
    text = check_length(" ".join(text.split()), "décision")
    motif = check_length(" ".join(motif.split()), "motif") if motif else None
    deps.guard.check([("décision", text), ("motif", motif), ("faits", " ".join(keys))])
    if not text:
        raise InvalidValue("empty_decision")
    wanted = list(dict.fromkeys(normalize_key(k) for k in keys))
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), DECIDERS, "decision")
        cid = crisis_id(crisis)
        seen = {}
        for key in wanted:
            fact = uow.repo.fact(cid, key)
            if fact is None:
                raise NotFound("unknown_fact", key=key)
            seen[key] = FactSeen.of(fact)
        number = len(uow.repo.decisions(cid)) + 1
        decision = Decision(cid, number, text, motif, seen, caller.user, deps.clock.now())
        _add(uow.repo, crisis, deps, decision, caller.user)
        uow.commit()
        return decision


def _aware_fact(
    existing: Fact | None, cid: int, value: str, motif: str, deps: Deps, user: str
) -> Fact:
    """``incident.connu_le`` set to the decided moment, verified on the decision's motif."""
    now = deps.clock.now()
    fact = existing
    if fact is None or fact.value != value:
        fact = record(
            existing,
            crisis_id=cid,
            key=AWARENESS_KEY,
            value=value,
            kind=ValueType.DATE_HEURE,
            source=None,
            user=user,
            now=now,
        )
    if fact.status is not FactStatus.VERIFIE:
        fact = replace(
            fact, status=FactStatus.VERIFIE, proof=motif, updated_by=user, updated_at=now
        )
    return fact


def decide_awareness(deps: Deps, caller: Caller, raw: str, motif: str) -> Decision:
    """The DPO or the pilote decides when the establishment became aware: the clocks start
    there, and ``incident.connu_le`` is set and verified accordingly."""
    motif = check_length(" ".join(motif.split()), "motif")
    deps.guard.check([("moment", raw), ("motif", motif)])
    if not motif:
        raise InvalidValue("empty_motif_connaissance")
    text = " ".join(raw.split())
    for word in ("le ", "à ", "a "):
        text = text.removeprefix(word)
    moment = parse_datetime(
        text.replace(" à ", " ").replace(" a ", " "), deps.clock.tz, deps.clock.now()
    )
    if moment > deps.clock.now():
        raise InvalidValue("future_awareness")
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), AWARENESS_DECIDERS, "connaissance")
        cid = crisis_id(crisis)
        check_awareness(moment.astimezone(deps.clock.tz).date(), uow.repo.filings(cid))
        existing = uow.repo.fact(cid, AWARENESS_KEY)
        value = moment.isoformat(timespec="minutes")
        fact = _aware_fact(existing, cid, value, motif, deps, caller.user)
        if fact != existing:
            uow.repo.save_fact(fact)
            log(
                uow.repo,
                crisis,
                deps,
                caller.user,
                EventKind.FAIT_VERIFIE,
                AWARENESS_KEY,
                fact_snapshot(existing),
                fact_snapshot(fact),
            )
        number = len(uow.repo.decisions(cid)) + 1
        decision = Decision(
            cid,
            number,
            value,
            motif,
            {AWARENESS_KEY: FactSeen.of(fact)},
            caller.user,
            deps.clock.now(),
            DecisionKind.CONNAISSANCE,
            moment,
        )
        _add(uow.repo, crisis, deps, decision, caller.user)
        uow.commit()
        return decision


def list_decisions(deps: Deps, caller: Caller) -> list[DecisionView]:
    with deps.read() as uow:
        return views(uow.repo, open_crisis_of(uow.repo, caller.channel))


def current_awareness(repo: Repository, crisis: Crisis) -> Decision | None:
    return awareness(repo.decisions(crisis_id(crisis)))
