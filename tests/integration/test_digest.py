"""Digest and reminders: content, once per day, once each, whatever happens to delivery."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.outbox import LEASE, OutboxItem, OutboxStatus
from bot.services.digest import daily_digests, due_reminders

PARIS = ZoneInfo("Europe/Paris")


class Recorder:
    platform = "console"

    def __init__(self, fail: int = 0) -> None:
        self.sent: list[tuple[OutboxItem, str]] = []
        self.fail = fail

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def already_sent(self, item: OutboxItem) -> bool:
        return False

    async def send(self, item: OutboxItem, text: str) -> None:
        if item.kind == "notice":
            return
        if self.fail:
            self.fail -= 1
            raise ConnectionError("Slack est indisponible")
        self.sent.append((item, text))


def deliver(app: Application, transport: Recorder) -> int:
    """Deliver everything that is due now, round after round, as the worker does."""
    total = 0
    while sent := asyncio.run(app.deliverer.deliver_due(transport)):
        total += sent
    return total


def activity(app: Application) -> None:
    for user, line in [
        ("alice", "ouvrir Fuite présumée"),
        ("alice", "role @bob dpo"),
        ("alice", "role @dir direction"),
        ("alice", "fait etablissement.nom = la Clinique"),
        ("bob", "verifier etablissement.nom"),
        ("alice", "fait etablissement.ville = Lure"),
        ("bob", "verifier etablissement.ville"),
        ("alice", "fait incident.connu_le = 12/01/2026 09:00"),
        ("bob", "verifier incident.connu_le"),
        ("alice", "fait donnees.origine_si = oui"),
        ("bob", "refuter donnees.origine_si preuve: lignes absentes"),
        ("alice", "fait revendication.volume = 48 200"),
        ("alice", "question Sauvegardes ? @bob avant: 12/01/2026 11h"),
        ("alice", "question Qui prévient l'ARS ? @dir avant: 13/01/2026 11h"),
        ("alice", "question Expert ?"),
        ("bob", "repondre 3 le prestataire habituel"),
        ("alice", "rediger attente"),
    ]:
        assert not app.answer(user, "C1", line).error, line


def test_the_digest_says_what_changed_what_is_open_and_the_clocks(
    sql_app: Application, clock: FixedClock
) -> None:
    activity(sql_app)
    clock.advance(hours=3)
    assert daily_digests(sql_app.deps) == 1
    recorder = Recorder()
    deliver(sql_app, recorder)
    [(item, text)] = recorder.sent
    assert item.channel == "C1" and item.kind == "digest"
    assert "Faits vérifiés :\n• `etablissement.nom` = la Clinique" in text
    assert "Faits réfutés :\n• `donnees.origine_si` = oui" in text
    assert (
        "Nouveaux faits signalés, à vérifier :\n• `revendication.volume` = 48\u202f200" in text
        or ("`revendication.volume` = 48 200" in text)
    )
    assert (
        "`etablissement.ville`"
        not in text.split("Nouveaux faits signalés")[1].split("Questions")[0]
    )
    assert "Questions répondues :\n• #3 Expert ? : le prestataire habituel" in text
    overdue = text.index("Sauvegardes ?")
    assert overdue < text.index("Qui prévient l'ARS ?") and "EN RETARD de 1 h" in text
    assert "brouillon n° 1 (Déclaration d'attente) : manque direction" in text
    assert "Notification à la CNIL (72 h, RGPD art. 33) : avant le 15 janvier 2026 à 9 h" in text


def test_the_digest_is_posted_once_per_day_and_the_next_one_covers_what_follows(
    sql_app: Application, clock: FixedClock
) -> None:
    activity(sql_app)
    assert daily_digests(sql_app.deps) == 1
    assert daily_digests(sql_app.deps) == 0
    recorder = Recorder()
    deliver(sql_app, recorder)
    assert deliver(sql_app, recorder) == 0 and len(recorder.sent) == 1
    assert daily_digests(sql_app.deps, force=True) == 1
    clock.advance(days=1)
    sql_app.answer("alice", "C1", "fait exfiltration.trace = non")
    sql_app.answer("bob", "C1", "verifier exfiltration.trace")
    assert daily_digests(sql_app.deps) == 1
    deliver(sql_app, recorder)
    last = recorder.sent[-1][1]
    assert "`exfiltration.trace` = non" in last and "etablissement.nom" not in last


def test_a_corrected_fact_is_listed_once_with_the_value_it_replaces(
    sql_app: Application, clock: FixedClock
) -> None:
    activity(sql_app)
    daily_digests(sql_app.deps)
    recorder = Recorder()
    deliver(sql_app, recorder)
    clock.advance(days=1)
    for user, line in [
        ("alice", "fait patients.nombre = 1 200"),
        ("bob", "verifier patients.nombre"),
        ("alice", "fait patients.nombre = 1 500"),
        ("bob", "verifier patients.nombre"),
        ("alice", "fait etablissement.ville = Vesoul"),
        ("alice", "fait exfiltration.trace = oui"),
        ("bob", "verifier exfiltration.trace"),
        ("bob", "refuter exfiltration.trace preuve: journaux relus"),
    ]:
        assert not sql_app.answer(user, "C1", line).error, line
    assert daily_digests(sql_app.deps) == 1
    deliver(sql_app, recorder)
    text = recorder.sent[-1][1]
    verified = text.split("Faits vérifiés :")[1].split("Faits réfutés :")[0]
    assert verified.count("`patients.nombre`") == 1
    plain = verified.replace("\u202f", " ").replace("\u00a0", " ")
    assert "`patients.nombre` = 1 500 (au lieu de 1 200)" in plain
    assert "exfiltration.trace" not in verified
    assert "`exfiltration.trace` = oui" in text.split("Faits réfutés :")[1]
    claimed = text.split("Nouveaux faits signalés, à vérifier :")[1]
    assert "`etablissement.ville` = Vesoul" in claimed


def test_reminders_come_an_hour_before_and_when_overdue_once_each(
    sql_app: Application, clock: FixedClock
) -> None:
    sql_app.answer("alice", "C1", "ouvrir Fuite")
    sql_app.answer("alice", "C1", "question Sauvegardes ? @bob avant: dans 3 h")
    sql_app.answer("alice", "C1", "question Réglée ? @bob avant: dans 3 h")
    sql_app.answer("bob", "C1", "repondre 2 oui")
    recorder = Recorder()
    assert due_reminders(sql_app.deps) == 0
    clock.advance(hours=1, minutes=59)
    assert due_reminders(sql_app.deps) == 0
    clock.advance(minutes=2)
    assert due_reminders(sql_app.deps) == 1
    assert due_reminders(sql_app.deps) == 0
    deliver(sql_app, recorder)
    [(item, text)] = recorder.sent
    assert item.recipient == "bob" and "dans moins d'une heure" in text and "n° 1" in text
    clock.advance(hours=1)
    assert due_reminders(sql_app.deps) == 1
    assert due_reminders(sql_app.deps) == 0
    deliver(sql_app, recorder)
    assert "en retard depuis" in recorder.sent[-1][1] and len(recorder.sent) == 2


def test_an_outage_delays_the_digest_and_it_arrives_exactly_once(
    sql_app: Application, clock: FixedClock
) -> None:
    activity(sql_app)
    daily_digests(sql_app.deps)
    recorder = Recorder(fail=3)
    for _ in range(3):
        deliver(sql_app, recorder)
        assert recorder.sent == []
        clock.advance(minutes=5)
    with sql_app.deps.read() as uow:
        [pending] = uow.repo.outbox((OutboxStatus.PENDING,))
        assert pending.attempts == 3 and "indisponible" in (pending.last_error or "")
    deliver(sql_app, recorder)
    assert len(recorder.sent) == 1
    clock.advance(hours=1)
    deliver(sql_app, recorder)
    assert len(recorder.sent) == 1


def test_a_restart_between_enqueue_and_delivery_still_delivers(
    tmp_path: Path, clock: FixedClock
) -> None:
    settings = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{tmp_path}/r.db", _env_file=None
    )  # type: ignore[call-arg]
    first = bootstrap(settings, clock=clock)
    activity(first)
    daily_digests(first.deps)
    second = bootstrap(settings, clock=clock)
    recorder = Recorder()
    deliver(second, recorder)
    assert [item.kind for item, _ in recorder.sent] == ["digest"]


def test_a_lease_lets_another_worker_take_over_a_delivery_left_halfway(
    sql_app: Application, clock: FixedClock
) -> None:
    activity(sql_app)
    deliver(sql_app, Recorder())
    daily_digests(sql_app.deps)
    assert [i.kind for i in sql_app.deliverer.claim("console")] == ["digest"]
    assert sql_app.deliverer.claim("console") == []
    clock.current = clock.now() + LEASE + timedelta(seconds=1)
    recorder = Recorder()
    deliver(sql_app, recorder)
    assert [item.kind for item, _ in recorder.sent] == ["digest"]
    assert clock.now() > datetime(2026, 1, 12, tzinfo=PARIS)


def test_the_digest_says_how_to_appoint_an_approver_nobody_else_can_be(
    sql_app: Application, clock: FixedClock
) -> None:
    for user, line in [
        ("alice", "ouvrir Fuite présumée"),
        ("alice", "role @bob dpo"),
        ("alice", "fait etablissement.nom = la Clinique"),
        ("bob", "verifier etablissement.nom"),
        ("alice", "fait etablissement.ville = Lure"),
        ("bob", "verifier etablissement.ville"),
        ("alice", "fait incident.connu_le = 12/01/2026 09:00"),
        ("bob", "verifier incident.connu_le"),
        ("bob", "rediger communique"),
    ]:
        assert not sql_app.answer(user, "C1", line).error, line
    clock.advance(hours=3)
    assert daily_digests(sql_app.deps) == 1
    recorder = Recorder()
    deliver(sql_app, recorder)
    [(_, text)] = recorder.sent
    assert "manque direction, dpo ; personne ne peut l'approuver comme direction, dpo" in text
    assert "`/crise role @personne direction`" in text
