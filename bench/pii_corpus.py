"""The patient-data guard over its corpus, through the whole application on SQLite.

Each variant of ``tests/data/pii_variants.yml`` is typed in one field in turn (value,
source, question, answer, proof, motif, closing, title; key, owner or role target when it
can be one); ordinary crisis texts of ``tests/data/crisis_texts.txt`` are recorded as fact
values. Prints: variants, how many were stored (accepted, or found afterwards in `faits`,
`questions` or `journal`), how many replies echoed them, the false refusals of ordinary
texts, and the time per check. Goal: 0 stored, 0 echoed, under 2 % false refusals.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.bootstrap import bootstrap  # noqa: E402
from bot.config import Settings  # noqa: E402
from tests.pii_corpus import (  # noqa: E402
    CHANNEL,
    channel_for,
    commands_for,
    crisis_texts,
    prepare,
    refused,
    shows,
    variants,
)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(DATABASE_URL=f"sqlite:///{folder}/pii.db", _env_file=None)  # type: ignore[call-arg]
        app = bootstrap(settings)
        prepare(app)
        corpus, texts = variants(), crisis_texts()
        stored = echoed = typed = 0
        start = time.perf_counter()
        for index, variant in enumerate(corpus):
            leaked = shown = False
            for command in commands_for(index, variant.text):
                typed += 1
                answer = app.answer("alice", channel_for(command, index), command)
                leaked |= not refused(answer)
                shown |= shows(variant.secret, answer.text)
            stored += leaked
            echoed += shown
        elapsed = time.perf_counter() - start
        listings = " ".join(
            app.answer("alice", CHANNEL, c).text for c in ("faits", "questions", "journal")
        )
        found = sum(shows(v.secret, listings) for v in corpus)
        assert not app.answer("alice", "C-ordinaire", "ouvrir Revendication").error
        false = [
            text
            for n, text in enumerate(texts)
            if refused(app.answer("alice", "C-ordinaire", f"fait constat.n{n} = {text}"))
        ]
    kinds = sorted({v.kind for v in corpus})
    print(f"variants: {len(corpus)} ({', '.join(kinds)}), typed in {typed} commands")
    print(f"stored: {stored}  (found in faits/questions/journal afterwards: {found})")
    print(f"echoed: {echoed}")
    share = 100 * len(false) / len(texts)
    print(f"false refusals: {len(false)}/{len(texts)} ({share:.1f} %)")
    for text in false:
        print(f"  refused: {text}")
    print(f"time per command through the application: {1000 * elapsed / typed:.1f} ms")


if __name__ == "__main__":
    main()
