"""The audit replays the main courante: a decision, the awareness decision, a filing, a press
inquiry or the rhythm of points inserted, edited or deleted in the database, outside the bot,
is found and named by ``crisisbot audit verify``, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.messages import Reply
from bot.services import audit

COURANTE = [
    ("alice", "ouvrir Revendication"),
    ("alice", "role @bob dpo"),
    ("alice", "fait fuite.averee = non"),
    ("alice", "fait etablissement.nom = la Clinique des Mésanges"),
    ("alice", "verifier etablissement.nom"),
    ("bob", "decision Attendre le rapport motif: prudence faits: fuite.averee"),
    ("bob", "connaissance 12/01/2026 08:15 motif: courriel"),
    ("bob", "depot cnil le 12/01/2026 ref: 2026-1 note: accusé"),
    ("alice", "presse L'Est / J. Martin / Combien ? avant: 17h"),
    ("alice", "rediger attente"),
    ("alice", "modifier 1\nLa Clinique des Mésanges vérifie ces affirmations."),
    ("alice", "role @dan direction"),
    ("dan", "approuver 1"),
    ("alice", "presse repondue 1 1"),
    ("alice", "publier 1"),
    ("alice", "diffuser 1 presse"),
    ("alice", "point toutes les 2h"),
]

# (what is done behind the bot's back, the family and subject the audit names)
TAMPERING = [
    ("update decisions set motif = 'autre' where number = 1", "decision", "décision 1"),
    ("update decisions set decided_by = 'mallory' where number = 1", "decision", "décision 1"),
    (
        "insert into decisions (crisis_id, number, kind, text, motif, facts, decided_by,"
        " decided_at, moment) select crisis_id, 3, kind, 'Payer', motif, facts, decided_by,"
        " decided_at, moment from decisions where number = 1",
        "decision",
        "décision 3",
    ),
    ("delete from decisions where number = 1", "decision", "décision 1"),
    (
        "update decisions set moment = decided_at where kind = 'connaissance'",
        "decision",
        "décision 2",
    ),
    ("update filings set reference = '2026-9' where number = 1", "depot", "dépôt 1"),
    ("update filings set filed_on = '2026-01-11' where number = 1", "depot", "dépôt 1"),
    ("delete from filings where number = 1", "depot", "dépôt 1"),
    (
        "insert into filings (crisis_id, number, body, filed_on, reference, note, recorded_by,"
        " recorded_at) select crisis_id, 2, 'plainte', filed_on, reference, note, recorded_by,"
        " recorded_at from filings where number = 1",
        "depot",
        "dépôt 2",
    ),
    ("update inquiries set state = 'ouverte' where number = 1", "presse", "presse 1"),
    ("update inquiries set answered_by = 'mallory' where number = 1", "presse", "presse 1"),
    ("delete from inquiries where number = 1", "presse", "presse 1"),
    ("update cadences set hours = 12", "point", "points"),
    ("delete from cadences", "point", "points"),
    ("update draft_versions set text = 'Autre texte' where version = 2", "version", "brouillon 1"),
    ("update draft_versions set author = 'mallory' where version = 1", "version", "brouillon 1"),
    ("delete from draft_versions where version = 1", "version", "brouillon 1"),
    ("update disseminations set recipient = 'site_web'", "diffusion", "brouillon 1"),
    ("update disseminations set at = '2026-01-12 07:00:00'", "diffusion", "brouillon 1"),
    ("delete from disseminations", "diffusion", "brouillon 1"),
]


def run_courante(app: Application) -> None:
    for user, line in COURANTE:
        if line.startswith("modifier 1\n"):  # the drafted text kept, a sentence added
            text = app.answer(user, "C1", "voir 1").text.split("———")[1].strip()
            line = f"modifier 1\n{text}\n\n{line.partition(chr(10))[2]}"
        answer = app.answer(user, "C1", line)
        assert not answer.error, (line, answer.text)


def tamper(app: Application, statement: str) -> None:
    assert app.engine is not None
    with app.engine.begin() as conn:
        conn.execute(sa.text(statement))


def report(app: Application) -> str:
    result = audit.verify(app.deps)
    return app.messages.render(Reply("audit", {"v": result, "witness": "témoin"}), "fr")


def check_tampering(app: Application, statement: str, family: str, subject: str) -> None:
    run_courante(app)
    assert all(a.ok for a in audit.verify_all(app.deps))
    tamper(app, statement)
    [result] = audit.verify_all(app.deps)
    assert not result.ok and result.broken is None
    assert [(f, s) for f, s, _ in result.mismatches] == [(family, subject)]
    number = subject.split()[-1]
    named = {
        "decision": f"la décision n° {number}",
        "depot": f"le dépôt n° {number}",
        "presse": f"la demande de presse n° {number}",
        "point": "le rythme des points de situation",
        "version": "les versions du brouillon 1",
        "diffusion": "les diffusions du brouillon 1",
    }[family]
    verb = "ne correspondent pas" if family in ("version", "diffusion") else "ne correspond pas"
    assert f"{named} {verb} au journal" in report(app)


def test_an_untampered_courante_verifies(sql_app: Application) -> None:
    run_courante(sql_app)
    [result] = audit.verify_all(sql_app.deps)
    assert result.ok, result.mismatches
    assert "ROMPU" not in report(sql_app)


@pytest.mark.parametrize(("statement", "family", "subject"), TAMPERING)
def test_a_courante_row_changed_outside_the_bot_is_named_on_sqlite(
    sql_app: Application, statement: str, family: str, subject: str
) -> None:
    check_tampering(sql_app, statement, family, subject)


@pytest.mark.postgres
@pytest.mark.parametrize(("statement", "family", "subject"), TAMPERING)
def test_a_courante_row_changed_outside_the_bot_is_named_on_postgresql(
    postgres_url: str,
    clock: FixedClock,
    tmp_path: Path,
    statement: str,
    family: str,
    subject: str,
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=postgres_url, CRISISBOT_DATA_DIR=str(tmp_path), _env_file=None
    )
    check_tampering(bootstrap(settings, clock=clock), statement, family, subject)
