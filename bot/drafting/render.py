"""Rendering a modèle clause by clause from verified facts only, with French typography and
a language check. Each clause sees only the facts it asserts (and the establishment's name),
so its wording cannot print a fact it does not rely on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Template

from bot.domain.clauses import Clause, Join, Modele, derived_states, register_state, select
from bot.domain.drafts import ModelSpec
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, typed
from bot.drafting import formatting as fmt
from bot.drafting import language
from bot.drafting.clauses import load_modele
from bot.drafting.environment import build_environment
from bot.drafting.typography import french

_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")
# Read by every clause through ``c.nom()``, which falls back to a neutral « l'établissement ».
NAMES = frozenset({"etablissement.nom"})
JOINERS = {Join.PARAGRAPHE: "\n\n", Join.LIGNE: "\n"}


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
    derived: dict[str, str] = field(default_factory=dict)
    clauses: list[tuple[str, str]] = field(default_factory=list)
    printed: set[str] = field(default_factory=set)


class Drafter:
    """Holds the one Jinja environment and the modèles; renders one draft at a time."""

    def __init__(self, messages_dir: Path, tz: ZoneInfo, lang: str = "fr") -> None:
        self.env = build_environment(messages_dir, tz)
        self.tz = tz
        self.lang = lang
        self.modeles: dict[str, Modele] = {}
        self._compiled: dict[tuple[str, str], Template] = {}
        for path in sorted((messages_dir / lang / "modeles").glob("*.yml")):
            modele, prelude = load_modele(path)
            self.modeles[modele.name] = modele
            for clause in modele.clauses:
                source = prelude + clause.text
                self._compiled[modele.name, clause.name] = self.env.from_string(source)

    def context(self, facts: list[Fact], now: datetime) -> dict[str, Any]:
        verified = [f for f in facts if f.status is FactStatus.VERIFIE]
        shown = {f.key: fmt.fact_value(f, self.tz, self.lang) for f in verified}
        return {
            "shown": shown,
            "values": {f.key: typed(f.value, f.kind) for f in verified},
            "aujourdhui": fmt.day_fr(now.astimezone(self.tz).date(), self.lang),
            "lang": self.lang,
        }

    def _clause(self, modele: str, clause: Clause, base: dict[str, Any], seen: set[str]) -> str:
        allowed = clause.backing | NAMES
        shown = {k: x for k, x in base["shown"].items() if k in allowed}
        values = {k: x for k, x in base["values"].items() if k in allowed}
        context = {**base, "f": Tracked(shown, seen), "v": Tracked(values, seen)}
        del context["shown"], context["values"]
        city, today = shown.get("etablissement.ville"), base["aujourdhui"]
        context["lieu_date"] = f"{city}, le {today}" if city else f"Le {today}"
        return self._compiled[modele, clause.name].render(**context).strip()

    def body(
        self, spec: ModelSpec, facts: list[Fact], now: datetime, read: set[str]
    ) -> tuple[str, list[tuple[str, str]]]:
        """The included clauses, joined, before typography; ``read`` collects the keys read."""
        modele = self.modeles[spec.name]
        base = self.context(facts, now)
        base["values"].update(derived_states(facts, now))
        parts: list[tuple[str, str]] = []
        body, paragraph = "", None
        for clause in select(modele.clauses, register_state(facts, now)):
            text = self._clause(spec.name, clause, base, read)
            if not text:
                continue
            parts.append((clause.name, text))
            same = clause.paragraph is not None and clause.paragraph == paragraph
            body += (" " if same else JOINERS[clause.join] if body else "") + text
            paragraph = clause.paragraph
        return body, parts

    def render(self, spec: ModelSpec, facts: list[Fact], now: datetime) -> Rendered:
        read: set[str] = set()
        body, parts = self.body(spec, facts, now, read)
        tidy = _BLANK_LINES.sub("\n\n", _TRAILING.sub("\n", body)).strip()
        text = french(tidy) + "\n"
        seen = read | self.modeles[spec.name].keys | {"etablissement.ville"}
        used = [f for f in facts if f.key in seen and f.status is FactStatus.VERIFIE]
        derived = {k: v for k, v in derived_states(facts, now).items() if k in seen}
        return Rendered(
            text=text, facts=used, consulted=seen, warnings=self.foreign(text, used),
            derived=derived, clauses=parts, printed=read,
        )  # fmt: skip

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
