"""Opening a crisis, roles, status and journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain import drafts as draft_rules
from bot.domain.clocks import Clock
from bot.domain.coherence import Contradiction, contradictions
from bot.domain.errors import Conflict
from bot.domain.facts import check_length
from bot.domain.model import (
    Crisis,
    CrisisState,
    Event,
    EventKind,
    Fact,
    FactStatus,
    Member,
    Question,
    open_by_urgency,
)
from bot.domain.people import Person
from bot.domain.roles import ROLE_GRANTERS, Role, require, require_opener
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of
from bot.services.courante import DecisionView, crisis_clocks, views
from bot.services.kit import Board, board_of, create_tasks


@dataclass(frozen=True)
class Status:
    crisis: Crisis
    members: list[Member]
    facts: list[Fact]
    questions: list[Question]
    caller_role: Role
    clocks: list[Clock] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    to_review: list[DecisionView] = field(default_factory=list)
    board: Board | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Number of facts per status, every status present."""
        result = {status.value: 0 for status in FactStatus}
        for fact in self.facts:
            result[fact.status.value] += 1
        return result

    @property
    def open_questions(self) -> list[Question]:
        return open_by_urgency(self.questions)


def open_crisis(deps: Deps, caller: Caller, title: str, exercise: bool = False) -> Crisis:
    title = check_length(" ".join(title.split()), "titre")
    deps.guard.check([("titre", title)])
    require_opener(deps.admins, caller.platform, caller.user, caller.person.aliases)
    with deps.uow() as uow:
        existing = uow.repo.crisis_for_channel(caller.channel, lock=True)
        if existing is not None:
            code = "crisis_exists" if existing.state is CrisisState.OUVERTE else "crisis_closed"
            raise Conflict(code, title=existing.title)
        now = deps.clock.now()
        opened = Crisis(
            caller.channel, title, caller.user, now, platform=caller.platform, exercise=exercise
        )
        crisis = uow.repo.add_crisis(opened)
        uow.repo.save_member(Member(crisis_id(crisis), caller.user, Role.PILOTE, now))
        create_tasks(uow.repo, crisis)
        after: dict[str, Any] = {"titre": title, "canal": caller.channel}
        if exercise:
            after["exercice"] = True
        log(uow.repo, crisis, deps, caller.user, EventKind.CRISE_OUVERTE, title, None, after)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.ROLE_ATTRIBUE,
            caller.user,
            None,
            {"role": "pilote"},
        )
        uow.commit()
        return crisis


@dataclass(frozen=True)
class RoleChange:
    """A role given; ``voided``: the open drafts whose approval by that person no longer
    counts; ``previous``: the role it replaces (a person holds one role per crisis)."""

    member: Member
    voided: list[int] = field(default_factory=list)
    previous: Role | None = None


def assign_role(deps: Deps, caller: Caller, person: Person, role: Role) -> RoleChange:
    """Give ``role`` to a real person; the last pilote keeps the role."""
    deps.guard.check([("personne", person.name), ("personne", person.id)])
    target = person.id
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), ROLE_GRANTERS, "role")
        uow.repo.save_person(person)
        members = uow.repo.members(crisis_id(crisis))
        current = next((m for m in members if m.user == target), None)
        if current is not None and current.role is role:
            raise Conflict("role_unchanged", user=target, role=role.value)
        pilots = [m for m in members if m.role is Role.PILOTE]
        if current is not None and current.role is Role.PILOTE and len(pilots) == 1:
            raise Conflict("last_pilote", user=target)
        drafts = uow.repo.drafts(crisis_id(crisis))
        approvals = {d.id: uow.repo.approvals(d.id) for d in drafts if d.id is not None}
        voided = draft_rules.voided_by_role_change(drafts, approvals, members, target)
        given = [a for found in approvals.values() for a in found]
        since = draft_rules.role_time(deps.clock.now(), given, target)
        member = Member(crisis_id(crisis), target, role, since)
        uow.repo.save_member(member)
        before = {"role": current.role.value} if current else None
        after: dict[str, Any] = {"role": role.value}
        if voided:
            after["approbations_annulees"] = voided
        log(uow.repo, crisis, deps, caller.user, EventKind.ROLE_ATTRIBUE, target, before, after)
        uow.commit()
        return RoleChange(member, voided, current.role if current else None)


def status(deps: Deps, caller: Caller) -> Status:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        cid = crisis_id(crisis)
        members, facts = uow.repo.members(cid), uow.repo.facts(cid)
        decisions = uow.repo.decisions(cid)
        role = next((m.role for m in members if m.user == caller.user), Role.MEMBRE)
        return Status(
            crisis=crisis,
            members=members,
            facts=facts,
            questions=uow.repo.questions(cid),
            caller_role=role,
            clocks=crisis_clocks(deps, uow.repo, crisis, facts, decisions),
            contradictions=contradictions(facts, deps.clock.now()),
            to_review=[v for v in views(uow.repo, crisis, facts, decisions) if v.changed],
            board=board_of(uow.repo, crisis, deps.clock.now()),
        )


def events(deps: Deps, caller: Caller) -> list[Event]:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return uow.repo.events(crisis_id(crisis))


def set_language(deps: Deps, caller: Caller, language: str) -> str:
    with deps.uow() as uow:
        uow.repo.set_preference(caller.user, language)
        uow.commit()
        return language


def language_of(deps: Deps, user: str) -> str | None:
    with deps.read() as uow:
        return uow.repo.preference(user)
