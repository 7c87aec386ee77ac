"""Approvals mean two people, on a real database: SQLite, and PostgreSQL when it answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.services import audit
from tests.unit.test_approvals import BASE
from tests.unit.test_drafting import CHANNEL, cell, record


def say(app: Application, user: str, text: str) -> str | None:
    answer = app.answer(user, CHANNEL, text)
    return answer.reply.template if answer.error else None


def two_roles_for_one_person(app: Application, clock: FixedClock) -> None:
    cell(app)
    record(app, BASE)
    assert say(app, "com", "rediger communique") is None
    assert say(app, "bob", "approuver 1") is None
    clock.advance(minutes=1)
    assert say(app, "alice", "role @bob direction") is None
    assert say(app, "bob", "approuver 1") is None
    assert say(app, "com", "publier 1") == "not_approved"
    clock.advance(minutes=1)
    assert say(app, "alice", "role @jur dpo") is None
    assert say(app, "jur", "approuver 1") is None
    assert say(app, "com", "publier 1") is None
    assert all(result.ok for result in audit.verify_all(app.deps))


def test_one_person_in_two_roles_does_not_make_two_approvals_on_sqlite(
    sql_app: Application, clock: FixedClock
) -> None:
    two_roles_for_one_person(sql_app, clock)


@pytest.mark.postgres
def test_one_person_in_two_roles_does_not_make_two_approvals_on_postgresql(
    postgres_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(
        CRISISBOT_ADMINS="*",  # type: ignore[call-arg]
        DATABASE_URL=postgres_url,
        CRISISBOT_DATA_DIR=str(tmp_path),
        _env_file=None,
    )
    two_roles_for_one_person(bootstrap(settings, clock=clock), clock)
