"""Every table and every column, as the database itself lists them, changed behind the
bot's back on a database filled through the bot's commands: ``audit verify`` fails and
names each one. A table or a column added later is in this test without being listed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
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

COMMANDS = [
    ("C2", "alice", "ouvrir Exercice de la semaine passée"),
    ("C2", "alice", "fait fuite.averee = non"),
    ("C2", "alice", "clore revendication écartée"),
    ("C1", "alice", "ouvrir Revendication"),
    ("C1", "alice", "role @bob dpo"),
    ("C1", "alice", "role @dan direction"),
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


def populated(tmp_path: Path, clock: FixedClock) -> Application:
    """A database where every table holds rows, all written by the bot."""
    settings = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{tmp_path}/t.db", _env_file=None
    )  # type: ignore[call-arg]
    app = bootstrap(settings, clock=clock)
    for number, (channel, user, line) in enumerate(COMMANDS):
        answer = app.answer(user, channel, line, request=f"trigger-{number}")
        assert not answer.error, (line, answer.text)
    with app.deps.uow() as uow:
        reference = {"conversation": {"id": "19:abc@thread.tacv2"}, "serviceUrl": "https://x"}
        uow.repo.save_reference("teams:C1", reference, clock.now())
        uow.commit()
    later = clock.now() + timedelta(days=1)
    retention.purge(app.deps, retention.purgeable(app.deps, later), "admin")
    assert audit.verify(app.deps).ok
    return app


def database(app: Application) -> Path:
    return Path(str(app.settings.database_url).removeprefix("sqlite:///"))


def columns(app: Application) -> Iterator[tuple[str, str, str]]:
    """(table, column, type) of every table of the database, from the database itself."""
    assert app.engine is not None
    schema = sa.inspect(app.engine)
    for table in sorted(schema.get_table_names()):
        if table == "alembic_version":
            continue
        for column in schema.get_columns(table):
            yield table, column["name"], str(column["type"]).upper()


def other(value: Any, kind: str) -> Any:
    """Another value of the same kind, as someone editing the file would write it."""
    if "BOOL" in kind:
        return 0 if value else 1
    if "INT" in kind:
        return (value or 0) + 1000
    if "DATETIME" in kind:
        return "2001-02-03 04:05:06.000000"
    if "DATE" in kind:
        return "2001-02-03"
    if "JSON" in kind:
        loaded = json.loads(value) if value is not None else None
        if isinstance(loaded, list):
            return json.dumps([*loaded, "x"])
        if isinstance(loaded, dict):
            return json.dumps({**loaded, "x": "x"})
        return json.dumps("x")
    return (value or "") + "x"


@contextmanager
def changed(path: Path, table: str, column: str, kind: str) -> Iterator[None]:
    """``column`` of one row of ``table`` changed in the file, and put back afterwards."""
    conn = sqlite3.connect(path)
    try:
        query = f'select rowid, "{column}" from "{table}" order by "{column}" is null limit 1'
        rowid, value = conn.execute(query).fetchone()
        update = f'update "{table}" set "{column}" = ? where rowid = ?'
        mutated = other(value, kind)
        with conn:
            conn.execute(update, (mutated, rowid))
        yield
        if conn.execute(f'select 1 from "{table}" where rowid = ?', (rowid,)).fetchone() is None:
            rowid = mutated  # the column was the rowid itself
        with conn:
            conn.execute(update, (value, rowid))
    finally:
        conn.close()


@contextmanager
def deleted(path: Path, table: str) -> Iterator[None]:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(f'select rowid, * from "{table}" limit 1').fetchone()
        names = ["rowid", *(d[1] for d in conn.execute(f'pragma table_info("{table}")'))]
        with conn:
            conn.execute(f'delete from "{table}" where rowid = ?', (row[0],))
        yield
        marks = ", ".join("?" for _ in names)
        quoted = ", ".join(f'"{n}"' for n in names)
        with conn:
            conn.execute(f'insert into "{table}" ({quoted}) values ({marks})', row)
    finally:
        conn.close()


def report(app: Application) -> tuple[bool, str]:
    result = audit.verify(app.deps)
    return result.ok, app.messages.render(Reply("audit", {"v": result, "witness": "w"}), "fr")


def named(text: str, table: str, column: str | None) -> bool:
    if table == "ledger":
        return "journal des lignes est rompu" in text or "journal des lignes :" in text
    if column is not None and f"{table}.{column} (" in text:
        return True
    return f"{table} : ligne (" in text or f"{table} : une ligne" in text


def test_every_column_of_every_table_changed_in_the_database_is_named(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    app = populated(tmp_path, clock)
    path = database(app)
    missed, total = [], 0
    for table, column, kind in list(columns(app)):
        total += 1
        with changed(path, table, column, kind):
            ok, text = report(app)
        if ok or not named(text, table, column):
            missed.append(f"{table}.{column}")
    assert report(app)[0]
    with capsys.disabled():
        print(f"\ncolumns changed and named by audit verify: {total - len(missed)} / {total}")
    assert missed == []
    assert total > 150


def test_a_row_deleted_from_any_table_is_named(tmp_path: Path, clock: FixedClock) -> None:
    app = populated(tmp_path, clock)
    path = database(app)
    tables = sorted({table for table, _, _ in columns(app)})
    missed = []
    for table in tables:
        with deleted(path, table):
            ok, text = report(app)
        if ok or not named(text, table, None):
            missed.append(table)
    assert missed == [] and len(tables) >= 19


def test_audit_verify_exits_1_naming_a_name_changed_in_the_directory(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = populated(tmp_path, clock)
    with changed(database(app), "people", "name", "TEXT"):
        env = {"DATABASE_URL": app.settings.database_url, "CRISISBOT_ADMINS": "*"}
        result = CliRunner().invoke(cli, ["audit", "verify"], env=env)
    assert result.exit_code == 1
    assert "people.name (id=" in result.output
