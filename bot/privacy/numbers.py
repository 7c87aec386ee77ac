"""Numbers that identify a person, found with the libraries that know them.

``stdnum.fr.nir`` checks a social-security number's key and ``stdnum.iban`` an IBAN's;
libphonenumber's matcher finds phone numbers in free text, the overseas departments and
collectivities included. Digits may be split by spaces, ``-``, ``/``, ``_`` or ``.``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from phonenumbers import Leniency, PhoneNumberMatcher
from stdnum import iban
from stdnum.fr import nir

from bot.privacy.normalize import phone_view

SEPARATOR = r"[-/_. ]{1,3}"
_DIGIT_RUN = re.compile(rf"\d(?:\d|{SEPARATOR}(?=\d)|(?<=2)[AB](?=\d|{SEPARATOR}\d))*", re.I)
_GROUPS = re.compile(r"[-/_. ]+")
_IBAN_START = re.compile(rf"(?<![A-Z0-9])[A-Z]{{2}}\d{{2}}(?:(?:{SEPARATOR})?[A-Z0-9])+")
_KEYLESS_NIR = re.compile(r"^[12378]\d{2}(?:0[1-9]|1[0-2]|[2-4]\d|[5-9]\d)(?:\d{2}|2[AB])\d{6}$")
_NIR_GROUPING = (1, 2, 2, 2, 3, 3)
# The regions whose numbers are written nationally with a leading 0; those without one
# (New Caledonia, French Polynesia, Wallis and Futuna) are found in their +687… form.
REGIONS = ("FR", "GP", "GF", "MQ", "RE", "YT", "PM", "BL", "MF")
_DATE_LIKE = re.compile(r"^\d{1,2}[-./ ]\d{1,2}[-./ ](?:19|20)\d{2}\b")
# Written as a French number is, even in a range not allocated yet (07 00…).
_FRENCH_SHAPE = re.compile(r"^(?:0|\+33(?:0)?|0033(?:0)?)[1-9]\d{8}$")


def _candidates(groups: list[str]) -> Iterator[tuple[str, tuple[int, ...]]]:
    """Every join of consecutive groups, with its grouping, up to fifteen characters."""
    for start in range(len(groups)):
        joined, sizes = "", tuple[int, ...]()
        for group in groups[start:]:
            joined, sizes = joined + group, (*sizes, len(group))
            if len(joined) > 15:
                break
            yield joined.upper(), sizes


def has_nir(text: str) -> bool:
    """A NIR with a valid key, or its first thirteen characters written as one number or
    grouped as a NIR is (``1 85 05 78 006 084``)."""
    for run in _DIGIT_RUN.finditer(text):
        for joined, sizes in _candidates(_GROUPS.split(run.group(0))):
            if len(joined) == 15 and joined[0] in "1234578" and nir.is_valid(joined):
                return True
            grouped = len(sizes) == 1 or sizes == _NIR_GROUPING
            if grouped and _KEYLESS_NIR.match(joined):
                return True
    return False


def has_iban(text: str) -> bool:
    """An IBAN whose country format and check digits hold, however it is split."""
    for match in _IBAN_START.finditer(text.upper()):
        words = _GROUPS.split(match.group(0))
        if any(iban.is_valid("".join(words[:n])) for n in range(1, len(words) + 1)):
            return True
    return False


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Where phone numbers are in ``text``: French, overseas or international."""
    view = phone_view(text)
    spans: set[tuple[int, int]] = set()
    for region in REGIONS:
        for match in PhoneNumberMatcher(view, region, leniency=Leniency.VALID):
            if not _DATE_LIKE.match(match.raw_string):
                spans.add((match.start, match.end))
    for match in PhoneNumberMatcher(view, "FR", leniency=Leniency.POSSIBLE):
        digits = re.sub(r"[^\d+]", "", match.raw_string)
        if _FRENCH_SHAPE.match(digits) and not _DATE_LIKE.match(match.raw_string):
            spans.add((match.start, match.end))
    return sorted(spans)


def has_phone(text: str) -> bool:
    return bool(phone_spans(text))
