"""What no library knows: e-mail addresses, birth dates in context, a person's identity shape
and postal addresses.

They read the canonical form (see ``normalize``)."""

from __future__ import annotations

import re

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
    r"\bn[ée]\(?e?\)?s?\b|\bnaissance\b|\bnaiss\.|\bDDN\b|\bborn\b|\bdate of birth\b|\bDOB\b"
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
_PERSON = rf"(?:{_UPPER}[ ,;|\t]+{_FIRST}|{_FIRST}[ ,;|\t]+(?:{_UPPER}|{_FIRST})|{_CIVIL_NAME})"
_GAP = r"[ ,;|\t:()-]{1,4}(?:(?:n[ée]e?|le|à|a|en|au|aux) )?"
_CARE = (
    r"cardio|onco|p[ée]dia|urgence|r[ée]a|matern|psych|chir|g[ée]riat|n[ée]o|m[ée]decine|soins"
    r"|dialyse|gyn[ée]co|neuro|pneumo|gastro|ortho|h[ée]mato|ophtalmo|ORL|USI|USC|SSR|EHPAD"
)
_PLACES = (
    rf"{OLD_DATE}|(?:chambre|ch\.|lit|box) ?(?:n° ?)?\d"
    r"|(?:service|unit[ée]|pavillon|hospitalis[ée]e?) (?:\w+ )?(?:de |d'|des |du |en |au )?"
    rf"(?:{_CARE})"
    r"|n[ée]e? à [A-ZÀ-Ý]"
)
IDENTITY = re.compile(rf"(?<![\w-])(?-i:{_PERSON}){_GAP}(?i:{_PLACES})")
# A row of a leaked table: name; first name; then a birth date or a postal code within the
# next cells.
ROW = re.compile(
    rf"(?<![\w-])(?:{_UPPER}|{_FIRST}) ?[;|\t] ?{_FIRST} ?[;|\t](?:[^;|\t\n]{{0,40}}[;|\t]){{0,2}}"
    rf" ?(?:{OLD_DATE}|\d{{5}}\b)"
)

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
