"""What no library knows: e-mail addresses, hospital patient ids and birth dates in context.

They read the normalised text (see ``normalize``)."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})\b")

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
DATE = (
    r"(?:\d{1,2} ?[/.-] ?\d{1,2} ?[/.-] ?\d{2,4}|\d{4}-\d{2}-\d{2}"
    rf"|(?:1er|1 er|\d{{1,2}}) (?:{_MONTHS}) \d{{4}})"
)
_BIRTH_WORDS = (
    r"n[ée]\(?e?\)?s? (?:le )?|date de naissance ?:? ?|date de naiss\. ?:? ?"
    r"|naissance ?: ?|DDN ?:? ?|born (?:on )?|date of birth ?:? ?|DOB ?:? ?"
)
_CIVIL_NAME = (
    r"(?-i:(?:M|MM|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Dr|Pr)\.?"
    r" [A-ZÀ-Ý][\w'-]*\.?(?: [A-ZÀ-Ý][\w'-]*\.?){0,3})"
)
BIRTH = re.compile(
    rf"\b(?:{_BIRTH_WORDS}){DATE}|\b{_CIVIL_NAME} ?[,;(]? ?(?:{_BIRTH_WORDS})?{DATE}",
    re.IGNORECASE,
)
