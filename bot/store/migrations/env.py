"""Alembic environment: the engine comes from ``bot.store.migrate``.

On SQLite, foreign keys are off while migrating: rebuilding a table (drop, then rename the
copy) must not cascade the drop to the rows that refer to it."""

from __future__ import annotations

from alembic import context

from bot.store.tables import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
