"""Alembic, driven from code: ``upgrade`` at start and by ``crisisbot db upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

from bot.startup import StartupError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision``; a revision crisisbot does not know, or a migration that
    finds its tables already made (a revision set back by hand), is said in one sentence."""
    unknown = "database_revision_unknown"
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
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
