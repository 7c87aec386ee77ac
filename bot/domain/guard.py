"""Patient data never goes into chat: detectors for what must be refused before storing.

Each detector finds a kind of personal data in free text: French social-security numbers
(NIR, key checked), hospital patient ids (a pattern from the settings), e-mail addresses,
French phone numbers, IBANs (checksum verified) and birth dates in context (« né le … »).
A refusal names the kind and the field, never the value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.domain.errors import SensitiveData

CONTACT_KEYS = frozenset({"dpo.contact", "presse.contact"})
DEFAULT_PATIENT_ID = r"\b(?:IPP|NIP|IEP)\s*(?:n°|:|#)?\s*\d{6,12}\b"

_NIR = re.compile(
    r"(?<![\dA-Za-z])([12378])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[AB])[ .]?(\d{3})[ .]?(\d{3})"
    r"[ .]?(\d{2})(?![\dA-Za-z])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)33[ .-]?(?:\(0\))?[ .-]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)"
)
_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}[A-Za-z0-9]*(?: [A-Za-z0-9]+){0,8})")
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    rf"|(?:1er|\d{{1,2}})\s+(?:{_MONTHS})\s+\d{{4}})"
)
_BIRTH = re.compile(
    rf"\b(?:n[ée]e?s?\s+(?:le\s+)?|date\s+de\s+naissance\s*:?\s*|DDN\s*:?\s*|born\s+(?:on\s+)?){_DATE}",
    re.IGNORECASE,
)


def nir_is_valid(match: re.Match[str]) -> bool:
    sex, year, month, dept, commune, order, key = match.groups()
    if not (1 <= int(month) <= 12 or 20 <= int(month) <= 42 or 50 <= int(month) <= 99):
        return False
    digits = (
        sex + year + month + dept.upper().replace("2A", "19").replace("2B", "18") + commune + order
    )
    return 97 - int(digits) % 97 == int(key)


def iban_is_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def iban_in(match: re.Match[str]) -> bool:
    """Whether the words from the match's start, joined one more at a time, form an IBAN."""
    words = match.group(1).split(" ")
    return any(iban_is_valid("".join(words[:n])) for n in range(1, len(words) + 1))


def _found(
    pattern: re.Pattern[str], valid: Callable[[re.Match[str]], bool]
) -> Callable[[str], bool]:
    return lambda text: any(valid(m) for m in pattern.finditer(text))


@dataclass(frozen=True)
class Detector:
    kind: str
    found: Callable[[str], bool]
    contact: bool = False  # allowed in the contact keys


class PatientDataGuard:
    """Refuses text holding patient data; the contact keys may hold an e-mail or a phone."""

    def __init__(self, patient_id_pattern: str = DEFAULT_PATIENT_ID) -> None:
        patient_id = re.compile(patient_id_pattern, re.IGNORECASE)
        self.detectors = (
            Detector("nir", _found(_NIR, nir_is_valid)),
            Detector("iban", _found(_IBAN, iban_in)),
            Detector("patient_id", _found(patient_id, lambda m: True)),
            Detector("birth_date", _found(_BIRTH, lambda m: True)),
            Detector("email", _found(_EMAIL, lambda m: True), contact=True),
            Detector("phone", _found(_PHONE, lambda m: True), contact=True),
        )

    def kinds(self, text: str, *, contact: bool = False) -> list[str]:
        return [d.kind for d in self.detectors if not (contact and d.contact) and d.found(text)]

    def check(self, fields: Iterable[tuple[str, str | None]], *, contact: bool = False) -> None:
        """Raise ``SensitiveData`` naming the field and the kind of the first finding."""
        for name, text in fields:
            if text:
                found = self.kinds(text, contact=contact)
                if found:
                    raise SensitiveData("sensitive_data", field=name, kind=found[0])
