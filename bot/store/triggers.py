"""Triggers and rules on the database: the migrations create none, so any found was added
behind the bot, and could rewrite a row after the bot wrote it and before the ledger reads
it back at commit."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

CREATED_BY_MIGRATIONS: frozenset[str] = frozenset()


def foreign_triggers(conn: Connection) -> list[str]:
    """Each trigger or rule the migrations did not create, as « name (table) »."""
    if conn.dialect.name == "sqlite":
        query = "select name, tbl_name from sqlite_master where type = 'trigger' order by name"
    elif conn.dialect.name == "postgresql":
        query = (
            "select t.tgname, c.relname from pg_trigger t"
            " join pg_class c on c.oid = t.tgrelid"
            " join pg_namespace n on n.oid = c.relnamespace"
            " where not t.tgisinternal and n.nspname = current_schema()"
            " union all"
            " select rulename, tablename from pg_rules where schemaname = current_schema()"
            " order by 1"
        )
    else:
        return []
    found = conn.execute(sa.text(query)).all()
    return [f"{name} ({table})" for name, table in found if name not in CREATED_BY_MIGRATIONS]
