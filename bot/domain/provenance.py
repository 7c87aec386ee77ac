"""Where each sentence of a version of a draft comes from, and whether it still holds.

A sentence is the register's when a clause of the modèle produced it: it keeps the clauses
and the facts (key, version, value) it rests on. It is a person's when someone wrote or
changed it: it keeps who and when. Through an edit, a sentence found word for word (spacing
and typography aside) in the version before, or in an earlier version, keeps its provenance,
wherever it moved; any other sentence is its editor's. A sentence that came from neither
(the « EXERCICE » banner, a rectificatif's heading) is the bot's own and asserts nothing.

``stale`` re-derives the backing of every register sentence from the register as it is now:
its clauses must still hold (the yes/no and text facts they assert, the derived CNIL
clock), and each verified fact it rests on must still be verified with the same value.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain.clauses import Clause, Modele
from bot.domain.model import Fact, FactStatus

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})


def identity(sentence: str) -> str:
    """What makes two sentences the same sentence: their words and punctuation, whatever
    the spaces (non-breaking or not) and the form of the apostrophes."""
    text = unicodedata.normalize("NFKC", sentence).translate(_APOSTROPHES)
    text = text.replace("« ", "«").replace(" »", "»")
    return " ".join(text.split())


@dataclass(frozen=True)
class Backing:
    """A fact a register sentence rests on, as it was when the sentence was written:
    ``version`` 0 for a key asserted not verified, or a derived state (``value`` holds it)."""

    key: str
    version: int
    value: str | None


@dataclass(frozen=True)
class Sentence:
    text: str
    clauses: tuple[str, ...] = ()
    facts: tuple[Backing, ...] = ()
    author: str | None = None
    at: datetime | None = None

    @property
    def human(self) -> bool:
        return self.author is not None

    @property
    def register(self) -> bool:
        return bool(self.clauses)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"texte": self.text}
        if self.clauses:
            data["clauses"] = list(self.clauses)
            data["faits"] = [[b.key, b.version, b.value] for b in self.facts]
        if self.author is not None:
            data["auteur"] = self.author
            data["le"] = self.at.isoformat() if self.at else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sentence:
        at = data.get("le")
        return cls(
            text=str(data["texte"]),
            clauses=tuple(data.get("clauses", ())),
            facts=tuple(Backing(str(k), int(v), val) for k, v, val in data.get("faits", ())),
            author=data.get("auteur"),
            at=datetime.fromisoformat(at) if at else None,
        )


@dataclass(frozen=True)
class Part:
    """A clause as rendered: its name, its sentences, and the facts they rest on."""

    clause: str
    sentences: tuple[str, ...]
    facts: tuple[Backing, ...]


def backing(
    clause: Clause, consulted: Iterable[str], facts: Mapping[str, Fact], derived: Mapping[str, str]
) -> tuple[Backing, ...]:
    """The facts a clause rests on: every key it asserts (verified or not), those it shows
    when verified, and those it read while rendering."""
    keys = {a.key for a in clause.asserts} | {*clause.any_of, *clause.mentions, *consulted}
    found = []
    for key in sorted(keys):
        fact = facts.get(key)
        if key in derived:
            found.append(Backing(key, 0, derived[key]))
        elif fact is not None and fact.status is FactStatus.VERIFIE:
            found.append(Backing(key, fact.version, fact.value))
        else:
            found.append(Backing(key, 0, None))
    return tuple(found)


def of_rendering(sentences: Sequence[str], parts: Sequence[Part]) -> list[Sentence]:
    """The provenance of each sentence of a rendered text, from its clauses in order: a
    sentence is a clause's sentence, or several consecutive ones joined in one paragraph
    (a heading run into the text that follows); anything else is the bot's own."""
    pieces = [(identity(s), p) for p in parts for s in p.sentences]
    result: list[Sentence] = []
    start = 0
    for sentence in sentences:
        wanted = identity(sentence)
        found = _run(wanted, pieces, start)
        if found is None:
            result.append(Sentence(sentence))
            continue
        first, last = found
        used = [p for _, p in pieces[first:last]]
        clauses = tuple(dict.fromkeys(p.clause for p in used))
        facts = tuple(dict.fromkeys(b for p in used for b in p.facts))
        result.append(Sentence(sentence, clauses, facts))
        start = last
    return result


def _run(wanted: str, pieces: list[tuple[str, Part]], start: int) -> tuple[int, int] | None:
    """The pieces, from ``start`` on, whose sentences joined make ``wanted``."""
    for first in range(start, len(pieces)):
        joined = ""
        for last in range(first, len(pieces)):
            joined = f"{joined} {pieces[last][0]}".strip()
            if joined == wanted:
                return first, last + 1
            if not wanted.startswith(joined):
                break
    return None


def carry(
    sentences: Sequence[str],
    earlier: Sequence[Sequence[Sentence]],
    author: str | None,
    at: datetime,
) -> list[Sentence]:
    """The provenance of an edited text: each sentence found in a version before (the
    latest first) keeps the provenance it had there, one use each; the others are
    ``author``'s, written ``at`` (the bot's own when ``author`` is None: a rectificatif's
    heading)."""
    pools: list[dict[str, list[Sentence]]] = []
    for version in earlier:
        pool: dict[str, list[Sentence]] = {}
        for s in version:
            pool.setdefault(identity(s.text), []).append(s)
        pools.append(pool)
    result = []
    for text in sentences:
        key = identity(text)
        kept = next((pool[key].pop(0) for pool in pools if pool.get(key)), None)
        if kept is None:
            result.append(Sentence(text, author=author, at=at if author else None))
        else:
            result.append(Sentence(text, kept.clauses, kept.facts, kept.author, kept.at))
    return result


def authors(sentences: Iterable[Sentence]) -> set[str]:
    return {s.author for s in sentences if s.author is not None}


def human(sentences: Sequence[Sentence]) -> list[tuple[int, Sentence]]:
    """The sentences people wrote, numbered from 1 as the version's sentences are."""
    return [(n, s) for n, s in enumerate(sentences, start=1) if s.human]


@dataclass(frozen=True)
class Lapse:
    """A register sentence whose backing fails now: ``key`` is the fact (or the clause,
    when the modèle no longer has it) that no longer holds."""

    number: int
    sentence: Sentence
    key: str
    clause: str


@dataclass
class Backed:
    """What the register says of each sentence of a version."""

    sentences: list[Sentence]
    lapses: list[Lapse] = field(default_factory=list)

    @property
    def unbacked(self) -> list[tuple[int, Sentence]]:
        return human(self.sentences)


def stale(
    sentences: Sequence[Sentence],
    modele: Modele,
    state: Mapping[str, tuple[FactStatus, str]],
    facts: Mapping[str, Fact],
) -> list[Lapse]:
    """The register sentences whose backing fails against the register ``state`` (each
    key's status and value, derived states included) and ``facts`` as they are now."""
    clauses = {c.name: c for c in modele.clauses}
    found: list[Lapse] = []
    for number, sentence in enumerate(sentences, start=1):
        for name in sentence.clauses:
            reason = _lapse(clauses.get(name), sentence, state, facts)
            if reason is not None:
                found.append(Lapse(number, sentence, reason, name))
                break
    return found


def _lapse(
    clause: Clause | None,
    sentence: Sentence,
    state: Mapping[str, tuple[FactStatus, str]],
    facts: Mapping[str, Fact],
) -> str | None:
    if clause is None:
        return sentence.clauses[0]
    for assertion in clause.asserts:
        if not assertion.holds(state):
            return assertion.key
    if not clause.holds(state):
        return clause.any_of[0] if clause.any_of else clause.name
    for used in sentence.facts:
        if used.version == 0:
            continue
        fact = facts.get(used.key)
        if fact is None or fact.status is not FactStatus.VERIFIE or fact.value != used.value:
            return used.key
    return None


def fingerprint(sentences: Sequence[Sentence]) -> str:
    """The SHA-256 of a version's provenance, for the journal."""
    body = json.dumps([s.as_dict() for s in sentences], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()
