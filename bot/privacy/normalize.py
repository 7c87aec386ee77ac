"""One normalisation before any detection: what is pasted or disguised reads as typed.

NFKC folds full-width digits and letters and every kind of space (no-break, narrow no-break,
thin…) to their plain forms; invisible characters are dropped, dashes become ``-``, runs of
white space one space; disguised addresses (``jean [at] gmail.com``,
``jean(at)gmail(dot)com``, ``jean arobase gmail point com``, ``jean%40gmail.com``,
``jean @ gmail . com``) become
plain addresses, and a word typed letter by letter (``j e a n @ g m a i l . c o m``) is
joined again."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"}
_SPACES = re.compile(r"\s+")
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT = re.compile(rf" ?{_OPEN} ?(?:at|arobase|@) ?{_CLOSE} ?| (?:arobase|arrobase) ", re.IGNORECASE)
_DOT = re.compile(rf" ?{_OPEN} ?(?:dot|point|\.) ?{_CLOSE} ?", re.IGNORECASE)
_DOMAIN_WORDS = re.compile(r"(@[\w-]+(?:\.[\w-]+)*) (?:dot|point) (?=\w)", re.IGNORECASE)
_SPOKEN_AT = re.compile(
    r"([\w.+-]) at ([\w-]+(?: ?\. ?| (?:dot|point) )[a-z]{2,6})\b", re.IGNORECASE
)
# ``jean @gmail.com``, ``jean@ gmail.com``, ``jean @ gmail . com``: a space typed (or added
# by a phone's keyboard) around the sign; the domain ends in a lowercase extension.
_LOOSE_AT = re.compile(
    r"(?<=[\w+-])(?: @(?=[\w-]+\.[a-z]{2,6}\b)| ?@ (?=[\w-]+ ?\. ?[a-z]{2,6}\b))"
)
_SPACED_DOMAIN = re.compile(r"(@[\w-]+) ?\. ?(?=[a-z]{2,6}\b)", re.IGNORECASE)
_DIGIT_CHAIN = re.compile(r"\d{1,4}(?:[/_]\d{1,4}){3,}")
_LETTER_SPACED = re.compile(r"(?<!\S)(?:\S ){4,}\S(?!\S)")
_PERCENT_AT = re.compile(r"%40", re.IGNORECASE)
_GROUPED_DIGITS = re.compile(r"(?<=\d)[ ./_-](?=\d)")


def normalize(text: str) -> str:
    """The text as detectors read it."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_DASHES)
    text = _SPACES.sub(" ", text)
    text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _PERCENT_AT.sub("@", text)
    text = _AT.sub("@", text)
    text = _DOT.sub(".", text)
    text = _SPOKEN_AT.sub(r"\1@\2", text)
    text = _LOOSE_AT.sub("@", text)
    previous = None
    while previous != text:
        previous, text = text, _DOMAIN_WORDS.sub(r"\1.", text)
    return _SPACED_DOMAIN.sub(r"\1.", text)


def joined_digits(text: str) -> str:
    """Digits grouped by spaces or separators joined (``IPP 123 456``, ``IPP 12.34.56``),
    for identifiers a pattern reads as one run of digits."""
    return _GROUPED_DIGITS.sub("", text)


def phone_view(text: str) -> str:
    """Digits chained by ``/`` or ``_`` (``06/11/22/33/44``) spaced as phones are written.

    Only chains of four groups or more: a date (``09/01/2026``) keeps its slashes."""
    return _DIGIT_CHAIN.sub(lambda m: re.sub(r"[/_]", " ", m.group(0)), text)
