"""The fact-check on the corpus of edited sentences: catches and false alarms."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.drafting.factcheck import load_lexicon
from tests.factcheck_corpus import score

MESSAGES = Path(__file__).resolve().parent.parent / "messages"


def main() -> None:
    result = score(load_lexicon(MESSAGES))
    invented = len(result.caught) + len(result.missed)
    print(f"phrases inventées : {invented}, repérées : {len(result.caught)} "
          f"({len(result.caught) / invented:.0%})")  # fmt: skip
    print(f"phrases fidèles : {result.faithful}, fausses alertes : {len(result.false_alarms)} "
          f"({len(result.false_alarms) / result.faithful:.0%})")  # fmt: skip
    for sentence in result.missed:
        print(f"  manquée : {sentence}")
    for sentence in result.false_alarms:
        print(f"  fausse alerte : {sentence}")


if __name__ == "__main__":
    main()
