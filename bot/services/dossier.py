"""What the after-action review (RETEX) and the offline crisis pack are made of: the whole
record of one crisis, open or closed, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.calls import CallCount
from bot.domain.clocks import Clock
from bot.domain.courante import Decision, Filing, Inquiry
from bot.domain.drafts import Draft, DraftState
from bot.domain.errors import NotFound
from bot.domain.kit import DirectoryEntry
from bot.domain.model import Crisis, Event, Fact, Member, Question
from bot.services.calls import counts_of
from bot.services.context import Deps, crisis_id
from bot.services.courante import DecisionView, crisis_clocks, current_awareness, views
from bot.services.drafts import DraftView
from bot.services.drafts import views as draft_views
from bot.services.kit import Board, board_of, entries_of


@dataclass
class Dossier:
    crisis: Crisis
    now: datetime
    members: list[Member]
    facts: list[Fact]
    questions: list[Question]
    decisions: list[DecisionView]
    awareness: Decision | None
    filings: list[Filing]
    clocks: list[Clock]
    inquiries: list[Inquiry]
    published: list[Draft]
    latest: list[DraftView]  # the last text of each modèle, with its approval status
    events: list[Event]
    directory: list[DirectoryEntry] = field(default_factory=list)
    board: Board | None = None
    calls: list[CallCount] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return self.events[-1].hash if self.events else ""

    @property
    def people(self) -> set[str]:
        """Everyone the record names by id: members, actors, owners."""
        found = {m.user for m in self.members} | {e.actor for e in self.events}
        found |= {q.owner for q in self.questions if q.owner}
        return found | {e.subject for e in self.events if e.kind == "role.attribue"}


def dossier(deps: Deps, channel: str) -> Dossier:
    with deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(channel)
        if crisis is None:
            raise NotFound("no_crisis")
        cid = crisis_id(crisis)
        drafts = draft_views(deps, uow.repo, cid)
        latest = {v.draft.model: v for v in drafts if v.draft.state is not DraftState.REJETE}
        return Dossier(
            crisis=crisis,
            now=deps.clock.now(),
            members=uow.repo.members(cid),
            facts=sorted(uow.repo.facts(cid), key=lambda f: f.key),
            questions=uow.repo.questions(cid),
            decisions=views(uow.repo, crisis),
            awareness=current_awareness(uow.repo, crisis),
            filings=uow.repo.filings(cid),
            clocks=crisis_clocks(deps, uow.repo, crisis),
            inquiries=uow.repo.inquiries(cid),
            published=[v.draft for v in drafts if v.draft.state is DraftState.PUBLIE],
            latest=list(latest.values()),
            events=uow.repo.events(cid),
            directory=entries_of(uow.repo, crisis),
            board=board_of(uow.repo, crisis, deps.clock.now()),
            calls=counts_of(uow.repo, crisis),
        )
