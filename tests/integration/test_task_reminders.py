"""The tasks of the fiches réflexes remind each holder of their role an hour before they are
due and once overdue, once each; a task done, or a role nobody holds, reminds nobody."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.services.kit import fiches
from bot.services.kit_reminders import due_task_reminders
from tests.integration.test_digest import Recorder, deliver


def test_a_task_reminds_its_role_holders_before_and_when_overdue_once_each(
    sql_app: Application, clock: FixedClock
) -> None:
    actions = list(fiches())
    rssi = [n for n, a in enumerate(actions, start=1) if a.role.value == "rssi"]
    first = max(rssi, key=lambda n: actions[n - 1].delay)
    delay = actions[first - 1].delay
    assert delay > timedelta(hours=1) and len(rssi) >= 2
    sql_app.answer("alice", "C1", "ouvrir Fuite")
    assert not sql_app.answer("alice", "C1", "role @bob rssi").error
    assert not sql_app.answer("alice", "C1", "role @carol rssi").error
    recorder = Recorder()
    others = [n for n in rssi if n != first]
    assert not sql_app.answer("bob", "C1", f"tache {others[0]} faite").error
    clock.advance(seconds=int((delay - timedelta(hours=1)).total_seconds()) - 60)
    due_task_reminders(sql_app.deps)
    deliver(sql_app, recorder)
    assert not any(i.payload.get("number") == first for i, _ in recorder.sent)
    clock.advance(minutes=2)
    reminded = due_task_reminders(sql_app.deps)
    assert reminded == 2 and due_task_reminders(sql_app.deps) == 0
    deliver(sql_app, recorder)
    mine = [(i, t) for i, t in recorder.sent if i.payload.get("number") == first]
    assert sorted(i.recipient or "" for i, _ in mine) == ["bob", "carol"]
    assert all("dans moins d'une heure" in t and f"tache {first} faite" in t for _, t in mine)
    assert not any(i.payload.get("number") == others[0] for i, _ in recorder.sent)
    assert not sql_app.answer("carol", "C1", f"tache {first} faite").error
    clock.advance(hours=2)
    due_task_reminders(sql_app.deps)
    deliver(sql_app, recorder)
    assert not any(
        i.payload.get("number") == first and i.payload.get("moment") == "retard"
        for i, _ in recorder.sent
    )
    late = [(i, t) for i, t in recorder.sent if i.payload.get("moment") == "retard"]
    assert late and all("en retard depuis" in t for _, t in late)
    assert {i.recipient for i, _ in recorder.sent} <= {"alice", "bob", "carol"}
