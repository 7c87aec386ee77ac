"""Which paragraphs and facts are not in French: langdetect, seeded, loaded once, locked.

langdetect's detector factory is a module-level singleton that is not safe to initialise
from several threads; ``warm_up`` loads its profiles once at start and a lock guards each
detection, so results are deterministic and thread-safe."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from langdetect import DetectorFactory
from langdetect import detector_factory as factory
from langdetect.lang_detect_exception import LangDetectException

_LOCK = threading.Lock()
_WORDS = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 4
MAX_CHARS = 400
FRENCH = "fr"


def warm_up() -> None:
    """Load the language profiles and fix the seed; call once at start."""
    with _LOCK:
        DetectorFactory.seed = 0
        factory.init_factory()


@lru_cache(maxsize=8192)
def language_of(text: str) -> str | None:
    """The most likely language of ``text``, or None when it is too short to tell.

    The first ``MAX_CHARS`` characters are enough for a paragraph; results are cached,
    since the same facts and paragraphs come back in every draft."""
    if len(_WORDS.findall(text)) < MIN_WORDS:
        return None
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


def is_foreign(text: str) -> bool:
    found = language_of(text)
    return found is not None and found != FRENCH
