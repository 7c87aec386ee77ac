"""Typed fact values: parsing what a user types, and the canonical stored form.

Stored forms: booléen ``oui``/``non``; date ``2026-01-09``; date-heure ISO 8601 with
offset; entier digits (``103082``); texte as typed (trimmed).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.errors import InvalidValue


class ValueType(StrEnum):
    BOOLEEN = "booleen"
    DATE = "date"
    DATE_HEURE = "date_heure"
    ENTIER = "entier"
    TEXTE = "texte"


def value_type(code: str) -> ValueType:
    """The type named by ``code``, in today's codes or the older spellings (« booléen »)."""
    return ValueType(fold(code.strip()).replace("-", "_").replace(" ", "_"))


FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_INT = 10_000_000_000
TRUE_WORDS = frozenset({"oui", "vrai", "yes", "true", "o", "y"})
FALSE_WORDS = frozenset({"non", "faux", "no", "false", "n"})

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:h]\s*(\d{2})?)?$")
_INT = re.compile(r"^[+-]?\d{1,3}(?:[\s\u00a0\u202f.]\d{3})+$|^[+-]?\d+$")


def fold(text: str) -> str:
    """Lowercase without accents: ``Vérifier`` → ``verifier``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_bool(raw: str) -> bool:
    word = fold(raw.strip())
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidValue("invalid_bool")


# Days named relative to today, folded: typed for a fact's date, an awareness, a filing or a
# due time.
RELATIVE_DAYS = {
    "avant-hier": -2,
    "avant hier": -2,
    "hier": -1,
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "aujourdhui": 0,
    "aujourd hui": 0,
    "demain": 1,
    "apres-demain": 2,
    "apres demain": 2,
}


def relative_day(raw: str, today: date) -> date | None:
    """The day ``raw`` names relative to ``today`` (« hier », « aujourd'hui »…), or None."""
    offset = RELATIVE_DAYS.get(" ".join(fold(raw).split()))
    return None if offset is None else today + timedelta(days=offset)


def _split_relative(text: str, today: date | None) -> tuple[date, str] | None:
    """``"hier 14h30"`` → (yesterday, ``"14h30"``), or None when the text starts with no
    relative day."""
    if today is None:
        return None
    words = text.split()
    for size in (2, 1):
        day = relative_day(" ".join(words[:size]), today) if len(words) >= size else None
        if day is not None:
            return day, " ".join(words[size:])
    return None


def parse_date(raw: str, today: date | None = None) -> date:
    """A date typed ``2026-01-09`` or ``09/01/2026``; with ``today``, also a day named
    relative to it (« hier », « aujourd'hui », « avant-hier », « demain »)."""
    text = raw.strip()
    relative = _split_relative(text, today)
    if relative is not None and not relative[1]:
        return within_range(relative[0])
    match = _DATE_ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DATE_FR.match(text)
        if not match:
            raise InvalidValue("invalid_date")
        day, month, year = (int(g) for g in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise InvalidValue("invalid_date") from exc
    return within_range(parsed)


def within_range(day: date) -> date:
    """``day`` if the bot can show and compute with it (1900 to 2100), else a refusal."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidValue("date_out_of_range")
    return day


def parse_time(raw: str) -> time:
    match = _TIME.match(raw.strip().lower())
    if not match:
        raise InvalidValue("invalid_time")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise InvalidValue("invalid_time")
    return time(hour, minute)


def parse_datetime(raw: str, tz: ZoneInfo, now: datetime | None = None) -> datetime:
    """A date and a time (``09/01/2026 14:30``); with ``now``, the day may be named relative
    to today in ``tz`` (« hier 14h30 », « aujourd'hui à 9h »)."""
    today = now.astimezone(tz).date() if now is not None else None
    relative = _split_relative(raw.strip(), today)
    text = raw.strip().replace("T", " ", 1) if "T" in raw and relative is None else raw.strip()
    parts = text.split(None, 1)
    if not parts:
        raise InvalidValue("invalid_datetime")
    try:
        if relative is not None:
            day, rest = relative
            parts = [parts[0], rest] if rest else parts[:1]
        else:
            day = parse_date(parts[0])
        moment = parse_time(parts[1].removeprefix("à ").strip()) if len(parts) > 1 else time(0)
    except InvalidValue as exc:
        if exc.code == "date_out_of_range":
            raise
        raise InvalidValue("invalid_datetime") from exc
    return existing(datetime.combine(day, moment, tzinfo=tz))


def existing(found: datetime) -> datetime:
    """``found``, if the clocks showed it; else ``nonexistent_time`` with the first local
    time after it that they did."""
    if exists(found):
        return found
    after = next(
        later
        for minutes in range(1, 24 * 60)
        if exists(later := found + timedelta(minutes=minutes))
    )
    raise InvalidValue(
        "nonexistent_time", moment=f"{found:%d/%m/%Y %H:%M}", next=f"{after:%d/%m/%Y %H:%M}"
    )


def exists(moment: datetime) -> bool:
    """Whether a local time was shown on the clocks: 02:30 is not, the night of the spring
    change, when they go from 02:00 to 03:00."""
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == (
        moment.replace(tzinfo=None)
    )


def parse_int(raw: str) -> int:
    """A count: a whole number from 0 to ``MAX_INT`` (ten billion), spaces allowed."""
    text = raw.strip()
    if not _INT.match(text):
        raise InvalidValue("invalid_int")
    number = int(re.sub(r"[\s\u00a0\u202f.]", "", text))
    if not 0 <= number <= MAX_INT:
        raise InvalidValue("int_out_of_range", limit=MAX_INT)
    return number


def parse_value(raw: str, kind: ValueType, tz: ZoneInfo, now: datetime | None = None) -> str:
    """The canonical stored form of ``raw`` read as ``kind``; raises ``InvalidValue``. With
    ``now``, a date may be named relative to today (« hier », « avant-hier 14h »)."""
    text = raw.strip()
    if not text:
        raise InvalidValue("empty_value")
    if kind is ValueType.BOOLEEN:
        return "oui" if parse_bool(text) else "non"
    if kind is ValueType.DATE:
        today = now.astimezone(tz).date() if now is not None else None
        return parse_date(text, today).isoformat()
    if kind is ValueType.DATE_HEURE:
        return parse_datetime(text, tz, now).isoformat(timespec="minutes")
    if kind is ValueType.ENTIER:
        return str(parse_int(text))
    return text


def typed(stored: str, kind: ValueType) -> Any:
    """The Python value of a canonical stored form."""
    if kind is ValueType.BOOLEEN:
        return stored == "oui"
    if kind is ValueType.DATE:
        return date.fromisoformat(stored)
    if kind is ValueType.DATE_HEURE:
        return datetime.fromisoformat(stored)
    if kind is ValueType.ENTIER:
        return int(stored)
    return stored
