"""The ledger of rows on SQLAlchemy: which rows a transaction writes, their images at
commit, the adoption of every row, and the stored state that ``audit verify`` compares.

Rows are caught at the statement, not in each repository method: an INSERT gives its
primary key, an UPDATE or DELETE first selects the keys its WHERE clause reaches. A write
added later, to any table, is in the ledger without being told."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql import Delete, Insert, Update

from bot.domain import ledger
from bot.domain.ledger import Entry, Image
from bot.store import tables as t

Key = tuple[str, tuple[Any, ...]]


def ledgered() -> list[sa.Table]:
    """Every table of the schema but those listed, with their reason, in ``UNLEDGERED``."""
    return [table for table in t.metadata.sorted_tables if table.name not in t.UNLEDGERED]


def _primary(table: sa.Table) -> list[sa.Column[Any]]:
    return list(table.primary_key.columns)


class Capture:
    """The rows written on one connection, by table and primary key, in order, each with
    its values before the transaction first wrote it (None for a row it inserted)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.touched: dict[Key, dict[str, Any] | None] = {}
        self.names = {table.name for table in ledgered()}
        sa.event.listen(conn, "before_execute", self._before)
        sa.event.listen(conn, "after_execute", self._after)

    def close(self) -> None:
        sa.event.remove(self.conn, "before_execute", self._before)
        sa.event.remove(self.conn, "after_execute", self._after)

    def _table(self, statement: object) -> sa.Table | None:
        if isinstance(statement, Insert | Update | Delete):
            table = statement.table
            if isinstance(table, sa.Table) and table.name in self.names:
                return table
        return None

    def _before(self, conn: Connection, statement: object, *_: Any) -> None:
        table = self._table(statement)
        if table is None or isinstance(statement, Insert):
            return
        assert isinstance(statement, Update | Delete)
        query = sa.select(table)
        if statement.whereclause is not None:
            query = query.where(statement.whereclause)
        # Locked as the write would lock them: what another transaction changes first is
        # read once it has committed, never from before it.
        for row in conn.execute(query.with_for_update()).mappings():
            key = (table.name, tuple(row[c.name] for c in _primary(table)))
            self.touched.setdefault(key, dict(row))

    def _after(self, conn: Connection, statement: object, *args: Any) -> None:
        table = self._table(statement)
        if table is None or not isinstance(statement, Insert):
            return
        result: CursorResult[Any] = args[-1]
        for key in result.inserted_primary_key_rows:
            if key is not None:
                self.touched.setdefault((table.name, tuple(key)), None)


def _label(table: sa.Table, row: Any) -> str:
    return ", ".join(f"{c.name}={row[c.name]}" for c in _primary(table))


def _images(conn: Connection, key: bytes, table: sa.Table, where: Any = None) -> list[Any]:
    query = sa.select(table)
    if where is not None:
        query = query.where(where)
    rows = []
    for row in conn.execute(query).mappings():
        primary = {c.name: row[c.name] for c in _primary(table)}
        rid = ledger.row_id(key, table.name, primary)
        rows.append((rid, _label(table, row), ledger.image(key, table.name, rid, dict(row))))
    return rows


def written(
    conn: Connection, key: bytes, touched: dict[Key, dict[str, Any] | None]
) -> list[list[Any]]:
    """The images of the rows written, as they are now (None for a row deleted), and of
    the rows changed as they were before: the bot writing back a value changed behind its
    back does not make it its own."""
    tables = {table.name: table for table in ledgered()}
    result: list[list[Any]] = []
    for (name, values), before in touched.items():
        table = tables[name]
        primary = dict(zip((c.name for c in _primary(table)), values, strict=True))
        where = sa.and_(*(table.c[n] == v for n, v in primary.items()))
        found = _images(conn, key, table, where)
        rid = ledger.row_id(key, name, primary)
        entry = [name, rid, found[0][2] if found else None]
        if before is not None:
            entry.append(ledger.image(key, name, rid, before))
        result.append(entry)
    return result


def everything(conn: Connection, key: bytes) -> list[list[Any]]:
    rows = []
    for table in ledgered():
        rows += [[table.name, rid, seen] for rid, _, seen in _images(conn, key, table)]
    return rows


def stored(conn: Connection, key: bytes) -> dict[str, dict[str, tuple[str, Image]]]:
    """Every ledgered table as stored now: by row id, its label and its image."""
    return {
        table.name: {rid: (label, seen) for rid, label, seen in _images(conn, key, table)}
        for table in ledgered()
    }


def _entry(row: Any) -> Entry:
    return Entry(
        row["seq"], row["at"], row["kind"], row["rows"], row["note"], row["prev_hash"], row["hash"]
    )


def entries(conn: Connection) -> list[Entry]:
    query = sa.select(t.ledger).order_by(t.ledger.c.seq)
    return [_entry(r) for r in conn.execute(query).mappings()]


def _lock(conn: Connection) -> None:
    """Writers append one after another (SQLite's BEGIN IMMEDIATE already queues them)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(0x1ED6E5)))


def append(
    conn: Connection,
    key: bytes,
    kind: str,
    rows: list[list[Any]],
    now: datetime,
    note: dict[str, Any] | None = None,
) -> Entry:
    """Seal an entry after the ledger's last one and store it, in the caller's transaction."""
    _lock(conn)
    query = sa.select(t.ledger).order_by(t.ledger.c.seq.desc()).limit(1)
    last = conn.execute(query).mappings().first()
    entry = ledger.seal(Entry(0, now, kind, rows, note or {}), _entry(last) if last else None, key)
    conn.execute(
        sa.insert(t.ledger).values(
            seq=entry.seq, at=entry.at, kind=entry.kind, rows=entry.rows, note=entry.note,
            prev_hash=entry.prev_hash, hash=entry.hash,
        )
    )  # fmt: skip
    return entry
