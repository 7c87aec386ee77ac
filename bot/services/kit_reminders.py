"""Reminders of the fiches réflexes' tasks: to each holder of the task's role, an hour
before it is due and once it is overdue, once each (the outbox key makes them unique)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.kit import TaskState, holders
from bot.domain.model import CrisisState
from bot.domain.outbox import OutboxItem
from bot.services.context import Deps, crisis_id

TASK_REMINDER = "rappel_tache"
REMIND_BEFORE = timedelta(hours=1)


def due_task_reminders(deps: Deps) -> int:
    now = deps.clock.now()
    count = 0
    with deps.uow() as uow:
        for crisis in uow.repo.crises():
            if crisis.state is not CrisisState.OUVERTE:
                continue
            cid = crisis_id(crisis)
            members = uow.repo.members(cid)
            for task in uow.repo.tasks(cid):
                if task.state is not TaskState.A_FAIRE or now < task.due_at - REMIND_BEFORE:
                    continue
                moment = "retard" if now >= task.due_at else "avant"
                payload = {
                    "number": task.number,
                    "text": task.text,
                    "due_at": task.due_at.isoformat(),
                    "moment": moment,
                }
                for user in holders(task.role, members):
                    key = f"{TASK_REMINDER}:{cid}:{task.number}:{moment}:{user}"
                    item = OutboxItem(
                        key, cid, crisis.channel, TASK_REMINDER, payload, now, now, user,
                        platform=crisis.platform,
                    )  # fmt: skip
                    count += uow.repo.enqueue(item)
        uow.commit()
    return count
