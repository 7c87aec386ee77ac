"""Patient data never goes into chat: what the services ask of the guard.

The guard itself (``bot.privacy``) finds French social-security numbers, IBANs, patient ids,
birth dates in context, e-mail addresses and phone numbers in any typed field, and raises
``SensitiveData`` naming the kind and the field, never the value."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol

# The institutional contacts a text may print: the DPO, the press office, a dedicated line for
# the people concerned.
CONTACT_KEYS = frozenset({"dpo.contact", "presse.contact", "patients.ligne"})
# The longest text any field holds (an edited draft); a longer one is refused unread.
MAX_GUARDED = 20_000
# What a value cut across the fields of a command can be: a number or an address. A name and
# what places a person are read in each field as typed (joined, a journalist's name and a
# question would read as a person and a place).
SPLIT_KINDS = frozenset({"nir", "iban", "phone", "patient_id", "email"})
# The whole line as typed is read for those and for a birth date in context, which a mark
# typed inside it (« née le 06(/)12(/)1963 ») would otherwise cut across two fields.
LINE_KINDS = SPLIT_KINDS | {"birth_date"}
DEFAULT_PATIENT_ID = (
    r"\b(?:IPP|NIP|IEP)\s*(?:n\s*[°o]\.?|num(?:é|e)ro|num\.?)?\s*[:#=/_.-]?\s*\d{6,12}\b"
)


class Guard(Protocol):
    def check(
        self,
        fields: Iterable[tuple[str, str | None]],
        *,
        contact: bool = False,
        only: Collection[str] | None = None,
    ) -> None:
        """Raise ``SensitiveData`` if a field holds patient data (of the kinds ``only``
        names, if given); with ``contact``, if a field is not one institutional e-mail
        address and/or one phone number."""

    def check_parsed(self, field: str, value: str | None, *, contact: bool = False) -> None:
        """The same, on a value in its stored form once parsed."""
