"""The witness of the journal: each crisis's head, written outside the database as it
moves, so that events deleted with their rows, or a whole crisis deleted, show.

A mark is one line of the witness. ``ouverte``: a crisis was created (with its channel);
``tete``: its journal reached ``seq`` with a digest starting with ``digest``; ``adoptee``:
the crisis existed when the witness began, its plain events up to ``seq`` are trusted;
``purgee``: the crisis was purged on purpose, after event ``seq``. Crisis 0 is the ledger of
rows (``bot.domain.ledger``): ``lignes`` is its head; ``debut`` opens the witness, written
when it is made and when an administrator seals it again: a witness without it was lost
or emptied, and ``audit verify`` says so."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from bot.domain.journal import WITNESSED
from bot.domain.model import Event


class MarkKind(StrEnum):
    OPENED = "ouverte"
    HEAD = "tete"
    ADOPTED = "adoptee"
    PURGED = "purgee"
    LEDGER = "lignes"
    BEGUN = "debut"


@dataclass(frozen=True)
class Mark:
    kind: MarkKind
    crisis: int
    seq: int = 0
    digest: str = ""
    channel: str | None = None

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def parse(cls, line: str) -> Mark:
        data = json.loads(line)
        return cls(
            MarkKind(data["kind"]), int(data["crisis"]), int(data.get("seq", 0)),
            str(data.get("digest", "")), data.get("channel"),
        )  # fmt: skip


def head_mark(event: Event) -> Mark:
    return Mark(MarkKind.HEAD, event.crisis_id, event.seq, event.hash[:WITNESSED])


def ledger_mark(seq: int, digest: str) -> Mark:
    return Mark(MarkKind.LEDGER, 0, seq, digest[:WITNESSED])


def begun(marks: list[Mark] | None) -> bool:
    return marks is not None and any(m.kind is MarkKind.BEGUN for m in marks)


def ledger_heads(marks: list[Mark]) -> Witnessed:
    return Witnessed(0, heads={m.seq: m.digest for m in marks if m.kind is MarkKind.LEDGER})


class FindingKind(StrEnum):
    TRUNCATED = "tronque"
    REWRITTEN = "reecrit"
    DELETED = "supprimee"


@dataclass(frozen=True)
class Finding:
    """What the witness saw that the database no longer holds."""

    kind: FindingKind
    crisis: int
    seq: int
    digest: str
    channel: str | None = None
    last_stored: int = 0


@dataclass
class Witnessed:
    """What the witness says of one crisis."""

    crisis: int
    channel: str | None = None
    heads: dict[int, str] = field(default_factory=dict)
    plain_upto: int = 0
    purged: bool = False

    @property
    def last(self) -> int:
        return max(self.heads, default=0)


def by_crisis(marks: list[Mark]) -> dict[int, Witnessed]:
    found: dict[int, Witnessed] = {}
    for mark in marks:
        if mark.kind in (MarkKind.LEDGER, MarkKind.BEGUN):
            continue
        seen = found.setdefault(mark.crisis, Witnessed(mark.crisis))
        seen.channel = seen.channel or mark.channel
        if mark.kind is MarkKind.PURGED:
            seen.purged = True
        elif mark.kind in (MarkKind.HEAD, MarkKind.ADOPTED) and mark.seq:
            seen.heads[mark.seq] = mark.digest
            if mark.kind is MarkKind.ADOPTED:
                seen.plain_upto = max(seen.plain_upto, mark.seq)
    return found


def compare(witnessed: Witnessed, events: list[Event]) -> list[Finding]:
    """The witnessed heads that the stored journal of the crisis lacks or contradicts."""
    return compare_heads(witnessed, {e.seq: e.hash for e in events})


def compare_heads(witnessed: Witnessed, stored: dict[int, str]) -> list[Finding]:
    last_stored = max(stored, default=0)
    findings = []
    for seq, digest in sorted(witnessed.heads.items()):
        if seq not in stored:
            kind = FindingKind.TRUNCATED
        elif not stored[seq].startswith(digest):
            kind = FindingKind.REWRITTEN
        else:
            continue
        findings.append(
            Finding(kind, witnessed.crisis, seq, digest, witnessed.channel, last_stored)
        )
    truncated = [f for f in findings if f.kind is FindingKind.TRUNCATED]
    return [f for f in findings if f.kind is FindingKind.REWRITTEN] + truncated[-1:]


def deleted(witnessed: Witnessed) -> Finding:
    last = witnessed.last
    digest = witnessed.heads.get(last, "")
    return Finding(FindingKind.DELETED, witnessed.crisis, last, digest, witnessed.channel)
