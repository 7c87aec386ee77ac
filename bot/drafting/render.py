"""Rendering a modèle clause by clause from verified facts only, with French typography and
a language check. Each clause sees only the facts it asserts (and the establishment's name),
so its wording cannot print a fact it does not rely on.

The names of ``NAMED`` keys reach the clauses as ``Nom`` objects (``bot/drafting/names.py``),
agreeing by their article or by the verified facts ``<clé>.article``, ``<clé>.genre`` and
``<clé>.nombre`` (consulted with the name, so changing them makes a draft périmé). A name
the grammar does not recognise and no fact settles yields a warning ``nom:<clé>``. Text
values keep their line breaks as U+2028, so that a value stays inside its block
(``bot/drafting/document.py``); a mark ``[[`` typed in a value is disarmed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Template

from bot.domain.clauses import (
    Clause,
    Join,
    Modele,
    derived_states,
    refusals,
    register_state,
    select,
)
from bot.domain.courante import Change, Since
from bot.domain.drafts import Missing, ModelSpec
from bot.domain.errors import Conflict
from bot.domain.figures import sentences
from bot.domain.model import Fact, FactStatus
from bot.domain.provenance import Part, Sentence, backing, of_rendering
from bot.domain.values import ValueType, typed
from bot.drafting import formatting as fmt
from bot.drafting import language
from bot.drafting.clauses import load_modele
from bot.drafting.document import parse, readable
from bot.drafting.environment import NAMES, build_environment
from bot.drafting.names import Nom, load_grammar, nom
from bot.drafting.sentences import LINE_BREAK
from bot.drafting.typography import french

_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")
# Read by every clause through ``c.nom()``, which falls back to a neutral « l'établissement ».
ALWAYS = frozenset({"etablissement.nom"})
JOINERS = {Join.PARAGRAPHE: "\n\n", Join.LIGNE: "\n"}
# Keys holding a name: « lieu » (a city, its article part of its name), « nom » (printed
# with its article), « apposition » (printed as typed: « (Groupe Santé Horizon) »).
NAMED = {"etablissement.nom": "nom", "groupe.nom": "apposition", "etablissement.ville": "lieu"}
SETTINGS = ("article", "genre", "nombre")


def sentence_list(text: str) -> list[str]:
    """The sentences of a draft's text as people read it, as the fact-check numbers them."""
    return sentences(readable(text))


def _settings(key: str) -> list[str]:
    base = key.removesuffix(".nom")
    return [f"{base}.{s}" for s in SETTINGS] if key.endswith(".nom") else []


def _inline(value: str) -> str:
    """A text value kept inside its block: line breaks as U+2028, no block mark."""
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    return LINE_BREAK.join(lines).replace("[[", "[\u200b[")


class Tracked(dict[str, Any]):
    """A mapping that remembers which keys a template consulted, present or not; reading a
    name also consults the facts that settle its grammar (``links``)."""

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
    derived: dict[str, str] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    printed: set[str] = field(default_factory=set)

    def provenance(self, text: str | None = None) -> list[Sentence]:
        """Each sentence of ``text`` (by default the rendered text; the text with the
        « EXERCICE » banner for an exercise) with the clause and facts behind it."""
        return of_rendering(sentence_list(self.text if text is None else text), self.parts)


class Drafter:
    """Holds the one Jinja environment and the modèles; renders one draft at a time."""

    def __init__(self, messages_dir: Path, tz: ZoneInfo, lang: str = "fr") -> None:
        self.env = build_environment(messages_dir, tz)
        self.tz = tz
        self.lang = lang
        self.grammar = load_grammar(messages_dir)
        self.lexicon = language.load_lexicon(messages_dir)
        self.modeles: dict[str, Modele] = {}
        self._compiled: dict[tuple[str, str], Template] = {}
        for path in sorted((messages_dir / lang / "modeles").glob("*.yml")):
            modele, prelude = load_modele(path)
            self.modeles[modele.name] = modele
            for clause in modele.clauses:
                source = prelude + clause.text
                self._compiled[modele.name, clause.name] = self.env.from_string(source)

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

    def context(self, facts: list[Fact], now: datetime) -> dict[str, Any]:
        verified = [f for f in facts if f.status is FactStatus.VERIFIE]
        shown: dict[str, Any] = {
            f.key: _inline(fmt.fact_value(f, self.tz, self.lang))
            if f.kind is ValueType.TEXTE
            else fmt.fact_value(f, self.tz, self.lang)
            for f in verified
        }
        values: dict[str, Any] = {
            f.key: _inline(f.value) if f.kind is ValueType.TEXTE else typed(f.value, f.kind)
            for f in verified
        }
        names = self.names(shown)
        shown.update(names)
        values.update(names)
        return {
            "shown": shown,
            "values": values,
            "aujourdhui": fmt.day_fr(now.astimezone(self.tz).date(), self.lang),
            "lang": self.lang,
            NAMES: names,
        }

    def since(
        self, modele: str, since: Since | None, shown: dict[str, Any], read: set[str]
    ) -> dict[str, Any] | None:
        """What changed since the latest filing, among the modèle's facts, for ``depuis``:
        the values of the facts verified since (read, so that they count as used), the names
        only of those ruled out or back under evaluation."""
        if since is None:
            return None
        keys = self.modeles[modele].keys
        found: dict[str, Any] = {change.value: [] for change in Change}
        for item in since.evolutions:
            if item.key not in keys:
                continue
            value = None
            if item.change in (Change.ETABLI, Change.CORRIGE):
                read.add(item.key)
                value = shown[item.key]
            found[item.change.value].append((item.label, value))
        found["date"], found["reference"] = since.filing.filed_on, since.filing.reference
        return found

    def _clause(self, modele: str, clause: Clause, base: dict[str, Any], seen: set[str]) -> str:
        allowed = clause.backing | ALWAYS
        shown = {k: x for k, x in base["shown"].items() if k in allowed}
        values = {k: x for k, x in base["values"].items() if k in allowed}
        links = {key: _settings(key) for key in base[NAMES]}
        context = {**base, "f": Tracked(shown, seen, links), "v": Tracked(values, seen, links)}
        del context["shown"], context["values"]
        city, today = shown.get("etablissement.ville"), base["aujourdhui"]
        place = city.sujet if isinstance(city, Nom) else city
        context["lieu_date"] = f"{place}, le {today}" if place else f"Le {today}"
        return self._compiled[modele, clause.name].render(**context).strip()

    def body(
        self,
        spec: ModelSpec,
        facts: list[Fact],
        now: datetime,
        read: set[str],
        base: dict[str, Any] | None = None,
        since: Since | None = None,
        details: list[tuple[Clause, str, set[str]]] | None = None,
    ) -> tuple[str, list[tuple[str, str]]]:
        """The included clauses, joined, before typography; ``read`` collects the keys read;
        ``since``, what changed since the latest filing of a text that follows one;
        ``details`` collects each clause with its text and the keys it read. A clause that
        refuses the text, when it holds, raises ``Conflict("model_refused")``."""
        modele = self.modeles[spec.name]
        if base is None:
            base = self.context(facts, now)
        base["depuis"] = self.since(spec.name, since, base["shown"], read)
        base["values"].update(derived_states(facts, now))
        chosen = select(modele.clauses, register_state(facts, now))
        refused = refusals(chosen)
        if refused:
            status = {f.key: f.status.value for f in facts}
            missing = [Missing(r.key, status.get(r.key, "absent"), article=r.article)
                       for r in refused]  # fmt: skip
            raise Conflict(
                "model_refused", model=spec.name, missing=missing, article=refused[0].article
            )
        parts: list[tuple[str, str]] = []
        body, paragraph = "", None
        for clause in chosen:
            seen: set[str] = set()
            text = self._clause(spec.name, clause, base, seen)
            read |= seen
            if not text:
                continue
            parts.append((clause.name, text))
            if details is not None:
                details.append((clause, text, seen))
            same = clause.paragraph is not None and clause.paragraph == paragraph
            body += (" " if same else JOINERS[clause.join] if body else "") + text
            paragraph = clause.paragraph
        return body, parts

    def render(
        self, spec: ModelSpec, facts: list[Fact], now: datetime, since: Since | None = None
    ) -> Rendered:
        read: set[str] = set()
        base = self.context(facts, now)
        names: dict[str, Nom] = base[NAMES]
        parts: list[tuple[Clause, str, set[str]]] = []
        body, _ = self.body(spec, facts, now, read, base, since, parts)
        tidy = _BLANK_LINES.sub("\n\n", _TRAILING.sub("\n", body)).strip()
        text = french(tidy) + "\n"
        seen = read | self.modeles[spec.name].keys | {"etablissement.ville"}
        used = [f for f in facts if f.key in seen and f.status is FactStatus.VERIFIE]
        states = derived_states(facts, now)
        derived = {k: v for k, v in states.items() if k in seen}
        by_key = {f.key: f for f in facts}
        pieces = [
            Part(
                clause.name,
                tuple(sentence_list(french(part))),
                backing(clause, keys, by_key, states),
            )
            for clause, part, keys in parts
        ]
        unsettled = [
            f"nom:{key}"
            for key, name in names.items()
            if key in read and not name.reconnu and not name.apposition
        ]
        return Rendered(
            text=text, facts=used, consulted=seen,
            warnings=self.foreign(text, used) + unsettled,
            derived=derived, parts=pieces, printed=read,
        )  # fmt: skip

    def exercise(self, text: str) -> str:
        """``text`` opening with the « EXERCICE » mention, for a text of an exercise crisis."""
        banner = self.env.from_string("{{ 'exercice'|label('Banner') }}").render(lang=self.lang)
        return f"[[mention]] {banner}\n\n{text}"

    def foreign_sentence(self, sentence: str) -> bool:
        """Whether a sentence a person wrote is not in French, however short."""
        return language.is_foreign(sentence, self.lexicon)

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
