"""The one place that wires settings to real adapters; tests pass fakes instead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.catalog import Catalog, load_catalog
from bot.clock import SystemClock
from bot.commands.dispatch import execute
from bot.commands.reply import Reply
from bot.config import Settings
from bot.delivery import Deliverer
from bot.domain.guard import PatientDataGuard
from bot.domain.ports import Clock, UnitOfWork
from bot.domain.requests import RequestKey, current_request
from bot.drafting import language
from bot.drafting.render import Drafter
from bot.messages import Messages
from bot.services import crisis
from bot.services.context import Caller, Deps
from bot.store.migrate import upgrade
from bot.store.uow import SqlUnitOfWork, make_engine


@dataclass(frozen=True)
class Answer:
    """A rendered reply, ready for any adapter."""

    text: str
    public: bool
    error: bool
    file: Path | None
    reply: Reply


@dataclass
class Application:
    settings: Settings
    deps: Deps
    messages: Messages
    catalog: Catalog
    deliverer: Deliverer
    engine: Engine | None = None

    def already_handled(self, request: str) -> bool:
        return _seen(self.deps, request)

    def answer(self, user: str, channel: str, text: str, request: str | None = None) -> Answer:
        """Run one command. With a ``request`` key (a Slack trigger id, say), the command
        takes effect at most once, however many times the same request arrives."""
        caller = Caller(user=user, channel=channel)
        token = current_request.set(RequestKey(request) if request else None)
        try:
            if request and self.already_handled(request):
                reply = Reply("duplicate_request", {}, error=True)
            else:
                reply = execute(self.deps, caller, text)
        finally:
            current_request.reset(token)
        language = crisis.language_of(self.deps, user)
        return Answer(
            text=self.messages.render(reply, language),
            public=reply.public,
            error=reply.error,
            file=reply.file,
            reply=reply,
        )


def _seen(deps: Deps, key: str) -> bool:
    with deps.uow() as uow:
        return uow.seen(key)


def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    uow: Callable[[], UnitOfWork] | None = None,
    migrate: bool = True,
) -> Application:
    catalog = load_catalog(settings.messages_dir)
    engine: Engine | None = None
    if uow is None:
        engine = make_engine(settings.database_url)
        if migrate:
            upgrade(engine)
        sql_engine = engine

        def uow() -> UnitOfWork:
            return SqlUnitOfWork(sql_engine)

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
