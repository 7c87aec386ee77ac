"""French (or English) formatting of dates, times, numbers and fact values, with Babel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.domain.model import Fact
from bot.domain.values import ValueType, typed

NNBSP = "\u202f"


def day_fr(day: date, locale: str = "fr") -> str:
    """« 9 janvier 2026 », « 1er mars 2026 » (English: « 9 January 2026 »)."""
    text = format_date(day, "d MMMM y", locale=locale)
    if locale == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def time_fr(moment: datetime, locale: str = "fr") -> str:
    """« 14 h 30 », « 14 h » (English: « 14:30 »)."""
    if locale != "fr":
        return moment.strftime("%H:%M")
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def moment_fr(moment: datetime, tz: ZoneInfo, locale: str = "fr") -> str:
    """« 9 janvier 2026 à 14 h 30 » in the crisis's zone."""
    local = moment.astimezone(tz)
    joiner = " à " if locale == "fr" else " at "
    return day_fr(local.date(), locale) + joiner + time_fr(local, locale)


def number_fr(value: int, locale: str = "fr") -> str:
    """« 1 250 » with a narrow no-break space; four-digit numbers are grouped too."""
    return format_decimal(value, locale=locale)


def fact_value(fact: Fact, tz: ZoneInfo, locale: str = "fr") -> str:
    """A fact's value as a reader expects it; a stored value the calendar cannot show (a row
    written before dates were bounded) is shown as stored rather than breaking a listing."""
    try:
        return format_typed(typed(fact.value, fact.kind), fact.kind, tz, locale)
    except (OverflowError, ValueError, ArithmeticError):
        return fact.value


def format_typed(value: Any, kind: ValueType, tz: ZoneInfo, locale: str = "fr") -> str:
    if kind is ValueType.BOOLEEN:
        if locale == "fr":
            return "oui" if value else "non"
        return "yes" if value else "no"
    if kind is ValueType.DATE:
        return day_fr(value, locale)
    if kind is ValueType.DATE_HEURE:
        return moment_fr(value, tz, locale)
    if kind is ValueType.ENTIER:
        return number_fr(value, locale)
    return str(value)


def duration_fr(seconds: float, locale: str = "fr") -> str:
    """« 3 h 05 », « 2 j 4 h », « 12 min »."""
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    day_unit = "j" if locale == "fr" else "d"
    if days:
        return f"{days} {day_unit} {hours} h" if hours else f"{days} {day_unit}"
    if hours:
        return f"{hours} h {mins:02d}" if mins else f"{hours} h"
    return f"{mins} min"
