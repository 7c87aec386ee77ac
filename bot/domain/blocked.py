"""What no one may put in a text, whoever writes it and whatever the motif.

- The attackers' figure in any form: every quantity a sentence gives (digits, words turned
  into digits by the caller, « 100k », « 0,1 million », rounded figures) is compared by
  magnitude with the figures of facts that are not verified; one within a quarter of such a
  figure, that no verified figure comes as near, is theirs. A vague quantity (« plusieurs
  dizaines de milliers ») whose range holds such a figure and no verified one is theirs too.
- The names the cell does not publish (``confidentiel.noms``) and the claim's own words while
  not verified (``revendication.*``), in any spelling: compared on the sentence reduced to its
  letters and digits (case, accents, spaces, quotes, dots and look-alike digits gone), so
  « lock bit », « L0ckBit » and « lockbit.onion » all read « lockbit ».
- In a text to patients: a link in any form, a request or mention of an identifier, a
  password, bank details, a form or an attachment (the modèle already says never to give
  them), and any phone number but the verified contacts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, fold

CONFIDENTIAL = "confidentiel.noms"
CLAIM = "revendication."
NEAR = 0.25
MIN_NAME = 4
_LOOKALIKE = str.maketrans("0134578@$", "oieastbas")
# Cyrillic and Greek letters drawn like Latin ones (« Кraken » reads « kraken »).
CONFUSABLE = str.maketrans(
    "аАвВеЕкКмМнНоОрРсСтТуУхХіІјЈѕЅԁɡαΑβΒεΕιΙκΚμΜνΝοΟρΡτΤυΥχΧ",
    "aAbBeEkKmMhHoOpPcCtTyYxXiIjJsSdgaAbBeEiIkKmMvNoOpPtTuUxX",
)
_SCALE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(k|m|mille|milliers?|millions?|milliards?)(?![a-z])", re.IGNORECASE
)
SCALES = {
    "k": 1_000, "mille": 1_000, "millier": 1_000, "milliers": 1_000, "m": 1_000_000,
    "million": 1_000_000, "millions": 1_000_000, "milliard": 10**9, "milliards": 10**9,
}  # fmt: skip
_GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?![\d])|\d+(?:,\d+)?")
_YEAR = range(1990, 2101)
_YEAR_BEFORE = re.compile(
    r"(\ben|depuis|annee|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre"
    r"|novembre|decembre|\d{1,2}[/.-]\d{1,2}[/.-])\s*$"
)
_NAME = re.compile(r"[A-ZÀ-ÝŒ0-9][\w'’.\-]*|[\w.\-]*[A-Z0-9][\w.\-]*")


def plain_digits(text: str) -> str:
    """``text`` with every decimal digit of any script as an ASCII digit, after NFKC."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text
    )


def squash(text: str) -> str:
    """Letters and digits only, folded, look-alike digits as letters: how a name is
    compared whatever its spelling."""
    text = fold(plain_digits(text).translate(CONFUSABLE)).translate(_LOOKALIKE)
    return "".join(c for c in text if c.isalnum())


@dataclass(frozen=True)
class Range:
    """A vague quantity: « plusieurs dizaines de milliers » is [10 000, 100 000)."""

    low: float
    high: float


def quantities(text: str) -> list[tuple[str, float]]:
    """The figures a text gives, with the words that give them: « 48 200 », « 48,2 k »,
    « 0,1 million », « 100 000 »."""
    found: list[tuple[str, float]] = []
    taken: list[tuple[int, int]] = []
    for m in _SCALE.finditer(text):
        number = float(m.group(1).replace(",", "."))
        found.append((m.group(0), number * SCALES[m.group(2).lower()]))
        taken.append(m.span())
    for m in _GROUPED.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        raw = re.sub(r"[ \u00a0\u202f.]", "", m.group(0)).replace(",", ".")
        try:
            found.append((m.group(0), float(raw)))
        except ValueError:
            continue
    return found


def ranges(folded: str, vague: Mapping[str, tuple[float, float]]) -> list[tuple[str, Range]]:
    """The vague quantities of a folded text (patterns of the lexicon: their range)."""
    found = []
    for pattern, (low, high) in vague.items():
        for m in re.finditer(pattern, folded):
            found.append((m.group(0), Range(low, high)))
    return found


_ROUGHLY = re.compile(
    r"(plus de|au moins|pres de|environ|env\.|quelque|autour de|de l'ordre de|approximativement"
    r"|moins de|jusqu'a|quasiment|presque|grosso modo|a peu pres|un peu plus de|un peu moins de"
    r"|~|>|<)\s*$"
)


def _near(value: float, figure: float, rough: bool = False) -> bool:
    """Within a quarter of ``figure``; within a half when the text says it is rough
    (« plus de », « environ »…) or the figure is a round one (« 1 000 », « 50k »)."""
    return figure > 0 and abs(value - figure) <= (2 * NEAR if rough else NEAR) * figure


def _figures(facts: Iterable[Fact]) -> list[tuple[Fact, float]]:
    found = []
    for fact in facts:
        if fact.kind is ValueType.ENTIER:
            found.append((fact, float(fact.value)))
        elif fact.kind is ValueType.TEXTE:
            found.extend((fact, n) for _, n in quantities(plain_digits(fact.value)) if n >= 10)
    return found


@dataclass(frozen=True)
class Hit:
    """Something no one may publish: ``what`` is ``chiffre``, ``nom``, ``lien``,
    ``demande`` or ``telephone``; ``fact`` the fact it comes from, if any."""

    what: str
    excerpt: str
    fact: Fact | None = None


def attackers_figures(
    text: str, folded: str, facts: list[Fact], vague: Mapping[str, tuple[float, float]]
) -> list[Hit]:
    """The figures of ``text`` (digits already written for spelled numbers) that only a
    fact not verified gives, exactly, rounded or as a vague quantity."""
    unsettled = _figures(f for f in facts if f.status is not FactStatus.VERIFIE)
    if not unsettled:
        return []
    verified = _figures(f for f in facts if f.status is FactStatus.VERIFIE)
    hits = []
    for words, value in quantities(text):
        at = text.find(words)
        year = value in _YEAR and bool(_YEAR_BEFORE.search(fold(text[max(0, at - 20) : at])))
        if value < 10 or (year and not any(value == n for _, n in unsettled)):
            continue
        rough = bool(_ROUGHLY.search(fold(text[max(0, at - 30) : max(0, at)])))
        rough = rough or (value >= 100 and len(str(int(value)).rstrip("0")) <= 2)  # round
        theirs = next((f for f, n in unsettled if value == n), None)
        if theirs is None:
            theirs = next((f for f, n in unsettled if _near(value, n, rough)), None)
            if theirs is not None and any(_near(value, n, rough) for _, n in verified):
                theirs = None
        if theirs is not None:
            hits.append(Hit("chiffre", words, theirs))
    for words, span in ranges(folded, vague):
        theirs = next((f for f, n in unsettled if span.low <= n < span.high), None)
        if theirs is not None and not any(span.low <= n < span.high for _, n in verified):
            hits.append(Hit("chiffre", words, theirs))
    return hits


def names_of(value: str) -> list[str]:
    """The names a value holds: its words with a capital, a digit or a dot inside (a forum,
    a group, a domain), or the whole value when it is one or two words."""
    words = value.split()
    found = [m.group(0).strip(".-'’") for m in _NAME.finditer(value)]
    if len(words) <= 2:
        found.append(value)
    for part in re.split(r"[,;/\n]", value):
        if part.strip() and len(part.split()) <= 3:
            found.append(part)
    return [n for n in dict.fromkeys(found) if len(squash(n)) >= MIN_NAME]


def unpublishable_names(facts: list[Fact]) -> list[tuple[str, Fact]]:
    """The names no text may give: those the cell keeps confidential, whatever their
    status, and the claim's words while they are not verified."""
    found: list[tuple[str, Fact]] = []
    for fact in facts:
        confidential = fact.key == CONFIDENTIAL
        claimed = fact.key.startswith(CLAIM) and fact.status is not FactStatus.VERIFIE
        if fact.kind is ValueType.TEXTE and (confidential or claimed):
            found.extend((squash(n), fact) for n in names_of(fact.value))
    return found


def names(text: str, facts: list[Fact], admitted: Iterable[str] = ()) -> list[Hit]:
    """The names of ``text`` that no text may give, in any spelling; ``admitted`` are texts
    whose words do not count (the verified facts that happen to share a word)."""
    squashed = squash(text)
    words = [w for w in (squash(w) for w in text.split()) if w]
    allowed = {squash(a) for a in admitted}
    hits = []
    for name, fact in unpublishable_names(facts):
        if any(name in a for a in allowed):
            continue
        if name in squashed or (len(name) >= MIN_FUZZY and _near_word(name, words)):
            hits.append(Hit("nom", name, fact))
    return hits


MIN_FUZZY = 5


def _near_word(name: str, words: list[str]) -> bool:
    """Whether one, two or three consecutive words of a text spell ``name`` with one letter
    changed, added or left out (« Dupuys » for « Dupuis »)."""
    for size in (1, 2, 3):
        for start in range(len(words) - size + 1):
            if _one_edit("".join(words[start : start + size]), name):
                return True
    return False


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


@dataclass(frozen=True)
class PatientRules:
    """The lexicon of what a person may not add to a text to patients (folded patterns)."""

    links: tuple[re.Pattern[str], ...]
    requests: tuple[re.Pattern[str], ...]


_PHONE = re.compile(r"(?:\+|00)\s*\d[\d\s().\-/]{7,}\d|0[\s.\-/()]*\d(?:[\s.\-/()]*\d){8}")


def phones(text: str) -> list[str]:
    """The phone numbers of a text (any script's digits, any separators), digits only, in
    their national form."""
    found = []
    for m in _PHONE.finditer(plain_digits(text)):
        digits = re.sub(r"\D", "", m.group(0))
        if m.group(0).lstrip().startswith(("+", "00")):
            digits = digits.removeprefix("00")
            digits = "0" + digits[2:].removeprefix("0") if digits.startswith("33") else digits
        found.append(digits)
    return found


def to_patients(text: str, rules: PatientRules, contacts: Iterable[str]) -> list[Hit]:
    """What a person's sentence of a text to patients may not hold; ``contacts`` are the
    verified contacts it may give (the DPO's, the press office's, a dedicated line)."""
    allowed = {p for c in contacts for p in phones(c)}
    plain = plain_digits(text)
    for contact in contacts:
        plain = plain.replace(contact, " ")
    folded = fold(plain)
    hits = []
    for pattern in rules.links:
        m = pattern.search(folded)
        if m:
            hits.append(Hit("lien", m.group(0)))
            break
    for pattern in rules.requests:
        m = pattern.search(folded)
        if m:
            hits.append(Hit("demande", m.group(0)))
            break
    found = phones(plain)
    hits.extend(Hit("telephone", p) for p in found if p not in allowed)
    for m in _SHORT_NUMBER.finditer(folded):
        digits = m.group(1).replace(" ", "")
        if not any(digits in p for p in [*found, *allowed]):
            hits.append(Hit("telephone", m.group(0)))
    return hits


# A short number to call or text (« appelez le 3237 », « composez le 15 »).
_SHORT_NUMBER = re.compile(
    r"\b(?:appel\w*|compos\w*|telephon\w*|joign\w*|contact\w*|sms|numero|rappel\w*)"
    r"\D{0,25}?(\d(?: ?\d){1,5})\b(?! ?(?:h\b|heures?|jours?|%|€|[/.-]\d|janvier|fevrier|mars"
    r"|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre))"
)
