"""The ports the services need: a clock, a repository and a unit of work.

The repository is split by concern (crises, register, journal, drafts, outbox, references,
people, preferences, main courante); ``Repository`` gathers them for the unit of work.
Real adapters live in ``bot/store``; tests subclass these with in-memory fakes.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self
from zoneinfo import ZoneInfo

from bot.domain.courante import Cadence, Decision, Filing, Inquiry
from bot.domain.disseminations import Dissemination
from bot.domain.drafts import Approval, Draft
from bot.domain.editing import DraftVersion
from bot.domain.kit import Contact, Task
from bot.domain.ledger import Entry, Image
from bot.domain.model import Crisis, Event, Fact, Member, Question
from bot.domain.outbox import CLAIM_LIMIT, LEASE, OutboxItem, OutboxStatus, Posted
from bot.domain.people import Person, Platform


class Clock(abc.ABC):
    tz: ZoneInfo

    @abc.abstractmethod
    def now(self) -> datetime: ...


class MainCourante(abc.ABC):
    """Decisions, filings, press inquiries and the rhythm of points, per crisis."""

    @abc.abstractmethod
    def decisions(self, crisis_id: int) -> list[Decision]: ...

    @abc.abstractmethod
    def add_decision(self, decision: Decision) -> None: ...

    @abc.abstractmethod
    def filings(self, crisis_id: int) -> list[Filing]: ...

    @abc.abstractmethod
    def add_filing(self, filing: Filing) -> None: ...

    @abc.abstractmethod
    def inquiries(self, crisis_id: int) -> list[Inquiry]: ...

    @abc.abstractmethod
    def save_inquiry(self, inquiry: Inquiry) -> None: ...

    @abc.abstractmethod
    def cadence(self, crisis_id: int) -> Cadence | None: ...

    @abc.abstractmethod
    def save_cadence(self, cadence: Cadence) -> None: ...


class KitStore(abc.ABC):
    """The tasks of the fiches réflexes and the directory entries set, per crisis."""

    @abc.abstractmethod
    def tasks(self, crisis_id: int) -> list[Task]: ...

    @abc.abstractmethod
    def save_task(self, task: Task) -> None: ...

    @abc.abstractmethod
    def contacts(self, crisis_id: int) -> list[Contact]: ...

    @abc.abstractmethod
    def save_contact(self, contact: Contact) -> None: ...


class CrisisStore(abc.ABC):
    """Crises, their members, and the record of purges."""

    @abc.abstractmethod
    def crisis_for_channel(self, channel: str, *, lock: bool = False) -> Crisis | None: ...

    @abc.abstractmethod
    def add_crisis(self, crisis: Crisis) -> Crisis: ...

    @abc.abstractmethod
    def crises(self) -> list[Crisis]: ...

    @abc.abstractmethod
    def close_crisis(self, crisis: Crisis) -> None: ...

    @abc.abstractmethod
    def purge_crisis(self, crisis: Crisis, summary: dict[str, Any]) -> None: ...

    @abc.abstractmethod
    def purges(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def members(self, crisis_id: int) -> list[Member]: ...

    @abc.abstractmethod
    def save_member(self, member: Member) -> None: ...


class RegisterStore(abc.ABC):
    """The register of facts and the open questions."""

    @abc.abstractmethod
    def fact(self, crisis_id: int, key: str) -> Fact | None: ...

    @abc.abstractmethod
    def facts(self, crisis_id: int) -> list[Fact]: ...

    @abc.abstractmethod
    def save_fact(self, fact: Fact) -> None: ...

    @abc.abstractmethod
    def question(self, crisis_id: int, number: int) -> Question | None: ...

    @abc.abstractmethod
    def questions(self, crisis_id: int) -> list[Question]: ...

    @abc.abstractmethod
    def save_question(self, question: Question) -> None: ...


@dataclass(frozen=True)
class Ledger:
    """The ledger's entries, and each ledgered table as stored: label and image by row id."""

    entries: list[Entry]
    stored: dict[str, dict[str, tuple[str, Image]]]


class JournalStore(abc.ABC):
    """The hash-chained journal of each crisis."""

    @abc.abstractmethod
    def events(self, crisis_id: int) -> list[Event]: ...

    @abc.abstractmethod
    def event(self, crisis_id: int, seq: int) -> Event | None: ...

    @abc.abstractmethod
    def events_since(self, crisis_id: int, seq: int) -> list[Event]: ...

    @abc.abstractmethod
    def last_event(self, crisis_id: int) -> Event | None: ...

    @abc.abstractmethod
    def add_event(self, event: Event) -> None: ...

    def ledger(self, key: bytes) -> Ledger | None:
        """The ledger of rows and every table it proves, as stored; None for a store that
        keeps no ledger (the fakes of the tests)."""
        return None

    def triggers(self) -> list[str]:
        """The triggers and rules on the database that the migrations did not create."""
        return []


class DraftStore(abc.ABC):
    """Drafts, their versions and approvals, and where published texts went."""

    @abc.abstractmethod
    def drafts(self, crisis_id: int) -> list[Draft]: ...

    @abc.abstractmethod
    def draft(self, crisis_id: int, number: int) -> Draft | None: ...

    @abc.abstractmethod
    def save_draft(self, draft: Draft) -> Draft: ...

    @abc.abstractmethod
    def approvals(self, draft_id: int) -> list[Approval]: ...

    @abc.abstractmethod
    def add_approval(self, approval: Approval) -> None: ...

    @abc.abstractmethod
    def void_approvals(self, draft_id: int) -> None:
        """Remove the approvals of a draft whose text changed (the journal keeps them)."""

    @abc.abstractmethod
    def versions(self, draft_id: int) -> list[DraftVersion]:
        """The versions of a draft, oldest first."""

    @abc.abstractmethod
    def add_version(self, version: DraftVersion) -> None: ...

    @abc.abstractmethod
    def disseminations(self, crisis_id: int) -> list[Dissemination]:
        """Where the crisis's published texts went, in the order they were recorded."""

    @abc.abstractmethod
    def add_dissemination(self, dissemination: Dissemination) -> None: ...


class OutboxStore(abc.ABC):
    """Posts waiting to leave the process, claimed per platform."""

    @abc.abstractmethod
    def last_outbox(self, crisis_id: int, kind: str) -> OutboxItem | None: ...

    @abc.abstractmethod
    def enqueue(self, item: OutboxItem) -> bool: ...

    @abc.abstractmethod
    def claim(
        self,
        now: datetime,
        platform: str,
        limit: int = CLAIM_LIMIT,
        lease: timedelta = LEASE,
        worker: str | None = None,
    ) -> list[OutboxItem]:
        """Lease the items of ``platform`` to send now, in order per target, for ``lease``,
        to ``worker`` (``bot.domain.outbox.Worker``)."""

    @abc.abstractmethod
    def claimants(self, now: datetime) -> list[str]:
        """The workers whose leases have not run out."""

    @abc.abstractmethod
    def leases(self, now: datetime) -> dict[str, datetime]:
        """The workers holding a lease that has not run out, each with the end of its
        latest lease."""

    @abc.abstractmethod
    def renew_claims(self, worker: str, now: datetime, lease: timedelta) -> int:
        """Extend to ``now + lease`` the leases ``worker`` holds; return how many."""

    @abc.abstractmethod
    def release_claims(self, workers: list[str], now: datetime) -> int:
        """End the leases of ``workers`` now (processes known gone); return how many items."""

    @abc.abstractmethod
    def unsent(self, crisis_id: int) -> int:
        """How many posts of the crisis wait for the platform (pending, sending, failed)."""

    @abc.abstractmethod
    def rejected_posts(self, crisis_id: int) -> int:
        """How many posts of the crisis the platform refused for good (rejected)."""

    @abc.abstractmethod
    def drop_rejected(self, crisis_id: int) -> int:
        """Delete the crisis's rejected posts (its purge: they can no longer be written);
        return how many."""

    @abc.abstractmethod
    def retry_outbox(self, now: datetime, channel: str | None = None) -> int:
        """Make the waiting, failed and rejected items (of ``channel`` if given) due now."""

    @abc.abstractmethod
    def save_outbox(self, item: OutboxItem) -> None: ...

    @abc.abstractmethod
    def outbox(self, statuses: tuple[OutboxStatus, ...]) -> list[OutboxItem]: ...

    @abc.abstractmethod
    def record_page(self, key: str, page: int, pages: int, posted_id: str) -> None:
        """The platform accepted page ``page`` (of ``pages``) of item ``key`` as ``posted_id``."""

    @abc.abstractmethod
    def posted_pages(self, key: str) -> Posted:
        """The pages of item ``key`` the platform accepted, by page, and how many it has."""


class ReferenceStore(abc.ABC):
    """Where a platform can post proactively (Teams conversation references)."""

    @abc.abstractmethod
    def save_reference(self, key: str, reference: dict[str, Any], now: datetime) -> None: ...

    @abc.abstractmethod
    def reference(self, key: str) -> dict[str, Any] | None: ...


class PeopleStore(abc.ABC):
    """People and the display names they go by."""

    @abc.abstractmethod
    def save_person(self, person: Person) -> None:
        """Remember a person and the name they go by now."""

    @abc.abstractmethod
    def person_named(self, platform: Platform, name: str) -> Person | None:
        """The one known person of ``platform`` with this display name (case and accents
        aside), or None when nobody or several people have it."""

    @abc.abstractmethod
    def names(self) -> dict[str, str]:
        """The display name of every known person, by id."""


class PreferenceStore(abc.ABC):
    """Each person's language."""

    @abc.abstractmethod
    def preference(self, user: str) -> str | None: ...

    @abc.abstractmethod
    def set_preference(self, user: str, language: str) -> None: ...


class Repository(
    CrisisStore,
    RegisterStore,
    JournalStore,
    DraftStore,
    OutboxStore,
    ReferenceStore,
    PeopleStore,
    PreferenceStore,
    MainCourante,
    KitStore,
):
    """Every concern on one transaction's connection; a collaborator that needs one concern
    is typed with its port."""


class UnitOfWork(abc.ABC):
    """One transaction: ``with uow: …; uow.commit()``. Leaving without commit rolls back."""

    repo: Repository

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None:
        """Make the transaction durable. When a request key is current and not yet recorded,
        record it in the same transaction, or raise ``Conflict("duplicate_request")``."""

    @abc.abstractmethod
    def rollback(self) -> None: ...
