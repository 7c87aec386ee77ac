"""The findings of the fact-check of a text: what they are, which no one may accept, and
how an acceptance carries over to the next version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bot.domain.values import fold


class FindingCode(StrEnum):
    CHIFFRE_INCONNU = "chiffre_inconnu"
    CHIFFRE_NON_ETABLI = "chiffre_non_etabli"
    MONTANT_INCONNU = "montant_inconnu"
    DATE_INCONNUE = "date_inconnue"
    DATE_NON_ETABLIE = "date_non_etablie"
    NOM_INCONNU = "nom_inconnu"
    NOM_NON_ETABLI = "nom_non_etabli"
    AFFIRMATION = "affirmation"
    CLAUSE_RETIREE = "clause_retiree"
    CONTREDIT = "contredit"
    PHRASE_CADUQUE = "phrase_caduque"
    LIEN = "lien"
    DEMANDE = "demande_interdite"
    TELEPHONE = "telephone_non_verifie"


# What nobody may accept, whoever writes it: a figure, date or name that only a fact not
# verified gives (the attackers' figure stays a claim), a register sentence whose backing
# fails now, and what a text to patients must never hold.
NEVER_ACCEPTED = frozenset(
    {
        FindingCode.CHIFFRE_NON_ETABLI, FindingCode.DATE_NON_ETABLIE, FindingCode.NOM_NON_ETABLI,
        FindingCode.PHRASE_CADUQUE, FindingCode.LIEN, FindingCode.DEMANDE, FindingCode.TELEPHONE,
    }
)  # fmt: skip
_BLOCKED = {
    "chiffre": FindingCode.CHIFFRE_NON_ETABLI, "nom": FindingCode.NOM_NON_ETABLI,
    "lien": FindingCode.LIEN, "demande": FindingCode.DEMANDE, "telephone": FindingCode.TELEPHONE,
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One thing to fix or to accept; ``number`` counts from 1 within a version."""

    number: int
    code: FindingCode
    sentence: int
    quote: str
    excerpt: str
    key: str | None = None
    status: str | None = None
    claim: str | None = None
    accepted_by: str | None = None
    motif: str | None = None

    @property
    def open(self) -> bool:
        return self.accepted_by is None

    @property
    def blocked(self) -> bool:
        """Nobody may accept it: it is corrected."""
        return self.code in NEVER_ACCEPTED

    def same_as(self, other: Finding) -> bool:
        return (self.code, fold(self.excerpt), self.key, self.claim) == (
            other.code, fold(other.excerpt), other.key, other.claim,
        )  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if v is not None}
        data["code"] = self.code.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        values = dict(data)
        values["code"] = FindingCode(values["code"])
        return cls(**values)


def carry_acceptances(found: list[Finding], before: list[Finding]) -> list[Finding]:
    """The new findings, keeping the acceptance of an identical finding of the version
    before (an approver accepted it with a motif: editing elsewhere does not undo that)."""
    result = []
    for finding in found:
        kept = next((b for b in before if not b.open and b.same_as(finding)), None)
        if kept is not None:
            finding = replace(finding, accepted_by=kept.accepted_by, motif=kept.motif)
        result.append(finding)
    return result
