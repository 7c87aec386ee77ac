"""The check of an edited draft on the corpus of edited sentences, through the real edit:
unbacked sentences that pass as « aucun constat », sentences nobody may publish that can be
accepted, findings on faithful deletions (goal 0 each), and the time of a check of a
one-page text (goal < 50 ms)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.factcheck_corpus import score, time_per_check


def main() -> None:
    logging.disable(logging.WARNING)
    result = score()
    print(f"phrases ajoutées : {result.sentences} (dont {len(result.refused)} refusées à l'entrée)")
    print(f"non adossées passées pour « aucun constat » : {len(result.silent)} (objectif 0)")
    print(f"interdites qui peuvent être acceptées : {len(result.acceptable)} (objectif 0)")
    print(f"suppressions de phrases du registre : {result.deletions}, "
          f"constats sur des suppressions fidèles : {len(result.deletion_findings)} (objectif 0), "
          f"contenu obligatoire retiré signalé : {result.required}")  # fmt: skip
    for sentence in result.silent + result.acceptable + result.deletion_findings:
        print(f"  à revoir : {sentence}")
    print(f"temps d'un contrôle d'une page : {time_per_check() * 1000:.1f} ms (objectif < 50 ms)")


if __name__ == "__main__":
    main()
