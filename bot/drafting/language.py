"""Which paragraphs and facts are not in French.

``Lexicon`` holds the data of ``messages/fr/langue.yml``: borrowed words of cyber crises
(« darkweb », « ransomware »…) removed before the check, French words, and English words
that French does not use. ``is_foreign(text, lexicon)`` decides:

- borrowed words, proper nouns (a capital inside a sentence), acronyms, numbers, addresses
  and links are left out;
- a short text (fewer than ``MIN_WORDS`` words left) is English when it holds an English
  word and more English words than French ones (« not yet », « data breach confirmed »);
- a longer text goes to langdetect; its verdict stands unless the French words outnumber
  the English ones (langdetect reads « un forum du darkweb » as Indonesian).

langdetect's detector factory is a module-level singleton that is not safe to initialise
from several threads; ``warm_up`` loads its profiles once at start and a lock guards each
detection, so results are deterministic and thread-safe.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from langdetect import DetectorFactory
from langdetect import detector_factory as factory
from langdetect.lang_detect_exception import LangDetectException

_LOCK = threading.Lock()
_SKIPPED = re.compile(
    r"\[\[\w+\]\]|\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S*\d\S*|`[^`]*`"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\n\u2028«(]\s*$")
MIN_WORDS = 4
MAX_CHARS = 400
FRENCH = "fr"
LANGUAGE_WARNINGS = ("fait:", "paragraphe:", "phrase:")


@dataclass(frozen=True)
class Lexicon:
    borrowed: re.Pattern[str]
    french: frozenset[str]
    english: frozenset[str]
    shared: frozenset[str]  # « patients », « experts »: they tell nothing


@lru_cache(maxsize=4)
def load_lexicon(messages_dir: Path) -> Lexicon:
    data = yaml.safe_load((messages_dir / "fr" / "langue.yml").read_text("utf-8"))
    borrowed = sorted({str(w).lower() for w in data["anglicismes"]}, key=len, reverse=True)
    french = frozenset(str(w).lower() for w in data["francais"])
    english = frozenset(str(w).lower() for w in data["anglais"])
    return Lexicon(
        borrowed=re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in borrowed) + r")(?![\w-])",
            re.IGNORECASE,
        ),
        french=french - english,
        english=english - french,
        shared=french & english,
    )


def warm_up() -> None:
    """Load the language profiles and fix the seed; call once at start."""
    with _LOCK:
        DetectorFactory.seed = 0
        factory.init_factory()


def words_of(text: str, lexicon: Lexicon) -> list[str]:
    """The words that tell a language: borrowed words, proper nouns, acronyms and anything
    with a digit left out; lower case."""
    text = lexicon.borrowed.sub(" ", _SKIPPED.sub(" ", text.replace("’", "'")))
    kept: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        starts = match.start() == 0 or bool(_SENTENCE_END.search(text[: match.start()]))
        if len(word) > 1 and word.isupper():
            continue
        if word[0].isupper() and not starts and word.lower() not in lexicon.french | lexicon.shared:
            continue
        kept.append(word.lower())
    return kept


@lru_cache(maxsize=8192)
def detect_language(text: str) -> str | None:
    with _LOCK:
        DetectorFactory.seed = 0
        if factory._factory is None:
            factory.init_factory()
        try:
            detector = factory._factory.create()
            detector.set_max_text_length(MAX_CHARS)
            detector.append(text)
            candidates = detector.get_probabilities()
        except LangDetectException:
            return None
    if any(c.lang == FRENCH and c.prob >= 0.2 for c in candidates):
        return FRENCH
    return str(candidates[0].lang) if candidates else None


def language_of(text: str, lexicon: Lexicon) -> str | None:
    """« fr », another language code, or None when nothing tells (a name, a number)."""
    words = words_of(text, lexicon)
    english = sum(1 for w in words if w in lexicon.english)
    french = sum(1 for w in words if w in lexicon.french)
    if len(words) < MIN_WORDS:
        if english and english > french:
            return "en"
        return FRENCH if french else None
    found = detect_language(" ".join(words))
    if found != FRENCH and french > english:
        return FRENCH
    if found == FRENCH and english > 2 * french:
        return "en"
    return found


def is_foreign(text: str, lexicon: Lexicon) -> bool:
    found = language_of(text, lexicon)
    return found is not None and found != FRENCH


def language_warnings(warnings: list[str]) -> list[str]:
    """The warnings of a draft that come from this check."""
    return [w for w in warnings if w.startswith(LANGUAGE_WARNINGS)]
