"""The repository's directory: people and their names, language preferences, and the
conversation references a platform needs to post proactively."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.domain.people import Person, Platform
from bot.domain.ports import PeopleStore, PreferenceStore, ReferenceStore
from bot.domain.values import fold
from bot.store import tables as t


class SqlDirectory(ReferenceStore, PeopleStore, PreferenceStore):
    conn: Connection

    def _upsert(self, table: sa.Table, keys: dict[str, Any], values: dict[str, Any]) -> None:
        where = sa.and_(*(table.c[name] == value for name, value in keys.items()))
        if self.conn.execute(sa.update(table).where(where).values(**values)).rowcount == 0:
            self.conn.execute(sa.insert(table).values(**keys, **values))

    def save_reference(self, key: str, reference: dict[str, Any], now: datetime) -> None:
        self._upsert(t.conversations, {"key": key}, {"reference": reference, "updated_at": now})

    def reference(self, key: str) -> dict[str, Any] | None:
        query = sa.select(t.conversations.c.reference).where(t.conversations.c.key == key)
        value: dict[str, Any] | None = self.conn.execute(query).scalar_one_or_none()
        return value

    def save_person(self, person: Person) -> None:
        folded = fold(person.name)
        self._upsert(
            t.people,
            {"id": person.id},
            {"platform": person.platform.value, "name": person.name, "folded": folded},
        )

    def person_named(self, platform: Platform, name: str) -> Person | None:
        query = sa.select(t.people).where(
            t.people.c.platform == platform.value, t.people.c.folded == fold(" ".join(name.split()))
        )
        rows = self.conn.execute(query.limit(2)).mappings().all()
        if len(rows) != 1:
            return None
        return Person(Platform(rows[0]["platform"]), rows[0]["id"], rows[0]["name"])

    def names(self) -> dict[str, str]:
        rows = self.conn.execute(sa.select(t.people.c.id, t.people.c.name)).all()
        return {row.id: row.name for row in rows}

    def preference(self, user: str) -> str | None:
        query = sa.select(t.preferences.c.language).where(t.preferences.c.user == user)
        value: str | None = self.conn.execute(query).scalar_one_or_none()
        return value

    def set_preference(self, user: str, language: str) -> None:
        self._upsert(t.preferences, {"user": user}, {"language": language})
