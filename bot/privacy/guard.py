"""Patient data never goes into chat: the guard every typed field passes before it is stored.

It normalises the text once (``normalize``), then looks for French social-security numbers
(NIR, key checked), IBANs (checksum), hospital patient ids (a pattern from the settings),
birth dates in context (« né le … », « M. Jean Dupont, 03/03/1954 »), e-mail addresses and
phone numbers. A refusal names the kind and the field, never the value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.domain.errors import SensitiveData
from bot.domain.guard import DEFAULT_PATIENT_ID
from bot.privacy.contact import ContactRule
from bot.privacy.normalize import joined_digits, normalize
from bot.privacy.numbers import has_iban, has_nir, has_phone
from bot.privacy.patterns import BIRTH, EMAIL


@dataclass(frozen=True)
class Detector:
    kind: str
    found: Callable[[str], bool]
    contact: bool = False  # what a contact key may hold


def _search(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: pattern.search(text) is not None


class PatientDataGuard:
    """Refuses text holding patient data; the contact keys hold one address and/or phone."""

    def __init__(
        self,
        patient_id_pattern: str = DEFAULT_PATIENT_ID,
        contacts: ContactRule | None = None,
    ) -> None:
        patient_id = re.compile(patient_id_pattern, re.IGNORECASE)
        self.contacts = contacts or ContactRule()
        self.detectors = (
            Detector("nir", has_nir),
            Detector("iban", has_iban),
            Detector("patient_id", _search(patient_id)),
            Detector("birth_date", _search(BIRTH)),
            Detector("email", _search(EMAIL), contact=True),
            Detector("phone", has_phone, contact=True),
        )
        self._patient_id = patient_id

    @classmethod
    def from_messages(cls, messages_dir: Path, patient_id_pattern: str) -> PatientDataGuard:
        """The guard with its data, ``privacy.yml`` of the messages folder."""
        return cls(patient_id_pattern, ContactRule.load(messages_dir / "privacy.yml"))

    def kinds(self, text: str, *, contact: bool = False) -> list[str]:
        """The kinds of patient data in ``text``; a contact's address and phone excepted."""
        plain = normalize(text)
        found = [d.kind for d in self.detectors if not (contact and d.contact) and d.found(plain)]
        if "patient_id" not in found and (
            self._patient_id.search(text) or self._patient_id.search(joined_digits(plain))
        ):
            found.append("patient_id")
        return found

    def check(self, fields: Iterable[tuple[str, str | None]], *, contact: bool = False) -> None:
        """Raise ``SensitiveData`` naming the field and the kind of the first finding.

        With ``contact``, each field must be one institutional address and/or one phone."""
        for name, text in fields:
            if not text:
                continue
            found = self.kinds(text, contact=contact)
            if found:
                raise SensitiveData("sensitive_data", field=name, kind=found[0])
            problem = self.contacts.problem(normalize(text)) if contact else None
            if problem:
                raise SensitiveData("sensitive_contact", field=name, reason=problem)

    def check_parsed(self, field: str, value: str | None, *, contact: bool = False) -> None:
        """The same check on a value in its stored form (``185057800608491`` once parsed)."""
        self.check([(field, value)], contact=contact)
