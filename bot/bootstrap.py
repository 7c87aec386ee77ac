"""The one place that wires settings to real adapters; tests pass fakes instead."""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import Engine

from bot import posts, startup
from bot.catalog import Catalog
from bot.clock import SystemClock
from bot.commands.dispatch import execute, run
from bot.commands.mentions import Mentions
from bot.commands.reply import Reply
from bot.config import Settings
from bot.delivery import Deliverer
from bot.domain import journal
from bot.domain.commands import Command
from bot.domain.model import Event
from bot.domain.people import Person, Platform, console_person
from bot.domain.ports import Clock, UnitOfWork
from bot.domain.requests import RequestKey, current_request
from bot.drafting import language
from bot.messages import Messages
from bot.services import crisis, kit
from bot.services.context import Caller, Deps
from bot.store import sealing
from bot.store.migrate import current_revision, upgrade
from bot.store.uow import SqlUnitOfWork, make_engine
from bot.store.witness import KEY_FILE, WitnessFile, journal_key
from bot.texts import texts

log = logging.getLogger(__name__)
MissingWitness = Literal["refuse", "report", "reseal"]
LANGUAGE_TTL = 60.0
DRAFT_REPLIES = frozenset({"voir", "rediger", "approuver", "modifier", "rectifier"})
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
    met: dict[str, str] = field(default_factory=dict)
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(SERVICE_THREADS, thread_name_prefix="services")
    )
    running: int = 0  # commands asked of the service threads and not answered yet

    async def answer_async(
        self,
        person: Person | str,
        channel: str,
        text: str | Command,
        request: str | None = None,
        mentions: Mentions | None = None,
    ) -> Answer:
        """``answer`` off the event loop, on the few threads kept for the services: more
        threads only make them wait for each other (the interpreter runs one at a time)."""
        loop = asyncio.get_running_loop()
        call = partial(self.answer, person, channel, text, request, mentions)
        self.running += 1
        try:
            return await loop.run_in_executor(self.executor, call)
        finally:
            self.running -= 1

    @property
    def busy(self) -> bool:
        """Whether a command asked now would wait for a service thread: an adapter then
        acknowledges it at once and answers when it has run."""
        return self.running >= SERVICE_THREADS

    def language(self, user: str) -> str | None:
        """The user's language, cached for a minute (another instance may change it)."""
        cached = self.languages.get(user)
        if cached is None or time.monotonic() - cached[0] > LANGUAGE_TTL:
            cached = (time.monotonic(), crisis.language_of(self.deps, user))
            self.languages[user] = cached
        return cached[1]

    def meet(self, person: Person) -> None:
        """Remember who writes, and the name they go by now (written only when it changed)."""
        if self.met.get(person.id) == person.name:
            return
        with self.deps.uow() as uow:
            uow.repo.save_person(person)
            uow.commit()
        self.met[person.id] = person.name

    def known(self, platform: Platform, name: str) -> Person | None:
        with self.deps.read() as uow:
            return uow.repo.person_named(platform, name)

    def mentions(self, platform: Platform, tokens: dict[str, Person] | None = None) -> Mentions:
        """What the grammar needs to resolve the mentions of one message."""
        return Mentions(platform, tokens or {}, self.known)

    def names(self) -> dict[str, str]:
        with self.deps.read() as uow:
            return uow.repo.names()

    def answer(
        self,
        person: Person | str,
        channel: str,
        text: str | Command,
        request: str | None = None,
        mentions: Mentions | None = None,
    ) -> Answer:
        """Run one command, typed or as text. With a ``request`` key (a Slack trigger id,
        say), the command takes effect at most once, however many times the same request
        arrives: the key is recorded in the transaction of its first write, and a second
        write is refused. A plain name stands for a console user."""
        if isinstance(person, str):
            person = console_person(person)
        caller = Caller(person=person, channel=channel)
        token = current_request.set(RequestKey(request) if request else None)
        try:
            self.meet(person)
            if isinstance(text, Command):
                reply = run(self.deps, caller, text)
            else:
                found = mentions or self.mentions(person.platform)
                reply = execute(self.deps, caller, text, found)
        finally:
            current_request.reset(token)
        if reply.template == "langue":
            self.languages.pop(person.id, None)
        with self.deps.read() as uow:
            people, crisis_here = uow.repo.names(), uow.repo.crisis_for_channel(channel)
        answer = self.render(reply, person.id, people)
        if crisis_here is not None and crisis_here.exercise:
            text = posts.marked(self.messages, answer.text, self.language(person.id) or "fr")
            answer = replace(answer, text=text)
        return answer

    def render(self, reply: Reply, user: str, people: dict[str, str] | None = None) -> Answer:
        """The reply as text in the user's language; a reply that cannot be shown becomes
        the internal-error answer (the log keeps why), never a traceback. ``people``: the
        display names, when the caller has read them already."""
        language = self.language(user)
        try:
            text = self.messages.render(reply, language, self.names() if people is None else people)
        except Exception:
            log.exception("reply %s could not be rendered", reply.template)
            reply = Reply("internal", {}, error=True)
            text = self.messages.render(reply, language)
        return Answer(
            text=text, public=reply.public, error=reply.error, file=reply.file, reply=reply
        )


def _keyed_ends(uow: UnitOfWork) -> list[Event]:
    """The first and the last event of each crisis, those sealed with a key. The key that
    sealed the journal verifies some of them; another key fails them all (where tampering
    would fail only those it touched)."""
    with uow:
        keyed = []
        for found in uow.repo.crises():
            assert found.id is not None
            ends = (uow.repo.event(found.id, 1), uow.repo.last_event(found.id))
            keyed += [e for e in ends if e is not None and e.scheme != journal.PLAIN]
    return keyed


def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    uow: Callable[[], UnitOfWork] | None = None,
    migrate: bool = True,
    missing_witness: MissingWitness = "refuse",
) -> Application:
    """The application on ``settings``. With the real store, the places the settings name
    are checked before anything is created, then the database is opened and migrated, then
    the journal key and the witness are made in the data folder: a failure on the way is a
    ``StartupError`` naming its setting, and leaves nothing behind in a wrong place.

    The key must be the one that sealed the journal. A witness is begun with a new database
    (or one older than the key); once the journal is sealed, a missing witness stops the
    start (``refuse``), or is left for ``audit verify`` to report and ``crisisbot audit
    resceller`` to seal again (``report``; a trigger the migrations did not create is then
    reported too instead of stopping). ``reseal`` leaves the ledger and the witness to
    ``crisisbot audit resceller``."""
    unreadable = kit.unreadable_file()
    if unreadable is not None:
        raise startup.StartupError("kit_file", path=unreadable)
    wording = texts(
        settings.messages_dir, settings.tz, settings.patient_id_pattern, settings.language
    )
    catalog = wording.catalog
    engine: Engine | None = None
    reader = None
    before: str | None = None
    witness = WitnessFile.in_folder(settings.data_dir)
    if uow is None:
        startup.check_places(settings)
        with startup.database(settings.database_url):
            engine = make_engine(settings.database_url)
            before = current_revision(engine)
            if migrate:
                upgrade(engine)
        sql_engine = engine

        def uow() -> UnitOfWork:
            return SqlUnitOfWork(sql_engine, witness=witness.keyed(key), key=key)

        def reader() -> UnitOfWork:
            return SqlUnitOfWork(sql_engine, readonly=True)

    with startup.place(startup.DATA_DIR, settings.data_dir):
        key_file = settings.data_dir / KEY_FILE
        sealed = _keyed_ends(reader()) if reader is not None else []
        if sealed and settings.journal_key is None and not key_file.exists():
            raise startup.StartupError("journal_key_lost", path=key_file)
        key = journal_key(settings.journal_key, settings.data_dir)
        if sealed and not any(hmac.compare_digest(journal.digest(e, key), e.hash) for e in sealed):
            if settings.journal_key:
                raise startup.StartupError("journal_key_wrong")
            raise startup.StartupError("journal_key_file_wrong", path=key_file)
        # A keyed journal was witnessed from its first keyed event (both came together): its
        # witness is lost, or emptied.
        lost = not witness.exists() or witness.keyed(key).read() in (None, [])
        if reader is not None and sealed and missing_witness == "refuse" and lost:
            raise startup.StartupError("witness_missing", path=witness.path)
        if engine is not None and missing_witness != "reseal":
            refuse = missing_witness == "refuse"
            sealing.start(engine, key, witness, before, datetime.now(UTC), strict=refuse)

    language.warm_up()
    deps = Deps(
        uow=uow,
        clock=clock or SystemClock(settings.tz),
        key_types=catalog.key_types,
        drafter=wording.drafter,
        models=catalog.models,
        guard=wording.guard,
        register=catalog.register,
        timelines=catalog.clocks,
        verifiers=catalog.verifiers,
        labels=catalog.labels,
        exports_dir=settings.exports_dir,
        admins=settings.admins,
        insurer_days=settings.insurer_days,
        reader=reader if engine is not None else None,
        journal_key=key,
        witness=witness.keyed(key).reading if engine is not None else None,
        checker=wording.checker,
        editor=wording.editor,
        recipients=wording.recipients,
        send_timeout=timedelta(seconds=settings.send_timeout),
        outbox_lease=settings.outbox_lease,
    )
    messages = wording.messages
    return Application(
        settings=settings,
        deps=deps,
        messages=messages,
        catalog=catalog,
        deliverer=Deliverer(deps, messages, settings.messages_dir),
        engine=engine,
    )
