"""In-memory fakes of the ports: the repository and the unit of work."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.domain.courante import Cadence, Decision, Filing, Inquiry
from bot.domain.disseminations import Dissemination
from bot.domain.drafts import Approval, Draft
from bot.domain.editing import DraftVersion
from bot.domain.errors import Conflict
from bot.domain.kit import Contact, Task
from bot.domain.model import Crisis, Event, Fact, Member, Question
from bot.domain.outbox import (
    CLAIM_LIMIT,
    LEASE,
    UNSENT,
    OutboxItem,
    OutboxStatus,
    Posted,
    claimable,
    for_platform,
)
from bot.domain.people import Person, Platform
from bot.domain.ports import Repository, UnitOfWork
from bot.domain.requests import current_request
from bot.domain.values import fold


class FakeRepository(Repository):
    def __init__(self) -> None:
        self.crises_by_channel: dict[str, Crisis] = {}
        self.purge_rows: list[dict[str, Any]] = []
        self.task_rows: dict[tuple[int, int], Task] = {}
        self.contact_rows: dict[tuple[int, str], Contact] = {}
        self.member_rows: dict[tuple[int, str], Member] = {}
        self.fact_rows: dict[tuple[int, str], Fact] = {}
        self.question_rows: dict[tuple[int, int], Question] = {}
        self.event_rows: list[Event] = []
        self.prefs: dict[str, str] = {}
        self.draft_rows: dict[int, Draft] = {}
        self.approval_rows: list[Approval] = []
        self.outbox_rows: list[OutboxItem] = []
        self.request_keys: set[str] = set()
        self.references: dict[str, dict[str, Any]] = {}
        self.posted: dict[str, Posted] = {}
        self.people: dict[str, Person] = {}
        self.version_rows: list[DraftVersion] = []
        self.dissemination_rows: list[Dissemination] = []
        self.decision_rows: list[Decision] = []
        self.filing_rows: list[Filing] = []
        self.inquiry_rows: dict[tuple[int, int], Inquiry] = {}
        self.cadence_rows: dict[int, Cadence] = {}

    def tasks(self, crisis_id: int) -> list[Task]:
        found = [t for (c, _), t in sorted(self.task_rows.items()) if c == crisis_id]
        return [replace(t) for t in found]

    def save_task(self, task: Task) -> None:
        self.task_rows[(task.crisis_id, task.number)] = replace(task)

    def contacts(self, crisis_id: int) -> list[Contact]:
        return [replace(c) for (i, _), c in self.contact_rows.items() if i == crisis_id]

    def save_contact(self, contact: Contact) -> None:
        self.contact_rows[(contact.crisis_id, contact.code)] = replace(contact)

    def decisions(self, crisis_id: int) -> list[Decision]:
        return [copy.deepcopy(d) for d in self.decision_rows if d.crisis_id == crisis_id]

    def add_decision(self, decision: Decision) -> None:
        self.decision_rows.append(copy.deepcopy(decision))

    def filings(self, crisis_id: int) -> list[Filing]:
        return [replace(f) for f in self.filing_rows if f.crisis_id == crisis_id]

    def add_filing(self, filing: Filing) -> None:
        self.filing_rows.append(replace(filing))

    def inquiries(self, crisis_id: int) -> list[Inquiry]:
        rows = [i for (cid, _), i in sorted(self.inquiry_rows.items()) if cid == crisis_id]
        return [replace(i) for i in rows]

    def save_inquiry(self, inquiry: Inquiry) -> None:
        self.inquiry_rows[(inquiry.crisis_id, inquiry.number)] = replace(inquiry)

    def cadence(self, crisis_id: int) -> Cadence | None:
        found = self.cadence_rows.get(crisis_id)
        return replace(found) if found else None

    def save_cadence(self, cadence: Cadence) -> None:
        self.cadence_rows[cadence.crisis_id] = replace(cadence)

    def crisis_for_channel(self, channel: str, *, lock: bool = False) -> Crisis | None:
        crisis = self.crises_by_channel.get(channel)
        return replace(crisis) if crisis else None

    def add_crisis(self, crisis: Crisis) -> Crisis:
        crisis.id = len(self.crises_by_channel) + len(self.purge_rows) + 1
        self.crises_by_channel[crisis.channel] = replace(crisis)
        return crisis

    def crises(self) -> list[Crisis]:
        return sorted(
            (replace(c) for c in self.crises_by_channel.values()), key=lambda c: c.id or 0
        )

    def close_crisis(self, crisis: Crisis) -> None:
        self.crises_by_channel[crisis.channel] = replace(crisis)

    def purge_crisis(self, crisis: Crisis, summary: dict[str, Any]) -> None:
        self.purge_rows.append(summary)
        del self.crises_by_channel[crisis.channel]

    def purges(self) -> list[dict[str, Any]]:
        return list(self.purge_rows)

    def members(self, crisis_id: int) -> list[Member]:
        return [replace(m) for (cid, _), m in self.member_rows.items() if cid == crisis_id]

    def save_member(self, member: Member) -> None:
        self.member_rows[(member.crisis_id, member.user)] = replace(member)

    def fact(self, crisis_id: int, key: str) -> Fact | None:
        fact = self.fact_rows.get((crisis_id, key))
        return replace(fact) if fact else None

    def facts(self, crisis_id: int) -> list[Fact]:
        return [replace(f) for (cid, _), f in self.fact_rows.items() if cid == crisis_id]

    def save_fact(self, fact: Fact) -> None:
        self.fact_rows[(fact.crisis_id, fact.key)] = replace(fact)

    def question(self, crisis_id: int, number: int) -> Question | None:
        question = self.question_rows.get((crisis_id, number))
        return replace(question) if question else None

    def questions(self, crisis_id: int) -> list[Question]:
        rows = [q for (cid, _), q in sorted(self.question_rows.items()) if cid == crisis_id]
        return [replace(q) for q in rows]

    def save_question(self, question: Question) -> None:
        self.question_rows[(question.crisis_id, question.number)] = replace(question)

    def events(self, crisis_id: int) -> list[Event]:
        return [copy.deepcopy(e) for e in self.event_rows if e.crisis_id == crisis_id]

    def event(self, crisis_id: int, seq: int) -> Event | None:
        found = [e for e in self.events(crisis_id) if e.seq == seq]
        return found[0] if found else None

    def events_since(self, crisis_id: int, seq: int) -> list[Event]:
        return [e for e in self.events(crisis_id) if e.seq > seq]

    def last_outbox(self, crisis_id: int, kind: str) -> OutboxItem | None:
        mine = [i for i in self.outbox_rows if i.crisis_id == crisis_id and i.kind == kind]
        return replace(mine[-1]) if mine else None

    def last_event(self, crisis_id: int) -> Event | None:
        mine = self.events(crisis_id)
        return mine[-1] if mine else None

    def add_event(self, event: Event) -> None:
        self.event_rows.append(copy.deepcopy(event))

    def drafts(self, crisis_id: int) -> list[Draft]:
        rows = [d for d in self.draft_rows.values() if d.crisis_id == crisis_id]
        return [copy.deepcopy(d) for d in sorted(rows, key=lambda d: d.number)]

    def draft(self, crisis_id: int, number: int) -> Draft | None:
        found = [d for d in self.drafts(crisis_id) if d.number == number]
        return found[0] if found else None

    def save_draft(self, draft: Draft) -> Draft:
        if draft.id is None:
            draft.id = len(self.draft_rows) + 1
        self.draft_rows[draft.id] = copy.deepcopy(draft)
        return draft

    def approvals(self, draft_id: int) -> list[Approval]:
        return [replace(a) for a in self.approval_rows if a.draft_id == draft_id]

    def add_approval(self, approval: Approval) -> None:
        same = (approval.draft_id, approval.role, approval.user)
        self.approval_rows = [
            a for a in self.approval_rows if (a.draft_id, a.role, a.user) != same
        ] + [replace(approval)]

    def void_approvals(self, draft_id: int) -> None:
        self.approval_rows = [a for a in self.approval_rows if a.draft_id != draft_id]

    def versions(self, draft_id: int) -> list[DraftVersion]:
        mine = [v for v in self.version_rows if v.draft_id == draft_id]
        return sorted(mine, key=lambda v: v.version)

    def add_version(self, version: DraftVersion) -> None:
        self.version_rows.append(version)

    def disseminations(self, crisis_id: int) -> list[Dissemination]:
        return [d for d in self.dissemination_rows if d.crisis_id == crisis_id]

    def add_dissemination(self, dissemination: Dissemination) -> None:
        self.dissemination_rows.append(replace(dissemination, id=len(self.dissemination_rows) + 1))

    def enqueue(self, item: OutboxItem) -> bool:
        if any(i.key == item.key for i in self.outbox_rows):
            return False
        item.id = len(self.outbox_rows) + 1
        self.outbox_rows.append(replace(item))
        return True

    def claim(
        self,
        now: datetime,
        platform: str,
        limit: int = CLAIM_LIMIT,
        lease: timedelta = LEASE,
        worker: str | None = None,
    ) -> list[OutboxItem]:
        mine = [
            i for i in self.outbox_rows if i.status in UNSENT and for_platform(platform, i.platform)
        ]
        due = claimable(mine, now, limit)
        claimed = [replace(i) for i in due]
        for item in due:
            item.status, item.next_attempt_at = OutboxStatus.SENDING, now + lease
            item.claimed_by = worker
        return claimed

    def claimants(self, now: datetime) -> list[str]:
        return sorted(
            {
                i.claimed_by
                for i in self.outbox_rows
                if i.status is OutboxStatus.SENDING and i.next_attempt_at > now and i.claimed_by
            }
        )

    def leases(self, now: datetime) -> dict[str, datetime]:
        ends: dict[str, datetime] = {}
        for i in self.outbox_rows:
            if i.status is OutboxStatus.SENDING and i.next_attempt_at > now and i.claimed_by:
                ends[i.claimed_by] = max(
                    ends.get(i.claimed_by, i.next_attempt_at), i.next_attempt_at
                )
        return ends

    def renew_claims(self, worker: str, now: datetime, lease: timedelta) -> int:
        count = 0
        for item in self.outbox_rows:
            if item.status is OutboxStatus.SENDING and item.claimed_by == worker:
                item.next_attempt_at = now + lease
                count += 1
        return count

    def release_claims(self, workers: list[str], now: datetime) -> int:
        count = 0
        for item in self.outbox_rows:
            if (
                item.status is OutboxStatus.SENDING
                and item.claimed_by in workers
                and item.next_attempt_at > now
            ):
                item.next_attempt_at, item.claimed_by = now, None
                count += 1
        return count

    def unsent(self, crisis_id: int) -> int:
        return sum(1 for i in self.outbox_rows if i.crisis_id == crisis_id and i.status in UNSENT)

    def rejected_posts(self, crisis_id: int) -> int:
        return sum(
            1
            for i in self.outbox_rows
            if i.crisis_id == crisis_id and i.status is OutboxStatus.REJECTED
        )

    def drop_rejected(self, crisis_id: int) -> int:
        kept = [
            i
            for i in self.outbox_rows
            if not (i.crisis_id == crisis_id and i.status is OutboxStatus.REJECTED)
        ]
        dropped = len(self.outbox_rows) - len(kept)
        self.outbox_rows[:] = kept
        return dropped

    def retry_outbox(self, now: datetime, channel: str | None = None) -> int:
        count = 0
        for item in self.outbox_rows:
            waiting = item.status in (OutboxStatus.PENDING, OutboxStatus.FAILED)
            if (
                (waiting and item.next_attempt_at > now) or item.status is OutboxStatus.REJECTED
            ) and channel in (None, item.channel):
                item.status, item.next_attempt_at = OutboxStatus.PENDING, now
                count += 1
        return count

    def save_outbox(self, item: OutboxItem) -> None:
        self.outbox_rows = [replace(item) if i.id == item.id else i for i in self.outbox_rows]

    def outbox(self, statuses: tuple[OutboxStatus, ...]) -> list[OutboxItem]:
        return [replace(i) for i in self.outbox_rows if i.status in statuses]

    def record_page(self, key: str, page: int, pages: int, posted_id: str) -> None:
        posted = self.posted.get(key, Posted())
        self.posted[key] = Posted(posted.ids | {page: posted_id}, pages)

    def posted_pages(self, key: str) -> Posted:
        return self.posted.get(key, Posted())

    def save_reference(self, key: str, reference: dict[str, Any], now: datetime) -> None:
        self.references[key] = copy.deepcopy(reference)

    def reference(self, key: str) -> dict[str, Any] | None:
        return copy.deepcopy(self.references.get(key))

    def save_person(self, person: Person) -> None:
        self.people[person.id] = person

    def person_named(self, platform: Platform, name: str) -> Person | None:
        found = [
            p for p in self.people.values()
            if p.platform is platform and fold(p.name) == fold(" ".join(name.split()))
        ]  # fmt: skip
        return found[0] if len(found) == 1 else None

    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.people.values()}

    def preference(self, user: str) -> str | None:
        return self.prefs.get(user)

    def set_preference(self, user: str, language: str) -> None:
        self.prefs[user] = language


class FakeUnitOfWork(UnitOfWork):
    """Changes are made on a copy and kept only on commit, like a transaction."""

    def __init__(self, store: FakeRepository) -> None:
        self.store = store
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self.repo = copy.deepcopy(self.store)
        return self

    def commit(self) -> None:
        request = current_request.get()
        if request is not None and not request.recorded:
            if request.key in self.store.request_keys:
                raise Conflict("duplicate_request")
            self.repo.request_keys.add(request.key)
            request.recorded = True
        self.store.__dict__.update(copy.deepcopy(self.repo.__dict__))
        self.committed = True

    def rollback(self) -> None:
        pass
