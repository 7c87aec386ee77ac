from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings

from bot.bootstrap import Answer, Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from tests.fakes import FakeRepository, FakeUnitOfWork

# Hypothesis profiles: ``dev`` (``make test``) draws a quarter of each test's examples, ``ci``
# (``make test-all``, CI) all of them; ``--hypothesis-profile`` chooses (tests/examples.py).
hypothesis_settings.register_profile("ci", max_examples=100)
hypothesis_settings.register_profile("dev", max_examples=25)
hypothesis_settings.load_profile("dev")

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 1, 12, 9, 0, tzinfo=PARIS)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{tmp_path}/test.db", _env_file=None
    )  # type: ignore[call-arg]


@pytest.fixture
def fake_store() -> FakeRepository:
    return FakeRepository()


@pytest.fixture
def fake_app(settings: Settings, clock: FixedClock, fake_store: FakeRepository) -> Application:
    """The whole application on in-memory fakes of the storage."""
    return bootstrap(settings, clock=clock, uow=lambda: FakeUnitOfWork(fake_store))


@pytest.fixture
def sql_app(settings: Settings, clock: FixedClock) -> Application:
    """The whole application on a fresh SQLite file, migrated with Alembic."""
    return bootstrap(settings, clock=clock)


Say = Callable[[str, str], Answer]


@pytest.fixture
def say(sql_app: Application) -> Say:
    def run(user: str, text: str) -> Answer:
        return sql_app.answer(user, "C-crise", text)

    return run


# The PostgreSQL server the tests may use. Its own databases are never opened: each test
# creates a database of its own, connected to the server's maintenance database, and drops it.
POSTGRES_SERVER = os.environ.get(
    "DATABASE_URL_TEST", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
TEST_DATABASE_PREFIX = "crisisbot_test_"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database of its own on the PostgreSQL server, created for the test and dropped after."""
    import uuid

    import sqlalchemy as sa

    server = sa.make_url(POSTGRES_SERVER)
    try:
        admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as exc:
        if os.environ.get("CRISISBOT_REQUIRE_POSTGRES"):
            raise
        where = server.render_as_string(hide_password=True)
        pytest.skip(f"PostgreSQL not reachable at {where} ({type(exc).__name__}); skipped")
    name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'create database "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()
