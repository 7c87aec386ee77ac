"""The witness of the journal: each crisis's head, written outside the database as it
moves, so that events deleted with their rows, or a whole crisis deleted, show.

A mark is one line of the witness. ``ouverte``: a crisis was created (with its channel);
``tete``: its journal reached ``seq`` with a digest starting with ``digest``; ``adoptee``:
the crisis existed when the witness began, its plain events up to ``seq`` are trusted;
``purgee``: the crisis was purged on purpose, after event ``seq``. Crisis 0 is the ledger of
rows (``bot.domain.ledger``): ``lignes`` is its head; ``debut`` opens the witness, written
when it is made and when an administrator seals it again: a witness without it was lost
or emptied, and ``audit verify`` says so.

Every line is signed: it carries ``mac``, an HMAC under the journal key of the line before
it (its ``mac``) and of its own mark, so that a line cannot be forged, edited, moved or
taken out of the middle without the key. A witness written before lines were signed keeps
its unsigned lines as they are; the first signed line then chains over the SHA-256 of all
of them (``cle`` marks that point, with the number of unsigned lines in ``seq``), and the
ledger records that number and that digest under the key, so that unsigned lines are never
accepted past it."""

from __future__ import annotations

import hashlib
import hmac
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
    SIGNED = "cle"


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


def link(key: bytes, previous: str, mark: Mark) -> str:
    """The signature of ``mark`` following the line whose signature (or link) is
    ``previous``."""
    body = previous + "\n" + mark.line()
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def signed_line(key: bytes, previous: str, mark: Mark) -> tuple[str, str]:
    """The line of ``mark`` after ``previous``, and its signature."""
    mac = link(key, previous, mark)
    return json.dumps({**asdict(mark), "mac": mac}, ensure_ascii=False, sort_keys=True), mac


def unsigned_link(prefix: bytes) -> str:
    """What the first signed line follows when unsigned lines precede it."""
    return "sha256:" + hashlib.sha256(prefix).hexdigest()


@dataclass
class Reading:
    """The witness as read: its marks up to the first line that does not hold (``broken``,
    its line number), how many unsigned lines begin it and their digest, and the signature
    the next line follows."""

    marks: list[Mark] = field(default_factory=list)
    unsigned: int = 0
    prefix: str = ""
    broken: int | None = None
    last: str = ""
    signed: int = 0


def read_lines(data: bytes, key: bytes) -> Reading:
    """Check every line of a witness under ``key``."""
    reading = Reading()
    offset = 0
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        offset += len(raw)
        if not raw.strip():
            continue
        try:
            fields = json.loads(raw)
            mark = Mark.parse(raw.decode("utf-8"))
        except (ValueError, KeyError, TypeError):
            reading.broken = number
            return reading
        mac = fields.get("mac") if isinstance(fields, dict) else None
        if mac is None:
            if reading.signed or not raw.endswith(b"\n"):
                reading.broken = number
                return reading
            reading.unsigned += 1
            reading.prefix = unsigned_link(data[:offset])
            reading.marks.append(mark)
            continue
        previous = reading.last if reading.signed else reading.prefix
        first_after = reading.unsigned and not reading.signed
        if first_after and (mark.kind is not MarkKind.SIGNED or mark.seq != reading.unsigned):
            reading.broken = number
            return reading
        if not hmac.compare_digest(link(key, previous, mark), str(mac)):
            reading.broken = number
            return reading
        reading.last, reading.signed = str(mac), reading.signed + 1
        reading.marks.append(mark)
    return reading


def ledger_seqs(marks: list[Mark]) -> set[int]:
    return {m.seq for m in marks if m.kind is MarkKind.LEDGER}


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
        if mark.kind in (MarkKind.LEDGER, MarkKind.BEGUN, MarkKind.SIGNED):
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
