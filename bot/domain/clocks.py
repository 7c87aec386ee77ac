"""The regulatory clocks, from verified facts (RGPD art. 33 and 34, CSP L.1111-8-2,
Code des assurances L.12-10-1 and L.113-2)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.domain.courante import FILED_KEYS, Body, Filing, filings_to
from bot.domain.model import Fact, FactStatus
from bot.domain.obligations import Ruling
from bot.domain.values import ValueType, typed


class ClockState(StrEnum):
    NOT_STARTED = "not_started"
    WAITING = "waiting"
    """Runs from a filing not made yet (a catalogued clock with « depuis: depot »)."""
    RUNNING = "running"
    LATE = "late"
    DONE = "done"
    DONE_LATE = "done_late"


@dataclass(frozen=True)
class Clock:
    code: str
    due: datetime | None
    state: ClockState
    done_on: date | None = None
    seconds_left: float | None = None
    ruling: Ruling | None = None
    """The cell's current decision on the obligation this clock measures, if any."""
    label: str | None = None
    """The label of a clock described in the catalogue; the others' are in ``messages/``."""

    @property
    def late(self) -> bool:
        return self.state in (ClockState.LATE, ClockState.DONE_LATE)


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` plus ``days`` working days (Monday to Friday)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


DONE_KEYS = {body: keys[0] for body, keys in FILED_KEYS.items() if body is not Body.ANSSI}


def _done(verified: dict[str, Fact], key: str, filings: Sequence[Filing] = ()) -> date | None:
    """When it was done: the first filing recorded, else the verified fact."""
    for body, done_key in DONE_KEYS.items():
        found = filings_to(filings, body)
        if done_key == key and found:
            return found[0].filed_on
    fact = verified.get(key)
    if fact is None or fact.kind is not ValueType.DATE:
        return None
    value: date = typed(fact.value, fact.kind)
    return value


def measure(code: str, due: datetime | None, done: date | None, now: datetime) -> Clock:
    if done is not None:
        late = due is not None and datetime.combine(done, time(0), due.tzinfo) > due
        return Clock(code, due, ClockState.DONE_LATE if late else ClockState.DONE, done)
    if due is None:
        return Clock(code, None, ClockState.RUNNING)
    left = (due - now).total_seconds()
    return Clock(code, due, ClockState.RUNNING if left > 0 else ClockState.LATE, None, left)


def aware_at(
    facts: Iterable[Fact], awareness: datetime | None, tz: tzinfo | None
) -> datetime | None:
    """When the establishment became aware: the moment the DPO or the pilote decided on,
    else the verified ``incident.connu_le``; ``None`` before either."""
    if awareness is not None:
        return awareness
    fact = next(
        (f for f in facts if f.key == "incident.connu_le" and f.status is FactStatus.VERIFIE),
        None,
    )
    if fact is None:
        return None
    known = typed(fact.value, fact.kind)
    if not isinstance(known, datetime):
        known = datetime.combine(known, time(0), tz)
    return known


def clocks(
    facts: list[Fact],
    now: datetime,
    insurer_days: int = 5,
    awareness: datetime | None = None,
    filings: Sequence[Filing] = (),
    informed: date | None = None,
    inform: bool = False,
) -> list[Clock]:
    """CNIL 72 h (then its complement within 72 h of the initial notification), CERT Santé
    without delay, complaint 72 h, insurer, and patients once the breach is verified. They
    start at ``awareness`` (the moment the DPO or the pilote decided on), else at the
    verified ``incident.connu_le``; before either, they have not started. ``informed``: the
    day the patient letter went to the people concerned, which meets the patients' clock as
    a verified ``patients.informes_le`` does. ``inform``: the cell decided to inform the
    persons, which starts the patients' clock as a verified breach does."""
    verified = {f.key: f for f in facts if f.status is FactStatus.VERIFIE}
    known = aware_at(verified.values(), awareness, now.tzinfo)
    if known is None:
        return [
            Clock(code, None, ClockState.NOT_STARTED)
            for code in ("cnil", "cert_sante", "plainte", "assureur")
        ]

    def done(key: str) -> date | None:
        return _done(verified, key, filings)

    cert_done = done("cert_sante.signale_le")
    result = [
        measure("cnil", known + timedelta(hours=72), done("cnil.notifiee_le"), now),
        Clock("cert_sante", known, ClockState.DONE if cert_done else ClockState.LATE, cert_done),
        measure("plainte", known + timedelta(hours=72), done("plainte.deposee_le"), now),
        measure(
            "assureur", add_working_days(known, insurer_days), done("assureur.informe_le"), now
        ),
    ]
    cnil = filings_to(filings, Body.CNIL)
    if cnil:
        initial = datetime.combine(cnil[0].filed_on, time(0), now.tzinfo)
        second = cnil[1].filed_on if len(cnil) > 1 else None
        result.insert(1, measure("cnil_complement", initial + timedelta(hours=72), second, now))
    breach = verified.get("fuite.averee")
    if inform or (breach is not None and breach.value == "oui"):
        days = [d for d in (_done(verified, "patients.informes_le"), informed) if d is not None]
        result.append(measure("patients", None, min(days, default=None), now))
    return result
