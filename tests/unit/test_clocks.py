"""Regulatory clocks at their boundaries, with an injected clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.domain.clocks import ClockState, add_working_days, clocks
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType

PARIS = ZoneInfo("Europe/Paris")
KNOWN = datetime(2026, 1, 9, 14, 30, tzinfo=PARIS)  # a Friday


def fact(key: str, value: str, kind: ValueType, status: FactStatus = FactStatus.VERIFIE) -> Fact:
    return Fact(1, key, value, kind, status, None, None, 1, "bob", KNOWN)


KNOWN_FACT = fact("incident.connu_le", KNOWN.isoformat(timespec="minutes"), ValueType.DATE_HEURE)


def by_code(facts: list[Fact], now: datetime) -> dict[str, object]:
    return {c.code: c for c in clocks(facts, now)}


def test_clocks_do_not_start_before_the_moment_of_knowledge_is_verified() -> None:
    unverified = fact(
        "incident.connu_le", KNOWN.isoformat(), ValueType.DATE_HEURE, FactStatus.SIGNALE
    )
    assert {c.state for c in clocks([unverified], KNOWN)} == {ClockState.NOT_STARTED}


@pytest.mark.parametrize(
    ("after", "state"),
    [
        (timedelta(hours=71, minutes=59), ClockState.RUNNING),
        (timedelta(hours=72, minutes=1), ClockState.LATE),
    ],
)
def test_the_cnil_clock_is_72_hours(after: timedelta, state: ClockState) -> None:
    cnil = clocks([KNOWN_FACT], KNOWN + after)[0]
    assert cnil.code == "cnil" and cnil.state is state
    assert cnil.due == KNOWN + timedelta(hours=72)


def test_a_notification_after_72_hours_is_flagged_late() -> None:
    on_time = fact("cnil.notifiee_le", "2026-01-11", ValueType.DATE)
    late = fact("cnil.notifiee_le", "2026-01-13", ValueType.DATE)
    assert clocks([KNOWN_FACT, on_time], KNOWN)[0].state is ClockState.DONE
    assert clocks([KNOWN_FACT, late], KNOWN)[0].state is ClockState.DONE_LATE


def test_cert_sante_is_due_without_delay_and_the_complaint_within_72_hours() -> None:
    found = {c.code: c for c in clocks([KNOWN_FACT], KNOWN + timedelta(minutes=1))}
    assert found["cert_sante"].state is ClockState.LATE
    assert found["plainte"].state is ClockState.RUNNING
    assert found["plainte"].due == KNOWN + timedelta(hours=72)


def test_the_insurer_counts_working_days() -> None:
    assert add_working_days(KNOWN, 5) == KNOWN + timedelta(days=7)
    assert add_working_days(KNOWN, 1) == KNOWN + timedelta(days=3)
    insurer = {c.code: c for c in clocks([KNOWN_FACT], KNOWN, insurer_days=2)}["assureur"]
    assert insurer.due == KNOWN + timedelta(days=4)


def test_the_patients_clock_appears_once_the_breach_is_verified() -> None:
    assert "patients" not in {c.code for c in clocks([KNOWN_FACT], KNOWN)}
    breach = fact("fuite.averee", "oui", ValueType.BOOLEEN)
    assert "patients" in {c.code for c in clocks([KNOWN_FACT, breach], KNOWN)}


def test_deadlines_read_like_french(fake_app: Application, clock: FixedClock) -> None:
    fake_app.answer("alice", "C1", "ouvrir Fuite")
    fake_app.answer("alice", "C1", "fait incident.connu_le = 12/01/2026 09:00")
    fake_app.answer("alice", "C1", "verifier incident.connu_le")
    fake_app.answer("alice", "C1", "question Qui appelle l'ARS ? @bob avant: 12/01/2026 10h")
    clock.current = datetime(2026, 1, 14, 19, 0, tzinfo=PARIS)
    text = fake_app.answer("alice", "C1", "echeances").text
    assert (
        "Notification à la CNIL (72 h, RGPD art. 33) : avant le 15 janvier 2026 à 9 h — reste 14 h"
        in text
    )
    assert "à faire sans délai" in text
    assert "Questions en retard (1)" in text and "EN RETARD de 2 j 9 h" in text
    clock.current = datetime(2026, 1, 15, 12, 0, tzinfo=PARIS)
    assert (
        "EN RETARD de 3 h (échéance le 15 janvier 2026 à 9 h)"
        in fake_app.answer("alice", "C1", "echeances").text
    )
    fake_app.answer("alice", "C1", "fait cnil.notifiee_le = 16/01/2026")
    fake_app.answer("alice", "C1", "verifier cnil.notifiee_le")
    assert (
        "les motifs du retard doivent accompagner la notification"
        in fake_app.answer("alice", "C1", "statut").text
    )


def test_the_patients_clock_is_met_when_the_letter_goes_to_the_people_concerned() -> None:
    from bot.domain.disseminations import Dissemination, Recipient, patients_informed
    from bot.domain.drafts import Draft, DraftState

    def draft(number: int, model: str) -> Draft:
        return Draft(1, number, model, "…", {}, "h", "eric", KNOWN, state=DraftState.PUBLIE)

    def went(number: int, recipient: Recipient, day: int) -> Dissemination:
        at = datetime(2026, 1, day, 23, 30, tzinfo=PARIS)
        return Dissemination(1, number, recipient, None, at, "eric", at, "h")

    drafts = [draft(1, "communique"), draft(2, "patients")]
    breach = [KNOWN_FACT, fact("fuite.averee", "oui", ValueType.BOOLEEN)]
    now = KNOWN + timedelta(days=5)
    press_only = [went(1, Recipient.PRESSE, 10), went(1, Recipient.PATIENTS_COURRIER, 10)]
    assert patients_informed(press_only, drafts, PARIS) is None
    [waiting] = [c for c in clocks(breach, now) if c.code == "patients"]
    assert waiting.state is ClockState.RUNNING
    letters = [went(2, Recipient.PATIENTS_SMS, 12), went(2, Recipient.PATIENTS_COURRIER, 11)]
    informed = patients_informed(press_only + letters, drafts, PARIS)
    assert informed == datetime(2026, 1, 11).date()
    [met] = [c for c in clocks(breach, now, informed=informed) if c.code == "patients"]
    assert met.state is ClockState.DONE and met.done_on == informed
