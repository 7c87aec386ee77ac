"""Rendering a modèle from verified facts only, with French typography and a language check.

The names of ``NAMED`` keys reach the modèle as ``Nom`` objects (``bot/drafting/names.py``),
agreeing by their article or by the verified facts ``<clé>.article``, ``<clé>.genre`` and
``<clé>.nombre`` (consulted with the name, so changing them makes a draft périmé). A name
the grammar does not recognise and no fact settles yields a warning ``nom:<clé>``. Text
values keep their line breaks as U+2028, so that a value stays inside its block
(``bot/drafting/document.py``); a mark ``[[`` typed in a value is disarmed."""

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
from bot.drafting.document import parse
from bot.drafting.environment import NAMES, build_environment
from bot.drafting.names import Nom, load_grammar, nom
from bot.drafting.sentences import LINE_BREAK
from bot.drafting.typography import french

_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")
# Keys holding a name: « lieu » (a city, its article part of its name), « nom » (printed
# with its article), « apposition » (printed as typed: « (Groupe Santé Horizon) »).
NAMED = {"etablissement.nom": "nom", "groupe.nom": "apposition", "etablissement.ville": "lieu"}
SETTINGS = ("article", "genre", "nombre")


def _settings(key: str) -> list[str]:
    base = key.removesuffix(".nom")
    return [f"{base}.{s}" for s in SETTINGS] if key.endswith(".nom") else []


def _inline(value: str) -> str:
    """A text value kept inside its block: line breaks as U+2028, no block mark."""
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    return LINE_BREAK.join(lines).replace("[[", "[\u200b[")


class Tracked(dict[str, Any]):
    """A mapping that remembers which keys a template consulted, present or not."""

    def __init__(
        self, values: dict[str, Any], seen: set[str], links: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(values)
        self.seen = seen
        self.links = links or {}

    def _see(self, key: str) -> None:
        self.seen.add(key)
        self.seen.update(self.links.get(key, ()))

    def __getitem__(self, key: str) -> Any:
        self._see(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._see(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._see(key)
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
        self.grammar = load_grammar(messages_dir)
        self.lexicon = language.load_lexicon(messages_dir)

    def names(self, shown: dict[str, Any]) -> dict[str, Nom]:
        """The names among the verified facts, with their grammar."""
        found: dict[str, Nom] = {}
        for key, use in NAMED.items():
            if key in shown:
                said = {s: shown.get(k) for s, k in zip(SETTINGS, _settings(key), strict=False)}
                found[key] = nom(
                    shown[key],
                    self.grammar,
                    ville=use == "lieu",
                    apposition=use == "apposition",
                    **said,
                )
        return found

    def context(self, facts: list[Fact], now: datetime, seen: set[str]) -> dict[str, Any]:
        verified = [f for f in facts if f.status is FactStatus.VERIFIE]
        shown: dict[str, Any] = {
            f.key: _inline(fmt.fact_value(f, self.tz)) if f.kind is ValueType.TEXTE
            else fmt.fact_value(f, self.tz)
            for f in verified
        }  # fmt: skip
        values = {
            f.key: _inline(f.value) if f.kind is ValueType.TEXTE else typed(f.value, f.kind)
            for f in verified
        }
        names = self.names(shown)
        shown.update(names)
        values.update(names)
        links = {key: _settings(key) for key in names}
        today = fmt.day_fr(now.astimezone(self.tz).date())
        city = names.get("etablissement.ville")
        known = values.get("incident.connu_le")
        late = (
            isinstance(known, datetime)
            and "cnil.notifiee_le" not in values
            and (now - known) > timedelta(hours=72)
        )
        return {
            "retard": late,
            "f": Tracked(shown, seen, links),
            "v": Tracked(values, seen, links),
            "aujourdhui": today,
            "lieu_date": f"{city.sujet}, le {today}" if city else f"Le {today}",
            "lang": "fr",
            NAMES: names,
        }

    def render(self, spec: ModelSpec, facts: list[Fact], now: datetime) -> Rendered:
        seen: set[str] = {"etablissement.ville"}
        context = self.context(facts, now, seen)
        raw = self.env.get_template(f"fr/modeles/{spec.name}.j2").render(**context)
        tidy = _BLANK_LINES.sub("\n\n", _TRAILING.sub("\n", raw)).strip()
        text = french(tidy) + "\n"
        used = [f for f in facts if f.key in seen and f.status is FactStatus.VERIFIE]
        unsettled = [
            f"nom:{key}"
            for key, name in context[NAMES].items()
            if key in seen and not name.reconnu and not name.apposition
        ]
        warnings = self.foreign(text, used) + unsettled
        return Rendered(text=text, facts=used, consulted=seen, warnings=warnings)

    def foreign(self, text: str, facts: list[Fact]) -> list[str]:
        """Warnings for each inserted text fact and each paragraph not in French."""
        warnings = [
            f"fait:{f.key}"
            for f in facts
            if f.kind is ValueType.TEXTE
            and f.key not in NAMED
            and language.is_foreign(f.value, self.lexicon)
        ]
        for number, block in enumerate(parse(text), start=1):
            if language.is_foreign(block.text, self.lexicon):
                warnings.append(f"paragraphe:{number}")
        return warnings
