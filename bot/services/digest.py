"""Regulatory clocks, the daily digest and question reminders.

Digests and reminders are outbox items keyed so that each is posted once (a digest once
per crisis and calendar day, a reminder once per question and moment), whatever the number
of instances; their text is rendered at delivery, from the database."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from bot.domain.clocks import Clock
from bot.domain.courante import Decision, Filing, awareness
from bot.domain.disseminations import Dissemination
from bot.domain.drafts import DraftState
from bot.domain.journal import fingerprint
from bot.domain.model import (
    Crisis,
    CrisisState,
    EventKind,
    FactStatus,
    Question,
    QuestionState,
    open_by_urgency,
)
from bot.domain.outbox import DIGEST, REMINDER, OutboxItem
from bot.domain.ports import Repository
from bot.services.context import Caller, Deps, crisis_id, open_crisis_of
from bot.services.courante import DecisionView, crisis_clocks, current_awareness, views
from bot.services.drafts import DraftView, view
from bot.services.kit import Board, board_of

REMIND_BEFORE = timedelta(hours=1)

# The events that take a decision the digest and the points list as new.
DECIDED = (
    EventKind.DECISION_PRISE,
    EventKind.DECISION_CONNAISSANCE,
    EventKind.DECISION_OBLIGATION,
)


@dataclass
class Digest:
    crisis: Crisis
    now: datetime
    since: datetime | None
    verified: list[tuple[str, dict[str, Any]]]
    refuted: list[tuple[str, dict[str, Any]]]
    claimed: list[tuple[str, dict[str, Any]]]
    answered: list[tuple[str, dict[str, Any]]]
    published: list[str]
    questions: list[Question]
    awaiting: list[DraftView]
    clocks: list[Clock]
    fingerprint: str = ""
    disseminations: list[Dissemination] = field(default_factory=list)
    decisions: list[DecisionView] = field(default_factory=list)
    to_review: list[DecisionView] = field(default_factory=list)
    awareness: Decision | None = None
    board: Board | None = None


@dataclass(frozen=True)
class Deadlines:
    clocks: list[Clock]
    overdue: list[Question]
    awareness: Decision | None
    filings: list[Filing]


def deadlines(deps: Deps, caller: Caller) -> Deadlines:
    now = deps.clock.now()
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        cid = crisis_id(crisis)
        overdue = [q for q in uow.repo.questions(cid) if q.overdue(now)]
        return Deadlines(
            crisis_clocks(deps, uow.repo, crisis),
            sorted(overdue, key=lambda q: q.due_at or now),
            current_awareness(uow.repo, crisis),
            uow.repo.filings(cid),
        )


def build(deps: Deps, repo: Repository, crisis: Crisis, since_seq: int, upto: int) -> Digest:
    """What changed between journal events ``since_seq`` (excluded) and ``upto``, and now."""
    cid = crisis_id(crisis)
    now = deps.clock.now()
    changes: dict[str, list[tuple[str, dict[str, Any]]]] = {
        kind.value: []
        for kind in (
            EventKind.FAIT_VERIFIE,
            EventKind.FAIT_REFUTE,
            EventKind.FAIT_SIGNALE,
            EventKind.QUESTION_REPONDUE,
        )
    }
    published, since = [], None
    decided: set[str] = set()
    final: dict[str, str] = {}
    established: dict[str, Any] = {}
    for event in repo.events_since(cid, since_seq):
        if event.seq > upto:
            break
        since = since or event.at
        if event.kind in changes:
            before = event.before or {}
            if before.get("statut") == FactStatus.VERIFIE.value and event.subject not in final:
                established[event.subject] = before.get("valeur")
            previous = established.get(event.subject)
            changes[event.kind].append((event.subject, _was(event.after or {}, previous)))
            final[event.subject] = event.kind
            if event.kind == EventKind.FAIT_VERIFIE:
                established[event.subject] = (event.after or {}).get("valeur")
        elif event.kind == EventKind.BROUILLON_PUBLIE:
            published.append(event.subject)
        elif event.kind in DECIDED:
            decided.add(event.subject)
    facts = repo.facts(cid)
    current = {f.key: f for f in facts}
    drafts = [view(deps, repo, d, current) for d in repo.drafts(cid)]
    drafts = [d for d in drafts if d.draft.state is DraftState.BROUILLON]
    found = repo.decisions(cid)
    decisions = views(repo, crisis, facts, found)
    return Digest(
        crisis=crisis,
        now=now,
        since=since,
        verified=_last(changes[EventKind.FAIT_VERIFIE], final, EventKind.FAIT_VERIFIE),
        refuted=_last(changes[EventKind.FAIT_REFUTE], final, EventKind.FAIT_REFUTE),
        claimed=_last(changes[EventKind.FAIT_SIGNALE], final, EventKind.FAIT_SIGNALE),
        answered=changes[EventKind.QUESTION_REPONDUE],
        published=published,
        questions=open_by_urgency(repo.questions(cid)),
        awaiting=[d for d in drafts if d.missing and not d.stale],
        clocks=crisis_clocks(deps, repo, crisis, facts, found),
        fingerprint=fingerprint(repo.event(cid, upto) if upto else None),
        disseminations=repo.disseminations(cid),
        decisions=[v for v in decisions if f"décision {v.decision.number}" in decided],
        to_review=[v for v in decisions if v.changed],
        awareness=awareness(found),
        board=board_of(repo, crisis, now),
    )


def _last(
    changes: list[tuple[str, dict[str, Any]]], final: dict[str, str], kind: EventKind
) -> list[tuple[str, dict[str, Any]]]:
    """One line per fact, in the order facts first changed, showing its state at the end of
    the period; a fact whose last change is of another kind is listed there instead."""
    return [(key, state) for key, state in dict(changes).items() if final[key] == kind]


def _was(after: dict[str, Any], previous: Any) -> dict[str, Any]:
    """``after`` with the value the fact last had as verified, where it differs (« au lieu
    de » in the posts), so that a corrected figure is never read as a second one."""
    if previous is None or previous == after.get("valeur"):
        return after
    return after | {"auparavant": previous}


def _enqueue_digest(deps: Deps, repo: Repository, crisis: Crisis, force: bool) -> bool:
    """Today's digest of ``crisis``, once a day; ``force`` adds one more, keyed by the time."""
    cid = crisis_id(crisis)
    now = deps.clock.now()
    key = f"digest:{cid}:{now.date()}" + (f":{now.isoformat()}" if force else "")
    previous = repo.last_outbox(cid, DIGEST)
    since = int(previous.payload["upto"]) if previous else 0
    last = repo.last_event(cid)
    payload = {"since": since, "upto": last.seq if last else 0}
    item = OutboxItem(key, cid, crisis.channel, DIGEST, payload, now, now)
    return repo.enqueue(replace(item, platform=crisis.platform))


def daily_digests(deps: Deps, force: bool = False) -> int:
    """Enqueue today's digest of every open crisis; at most once a day unless ``force``."""
    count = 0
    with deps.uow() as uow:
        for crisis in uow.repo.crises():
            if crisis.state is CrisisState.OUVERTE:
                count += _enqueue_digest(deps, uow.repo, crisis, force)
        uow.commit()
    return count


def digest_now(deps: Deps, caller: Caller) -> Crisis:
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        _enqueue_digest(deps, uow.repo, crisis, force=True)
        uow.commit()
        return crisis


def due_reminders(deps: Deps) -> int:
    """Enqueue, once each, the reminder an hour before a question is due and when overdue."""
    now = deps.clock.now()
    count = 0
    with deps.uow() as uow:
        for crisis in uow.repo.crises():
            if crisis.state is not CrisisState.OUVERTE:
                continue
            for question in uow.repo.questions(crisis_id(crisis)):
                if (
                    question.state is not QuestionState.OUVERTE
                    or not question.owner
                    or not question.due_at
                ):
                    continue
                moment = "retard" if now >= question.due_at else "avant"
                if moment == "avant" and now < question.due_at - REMIND_BEFORE:
                    continue
                key = f"reminder:{crisis.id}:{question.number}:{moment}"
                payload = {"number": question.number, "moment": moment}
                item = OutboxItem(
                    key, crisis.id, crisis.channel, REMINDER, payload, now, now, question.owner,
                    platform=crisis.platform,
                )  # fmt: skip
                count += uow.repo.enqueue(item)
        uow.commit()
    return count
