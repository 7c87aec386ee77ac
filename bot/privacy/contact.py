"""The contact keys hold one institutional e-mail address and/or one phone number, no more."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import yamlfile
from bot.domain.values import fold
from bot.privacy.numbers import phone_spans
from bot.privacy.patterns import EMAIL

_WORDS = re.compile(r"[^\W_]+")
_EXTENSION = re.compile(r"\b(?:poste|p\.|ext\.?) ?\d{1,6}\b", re.IGNORECASE)


@dataclass(frozen=True)
class ContactRule:
    """Consumer webmail domains and brands, and the words a contact value may hold."""

    domains: frozenset[str] = frozenset()
    brands: frozenset[str] = frozenset()
    words: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def load(cls, path: Path) -> ContactRule:
        data: dict[str, Any] = yamlfile.safe_load(path.read_text("utf-8"))
        webmail = data.get("messageries_grand_public", {})
        return cls(
            domains=frozenset(d.lower() for d in webmail.get("domaines", ())),
            brands=frozenset(b.lower() for b in webmail.get("marques", ())),
            words=frozenset(fold(w) for w in data.get("mots_des_contacts", ())),
        )

    @property
    def domain_heads(self) -> frozenset[str]:
        """The names of the webmail domains without their extension (``laposte``)."""
        return frozenset(d.split(".")[-2] for d in self.domains if "." in d)

    def is_webmail(self, domain: str) -> bool:
        domain = domain.lower()
        labels = domain.split(".")[:-1]
        return any(domain == d or domain.endswith("." + d) for d in self.domains) or any(
            label in self.brands for label in labels
        )

    def problem(self, text: str) -> str | None:
        """Why ``text`` (normalised) is not one contact: ``webmail`` or ``shape``; else None."""
        emails = list(EMAIL.finditer(text))
        spans = [(m.start(), m.end()) for m in emails]
        if any(self.is_webmail(m.group(1)) for m in emails):
            return "webmail"
        phones = [s for s in phone_spans(text) if not any(_inside(s, e) for e in spans)]
        if len(emails) > 1 or len(phones) > 1 or not (emails or phones):
            return "shape"
        rest = text
        for start, end in sorted([*spans, *phones], reverse=True):
            rest = rest[:start] + " " + rest[end:]
        rest = _EXTENSION.sub(" ", rest)
        if any(fold(word) not in self.words for word in _WORDS.findall(rest)):
            return "shape"
        return None


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]
