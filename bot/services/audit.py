"""Checking the journal: the hash chain, and the stored state against the replayed one."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain import drafts as draft_rules
from bot.domain.journal import first_broken
from bot.domain.model import Crisis, Event
from bot.domain.ports import Repository
from bot.domain.replay import differences, replay
from bot.domain.snapshots import fact_snapshot, question_snapshot
from bot.services.context import Deps, crisis_id


@dataclass
class Audit:
    crisis: Crisis
    events: int
    broken: Event | None = None
    mismatches: list[tuple[str, str, int | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.mismatches


def audit_crisis(repo: Repository, crisis: Crisis) -> Audit:
    cid = crisis_id(crisis)
    events = repo.events(cid)
    result = Audit(crisis, len(events), first_broken(events))
    state = replay(events)
    facts = {f.key: fact_snapshot(f) for f in repo.facts(cid)}
    roles = {m.user: m.role.value for m in repo.members(cid)}
    questions = {f"#{q.number}": question_snapshot(q) for q in repo.questions(cid)}
    drafts = {}
    for draft in repo.drafts(cid):
        seen = {"etat": draft.state.value, "empreinte": draft.text_hash}
        if draft_rules.content_hash(draft.text, draft.facts_used, draft.version) != draft.text_hash:
            seen["empreinte"] = "texte modifié"
        drafts[f"brouillon {draft.number}"] = seen
    for family, expected, actual in (
        ("fait", state.facts, facts),
        ("role", state.roles, roles),
        ("question", state.questions, questions),
        ("brouillon", state.drafts, drafts),
    ):
        for subject, seq in differences(expected, actual, family, state.last):
            result.mismatches.append((family, subject, seq))
    return result


def verify_all(deps: Deps) -> list[Audit]:
    with deps.read() as uow:
        return [audit_crisis(uow.repo, crisis) for crisis in uow.repo.crises()]
