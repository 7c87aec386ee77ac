"""The one place that wires settings to real adapters; tests pass fakes instead."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.catalog import Catalog, load_catalog
from bot.clock import SystemClock
from bot.commands.dispatch import execute
from bot.commands.reply import Reply
from bot.config import Settings
from bot.delivery import Deliverer
from bot.domain.guard import PatientDataGuard
from bot.domain.outbox import CONSOLE
from bot.domain.ports import Clock, UnitOfWork
from bot.domain.requests import RequestKey, current_request
from bot.domain.witness import Mark
from bot.drafting import language
from bot.drafting.render import Drafter
from bot.messages import Messages
from bot.services import crisis
from bot.services.context import Caller, Deps
from bot.store.migrate import upgrade
from bot.store.uow import SqlUnitOfWork, make_engine
from bot.store.witness import WitnessFile, adoption, journal_key

LANGUAGE_TTL = 60.0
DRAFT_REPLIES = frozenset({"voir", "rediger", "approuver"})
SERVICE_THREADS = 2


@dataclass(frozen=True)
class Answer:
    """A rendered reply, ready for any adapter."""

    text: str
    public: bool
    error: bool
    file: Path | None
    reply: Reply

    @property
    def draft_number(self) -> int | None:
        """The draft this answer shows, for platforms that put buttons on it."""
        if self.error or self.reply.template not in DRAFT_REPLIES:
            return None
        number: int = self.reply.data["view"].draft.number
        return number


@dataclass
class Application:
    settings: Settings
    deps: Deps
    messages: Messages
    catalog: Catalog
    deliverer: Deliverer
    engine: Engine | None = None
    languages: dict[str, tuple[float, str | None]] = field(default_factory=dict)
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(SERVICE_THREADS, thread_name_prefix="services")
    )

    async def answer_async(
        self,
        user: str,
        channel: str,
        text: str,
        request: str | None = None,
        platform: str = CONSOLE,
    ) -> Answer:
        """``answer`` off the event loop, on the few threads kept for the services: more
        threads only make them wait for each other (the interpreter runs one at a time)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.executor, self.answer, user, channel, text, request, platform
        )

    def language(self, user: str) -> str | None:
        """The user's language, cached for a minute (another instance may change it)."""
        cached = self.languages.get(user)
        if cached is None or time.monotonic() - cached[0] > LANGUAGE_TTL:
            cached = (time.monotonic(), crisis.language_of(self.deps, user))
            self.languages[user] = cached
        return cached[1]

    def answer(
        self,
        user: str,
        channel: str,
        text: str,
        request: str | None = None,
        platform: str = CONSOLE,
    ) -> Answer:
        """Run one command. With a ``request`` key (a Slack trigger id, say), the command
        takes effect at most once, however many times the same request arrives: the key is
        recorded in the transaction of its first write, and a second write is refused."""
        caller = Caller(user=user, channel=channel, platform=platform)
        token = current_request.set(RequestKey(request) if request else None)
        try:
            reply = execute(self.deps, caller, text)
        finally:
            current_request.reset(token)
        if reply.template == "langue":
            self.languages.pop(user, None)
        language = self.language(user)
        return Answer(
            text=self.messages.render(reply, language),
            public=reply.public,
            error=reply.error,
            file=reply.file,
            reply=reply,
        )


def _adopted(uow: UnitOfWork) -> list[Mark]:
    """The crises found when the witness begins, with their heads."""
    marks = []
    with uow:
        for found in uow.repo.crises():
            assert found.id is not None
            last = uow.repo.last_event(found.id)
            marks += adoption(found.id, found.channel, last.seq if last else 0,
                              last.hash if last else "")  # fmt: skip
    return marks


def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    uow: Callable[[], UnitOfWork] | None = None,
    migrate: bool = True,
) -> Application:
    catalog = load_catalog(settings.messages_dir)
    engine: Engine | None = None
    reader = None
    key = journal_key(settings.journal_key, settings.data_dir)
    witness = WitnessFile.in_folder(settings.data_dir)
    if uow is None:
        engine = make_engine(settings.database_url)
        if migrate:
            upgrade(engine)
        sql_engine = engine

        def uow() -> UnitOfWork:
            return SqlUnitOfWork(sql_engine, witness=witness)

        if not witness.exists():
            witness.begin(_adopted(SqlUnitOfWork(sql_engine, readonly=True)))

        def reader() -> UnitOfWork:
            return SqlUnitOfWork(sql_engine, readonly=True)

    language.warm_up()
    deps = Deps(
        uow=uow,
        clock=clock or SystemClock(settings.tz),
        key_types=catalog.key_types,
        drafter=Drafter(settings.messages_dir, settings.tz),
        models=catalog.models,
        guard=PatientDataGuard(settings.patient_id_pattern),
        register=catalog.register,
        labels=catalog.labels,
        exports_dir=settings.exports_dir,
        admins=settings.admins,
        insurer_days=settings.insurer_days,
        reader=reader if engine is not None else None,
        journal_key=key,
        witness=witness.read if engine is not None else None,
    )
    messages = Messages(settings.messages_dir, settings.tz, settings.language)
    return Application(
        settings=settings,
        deps=deps,
        messages=messages,
        catalog=catalog,
        deliverer=Deliverer(deps, messages, settings.messages_dir),
        engine=engine,
    )
