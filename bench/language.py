"""The language check measured on the crisis phrases of ``tests/data/langue.yml``: false
alarms on French phrases, English phrases caught (all, and of three words or fewer), against
langdetect alone on the same phrases. Goal: at most 1 false alarm, at least 90 % caught."""

from __future__ import annotations

import sys
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


def main() -> None:
    language.warm_up()
    lexicon = language.load_lexicon(ROOT / "messages")
    phrases = yaml.safe_load((ROOT / "tests" / "data" / "langue.yml").read_text("utf-8"))
    french, english = phrases["francais"], phrases["anglais"]
    short = [p for p in english if len(p.split()) <= 3]
    for name, check in (
        ("check", lambda t: language.is_foreign(t, lexicon)),
        ("langdetect alone", langdetect_alone),
    ):
        alarms = [p for p in french if check(p)]
        caught = sum(1 for p in english if check(p))
        caught_short = sum(1 for p in short if check(p))
        print(
            f"{name:>17}: false alarms {len(alarms)}/{len(french)}; English caught "
            f"{caught}/{len(english)} ({100 * caught / len(english):.0f} %); "
            f"three words or fewer {caught_short}/{len(short)}"
        )
        for phrase in alarms[:5]:
            print(f"{'':>19}false alarm: {phrase}")


if __name__ == "__main__":
    main()
