"""What no library knows: e-mail addresses, birth dates in context, a person's identity shape
and postal addresses.

They read the canonical form (see ``normalize``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain

# Lowercase letter for letter, so that positions in the lowercased text are the text's.
_LOWER = {c: chr(c).lower() for c in range(0x250) if len(chr(c).lower()) == 1}


def lower(text: str) -> str:
    """``text`` in lowercase, each character one character."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_LOWER)


EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})\b")


class WebmailAddresses:
    """A local part that looks like an address's (a dot, a digit, a dash or an underscore in
    it), a sign of « at » in any of its forms, then a consumer webmail's name, with or without
    its extension (« jean.dupont@gmail », « jdupont85 chez free », « j.d (a) orange »). Each
    name found is read backwards, so that the cost follows the names, not the text."""

    def __init__(self, brands: frozenset[str]) -> None:
        # Read in the lowercased text; each name checks what comes before it once found.
        names = "|".join(
            rf"{re.escape(b)}(?<![^\W_]{re.escape(b)})"
            for b in sorted({b.lower() for b in brands}, key=len, reverse=True)
        )
        self._names = re.compile(rf"(?:{names or '(?!)'})(?![^\W_])")
        self._before = re.compile(
            r"[\w+-]*[._\d-][\w.+-]*\s?(?:@|\(a\)|-at-|\bat|\bchez|\bsur|\bà)\s?$",
            re.IGNORECASE,
        )

    def search(self, text: str) -> bool:
        return any(
            self._before.search(text, max(0, name.start() - 80), name.start())
            for name in self._names.finditer(lower(text))
        )


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
    # « né », « née », « né(e) », « nés » (« ne » without its accent is a negation)
    r"\bn[ée]\(e\)|\bné(?:e?s?)\b|\bnee?s?\b(?= (?:le|à|a|en)\b)"
    r"|(?<!con)naiss(?!ances\b)\w*\.?|\bnaqu\w*|\bdate (?:de )?nais\b\.?|\bvu le jour\b"
    r"|\b[âa]g[ée]e? de \d{1,3} ans\b|\bborn\b|\bbirth|\bdate of birth\b"
    r"|\banniversaire\b|\bvenue? au monde\b"
    r"|\bgeb\.|\bDN\b|\bD\.N\.?"
    # the acronyms, typed with or without marks between their letters (« D.D.N. »)
    r"|\bD[.\-_ ]?[DT][.\-_ ]?N\b\.?|\bD[.\-_ ]?O[.\-_ ]?B\b\.?"
)
# After a birth word, within a few words: a date, a month, a compact date, a weekday or a
# year said in words (a year alone, « nés entre 1940 et 2005 », describes a sample).
_BIRTH_DATE = (
    rf"(?:{DATE}|\b\d{{1,2}} \d{{1,2}} \d{{2}}\b|\b(?:19|20)\d\d \d\d \d\d\b"
    rf"|\b(?:{_MONTHS})\b|\b[0-3]\d[01]\d(?:19|20)?\d\d\b"
    rf"|\bmille neuf cent|\bdix-neuf cent|\b(?:{_WEEKDAYS})\b)"
)
_CIVILITY = r"(?:M|MM|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Dr|Pr)\.?"
_NAME = r"[A-ZÀ-Ý][\w'-]*\.?"
_CIVIL_NAME = rf"(?-i:{_CIVILITY} {_NAME}(?: {_NAME}){{0,3}})"
# Where a birth may be said at all (lowercased): a birth word, an acronym, a civility. Each
# branch opens with a letter and checks the word boundary after it (``(?<!\w.)``), so that
# the search skips from one such letter to the next.
_WORD_START = r"(?<!\w.)"
BIRTH_CUE = re.compile(
    rf"n{_WORD_START}(?:ée?s?\b|ee?s?\b|[ée]\()|nais|naqu|vu le jour|born|birth|anniv|au monde"
    rf"|d{_WORD_START}(?:\W?[dt]\W?n\b|\W?o\W?b\b|n\b|\.n\b|r\b)|g{_WORD_START}eb\.|p{_WORD_START}r\b"
    r"|âg[ée]e? de|ag[ée]e? de|monsieur|madame|mlle|mademoiselle"
    rf"|m{_WORD_START}(?:\.|m?e\b|mes\b|m\b|\b)"
)
_WORD_OF_BIRTH = re.compile(_BIRTH_WORDS, re.IGNORECASE)
_DATE_OF_BIRTH = re.compile(_BIRTH_DATE, re.IGNORECASE)
_STOPS = re.compile(r"[.;!?\n]")
_SPACE = re.compile(r"\s")
# How far before its cue a birth word may start (« venue au monde »), and after it end; how
# far after the word its date may start, and how far before it a date of birth may end
# (« 03/03/1954 : date de naissance »).
_BEFORE_CUE, _AFTER_CUE, _DATE_AFTER, _DATE_BEFORE = 12, 25, 60, 30


def has_birth(text: str) -> bool:
    """A birth date in context in ``text``: a birth word then a date within a few words of
    the same sentence, a date of birth then its word, or a civility and a name then a date
    of birth (« M. Jean Dupont, 03/03/1954 »). Read from each cue, a few characters at a
    time, so that the cost follows the text, whatever it holds."""
    seen: set[int] = set()
    for cue in BIRTH_CUE.finditer(lower(text)):
        at = cue.start()
        if _CIVIL_DATE.match(text, at):
            return True
        lo, hi = max(0, at - _BEFORE_CUE), min(len(text), cue.end() + _AFTER_CUE)
        for word in _WORD_OF_BIRTH.finditer(text, lo, hi):
            if word.start() in seen:
                continue
            seen.add(word.start())
            # « ne le » without its accent is a negation but before a date of birth
            old = word.group(0).lower() in ("ne", "nes")
            if _date_after(text, word.end(), old) or _DATE_THEN_WORD.search(
                text, max(0, word.start() - _DATE_BEFORE - 12), word.start()
            ):
                return True
    return False


def _date_after(text: str, at: int, old: bool = False) -> bool:
    stop = _STOPS.search(text, at, at + _DATE_AFTER)
    last = stop.start() if stop else min(len(text), at + _DATE_AFTER)
    space = _SPACE.search(text, last + 30)
    dates = _OLD_DATE if old else _DATE_OF_BIRTH
    found = dates.search(text, at, space.start() if space else len(text))
    return found is not None and found.start() <= last


# A date a person was born at: before 2020, so that the dates of the crisis are not taken
# for one.
_YEAR = r"(?:19\d{2}|20[01]\d)"
OLD_DATE = (
    rf"(?:\d{{1,2}}{_SPACED}\d{{1,2}}{_SPACED}{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}}"
    rf"|(?:1er|1 er|\d{{1,2}}) (?:{_MONTHS})\.? {_YEAR}|[0-3]\d[01]\d{_YEAR})\b"
)
# A civility and a name then a date of birth; a date of birth then, a few words further in
# the same sentence, its word.
_OLD_DATE = re.compile(OLD_DATE)
_CIVIL_DATE = re.compile(rf"{_CIVIL_NAME} ?[,;(]? ?{OLD_DATE}", re.IGNORECASE)
_DATE_THEN_WORD = re.compile(rf"{OLD_DATE}[^.;!?\n\d]{{0,{_DATE_BEFORE}}}$", re.IGNORECASE)
# A person's identity shape: a surname in capitals and a first name (``DUPONT Jeanne``,
# ``Jeanne DUPONT``), a first name and a name, or a civility and a name, next to what places
# a person: a birth date, a room, a bed, a care unit, a birthplace. Cell members named with
# their role or service (« Marc Bernard, DPO », « Léa Roux, service de presse ») are not.
_UPPER = r"[A-ZÀ-Ý][A-ZÀ-Ý'-]+(?: [A-ZÀ-Ý][A-ZÀ-Ý'-]+)?"
# (an article is no first name: « Le Monde », « La Croix »)
_FIRST = r"(?!(?:Le|La|Les|Un|Une|Des|Du|De|Au|Aux)\b)[A-ZÀ-Ý][a-zß-ÿ]+(?:-[A-ZÀ-Ý][a-zß-ÿ]+)?"
# A surname as written after a first name: « N'Diaye », « Le Goff », « de La Tour ».
_SURNAME = (
    rf"(?:(?:(?:[Dd]e|[Dd]u|[Dd]i|[Dd]a|[Vv]an|[Vv]on|[Ll]e|[Ll]a) (?={_FIRST}))?"
    rf"(?:[A-Z]')?(?:{_UPPER}|{_FIRST}))"
)
_PERSON = rf"(?:{_UPPER}[ ,;|\t]+{_FIRST}|{_FIRST}[ ,;|\t]+{_SURNAME}|{_CIVIL_NAME})"
_GAP = r"[ ,;|\t:()-]{1,4}(?:(?:n[ée]e?|le|à|a|en|au|aux) )?"
_CARE = (
    r"cardio|onco|p[ée]dia|urgence|r[ée]a|matern|psych|chir|g[ée]riat|n[ée]o|m[ée]decine|soins"
    r"|dialyse|gyn[ée]co|neuro|pneumo|gastro|ortho|h[ée]mato|ophtalmo|ORL|USI|USC|SSR|EHPAD"
)
# A room, a bed or a box and its number, in digits, roman or words (« lit 4 », « lit IV »,
# « chambre douze »), not a verb (« Sophie lit 3 captures », « box 4 du bureau »).
_ROOM_NUMBER = (
    r"\.? ?(?:n° ?)?(?:\d+|[IVX]+\b|(?:une?|deux|trois|quatre|cinq|six|sept"
    r"|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt)\b)"
)
# « chambre 1 » is a room whatever follows; « lit » may be a verb, « box » a shop's
_ROOM = (
    rf"(?:chambre{_ROOM_NUMBER}"
    rf"|(?:lit|box){_ROOM_NUMBER}(?! (?!en\b|au\b|aux\b|de (?:r[ée]a|soins))[a-zà-ÿ]{{2,}}))"
)
_PLACES = (
    rf"{OLD_DATE}|{_ROOM}"
    r"|(?:service|unit[ée]|pavillon|hospitalis[ée]e?) (?:\w+ )?(?:de |d'|des |du |en |au )?"
    rf"(?:{_CARE})"
    r"|n[ée]e? à [A-ZÀ-Ý]|domicili[ée]e? (?:à|au|en)\b"
    r"|\d{1,3} ans\b(?! d['e] ?(?:anciennet|exp[ée]rience|service|m[ée]tier|maison))"
    # a birthplace and a year, or a year alone, just after the name: « (Belfort, 1954) »
    rf"|[A-ZÀ-Ý][\w'-]+, ?{_YEAR}\b|{_YEAR} ?\)"
)
# What places a person anywhere in the same sentence: a room or a bed with its number, a
# birth, a stay in care (« M. Pierre Martin est-il en réanimation, lit 4 ? »).
_SENTENCE = r"[^.!?\n]{0,60}?"
# A name followed by a function in the hospital is a member of staff, not a patient
# (« Paul Girard, cadre de santé en réanimation »).
_STAFF = (
    r",? (?:le |la |l')?(?i:cadre|interne|directeur|directrice|m[ée]decin|infirmi|chef|"
    r"responsable|praticien|aide-soignant|secr[ée]taire|psychologue|pharmacien|DPO|RSSI|DSI|"
    r"pilote|porte-parole|juriste|ing[ée]nieur|technicien|standardiste|sage-femme|Dr\b|Pr\b)"
)
_STAY = (
    rf"{_ROOM}|n[ée]e? (?:le|à|en)\b"
    r"|hospitalis[ée]e?\b|s[ée]journe\b|aux soins intensifs"
    rf"|(?:admise? |transf[ée]r[ée]e? )?(?:en|aux|au) (?:service (?:de |d')?)?(?:{_CARE})"
)
IDENTITY = re.compile(
    rf"(?<![\w-])(?-i:{_PERSON}){_GAP}(?i:{_PLACES})"
    # a name in capitals, or an initial and a name, and a room: « DUPONT JEAN, chambre 12 »
    rf"|(?<![\w-])(?-i:{_UPPER}|[A-Z]\. {_SURNAME}){_GAP}(?i:{_ROOM})"
)
# The same shapes spread over a sentence; a surname in capitals, a first name and any date
# (a leaked row); each read only where a word that places the person (lowercased) or a date
# is in the text at all.
_STAY_CUE = re.compile(
    r"\b(?:chambre|lit|box|n[ée]e? (?:le|à|en)|hospitalis\w*|s[ée]jour\w*"
    r"|soins intensifs|admise?|transf[ée]r)\b"
    rf"|\b(?:en|aux|au) (?:service )?(?:de |d')?(?i:{_CARE})"
)
_ROOM_CUES = ("chambre", "lit", "box")
_A_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}")
# (cue, shape, whether the shape opens with the name)
_SPREAD: tuple[tuple[Callable[[str, str], bool], re.Pattern[str], bool], ...] = (
    (
        lambda low, _: _STAY_CUE.search(low) is not None,
        re.compile(rf"(?<![\w-])(?-i:{_PERSON})(?![\w'-])(?!{_STAFF}){_SENTENCE}(?i:{_STAY})"),
        True,
    ),
    (
        lambda low, _: any(cue in low for cue in _ROOM_CUES),
        re.compile(rf"(?i:{_ROOM}){_SENTENCE}(?<![\w-])(?-i:{_PERSON})"),
        False,
    ),
    (
        lambda _, text: _A_DATE.search(text) is not None,
        re.compile(
            rf"(?<![\w-])(?-i:{_UPPER} {_UPPER}|{_UPPER}[ ,;]+{_FIRST})[ ,;|\t:()-]{{1,4}}"
            rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:{_YEAR}|\d\d)|{_YEAR}-\d{{2}}-\d{{2}})\b"
        ),
        True,
    ),
)


def has_identity(text: str) -> bool:
    """A person's identity shape in ``text``: a name next to what places a person, or in
    the same sentence as a room, a birth or a stay in care."""
    if at_capitals(IDENTITY, text):
        return True
    low = text.lower()
    return any(
        cue(low, text) and (at_capitals(shape, text) if named else bool(shape.search(text)))
        for cue, shape, named in _SPREAD
    )


# Where a name may start: a capital letter that opens a word.
_CAPITAL = re.compile(r"[A-ZÀ-Ý](?<![\w-].)")


def at_capitals(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern``, which opens with a capitalised word, in ``text``: tried from each capital
    that opens a word rather than from every character."""
    return any(pattern.match(text, capital.start()) for capital in _CAPITAL.finditer(text))


# A row of a leaked table: name; first name; then a birth date or a postal code within the
# next cells.
ROW = re.compile(
    rf"(?<![\w-])(?:{_UPPER}|{_FIRST}) ?[;|\t] ?(?:{_FIRST}|{_UPPER}) ?[;|\t]"
    rf"(?:[^;|\t\n]{{0,40}}[;|\t]){{0,2}} ?(?:{OLD_DATE}|{DATE}|\d{{5}}\b)"
)

_QUOTED_SEPARATOR = re.compile(r"[\"“”«»'] ?[,;|\t] ?[\"“”«»']")
_TIGHT_COMMA = re.compile(r",(?<=[^\W\d_],)(?=\S)|,(?<=\S,)(?=[^\W\d_])")
_QUOTES = re.compile(r"[\"“”«»]")


def cells(text: str) -> str:
    """A row as a spreadsheet exports it (``"DUPONT","Jeanne","03/03/1954"``,
    ``DUPONT,Jeanne,1954-03-03``) with its cells separated by ``;`` and unquoted, as
    ``ROW`` reads rows."""
    text = _QUOTED_SEPARATOR.sub(";", text)
    return _QUOTES.sub("", _TIGHT_COMMA.sub(";", text))


_STREET = (
    r"rue|r\.|avenue|av\.|boulevard|bd|chemin|all[ée]e|impasse|place|route|quai|cours|cit[ée]"
    r"|passage|hameau|clos|rond-point|lieu-dit|sentier|voie|faubourg|square|lotissement"
    r"|r[ée]sidence|promenade|esplanade|parvis"
)
# A number, a kind of street and its name (capitalised or with a postal code after it), or a
# « lieu-dit » with its postal code.
# (Each pattern opens with a digit or a letter and checks the word boundary after it, so
# that the search skips from one such character to the next.)
ADDRESS = re.compile(
    rf"\d(?<!\w.)\d{{0,3}}(?: ?(?:bis|ter))?,? (?i:{_STREET}) (?:"
    r"(?:de la |des |du |de l'|de |d')?[A-ZÀ-Ý][\w'-]+"
    r"|(?:de la |des |du |de l'|d')[a-zà-ÿ]{3,}"
    r"|[\w' -]{2,40}?,? \d{5}\b)"
)
_LIEU_DIT = re.compile(r"lieu-dit(?<!\wlieu-dit) [\w' -]{2,40}?,? \d{5}\b")
# The address of an institution (the hospital, the CNIL, a police station) names it just
# before (« Hôpital Nord, 14 rue … », « au commissariat, 1 rue … ») or just after, or ends in
# « cedex », a CS, TSA or BP box: no one's private address.
_INSTITUTIONS = (
    r"h[ôo]pital|clinique|CHU?|CHR|GHT|centre hospitalier|si[èe]ge|ARS|CNIL|ANSSI"
    r"|commissariat|h[ôo]tel de police|police|gendarmerie|pr[ée]fecture|mairie|h[ôo]tel de ville"
    r"|tribunal|palais de justice|parquet|conf[ée]rence de presse|point presse|salle"
    r"|cabinet|prestataire|soci[ée]t[ée]|entreprise|agence|locaux|bureaux?|CERT|conseil"
    r"|r[ée]daction|journal|minist[èe]re|universit[ée]|b[âa]timent|d[ée]partement|r[ée]gion"
)
_INSTITUTION_BEFORE = re.compile(rf"\b(?:{_INSTITUTIONS})\b[^.;!?\n]{{0,40}}$", re.IGNORECASE)
_INSTITUTION_AFTER = re.compile(
    rf"^[^.;!?\n]{{0,25}}\b(?:cedex|CS \d|TSA \d|BP \d|{_INSTITUTIONS})", re.IGNORECASE
)


def has_address(text: str) -> bool:
    """A postal address that is not an institution's."""
    found = ADDRESS.finditer(text)
    if "lieu-dit" in text:
        found = chain(found, _LIEU_DIT.finditer(text))
    for match in found:
        before = text[max(0, match.start() - 60) : match.start()]
        after = text[match.end() : match.end() + 40]
        if not (_INSTITUTION_BEFORE.search(before) or _INSTITUTION_AFTER.search(after)):
            return True
    return False
