"""Where the ledger of rows and the witness begin, and where an administrator seals them
again.

The ledger adopts every row once: on a database still empty, or when the migration that
makes it runs beside the witness (or on a database from before the witness existed); it
adopts them again after a later migration has changed the tables (the bot's start and
``crisisbot db upgrade`` both see to it), keeping in that entry what differed from the
ledger then, which ``audit verify`` goes on naming. A database with crises is adopted only
when it comes from before the witness and has none; a missing or emptied ledger beside
crises, or beside a witness that saw the ledger begin (its ``lignes`` marks), stops the
start and ``audit verify`` with a sentence: only ``reseal`` adopts it, and is itself an
entry of the ledger, with who asked for it. Likewise the witness begins only on a database
without crises, or with the ledger's first adoption.

Each adoption, reseal or ``temoin`` entry records under the key how many unsigned lines
begin the witness and their digest (``temoin``): a witness from before signed lines is
taken over once, at start, at that point, and unsigned lines are accepted nowhere else.
A trigger or a rule that the migrations did not create stops the start: it could rewrite
what the bot writes before the ledger reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.domain import ledger
from bot.domain import witness as witnessing
from bot.domain.journal import PLAIN
from bot.domain.ledger import ADOPTION, RESEAL, SIGNED, Entry
from bot.domain.witness import Mark, MarkKind, Reading, ledger_mark
from bot.startup import StartupError
from bot.store import ledger as ledger_rows
from bot.store import tables as t
from bot.store.migrate import revision_of
from bot.store.triggers import foreign_triggers
from bot.store.witness import WitnessFile, adoption

WITNESS_REVISION = 8


def _signing(reading: Reading | None) -> dict[str, Any]:
    """What the ledger records of the witness's unsigned beginning."""
    if reading is None:
        return {"lignes": 0, "empreinte": ""}
    return {"lignes": reading.unsigned, "empreinte": reading.prefix}


def refuse_triggers(conn: Connection) -> None:
    found = foreign_triggers(conn)
    if found:
        raise StartupError("database_triggers", names=", ".join(found))


def _empty(conn: Connection) -> bool:
    return all(
        conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is None
        for table in ledger_rows.ledgered()
    )


def _plain_points(conn: Connection, marks: list[Mark] | None) -> dict[str, int]:
    """Up to which event each crisis's plain (unkeyed) journal is trusted: what the witness
    adopted (none for a crisis it does not know); without a witness (a database from before
    it, or one an administrator seals again as it is), its last plain event."""
    seen = witnessing.by_crisis(marks or [])
    query = sa.select(t.events.c.crisis_id, sa.func.max(t.events.c.seq))
    query = query.where(t.events.c.scheme == PLAIN).group_by(t.events.c.crisis_id)
    points = {}
    for crisis, last in conn.execute(query):
        known = seen.get(crisis)
        if marks is None:
            points[str(crisis)] = int(last)
        else:
            points[str(crisis)] = known.plain_upto if known is not None else 0
    return points


def _before_witness(revision: str | None) -> bool:
    """A database from before the witness (``0008_trust``) had none to lose."""
    return revision is None or int(revision[:4]) < WITNESS_REVISION


def _signed(conn: Connection) -> bool:
    """Whether the ledger already recorded where the witness's signed lines begin: a
    witness is taken over once."""
    query = sa.select(t.ledger.c.note).where(t.ledger.c.kind.in_((ADOPTION, RESEAL, SIGNED)))
    return any("temoin" in (note or {}) for note in conn.execute(query).scalars())


def _first_note(conn: Connection) -> dict[str, Any]:
    query = sa.select(t.ledger.c.note).where(t.ledger.c.kind.in_((ADOPTION, RESEAL)))
    note: dict[str, Any] | None = conn.execute(query.order_by(t.ledger.c.seq).limit(1)).scalar()
    return note or {}


def start(
    engine: Engine,
    key: bytes,
    witness: WitnessFile,
    migrated_from: str | None,
    now: datetime,
    strict: bool = True,
) -> None:
    """Adopt the rows into the ledger when it begins or a migration ran, then begin the
    witness when it may, or take over a witness from before signed lines. ``strict``: a
    trigger the migrations did not create, or a witness line that does not hold, stops the
    start (``audit verify`` reports them instead)."""
    witness = witness.keyed(key)
    reading = witness.reading()
    marks = reading.marks if reading is not None else None
    if strict and reading is not None and reading.broken is not None:
        if not reading.signed and not reading.unsigned:
            raise StartupError("witness_key", path=witness.path)
        raise StartupError("witness_broken", path=witness.path, line=reading.broken)
    with engine.begin() as conn:
        if strict:
            refuse_triggers(conn)
        revision = revision_of(conn)
        has_entries = conn.execute(sa.select(t.ledger.c.seq).limit(1)).first() is not None
        migrated = migrated_from != revision
        has_crises = conn.execute(sa.select(t.crises.c.id).limit(1)).first() is not None
        witnessed = marks is not None and any(m.kind is MarkKind.LEDGER for m in marks)
        legacy = marks is None and _before_witness(migrated_from)
        if not has_entries and (witnessed or (has_crises and not legacy)):
            raise StartupError("ledger_missing", revision=migrated_from or "")
        first = not has_entries and (migrated or _empty(conn))
        entry: Entry | None = None
        adopted: list[Mark] = []
        if first or (has_entries and migrated):
            plain = _plain_points(conn, marks) if first else _first_note(conn).get("plain", {})
            note: dict[str, Any] = {"revision": revision, "plain": plain}
            note["temoin"] = _signing(reading)
            if not first:
                rebuilt = ledger.rebuild(ledger_rows.entries(conn))
                note["ecarts"] = ledger.gaps(rebuilt, ledger_rows.stored(conn, key))
            rows = ledger_rows.everything(conn, key)
            entry = ledger_rows.append(conn, key, ADOPTION, rows, now, note)
            adopted = _adopted(conn) if first else []
        elif reading is not None and reading.unsigned and not reading.signed and not _signed(conn):
            entry = ledger_rows.append(conn, key, SIGNED, [], now, {"temoin": _signing(reading)})
    if entry is None:
        return
    head = ledger_mark(entry.seq, entry.hash)
    if marks is None and (first or not has_crises):
        witness.begin([Mark(MarkKind.BEGUN, 0), *adopted, head])
    elif marks is not None and first and not witnessing.begun(marks):
        witness.append([Mark(MarkKind.BEGUN, 0), head])
    else:
        witness.append([head])


def _adopted(conn: Connection) -> list[Mark]:
    """Each crisis with its journal's head, for a witness that begins beside them."""
    marks = []
    own = t.events.c.crisis_id == t.crises.c.id
    newest = sa.select(t.events.c.hash).where(own).order_by(t.events.c.seq.desc()).limit(1)
    seq = sa.select(sa.func.max(t.events.c.seq)).where(own).scalar_subquery()
    query = sa.select(t.crises.c.id, t.crises.c.channel, seq, newest.scalar_subquery())
    for crisis, channel, last, digest in conn.execute(query.order_by(t.crises.c.id)):
        marks += adoption(crisis, channel, int(last or 0), digest or "")
    return marks


def reseal(engine: Engine, key: bytes, witness: WitnessFile, by: str, now: datetime) -> Entry:
    """Seal the database as it is, again: a ledger entry holds every row, who did it and
    every crisis's head (the unkeyed journal keeps the point recorded when the ledger
    began, never a later one); the witness starts over from there, in a new file, the old
    one kept aside under its name and the date."""
    witness = witness.keyed(key)
    reading = witness.reading()
    with engine.begin() as conn:
        refuse_triggers(conn)
        marks = []
        heads: dict[str, int] = {}
        for mark in _adopted(conn):
            if mark.kind is MarkKind.ADOPTED:
                heads[str(mark.crisis)] = mark.seq
                mark = Mark(MarkKind.HEAD, mark.crisis, mark.seq, mark.digest)
            marks.append(mark)
        known = reading.marks if reading is not None and reading.broken is None else None
        plain = _first_note(conn).get("plain") or _plain_points(conn, known)
        note = {"par": by, "tetes": heads, "plain": plain, "temoin": _signing(None)}
        rows = ledger_rows.everything(conn, key)
        entry = ledger_rows.append(conn, key, RESEAL, rows, now, note)
    witness.set_aside(now.strftime("%Y%m%dT%H%M%SZ"))
    witness.begin([Mark(MarkKind.BEGUN, 0), *marks, ledger_mark(entry.seq, entry.hash)])
    return entry
