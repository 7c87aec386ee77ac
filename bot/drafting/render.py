"""Rendering a modèle from verified facts only, with French typography and a language check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.drafts import ModelSpec
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, typed
from bot.drafting import formatting as fmt
from bot.drafting import language
from bot.drafting.environment import build_environment
from bot.drafting.typography import french

_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")


class Tracked(dict[str, Any]):
    """A mapping that remembers which keys a template consulted, present or not."""

    def __init__(self, values: dict[str, Any], seen: set[str]) -> None:
        super().__init__(values)
        self.seen = seen

    def __getitem__(self, key: str) -> Any:
        self.seen.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.seen.add(key)
        return super().__contains__(key)


@dataclass(frozen=True)
class Rendered:
    text: str
    facts: list[Fact]
    consulted: set[str]
    warnings: list[str]


class Drafter:
    """Holds the one Jinja environment of the modèles; renders one draft at a time."""

    def __init__(self, messages_dir: Path, tz: ZoneInfo) -> None:
        self.env = build_environment(messages_dir, tz)
        self.tz = tz

    def context(self, facts: list[Fact], now: datetime, seen: set[str]) -> dict[str, Any]:
        verified = [f for f in facts if f.status is FactStatus.VERIFIE]
        shown = {f.key: fmt.fact_value(f, self.tz) for f in verified}
        values = {f.key: typed(f.value, f.kind) for f in verified}
        today = fmt.day_fr(now.astimezone(self.tz).date())
        city = shown.get("etablissement.ville")
        known = values.get("incident.connu_le")
        late = (
            isinstance(known, datetime)
            and "cnil.notifiee_le" not in values
            and (now - known) > timedelta(hours=72)
        )
        return {
            "retard": late,
            "f": Tracked(shown, seen),
            "v": Tracked(values, seen),
            "aujourdhui": today,
            "lieu_date": f"{city}, le {today}" if city else f"Le {today}",
            "lang": "fr",
        }

    def render(self, spec: ModelSpec, facts: list[Fact], now: datetime) -> Rendered:
        seen: set[str] = {"etablissement.ville"}
        context = self.context(facts, now, seen)
        raw = self.env.get_template(f"fr/modeles/{spec.name}.j2").render(**context)
        tidy = _BLANK_LINES.sub("\n\n", _TRAILING.sub("\n", raw)).strip()
        text = french(tidy) + "\n"
        used = [f for f in facts if f.key in seen and f.status is FactStatus.VERIFIE]
        return Rendered(text=text, facts=used, consulted=seen, warnings=self.foreign(text, used))

    @staticmethod
    def foreign(text: str, facts: list[Fact]) -> list[str]:
        """Warnings for each inserted text fact and each paragraph not in French."""
        warnings = [
            f"fait:{f.key}"
            for f in facts
            if f.kind is ValueType.TEXTE and language.is_foreign(f.value)
        ]
        for number, paragraph in enumerate(text.split("\n\n"), start=1):
            if language.is_foreign(paragraph):
                warnings.append(f"paragraphe:{number}")
        return warnings
