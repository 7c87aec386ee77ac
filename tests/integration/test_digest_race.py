"""Two instances on one PostgreSQL database both enqueue the daily digest: the one that loses
the race adds nothing, and says so quietly (no ERROR, no traceback)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from bot.bootstrap import bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.outbox import DIGEST, OutboxItem, OutboxStatus
from bot.services.digest import daily_digests


@pytest.mark.postgres
def test_the_instance_that_loses_the_daily_digest_race_stays_quiet(
    postgres_url: str, clock: FixedClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        CRISISBOT_ADMINS="*",  # type: ignore[call-arg]
        DATABASE_URL=postgres_url,
        CRISISBOT_DATA_DIR=str(tmp_path),
        _env_file=None,
    )
    first = bootstrap(settings, clock=clock)
    second = bootstrap(settings, clock=clock)
    assert not first.answer("alice", "C-crise", "ouvrir Fuite présumée").error
    key = f"digest:1:{clock.now().date()}"
    counts: list[int] = []
    caplog.set_level(logging.DEBUG)
    # The first instance has added today's digest and not committed yet when the second
    # looks: the second sees no digest, then finds the first's once it commits.
    with first.deps.uow() as uow:
        item = OutboxItem(
            key, 1, "C-crise", DIGEST, {"since": 0, "upto": 1}, clock.now(), clock.now()
        )
        assert uow.repo.enqueue(item)
        racer = threading.Thread(target=lambda: counts.append(daily_digests(second.deps)))
        racer.start()
        time.sleep(0.5)
        assert racer.is_alive(), "the second instance waits for the first's transaction"
        uow.commit()
    racer.join(30)
    assert counts == [0]
    with second.deps.read() as uow:
        digests = [i for i in uow.repo.outbox((OutboxStatus.PENDING,)) if i.kind == DIGEST]
    assert [i.key for i in digests] == [key]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    for application in (first, second):
        assert application.engine is not None
        application.engine.dispose()
