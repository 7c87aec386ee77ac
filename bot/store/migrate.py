"""Alembic, driven from code: ``upgrade`` at start and by ``crisisbot db upgrade``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from bot.startup import StartupError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*"([^"]*)"', re.MULTILINE)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision``; a revision crisisbot does not know, or a migration that
    finds its tables already made (a revision set back by hand), is said in one sentence."""
    from alembic import command
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    unknown = "database_revision_unknown"
    if revision == "head" and current_revision(engine) == known_head():
        return  # at the head already: Alembic is not even loaded
    try:
        command.upgrade(alembic_config(engine), revision)
    except (CommandError, RevisionError) as error:
        raise StartupError(unknown, revision=current_revision(engine)) from error
    except (sa_exc.OperationalError, sa_exc.ProgrammingError) as error:
        if "already exists" not in str(error.orig):
            raise
        raise StartupError(unknown, revision=current_revision(engine)) from error


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision_of(conn)


def revision_of(conn: Connection) -> str | None:
    """The database's Alembic revision (None before the first migration), read as Alembic
    keeps it, without loading Alembic."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    found = list(conn.execute(sa.text("select version_num from alembic_version")).scalars())
    return str(found[0]) if len(found) == 1 else None


def known_head() -> str | None:
    """The revision of the migrations that no other follows (None unless exactly one)."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((name, value) for name, value in _REVISION.findall(script.read_text("utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
