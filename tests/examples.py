"""How many examples a Hypothesis test draws, set by the profile (``tests/conftest.py``): a
test's full count under ``ci`` (``make test-all``, CI), a quarter of it under ``dev``, the
profile of ``make test``. A test written ``@settings(max_examples=examples(800))`` draws 800
examples in CI and 200 at a developer's."""

from __future__ import annotations

from hypothesis import settings

HYPOTHESIS_DEFAULT = 100
LEAST = 10


def examples(full: int) -> int:
    """``full`` scaled by the profile's ``max_examples`` against Hypothesis' own 100."""
    return max(min(full, LEAST), full * settings().max_examples // HYPOTHESIS_DEFAULT)
