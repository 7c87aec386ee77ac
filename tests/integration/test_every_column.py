"""Every table and every column, as the database itself lists them, changed behind the
bot's back on a database filled through the bot's commands: ``audit verify`` fails and
names each one. A table or a column added later is in this test without being listed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from bot.bootstrap import Application, bootstrap
from bot.cli import app as cli
from bot.clock import FixedClock
from bot.config import Settings
from bot.messages import Reply
from bot.services import audit, retention
from tests.delivered import deliver_everything

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

COMMANDS = [
    ("C2", "alice", "ouvrir Exercice de la semaine passée"),
    ("C2", "alice", "fait fuite.averee = non"),
    ("C2", "alice", "clore revendication écartée"),
    ("C1", "alice", "ouvrir Revendication"),
    ("C1", "alice", "role @bob dpo"),
    ("C1", "alice", "role @dan direction"),
    ("C1", "alice", "tache 1 faite rôles donnés"),
    ("C1", "alice", "annuaire ars 03 81 47 82 30"),
    ("C1", "alice", "fait fuite.averee = non"),
    ("C1", "alice", "fait etablissement.nom = la Clinique des Mésanges"),
    ("C1", "bob", "verifier etablissement.nom"),
    ("C1", "alice", "question Sauvegardes intactes ? @bob"),
    ("C1", "bob", "repondre 1 intactes"),
    ("C1", "bob", "decision Attendre le rapport motif: prudence faits: fuite.averee"),
    ("C1", "bob", "connaissance 12/01/2026 08:15 motif: courriel"),
    ("C1", "bob", "depot cnil le 12/01/2026 ref: 2026-1 note: accusé"),
    ("C1", "alice", "presse L'Est / J. Martin / Combien ? avant: 17h"),
    ("C1", "alice", "rediger attente"),
    ("C1", "alice", "modifier 1\nLa Clinique des Mésanges vérifie ces affirmations."),
    ("C1", "dan", "approuver 1"),
    ("C1", "alice", "presse repondue 1 1"),
    ("C1", "alice", "publier 1"),
    ("C1", "alice", "diffuser 1 presse"),
    ("C1", "alice", "point toutes les 2h"),
    ("C1", "bob", "langue en"),
]


def populated(url: str, tmp_path: Path, clock: FixedClock) -> Application:
    """A database where every table holds rows, all written by the bot."""
    settings = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=url, CRISISBOT_DATA_DIR=str(tmp_path), _env_file=None
    )  # type: ignore[call-arg]
    app = bootstrap(settings, clock=clock)
    for number, (channel, user, line) in enumerate(COMMANDS):
        if line.startswith("modifier 1\n"):  # the drafted text kept, a sentence added
            text = app.answer(user, channel, "voir 1").text.split("———")[1].strip()
            line = f"modifier 1\n{text}\n\n{line.partition(chr(10))[2]}"
        answer = app.answer(user, channel, line, request=f"trigger-{number}")
        assert not answer.error, (line, answer.text)
    with app.deps.uow() as uow:
        reference = {"conversation": {"id": "19:abc@thread.tacv2"}, "serviceUrl": "https://x"}
        uow.repo.save_reference("teams:C1", reference, clock.now())
        uow.commit()
    later = clock.now() + timedelta(days=1)
    deliver_everything(app)
    assert retention.purge(app.deps, retention.purgeable(app.deps, later), "admin").kept
    assert audit.verify(app.deps).ok
    return app


def columns(app: Application) -> Iterator[tuple[sa.Table, str]]:
    """Every column of every table, as the database itself describes them."""
    assert app.engine is not None
    schema = sa.inspect(app.engine)
    for name in sorted(schema.get_table_names()):
        if name == "alembic_version":
            continue
        table = sa.Table(name, sa.MetaData(), autoload_with=app.engine)
        for column in table.columns:
            yield table, column.name


def other(value: Any, column: sa.Column[Any]) -> Any:
    """Another value of the column's type, as someone editing the database would write it."""
    if isinstance(column.type, sa.JSON):
        return [value, "x"]
    if isinstance(column.type, sa.Boolean) or isinstance(value, bool):
        return not value
    if isinstance(column.type, sa.Integer):
        return (value or 0) + 1000
    if isinstance(column.type, sa.DateTime):
        return datetime(2001, 2, 3, 4, 5, 6)
    if isinstance(column.type, sa.Date):
        return date(2001, 2, 3)
    if not value:
        return "x"
    return value[:-1] + ("x" if value[-1] != "x" else "y")  # as long: within VARCHAR(n)


@contextmanager
def behind_the_bot(app: Application) -> Iterator[sa.Connection]:
    """A connection of someone holding the database, its constraints not enforced."""
    engine = sa.create_engine(app.settings.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("set local session_replication_role = replica"))
            yield conn
    finally:
        engine.dispose()


def _where(table: sa.Table, row: Any) -> Any:
    return sa.and_(*(c == row[c.name] for c in table.primary_key.columns))


@contextmanager
def changed(app: Application, table: sa.Table, name: str) -> Iterator[None]:
    """Column ``name`` of one row of ``table`` changed, and put back afterwards."""
    column = table.c[name]
    with behind_the_bot(app) as conn:
        row = conn.execute(sa.select(table).order_by(column.is_(None)).limit(1)).mappings().one()
        value = other(row[name], column)
        conn.execute(sa.update(table).where(_where(table, row)).values({name: value}))
    yield
    moved = {**row, name: value}
    with behind_the_bot(app) as conn:
        conn.execute(sa.update(table).where(_where(table, moved)).values({name: row[name]}))


@contextmanager
def deleted(app: Application, table: sa.Table) -> Iterator[None]:
    with behind_the_bot(app) as conn:
        row = conn.execute(sa.select(table).limit(1)).mappings().one()
        conn.execute(sa.delete(table).where(_where(table, row)))
    yield
    with behind_the_bot(app) as conn:
        conn.execute(sa.insert(table).values(**row))


def report(app: Application) -> tuple[bool, str]:
    result = audit.verify(app.deps)
    return result.ok, app.messages.render(Reply("audit", {"v": result, "witness": "w"}), "fr")


def named(text: str, table: str, column: str | None) -> bool:
    if table == "ledger":
        return "journal des lignes est rompu" in text or "journal des lignes :" in text
    if column is not None and f"{table}.{column} (" in text:
        return True
    return f"{table} : ligne (" in text or f"{table} : une ligne" in text


def every_column(app: Application) -> tuple[list[str], int]:
    missed, total = [], 0
    for table, column in list(columns(app)):
        total += 1
        with changed(app, table, column):
            ok, text = report(app)
        if ok or not named(text, table.name, column):
            missed.append(f"{table.name}.{column}")
    assert report(app)[0]
    return missed, total


def every_table(app: Application) -> list[str]:
    missed = []
    for table in {t.name: t for t, _ in columns(app)}.values():
        with deleted(app, table):
            ok, text = report(app)
        if ok or not named(text, table.name, None):
            missed.append(table.name)
    assert report(app)[0]
    return missed


def test_every_column_of_every_table_changed_in_the_database_is_named(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    app = populated(f"sqlite:///{tmp_path}/t.db", tmp_path, clock)
    missed, total = every_column(app)
    with capsys.disabled():
        print(f"\ncolumns changed and named by audit verify: {total - len(missed)} / {total}")
    assert missed == [] and total > 150


def test_a_row_deleted_from_any_table_is_named(tmp_path: Path, clock: FixedClock) -> None:
    app = populated(f"sqlite:///{tmp_path}/t.db", tmp_path, clock)
    assert every_table(app) == []


@pytest.mark.postgres
def test_on_postgresql_every_column_and_every_table_is_named(
    postgres_url: str, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    app = populated(postgres_url, tmp_path, clock)
    missed, total = every_column(app)
    with capsys.disabled():
        print(f"\nPostgreSQL: columns changed and named: {total - len(missed)} / {total}")
    assert missed == [] and total > 150
    assert every_table(app) == []


def test_audit_verify_exits_1_naming_a_name_changed_in_the_directory(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = populated(f"sqlite:///{tmp_path}/t.db", tmp_path, clock)
    people = next(table for table, _ in columns(app) if table.name == "people")
    with changed(app, people, "name"):
        env = {"DATABASE_URL": app.settings.database_url, "CRISISBOT_ADMINS": "*"}
        result = CliRunner().invoke(cli, ["audit", "verify"], env=env)
    assert result.exit_code == 1
    assert "people.name (id=" in result.output


class Recorder:
    platform = "console"

    def __init__(self) -> None:
        self.sent: list[str] = []

    def accepts(self, item: object) -> bool:
        return True

    async def already_sent(self, item: object) -> bool:
        return False

    async def send(self, item: object, text: str) -> None:
        self.sent.append(text)


def test_a_change_made_behind_the_bot_stays_named_after_the_bot_writes_the_row_again(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = populated(f"sqlite:///{tmp_path}/t.db", tmp_path, clock)
    assert not app.answer("alice", "C3", "ouvrir Panne").error
    assert not app.answer("alice", "C3", "fait fuite.averee = non").error
    tables = {table.name: table for table, _ in columns(app)}
    with behind_the_bot(app) as conn:
        conn.execute(
            sa.update(tables["crises"]).where(sa.text("channel = 'C3'")).values(exercise=True)
        )
        pending = sa.update(tables["outbox"]).where(sa.text("status = 'pending'"))
        conn.execute(pending.values(payload={"seq": 2, "kind": "fait.enregistre", "subject": "x"}))
    assert not app.answer("alice", "C3", "clore panne réparée").error
    while asyncio.run(app.deliverer.deliver_due(Recorder())):  # type: ignore[arg-type]
        pass
    ok, text = report(app)
    assert not ok
    assert "crises.exercise (id=" in text and "outbox.payload (id=" in text
    assert "puis écrit de nouveau par le bot" in text
