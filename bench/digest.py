"""Building and rendering the daily digest of a large crisis.

Two crises, filled directly in SQLite: 1,000 facts with 200 questions and 5,000 journal
events, and 10,000 facts with 2,000 questions and 50,000 events. The digest covers the
last 1,000 events (a busy day) and is rendered as it is posted. Prints the median time and
the peak memory of each, and the ratio between sizes (10 means linear growth).
Goal: under 200 ms at the larger size.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.bootstrap import Application, bootstrap  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.outbox import DIGEST, OutboxItem  # noqa: E402
from bot.store import tables as t  # noqa: E402

START = datetime(2026, 1, 12, 8, 0, tzinfo=UTC)
RUNS = 7
AFTER = {
    "type": "texte",
    "statut": "verifie",
    "texte": "Question ?",
    "reponse": "oui",
    "role": "dpo",
}


def fill(app: Application, facts: int, questions: int, events: int) -> None:
    assert app.engine is not None
    with app.engine.begin() as conn:
        crisis = {"id": 1, "channel": "C1", "title": "Mesure", "opened_by": "alice"}
        conn.execute(sa.insert(t.crises).values(**crisis, opened_at=START, state="ouverte"))
        conn.execute(
            sa.insert(t.members).values(crisis_id=1, user="alice", role="pilote", since=START)
        )
        conn.execute(sa.insert(t.facts), [
            {"crisis_id": 1, "key": f"constat.n{i:05d}", "value": f"valeur {i}", "kind": "texte",
             "status": "verifie" if i % 3 else "signale", "source": "bench", "proof": None,
             "version": 1, "updated_by": "alice", "updated_at": START, "language": None}
            for i in range(facts)
        ])  # fmt: skip
        conn.execute(sa.insert(t.facts).values(
            crisis_id=1, key="incident.connu_le", value="2026-01-12T09:00+01:00", kind="date_heure",
            status="verifie", source=None, proof=None, version=1, updated_by="alice",
            updated_at=START, language=None))  # fmt: skip
        conn.execute(sa.insert(t.questions), [
            {"crisis_id": 1, "number": i + 1, "text": f"Question {i} ?", "asked_by": "alice",
             "asked_at": START, "owner": "bob" if i % 2 else None,
             "due_at": START + timedelta(hours=i % 48), "answer": None, "answered_by": None,
             "answered_at": None, "state": "ouverte" if i % 4 else "repondue"}
            for i in range(questions)
        ])  # fmt: skip
        kinds = (
            "fait.signale",
            "fait.verifie",
            "fait.refute",
            "question.repondue",
            "role.attribue",
        )
        conn.execute(sa.insert(t.events), [
            {"crisis_id": 1, "seq": i + 1, "at": START + timedelta(seconds=i), "actor": "alice",
             "kind": kinds[i % 5], "subject": f"constat.n{i % facts:05d}",
             "before": None, "after": dict(AFTER, valeur=f"valeur {i}"),
             "prev_hash": "0" * 64, "hash": f"{i:064d}"}
            for i in range(events)
        ])  # fmt: skip
    with app.deps.uow() as uow:
        since = {"since": 0, "upto": events - 1000}
        uow.repo.enqueue(OutboxItem("digest:1:hier", 1, "C1", DIGEST, since, START, START))
        uow.commit()


def measure(facts: int, questions: int, events: int) -> tuple[float, float, int]:
    folder = tempfile.mkdtemp()
    settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{folder}/d.db")  # type: ignore[call-arg]
    app = bootstrap(settings)
    fill(app, facts, questions, events)
    item = OutboxItem("digest:1:today", 1, "C1", DIGEST, {"since": events - 1000, "upto": events},
                      START, START)  # fmt: skip
    app.deliverer.digest_text(item)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        text = app.deliverer.digest_text(item)
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    app.deliverer.digest_text(item)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 1024**2, len(text or "")


def main() -> None:
    small = measure(1_000, 200, 5_000)
    large = measure(10_000, 2_000, 50_000)
    for name, (ms, mib, chars) in (("1,000 facts", small), ("10,000 facts", large)):
        print(f"{name:>13}: median {ms:7.1f} ms  peak memory {mib:6.1f} MiB  ({chars} characters)")
    print(f"ratio large/small: time {large[0] / small[0]:.1f}x, memory {large[1] / small[1]:.1f}x "
          "(10x = linear)")  # fmt: skip
    print(f"goal < 200 ms at the larger size: {'met' if large[0] < 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
