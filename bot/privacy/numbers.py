"""Numbers that identify a person, found with the libraries that know them.

``stdnum.fr.nir`` checks a social-security number's key and ``stdnum.iban`` an IBAN's;
libphonenumber's matcher finds phone numbers in free text, the overseas departments and
collectivities included; a French RIB's key is checked here. They read the views of the
canonical form (``normalize``), where any punctuation between digits is one space."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from phonenumbers import (
    Leniency,
    NumberParseException,
    PhoneNumber,
    PhoneNumberMatcher,
    PhoneNumberType,
    is_valid_number,
    number_type,
    parse,
)
from stdnum import iban
from stdnum.fr import nir

from bot.privacy.normalize import phone_view

SEPARATOR = r"[-/_. ]{1,3}"
_DIGIT_RUN = re.compile(rf"\d(?:\d|{SEPARATOR}(?=\d)|(?<=2)[AB](?=\d|{SEPARATOR}\d))*", re.I)
_GROUPS = re.compile(r"[-/_. ]+")
_IBAN_START = re.compile(
    rf"[A-Z](?<![A-Z0-9].)[A-Z](?: (?=\d\d \d{{4}}))?\d{{2}}(?:(?:{SEPARATOR})?[A-Z0-9])+"
)
_KEYLESS_NIR = re.compile(r"^[12378]\d{2}(?:0[1-9]|1[0-2]|[2-4]\d|[5-9]\d)(?:\d{2}|2[AB])\d{6}$")
_NIR_GROUPING = (1, 2, 2, 2, 3, 3)
# The regions whose numbers are written nationally with a leading 0; those without one
# (New Caledonia, French Polynesia, Wallis and Futuna) are found in their +687… form.
REGIONS = ("FR", "GP", "GF", "MQ", "RE", "YT", "PM", "BL", "MF")
_DATE = r"\d{1,2}[-./ ]\d{1,2}[-./ ](?:19|20)\d{2}"
_DATE_LIKE = re.compile(rf"^{_DATE}\b")
# Written as a French number is, even in a range not allocated yet (07 00…).
_FRENCH_SHAPE = re.compile(r"^(?:0|\+33(?:0)?|0033(?:0)?)[1-9]\d{8}$")
# Free, shared-cost and premium numbers (0 800 to 0 899) belong to an institution, never to
# a patient: « numéro vert 0 805 … » is what a hospital prints.
_SERVICE_TYPES = frozenset(
    {PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.PREMIUM_RATE,
     PhoneNumberType.UAN}
)  # fmt: skip
_SERVICE_SHAPE = re.compile(r"^(?:0|\+33(?:0)?|0033(?:0)?)8\d{8}$")
_RIB = re.compile(r"^(\d{5})(\d{5})(\d{11})(\d{2})$")


def _long_runs(text: str, fewest: int) -> Iterator[str]:
    """The runs of grouped digits of ``text`` holding at least ``fewest`` characters."""
    for run in _DIGIT_RUN.finditer(text):
        found = run.group(0)
        if len(found) >= fewest and len(_GROUPS.sub("", found)) >= fewest:
            yield found


def _candidates(groups: list[str], sizes: Collection[int]) -> Iterator[tuple[str, int, int]]:
    """Every join of consecutive groups whose length is one of ``sizes``, with the indexes
    of its first and last groups."""
    groups = [g.upper() for g in groups]
    longest = max(sizes)
    for start in range(len(groups)):
        joined = ""
        for end in range(start, len(groups)):
            joined += groups[end]
            if len(joined) > longest:
                break
            if len(joined) in sizes:
                yield joined, start, end


def has_nir(text: str, *, spoken: bool = False) -> bool:
    """A NIR with a valid key, or its first thirteen characters written as one number or
    grouped as a NIR is (``1 85 05 78 006 084``); also seven groups written without their
    leading zeros (``1 85 5 78 6 84 91``, as a NIR is read aloud) whose key holds once the
    zeros are put back (in ``spoken`` numbers, however many zeros were left unsaid)."""
    fewest = len(_NIR_WIDTHS) if spoken else _FEWEST_WRITTEN
    for run in _long_runs(text, fewest):
        groups = _GROUPS.split(run)
        if _padded_nir(groups, fewest):
            return True
        for joined, start, end in _candidates(groups, (13, 15)):
            if len(joined) == 15:
                if joined[0] in "1234578" and nir.is_valid(joined):
                    return True
            elif _KEYLESS_NIR.match(joined) and (
                start == end or tuple(map(len, groups[start : end + 1])) == _NIR_GROUPING
            ):
                return True
    return False


_NIR_WIDTHS = (*_NIR_GROUPING, 2)
# Written without the zeros that open its groups, a NIR keeps eleven digits or more: fewer
# are a list of small numbers, not a NIR.
_FEWEST_WRITTEN = 11


def _padded_nir(groups: list[str], fewest: int) -> bool:
    last = len(groups) - len(_NIR_WIDTHS)
    for start in range(max(0, last + 1)):
        window = groups[start : start + len(_NIR_WIDTHS)]
        fits = all(0 < len(g) <= w for g, w in zip(window, _NIR_WIDTHS, strict=True))
        if fits and len("".join(window)) >= fewest:
            joined = "".join(g.zfill(w) for g, w in zip(window, _NIR_WIDTHS, strict=True))
            if joined[0] in "1234578" and nir.is_valid(joined.upper()):
                return True
    return False


def has_iban(text: str) -> bool:
    """An IBAN whose country format and check digits hold, however it is split."""
    for match in _IBAN_START.finditer(text.upper()):
        joined = ""
        for word in _GROUPS.split(match.group(0)):
            joined += word
            if len(joined) > 34:
                break
            if iban.is_valid(joined):
                return True
    return False


def has_rib(text: str) -> bool:
    """A French RIB (bank, branch, account, key) whose key holds, however it is split."""
    for run in _long_runs(text, 23):
        groups = _GROUPS.split(run)
        for joined, _start, _end in _candidates(groups, (23,)):
            match = _RIB.match(joined)
            if match:
                bank, branch, account, key = (int(g) for g in match.groups())
                if (89 * bank + 15 * branch + 3 * account + key) % 97 == 0:
                    return True
    return False


# Where a phone number may be: six digits or more, a few separators apart. The matchers read
# these windows only, so that their cost follows the digits, not the length of the text.
_PHONE_WINDOW = re.compile(r"\+?\(?\d(?:[\s().\-/]{0,3}\d){5,}\)?")
# Every number read here starts with ``+`` or ``0`` and has seven digits or more from there:
# a window without such a run (« 103 082 », « 2022 715 », « 2026 004512 ») or that is a date
# (« 08 01 2026 ») is not given to the matcher.
_DIALLED = re.compile(r"(?<![\d+])[+0](?:[\s().\-/]{0,3}\d){6,}")
_DATE_ONLY = re.compile(_DATE)


# A French number written as people write one, wherever it starts and whatever digits come
# before or after it (« PV 123 06 12 34 56 78 », « box 4 06 12 … »): ten digits in pairs or
# in one run, with ``+33``/``0033``/``33`` and without the 0, or a mobile without its 0.
_PAIRS = r"(?:(?: \d\d){4}|\d{8})(?!\d)"
_AFTER_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d $")
# Each branch opens with a character and checks what comes before it afterwards, so that
# the search skips from one such character to the next.
_FIRST = r"(?<![\d+].)"
_FRENCH_NUMBER = re.compile(
    rf"0{_FIRST}[1-9]{_PAIRS}"
    rf"|\+ ?33 ?(?:0 ?)?[1-9]{_PAIRS}|0(?<!\w.)0 ?33 ?(?:0 ?)?[1-9]{_PAIRS}"
    rf"|3{_FIRST}3 ?[67]{_PAIRS}"
    rf"|6{_FIRST}(?: \d\d){{4}}(?!\d)|7{_FIRST}(?: \d\d){{4}}(?!\d)"
)


def phone_spans(text: str, *, personal: bool = False) -> list[tuple[int, int]]:
    """Where phone numbers are in ``text``: French, overseas or international; with
    ``personal``, free and shared-cost numbers aside."""
    view = phone_view(text)
    spans: set[tuple[int, int]] = set()
    for match in _FRENCH_NUMBER.finditer(view):
        if _AFTER_A_YEAR.search(view, max(0, match.start() - 6), match.start()):
            continue  # « 2026-01-09 14:32:07 »: a date and a time, not a phone
        digits = re.sub(r"\D", "", match.group(0))
        if not (personal and _SERVICE_SHAPE.match("0" + digits[-9:])):
            spans.add(match.span())
    for window in _PHONE_WINDOW.finditer(view):
        at, part = window.start(), window.group(0)
        if _DATE_ONLY.fullmatch(part) or not _DIALLED.search(part):
            continue
        for start, end in _window_spans(part, personal):
            spans.add((at + start, at + end))
    return sorted(spans)


def _window_spans(view: str, personal: bool) -> Iterator[tuple[int, int]]:
    """One pass of the matcher finds the candidates; each is then read in every region."""
    for match in PhoneNumberMatcher(view, "FR", leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        if _DATE_LIKE.match(raw):
            continue
        digits = re.sub(r"[^\d+]", "", raw)
        if _FRENCH_SHAPE.match(digits):
            if not (personal and _SERVICE_SHAPE.match(digits)):
                yield match.start, match.end
            continue
        if not (raw.lstrip("(").startswith("+") or digits.startswith("0")):
            continue  # every region read here writes its national numbers with a leading 0
        for number in _readings(raw):
            if is_valid_number(number):
                if not (personal and number_type(number) in _SERVICE_TYPES):
                    yield match.start, match.end
                break


def _readings(raw: str) -> Iterator[PhoneNumber]:
    for region in REGIONS:
        try:
            yield parse(raw, region)
        except NumberParseException:
            continue


def phone_type(raw: str) -> int | None:
    """The kind of the number written ``raw`` (``PhoneNumberType``), read in France first."""
    for number in _readings(raw):
        if is_valid_number(number):
            return int(number_type(number))
    return None


def french_mobile_range(raw: str) -> bool:
    """Written in France's mobile ranges (06, 07, +33 6, +33 7), allocated or not: such a
    number is a person's line, never an institution's."""
    digits = "".join(c for c in raw if c.isdigit())
    for prefix in ("00330", "0033", "330", "33"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 9:
            digits = "0" + digits[len(prefix) :]
            break
    return len(digits) == 10 and digits[:2] in ("06", "07")


def has_phone(text: str) -> bool:
    """A phone number a person may be reached at."""
    return bool(phone_spans(text, personal=True))
