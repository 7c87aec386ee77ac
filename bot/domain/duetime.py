"""Due times typed after ``avant:`` — ``2026-01-10 12:00``, ``10/01 12h``, ``demain 17h``,
``lundi 9h``, ``17h``, ``dans 2 h`` — read against the current time in the crisis's zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from bot.domain.errors import InvalidValue
from bot.domain.values import existing, fold, parse_date, parse_time, relative_day, within_range

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_RELATIVE = re.compile(r"^dans\s+(\d{1,3})\s*(h|heures?|min|minutes?|j|jours?)$")
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})$")
DEFAULT_TIME = time(18, 0)
PAST_LIMIT = timedelta(days=30)  # a question is not due a month before it is asked


def _relative(text: str, now: datetime) -> datetime | None:
    match = _RELATIVE.match(text)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    if unit.startswith("h"):
        return now + timedelta(hours=amount)
    if unit.startswith("m"):
        return now + timedelta(minutes=amount)
    return now + timedelta(days=amount)


def _day(word: str, today: date) -> date | None:
    if word == "ce":
        return today
    named = relative_day(word, today)
    if named is not None and named >= today:
        return named
    if word in WEEKDAYS:
        ahead = (WEEKDAYS.index(word) - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    match = _DAY_MONTH.match(word)
    if match:
        day_number, month = int(match.group(1)), int(match.group(2))
        try:
            candidate = date(today.year, month, day_number)
        except ValueError:
            return None
        return candidate if candidate >= today else candidate.replace(year=today.year + 1)
    try:
        return parse_date(word)
    except InvalidValue:
        return None


def parse_due(raw: str, now: datetime) -> datetime:
    """The moment meant by ``raw``, in ``now``'s zone; raises ``InvalidValue``."""
    text = fold(" ".join(raw.split())).replace("à ", "").replace(" a ", " ")
    relative = _relative(text, now)
    if relative is not None:
        within_range(relative.date())
        return relative
    words = text.replace("ce soir", "ce 20h").split()
    if not words:
        raise InvalidValue("invalid_due")
    today = now.date()
    day = _day(words[0], today)
    rest = words[1:] if day is not None else words
    time_only = day is None
    if day is None:
        day = today
    if len(rest) > 1:
        raise InvalidValue("invalid_due")
    try:
        moment = parse_time(rest[0]) if rest else DEFAULT_TIME
    except InvalidValue as exc:
        raise InvalidValue("invalid_due") from exc
    due = datetime.combine(within_range(day), moment, tzinfo=now.tzinfo)
    if time_only and due <= now:
        due += timedelta(days=1)
    if due < now - PAST_LIMIT:
        raise InvalidValue("due_past")
    return existing(due)
