"""Which sentences, paragraphs and facts are not in French.

``Lexicon`` holds the data of ``messages/fr/langue.yml``: borrowed words of cyber crises
(« darkweb », « ransomware »…) removed before the check, French words, words of English and
of the other languages that French does not use, and English abbreviations (« TBD »).
``foreign_sentences(text, lexicon)`` returns the sentences of a text that are not French, one
sentence at a time, so that « Backups OK. » inside a French paragraph is found:

- borrowed words, proper nouns (a capital inside a sentence), acronyms, numbers, addresses
  and links are left out; a sentence made only of borrowed words and acronyms is English when
  it holds two of them or more (« Backups OK »), a single term (« ransomware ») is not;
- a short sentence (fewer than ``MIN_WORDS`` words left) is in the language of the lexicon
  that holds most of its words, French winning a tie (« not yet », « Kein Datenverlust »,
  « Datos cifrados »); when the lexicon knows none of two words or more, langdetect decides;
- a longer sentence goes to langdetect; its verdict stands unless the French words outnumber
  the foreign ones (langdetect reads « un forum du darkweb » as Indonesian).

langdetect weighs only the languages of ``langues`` in the lexicon: French and those a
person of the cell may write by habit. Among all 55, a short French text too often looks
Indonesian, Tagalog, Afrikaans or Catalan; among seven, another language still comes out
as one of them, not French.

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

from langdetect import DetectorFactory
from langdetect import detector_factory as factory
from langdetect.lang_detect_exception import LangDetectException

from bot import yamlfile
from bot.domain.figures import sentences

_LOCK = threading.Lock()
_SKIPPED = re.compile(
    r"\[\[\w+\]\]|\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S*\d\S*|`[^`]*`"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\n\u2028«(]\s*$")
MIN_WORDS = 4
MAX_CHARS = 400
FRENCH = "fr"
ENGLISH = "en"
SURE = 0.9
LANGUAGE_WARNINGS = ("fait:", "paragraphe:", "phrase:")


@dataclass(frozen=True)
class Lexicon:
    borrowed: re.Pattern[str]
    french: frozenset[str]
    english: frozenset[str]
    shared: frozenset[str]  # « patients », « experts »: they tell nothing
    others: tuple[tuple[str, frozenset[str]], ...]  # a language's words French lacks
    abbreviations: frozenset[str]  # « tbd », « fyi »: English although in capitals
    languages: tuple[str, ...]  # what langdetect weighs

    def foreign(self) -> list[tuple[str, frozenset[str]]]:
        """Each language but French with its words, English first."""
        return [(ENGLISH, self.english), *self.others]


@lru_cache(maxsize=4)
def load_lexicon(messages_dir: Path) -> Lexicon:
    data = yamlfile.safe_load((messages_dir / "fr" / "langue.yml").read_text("utf-8"))
    borrowed = sorted({str(w).lower() for w in data["anglicismes"]}, key=len, reverse=True)
    french = frozenset(str(w).lower() for w in data["francais"])
    abbreviations = frozenset(str(w).lower() for w in data["sigles"])
    english = frozenset(str(w).lower() for w in data["anglais"]) | abbreviations
    return Lexicon(
        borrowed=re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in borrowed) + r")(?![\w-])",
            re.IGNORECASE,
        ),
        french=french - english,
        english=english - french,
        shared=french & english,
        others=tuple(
            (str(code), frozenset(str(w).lower() for w in words) - french)
            for code, words in data["autres"].items()
        ),
        abbreviations=abbreviations,
        languages=tuple(str(code) for code in data["langues"]),
    )


def warm_up() -> None:
    """Load the language profiles and fix the seed; call once at start."""
    with _LOCK:
        DetectorFactory.seed = 0
        factory.init_factory()


def words_of(text: str, lexicon: Lexicon) -> list[str]:
    """The words that tell a language: borrowed words, proper nouns, acronyms and anything
    with a digit left out, English abbreviations kept; lower case."""
    text = lexicon.borrowed.sub(" ", _SKIPPED.sub(" ", text.replace("’", "'")))
    kept: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        starts = match.start() == 0 or bool(_SENTENCE_END.search(text[: match.start()]))
        if word.lower() in lexicon.abbreviations:
            kept.append(word.lower())
            continue
        if len(word) > 1 and word.isupper():
            continue
        if word[0].isupper() and not starts and word.lower() not in lexicon.french | lexicon.shared:
            continue
        kept.append(word.lower())
    return kept


def _only_terms(text: str, lexicon: Lexicon) -> bool:
    """Whether a text without French words holds borrowed words and acronyms, two or more
    of them and one borrowed at least (« Backups OK », not « ransomware » nor « CNIL, ARS »)."""
    text = _SKIPPED.sub(" ", text)
    borrowed = len(lexicon.borrowed.findall(text))
    rest = lexicon.borrowed.sub(" ", text)
    acronyms = sum(1 for w in _WORD.findall(rest) if len(w) > 1 and w.isupper())
    return borrowed >= 1 and borrowed + acronyms >= 2


@lru_cache(maxsize=8192)
def detect_language(text: str, languages: tuple[str, ...] = ()) -> tuple[str, float] | None:
    """The likeliest language of ``text`` among ``languages`` (all when empty), and its
    probability; French whenever it reaches 0.2."""
    with _LOCK:
        DetectorFactory.seed = 0
        if factory._factory is None:
            factory.init_factory()
        try:
            detector = factory._factory.create()
            detector.set_max_text_length(MAX_CHARS)
            if languages:
                detector.set_prior_map(dict.fromkeys(languages, 1.0))
            detector.append(text)
            candidates = detector.get_probabilities()
        except LangDetectException:
            return None
    for c in candidates:
        if c.lang == FRENCH and c.prob >= 0.2:
            return FRENCH, float(c.prob)
    return (str(candidates[0].lang), float(candidates[0].prob)) if candidates else None


def language_of(text: str, lexicon: Lexicon) -> str | None:
    """« fr », another language code, or None when nothing tells (a name, a number)."""
    words = words_of(text, lexicon)
    if not words:
        return ENGLISH if _only_terms(text, lexicon) else None
    french = sum(1 for w in words if w in lexicon.french)
    counts = {code: sum(1 for w in words if w in known) for code, known in lexicon.foreign()}
    code, foreign = max(counts.items(), key=lambda item: item[1])
    if len(words) < MIN_WORDS:
        if foreign > french:
            return code
        if french or len(words) < 2:
            return FRENCH if french else None
        guess = detect_language(" ".join(words), lexicon.languages)
        return guess[0] if guess and guess[1] >= SURE else None
    guess = detect_language(" ".join(words), lexicon.languages)
    if guess is None:
        return None
    if guess[0] != FRENCH and french > foreign:
        return FRENCH
    if guess[0] == FRENCH and foreign > 2 * french:
        return code
    return guess[0]


def foreign_sentences(text: str, lexicon: Lexicon) -> list[str]:
    """The sentences of ``text`` that are not in French, in their order."""
    found: list[str] = []
    for sentence in sentences(text):
        language = language_of(sentence, lexicon)
        if language is not None and language != FRENCH:
            found.append(sentence)
    return found


def is_foreign(text: str, lexicon: Lexicon) -> bool:
    """Whether a sentence of ``text`` is not in French."""
    return bool(foreign_sentences(text, lexicon))


def language_warnings(warnings: list[str]) -> list[str]:
    """The warnings of a draft that come from this check."""
    return [w for w in warnings if w.startswith(LANGUAGE_WARNINGS)]
