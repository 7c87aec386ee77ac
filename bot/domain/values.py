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


def parse_date(raw: str) -> date:
    text = raw.strip()
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


def parse_datetime(raw: str, tz: ZoneInfo) -> datetime:
    text = raw.strip().replace("T", " ", 1) if "T" in raw else raw.strip()
    parts = text.split(None, 1)
    if not parts:
        raise InvalidValue("invalid_datetime")
    try:
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


def parse_value(raw: str, kind: ValueType, tz: ZoneInfo) -> str:
    """The canonical stored form of ``raw`` read as ``kind``; raises ``InvalidValue``."""
    text = raw.strip()
    if not text:
        raise InvalidValue("empty_value")
    if kind is ValueType.BOOLEEN:
        return "oui" if parse_bool(text) else "non"
    if kind is ValueType.DATE:
        return parse_date(text).isoformat()
    if kind is ValueType.DATE_HEURE:
        return parse_datetime(text, tz).isoformat(timespec="minutes")
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
