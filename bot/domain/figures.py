"""What the fact-check reads in a text: sentences, numbers, dates and capitalised names,
each with its place in the text so that a finding quotes the words as typed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.domain.values import fold

SPACES = re.compile(r"[\s\u00a0\u202f\u2028]+")
MARK = re.compile(r"\[\[\w+\]\][ \t]*")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(A-ZÀ-ÝŒ0-9])")
DATE_NUM = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
TIME = re.compile(r"\b\d{1,2} ?(?:h|:) ?\d{0,2}\b")
REFERENCE = re.compile(
    r"\b(?:art\.?|articles?|decret|loi|n°|no|[lrd]\.)[ ]?(?:n° ?)?[\d][\d.\-]*", re.IGNORECASE
)
PHONE = re.compile(r"(?:\+33 ?|\b0)\d(?:[ .]?\d{2}){4}\b")
NUMBER = re.compile(r"\b\d{1,3}(?: \d{3})+(?:,\d+)?\b|\b\d+(?:,\d+)?\b")
AMOUNT = re.compile(r"^ ?(?:€|euros?\b|k€|m€|millions? d.euros)")
CAPITALIZED = re.compile(r"[A-ZÀ-ÝŒ][\w'’\-]*(?: [A-ZÀ-ÝŒ][\w'’\-]*)*")
WORD = re.compile(r"[\w]+")


def normalize(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    """The sentences of a text, block marks removed, each on one line of plain spaces."""
    found: list[str] = []
    for line in MARK.sub("", text).replace("\u2028", "\n").split("\n"):
        line = normalize(line).lstrip("-•* ").strip()
        found.extend(s for s in SENTENCE_END.split(line) if s.strip())
    return found


def folded_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, its index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char).replace("’", "'")
        out.append(piece)
        where.extend([index] * len(piece))
    return "".join(out), where


def span(text: str, where: list[int], start: int, end: int) -> str:
    if not where or start >= len(where):
        return ""
    return text[where[start] : where[max(start, end - 1)] + 1]


def canonical(number: str) -> str:
    return number.replace(" ", "").replace(",", ".").lstrip("0") or "0"


Day = tuple[int, int, int | None]


def find_dates(folded: str, months: Mapping[str, int]) -> list[tuple[int, int, Day]]:
    """(start, end, (day, month, year or None)) of each date in folded text."""
    names = "|".join(sorted(months, key=len, reverse=True))
    words = re.compile(rf"\b(1er|\d{{1,2}}) ({names})(?: (\d{{4}}))?\b")
    found: list[tuple[int, int, Day]] = []
    for m in words.finditer(folded):
        day = 1 if m.group(1) == "1er" else int(m.group(1))
        year = int(m.group(3)) if m.group(3) else None
        found.append((m.start(), m.end(), (day, months[m.group(2)], year)))
    for m in DATE_NUM.finditer(folded):
        found.append((m.start(), m.end(), (int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in DATE_ISO.finditer(folded):
        found.append((m.start(), m.end(), (int(m.group(3)), int(m.group(2)), int(m.group(1)))))
    return found


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@dataclass(frozen=True)
class Figures:
    """The numbers (canonical) and dates a text contains."""

    numbers: set[str]
    dates: set[Day]

    @classmethod
    def of(cls, text: str, months: Mapping[str, int]) -> Figures:
        folded = fold(normalize(text))
        dates = find_dates(folded, months)
        numbers = {canonical(re.sub(r"\D", "", m.group(0))) for m in PHONE.finditer(folded)}
        rest = blank(folded, [(s, e) for s, e, _ in dates])
        numbers |= {canonical(m.group(0)) for m in NUMBER.finditer(rest)}
        return cls(numbers, {d for _, _, d in dates})


def date_matches(day: Day, known: set[Day]) -> bool:
    return any(d[:2] == day[:2] and (day[2] is None or d[2] in (None, day[2])) for d in known)
