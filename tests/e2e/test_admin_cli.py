"""The administration commands, as an operator runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.bootstrap import bootstrap
from bot.config import Settings
from tests.delivered import deliver_everything
from tests.e2e.program import crisisbot
from tests.platforms import slack_say

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

SETUP = (
    "ouvrir Test\nrole @bob dpo\nfait fuite.averee = non\nverifier fuite.averee\n"
    "fait personnes.nombre = 12\n"
)


def test_audit_verify_fails_with_the_first_broken_event_after_a_direct_edit(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP)
    ok = crisisbot(tmp_path, "audit", "verify")
    assert ok.returncode == 0 and "OK" in ok.stdout
    with sqlite3.connect(tmp_path / "crisisbot.db") as conn:
        conn.execute("update events set subject = 'autre' where seq = 4")
    broken = crisisbot(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert "chaîne rompue à l'événement n° 4" in broken.stdout


def test_registre_export_in_three_formats(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP)
    md = crisisbot(tmp_path, "registre", "export", "--format", "md")
    assert "| Nature de la violation | violation écartée à ce jour |" in md.stdout
    data = json.loads(crisisbot(tmp_path, "registre", "export", "--format", "json").stdout)
    assert data[0]["champs"][0] == {
        "champ": "Nature de la violation",
        "valeur": "violation écartée à ce jour",
        "manquant": [],
    }
    csv = crisisbot(tmp_path, "registre", "export", "--format", "csv").stdout
    assert csv.splitlines()[0] == "canal,crise,champ,valeur,faits manquants"
    assert crisisbot(tmp_path, "registre", "export", "--format", "pdf").returncode == 2


def test_purge_asks_for_confirmation_and_keeps_a_summary(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP + "clore revendication écartée\n")
    cancelled = crisisbot(tmp_path, "purge", "--before", "2100-01-01", stdin="n\n")
    assert cancelled.returncode == 1 and "rien n'a été supprimé" in cancelled.stdout
    done = crisisbot(tmp_path, "purge", "--before", "2100-01-01", stdin="o\n")
    assert done.returncode == 0, done.stderr
    assert "Purgée : console « Test » — résumé conservé" in done.stdout
    again = crisisbot(tmp_path, "purge", "--before", "2100-01-01", "--yes")
    assert "rien à purger" in again.stdout


def test_audit_verify_names_the_crisis_and_the_events_deleted_from_the_database(
    tmp_path: Path,
) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP)
    crisisbot(tmp_path, "console", "--user", "alice", "--channel", "C2", stdin=SETUP)
    with sqlite3.connect(tmp_path / "crisisbot.db") as conn:
        conn.execute("pragma foreign_keys = on")
        conn.execute("delete from events where seq > 4 and crisis_id = 2")
        conn.execute("delete from crises where channel = 'console'")
    broken = crisisbot(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert "crise n° 1 (console) : crise supprimée de la base sans purge" in broken.stdout
    assert "le témoin connaît 6 événements" in broken.stdout
    assert "C2 « Test » : événements n° 5 à 6 absents de la base" in broken.stdout


def slack_crisis_in(folder: Path) -> None:
    settings = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{folder}/crisisbot.db", _env_file=None
    )  # type: ignore[call-arg]
    app = bootstrap(settings)
    for line in ("ouvrir Fuite présumée", "role @bob dpo"):
        assert not slack_say(app, "alice", "C1", line).error


def outbox_rows(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / "crisisbot.db") as conn:
        return list(conn.execute("select key, status from outbox order by id"))


def test_digest_and_console_without_chat_settings_leave_slack_posts_waiting(
    tmp_path: Path,
) -> None:
    slack_crisis_in(tmp_path)
    before = outbox_rows(tmp_path)
    assert crisisbot(tmp_path, "digest").returncode == 0
    crisisbot(tmp_path, "console", "--user", "carol", "--channel", "C9", stdin="statut\n")
    # the digest's posts, and the reminders of the fiches réflexes' tasks it finds due
    new = ("digest:", "rappel_tache:")
    after = [row for row in outbox_rows(tmp_path) if not row[0].startswith(new)]
    assert after == before and {status for _, status in after} == {"pending"}
    listing = crisisbot(tmp_path, "outbox").stdout
    assert "slack" in listing and "notice:1:1" in listing and "--retry" in listing


def test_outbox_retry_sends_again_a_post_that_failed_for_good(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin="ouvrir Exercice\ndigest\n")
    with sqlite3.connect(tmp_path / "crisisbot.db") as conn:
        conn.execute(
            "update outbox set status = 'failed', attempts = 10, last_error = 'panne', "
            "next_attempt_at = '2100-01-01 00:00:00' where key like 'digest:%'"
        )
    failed = crisisbot(tmp_path, "outbox").stdout
    assert "échec" in failed and "panne" in failed
    retried = crisisbot(tmp_path, "outbox", "--retry")
    assert retried.returncode == 0, retried.stderr
    assert "Point de situation — crise « Exercice »" in retried.stdout
    assert "Tout a été renvoyé" in retried.stdout


def test_purge_holds_back_a_crisis_whose_closing_notice_was_not_posted(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP + "clore revendication écartée\n")
    settings = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{tmp_path}/crisisbot.db", _env_file=None
    )  # type: ignore[call-arg]
    app = bootstrap(settings)
    assert not slack_say(app, "alice", "C1", "ouvrir Fuite présumée").error
    deliver_everything(app)
    assert not slack_say(app, "alice", "C1", "clore fausse alerte").error
    waiting = [key for key, status in outbox_rows(tmp_path) if status == "pending"]
    assert len(waiting) == 1, "the closing notice"

    held = crisisbot(tmp_path, "purge", "--before", "2100-01-01", "--yes")
    assert held.returncode == 0, held.stderr
    assert "Non purgée : C1 « Fuite présumée » — messages de la crise pas encore publiés" in (
        held.stdout
    )
    assert "dans son canal : 1 ;" in held.stdout
    assert "Purgée : console « Test »" in held.stdout
    with sqlite3.connect(tmp_path / "crisisbot.db") as conn:
        assert list(conn.execute("select channel from crises")) == [("C1",)]
        conn.execute(
            "update outbox set status = 'rejected', last_error = 'is_archived' where key = ?",
            (waiting[0],),
        )
    done = crisisbot(tmp_path, "purge", "--before", "2100-01-01", "--yes")
    assert "Purgée : C1 « Fuite présumée »" in done.stdout, "a rejected post holds nothing"
    assert "Messages de C1 refusés définitivement par la plateforme : 1" in done.stdout
    assert "Supprimés avec C1 : 1 message(s) refusé(s)" in done.stdout
    listing = crisisbot(tmp_path, "outbox").stdout
    assert "Refusés définitivement" not in listing and "Rien en attente" in listing
    assert [key for key, _ in outbox_rows(tmp_path) if key == waiting[0]] == []
