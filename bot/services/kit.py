"""The cell's kit for the first hours: the fiches réflexes made tasks when a crisis opens,
marking one done, and the crisis directory (defaults of ``messages/fr/annuaire.yml``, the
entries the establishment sets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.domain.errors import Conflict, Forbidden, InvalidValue, NotFound
from bot.domain.facts import check_length
from bot.domain.kit import (
    Action,
    Contact,
    DirectoryDefault,
    DirectoryEntry,
    Task,
    TaskState,
    by_urgency,
    directory,
    holders,
    parse_delay,
    tasks_from,
    unheld_roles,
)
from bot.domain.model import Crisis, EventKind, Member
from bot.domain.ports import Repository
from bot.domain.roles import Role, parse_role
from bot.domain.values import fold
from bot.resources import messages_dir
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of


@cache
def fiches() -> tuple[Action, ...]:
    """The actions of ``messages/fr/fiches.yml``, in their order."""
    data = yaml.safe_load((messages_dir() / "fr" / "fiches.yml").read_text("utf-8")) or {}
    return tuple(
        Action(
            str(row["code"]),
            parse_role(str(row["role"])),
            str(row["texte"]),
            parse_delay(str(row["delai"])),
        )
        for row in data.get("actions") or []
    )


@cache
def directory_defaults() -> tuple[DirectoryDefault, ...]:
    """The entries of ``messages/fr/annuaire.yml``, in their order."""
    data = yaml.safe_load((messages_dir() / "fr" / "annuaire.yml").read_text("utf-8")) or {}
    return tuple(
        DirectoryDefault(
            str(row["code"]),
            str(row["libelle"]),
            None if row.get("valeur") is None else str(row["valeur"]),
            str(row["source"]),
        )
        for row in data.get("entrees") or []
    )


def unreadable_file() -> Path | None:
    """The kit's file that does not load (YAML, a role, a delay, a field), if any."""
    for path, load in (("fiches.yml", fiches), ("annuaire.yml", directory_defaults)):
        try:
            load()
        except (yaml.YAMLError, InvalidValue, KeyError, TypeError, AttributeError):
            return messages_dir() / "fr" / path
    return None


def create_tasks(repo: Repository, crisis: Crisis) -> list[Task]:
    """At opening: one task per action of the fiches, due after its delay."""
    created = tasks_from(list(fiches()), crisis_id(crisis), crisis.opened_at)
    for task in created:
        repo.save_task(task)
    return created


@dataclass(frozen=True)
class Board:
    """The tasks of a crisis, to do first, and who holds each role."""

    tasks: list[Task]
    members: list[Member]
    now: datetime

    @property
    def unheld(self) -> list[Role]:
        return unheld_roles(self.tasks, self.members)

    @property
    def pending(self) -> list[Task]:
        return [t for t in self.tasks if t.state is TaskState.A_FAIRE]

    @property
    def overdue(self) -> list[Task]:
        return [t for t in self.tasks if t.overdue(self.now)]

    def owners(self, task: Task) -> list[str]:
        return holders(task.role, self.members)


def board_of(repo: Repository, crisis: Crisis, now: datetime) -> Board:
    cid = crisis_id(crisis)
    return Board(by_urgency(repo.tasks(cid)), repo.members(cid), now)


def board(deps: Deps, caller: Caller) -> Board:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return board_of(uow.repo, crisis, deps.clock.now())


def complete_task(deps: Deps, caller: Caller, number: int, note: str | None) -> Task:
    """Mark task ``number`` done: whoever holds its role, or a pilote."""
    note = check_length(" ".join(note.split()), "note") if note else None
    deps.guard.check([("note", note)])
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        task = next((t for t in uow.repo.tasks(crisis_id(crisis)) if t.number == number), None)
        if task is None:
            raise NotFound("unknown_task", number=number)
        if task.state is TaskState.FAITE:
            raise Conflict("task_done", number=number)
        role = role_of(uow.repo, crisis, caller.user)
        if role not in (task.role, Role.PILOTE):
            raise Forbidden("task_role", number=number, role=task.role.value)
        before = _snapshot(task)
        task.state, task.done_by, task.done_at = TaskState.FAITE, caller.user, deps.clock.now()
        task.note = note
        uow.repo.save_task(task)
        subject = f"tâche n° {number}"
        after = _snapshot(task)
        log(uow.repo, crisis, deps, caller.user, EventKind.TACHE_FAITE, subject, before, after)
        uow.commit()
        return task


def _snapshot(task: Task) -> dict[str, Any]:
    found: dict[str, Any] = {"tache": task.code, "role_tache": task.role.value}
    found |= {"texte": task.text, "avancement": task.state.value}
    if task.note:
        found["note"] = task.note
    return found


def entries_of(repo: Repository, crisis: Crisis) -> list[DirectoryEntry]:
    return directory(list(directory_defaults()), repo.contacts(crisis_id(crisis)))


def entries(deps: Deps, caller: Caller) -> list[DirectoryEntry]:
    with deps.read() as uow:
        return entries_of(uow.repo, open_crisis_of(uow.repo, caller.channel))


def set_contact(deps: Deps, caller: Caller, code: str, value: str) -> DirectoryEntry:
    """Set a directory entry: any role of the cell; an institution's number or address only
    (the guard refuses a person's mobile or private address)."""
    value = check_length(" ".join(value.split()), "annuaire")
    defaults = {d.code: d for d in directory_defaults()}
    default = defaults.get(fold(code).replace("-", "_"))
    if default is None:
        raise InvalidValue("unknown_contact", codes=list(defaults))
    if not value:
        raise InvalidValue("empty_contact", entry=default.code)
    deps.guard.check([("annuaire", f"annuaire {default.code} : {value}")])
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        if role_of(uow.repo, crisis, caller.user) is Role.MEMBRE:
            raise Forbidden("contact_role")
        previous = {c.code: c for c in uow.repo.contacts(crisis_id(crisis))}.get(default.code)
        now = deps.clock.now()
        uow.repo.save_contact(Contact(crisis_id(crisis), default.code, value, caller.user, now))
        before = {"contact": previous.value} if previous else None
        after = {"code": default.code, "libelle": default.label, "contact": value}
        kind = EventKind.ANNUAIRE_MODIFIE
        log(uow.repo, crisis, deps, caller.user, kind, default.code, before, after)
        uow.commit()
        return DirectoryEntry(default.code, default.label, value, "établissement", caller.user, now)
