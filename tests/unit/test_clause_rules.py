"""The rules under the modèles: assertions, selection, coherence of the register."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clauses import Assertion, Clause, parse_assertion, select
from bot.domain.coherence import borrowed, contradictions
from bot.domain.errors import InvalidValue
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType
from bot.drafting.clauses import load_modele

NOW = datetime(2026, 1, 14, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
V, S = FactStatus.VERIFIE, FactStatus.SIGNALE


def fact(key: str, value: str, kind: ValueType, status: FactStatus = V) -> Fact:
    return Fact(1, key, value, kind, status, None, None, 1, "test", NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("verifie", Assertion("k", True, None)),
        ("verifie = oui", Assertion("k", True, "oui")),
        ("non verifie", Assertion("k", False, None)),
        ("non verifie = oui", Assertion("k", False, "oui")),
    ],
)
def test_assertions_read_status_and_value(text: str, expected: Assertion) -> None:
    assert parse_assertion("k", text) == expected


@pytest.mark.parametrize("text", ["vérifié", "signale", "verifie oui", ""])
def test_an_unknown_assertion_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_assertion("k", text)


def test_a_negated_value_holds_for_every_state_but_that_value_verified() -> None:
    not_yes = Assertion("fuite.averee", False, "oui")
    assert not_yes.holds({})
    assert not_yes.holds({"fuite.averee": (S, "oui")})
    assert not_yes.holds({"fuite.averee": (V, "non")})
    assert not not_yes.holds({"fuite.averee": (V, "oui")})


def test_exclusion_works_both_ways() -> None:
    first = Clause("a", (), "A")
    second = Clause("b", (), "B", excludes=frozenset({"a"}))
    assert [c.name for c in select([first, second], {})] == ["a"]
    assert [c.name for c in select([second, first], {})] == ["b"]


def test_at_least_one_of_needs_a_verified_fact() -> None:
    clause = Clause("a", (), "A", any_of=("x", "y"))
    assert not select([clause], {"x": (S, "1")})
    assert select([clause], {"y": (V, "1")})


def test_a_modele_without_declared_assertions_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "essai.yml"
    path.write_text("clauses:\n  - {clause: a, texte: Phrase.}\n", "utf-8")
    with pytest.raises(InvalidValue):
        load_modele(path)
    path.write_text("clauses:\n  - {clause: a, affirme: rien, exclut: [z], texte: P.}\n", "utf-8")
    with pytest.raises(InvalidValue):
        load_modele(path)


def test_contradictions_need_both_facts_verified() -> None:
    no_leak = fact("fuite.averee", "non", ValueType.BOOLEEN)
    trace = fact("exfiltration.trace", "oui", ValueType.BOOLEEN, S)
    assert contradictions([no_leak, trace], NOW) == []
    trace.status = V
    assert [c.keys for c in contradictions([no_leak, trace], NOW)] == [
        ("fuite.averee", "exfiltration.trace")
    ]


def test_dates_are_checked_against_awareness_and_today() -> None:
    known = fact("incident.connu_le", "2026-01-12T09:00+01:00", ValueType.DATE_HEURE)
    early = fact("cnil.notifiee_le", "2026-01-11", ValueType.DATE)
    future = fact("plainte.deposee_le", "2026-01-15", ValueType.DATE)
    found = contradictions([known, early, future], NOW)
    assert [(c.kind, c.keys) for c in found] == [
        ("avant", ("cnil.notifiee_le", "incident.connu_le")),
        ("futur", ("plainte.deposee_le",)),
    ]


@pytest.mark.parametrize("typed", ["103 082", "103082", "103\u202f082", "103.082"])
def test_a_reported_figure_is_found_however_it_is_written(typed: str) -> None:
    volume = fact("revendication.volume", "103082", ValueType.ENTIER, S)
    categories = fact("donnees.categories", f"noms de {typed} patients", ValueType.TEXTE)
    found = borrowed([volume, categories], {"donnees.categories"})
    assert [(b.key, b.source) for b in found] == [("donnees.categories", "revendication.volume")]
    assert borrowed([volume, categories], set()) == []
    volume.status = V
    assert borrowed([volume, categories], {"donnees.categories"}) == []


def test_every_key_a_clause_reads_is_in_the_catalog() -> None:
    from bot.catalog import load_catalog
    from bot.domain.clauses import DERIVED

    messages = Path(__file__).resolve().parents[2] / "messages"
    known = set(load_catalog(messages).key_types) | DERIVED
    for path in (messages / "fr" / "modeles").glob("*.yml"):
        modele, _ = load_modele(path)
        assert modele.keys <= known, (path.name, modele.keys - known)
