"""What one person needs to see: per crisis, the drafts awaiting them and their questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain.drafts import DraftState
from bot.domain.model import CrisisState, Question, QuestionState
from bot.domain.roles import Role
from bot.services.context import Deps, crisis_id
from bot.services.courante import crisis_clocks
from bot.services.crisis import Status
from bot.services.drafts import DraftView, view


@dataclass
class Home:
    status: Status
    role: Role
    awaiting: list[DraftView]
    questions: list[Question]
    clocks: list[Any] = field(default_factory=list)


def home_of(deps: Deps, user: str) -> list[Home]:
    homes = []
    with deps.read() as uow:
        for crisis in uow.repo.crises():
            if crisis.state is not CrisisState.OUVERTE:
                continue
            cid = crisis_id(crisis)
            members = uow.repo.members(cid)
            role = next((m.role for m in members if m.user == user), None)
            questions = uow.repo.questions(cid)
            mine = [q for q in questions if q.owner == user and q.state is QuestionState.OUVERTE]
            if role is None and not mine:
                continue
            role = role or Role.MEMBRE
            facts = uow.repo.facts(cid)
            current = {f.key: f for f in facts}
            awaiting = [
                v
                for v in (view(deps, uow.repo, d, current) for d in uow.repo.drafts(cid))
                if v.draft.state is DraftState.BROUILLON
                and not v.stale
                and role in v.missing
                and v.draft.author != user
            ]
            ticking = crisis_clocks(deps, uow.repo, crisis)
            status = Status(crisis, members, facts, questions, role, ticking)
            homes.append(Home(status, role, awaiting, mine, ticking))
    return homes
