"""The cell's kit for the first hours: the fiches réflexes (actions per role, made tasks
with an owner role, a due time and a state when a crisis opens) and the crisis directory
(institutional contacts, defaults with their source, overridden by the establishment)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.errors import InvalidValue
from bot.domain.model import Member
from bot.domain.roles import Role


class TaskState(StrEnum):
    A_FAIRE = "a_faire"
    FAITE = "faite"


@dataclass(frozen=True)
class Action:
    """One line of a fiche réflexe: what to do, which role does it, how soon after opening."""

    code: str
    role: Role
    text: str
    delay: timedelta


@dataclass
class Task:
    crisis_id: int
    number: int
    code: str
    role: Role
    text: str
    due_at: datetime
    state: TaskState = TaskState.A_FAIRE
    done_by: str | None = None
    done_at: datetime | None = None
    note: str | None = None

    def overdue(self, now: datetime) -> bool:
        return self.state is TaskState.A_FAIRE and self.due_at < now


@dataclass(frozen=True)
class DirectoryDefault:
    """A contact the establishment starts from: its label, a value (or none) and where it
    comes from."""

    code: str
    label: str
    value: str | None
    source: str


@dataclass
class Contact:
    """A directory entry the establishment set for a crisis."""

    crisis_id: int
    code: str
    value: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class DirectoryEntry:
    code: str
    label: str
    value: str | None
    source: str
    set_by: str | None = None
    set_at: datetime | None = None


_DELAY = re.compile(r"^\s*(\d{1,3})\s*(h|min)\s*$")


def parse_delay(raw: str) -> timedelta:
    """« 1h », « 72h », « 30min »: the time after opening an action is due."""
    found = _DELAY.match(str(raw))
    if found is None:
        raise InvalidValue("fiche_delay", delay=str(raw))
    amount = int(found.group(1))
    return timedelta(hours=amount) if found.group(2) == "h" else timedelta(minutes=amount)


def tasks_from(actions: list[Action], crisis_id: int, opened_at: datetime) -> list[Task]:
    return [
        Task(crisis_id, number, a.code, a.role, a.text, opened_at + a.delay)
        for number, a in enumerate(actions, start=1)
    ]


def by_urgency(tasks: list[Task]) -> list[Task]:
    """Tasks to do, soonest due first (the overdue ones lead), then the ones done."""
    return sorted(tasks, key=lambda t: (t.state is TaskState.FAITE, t.due_at, t.number))


def holders(role: Role, members: list[Member]) -> list[str]:
    return [m.user for m in members if m.role is role]


def unheld_roles(tasks: list[Task], members: list[Member]) -> list[Role]:
    """The roles that have tasks to do and that nobody in the cell holds, in role order."""
    held = {m.role for m in members}
    wanted = {t.role for t in tasks if t.state is TaskState.A_FAIRE}
    return [role for role in Role if role in wanted and role not in held]


def directory(defaults: list[DirectoryDefault], contacts: list[Contact]) -> list[DirectoryEntry]:
    """The defaults in their order, each replaced by what the establishment set."""
    overrides = {c.code: c for c in contacts}
    entries = []
    for default in defaults:
        contact = overrides.get(default.code)
        if contact is None:
            entries.append(
                DirectoryEntry(default.code, default.label, default.value, default.source)
            )
        else:
            entries.append(
                DirectoryEntry(
                    default.code,
                    default.label,
                    contact.value,
                    "établissement",
                    contact.set_by,
                    contact.set_at,
                )
            )
    return entries
