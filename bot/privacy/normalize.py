"""One canonical form, computed once, that every detector reads.

It starts from the text as it is stored (``bot.domain.facts.visible``: no control nor format
character, the digits of every script as ASCII digits), so that what is stored is what was
guarded. Then NFKC folds full-width letters and every kind of space to their plain forms,
dashes become ``-``, runs of white space one space; HTML entities (``&#64;``) and URL
escapes, even doubled (``%2540``), are decoded; disguised addresses (``jean [at] gmail.com``,
``jean(at)gmail(dot)com``, ``jean arobase gmail point com``, ``jean chez gmail.com``,
``jean @ gmail . com``, ``jean@gmail,com``) become plain addresses, and a word typed letter
by letter (``j e a n @ g m a i l . c o m``) is joined again.

Views of that form serve the detectors of numbers: ``digit_view`` folds whatever separates
groups of digits (``,`` ``·`` ``:`` ``+`` parentheses…) to one space, ``joined_digits`` joins
the groups, ``phone_view`` spaces chains of digit pairs as phones are written, and
``spoken_digits`` writes digits read aloud in French (« zéro six onze… ») as digits."""

from __future__ import annotations

import html
import re
import unicodedata

from text_to_num import alpha2digit

from bot.domain.blocked import CONFUSABLE
from bot.domain.facts import visible

_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"}
_SPACES = re.compile(r"\s(?:\s+|(?<=[^\S ]))")  # white space but a space alone
# Dashes to ``-`` and letters of other scripts that look like Latin ones to those: the
# characters the table changes, found first.
# Invisible letters (Hangul fillers, the braille blank) typed as spaces; apostrophes as ``'``.
_BLANKS = {ord(c): " " for c in "\u115f\u1160\u3164\uffa0\u2800"}
_APOSTROPHES = {ord(c): "'" for c in "\u2019\u02bc\u2032\uff07"}
_FOLDED_TABLE: dict[int, str | int | None] = {**_DASHES, **CONFUSABLE, **_BLANKS, **_APOSTROPHES}
_FOLDED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLDED_TABLE)) + "]")
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT = re.compile(
    rf" ?{_OPEN} ?(?:at|arobase|arrobase|arobas|arrobas|chez|@) ?{_CLOSE} ?"
    r"| (?:arobase|arrobase|arobas|arrobas|at sign) ",
    re.IGNORECASE,
)
_DOT = re.compile(rf" ?{_OPEN} ?(?:dot|point|\.) ?{_CLOSE} ?", re.IGNORECASE)
_DOMAIN_WORDS = re.compile(r"(@[\w-]+(?:\.[\w-]+)*) (?:dot|point) (?=\w)", re.IGNORECASE)
_SPOKEN_AT = re.compile(
    r"([\w.+-]) (?:at|chez) ([\w-]+(?: ?[.,] ?| (?:dot|point) )[a-z]{2,6})\b", re.IGNORECASE
)
# ``jean @gmail.com``, ``jean@ gmail.com``, ``jean @ gmail . com``: a space typed (or added
# by a phone's keyboard) around the sign; the domain ends in a lowercase extension.
_LOOSE_AT = re.compile(
    r"(?<=[\w+-])(?: @(?=[\w-]+\.[a-z]{2,6}\b)"
    r"| ?@ (?=[\w-]+(?: ?[.,] ?| (?:dot|point) )[a-z]{2,6}\b))"
)
# Whatever an address in disguise needs: a sign of « at » in one of its forms.
_MAY_HOLD_ADDRESS = re.compile(r"@|[ (\[{<](?:at|arr?obase?|chez)(?![^\W\d_])", re.IGNORECASE)
_SPACED_DOMAIN = re.compile(r"(@[\w-]+?) ?[.,。•·_] ?(?=[a-z]{2,6}\b)", re.IGNORECASE)
_DIGIT_CHAIN = re.compile(r"\d\d{0,3}(?:(?:[/_,;:+]|\u00b7|\u2022|\u2219|\u22c5)\d{1,4}){3,}")
# Words typed between the groups of a phone number (« 06 puis 12 … », « 06 (portable) 12 … »).
_PHONE_WORDS = re.compile(
    r"(\d)(?:\s*[(,]?\s*(?:puis|et|portable|mobile|t[ée]l\.?|fixe|perso)\s*[),:]?)+\s*(?=\d)",
    re.IGNORECASE,
)
_LOOSE_PLUS = re.compile(r"\+\s+(?=\d)")
_CHAIN_SEP = re.compile(r"[/_,;:+\u00b7\u2022\u2219\u22c5]")
_LETTER_SPACED = re.compile(r"(?<!\S)(?:\S ){4,}\S(?!\S)")
_ESCAPE = re.compile(r"%([0-9a-f]{2})", re.IGNORECASE)
_GROUPED_DIGITS = re.compile(r"[ ./_-](?<=\d.)(?=\d)")
# Between two digits, up to five characters that are neither letters nor digits, whatever
# they are (``06x12`` is read below, ``06~12``, ``06 / / 12``, ``06،12``).
_DIGIT_SEPARATORS = re.compile(r"[\W_](?<=\d.)[\W_]{0,11}(?=\d)")
# A time (« 09:30 », « 01:12:05 ») written with an ``h``, so that its colon does not join it
# to other numbers as a phone's groups.
# A time just after a date (« 09/01/2026 08:30 ») keeps its colon: the date and the time are
# read together there, as twelve digits no phone has.
_TIME = re.compile(r"(\d(?<![\d:]\d)(?<!\d[ /.-]\d)\d?):([0-5]\d)(?::[0-5]\d)?(?![\d:])")
# Letters typed for digits in a run of digits (``O6 12``, ``3OOO``, ``l23456``, ``06x12``):
# O for 0, I and l for 1, x and * between digits for a separator.
_LOOKALIKE_RUN = re.compile(r"(?<![^\W\d_])(?=[\dOoIl]*\d)[\dOoIl]{2,}(?![^\W\d_])")
_TIMES = re.compile(r"[xX*](?<=[\dOoIl].)(?=[\dOoIl])")
# ``Jean_Dupont``: an underscore between two words read as a space.
_LETTERS_JOINED = re.compile(r"_(?<=[^\W\d_]_)(?=[^\W\d_])")
_AS_DIGITS = str.maketrans("OoIl", "0011")
# Such letters standing alone as a group of a number (« l 85 05 78 … », « 2 54 O3 OIO »).
_LONE_LOOKALIKE = re.compile(r"[OoIl](?<![^\W\d_].)[OoIl]{0,3}(?![^\W\d_])")
_DIGIT_BEFORE = re.compile(r"\d[\W_]{1,3}$")
_DIGIT_AFTER = re.compile(r"[\W_]{1,3}\d")
# Accents, keycaps and variation selectors put on digits (« 8️⃣ », « 3̲ »).
_MARKS_ON_DIGITS = re.compile("(\\d)[\u0300-\u036f\u20d0-\u20ff\ufe00-\ufe0f]+")


def _lone_digit(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    near = _DIGIT_BEFORE.search(text, max(0, start - 4), start) or _DIGIT_AFTER.match(text, end)
    return match.group(0).translate(_AS_DIGITS) if near else match.group(0)


# Whether such a letter touches a digit at all.
_LOOKALIKE_NEAR = re.compile(r"[OoIl](?:(?<=\d.)|(?=\d))")
# ``\u0040`` as a program writes it, ``=40`` as a quoted-printable mail does.
# (Between digits, ``=`` is no escape: « 1=85=05=78 ».)
_CODE_ESCAPE = re.compile(
    r"\\u([0-9a-fA-F]{4})|(?<!\d)=([0-9A-F]{2})(?=[\w.-])|(?<=\d)=([0-9A-F]{2})(?=[^\W\d_])"
)
# ``I.P.P.``, ``I-P-P``: an acronym typed with punctuation between its letters.
_DOTTED_ACRONYM = re.compile(r"[A-Za-z](?<!\w.)[.\-_ ](?:[A-Za-z][.\-_ ])+[A-Za-z]?\b\.?")


def _unescape(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if "\\u" in text or "=" in text:
        text = _CODE_ESCAPE.sub(lambda m: chr(int(next(g for g in m.groups() if g), 16)), text)
    for _ in range(3):
        if "%" not in text:
            break
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def normalize(text: str) -> str:
    """The canonical form of ``text``, as detectors read it."""
    text = visible(text)
    text = unicodedata.normalize("NFKC", text)
    if _FOLDED.search(text):
        # composed again: a Cyrillic « е » and its accent are one « é » once folded
        folded = _FOLDED.sub(lambda m: m.group(0).translate(_FOLDED_TABLE), text)
        text = unicodedata.normalize("NFC", folded)
    text = _unescape(text)
    text = _TIMES.sub(" ", text)
    text = _MARKS_ON_DIGITS.sub(r"\1", text)
    if _LOOKALIKE_NEAR.search(text):
        text = _LOOKALIKE_RUN.sub(lambda m: m.group(0).translate(_AS_DIGITS), text)
    text = _LONE_LOOKALIKE.sub(_lone_digit, text)
    text = _SPACES.sub(" ", text)
    text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    if not _MAY_HOLD_ADDRESS.search(text):
        return text
    text = _AT.sub("@", text)
    text = _DOT.sub(".", text)
    text = _SPOKEN_AT.sub(lambda m: f"{m.group(1)}@{m.group(2).replace(',', '.')}", text)
    if "@" not in text:
        return text
    text = _LOOSE_AT.sub("@", text)
    previous = None
    while previous != text:
        previous, text = text, _DOMAIN_WORDS.sub(r"\1.", text)
    return _SPACED_DOMAIN.sub(r"\1.", text)


def words_apart(text: str) -> str:
    """``Jean_Dupont`` → ``Jean Dupont``: an underscore between two words read as a space,
    where names are looked for (an address keeps its underscores)."""
    return _LETTERS_JOINED.sub(" ", text) if "_" in text else text


def digit_view(text: str) -> str:
    """Groups of digits separated by any punctuation (``1,85·05:78 (006) 084+91``) spaced
    by one space."""
    if ":" in text:
        text = _TIME.sub(r"\1h\2", text)
    return _DIGIT_SEPARATORS.sub(" ", text)


# Between two groups of digits, one to three short words and their punctuation (« banque
# 30006 guichet 00001 compte … clé 89 », « 1 54 03 75 puis 116 023 69 »).
_LABELS_BETWEEN = re.compile(r"(\d)(?:[^\w\d]{0,3}+[^\W\d_]{1,12}+){1,3}+[^\w\d]{1,3}+(?=\d)")


def labelled_digits(text: str) -> str:
    """Groups of digits with the labels typed between them left out, for the numbers whose
    key proves them (a NIR, an IBAN, a RIB): ``banque 30006 guichet 00001`` →
    ``30006 00001``."""
    return digit_view(_LABELS_BETWEEN.sub(r"\1 ", text))


def joined_digits(text: str) -> str:
    """Digits grouped by spaces or separators joined (``IPP 123 456``, ``IPP 12.34.56``),
    for identifiers a pattern reads as one run of digits."""
    return _GROUPED_DIGITS.sub("", digit_view(text))


def acronyms_joined(text: str) -> str:
    """``I.P.P. 123456`` → ``IPP 123456``."""
    return _DOTTED_ACRONYM.sub(lambda m: re.sub(r"[^A-Za-z]", "", m.group(0)) + " ", text)


def phone_view(text: str) -> str:
    """Digits chained by ``/``, ``_``, ``,``, ``;``, ``:``, ``+`` or a middle dot
    (``06/11/22/33/44``) spaced as phones are written, and a ``+`` typed apart from its
    country code (``+ 33``) joined to it.

    Only chains of four groups or more: a date (``09/01/2026``) keeps its slashes, a time
    (``14:30``) its colon."""
    text = _LOOSE_PLUS.sub("+", _PHONE_WORDS.sub(r"\1 ", text))
    return _DIGIT_CHAIN.sub(lambda m: _CHAIN_SEP.sub(" ", m.group(0)), text)


_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16,
}  # fmt: skip
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
         "soixante": 60, "septante": 70, "huitante": 80, "octante": 80,
         "nonante": 90}  # fmt: skip
_NUMBER_WORD = re.compile(r"[a-z]+")
_RUN_SEPARATORS = re.compile(r"[\s,;.]+")
_NOT_WORDS_ONLY = re.compile(r"\d|\bcents?\b|\bpuis\b")
# Marks that part numbers said one after the other, read as commas.
_SAID_APART = re.compile(r"\s*[;.]\s*|\s+-\s+")
_NUMBER_WORDS = (
    r"zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize"
    r"|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?"
    r"|septante|huitante|octante|nonante"
)
# Five words of numbers or more in a row, digits and « puis » between them allowed
# (« 06 douze 34 cinquante-six 78 », « zéro six, puis douze, puis … »), one word at least
# within its first thirteen.
_SPOKEN_RUN = re.compile(
    rf"\b(?=(?:\d+[\s,;.-]+|puis[\s,;.-]+|et[\s,;.-]+){{0,12}}(?:{_NUMBER_WORDS})\b)"
    rf"(?:(?:{_NUMBER_WORDS}|et|puis|\d+)(?:[\s,;.-]+|$)){{5,}}"
)


def _spoken_groups(words: list[str]) -> str:
    """``["zero", "six", "onze", "vingt", "deux"]`` → ``"061122"``."""
    digits, i = "", 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "et":
            continue
        # « zéro quatre vingt-cinq »: 04 25, a zero that opens a pair then a digit
        after_zero = i > 1 and words[i - 2] == "zero" and len(digits) % 2 == 1
        if (
            word == "quatre"
            and not after_zero
            and i < len(words)
            and words[i] in ("vingt", "vingts")
        ):
            value, i = 80, i + 1
        elif word == "dix" and i < len(words) and _UNITS.get(words[i], 10) in (7, 8, 9):
            digits, i = digits + str(10 + _UNITS[words[i]]), i + 1
            continue
        elif word in _TENS:
            value = _TENS[word]
        else:
            digits += str(_UNITS[word])
            continue
        rest = [w for w in words[i : i + 3] if w != "et"]
        skip = 1 if i < len(words) and words[i] == "et" else 0
        eighty = rest[1:3] in (["quatre", "vingt"], ["quatre", "vingts"])
        ten = value in (60, 80) and rest[:1] == ["dix"] and len(rest) > 1
        if ten and 0 < _UNITS.get(rest[1], 10) < 10:
            if eighty:  # « soixante-dix quatre-vingt-treize »: 70 93
                value, i = value + 10, i + skip + 1
            else:
                value, i = value + 10 + _UNITS[rest[1]], i + skip + 2
        elif rest[1:2] in (["vingt"], ["vingts"]) and rest[0] == "quatre":
            pass  # « quarante quatre-vingt-dix »: 40 90
        elif rest and _UNITS.get(rest[0], 0) > 0 and (value in (60, 80) or _UNITS[rest[0]] < 10):
            value, i = value + _UNITS[rest[0]], i + skip + 1
        digits += f"{value:02d}"
    return digits


def spoken_digits(text: str) -> str:
    """Numbers read aloud in French, five words or more in a row, written as digits
    (« zéro six onze vingt-deux trente-trois quarante-quatre » → ``0611223344``)."""
    # Number words are ASCII once their accents are dropped: whatever else is not ASCII
    # can go with them.
    folded = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    found = []
    for run in _SPOKEN_RUN.finditer(folded):
        # Read as numbers apart, each as it was said (« six cent douze », « six » for the
        # group ``006`` of a NIR); the detector of NIRs puts the zeros back.
        said = _SAID_APART.sub(", ", run.group(0).replace("puis", ",")).replace("zero", "zéro")
        found.append(_RUN_SEPARATORS.sub(" ", alpha2digit(said, "fr")))
        if _NOT_WORDS_ONLY.search(run.group(0)):
            continue
        found.append(_spoken_groups(_NUMBER_WORD.findall(run.group(0))))
        # Read again with each word written with hyphens as one number: « soixante
        # dix-huit » is 60 18, where the first reading hears 78.
        joined = re.sub(r"\s+et\s+", "-et-", run.group(0))  # « vingt et un » is one number
        words = [w for w in re.split(r"[\s,.]+", joined) if w]
        found.append("".join(_spoken_groups(_NUMBER_WORD.findall(w)) for w in words))
    return " ; ".join(dict.fromkeys(d for d in found if len(d.replace(" ", "")) >= 6))
