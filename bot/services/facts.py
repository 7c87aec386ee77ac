"""Recording, verifying and refuting facts."""

from __future__ import annotations

from bot.domain import facts as rules
from bot.domain.errors import NotFound
from bot.domain.guard import CONTACT_KEYS
from bot.domain.model import EventKind, Fact, FactStatus
from bot.domain.obligations import check_not_decided
from bot.domain.roles import VERIFIERS, require
from bot.domain.snapshots import fact_snapshot
from bot.domain.values import parse_value
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of


def record_fact(
    deps: Deps, caller: Caller, raw_key: str, raw_value: str, source: str | None
) -> Fact:
    deps.guard.check([("clé", raw_key)])
    key = rules.normalize_key(raw_key)
    check_not_decided(key)
    contact = key in CONTACT_KEYS
    deps.guard.check([("valeur", raw_value)], contact=contact)
    source = rules.check_length(source, "source") if source else None
    deps.guard.check([("source", source)])
    kind = rules.kind_of(key, deps.key_types)
    value = rules.check_length(
        parse_value(raw_value, kind, deps.clock.tz, deps.clock.now()), "valeur"
    )
    deps.guard.check_parsed("valeur", value, contact=contact)
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        existing = uow.repo.fact(crisis_id(crisis), key)
        fact = rules.record(
            existing,
            crisis_id=crisis_id(crisis),
            key=key,
            value=value,
            kind=kind,
            source=source,
            user=caller.user,
            now=deps.clock.now(),
        )
        uow.repo.save_fact(fact)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.FAIT_SIGNALE,
            key,
            fact_snapshot(existing),
            fact_snapshot(fact),
        )
        uow.commit()
        return fact


def settle_fact(
    deps: Deps, caller: Caller, raw_key: str, status: FactStatus, proof: str | None
) -> Fact:
    proof = rules.check_length(proof, "preuve") if proof else None
    deps.guard.check([("clé", raw_key), ("preuve", proof)])
    key = rules.normalize_key(raw_key)
    action = "verifier" if status is FactStatus.VERIFIE else "refuter"
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        allowed = deps.verifiers.get(key, VERIFIERS)
        require(role_of(uow.repo, crisis, caller.user), allowed, action)
        existing = uow.repo.fact(crisis_id(crisis), key)
        if existing is None:
            raise NotFound("unknown_fact", key=key)
        fact = rules.settle(existing, status, proof, caller.user, deps.clock.now())
        uow.repo.save_fact(fact)
        kind = EventKind.FAIT_VERIFIE if status is FactStatus.VERIFIE else EventKind.FAIT_REFUTE
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            kind,
            key,
            fact_snapshot(existing),
            fact_snapshot(fact),
        )
        uow.commit()
        return fact


def list_facts(deps: Deps, caller: Caller) -> list[Fact]:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return sorted(uow.repo.facts(crisis_id(crisis)), key=lambda f: f.key)
