"""The journal proves what happened: what the database says is checked against the keyed
chain of events, and the chain's head against a witness kept outside the database."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain import journal
from bot.domain.model import Event
from bot.domain.outbox import OutboxItem
from bot.domain.witness import FindingKind
from bot.services import audit, retention
from bot.services.digest import daily_digests
from bot.startup import StartupError
from bot.store.migrate import upgrade
from bot.store.uow import make_engine
from tests.delivered import deliver_everything
from tests.integration.test_trust import cycle, edit


def verify(app: Application) -> audit.Verification:
    return audit.verify(app.deps)


def problems(app: Application) -> list[tuple[str, str, int | None]]:
    [result] = audit.verify_all(app.deps)
    return result.mismatches


def rows(app: Application, query: str) -> list[sa.Row[tuple[object, ...]]]:
    assert app.engine is not None
    with app.engine.connect() as conn:
        return list(conn.execute(sa.text(query)))


def test_an_approval_inserted_in_the_database_and_the_publication_it_allowed_are_detected(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    assert not sql_app.answer("alice", "C1", "rediger attente").error
    [[draft_id]] = rows(sql_app, "select id from drafts where number = 2")
    [[text_hash]] = rows(sql_app, "select text_hash from drafts where number = 2")
    edit(
        sql_app,
        'insert into approvals (draft_id, role, "user", at, text_hash) values '
        f"({draft_id}, 'direction', 'dir', '2026-01-12 08:30:00', '{text_hash}')",
    )
    assert not sql_app.answer("alice", "C1", "publier 2").error
    found = problems(sql_app)
    assert ("approbation", "brouillon 2", None) in found
    assert ("publication", "brouillon 2", 14) in found


def test_a_draft_whose_author_was_changed_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update drafts set author = 'dir' where number = 1")
    assert ("brouillon", "brouillon 1", 12) in problems(sql_app)


def test_who_last_changed_a_fact_is_checked(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update facts set updated_by = 'mallory' where key = 'fuite.averee'")
    assert problems(sql_app) == [("fait", "fuite.averee", 8)]


def test_who_asked_and_who_answered_a_question_are_checked(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update questions set answered_by = 'mallory'")
    assert problems(sql_app) == [("question", "#1", 10)]


def test_an_edited_crisis_row_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "update crises set opened_by = 'mallory', title = 'Exercice'")
    assert problems(sql_app) == [("crise", "crise", 1)]


def test_a_member_inserted_in_the_database_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    [[cid]] = rows(sql_app, "select id from crises")
    edit(sql_app, f"insert into members values ({cid}, 'mallory', 'dpo', '2026-01-12 08:00')")
    assert problems(sql_app) == [("role", "mallory", None)]


def test_the_last_events_deleted_with_their_rows_are_named(sql_app: Application) -> None:
    cycle(sql_app)
    edit(sql_app, "delete from approvals")
    edit(sql_app, "delete from events where seq = 12")
    [result] = audit.verify_all(sql_app.deps)
    assert result.broken is None and result.mismatches == []
    [finding] = result.missing
    assert (finding.kind, finding.last_stored, finding.seq) == (FindingKind.TRUNCATED, 11, 12)


def test_a_whole_crisis_deleted_is_named(sql_app: Application) -> None:
    cycle(sql_app)
    sql_app.answer("carol", "C2", "ouvrir Autre crise")
    edit(sql_app, "delete from crises where channel = 'C1'")
    result = verify(sql_app)
    assert not result.ok
    gone = [a for a in result.audits if a.crisis is None]
    assert [(a.channel, a.missing[0].kind, a.missing[0].seq) for a in gone] == [
        ("C1", FindingKind.DELETED, 12)
    ]
    assert [a.ok for a in result.audits if a.crisis is not None] == [True]


def test_a_purged_crisis_is_not_reported_as_deleted(
    sql_app: Application, clock: FixedClock
) -> None:
    cycle(sql_app)
    sql_app.answer("alice", "C1", "clore revendication écartée")
    clock.advance(days=40)
    deliver_everything(sql_app)
    purged = retention.purge(sql_app.deps, retention.purgeable(sql_app.deps, clock.now()), "admin")
    assert purged.kept
    assert verify(sql_app).ok
    [[crisis_id, last_seq]] = rows(sql_app, "select crisis_id, last_seq from purges")
    assert (crisis_id, last_seq) == (1, 13)


def plain_rewrite(app: Application, key: bytes | None = None) -> None:
    """What someone with the database but not the key can do: edit an event, then recompute
    every digest after it, with plain SHA-256 or with a key of their own."""
    assert app.engine is not None
    edit(app, "update events set actor = 'mallory' where seq = 5")
    with app.deps.uow() as uow:
        [crisis] = uow.repo.crises()
        assert crisis.id is not None
        events = uow.repo.events(crisis.id)
    previous: Event | None = None
    with app.engine.begin() as conn:
        for event in events:
            event.prev_hash = previous.hash if previous else journal.GENESIS
            event.scheme = journal.PLAIN if key is None else journal.KEYED
            event.hash = journal.digest(event, key or b"")
            conn.execute(
                sa.text("update events set hash = :h, prev_hash = :p, scheme = :s where seq = :q"),
                {"h": event.hash, "p": event.prev_hash, "s": event.scheme, "q": event.seq},
            )
            previous = event


def test_a_rewrite_recomputing_plain_hashes_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    plain_rewrite(sql_app)
    [result] = audit.verify_all(sql_app.deps)
    assert result.broken is not None and result.broken.seq == 1


def test_a_rewrite_recomputing_hashes_with_another_key_is_detected(sql_app: Application) -> None:
    cycle(sql_app)
    plain_rewrite(sql_app, key=b"guessed")
    [result] = audit.verify_all(sql_app.deps)
    assert result.broken is not None and result.broken.seq == 1
    assert {f.kind for f in result.missing} == {FindingKind.REWRITTEN}


def legacy_database(tmp_path: Path) -> str:
    """A database written before the journal was keyed: plain SHA-256 chain."""
    url = f"sqlite:///{tmp_path}/legacy.db"
    engine = make_engine(url)
    upgrade(engine, "0006")
    at = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
    events: list[Event] = []
    for kind, subject, after in [
        ("crise.ouverte", "Ancienne", {"titre": "Ancienne"}),
        ("role.attribue", "alice", {"role": "pilote"}),
    ]:
        event = Event(1, at, "alice", kind, subject, None, after, scheme=journal.PLAIN)
        event.seq = len(events) + 1
        event.prev_hash = events[-1].hash if events else journal.GENESIS
        event.hash = hashlib.sha256(journal.canonical(event)).hexdigest()
        events.append(event)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into crises (id, channel, title, opened_by, opened_at, state) "
                "values (1, 'C1', 'Ancienne', 'alice', :at, 'ouverte')"
            ),
            {"at": at.replace(tzinfo=None)},
        )
        conn.execute(
            sa.text("insert into members values (1, 'alice', 'pilote', :at)"),
            {"at": at.replace(tzinfo=None)},
        )
        for e in events:
            conn.execute(
                sa.text(
                    "insert into events (crisis_id, seq, at, actor, kind, subject, after, "
                    "prev_hash, hash) values (1, :seq, :at, :actor, :kind, :subject, :after, "
                    ":prev, :hash)"
                ),
                {"seq": e.seq, "at": at.replace(tzinfo=None), "actor": e.actor, "kind": e.kind,
                 "subject": e.subject, "after": json.dumps(e.after), "prev": e.prev_hash,
                 "hash": e.hash},
            )  # fmt: skip
    engine.dispose()
    return url


def test_a_journal_written_before_the_key_still_verifies_and_continues_keyed(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = legacy_database(tmp_path)
    app = bootstrap(Settings(CRISISBOT_ADMINS="*", DATABASE_URL=url, _env_file=None), clock=clock)  # type: ignore[call-arg]
    assert verify(app).ok
    assert not app.answer("alice", "C1", "fait etablissement.nom = la Clinique").error
    assert verify(app).ok
    assert [s for (s,) in rows(app, "select scheme from events order by seq")] == [1, 1, 2]


def test_a_rewritten_plain_event_of_the_old_journal_is_detected(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = legacy_database(tmp_path)
    app = bootstrap(Settings(CRISISBOT_ADMINS="*", DATABASE_URL=url, _env_file=None), clock=clock)  # type: ignore[call-arg]
    plain_rewrite_legacy = "update events set actor = 'mallory' where seq = 1"
    edit(app, plain_rewrite_legacy)
    with app.deps.uow() as uow:
        events = uow.repo.events(1)
    previous: Event | None = None
    assert app.engine is not None
    with app.engine.begin() as conn:
        for event in events:
            event.prev_hash = previous.hash if previous else journal.GENESIS
            event.hash = journal.digest(event, b"")
            conn.execute(
                sa.text("update events set hash = :h, prev_hash = :p where seq = :q"),
                {"h": event.hash, "p": event.prev_hash, "q": event.seq},
            )
            previous = event
    [result] = audit.verify_all(app.deps)
    assert result.broken is None
    assert [(f.kind, f.seq) for f in result.missing] == [(FindingKind.REWRITTEN, 2)]


def test_the_journal_key_is_made_on_first_start_with_a_warning(
    tmp_path: Path, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{tmp_path}/a.db", _env_file=None
    )  # type: ignore[call-arg]
    with caplog.at_level(logging.WARNING):
        first = bootstrap(settings, clock=clock)
    key_file = tmp_path / "journal.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "CRISISBOT_JOURNAL_KEY" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = bootstrap(settings, clock=clock)
    assert caplog.text == "" and again.deps.journal_key == first.deps.journal_key
    given = Settings(
        CRISISBOT_ADMINS="*",  # type: ignore[call-arg]
        DATABASE_URL=f"sqlite:///{tmp_path}/a.db",
        CRISISBOT_JOURNAL_KEY="s3cret",
        _env_file=None,
    )
    with pytest.raises(StartupError, match="witness_key"):
        bootstrap(given, clock=clock)  # the witness was signed with the key of the file
    (tmp_path / "journal-witness.log").unlink()
    assert bootstrap(given, clock=clock).deps.journal_key == b"s3cret"


def test_the_witness_lies_beside_the_database_one_line_per_head(sql_app: Application) -> None:
    cycle(sql_app)
    witness = Path(sql_app.settings.data_dir) / "journal-witness.log"
    lines = witness.read_text("utf-8").splitlines()
    heads = [line for line in lines if '"tete"' in line]
    assert len(heads) == 11 and '"seq": 12' in heads[-1]
    [[last_hash]] = rows(sql_app, "select hash from events where seq = 12")
    assert last_hash[:16] in heads[-1]


def test_audit_verify_fails_without_its_witness(sql_app: Application) -> None:
    cycle(sql_app)
    (Path(sql_app.settings.data_dir) / "journal-witness.log").unlink()
    assert not verify(sql_app).ok


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[OutboxItem, str]] = []
        self.platform = "console"

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def already_sent(self, item: OutboxItem) -> bool:
        return False

    async def send(self, item: OutboxItem, text: str) -> None:
        self.sent.append((item, text))


def test_digests_and_publication_posts_show_the_journal_fingerprint_and_drafts_never_do(
    sql_app: Application,
) -> None:
    cycle(sql_app)
    assert not sql_app.answer("alice", "C1", "publier 1").error
    daily_digests(sql_app.deps)
    recorder = Recorder()
    while asyncio.run(sql_app.deliverer.deliver_due(recorder)):
        pass
    [[publish_hash]] = rows(sql_app, "select hash from events where seq = 13")
    [published] = [t for i, t in recorder.sent if i.payload.get("kind") == "brouillon.publie"]
    assert f"empreinte du journal : 13 · {publish_hash[:12]}" in published
    [digest] = [t for i, t in recorder.sent if i.kind == "digest"]
    assert f"Empreinte du journal : 13 · {publish_hash[:12]}" in digest
    [[text]] = rows(sql_app, "select text from drafts")
    assert "mpreinte" not in str(text) and publish_hash[:12] not in str(text)


@pytest.mark.postgres
def test_on_postgresql_inserted_approvals_and_lost_events_are_detected(
    postgres_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    settings = Settings(
        CRISISBOT_ADMINS="*",  # type: ignore[call-arg]
        DATABASE_URL=postgres_url,
        CRISISBOT_DATA_DIR=str(tmp_path),
        _env_file=None,
    )
    app = bootstrap(settings, clock=clock)
    cycle(app)
    assert verify(app).ok
    assert not app.answer("alice", "C1", "rediger attente").error
    [[draft_id, text_hash]] = rows(app, "select id, text_hash from drafts where number = 2")
    edit(
        app,
        'insert into approvals (draft_id, role, "user", at, text_hash) values '
        f"({draft_id}, 'direction', 'dir', '2026-01-12 08:30:00', '{text_hash}')",
    )
    edit(app, "delete from events where seq = 13")
    [result] = audit.verify_all(app.deps)
    assert ("approbation", "brouillon 2", None) in result.mismatches
    assert [(f.kind, f.seq) for f in result.missing] == [(FindingKind.TRUNCATED, 13)]
