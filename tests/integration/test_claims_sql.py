"""A worker started again takes back at once the claims of the processes gone from its host,
and leaves another host's claims to their lease (on the SQL store)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.domain.outbox import UNSENT, Worker
from bot.workers import start_of
from tests.delivered import Sink
from tests.platforms import slack_say


def claimed_by(app: Application, worker: Worker) -> list[str]:
    """The crisis's posts, claimed by ``worker`` and left unsent (a process killed)."""
    for line in ("ouvrir Fuite présumée", "fait etablissement.nom = la Clinique"):
        assert not slack_say(app, "alice", "C1", line).error
    with app.deps.uow() as uow:
        items = uow.repo.claim(app.deps.clock.now(), "slack", 5, app.deps.outbox_lease, str(worker))
        uow.commit()
    assert items
    return [i.key for i in items]


def here(app: Application, pid: int, started: str | None = None) -> Worker:
    """A worker of this host and pid namespace, process ``pid`` (started when it did)."""
    me = app.deliverer.worker
    start = start_of(pid) if started is None else started
    return Worker(me.host, pid, f"{me.namespace}.{start or ''}.0123456789ab")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def deliver(app: Application) -> list[str]:
    sink = Sink("slack")
    asyncio.run(app.deliverer.deliver_due(sink))
    return [item.key for item, _ in sink.sent]


def test_the_claims_of_a_dead_process_of_this_host_are_taken_back_at_once(
    sql_app: Application,
) -> None:
    keys = claimed_by(sql_app, here(sql_app, dead_pid()))
    assert deliver(sql_app) == [], "leased"
    assert sql_app.deliverer.recover() == len(keys)
    assert deliver(sql_app) == keys
    with sql_app.deps.read() as uow:
        assert uow.repo.outbox(UNSENT) == []


def test_an_earlier_boot_of_this_pid_is_taken_back_and_a_live_process_is_not(
    sql_app: Application,
) -> None:
    me = sql_app.deliverer.worker
    claimed_by(sql_app, here(sql_app, os.getppid()))
    assert sql_app.deliverer.recover() == 0, "the parent process lives"
    with sql_app.deps.uow() as uow:
        uow.repo.release_claims(
            uow.repo.claimants(sql_app.deps.clock.now()), sql_app.deps.clock.now()
        )
        uow.commit()
    earlier = here(sql_app, me.pid, started="1")
    with sql_app.deps.uow() as uow:
        items = uow.repo.claim(
            sql_app.deps.clock.now(), "slack", 5, timedelta(minutes=5), str(earlier)
        )
        uow.commit()
    assert items and sql_app.deliverer.recover() == len(items)


def test_another_hosts_claims_keep_their_lease(sql_app: Application, clock: FixedClock) -> None:
    me = sql_app.deliverer.worker
    keys = claimed_by(sql_app, Worker("un-autre-hote", dead_pid(), "0123456789ab"))
    assert sql_app.deliverer.recover() == 0
    assert deliver(sql_app) == []
    clock.advance(seconds=sql_app.deps.outbox_lease.total_seconds() + 1)
    assert deliver(sql_app) == keys, "after the lease, as before"
    assert me.host != "un-autre-hote"


def test_a_live_worker_of_another_pid_namespace_keeps_its_claims_while_it_renews_them(
    sql_app: Application, clock: FixedClock
) -> None:
    """Two containers sharing a host name, each its process 1: a claim of the other one, in
    another pid namespace, is left alone while it is renewed, and taken back once it has not
    been for a quarter of the lease."""
    me = sql_app.deliverer.worker
    lease = sql_app.deps.outbox_lease
    other = Worker(me.host, me.pid, "4000000001.12345.0123456789ab")
    keys = claimed_by(sql_app, other)
    clock.advance(seconds=lease.total_seconds() / 8)
    with sql_app.deps.uow() as uow:
        assert uow.repo.renew_claims(str(other), clock.now(), lease) == len(keys)
        uow.commit()
    clock.advance(seconds=lease.total_seconds() / 8)
    assert sql_app.deliverer.recover() == 0, "renewed: it lives"
    assert deliver(sql_app) == []
    clock.advance(seconds=lease.total_seconds() / 8 + 1)
    assert sql_app.deliverer.recover() == len(keys), "no longer renewed"
    assert deliver(sql_app) == keys


def test_a_worker_renews_its_own_claims(sql_app: Application, clock: FixedClock) -> None:
    keys = claimed_by(sql_app, sql_app.deliverer.worker)
    clock.advance(minutes=1)
    assert sql_app.deliverer.renew() == len(keys)
    with sql_app.deps.read() as uow:
        [until] = uow.repo.leases(clock.now()).values()
    assert until == clock.now() + sql_app.deps.outbox_lease
