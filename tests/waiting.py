"""Waiting on what another thread or process does: until the expected has happened, then on
for a while, so that a late duplicate is seen rather than missed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
WATCH = 0.5  # seconds a result is watched once reached
STEP = 0.02


def exactly(
    what: Callable[[], Sequence[T]],
    count: int = 1,
    *,
    timeout: float = 15,
    watch: float = WATCH,
    nudge: Callable[[], None] | None = None,
) -> Sequence[T]:
    """Wait until ``what`` returns ``count`` items, then watch it ``watch`` seconds more,
    ``nudge`` (waking a deliverer, say) called at each look: one item more at any time fails."""
    deadline = time.monotonic() + timeout
    found = what()
    while len(found) < count:
        assert time.monotonic() < deadline, f"expected {count}, got {found}"
        if nudge is not None:
            nudge()
        time.sleep(STEP)
        found = what()
    stays(lambda: len(what()) == count, watch, nudge, lambda: f"expected {count}, got {what()}")
    return what()


def settles(
    what: Callable[[], T],
    expected: T,
    *,
    timeout: float = 15,
    watch: float = WATCH,
    nudge: Callable[[], None] | None = None,
) -> None:
    """Wait until ``what`` returns ``expected``, then watch it ``watch`` seconds more."""
    deadline = time.monotonic() + timeout
    while what() != expected:
        assert time.monotonic() < deadline, f"expected {expected!r}, got {what()!r}"
        if nudge is not None:
            nudge()
        time.sleep(STEP)
    stays(lambda: what() == expected, watch, nudge, lambda: f"{what()!r}, not {expected!r}")


def stays(
    holds: Callable[[], bool],
    seconds: float,
    nudge: Callable[[], None] | None = None,
    why: Callable[[], str] | None = None,
) -> None:
    """``holds`` stays true for ``seconds``, looked at every few milliseconds."""
    end = time.monotonic() + seconds
    while True:
        if nudge is not None:
            nudge()
        assert holds(), why() if why else "changed while watched"
        if time.monotonic() >= end:
            return
        time.sleep(STEP)
