"""How readable a text to patients is: the Kandel–Moles index (Flesch's formula adapted to
French), the sentences longer than a limit, and the technical words of a lexicon with the
plainer word to use (``messages/fr/lisibilite.yml``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.drafting.document import ITEM, parse

_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
_GROUP = re.compile(f"[{_VOWELS}]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Rules:
    models: frozenset[str]
    minimum: float
    words_per_sentence: int
    jargon: dict[str, str]

    @classmethod
    def load(cls, path: Path) -> Rules:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        return cls(
            frozenset(data.get("modeles") or ()),
            float(data.get("indice_minimum", 50)),
            int(data.get("mots_par_phrase", 25)),
            {str(k): str(v) for k, v in (data.get("jargon") or {}).items()},
        )


@dataclass(frozen=True)
class Readability:
    index: float
    minimum: float
    long_sentences: list[str] = field(default_factory=list)
    words_per_sentence: int = 25
    jargon: list[tuple[str, str]] = field(default_factory=list)

    @property
    def hard(self) -> bool:
        return self.index < self.minimum


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def syllables(word: str) -> int:
    """Vowel groups, a final mute « e » (« -e », « -es », « -ent » of a verb) left out."""
    lowered = word.lower()
    count = len(_GROUP.findall(lowered))
    if count > 1 and re.search(r"[^aeiouyéè](e|es)$", lowered):
        count -= 1
    return max(count, 1)


def sentences(text: str) -> list[str]:
    """The sentences of the text's paragraphs and list items, headings left out."""
    found: list[str] = []
    for block in parse(text):
        if block.kind in ("titre", "titraille", "intertitre", "lieu_date", "signature"):
            continue
        body = block.text.replace("\n", " ")
        parts = [body] if block.kind == ITEM else _SENTENCE_END.split(body)
        found.extend(p.strip() for p in parts if _WORD.search(p))
    return found


def kandel_moles(text: str) -> float:
    said = sentences(text)
    words = [w for s in said for w in _WORD.findall(s)]
    if not said or not words:
        return 100.0
    per_sentence = len(words) / len(said)
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(207 - 1.015 * per_sentence - 73.6 * per_word, 1)


def jargon(text: str, lexicon: dict[str, str]) -> list[tuple[str, str]]:
    """The lexicon's words found in the text (whole words, folded), in lexicon order."""
    folded = _fold(text)
    found = []
    for term, plain in lexicon.items():
        if re.search(rf"(?<!\w){re.escape(_fold(term))}(?!\w)", folded):
            found.append((term, plain))
    return found


def check(text: str, rules: Rules) -> Readability:
    limit = rules.words_per_sentence
    long = [s for s in sentences(text) if len(_WORD.findall(s)) > limit]
    return Readability(kandel_moles(text), rules.minimum, long, limit, jargon(text, rules.jargon))
