"""What every use case receives: dependencies, and who calls from where."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.domain import journal
from bot.domain.drafts import ModelSpec
from bot.domain.errors import NotFound
from bot.domain.guard import Guard
from bot.domain.model import Crisis, CrisisState, Event, EventKind
from bot.domain.outbox import LEASE, NOTICE, SEND_TIMEOUT, OutboxItem
from bot.domain.people import Person
from bot.domain.ports import Clock, Repository, UnitOfWork
from bot.domain.register import RegisterField
from bot.domain.roles import Role
from bot.domain.timelines import ClockSpec
from bot.domain.values import ValueType
from bot.domain.witness import Reading
from bot.privacy import PatientDataGuard

if TYPE_CHECKING:
    from bot.domain.disseminations import Recipient
    from bot.drafting.edition import Editor
    from bot.drafting.factcheck import FactChecker
    from bot.drafting.render import Drafter


QUIET_EVENTS = frozenset({EventKind.BROUILLON_EXPORTE, EventKind.APPEL_RECU})


@dataclass(frozen=True)
class Caller:
    """Who runs a command, from which channel (a Slack channel, a Teams channel or chat,
    ``console``)."""

    person: Person
    channel: str

    @property
    def platform(self) -> str:
        """Where the command comes from: ``slack``, ``teams`` or ``console``."""
        return self.person.platform.value

    @property
    def user(self) -> str:
        """The caller's stable id, as members, events and approvals record it."""
        return self.person.id


@dataclass(frozen=True)
class Deps:
    uow: Callable[[], UnitOfWork]
    clock: Clock
    key_types: Mapping[str, ValueType]
    drafter: Drafter
    models: Mapping[str, ModelSpec]
    guard: Guard = field(default_factory=PatientDataGuard)
    register: list[RegisterField] = field(default_factory=list)
    timelines: list[ClockSpec] = field(default_factory=list)
    verifiers: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    exports_dir: Path = Path("exports")
    admins: frozenset[str] = field(default_factory=frozenset)
    reader: Callable[[], UnitOfWork] | None = None
    insurer_days: int = 5
    journal_key: bytes = b""
    witness: Callable[[], Reading | None] | None = None
    checker: FactChecker | None = None
    editor: Editor | None = None
    recipients: Mapping[str, Recipient] = field(default_factory=dict)
    send_timeout: timedelta = SEND_TIMEOUT
    outbox_lease: timedelta = LEASE

    def read(self) -> UnitOfWork:
        """A unit of work for queries only: on SQLite, readers do not queue behind writers."""
        return (self.reader or self.uow)()


def open_crisis_of(repo: Repository, channel: str, *, lock: bool = False) -> Crisis:
    crisis = repo.crisis_for_channel(channel, lock=lock)
    if crisis is None or crisis.state is not CrisisState.OUVERTE:
        raise NotFound("no_crisis")
    return crisis


def crisis_id(crisis: Crisis) -> int:
    assert crisis.id is not None, "a stored crisis has an id"
    return crisis.id


def role_of(repo: Repository, crisis: Crisis, user: str) -> Role:
    for member in repo.members(crisis_id(crisis)):
        if member.user == user:
            return member.role
    return Role.MEMBRE


def log(
    repo: Repository,
    crisis: Crisis,
    deps: Deps,
    actor: str,
    kind: EventKind,
    subject: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    draft: int | None = None,
) -> Event:
    """Append one event to the crisis journal, chained to the previous one, and its notice
    to the outbox; ``draft`` is the number of the draft the event is about, if any."""
    cid = crisis_id(crisis)
    now = deps.clock.now()
    event = Event(cid, now, actor, kind, subject, before, after)
    journal.seal(event, repo.last_event(cid), deps.journal_key)
    repo.add_event(event)
    if kind not in QUIET_EVENTS:
        key = f"notice:{cid}:{event.seq}"
        payload: dict[str, Any] = {"seq": event.seq, "kind": kind, "subject": subject}
        if draft is not None:
            payload["draft"] = draft
        item = OutboxItem(key, cid, crisis.channel, NOTICE, payload, now, now)
        repo.enqueue(replace(item, platform=crisis.platform))
    return event
