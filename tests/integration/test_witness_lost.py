"""A witness lost or emptied stays an error until an administrator seals it again, with a
command the ledger records; the journal's unkeyed form is trusted only up to the point
recorded when the ledger began."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from bot.bootstrap import Application, bootstrap
from bot.cli import app as cli
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain import journal
from bot.services import audit
from bot.startup import StartupError
from bot.store import sealing
from bot.store.witness import WitnessFile
from tests.integration.test_journal_proof import legacy_database
from tests.integration.test_trust import cycle


def witness(app: Application) -> Path:
    return Path(app.settings.data_dir) / "journal-witness.log"


def test_a_deleted_witness_is_not_made_again_by_the_next_commands(sql_app: Application) -> None:
    cycle(sql_app)
    witness(sql_app).unlink()
    assert not sql_app.answer("alice", "C1", "fait etablissement.ville = Belfort").error
    clock = FixedClock(sql_app.deps.clock.now())
    with pytest.raises(StartupError, match="witness_missing"):
        bootstrap(sql_app.settings, clock=clock)
    again = bootstrap(sql_app.settings, clock=clock, missing_witness="report")
    assert not witness(sql_app).exists()
    assert audit.verify(again.deps).witness_missing


def test_an_emptied_witness_is_an_error_even_after_new_heads(sql_app: Application) -> None:
    cycle(sql_app)
    witness(sql_app).write_text("")
    assert not sql_app.answer("alice", "C1", "fait etablissement.ville = Belfort").error
    result = audit.verify(sql_app.deps)
    assert result.witness_missing and not result.ok


def test_an_administrator_seals_the_witness_again_and_the_ledger_records_who(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    witness(sql_app).unlink()
    env = {"DATABASE_URL": sql_app.settings.database_url, "CRISISBOT_ADMINS": "*"}
    refused = CliRunner().invoke(
        cli, ["audit", "resceller", "--par", "Dr Martin"], env=env, input="n\n"
    )
    assert refused.exit_code == 1 and not witness(sql_app).exists()
    done = CliRunner().invoke(cli, ["audit", "resceller", "--par", "Dr Martin", "--yes"], env=env)
    assert done.exit_code == 0, done.output
    assert audit.verify(sql_app.deps).ok
    assert sql_app.engine is not None
    with sql_app.engine.connect() as conn:
        kind, note = conn.execute(
            sa.text("select kind, note from ledger order by seq desc limit 1")
        ).one()
    assert kind == "rescellement" and '"Dr Martin"' in note
    assert CliRunner().invoke(cli, ["audit", "verify"], env=env).exit_code == 0


def test_a_journal_rewritten_in_the_unkeyed_form_with_the_witness_deleted_is_named(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = legacy_database(tmp_path)
    settings = Settings(CRISISBOT_ADMINS="*", DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
    app = bootstrap(settings, clock=clock)
    assert not app.answer("alice", "C1", "fait fuite.averee = non").error
    assert audit.verify(app.deps).ok
    witness(app).unlink()
    assert app.engine is not None
    with app.deps.uow() as uow:
        events = uow.repo.events(1)
    previous = journal.GENESIS
    with app.engine.begin() as conn:
        for event in events:
            if event.kind == "fait.enregistre":
                event.after = {**(event.after or {}), "valeur": "oui"}
            event.scheme, event.prev_hash = journal.PLAIN, previous
            event.hash = hashlib.sha256(journal.canonical(event)).hexdigest()
            conn.execute(
                sa.text("update events set hash = :h, prev_hash = :p, scheme = 1, after = :a "
                        "where seq = :q"),
                {"h": event.hash, "p": previous, "q": event.seq,
                 "a": json.dumps(event.after)},
            )  # fmt: skip
            previous = event.hash
        conn.execute(sa.text("update facts set value = 'oui'"))
    again = bootstrap(settings, clock=clock)
    result = audit.verify(again.deps)
    assert not result.ok and result.witness_missing
    [crisis] = result.audits
    assert crisis.broken is not None and crisis.broken.seq == 3
    assert {(r.table, r.column) for r in result.rows} >= {
        ("events", "hash"), ("events", "scheme"), ("facts", "value"),
    }  # fmt: skip


def test_an_emptied_ledger_is_not_adopted_again_at_the_next_start(sql_app: Application) -> None:
    cycle(sql_app)
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(sa.text("update facts set value = 'oui' where key = 'fuite.averee'"))
        conn.execute(sa.text("delete from ledger"))
    witness(sql_app).unlink()
    clock = FixedClock(sql_app.deps.clock.now())
    with pytest.raises(StartupError, match="ledger_missing"):
        bootstrap(sql_app.settings, clock=clock, missing_witness="report")
    with sql_app.engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from ledger")).scalar() == 0
    assert not witness(sql_app).exists()


def test_db_upgrade_takes_every_row_into_the_ledger_and_begins_the_witness(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = legacy_database(tmp_path)
    upgraded = CliRunner().invoke(cli, ["db", "upgrade"], env={"DATABASE_URL": url})
    assert upgraded.exit_code == 0, upgraded.output
    settings = Settings(CRISISBOT_ADMINS="*", DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
    app = bootstrap(settings, clock=clock)
    assert audit.verify(app.deps).ok
    assert app.engine is not None
    with app.engine.connect() as conn:
        kinds = conn.execute(sa.text("select kind from ledger order by seq")).scalars().all()
    assert kinds == ["adoption"]
    assert witness(app).exists()


def test_a_ledger_dropped_with_the_witness_is_not_taken_again_by_its_migration(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(sa.text("drop table ledger"))
        for column in ("rejected_at", "claimed_by"):  # added after 0013_audit
            conn.execute(sa.text(f"alter table outbox drop column {column}"))
        for table in ("tasks", "contacts"):  # made after 0014_rejections
            conn.execute(sa.text(f"drop table {table}"))
        conn.execute(sa.text("update alembic_version set version_num = '0012_provenance'"))
    witness(sql_app).unlink()
    clock = FixedClock(sql_app.deps.clock.now())
    with pytest.raises(StartupError, match="ledger_missing"):
        bootstrap(sql_app.settings, clock=clock, missing_witness="report")
    assert not witness(sql_app).exists()
    env = {"DATABASE_URL": sql_app.settings.database_url, "CRISISBOT_ADMINS": "*"}
    sealed = CliRunner().invoke(cli, ["audit", "resceller", "--par", "Dr Martin", "-y"], env=env)
    assert sealed.exit_code == 0, sealed.output
    again = bootstrap(sql_app.settings, clock=clock, missing_witness="report")
    assert audit.verify(again.deps).ok


def test_a_change_made_before_a_migration_is_still_named_after_it(sql_app: Application) -> None:
    cycle(sql_app)
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(sa.text("update people set name = 'Mallory' where id = 'bob'"))
    key, data = sql_app.deps.journal_key, sql_app.settings.data_dir
    now = sql_app.deps.clock.now()
    sealing.start(sql_app.engine, key, WitnessFile.in_folder(data), "0011_posted_pages", now)
    result = audit.verify(sql_app.deps)
    assert [(r.table, r.column, r.row) for r in result.rows] == [("people", "name", "id=bob")]
    assert result.rows[0].entry is not None
