"""Patient data never goes into chat: the guard every typed field passes before it is stored.

It computes the canonical form of the text once (``normalize``: from the text as it is
stored), then looks in it and its views for French social-security numbers (NIR, key
checked), IBANs and RIBs (checksums), hospital patient ids (a pattern from the settings),
birth dates in context (« né le … », « M. Jean Dupont, 03/03/1954 »), a person's identity
shape (« DUPONT Jeanne 03/03/1954 », « Jeanne Dupont, chambre 212 », a leaked row), postal
addresses, e-mail addresses and phone numbers, digits read aloud included. A text longer
than any field may be is refused before it is read. A refusal names the kind and the field,
never the value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.domain.errors import InvalidValue, SensitiveData
from bot.domain.guard import DEFAULT_PATIENT_ID, MAX_GUARDED
from bot.privacy.contact import ContactRule
from bot.privacy.normalize import (
    acronyms_joined,
    digit_view,
    joined_digits,
    normalize,
    spoken_digits,
)
from bot.privacy.numbers import has_iban, has_nir, has_phone, has_rib
from bot.privacy.patterns import BIRTH, EMAIL, IDENTITY, ROW, has_address


@dataclass(frozen=True)
class Views:
    """The canonical form of one text and the views the detectors read."""

    plain: str
    digits: str
    spoken: str

    @classmethod
    def of(cls, text: str) -> Views:
        plain = normalize(text)
        return cls(plain, digit_view(plain), spoken_digits(plain))


@dataclass(frozen=True)
class Detector:
    kind: str
    found: Callable[[Views], bool]
    contact: bool = False  # what a contact key may hold


def _search(*patterns: re.Pattern[str]) -> Callable[[Views], bool]:
    return lambda v: any(p.search(v.plain) is not None for p in patterns)


def _numbers(found: Callable[[str], bool]) -> Callable[[Views], bool]:
    return lambda v: found(v.digits) or (bool(v.spoken) and found(v.spoken))


def _views(pattern: re.Pattern[str]) -> Callable[[Views], bool]:
    """The pattern on the canonical form and on it with the separators of digits folded
    (``03:03:1954``, ``03 (.) 03 (.) 1954``)."""
    return lambda v: any(pattern.search(t) is not None for t in (v.plain, v.digits))


_LITERAL_SEPARATOR = re.compile(r"\\[-_./: ]|[-_/: ]")
_LOOSE = "[-_./: ]{0,3}"


def patient_id_patterns(source: str) -> tuple[re.Pattern[str], ...]:
    """The site's pattern, and the same with each separator it spells literally (``PAT-``,
    ``\\.``) accepting any separator or none, as the canonical form may write it."""
    exact = re.compile(source, re.IGNORECASE)
    out, in_class, i = "", False, 0
    while i < len(source):
        char = source[i]
        pair = source[i : i + 2]
        if char == "\\":
            literal = not in_class and _LITERAL_SEPARATOR.fullmatch(pair)
            out, i = out + (_LOOSE if literal else pair), i + 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif not in_class and _LITERAL_SEPARATOR.fullmatch(char) and not _in_group_flags(out):
            char = _LOOSE
        out, i = out + char, i + 1
    try:
        loose = re.compile(out, re.IGNORECASE)
    except re.error:
        return (exact,)
    return (exact, loose)


def _in_group_flags(before: str) -> bool:
    """Whether a ``:`` or ``-`` belongs to ``(?:``, ``(?i:``, ``(?-i:``, ``(?P<…>``."""
    return re.search(r"\(\?[a-zA-Z-]*$|\(\?P<\w*$|\{\d*,?\d*$", before) is not None


class PatientDataGuard:
    """Refuses text holding patient data; the contact keys hold one address and/or phone."""

    def __init__(
        self,
        patient_id_pattern: str = DEFAULT_PATIENT_ID,
        contacts: ContactRule | None = None,
    ) -> None:
        self._patient_ids = patient_id_patterns(patient_id_pattern)
        self.contacts = contacts or ContactRule()
        self.detectors = (
            Detector("nir", _numbers(has_nir)),
            Detector("iban", lambda v: has_iban(v.digits) or has_rib(v.digits)),
            Detector("patient_id", self._has_patient_id),
            Detector("birth_date", _views(BIRTH)),
            Detector("identity", _search(IDENTITY, ROW)),
            Detector("address", lambda v: has_address(v.plain), contact=True),
            Detector("email", _search(EMAIL), contact=True),
            Detector("phone", _numbers(has_phone), contact=True),
        )

    @classmethod
    def from_messages(cls, messages_dir: Path, patient_id_pattern: str) -> PatientDataGuard:
        """The guard with its data, ``privacy.yml`` of the messages folder."""
        return cls(patient_id_pattern, ContactRule.load(messages_dir / "privacy.yml"))

    def _has_patient_id(self, views: Views) -> bool:
        """The establishment's pattern, and the same with its separators read loosely, on the
        canonical form and on it with its acronyms (``I.P.P.``) and digit groups joined."""
        joined = joined_digits(acronyms_joined(views.plain))
        return any(
            pattern.search(text)
            for pattern in self._patient_ids
            for text in (views.plain, joined, views.spoken)
            if text
        )

    def kinds(self, text: str, *, contact: bool = False) -> list[str]:
        """The kinds of patient data in ``text``; a contact's address and phone excepted."""
        views = Views.of(text)
        return [d.kind for d in self.detectors if not (contact and d.contact) and d.found(views)]

    def check(self, fields: Iterable[tuple[str, str | None]], *, contact: bool = False) -> None:
        """Raise ``SensitiveData`` naming the field and the kind of the first finding;
        ``InvalidValue`` for a text longer than any field, before reading it.

        With ``contact``, each field must be one institutional address and/or one phone."""
        for name, text in fields:
            if not text:
                continue
            if len(text) > MAX_GUARDED:
                raise InvalidValue("too_long", what=name, limit=MAX_GUARDED)
            found = self.kinds(text, contact=contact)
            if found:
                raise SensitiveData("sensitive_data", field=name, kind=found[0])
            problem = self.contacts.problem(normalize(text)) if contact else None
            if problem:
                raise SensitiveData("sensitive_contact", field=name, reason=problem)

    def check_parsed(self, field: str, value: str | None, *, contact: bool = False) -> None:
        """The same check on a value in its stored form (``185057800608491`` once parsed)."""
        self.check([(field, value)], contact=contact)
