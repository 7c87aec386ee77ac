"""The daily digest and the question reminders, inside ``crisisbot run`` (APScheduler).

Every instance runs the same jobs; the outbox keys make each digest (per crisis and day)
and each reminder (per question and moment) exist once, so nothing is posted twice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.bootstrap import Application
from bot.services.digest import daily_digests, due_reminders
from bot.services.kit_reminders import due_task_reminders
from bot.services.points import due_points

log = logging.getLogger(__name__)


def start_scheduler(application: Application, kick: Callable[[], None]) -> AsyncIOScheduler:
    """Start the jobs on the running event loop; ``kick`` wakes the outbox deliverer."""
    settings = application.settings
    deps = application.deps
    hour, minute = (int(part) for part in settings.digest_time.split(":"))

    async def digests() -> None:
        count = await asyncio.to_thread(daily_digests, deps)
        log.info("daily digests enqueued: %s", count)
        kick()

    async def reminders() -> None:
        reminded = await asyncio.to_thread(due_reminders, deps)
        reminded += await asyncio.to_thread(due_task_reminders, deps)
        if reminded + await asyncio.to_thread(due_points, deps):
            kick()

    scheduler = AsyncIOScheduler(timezone=settings.tz)
    scheduler.add_job(
        digests,
        CronTrigger(hour=hour, minute=minute, timezone=settings.tz),
        id="digest",
        coalesce=True,
        misfire_grace_time=3600,
    )
    scheduler.add_job(reminders, IntervalTrigger(minutes=1), id="reminders", coalesce=True)
    scheduler.start()
    return scheduler
