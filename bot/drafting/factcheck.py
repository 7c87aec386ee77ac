"""The fact-check's French lexicon, read from ``messages/fr/verification.yml``, and the
check of an edited draft against the register (the rules are ``bot/domain/factcheck.py``)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from text_to_num import alpha2digit

from bot import yamlfile
from bot.domain.blocked import SCALES, PatientRules, plain_digits
from bot.domain.drafts import ModelSpec
from bot.domain.factcheck import Claim, Lexicon, Report, check
from bot.domain.guard import CONTACT_KEYS
from bot.domain.model import Fact, FactStatus
from bot.domain.values import fold
from bot.drafting.document import readable


def _claims(section: dict[str, Any], by: str) -> tuple[Claim, ...]:
    return tuple(
        Claim(
            name,
            tuple(re.compile(p) for p in spec["motifs"]),
            tuple((e["cle"], e.get("valeur")) for e in spec[by]),
        )
        for name, spec in section.items()
    )


def load_lexicon(messages_dir: Path) -> Lexicon:
    data: dict[str, Any] = yamlfile.safe_load(
        (messages_dir / "fr" / "verification.yml").read_text("utf-8")
    )
    return Lexicon(
        claims=_claims(data["affirmations"], "etablie_par"),
        denials=_claims(data.get("dementis") or {}, "contredit_par"),
        reported=tuple(data.get("rapporte", ())),
        negation=re.compile(data["negation"]),
        names=frozenset(fold(str(n)) for n in data.get("noms_admis", ())),
        numbers=frozenset(str(n) for n in data.get("nombres_admis", ())),
        months={fold(k): int(v) for k, v in data["mois"].items()},
        required={k: tuple(v or ()) for k, v in (data.get("obligatoires") or {}).items()},
        vague={
            k: (float(a), float(b)) for k, (a, b) in (data.get("quantites_vagues") or {}).items()
        },
        patients=PatientRules(
            links=tuple(re.compile(p) for p in data["patients"]["liens"]),
            requests=tuple(re.compile(p) for p in data["patients"]["demandes"]),
        ),
    )


class FactChecker:
    """Checks an edited text with the lexicon loaded once."""

    def __init__(self, messages_dir: Path) -> None:
        self.lexicon = load_lexicon(messages_dir)

    def check(
        self,
        spec: ModelSpec,
        text: str,
        original: str,
        facts: list[Fact],
        today: date,
        relied: Mapping[str, str] = {},
        days: Iterable[date] = (),
        written: Collection[int] | None = None,
    ) -> Report:
        """``text`` against the register ``facts`` as it is now (see ``bot.domain.factcheck``);
        ``written``, the numbers of the sentences people wrote (all when None)."""
        required = [r.key for r in spec.required] + list(self.lexicon.required.get(spec.name, ()))
        contacts = None
        if spec.name in TO_PATIENTS:
            contacts = [
                f.value for f in facts if f.key in CONTACTS and f.status is FactStatus.VERIFIE
            ]
        return check(
            readable(text), readable(original), facts, self.lexicon, required, today, relied,
            days, written, spelled, contacts,
        )  # fmt: skip


# The modèles written to patients, and the verified contacts they may give.
TO_PATIENTS = frozenset({"patients", "patients_falc", "patients_en"})
CONTACTS = CONTACT_KEYS
_DIGIT_SCALE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(mille|millions?|milliards?)\b", re.IGNORECASE)


_LOOKALIKE = re.compile(r"(?<=\d)[Ool](?=[\dOol]|\s|$)|(?<=\d )[Ool](?=[\dOol])")


_ROUND = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
          "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
          "millier": 1_000}  # fmt: skip
_APPROX = re.compile(
    r"\b(?:une|un|1)\s+(" + "|".join(_ROUND) + r")(?:\s+de\s+(milliers|millions))?\b", re.IGNORECASE
)


def _approximate(match: re.Match[str]) -> str:
    """« une cinquantaine de milliers » → « environ 50000 »."""
    scale = {"milliers": 1_000, "millions": 10**6}.get((match.group(2) or "").lower(), 1)
    return f"environ {_ROUND[match.group(1).lower()] * scale}"


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_POWER = re.compile(r"(\d+(?:[.,]\d+)?)\s*[x×*·]\s*10\s*(?:\^|\*\*)?\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d)")


def _powered(match: re.Match[str]) -> str:
    """« 4,82 × 10⁴ » → « 48200 »."""
    exponent = int(match.group(2).translate(_SUPERSCRIPT))
    return str(round(float(match.group(1).replace(",", ".")) * 10 ** min(exponent, 12)))


def _scaled(match: re.Match[str]) -> str:
    value = float(match.group(1).replace(",", ".")) * SCALES[match.group(2).lower()]
    return str(round(value))


def spelled(sentence: str) -> str:
    """``sentence`` with its numbers in digits: « cent trois mille » → « 103000 »,
    « 48 mille » → « 48000 », digits of any script as ASCII digits."""
    text = plain_digits(sentence)
    for _ in range(3):  # « 48 2OO »: a letter O or l among digits reads as a digit
        text = _LOOKALIKE.sub(lambda m: "0" if m.group(0) in "Oo" else "1", text)
    text = _APPROX.sub(_approximate, text)
    text = _POWER.sub(_powered, text)
    text = _DIGIT_SCALE.sub(_scaled, text)
    try:
        text = alpha2digit(text, "fr")
    except (ValueError, IndexError):
        return text
    return _DIGIT_SCALE.sub(_scaled, text)
