"""Rendering a communiqué with 200 verified facts: typography and language check included.

Prints the cold first render (profiles loaded, templates compiled), then the warm median
and p95 over many renders, against a reference measured in the same run: the clauses
selected and rendered by Jinja, with no typography and no language check.
Goal: warm median under 20 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.catalog import load_catalog  # noqa: E402
from bot.domain.model import Fact, FactStatus  # noqa: E402
from bot.domain.values import ValueType, parse_value  # noqa: E402
from bot.drafting import language  # noqa: E402
from bot.drafting.render import Drafter  # noqa: E402

TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=TZ)
RUNS = 300
CONTRACT = {
    "etablissement.nom": "la Clinique des Mésanges",
    "etablissement.ville": "Lure",
    "groupe.nom": "Groupe Santé Horizon",
    "incident.connu_le": "12/01/2026 09:15",
    "revendication.date": "11/01/2026",
    "revendication.source": "un forum de revente de données",
    "fuite.averee": "non",
    "exfiltration.trace": "non",
    "donnees.origine_si": "non",
    "enquete.experts": "un prestataire qualifié",
    "mesures.prises": "réinitialisation des accès et surveillance renforcée",
    "cnil.notifiee_le": "13/01/2026",
    "plainte.deposee_le": "13/01/2026",
    "presse.contact": "Service communication, 03 84 00 00 00",
}


def facts() -> list[Fact]:
    types = load_catalog(ROOT / "messages").key_types
    result = []
    values = dict(CONTRACT)
    for i in range(200 - len(values)):
        values[f"note.n{i:03d}"] = f"Constat numéro {i} consigné par la cellule de crise"
    for key, raw in values.items():
        kind = types.get(key, ValueType.TEXTE)
        stored = parse_value(raw, kind, TZ)
        result.append(Fact(1, key, stored, kind, FactStatus.VERIFIE, None, None, 1, "bench", NOW))
    return result


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    register = facts()
    started = time.perf_counter()
    language.warm_up()
    drafter = Drafter(ROOT / "messages", TZ)
    spec = load_catalog(ROOT / "messages").models["communique"]
    drafter.render(spec, register, NOW)
    cold = time.perf_counter() - started

    full, bare = [], []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        drafter.render(spec, register, NOW)
        t1 = time.perf_counter()
        drafter.body(spec, register, NOW, set())
        t2 = time.perf_counter()
        full.append((t1 - t0) * 1000)
        bare.append((t2 - t1) * 1000)

    uncached = []
    for _ in range(RUNS // 5):
        language.detect_language.cache_clear()
        t0 = time.perf_counter()
        drafter.render(spec, register, NOW)
        uncached.append((time.perf_counter() - t0) * 1000)

    median, ref = statistics.median(full), statistics.median(bare)
    print(f"facts: {len(register)}, runs: {RUNS}")
    print(f"cold first render (profiles + compile): {cold * 1000:.1f} ms")
    print(f"warm render  median {median:.2f} ms  p95 {percentile(full, 0.95):.2f} ms")
    print(
        f"warm render, language cache cleared  median {statistics.median(uncached):.2f} ms"
        f"  p95 {percentile(uncached, 0.95):.2f} ms"
    )
    print(
        f"clauses only (no typography, no language check)  median {ref:.2f} ms"
        f"  p95 {percentile(bare, 0.95):.2f} ms  (reference)"
    )
    print(f"ratio full/bare (median): {median / ref:.1f}x")
    print(f"goal warm median < 20 ms: {'met' if median < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
