"""What no library knows: e-mail addresses, birth dates in context, a person's identity shape
and postal addresses.

They read the canonical form (see ``normalize``)."""

from __future__ import annotations

import re
from collections.abc import Callable

EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})\b")

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec"
)
_WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_SEP = r" ?[/.-] ?"
_SPACED = r"(?: ?[/.-] ?| )"  # a date written with spaces only when its year has four digits
DATE = (
    rf"(?:\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}\d{{2,4}}|\d{{1,2}} \d{{1,2}} (?:19|20)\d{{2}}\b"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:1er|1 er|\d{{1,2}}) (?:{_MONTHS})\.? \d{{2,4}})"
)
_BIRTH_WORDS = (
    r"\bn[ée]\(?e?\)?s?\b|\bnaissance\b|\bnaiss\.|\bborn\b|\bdate of birth\b"
    # the acronyms, typed with or without marks between their letters (« D.D.N. »)
    r"|\bD[.\-_ ]?D[.\-_ ]?N\b\.?|\bD[.\-_ ]?O[.\-_ ]?B\b\.?"
)
# After a birth word, within a few words: a date, a month, a compact date, a weekday or a
# year said in words (a year alone, « nés entre 1940 et 2005 », describes a sample).
_BIRTH_DATE = (
    rf"(?:{DATE}|\b(?:{_MONTHS})\b|\b\d{{6}}(?:\d{{2}})?\b"
    rf"|\bmille neuf cent|\bdix-neuf cent|\b(?:{_WEEKDAYS})\b)"
)
_CIVILITY = r"(?:M|MM|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Dr|Pr)\.?"
_NAME = r"[A-ZÀ-Ý][\w'-]*\.?"
_CIVIL_NAME = rf"(?-i:{_CIVILITY} {_NAME}(?: {_NAME}){{0,3}})"
BIRTH = re.compile(
    rf"(?:{_BIRTH_WORDS})[^.;!?\n]{{0,30}}?{_BIRTH_DATE}|\b{_CIVIL_NAME} ?[,;(]? ?{DATE}",
    re.IGNORECASE,
)

# A date a person was born at: before 2020, so that the dates of the crisis are not taken
# for one.
_YEAR = r"(?:19\d{2}|20[01]\d)"
OLD_DATE = (
    rf"(?:\d{{1,2}}{_SPACED}\d{{1,2}}{_SPACED}{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}}"
    rf"|(?:1er|1 er|\d{{1,2}}) (?:{_MONTHS})\.? {_YEAR}|[0-3]\d[01]\d{_YEAR})\b"
)
# A person's identity shape: a surname in capitals and a first name (``DUPONT Jeanne``,
# ``Jeanne DUPONT``), a first name and a name, or a civility and a name, next to what places
# a person: a birth date, a room, a bed, a care unit, a birthplace. Cell members named with
# their role or service (« Marc Bernard, DPO », « Léa Roux, service de presse ») are not.
_UPPER = r"[A-ZÀ-Ý][A-ZÀ-Ý'-]+(?: [A-ZÀ-Ý][A-ZÀ-Ý'-]+)?"
_FIRST = r"[A-ZÀ-Ý][a-zß-ÿ]+(?:-[A-ZÀ-Ý][a-zß-ÿ]+)?"
# A surname as written after a first name: « N'Diaye », « Le Goff », « de La Tour ».
_SURNAME = (
    rf"(?:(?:[Dd]e |[Dd]u |[Dd]i |[Dd]a |[Vv]an |[Vv]on |[Ll]e |[Ll]a |[Dd]')?"
    rf"(?:[A-Z]')?(?:{_UPPER}|{_FIRST}))"
)
_PERSON = rf"(?:{_UPPER}[ ,;|\t]+{_FIRST}|{_FIRST}[ ,;|\t]+{_SURNAME}|{_CIVIL_NAME})"
_GAP = r"[ ,;|\t:()-]{1,4}(?:(?:n[ée]e?|le|à|a|en|au|aux) )?"
_CARE = (
    r"cardio|onco|p[ée]dia|urgence|r[ée]a|matern|psych|chir|g[ée]riat|n[ée]o|m[ée]decine|soins"
    r"|dialyse|gyn[ée]co|neuro|pneumo|gastro|ortho|h[ée]mato|ophtalmo|ORL|USI|USC|SSR|EHPAD"
)
_PLACES = (
    rf"{OLD_DATE}|(?:chambre|ch\.|lit|box) ?(?:n° ?)?\d"
    r"|(?:service|unit[ée]|pavillon|hospitalis[ée]e?) (?:\w+ )?(?:de |d'|des |du |en |au )?"
    rf"(?:{_CARE})"
    r"|n[ée]e? à [A-ZÀ-Ý]|patiente?s?\b"
    # a birthplace and a year, or a year alone, just after the name: « (Belfort, 1954) »
    rf"|[A-ZÀ-Ý][\w'-]+, ?{_YEAR}\b|{_YEAR} ?\)"
)
# What places a person anywhere in the same sentence: a room or a bed with its number, a
# birth, a stay in care (« M. Pierre Martin est-il en réanimation, lit 4 ? »).
_SENTENCE = r"[^.!?\n]{0,60}?"
_STAY = (
    r"(?:chambre|ch\.|lit|box) ?(?:n° ?)?\d|n[ée]e? (?:le|à|en)\b"
    r"|hospitalis[ée]e?s?\b|en r[ée]animation|aux soins intensifs"
    r"|admise? (?:en|aux|au|dans)\b"
)
IDENTITY = re.compile(rf"(?<![\w-])(?-i:{_PERSON}){_GAP}(?i:{_PLACES})")
# The same shapes spread over a sentence, or a name in capitals and a date, each read only
# where a word that places the person (lowercased) or an old year is in the text at all.
_STAY_CUE = re.compile(
    r"\b(?:chambre|ch\.|lit|box|n[ée]e? (?:le|à|en)|hospitalis\w*|r[ée]animation"
    r"|soins intensifs|admise?)\b"
)
_ROOM_CUES = ("chambre", "ch.", "lit", "box")
_OLD_YEAR = re.compile(r"19\d\d|20[01]\d")
_SPREAD: tuple[tuple[Callable[[str, str], bool], re.Pattern[str]], ...] = (
    (
        lambda low, _: _STAY_CUE.search(low) is not None,
        re.compile(rf"(?<![\w-])(?-i:{_PERSON}){_SENTENCE}(?i:{_STAY})"),
    ),
    (
        lambda low, _: any(cue in low for cue in _ROOM_CUES),
        re.compile(
            rf"(?i:(?:chambre|ch\.|lit|box) ?(?:n° ?)?\d+){_SENTENCE}(?<![\w-])(?-i:{_PERSON})"
        ),
    ),
    (
        lambda _, text: _OLD_YEAR.search(text) is not None,
        re.compile(rf"(?<![\w-])(?-i:{_UPPER} {_UPPER}){_GAP}{OLD_DATE}"),
    ),
)


def has_identity(text: str) -> bool:
    """A person's identity shape in ``text``: a name next to what places a person, or in
    the same sentence as a room, a birth or a stay in care."""
    if IDENTITY.search(text):
        return True
    low = text.lower()
    return any(cue(low, text) and shape.search(text) for cue, shape in _SPREAD)


# A row of a leaked table: name; first name; then a birth date or a postal code within the
# next cells.
ROW = re.compile(
    rf"(?<![\w-])(?:{_UPPER}|{_FIRST}) ?[;|\t] ?(?:{_FIRST}|{_UPPER}) ?[;|\t]"
    rf"(?:[^;|\t\n]{{0,40}}[;|\t]){{0,2}} ?(?:{OLD_DATE}|\d{{5}}\b)"
)

_QUOTED_SEPARATOR = re.compile(r"[\"“”«»'] ?[,;|\t] ?[\"“”«»']")
_TIGHT_COMMA = re.compile(r"(?<=[^\W\d_]),(?=\S)|(?<=\S),(?=[^\W\d_])")
_QUOTES = re.compile(r"[\"“”«»]")


def cells(text: str) -> str:
    """A row as a spreadsheet exports it (``"DUPONT","Jeanne","03/03/1954"``,
    ``DUPONT,Jeanne,1954-03-03``) with its cells separated by ``;`` and unquoted, as
    ``ROW`` reads rows."""
    text = _QUOTED_SEPARATOR.sub(";", text)
    return _QUOTES.sub("", _TIGHT_COMMA.sub(";", text))


_STREET = (
    r"rue|avenue|av\.|boulevard|bd|chemin|all[ée]e|impasse|place|route|quai"
    r"|faubourg|square|lotissement|r[ée]sidence"
)
ADDRESS = re.compile(
    rf"\b\d{{1,4}}(?: ?(?:bis|ter))?,? (?i:{_STREET}) (?:de la |des |du |de l'|de |d')?"
    r"[A-ZÀ-Ý][\w'-]+|\b\d{1,4},? (?i:{_STREET}) [\w' -]{2,40}?,? \d{5}\b"
)
# The address of an institution (the hospital, the CNIL, a police station), which names it or
# ends in « cedex », is no one's private address.
_INSTITUTION = re.compile(
    r"\b(?:h[ôo]pital|clinique|CHU?|CHR|GHT|centre|si[èe]ge|site|ARS|CNIL|ANSSI|commissariat"
    r"|gendarmerie|pr[ée]fecture|mairie|tribunal|parquet|DPO|direction|cellule|standard)\b"
    r"|\bcedex\b|\bCS \d|\bTSA \d|\bBP \d",
    re.IGNORECASE,
)


def has_address(text: str) -> bool:
    """A postal address that is not an institution's."""
    for match in ADDRESS.finditer(text):
        around = text[max(0, match.start() - 60) : match.end() + 40]
        if not _INSTITUTION.search(around):
            return True
    return False
