"""The register on a real database: SQLite here, PostgreSQL when the server answers."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.journal import first_broken
from bot.store.migrate import current_revision, head_revision
from tests.conftest import POSTGRES_SERVER, TEST_DATABASE_PREFIX

PARIS = ZoneInfo("Europe/Paris")


def scenario(app: Application) -> None:
    say = lambda user, text: app.answer(user, "C1", text)  # noqa: E731
    assert not say("alice", "ouvrir Fuite présumée").error
    assert not say("alice", "role @bob dpo").error
    assert not say("alice", "fait incident.connu_le = 12/01/2026 09:15 source: journaliste").error
    assert not say("bob", "verifier incident.connu_le preuve: courriel").error
    assert not say("alice", "question Sauvegardes ? @bob avant: demain 17h").error


def check_round_trip(app: Application) -> None:
    with app.deps.uow() as uow:
        crisis = uow.repo.crisis_for_channel("C1")
        assert crisis is not None and crisis.id is not None
        fact = uow.repo.fact(crisis.id, "incident.connu_le")
        assert fact is not None and fact.status.value == "verifie"
        assert fact.value == "2026-01-12T09:15+01:00"
        question = uow.repo.question(crisis.id, 1)
        assert question is not None
        assert question.due_at == datetime(2026, 1, 13, 17, 0, tzinfo=PARIS)
        events = uow.repo.events(crisis.id)
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert first_broken(events, app.deps.journal_key) is None


def test_sqlite_is_migrated_and_keeps_everything(sql_app: Application) -> None:
    assert sql_app.engine is not None
    assert current_revision(sql_app.engine) == head_revision()
    with sql_app.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    scenario(sql_app)
    check_round_trip(sql_app)


def test_a_refused_command_rolls_back_entirely(sql_app: Application) -> None:
    scenario(sql_app)
    assert sql_app.engine is not None
    with sql_app.engine.connect() as conn:
        before = conn.execute(sa.text("select count(*) from events")).scalar()
    assert sql_app.answer("carol", "C1", "verifier incident.connu_le").error
    with sql_app.engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from events")).scalar() == before


def test_data_survive_a_new_process_on_the_same_file(settings: Settings, clock: FixedClock) -> None:
    scenario(bootstrap(settings, clock=clock))
    check_round_trip(bootstrap(settings, clock=clock))


def concurrent_questions(app: Application, count: int) -> list[int]:
    numbers: list[int] = []
    lock = threading.Lock()

    def ask(i: int) -> None:
        answer = app.answer(f"user{i}", "C1", f"question Question {i} ?")
        assert not answer.error, answer.text
        with lock:
            numbers.append(answer.reply.data["question"].number)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(numbers)


def test_concurrent_questions_get_distinct_numbers_on_sqlite(sql_app: Application) -> None:
    sql_app.answer("alice", "C1", "ouvrir Fuite présumée")
    assert concurrent_questions(sql_app, 12) == list(range(1, 13))


@pytest.mark.postgres
def test_postgresql_keeps_everything_and_serialises_writers(
    postgres_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(
        CRISISBOT_ADMINS="*",  # type: ignore[call-arg]
        DATABASE_URL=postgres_url,
        CRISISBOT_DATA_DIR=str(tmp_path),
        _env_file=None,
    )
    app = bootstrap(settings, clock=clock)
    scenario(app)
    check_round_trip(app)
    other_instance = bootstrap(settings, clock=clock)
    numbers = concurrent_questions(other_instance, 10)
    assert numbers == list(range(2, 12))
    with other_instance.deps.uow() as uow:
        crisis = uow.repo.crisis_for_channel("C1")
        assert crisis is not None and crisis.id is not None
        assert first_broken(uow.repo.events(crisis.id), other_instance.deps.journal_key) is None


@pytest.mark.postgres
def test_a_postgresql_test_gets_a_new_empty_database_of_its_own(postgres_url: str) -> None:
    url = sa.make_url(postgres_url)
    assert url.database and url.database.startswith(TEST_DATABASE_PREFIX)
    assert url.database != sa.make_url(POSTGRES_SERVER).database
    engine = sa.create_engine(url)
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
