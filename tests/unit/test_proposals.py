"""The proposal for each obligation, read from the severity (pure domain)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.commands import grammar
from bot.commands.mentions import Mentions
from bot.domain import commands as c
from bot.domain.courante import Decision, DecisionKind, FactSeen
from bot.domain.model import Fact, FactStatus
from bot.domain.obligations import (
    Obligation,
    Reason,
    RulingState,
    parse_answer,
    parse_obligation,
    propose,
    rulings,
)
from bot.domain.people import Platform
from bot.domain.severity import INPUTS, Level, assess
from bot.domain.values import ValueType

AT = datetime(2026, 1, 12, 9, tzinfo=UTC)


def fact(key: str, value: str, status: FactStatus = FactStatus.VERIFIE, version: int = 1) -> Fact:
    return Fact(1, key, value, ValueType.TEXTE, status, None, None, version, "bob", AT)


def by_obligation(facts: list[Fact]) -> dict[Obligation, tuple[bool | None, Reason]]:
    return {p.obligation: (p.answer, p.reason) for p in propose(assess(facts), facts)}


@given(st.lists(st.integers(min_value=0, max_value=9), min_size=len(INPUTS),
                max_size=len(INPUTS)), st.booleans())  # fmt: skip
def test_a_complete_assessment_proposes_by_its_level_and_the_exemption(
    picks: list[int], exempt: bool
) -> None:
    facts = [fact(spec.key, list(spec.options)[n % len(spec.options)])
             for spec, n in zip(INPUTS, picks, strict=True)]  # fmt: skip
    if exempt:
        facts.append(fact("patients.exemption", "données inintelligibles"))
    found, level = by_obligation(facts), assess(facts).levels[0]
    assert found[Obligation.CNIL][0] is (level is not Level.FAIBLE)
    high = level in (Level.ELEVE, Level.TRES_ELEVE)
    assert found[Obligation.PATIENTS] == (
        (False, Reason.EXEMPTION) if exempt else
        (high, Reason.RISQUE_ELEVE if high else Reason.RISQUE_NON_ELEVE)
    )  # fmt: skip
    assert found[Obligation.CERT_SANTE] == (True, Reason.ETABLISSEMENT_DE_SANTE)


def test_nothing_verified_leaves_cnil_and_patients_to_be_determined() -> None:
    reported = [fact("donnees.contexte", "sensibles", FactStatus.SIGNALE)]
    found = by_obligation(reported)
    assert found[Obligation.CNIL] == (None, Reason.INCOMPLET)
    assert found[Obligation.PATIENTS] == (None, Reason.INCOMPLET)
    assert found[Obligation.ASSUREUR] == (None, Reason.CONTRAT)


def test_an_input_verified_after_the_decision_makes_it_perime() -> None:
    context = fact("donnees.contexte", "sensibles")
    decision = Decision(1, 1, "patients oui", "risque", {context.key: FactSeen.of(context)},
                        "carol", AT, DecisionKind.OBLIGATION)  # fmt: skip
    reported = fact("donnees.identification", "maximale", FactStatus.SIGNALE)
    [ruling] = rulings([decision], {context.key: context, reported.key: reported})
    assert ruling.state is RulingState.PROPOSEE
    verified = fact("donnees.identification", "maximale", version=2)
    [ruling] = rulings([decision], {context.key: context, verified.key: verified})
    assert ruling.state is RulingState.PERIMEE
    assert ruling.changed == ["donnees.identification"]


@given(
    st.sampled_from([("CNIL", "cnil"), ("ARS", "cert_sante"), ("cert-santé", "cert_sante"),
                     ("Patients", "patients"), ("personnes", "patients"),
                     ("Assureur", "assureur")]),
    st.sampled_from([("oui", True), ("OUI", True), ("non", False), ("No", False)]),
    st.booleans(),
)  # fmt: skip
def test_a_decision_on_an_obligation_is_read_in_any_spelling(
    word: tuple[str, str], answer: tuple[str, bool], motif_option: bool
) -> None:
    motif = "motif: risque élevé" if motif_option else "risque élevé"
    command = grammar.decision(
        f"{word[0]} {answer[0]} {motif} faits: a.b", Mentions(Platform.CONSOLE)
    )
    assert isinstance(command, c.DecideObligation)
    assert parse_obligation(command.obligation) is Obligation(word[1])
    assert parse_answer(command.answer) is answer[1]
    assert command.motif == "risque élevé" and command.facts == ("a.b",)


def test_a_free_decision_stays_a_free_decision() -> None:
    command = grammar.decision("Informer l'ARS ce soir motif: CSP", Mentions(Platform.CONSOLE))
    assert command == c.RecordDecision("Informer l'ARS ce soir", "CSP", ())
