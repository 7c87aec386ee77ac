"""The patient-data guard over generated variants, through the whole application on fakes.

Draws commands with the strategies of ``tests/pii_generator.py`` (identifiers × disguises ×
fields that store text) and types each one; then records the ordinary crisis texts of
``tests/data/crisis_texts.txt`` as fact values; then times the guard alone on 4,000
characters of ordinary text. Prints: variants stored and echoed (goal 0), false refusals
(goal under 1 %), milliseconds per 4,000 characters (goal under 5 ms)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis.errors import NonInteractiveExampleWarning  # noqa: E402

from bot.bootstrap import bootstrap  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.privacy.guard import PatientDataGuard  # noqa: E402
from tests.conftest import START  # noqa: E402
from tests.fakes import FakeRepository, FakeUnitOfWork  # noqa: E402
from tests.pii_corpus import crisis_texts, refused  # noqa: E402
from tests.pii_generator import (  # noqa: E402
    channel_for,
    commands,
    prepare,
    shows,
    snapshot,
    typed,
    user_for,
)

VARIANTS = 2000


def main() -> None:
    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{folder}/g.db", _env_file=None
        )  # type: ignore[call-arg]
        store = FakeRepository()
        app = bootstrap(settings, clock=FixedClock(START), uow=lambda: FakeUnitOfWork(store))
        draft = prepare(app)
        stored = echoed = 0
        kinds: dict[str, int] = {}
        strategy = commands()
        for _ in range(VARIANTS):
            command, secret = strategy.example()
            command = typed(command, draft)
            kinds[secret.kind] = kinds.get(secret.kind, 0) + 1
            before = snapshot(store)
            answer = app.answer(user_for(command), channel_for(command), command)
            if not answer.error or snapshot(store) != before:
                stored += 1
                print(f"  stored: {command[:300]!r}")
            if shows(secret, answer.text):
                echoed += 1
                print(f"  echoed: {command[:300]!r}")
        texts = crisis_texts()
        assert not app.answer("alice", "C-ordinaire", "ouvrir Revendication").error
        false = [
            text
            for n, text in enumerate(texts)
            if refused(app.answer("alice", "C-ordinaire", f"fait constat.n{n} = {text}"))
        ]
    guard = PatientDataGuard.from_messages(settings.messages_dir, settings.patient_id_pattern)
    ordinary = " ".join(texts)
    ordinary = (ordinary * (4000 // len(ordinary) + 1))[:4000]
    guard.check([("texte", ordinary)])
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        guard.check([("texte", ordinary)])
        timings.append(1000 * (time.perf_counter() - start))
    drawn = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    print(f"generated variants: {VARIANTS} ({drawn})")
    print(f"stored: {stored}/{VARIANTS}  echoed: {echoed}/{VARIANTS}  (goal 0)")
    share = 100 * len(false) / len(texts)
    print(f"false refusals: {len(false)}/{len(texts)} ({share:.1f} %, goal under 1 %)")
    for text in false:
        print(f"  refused: {text}")
    print(
        f"guard on 4,000 characters of ordinary text: median {statistics.median(timings):.1f} ms,"
        f" slowest {max(timings):.1f} ms (goal under 5 ms)"
    )


if __name__ == "__main__":
    main()
