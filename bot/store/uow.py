"""Engine creation and the SQL unit of work: one transaction per command."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.domain.errors import Conflict
from bot.domain.ledger import WRITE
from bot.domain.ports import UnitOfWork
from bot.domain.requests import current_request
from bot.domain.witness import Mark, MarkKind, ledger_mark
from bot.store import ledger as ledger_rows
from bot.store import tables
from bot.store.ledger import Capture
from bot.store.repository import SqlRepository
from bot.store.witness import WitnessFile

READONLY = "crisisbot_readonly"


def make_engine(url: str) -> Engine:
    """An engine for ``url``. SQLite runs in WAL mode with full sync, and every
    transaction starts with ``BEGIN IMMEDIATE`` so that writers queue instead of failing."""
    if not url.startswith("sqlite"):
        connect = {"connect_timeout": 10} if url.startswith("postgresql") else {}
        return sa.create_engine(url, pool_pre_ping=True, connect_args=connect)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if ":memory:" not in url and url not in ("sqlite://", "sqlite+pysqlite://"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _latest(marks: list[Mark]) -> list[Mark]:
    """The marks of a transaction, with only the last head of each crisis."""
    last_head = {m.crisis: i for i, m in enumerate(marks) if m.kind is MarkKind.HEAD}
    return [
        m for i, m in enumerate(marks) if m.kind is not MarkKind.HEAD or last_head[m.crisis] == i
    ]


class SqlUnitOfWork(UnitOfWork):
    """One transaction. ``readonly`` ones start with a plain BEGIN on SQLite (WAL readers
    run beside the writer) and must not write."""

    repo: SqlRepository

    def __init__(
        self,
        engine: Engine,
        readonly: bool = False,
        witness: WitnessFile | None = None,
        key: bytes | None = None,
    ) -> None:
        self.engine = engine
        self.readonly = readonly
        self.witness = witness
        self.key = key
        self.capture: Capture | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self.conn = self.engine.connect().execution_options(**{READONLY: self.readonly})
        self.tx = self.conn.begin()
        self.repo = SqlRepository(self.conn)
        if self.key is not None and not self.readonly:
            self.capture = Capture(self.conn)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            if self.tx.is_active:
                self.tx.rollback()
        finally:
            if self.capture is not None:
                self.capture.close()
            self.conn.close()

    def commit(self) -> None:
        request = current_request.get()
        if request is not None and not request.recorded:
            try:
                with self.conn.begin_nested():
                    self.conn.execute(
                        sa.insert(tables.requests).values(key=request.key, at=datetime.now(UTC))
                    )
            except sa.exc.IntegrityError as exc:
                self.tx.rollback()
                raise Conflict("duplicate_request") from exc
            request.recorded = True
        if self.capture is not None and self.key is not None and self.capture.touched:
            rows = ledger_rows.written(self.conn, self.key, self.capture.touched)
            entry = ledger_rows.append(self.conn, self.key, WRITE, rows, datetime.now(UTC))
            self.repo.marks.append(ledger_mark(entry.seq, entry.hash))
            self.capture.touched.clear()
        self.tx.commit()
        if self.witness is not None:
            self.witness.append(_latest(self.repo.marks))
        self.repo.marks.clear()

    def rollback(self) -> None:
        if self.tx.is_active:
            self.tx.rollback()
