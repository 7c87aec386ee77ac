"""Clocks described as data in ``messages/catalog.yml`` (``echeances``), which an
establishment enables in its catalogue: the NIS2 timelines (early warning within 24 h,
incident notification within 72 h, final report within a month of the notification), or any
other of the same shape.

Each clock starts at the moment of awareness, or at the filing that met the clock of the
previous rank (``depuis: depot``); it is met by the n-th filing to its body (``rang``), or by
a verified date fact (``fait``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.clocks import Clock, ClockState, measure
from bot.domain.courante import Body, Filing, filings_to
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, typed


@dataclass(frozen=True)
class ClockSpec:
    code: str
    label: str
    hours: int
    body: Body | None = None
    rank: int = 1
    after_filing: bool = False
    key: str | None = None
    active: bool = False


def _met(spec: ClockSpec, filings: Sequence[Filing], verified: Mapping[str, Fact]) -> date | None:
    if spec.body is not None:
        found = filings_to(filings, spec.body)
        if len(found) >= spec.rank:
            return found[spec.rank - 1].filed_on
    fact = verified.get(spec.key or "")
    if fact is not None and fact.kind is ValueType.DATE:
        value: date = typed(fact.value, fact.kind)
        return value
    return None


def _start(spec: ClockSpec, known: datetime, filings: Sequence[Filing]) -> datetime | None:
    if not spec.after_filing:
        return known
    if spec.body is None or spec.rank < 2:
        return known
    found = filings_to(filings, spec.body)
    if len(found) < spec.rank - 1:
        return None
    return datetime.combine(found[spec.rank - 2].filed_on, time(0), known.tzinfo)


def timelines(
    specs: Iterable[ClockSpec],
    known: datetime | None,
    facts: Iterable[Fact],
    filings: Sequence[Filing],
    now: datetime,
) -> list[Clock]:
    """The active catalogued clocks: not started before the moment of awareness (``known``)
    or, for one that runs from a filing, before that filing."""
    verified = {f.key: f for f in facts if f.status is FactStatus.VERIFIE}
    result = []
    for spec in specs:
        if not spec.active:
            continue
        if known is None:
            result.append(Clock(spec.code, None, ClockState.NOT_STARTED, label=spec.label))
            continue
        start = _start(spec, known, filings)
        if start is None:
            result.append(Clock(spec.code, None, ClockState.WAITING, label=spec.label))
            continue
        found = measure(
            spec.code, start + timedelta(hours=spec.hours), _met(spec, filings, verified), now
        )
        result.append(Clock(found.code, found.due, found.state, found.done_on, found.seconds_left,
                            label=spec.label))  # fmt: skip
    return result
