"""The console end to end: the real ``crisisbot`` program, commands piped on stdin."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import Application
from bot.store.migrate import head_revision
from tests.e2e.program import crisisbot
from tests.examples import examples

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_the_commands_through_run(tmp_path: Path) -> None:
    result = crisisbot(tmp_path, "run", stdin="aide\n")
    assert result.returncode == 0, result.stderr
    for name in ("ouvrir", "statut", "fait", "verifier", "question", "journal"):
        assert f"`{name}" in result.stdout


def test_a_whole_crisis_morning_in_the_console(tmp_path: Path) -> None:
    def as_user(user: str, *lines: str) -> str:
        result = crisisbot(
            tmp_path,
            "console",
            "--user",
            user,
            "--channel",
            "cellule",
            stdin="\n".join(lines) + "\n",
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    as_user(
        "alice",
        "ouvrir Revendication sur un forum",
        "role @bob dpo",
        "fait fuite.averee = non source: RSSI",
    )
    refused = as_user("carol", "verifier fuite.averee")
    assert "Refusé" in refused and "membre" in refused
    verified = as_user("bob", "verifier fuite.averee preuve: analyse des journaux")
    assert (
        "@bob a vérifié le fait `fuite.averee` = non (source : RSSI ; preuve : analyse" in verified
    )
    listed = as_user(
        "alice", "question Sauvegardes intactes ? @bob avant: 2030-01-10 12:00", "questions"
    )
    assert (
        "n° 1 — Sauvegardes intactes ? — responsable : @bob — avant le 10 janvier 2030 à 12 h"
        in listed
    )
    after = as_user("bob", "repondre 1 Oui, intactes.", "questions")
    assert "Aucune question ouverte" in after
    history = as_user("alice", "journal fuite.averee")
    assert "a signalé fuite.averee : (rien) → non (signalé)" in history
    assert "@bob a vérifié fuite.averee : non (signalé) → non (vérifié)" in history


def test_the_demo_replays_a_fictional_crisis(tmp_path: Path) -> None:
    result = crisisbot(tmp_path, "demo")
    assert result.returncode == 0, result.stderr
    assert "Clinique des Mésanges" in result.stdout
    assert "Refusé" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_db_upgrade_is_idempotent(tmp_path: Path) -> None:
    for _ in range(2):
        result = crisisbot(tmp_path, "db", "upgrade")
        assert result.returncode == 0, result.stderr
        assert f"révision {head_revision()}" in result.stdout


@pytest.fixture
def opened(sql_app: Application) -> Application:
    sql_app.answer("alice", "C1", "ouvrir Fuite présumée")
    sql_app.answer("alice", "C1", "role @bob dpo")
    sql_app.answer("alice", "C1", "fait fuite.averee = non")
    sql_app.answer("alice", "C1", "question Qui ? @bob")
    return sql_app


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    verb=st.sampled_from(
        [
            "",
            "aide ",
            "fait ",
            "verifier ",
            "refuter ",
            "question ",
            "repondre ",
            "role ",
            "journal ",
            "ouvrir ",
            "statut ",
            "faits ",
            "questions ",
            "langue ",
            "Vérifier ",
            "answer ",
            "decision ",
            "decisions ",
            "connaissance ",
            "depot ",
            "presse ",
            "presse repondue ",
            "point ",
        ]
    ),
    rest=st.text(max_size=80),
)
def test_any_text_after_crise_gets_a_reply_never_a_traceback(
    opened: Application, verb: str, rest: str
) -> None:
    for user in ("alice", "carol"):
        answer = opened.answer(user, "C1", "/crise " + verb + rest)
        assert answer.text.strip()
        assert answer.reply.template != "internal", (verb + rest, answer.text)
