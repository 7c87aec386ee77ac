"""Rows of the cell's kit: the tasks of the fiches réflexes, the directory entries set."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.domain.kit import Contact, Task, TaskState
from bot.domain.roles import Role
from bot.store import tables as t


class SqlKit:
    conn: Connection

    def tasks(self, crisis_id: int) -> list[Task]:
        query = (
            sa.select(t.tasks).where(t.tasks.c.crisis_id == crisis_id).order_by(t.tasks.c.number)
        )
        return [
            Task(**(dict(row) | {"role": Role(row["role"]), "state": TaskState(row["state"])}))
            for row in self.conn.execute(query).mappings()
        ]

    def save_task(self, task: Task) -> None:
        values: dict[str, Any] = vars(task) | {"role": task.role.value, "state": task.state.value}
        where = sa.and_(t.tasks.c.crisis_id == task.crisis_id, t.tasks.c.number == task.number)
        if self.conn.execute(sa.update(t.tasks).where(where).values(**values)).rowcount == 0:
            self.conn.execute(sa.insert(t.tasks).values(**values))

    def contacts(self, crisis_id: int) -> list[Contact]:
        query = sa.select(t.contacts).where(t.contacts.c.crisis_id == crisis_id)
        return [Contact(**dict(row)) for row in self.conn.execute(query).mappings()]

    def save_contact(self, contact: Contact) -> None:
        values = vars(contact)
        where = sa.and_(
            t.contacts.c.crisis_id == contact.crisis_id, t.contacts.c.code == contact.code
        )
        if self.conn.execute(sa.update(t.contacts).where(where).values(**values)).rowcount == 0:
            self.conn.execute(sa.insert(t.contacts).values(**values))
