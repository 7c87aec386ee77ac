"""The witness is signed line by line under the journal key; a ledger dropped or emptied is
never adopted again by a start; the witness must attest every entry of the ledger; a
trigger added to the database is refused at start and named by ``audit verify``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bot.bootstrap import Application, bootstrap
from bot.cli import app as cli
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.witness import Mark, MarkKind, read_lines, signed_line
from bot.messages import Reply
from bot.services import audit
from bot.startup import StartupError, explain
from bot.store.witness import WitnessFile
from tests.examples import examples
from tests.integration.test_trust import cycle

KEY = b"k" * 32
MARKS = [
    Mark(MarkKind.BEGUN, 0),
    Mark(MarkKind.LEDGER, 0, 1, "aa" * 8),
    Mark(MarkKind.OPENED, 1, channel="C1"),
    Mark(MarkKind.HEAD, 1, 1, "bb" * 8),
    Mark(MarkKind.LEDGER, 0, 2, "cc" * 8),
    Mark(MarkKind.HEAD, 1, 2, "dd" * 8),
    Mark(MarkKind.LEDGER, 0, 3, "ee" * 8),
]


def witness_lines(tmp_path: Path) -> list[bytes]:
    file = WitnessFile(tmp_path / "w.log", KEY)
    file.begin(MARKS[:2])
    for mark in MARKS[2:]:
        file.append([mark])
    return file.path.read_bytes().splitlines(keepends=True)


def test_a_signed_witness_reads_whole(tmp_path: Path) -> None:
    reading = read_lines(b"".join(witness_lines(tmp_path)), KEY)
    assert reading.broken is None and reading.marks == MARKS and reading.unsigned == 0


def _edited(line: bytes, field: str) -> bytes:
    data = json.loads(line)
    data[field] = (data[field] + 1) if isinstance(data[field], int) else "ff" * 8
    return (json.dumps(data, sort_keys=True) + "\n").encode()


def _forged(unsigned: bool) -> bytes:
    mark = Mark(MarkKind.ADOPTED, 1, 9, "99" * 8)
    if unsigned:
        return (mark.line() + "\n").encode()
    return (signed_line(b"another key", "", mark)[0] + "\n").encode()


@settings(max_examples=examples(150), deadline=None)
@given(
    operation=st.sampled_from(["remove", "edit_seq", "edit_digest", "swap", "forge", "unsigned"]),
    where=st.integers(0, len(MARKS) - 1),
    other=st.integers(0, len(MARKS) - 1),
)
def test_a_line_removed_edited_moved_or_forged_without_the_key_breaks_the_witness(
    tmp_path_factory: pytest.TempPathFactory, operation: str, where: int, other: int
) -> None:
    lines = witness_lines(tmp_path_factory.mktemp("w"))
    if operation == "remove":
        if where == len(lines) - 1:
            where -= 1  # the last line taken away is a witness behind the ledger, told apart
        del lines[where]
    elif operation.startswith("edit"):
        field = "seq" if operation == "edit_seq" else "digest"
        lines[where] = _edited(lines[where], field)
    elif operation == "swap":
        if lines[where] == lines[other]:
            other = (where + 1) % len(lines)
        lines[where], lines[other] = lines[other], lines[where]
    else:
        lines.insert(where, _forged(operation == "unsigned"))
    assert read_lines(b"".join(lines), KEY).broken is not None


def witness(app: Application) -> Path:
    return Path(app.settings.data_dir) / "journal-witness.log"


def rendered(app: Application, result: audit.Verification) -> str:
    return app.messages.render(Reply("audit", {"v": result, "witness": "témoin"}), "fr")


def test_a_ledger_dropped_with_the_revision_set_back_stops_start_and_verify(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(sa.text("update crises set title = 'Exercice sans gravité'"))
        conn.execute(sa.text("drop table ledger"))
        for column in ("rejected_at", "claimed_by"):  # added after 0013_audit
            conn.execute(sa.text(f"alter table outbox drop column {column}"))
        for table in ("tasks", "contacts"):  # made after 0014_rejections
            conn.execute(sa.text(f"drop table {table}"))
        conn.execute(sa.text("update alembic_version set version_num = '0012_provenance'"))
    clock = FixedClock(sql_app.deps.clock.now())
    with pytest.raises(StartupError, match="ledger_missing"):
        bootstrap(sql_app.settings, clock=clock)
    env = {"DATABASE_URL": sql_app.settings.database_url, "CRISISBOT_ADMINS": "*"}
    verified = CliRunner().invoke(cli, ["audit", "verify"], env=env)
    assert verified.exit_code != 0 and verified.exception is not None
    assert "le journal des lignes manque ou a été vidé" in (explain(verified.exception) or "")
    with sql_app.engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from ledger")).scalar() == 0


def test_a_witness_cut_to_its_first_line_is_behind_the_ledger(sql_app: Application) -> None:
    cycle(sql_app)
    first = witness(sql_app).read_text("utf-8").splitlines()[0]
    witness(sql_app).write_text(first + "\n", "utf-8")
    again = bootstrap(sql_app.settings, clock=FixedClock(sql_app.deps.clock.now()))
    result = audit.verify(again.deps)
    assert not result.ok and result.unattested > 1 and result.witness_broken is None
    assert f"{result.unattested} entrées non attestées par le témoin" in rendered(again, result)


def test_a_witness_without_its_ledger_lines_is_broken(sql_app: Application) -> None:
    cycle(sql_app)
    lines = witness(sql_app).read_text("utf-8").splitlines(keepends=True)
    witness(sql_app).write_text("".join(x for x in lines if '"lignes"' not in x), "utf-8")
    clock = FixedClock(sql_app.deps.clock.now())
    with pytest.raises(StartupError, match="witness_broken"):
        bootstrap(sql_app.settings, clock=clock)
    reported = bootstrap(sql_app.settings, clock=clock, missing_witness="report")
    result = audit.verify(reported.deps)
    assert not result.ok and result.witness_broken is not None and result.unattested


def test_a_witness_stripped_of_its_signatures_is_not_taken_over_again(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    lines = witness(sql_app).read_text("utf-8").splitlines()
    stripped = [json.dumps({k: v for k, v in json.loads(x).items() if k != "mac"}) for x in lines]
    witness(sql_app).write_text("\n".join(stripped) + "\n", "utf-8")
    again = bootstrap(sql_app.settings, clock=FixedClock(sql_app.deps.clock.now()))
    result = audit.verify(again.deps)
    assert not result.ok and result.unsigned
    assert "lignes non signées" in rendered(again, result)


TRIGGER = (
    "create trigger rewrite_language after update on preferences begin"
    " update preferences set language = 'en' where user = new.user; end"
)


def test_a_trigger_added_on_sqlite_stops_start_and_is_named_by_verify(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(sa.text(TRIGGER))
    clock = FixedClock(sql_app.deps.clock.now())
    with pytest.raises(StartupError, match="database_triggers"):
        bootstrap(sql_app.settings, clock=clock)
    reported = bootstrap(sql_app.settings, clock=clock, missing_witness="report")
    result = audit.verify(reported.deps)
    assert result.triggers == ["rewrite_language (preferences)"] and not result.ok
    assert "rewrite_language (preferences)" in rendered(reported, result)


PG_TRIGGER = [
    "create function crisisbot_rewrite() returns trigger language plpgsql as"
    " $$ begin new.name := 'Mallory'; return new; end $$",
    "create trigger rewrite_name before update on people"
    " for each row execute function crisisbot_rewrite()",
    "create rule no_delete as on delete to outbox do instead nothing",
]


@pytest.mark.postgres
def test_a_trigger_or_a_rule_added_on_postgresql_is_refused_and_named(
    postgres_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=postgres_url, CRISISBOT_DATA_DIR=str(tmp_path), _env_file=None
    )
    app = bootstrap(settings, clock=clock)
    cycle(app)
    assert app.engine is not None
    with app.engine.begin() as conn:
        for statement in PG_TRIGGER:
            conn.execute(sa.text(statement))
    with pytest.raises(StartupError, match="database_triggers"):
        bootstrap(settings, clock=clock)
    result = audit.verify(bootstrap(settings, clock=clock, missing_witness="report").deps)
    assert result.triggers == ["no_delete (outbox)", "rewrite_name (people)"]
    app.engine.dispose()


def test_a_revision_crisisbot_does_not_know_is_one_sentence(sql_app: Application) -> None:
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = 'garbage'"))
    with pytest.raises(StartupError, match="database_revision_unknown") as raised:
        bootstrap(sql_app.settings, clock=FixedClock(sql_app.deps.clock.now()))
    assert "« garbage » n'est pas une révision de crisisbot" in (explain(raised.value) or "")


def test_the_report_names_the_crisis_row_with_one_space_and_no_empty_register_when_unread(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    assert sql_app.engine is not None
    with sql_app.engine.begin() as conn:
        conn.execute(sa.text("update crises set title = 'Exercice'"))
    assert "la crise ne correspond pas au journal" in rendered(sql_app, audit.verify(sql_app.deps))
    unread = rendered(sql_app, audit.Verification([], unreadable="ValueError"))
    assert "la base ne se lit plus" in unread and "Aucune crise enregistrée" not in unread
