"""A value typed by a person, prepared for its place in a sentence of a modèle.

``insere(value, lexicon, debut=False)`` (Jinja filter ``insere``):

- its end punctuation goes, so the sentence's own stops it (« dates de naissance.. » →
  « dates de naissance », « ciblé !. » → « ciblé »);
- no space before « , » or « . » (« 14h30 , puis » → « 14h30, puis »), none inside
  parentheses; « 14:30 » becomes « 14 h 30 » (and « 14h30 » too, by the typography);
- inside a sentence, a first word that is a common French word loses its capital
  (« Mesures prises : Les accès… » → « …prises : les accès… »), never a proper noun or an
  acronym (« Orange Cyberdefense », « CNIL »); at the start (``debut``) it gets one;
- several lines become one clause: short items joined as a list (« a, b et c »), longer
  ones with « ; », so a value never opens a paragraph, a list or a heading of its own.

``phrase(value, lexicon, capital=True)`` makes it a sentence of its own: a capital (unless
told not to) and one final stop (« ? » kept when it asks). ``liste(items)`` joins
« a, b et c ». Quotes, spaces before « : ; ! ? », quantities and dates are the typography's
(``bot/drafting/typography.py``), applied to the whole text after rendering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.drafting.language import Lexicon
from bot.drafting.names import Nom

LINE_BREAK = "\u2028"
_BULLET = re.compile(r"^\s*(?:[-*•–—]\s+|\d{1,2}[.)]\s+)")
_END = re.compile(r"[\s.!?;:,…]+$")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_BEFORE = re.compile(r" ([,.])(?=\s|$)")
_AFTER_COMMA = re.compile(r",(?=[^\s\d])")
_OPEN, _CLOSE = re.compile(r"\(\s+"), re.compile(r"\s+\)")
_CLOCK = re.compile(r"(?<![\d\w:/.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_FIRST_WORD = re.compile(r"([^\W\d_][\w-]*)(['’]?)(\s*)(\S*)")
SHORT_ITEM = 4


_CONTRACTIONS = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}


def apres(value: object, preposition: str) -> str:
    """``value`` after « à » or « de », contracted as French requires: « au cabinet X »,
    « aux experts », « du cabinet », « d'Ernst & Young », « à des experts »."""
    text = str(value).strip()
    first, _, rest = text.partition(" ")
    contracted = _CONTRACTIONS.get((preposition, first))
    if contracted and rest:
        return f"{contracted} {rest}"
    if preposition == "de" and text[:1].lower() in "aeiouyéèêàâîôûh" and first != "des":
        return "d'" + text
    if preposition == "de" and first in ("des", "du"):
        return text
    return f"{preposition} {text}"


def liste(items: Iterable[object], conjonction: str = "et") -> str:
    """« a », « a et b », « a, b et c »."""
    parts = [str(i) for i in items if str(i).strip()]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {conjonction} " + parts[-1]


def _tidy(line: str) -> str:
    line = _SPACES.sub(" ", _BULLET.sub("", line)).strip()
    line = _BEFORE.sub(r"\1", line)
    line = _AFTER_COMMA.sub(", ", line)
    line = _CLOSE.sub(")", _OPEN.sub("(", line))
    line = _CLOCK.sub(lambda m: f"{int(m.group(1))} h {m.group(2)}", line)
    if line.endswith("etc."):
        return line
    return _END.sub("", line)


def _lower_first(text: str, lexicon: Lexicon) -> str:
    match = _FIRST_WORD.match(text)
    if not match:
        return text
    word, _, _, following = match.groups()
    if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
        return text
    if word.lower() not in lexicon.french | lexicon.shared:
        return text
    if following[:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def insere(value: object, lexicon: Lexicon, debut: bool = False) -> str:
    """The value ready to sit inside a sentence (see the module's documentation)."""
    if isinstance(value, Nom):
        return value.sujet if debut else str(value)
    if isinstance(value, list | tuple):
        return liste(insere(v, lexicon) for v in value)
    lines = [_tidy(line) for line in re.split(r"[\n\u2028]+", str(value))]
    lines = [line for line in lines if line]
    items = [_lower_first(line, lexicon) for line in lines]
    if len(items) > 1 and all(len(i.split()) <= SHORT_ITEM and "," not in i for i in items):
        text = liste(items)
    else:
        text = " ; ".join(items)
    return _capital(text) if debut else text


def phrase(value: object, lexicon: Lexicon, capital: bool = True) -> str:
    """The value as a sentence of its own: a capital (unless ``capital`` is false), one stop."""
    raw = str(value).rstrip()
    end = _END.search(raw)
    stop = "\u202f?" if end and "?" in end.group(0) else "."
    body = insere(value, lexicon, debut=capital)
    if not capital:
        body = _lower_first(body, lexicon)
    return body + stop if body else ""
