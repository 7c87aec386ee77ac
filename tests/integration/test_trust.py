"""A tamper-evident journal, retention and the breach register on a real database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.services import audit, register, retention
from tests.delivered import deliver_everything


def cycle(app: Application) -> None:
    for user, line in [
        ("alice", "ouvrir Fuite présumée"),
        ("alice", "role @bob dpo"),
        ("alice", "role @dir direction"),
        ("alice", "fait etablissement.nom = la Clinique"),
        ("bob", "verifier etablissement.nom"),
        ("alice", "fait fuite.averee = non"),
        ("bob", "verifier fuite.averee"),
        ("alice", "question Sauvegardes ? @bob"),
        ("bob", "repondre 1 intactes"),
        ("alice", "rediger attente"),
        ("dir", "approuver 1"),
    ]:
        assert not app.answer(user, "C1", line).error, line


def edit(app: Application, statement: str) -> None:
    assert app.engine is not None
    with app.engine.begin() as conn:
        conn.execute(sa.text(statement))


def test_an_untouched_database_verifies(sql_app: Application) -> None:
    cycle(sql_app)
    [result] = audit.verify_all(sql_app.deps)
    assert result.ok and result.events == 12


def test_editing_a_fact_in_the_database_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update facts set value = 'oui' where key = 'fuite.averee'")
    [result] = audit.verify_all(sql_app.deps)
    assert not result.ok and result.broken is None
    assert result.mismatches == [("fait", "fuite.averee", 8)]


def test_editing_an_event_breaks_the_chain_at_that_event(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update events set actor = 'mallory' where seq = 5")
    [result] = audit.verify_all(sql_app.deps)
    assert result.broken is not None and result.broken.seq == 5


def test_deleting_an_event_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "delete from events where seq = 9")
    [result] = audit.verify_all(sql_app.deps)
    assert result.broken is not None and result.broken.seq == 10


def test_rewriting_an_approved_text_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update drafts set text = 'Tout est sous contrôle.'")
    [result] = audit.verify_all(sql_app.deps)
    assert ("brouillon", "brouillon 1", 12) in result.mismatches


def test_changing_a_role_in_the_database_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update members set role = 'pilote' where \"user\" = 'bob'")
    [result] = audit.verify_all(sql_app.deps)
    assert ("role", "bob", 3) in result.mismatches


def test_closed_crises_are_purged_and_a_summary_is_kept(
    sql_app: Application, clock: FixedClock
) -> None:
    cycle(sql_app)
    assert sql_app.answer("bob", "C1", "clore fin").reply.template == "role_required"
    assert not sql_app.answer("alice", "C1", "clore revendication écartée").error
    assert sql_app.answer("alice", "C1", "statut").reply.template == "no_crisis"
    assert sql_app.answer("alice", "C1", "ouvrir Une autre").reply.template == "crisis_closed"
    assert retention.purgeable(sql_app.deps, clock.now()) == []
    clock.advance(days=40)
    candidates = retention.purgeable(sql_app.deps, clock.now())
    assert [c.channel for c in candidates] == ["C1"]
    deliver_everything(sql_app)
    [kept] = retention.purge(sql_app.deps, candidates, "admin").kept
    assert kept["counts"] == {"faits": 2, "questions": 1, "brouillons": 1, "evenements": 13}
    assert sql_app.engine is not None
    with sql_app.engine.connect() as conn:
        for table in ("crises", "facts", "events", "drafts", "approvals", "questions", "members"):
            assert conn.execute(sa.text(f"select count(*) from {table}")).scalar() == 0, table
        assert conn.execute(sa.text("select count(*) from purges")).scalar() == 1
    assert not sql_app.answer("alice", "C1", "ouvrir Nouvelle crise").error


def test_the_register_is_filled_from_verified_facts_only(sql_app: Application) -> None:
    cycle(sql_app)
    sql_app.answer("alice", "C1", "fait personnes.nombre = 1 250")
    sql_app.answer("alice", "C1", "fait plainte.deposee_le = 13/01/2026")
    sql_app.answer("bob", "C1", "verifier plainte.deposee_le")
    [entry] = register.all_entries(sql_app.deps)
    lines = {line.label: line for line in entry.lines}
    assert lines["Nature de la violation"].value == "violation écartée à ce jour"
    assert lines["Nombre approximatif de personnes concernées"].value is None
    assert "personnes.nombre" in entry.missing
    assert lines["Autres démarches"].value == "dépôt de plainte : 13 janvier 2026"
    assert "cnil.notifiee_le" in register.as_csv([entry])
    reply = sql_app.answer("alice", "C1", "registre")
    assert "| Nature de la violation | violation écartée à ce jour |" in reply.text


def test_kill_9_during_a_burst_loses_no_acknowledged_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/burst.db"
    env = {**os.environ, "DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--user", "alice", "--channel", "C1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("ouvrir Rafale\n")
    for i in range(200):
        process.stdin.write(f"fait rafale.n{i:03d} = valeur {i}\n")
    process.stdin.flush()
    acknowledged = []
    for line in process.stdout:
        if line.startswith("Fait enregistré") and "`rafale.n" in line:
            acknowledged.append(line.split("`")[1])
        if len(acknowledged) == 60:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    settings = Settings(CRISISBOT_ADMINS="*", DATABASE_URL=url, _env_file=None)  # type: ignore[call-arg]
    app = bootstrap(settings)
    with app.deps.uow() as uow:
        crisis = uow.repo.crisis_for_channel("C1")
        assert crisis is not None and crisis.id is not None
        stored = {f.key for f in uow.repo.facts(crisis.id)}
    assert set(acknowledged) <= stored
    [result] = audit.verify_all(app.deps)
    assert result.ok, (result.broken, result.mismatches)
