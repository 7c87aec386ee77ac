"""Rules of the register of facts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.domain.errors import Conflict, InvalidValue
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, fold

KEY_PATTERN = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
MAX_KEY = 64
MAX_TEXT = 2000


def normalize_key(raw: str) -> str:
    key = fold(raw.strip()).replace("-", "_")
    if not key or len(key) > MAX_KEY or not KEY_PATTERN.match(key):
        raise InvalidValue("invalid_key")
    return key


def kind_of(key: str, key_types: Mapping[str, ValueType]) -> ValueType:
    return key_types.get(key, ValueType.TEXTE)


_KEPT = frozenset("\n\t")
_LINES = frozenset("\u2028\u2029\u0085\u000b\u000c")


# Characters ``_stored_char`` may change: all but printable ASCII, tabs, line feeds and the
# Latin letters and signs up to U+024F (the soft hyphen, a format character, excepted).
_NOT_PLAIN = re.compile("[^\t\n\x20-\x7e\u00a0-\u00ac\u00ae-\u024f]")


def _stored_char(char: str) -> str:
    if char in _KEPT or (char.isascii() and char.isprintable()):
        return char
    if char in _LINES:
        return "\n"
    if unicodedata.category(char) in ("Cc", "Cf"):
        return ""
    digit = unicodedata.decimal(char, None)
    return char if digit is None else str(digit)


def visible(text: str) -> str:
    """``text`` as it is stored, and as the patient-data guard reads it before anything else:
    without control characters (ESC…) nor invisible formatting (bidirectional overrides,
    zero-width marks), which could disguise what a reader sees; line and paragraph
    separators as line breaks; the digits of every script (Arabic-Indic, Devanagari,
    full-width…) as ASCII digits."""
    if text.isascii() and text.isprintable():
        return text
    return _NOT_PLAIN.sub(lambda m: _stored_char(m.group(0)), text)


def check_length(text: str, what: str) -> str:
    """A typed text as it is stored: visible characters only, within the length limit."""
    text = visible(text)
    if len(text) > MAX_TEXT:
        raise InvalidValue("too_long", what=what, limit=MAX_TEXT)
    return text


def record(
    existing: Fact | None,
    *,
    crisis_id: int,
    key: str,
    value: str,
    kind: ValueType,
    source: str | None,
    user: str,
    now: datetime,
) -> Fact:
    """A new version of the fact, always ``signalé``: a new value must be verified again."""
    if existing and existing.value == value and existing.source == (source or existing.source):
        raise Conflict("fact_unchanged", key=key)
    return Fact(
        crisis_id=crisis_id,
        key=key,
        value=value,
        kind=kind,
        status=FactStatus.SIGNALE,
        source=source if source is not None else (existing.source if existing else None),
        proof=None,
        version=existing.version + 1 if existing else 1,
        updated_by=user,
        updated_at=now,
    )


def settle(fact: Fact, status: FactStatus, proof: str | None, user: str, now: datetime) -> Fact:
    """The fact marked ``vérifié`` or ``réfuté``."""
    if fact.status is status:
        raise Conflict("fact_already", key=fact.key, status=status.value)
    return replace(fact, status=status, proof=proof, updated_by=user, updated_at=now)
