"""The repository on SQLAlchemy Core: rows in, domain objects out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from bot.domain.disseminations import Dissemination, Recipient
from bot.domain.drafts import Approval, Draft, DraftState
from bot.domain.editing import DraftVersion
from bot.domain.findings import Finding
from bot.domain.journal import WITNESSED
from bot.domain.model import (
    Crisis,
    CrisisState,
    Event,
    Fact,
    FactStatus,
    Member,
    Question,
    QuestionState,
)
from bot.domain.outbox import CLAIM_LIMIT, LEASE, OutboxItem, OutboxStatus, Posted
from bot.domain.ports import Ledger, Repository
from bot.domain.provenance import Sentence
from bot.domain.roles import Role
from bot.domain.values import ValueType
from bot.domain.witness import Mark, MarkKind, head_mark
from bot.store import ledger as ledger_rows
from bot.store import tables as t
from bot.store.courante_repository import SqlCourante
from bot.store.directory_repository import SqlDirectory
from bot.store.fact_rows import read_facts
from bot.store.kit_repository import SqlKit
from bot.store.outbox_repository import SqlOutbox
from bot.store.triggers import foreign_triggers


def _crisis(row: RowMapping) -> Crisis:
    return Crisis(
        channel=row["channel"],
        title=row["title"],
        opened_by=row["opened_by"],
        opened_at=row["opened_at"],
        state=CrisisState(row["state"]),
        id=row["id"],
        closed_at=row["closed_at"],
        platform=row["platform"],
        exercise=bool(row["exercise"]),
    )


def _fact(row: RowMapping) -> Fact:
    values = dict(row)
    values["kind"] = ValueType(values["kind"])
    values["status"] = FactStatus(values["status"])
    return Fact(**values)


def _question(row: RowMapping) -> Question:
    values = dict(row)
    values["state"] = QuestionState(values["state"])
    return Question(**values)


def _draft(row: RowMapping) -> Draft:
    values = dict(row)
    values["state"] = DraftState(values["state"])
    values["findings"] = [Finding.from_dict(f) for f in values["findings"] or []]
    return Draft(**values)


def _event(row: RowMapping) -> Event:
    values = dict(row)
    values.pop("id")
    return Event(**values)


class SqlRepository(SqlCourante, SqlDirectory, SqlKit, Repository):
    """Every concern of the crisis store on one connection: the register here, the main
    courante (``SqlCourante``), people and references (``SqlDirectory``), the outbox."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._outbox = SqlOutbox(conn)
        self.marks: list[Mark] = []

    def enqueue(self, item: OutboxItem) -> bool:
        return self._outbox.enqueue(item)

    def claim(
        self,
        now: datetime,
        platform: str,
        limit: int = CLAIM_LIMIT,
        lease: timedelta = LEASE,
        worker: str | None = None,
    ) -> list[OutboxItem]:
        return self._outbox.claim(now, platform, limit, lease, worker)

    def claimants(self, now: datetime) -> list[str]:
        return self._outbox.claimants(now)

    def leases(self, now: datetime) -> dict[str, datetime]:
        return self._outbox.leases(now)

    def renew_claims(self, worker: str, now: datetime, lease: timedelta) -> int:
        return self._outbox.renew_claims(worker, now, lease)

    def release_claims(self, workers: list[str], now: datetime) -> int:
        return self._outbox.release_claims(workers, now)

    def unsent(self, crisis_id: int) -> int:
        return self._outbox.unsent(crisis_id)

    def rejected_posts(self, crisis_id: int) -> int:
        return self._outbox.rejected(crisis_id)

    def drop_rejected(self, crisis_id: int) -> int:
        return self._outbox.drop_rejected(crisis_id)

    def retry_outbox(self, now: datetime, channel: str | None = None) -> int:
        return self._outbox.retry(now, channel)

    def save_outbox(self, item: OutboxItem) -> None:
        self._outbox.save(item)

    def outbox(self, statuses: tuple[OutboxStatus, ...]) -> list[OutboxItem]:
        return self._outbox.listing(statuses)

    def record_page(self, key: str, page: int, pages: int, posted_id: str) -> None:
        self._outbox.record_page(key, page, pages, posted_id)

    def posted_pages(self, key: str) -> Posted:
        return self._outbox.posted(key)

    def crisis_for_channel(self, channel: str, *, lock: bool = False) -> Crisis | None:
        query = sa.select(t.crises).where(t.crises.c.channel == channel)
        if lock:
            query = query.with_for_update()
        row = self.conn.execute(query).mappings().first()
        return _crisis(row) if row else None

    def crises(self) -> list[Crisis]:
        rows = self.conn.execute(sa.select(t.crises).order_by(t.crises.c.id)).mappings()
        return [_crisis(r) for r in rows]

    def close_crisis(self, crisis: Crisis) -> None:
        self.conn.execute(
            sa.update(t.crises)
            .where(t.crises.c.id == crisis.id)
            .values(state=crisis.state.value, closed_at=crisis.closed_at)
        )

    def purge_crisis(self, crisis: Crisis, summary: dict[str, Any]) -> None:
        assert crisis.id is not None
        self.conn.execute(sa.insert(t.purges).values(**summary))
        mark = Mark(
            MarkKind.PURGED, crisis.id, summary["last_seq"], summary["last_hash"][:WITNESSED]
        )
        self.marks.append(mark)
        for table in (t.approvals, t.draft_versions):
            drafts = sa.select(t.drafts.c.id).where(t.drafts.c.crisis_id == crisis.id)
            self.conn.execute(sa.delete(table).where(table.c.draft_id.in_(drafts)))
        for table in (t.disseminations, t.drafts, t.events, t.questions, t.facts, t.members,
                      t.decisions, t.filings, t.inquiries, t.cadences, t.tasks,
                      t.contacts):  # fmt: skip
            self.conn.execute(sa.delete(table).where(table.c.crisis_id == crisis.id))
        self.conn.execute(sa.delete(t.crises).where(t.crises.c.id == crisis.id))

    def purges(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(sa.select(t.purges).order_by(t.purges.c.id)).mappings()
        return [dict(r) for r in rows]

    def add_crisis(self, crisis: Crisis) -> Crisis:
        result = self.conn.execute(
            sa.insert(t.crises).values(
                channel=crisis.channel,
                title=crisis.title,
                opened_by=crisis.opened_by,
                opened_at=crisis.opened_at,
                state=crisis.state.value,
                platform=crisis.platform,
                exercise=crisis.exercise,
            )
        )
        crisis.id = result.inserted_primary_key[0] if result.inserted_primary_key else None
        assert crisis.id is not None
        self.marks.append(Mark(MarkKind.OPENED, crisis.id, channel=crisis.channel))
        return crisis

    def members(self, crisis_id: int) -> list[Member]:
        rows = self.conn.execute(
            sa.select(t.members)
            .where(t.members.c.crisis_id == crisis_id)
            .order_by(t.members.c.since)
        ).mappings()
        return [Member(r["crisis_id"], r["user"], Role(r["role"]), r["since"]) for r in rows]

    def save_member(self, member: Member) -> None:
        self._upsert(
            t.members,
            {"crisis_id": member.crisis_id, "user": member.user},
            {"role": member.role.value, "since": member.since},
        )

    def fact(self, crisis_id: int, key: str) -> Fact | None:
        row = (
            self.conn.execute(
                sa.select(t.facts).where(t.facts.c.crisis_id == crisis_id, t.facts.c.key == key)
            )
            .mappings()
            .first()
        )
        return _fact(row) if row else None

    def facts(self, crisis_id: int) -> list[Fact]:
        return read_facts(self.conn, crisis_id)

    def save_fact(self, fact: Fact) -> None:
        values = {
            "value": fact.value,
            "kind": fact.kind.value,
            "status": fact.status.value,
            "source": fact.source,
            "proof": fact.proof,
            "version": fact.version,
            "updated_by": fact.updated_by,
            "updated_at": fact.updated_at,
            "language": fact.language,
        }
        self._upsert(t.facts, {"crisis_id": fact.crisis_id, "key": fact.key}, values)

    def question(self, crisis_id: int, number: int) -> Question | None:
        query = sa.select(t.questions).where(
            t.questions.c.crisis_id == crisis_id, t.questions.c.number == number
        )
        row = self.conn.execute(query).mappings().first()
        return _question(row) if row else None

    def questions(self, crisis_id: int) -> list[Question]:
        query = (
            sa.select(t.questions)
            .where(t.questions.c.crisis_id == crisis_id)
            .order_by(t.questions.c.number)
        )
        return [_question(r) for r in self.conn.execute(query).mappings()]

    def save_question(self, question: Question) -> None:
        values: dict[str, Any] = {
            "text": question.text,
            "asked_by": question.asked_by,
            "asked_at": question.asked_at,
            "owner": question.owner,
            "due_at": question.due_at,
            "answer": question.answer,
            "answered_by": question.answered_by,
            "answered_at": question.answered_at,
            "state": question.state.value,
        }
        keys = {"crisis_id": question.crisis_id, "number": question.number}
        self._upsert(t.questions, keys, values)

    def events(self, crisis_id: int) -> list[Event]:
        query = (
            sa.select(t.events).where(t.events.c.crisis_id == crisis_id).order_by(t.events.c.seq)
        )
        return [_event(r) for r in self.conn.execute(query).mappings()]

    def event(self, crisis_id: int, seq: int) -> Event | None:
        query = sa.select(t.events).where(t.events.c.crisis_id == crisis_id, t.events.c.seq == seq)
        row = self.conn.execute(query).mappings().first()
        return _event(row) if row else None

    def events_since(self, crisis_id: int, seq: int) -> list[Event]:
        query = sa.select(t.events).where(t.events.c.crisis_id == crisis_id, t.events.c.seq > seq)
        return [_event(r) for r in self.conn.execute(query.order_by(t.events.c.seq)).mappings()]

    def last_outbox(self, crisis_id: int, kind: str) -> OutboxItem | None:
        return self._outbox.last(crisis_id, kind)

    def last_event(self, crisis_id: int) -> Event | None:
        query = (
            sa.select(t.events)
            .where(t.events.c.crisis_id == crisis_id)
            .order_by(t.events.c.seq.desc())
            .limit(1)
        )
        row = self.conn.execute(query).mappings().first()
        return _event(row) if row else None

    def add_event(self, event: Event) -> None:
        self.conn.execute(
            sa.insert(t.events).values(
                crisis_id=event.crisis_id,
                seq=event.seq,
                at=event.at,
                actor=event.actor,
                kind=event.kind,
                subject=event.subject,
                before=event.before,
                after=event.after,
                prev_hash=event.prev_hash,
                hash=event.hash,
                scheme=event.scheme,
            )
        )
        self.marks.append(head_mark(event))

    def ledger(self, key: bytes) -> Ledger:
        return Ledger(ledger_rows.entries(self.conn), ledger_rows.stored(self.conn, key))

    def triggers(self) -> list[str]:
        return foreign_triggers(self.conn)

    def drafts(self, crisis_id: int) -> list[Draft]:
        query = (
            sa.select(t.drafts).where(t.drafts.c.crisis_id == crisis_id).order_by(t.drafts.c.number)
        )
        return [_draft(r) for r in self.conn.execute(query).mappings()]

    def draft(self, crisis_id: int, number: int) -> Draft | None:
        query = sa.select(t.drafts).where(
            t.drafts.c.crisis_id == crisis_id, t.drafts.c.number == number
        )
        row = self.conn.execute(query).mappings().first()
        return _draft(row) if row else None

    def save_draft(self, draft: Draft) -> Draft:
        values = {
            name: getattr(draft, name)
            for name in ("crisis_id", "number", "model", "text", "facts_used", "text_hash",
                         "author", "created_at", "warnings", "motif", "published_by",
                         "published_at", "version", "corrects")
        }  # fmt: skip
        values["state"] = draft.state.value
        values["findings"] = [f.as_dict() for f in draft.findings]
        if draft.id is None:
            result = self.conn.execute(sa.insert(t.drafts).values(**values))
            draft.id = result.inserted_primary_key[0] if result.inserted_primary_key else None
        else:
            self.conn.execute(sa.update(t.drafts).where(t.drafts.c.id == draft.id).values(**values))
        return draft

    def approvals(self, draft_id: int) -> list[Approval]:
        query = sa.select(t.approvals).where(t.approvals.c.draft_id == draft_id)
        rows = self.conn.execute(query.order_by(t.approvals.c.at)).mappings()
        return [
            Approval(r["draft_id"], Role(r["role"]), r["user"], r["at"], r["text_hash"])
            for r in rows
        ]

    def add_approval(self, approval: Approval) -> None:
        """Record ``approval``; the same person approving again in the same role replaces it."""
        self._upsert(
            t.approvals,
            {"draft_id": approval.draft_id, "role": approval.role.value, "user": approval.user},
            {"at": approval.at, "text_hash": approval.text_hash},
        )

    def void_approvals(self, draft_id: int) -> None:
        self.conn.execute(sa.delete(t.approvals).where(t.approvals.c.draft_id == draft_id))

    def versions(self, draft_id: int) -> list[DraftVersion]:
        query = sa.select(t.draft_versions).where(t.draft_versions.c.draft_id == draft_id)
        rows = self.conn.execute(query.order_by(t.draft_versions.c.version)).mappings()
        found = []
        for row in rows:
            values = dict(row)
            stored = values.pop("provenance") or []
            found.append(DraftVersion(**values, sentences=[Sentence.from_dict(s) for s in stored]))
        return found

    def add_version(self, version: DraftVersion) -> None:
        values = {k: v for k, v in version.__dict__.items() if k != "sentences"}
        values["provenance"] = [s.as_dict() for s in version.sentences]
        self.conn.execute(sa.insert(t.draft_versions).values(**values))

    def disseminations(self, crisis_id: int) -> list[Dissemination]:
        table = t.disseminations
        query = sa.select(table).where(table.c.crisis_id == crisis_id).order_by(table.c.id)
        result = []
        for row in self.conn.execute(query).mappings():
            values = dict(row)
            values["recipient"] = Recipient(values["recipient"])
            result.append(Dissemination(**values))
        return result

    def add_dissemination(self, dissemination: Dissemination) -> None:
        values = {k: v for k, v in dissemination.__dict__.items() if k != "id"}
        values["recipient"] = dissemination.recipient.value
        self.conn.execute(sa.insert(t.disseminations).values(**values))
