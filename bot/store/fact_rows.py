"""The facts of a crisis read from their rows: as plain tuples, their enums looked up in a
dict, for a digest reads every fact of a crisis (10,000 in a large one)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType
from bot.store import tables as t

_KINDS = {kind.value: kind for kind in ValueType}
_STATUSES = {status.value: status for status in FactStatus}


def read_facts(conn: Connection, crisis_id: int) -> list[Fact]:
    rows = conn.execute(sa.select(t.facts).where(t.facts.c.crisis_id == crisis_id))
    names = list(rows.keys())
    kind, status = names.index("kind"), names.index("status")
    facts = []
    for row in rows:
        values = list(row)
        values[kind], values[status] = _KINDS[values[kind]], _STATUSES[values[status]]
        facts.append(Fact(**dict(zip(names, values, strict=True))))
    return facts
