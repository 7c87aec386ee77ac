"""The language check measured on the crisis phrases of ``tests/data/langue.yml``: false
alarms on French phrases, foreign phrases caught (all, by language, and of three words or
fewer), against langdetect alone on the same phrases; then the time of one sentence after
warm-up, cache cleared. Goal: at most 1 false alarm in 60 French phrases, at least 90 %
caught, a few ms a sentence."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from langdetect import DetectorFactory, detect  # noqa: E402
from langdetect.lang_detect_exception import LangDetectException  # noqa: E402

from bot.drafting import language  # noqa: E402


def langdetect_alone(text: str) -> bool:
    DetectorFactory.seed = 0
    try:
        return str(detect(text)) != "fr"
    except LangDetectException:
        return False


def report(
    name: str, check: Callable[[str], bool], french: list[str], foreign: dict[str, list[str]]
) -> None:
    every = [p for phrases in foreign.values() for p in phrases]
    short = [p for p in every if len(p.split()) <= 3]
    alarms = [p for p in french if check(p)]
    missed = [p for p in every if not check(p)]
    caught = len(every) - len(missed)
    by_language = ", ".join(
        f"{lang} {sum(1 for p in phrases if check(p))}/{len(phrases)}"
        for lang, phrases in foreign.items()
    )
    print(
        f"{name:>17}: false alarms {len(alarms)}/{len(french)}; foreign caught "
        f"{caught}/{len(every)} ({100 * caught / len(every):.0f} %; {by_language}); "
        f"three words or fewer {sum(1 for p in short if check(p))}/{len(short)}"
    )
    for phrase in alarms[:5]:
        print(f"{'':>19}false alarm: {phrase}")
    for phrase in missed[:5]:
        print(f"{'':>19}missed: {phrase}")


def main() -> None:
    language.warm_up()
    lexicon = language.load_lexicon(ROOT / "messages")
    phrases = yaml.safe_load((ROOT / "tests" / "data" / "langue.yml").read_text("utf-8"))
    french, foreign = phrases["francais"], phrases["etranger"]
    report("check", lambda t: bool(language.foreign_sentences(t, lexicon)), french, foreign)
    report("langdetect alone", langdetect_alone, french, foreign)
    every = french + [p for group in foreign.values() for p in group]
    timings: list[float] = []
    for phrase in every:
        language.detect_language.cache_clear()
        start = time.perf_counter()
        language.foreign_sentences(phrase, lexicon)
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"one phrase, cache cleared: median {statistics.median(timings):.2f} ms, "
        f"max {max(timings):.2f} ms over {len(every)}"
    )


if __name__ == "__main__":
    main()
