"""The breach register entry (RGPD art. 33.5), filled from verified facts only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.domain.model import Fact, FactStatus


@dataclass(frozen=True)
class RegisterField:
    label: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    nature: str | None = None


@dataclass(frozen=True)
class RegisterLine:
    label: str
    value: str | None
    missing: tuple[str, ...]


NATURE = {
    True: "violation établie",
    False: "violation écartée à ce jour",
    None: "violation supposée, non établie",
}


def fill(
    fields: list[RegisterField],
    facts: list[Fact],
    labels: Mapping[str, str],
    show: Callable[[Fact], str],
) -> list[RegisterLine]:
    verified = {f.key: f for f in facts if f.status is FactStatus.VERIFIE}

    def part(key: str, alone: bool, field: str) -> str:
        """A fact's value, after its label unless the field's title already says it."""
        label = labels.get(key, key)
        if alone or label.casefold() == field.casefold():
            return show(verified[key])
        return f"{label} : {show(verified[key])}"

    def joined(keys: list[str], alone: bool, field: str) -> str | None:
        """The parts of a field, a reference (``….reference``) as « réf. » after the date it
        belongs to: « 13 janvier 2026, réf. 2026-000123 »."""
        parts: list[str] = []
        for key in keys:
            if key.endswith(".reference"):
                reference = f"réf. {show(verified[key])}"
                if parts:
                    parts[-1] += f", {reference}"
                else:
                    parts.append(reference)
            else:
                parts.append(part(key, alone, field))
        return " ; ".join(parts) or None

    lines = []
    for spec in fields:
        if spec.nature is not None:
            fact = verified.get(spec.nature)
            established = None if fact is None else fact.value == "oui"
            lines.append(
                RegisterLine(spec.label, NATURE[established], () if fact else (spec.nature,))
            )
            continue
        keys = spec.all_of or spec.any_of
        present = [k for k in keys if k in verified]
        alone = len(keys) == 1
        value = joined(present, alone, spec.label)
        if spec.all_of:
            missing = tuple(k for k in keys if k not in verified)
        else:
            missing = () if present else keys
        lines.append(RegisterLine(spec.label, value, missing))
    return lines
