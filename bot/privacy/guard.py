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
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phonenumbers import PhoneNumberType

from bot import yamlfile
from bot.domain.errors import InvalidValue, SensitiveData
from bot.domain.guard import DEFAULT_PATIENT_ID, MAX_GUARDED
from bot.domain.values import fold
from bot.privacy.contact import ContactRule
from bot.privacy.normalize import (
    acronyms_joined,
    digit_view,
    joined_digits,
    labelled_digits,
    normalize,
    spoken_digits,
    words_apart,
)
from bot.privacy.numbers import (
    french_mobile_range,
    has_iban,
    has_nir,
    has_phone,
    has_rib,
    phone_spans,
    phone_type,
)
from bot.privacy.patterns import (
    EMAIL,
    ROW,
    WebmailAddresses,
    at_capitals,
    cells,
    has_address,
    has_birth,
    has_identity,
)


@dataclass(frozen=True)
class Views:
    """The canonical form of one text and the views the detectors read."""

    plain: str
    digits: str
    spoken: str
    labelled: str  # labels between groups of digits left out, for numbers with a key

    @classmethod
    def of(cls, text: str) -> Views:
        plain = normalize(text)
        return cls(plain, digit_view(plain), spoken_digits(plain), labelled_digits(plain))


@dataclass(frozen=True)
class Detector:
    kind: str
    found: Callable[[Views], bool]
    contact: bool = False  # what a contact key may hold


def _nir(v: Views) -> bool:
    labelled = v.labelled != v.digits
    return (
        has_nir(v.digits)
        or (labelled and has_nir(v.labelled))
        or (bool(v.spoken) and has_nir(v.spoken, spoken=True))
    )


def _keyed_account(v: Views) -> bool:
    if has_iban(v.digits) or has_rib(v.digits):
        return True
    return v.labelled != v.digits and (has_iban(v.labelled) or has_rib(v.labelled))


def _birth(v: Views) -> bool:
    """A birth date in context, read where digits are spaced alike (``03:03:1954`` is
    ``03 03 1954`` there)."""
    return has_birth(v.digits)


def _identity(v: Views) -> bool:
    """A person's identity shape in the text, or a leaked row in it read as cells."""
    plain = words_apart(v.plain)
    return has_identity(plain) or at_capitals(ROW, cells(plain))


_LITERAL_SEPARATOR = re.compile(r"\\[-_./: ]|[-_/: ]")
_LOOSE = "[-_./: ]{0,3}"


def patient_id_patterns(source: str) -> tuple[re.Pattern[str], ...]:
    """The site's pattern with each separator it spells literally (``PAT-``, ``\\.``)
    accepting any separator or none, as the canonical form may write it; the pattern itself
    where that cannot be done."""
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
    return (loose,)


def _in_group_flags(before: str) -> bool:
    """Whether a ``:`` or ``-`` belongs to ``(?:``, ``(?i:``, ``(?-i:``, ``(?P<…>``."""
    return re.search(r"\(\?[a-zA-Z-]*$|\(\?P<\w*$|\{\d*,?\d*$", before) is not None


def _label_pattern(labels: Iterable[str]) -> re.Pattern[str] | None:
    """Any of ``labels``, with or without its accents, as whole words, in any case."""
    words = sorted({form for label in labels for form in (label, fold(label))}, key=len)
    if not words:
        return None
    either = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in reversed(words))
    return re.compile(rf"(?<![\w-])(?:{either})(?![\w-])", re.IGNORECASE)


_WORD = re.compile(r"[^\W\d_]+")
# Small words typed between a label and its number: « IPP n° », « IPP est le », « IPP du
# patient : ».
_FILLERS = frozenset(
    {"n", "no", "numero", "num", "est", "le", "la", "du", "de", "d", "l", "patient",
     "patiente", "egal", "vaut", "soit", "c", "dossier", "ancien", "son", "sa", "suivant",
     "suivants"}
)  # fmt: skip
_LONG_NUMBER = re.compile(r"\d(?<!\d.)\d{4,}")
_EXTENSION_AFTER = re.compile(r"\s*(?:poste|p\.|ext\.?)\s*\d", re.IGNORECASE)
# Words saying a number is someone's own line, whatever label comes with it.
_PRIVATE_LINE = re.compile(
    r"\b(?:domicile|patiente?|perso(?:nnel(?:le)?)?|priv[ée]e?|son fixe|sa ligne"
    r"|chez (?:lui|elle))\b",
    re.IGNORECASE,
)
_PERSONAL_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


class PatientDataGuard:
    """Refuses text holding patient data; the contact keys hold one address and/or phone."""

    def __init__(
        self,
        patient_id_pattern: str = DEFAULT_PATIENT_ID,
        contacts: ContactRule | None = None,
        *,
        patient_id_labels: Iterable[str] = (),
        institution_labels: Iterable[str] = (),
    ) -> None:
        self._patient_ids = patient_id_patterns(patient_id_pattern)
        self._id_labels = {tuple(_WORD.findall(fold(label))) for label in patient_id_labels}
        self._label_ends = {label[-1] for label in self._id_labels if label}
        self._label_ends_or_fillers = self._label_ends | _FILLERS
        self._institution = _label_pattern(institution_labels)
        self.contacts = contacts or ContactRule()
        self._webmail = WebmailAddresses(self.contacts.brands | self.contacts.domain_heads)
        self.detectors = (
            Detector("nir", _nir),
            Detector("iban", _keyed_account),
            Detector("patient_id", self._has_patient_id),
            Detector("birth_date", _birth),
            Detector("identity", _identity),
            Detector("address", lambda v: has_address(v.plain), contact=True),
            Detector("email", self._has_personal_email, contact=True),
            Detector("phone", self._has_personal_phone, contact=True),
        )

    @classmethod
    def from_messages(cls, messages_dir: Path, patient_id_pattern: str) -> PatientDataGuard:
        """The guard with its data, ``privacy.yml`` of the messages folder."""
        path = messages_dir / "privacy.yml"
        data: dict[str, Any] = yamlfile.safe_load(path.read_text("utf-8"))
        return cls(
            patient_id_pattern,
            ContactRule.load(path),
            patient_id_labels=data.get("libelles_identifiant_patient", ()),
            institution_labels=data.get("libelles_institutionnels", ()),
        )

    def _has_patient_id(self, views: Views) -> bool:
        """The establishment's pattern, and the same with its separators read loosely, on the
        canonical form and on it with its acronyms (``I.P.P.``) and digit groups joined; and
        any label of a patient's identifier followed by a number."""
        joined = joined_digits(acronyms_joined(views.plain))
        if any(self._after_label(joined, n.start()) for n in _LONG_NUMBER.finditer(joined)):
            return True
        return any(
            pattern.search(text)
            for pattern in self._patient_ids
            for text in (views.plain, joined, views.spoken)
            if text
        )

    def _has_personal_email(self, views: Views) -> bool:
        """A person's e-mail address: any address but a service's (its local part made of
        the words of a contact, at a domain that is not a consumer webmail: « dpo@chbm.fr »),
        and an address at a consumer webmail however its sign and domain are written
        (« jean.dupont chez gmail », « jdupont85 sur free »)."""
        if self._webmail.search(views.plain):
            return True
        for match in EMAIL.finditer(views.plain) if "@" in views.plain else ():
            local = match.group(0).split("@", 1)[0]
            words = _WORD.findall(fold(local))
            service = words and all(w in self.contacts.words for w in words)
            if not service or self.contacts.is_webmail(match.group(1)):
                return True
        return False

    def _after_label(self, text: str, at: int) -> bool:
        """Whether a label of a patient's identifier ends just before ``at``, with only
        punctuation and a few small words between them (« n° », « est le », « du patient »,
        « : », « ( », « → »)."""
        start = max(0, at - 60)
        end = at
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end == start or at - end > 6:
            return False
        words = _WORD.findall(text, start, end)[-8:]
        if not words or fold(words[-1]) not in self._label_ends_or_fillers:
            return False
        words = [fold(w) for w in words]
        for _ in range(4):
            ends = bool(words) and words[-1] in self._label_ends
            if ends and any(tuple(words[-len(lb) :]) == lb for lb in self._id_labels):
                return True
            if not words or words[-1] not in _FILLERS:
                return False
            words.pop()
        return False

    def _has_personal_phone(self, views: Views) -> bool:
        """A phone number a person may be reached at: a mobile always; a fixed number unless
        an institution's label comes just before it or an extension just after it
        (« standard 03 84 57 40 00 poste 4321 »)."""
        if views.spoken and has_phone(views.spoken):
            return True
        text = views.digits
        return any(
            not self._institutional(text, start, end)
            for start, end in phone_spans(text, personal=True)
        )

    def _institutional(self, text: str, start: int, end: int) -> bool:
        if self._institution is None or phone_type(text[start:end]) in _PERSONAL_TYPES:
            return False
        if french_mobile_range(text[start:end]):
            return False
        if _PRIVATE_LINE.search(text[max(0, start - 40) : end + 40]):
            return False
        if _EXTENSION_AFTER.match(text, end):
            return True
        before = text[max(0, start - 40) : start]
        return any(
            m.end() >= len(before) - 25 and not any(c.isdigit() for c in before[m.end() :])
            for m in self._institution.finditer(before)
        )

    def kinds(
        self, text: str, *, contact: bool = False, only: Collection[str] | None = None
    ) -> list[str]:
        """The kinds of patient data in ``text``; a contact's address and phone excepted;
        with ``only``, of those kinds alone."""
        views = Views.of(text)
        return [
            d.kind
            for d in self.detectors
            if not (contact and d.contact) and (only is None or d.kind in only) and d.found(views)
        ]

    def check(
        self,
        fields: Iterable[tuple[str, str | None]],
        *,
        contact: bool = False,
        only: Collection[str] | None = None,
    ) -> None:
        """Raise ``SensitiveData`` naming the field and the kind of the first finding;
        ``InvalidValue`` for a text longer than any field, before reading it.

        With ``contact``, each field must be one institutional address and/or one phone."""
        for name, text in fields:
            if not text:
                continue
            if len(text) > MAX_GUARDED:
                raise InvalidValue("too_long", what=name, limit=MAX_GUARDED)
            found = self.kinds(text, contact=contact, only=only)
            if found:
                raise SensitiveData("sensitive_data", field=name, kind=found[0])
            problem = self.contacts.problem(normalize(text)) if contact else None
            if problem:
                raise SensitiveData("sensitive_contact", field=name, reason=problem)

    def check_parsed(self, field: str, value: str | None, *, contact: bool = False) -> None:
        """The same check on a value in its stored form (``185057800608491`` once parsed)."""
        self.check([(field, value)], contact=contact)
