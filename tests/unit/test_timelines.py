"""Clocks as data: the NIS2 timelines described in ``messages/catalog.yml``, off unless the
establishment's catalogue enables them."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.bootstrap import Application
from bot.catalog import load_catalog
from bot.domain.clocks import ClockState
from bot.domain.courante import Body, Filing
from bot.domain.timelines import timelines
from tests.conftest import PARIS

MESSAGES = Path(__file__).resolve().parents[2] / "messages"
KNOWN = datetime(2026, 1, 12, 9, tzinfo=PARIS)


def nis2() -> list:
    return [replace(spec, active=True) for spec in load_catalog(MESSAGES).clocks]


def filing(number: int, day: date) -> Filing:
    return Filing(1, number, Body.ANSSI, day, None, None, "bob", KNOWN)


def test_the_nis2_clocks_are_described_in_the_catalogue_and_off_by_default() -> None:
    specs = load_catalog(MESSAGES).clocks
    assert [(s.code, s.hours, s.rank) for s in specs] == [
        ("nis2_alerte", 24, 1), ("nis2_notification", 72, 2), ("nis2_rapport", 720, 3),
    ]  # fmt: skip
    assert not any(s.active for s in specs)
    assert timelines(specs, KNOWN, [], [], KNOWN) == []


def test_an_establishment_enables_them_in_its_catalogue(tmp_path: Path) -> None:
    shutil.copytree(MESSAGES, tmp_path / "messages")
    path = tmp_path / "messages" / "catalog.yml"
    path.write_text(path.read_text("utf-8").replace("actif: non", "actif: oui"), "utf-8")
    assert all(s.active for s in load_catalog(tmp_path / "messages").clocks)


def test_each_filing_to_the_anssi_meets_the_next_clock_and_starts_the_final_report() -> None:
    now = KNOWN + timedelta(hours=30)
    alert, notification, report = timelines(nis2(), KNOWN, [], [], now)
    assert alert.state is ClockState.LATE and alert.due == KNOWN + timedelta(hours=24)
    assert notification.state is ClockState.RUNNING
    assert report.state is ClockState.WAITING
    filed = [filing(1, date(2026, 1, 12)), filing(2, date(2026, 1, 14))]
    alert, notification, report = timelines(nis2(), KNOWN, [], filed, now)
    assert alert.state is ClockState.DONE and notification.state is ClockState.DONE
    assert report.state is ClockState.RUNNING
    assert report.due == datetime(2026, 2, 13, tzinfo=PARIS)


@given(hours=st.integers(min_value=-100, max_value=2000))
def test_before_the_moment_of_awareness_none_has_started(hours: int) -> None:
    now = KNOWN + timedelta(hours=hours)
    assert {c.state for c in timelines(nis2(), None, [], [], now)} == {ClockState.NOT_STARTED}


def test_enabled_clocks_show_in_the_deadlines_with_their_label(fake_app: Application) -> None:
    fake_app.deps.timelines[:] = nis2()
    fake_app.answer("alice", "C1", "ouvrir Revendication")
    fake_app.answer("alice", "C1", "connaissance hier 10h motif: courriel")
    shown = fake_app.answer("alice", "C1", "echeances").text
    assert (
        "Alerte précoce à l'ANSSI (NIS2 art. 23, 24 h) : avant le 12 janvier 2026 à 10 h" in shown
    )
    assert (
        "Rapport final à l'ANSSI (NIS2 art. 23, un mois après la notification) : part de la démarche précédente"
        in shown
    )
