"""Versions of a draft that people edit, what changed between two of them, and who may
edit, compare or correct a draft."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.drafts import Draft, DraftState
from bot.domain.errors import Conflict, Forbidden, InvalidValue
from bot.domain.findings import NEVER_ACCEPTED, Finding
from bot.domain.provenance import Sentence
from bot.domain.roles import Role

EDITORS = frozenset({Role.COMMUNICATION})
MAX_TEXT = 20_000
CONTEXT_WORDS = 6


@dataclass(frozen=True)
class DraftVersion:
    """One version of a draft: 1 is the modèle's text (or the text a rectificatif
    corrects), each edit adds the next."""

    draft_id: int
    version: int
    text: str
    text_hash: str
    author: str
    created_at: datetime
    sentences: list[Sentence] = field(default_factory=list)  # the provenance of each


@dataclass(frozen=True)
class Hunk:
    """One change: a few words before, the words removed and added, a few words after."""

    before: str
    removed: str
    added: str
    after: str


@dataclass(frozen=True)
class Comparison:
    number: int
    old: int
    new: int
    hunks: list[Hunk]

    @property
    def added(self) -> int:
        return sum(len(h.added.split()) for h in self.hunks)

    @property
    def removed(self) -> int:
        return sum(len(h.removed.split()) for h in self.hunks)


_MARK = re.compile(r"\[\[\w+\]\]")


def words(text: str) -> list[str]:
    """The words people read: block marks are layout, not words."""
    return _MARK.sub(" ", text).split()


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Hunk]:
    """The words removed from ``old`` and added in ``new``, with a little context."""
    a, b = words(old), words(new)
    hunks: list[Hunk] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(a[max(0, i1 - context) : i1])
        after = " ".join(a[i2 : i2 + context])
        hunks.append(Hunk(before, " ".join(a[i1:i2]), " ".join(b[j1:j2]), after))
    return hunks


def compare(number: int, versions: list[DraftVersion], old: int, new: int) -> Comparison:
    by_number = {v.version: v for v in versions}
    if old not in by_number or new not in by_number or old == new:
        known = sorted(by_number)
        raise InvalidValue("unknown_version", number=number, version=old, versions=known)
    return Comparison(number, old, new, word_diff(by_number[old].text, by_number[new].text))


def check_text(number: int, text: str) -> str:
    """The edited text, trimmed; refused when empty or over the limit."""
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if not text:
        raise InvalidValue("empty_edit", number=number)
    if len(text) > MAX_TEXT:
        raise InvalidValue("edit_too_long", number=number, limit=MAX_TEXT, length=len(text))
    return text


def check_edit(draft: Draft, stale: list[str], role: Role, user: str) -> None:
    """Whether ``user`` in ``role`` may edit ``draft`` now."""
    check_open(draft, stale)
    if user != draft.author and role not in EDITORS:
        raise Forbidden("edit_role", number=draft.number, role=role.value)


def check_open(draft: Draft, stale: list[str]) -> None:
    """A draft changes only while it is a current brouillon: a published text is frozen."""
    if draft.state is DraftState.PUBLIE:
        raise Conflict("edit_published", number=draft.number)
    if draft.state is not DraftState.BROUILLON:
        raise Conflict("draft_closed", number=draft.number, state=draft.state.value)
    if stale:
        raise Conflict("edit_stale", number=draft.number, keys=stale)


def check_correction(draft: Draft, role: Role) -> None:
    """Only a published text is corrected, by those who may edit."""
    if role not in {*EDITORS, Role.PILOTE}:
        raise Forbidden("correct_role", number=draft.number, role=role.value)
    if draft.state is not DraftState.PUBLIE:
        raise Conflict("correct_unpublished", number=draft.number)


def open_findings(draft: Draft) -> list[Finding]:
    return [f for f in draft.findings if f.open]


def accept(
    draft: Draft, number: int, user: str, motif: str, writers: Collection[str] = ()
) -> Finding:
    """Accept finding ``number`` of the current version; returns the accepted finding.
    Nobody who drafted the text or wrote a sentence of the version (``writers``) accepts."""
    found = next((f for f in draft.findings if f.number == number), None)
    if found is None:
        raise InvalidValue(
            "unknown_finding", number=draft.number, finding=number,
            findings=[f.number for f in draft.findings],
        )  # fmt: skip
    if not found.open:
        raise Conflict("finding_accepted", number=draft.number, finding=number)
    if found.code in NEVER_ACCEPTED:
        raise Forbidden("finding_unacceptable", number=draft.number, finding=number)
    if user == draft.author or user in writers:
        raise Forbidden("own_finding", number=draft.number)
    accepted = Finding(**{**found.__dict__, "accepted_by": user, "motif": motif})
    draft.findings = [accepted if f.number == number else f for f in draft.findings]
    return accepted
