"""Where the ledger of rows and the witness begin, and where an administrator seals them
again.

The ledger adopts every row once: on a database still empty, or when the migration that
makes it runs beside the witness (or on a database from before the witness existed); it
adopts them again after a later migration has changed the tables (the bot's start and
``crisisbot db upgrade`` both see to it), keeping in that entry what differed from the
ledger then, which ``audit verify`` goes on naming. An emptied ledger, or a database with crises
whose witness is gone, is never adopted silently. Likewise the witness begins only on a
database without crises, or with the ledger's first adoption; a witness lost afterwards
stays lost until ``reseal``, which is itself an entry of the ledger, with who asked for
it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine

from bot.domain import ledger
from bot.domain import witness as witnessing
from bot.domain.journal import PLAIN
from bot.domain.ledger import ADOPTION, RESEAL, Entry
from bot.domain.witness import Mark, MarkKind, ledger_mark
from bot.store import ledger as ledger_rows
from bot.store import tables as t
from bot.store.witness import WitnessFile, adoption

WITNESS_REVISION = 8


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


def _first_note(conn: Connection) -> dict[str, Any]:
    query = sa.select(t.ledger.c.note).where(t.ledger.c.kind.in_((ADOPTION, RESEAL)))
    note: dict[str, Any] | None = conn.execute(query.order_by(t.ledger.c.seq).limit(1)).scalar()
    return note or {}


def start(
    engine: Engine, key: bytes, witness: WitnessFile, migrated_from: str | None, now: datetime
) -> None:
    """Adopt the rows into the ledger when it begins or a migration ran, then begin the
    witness when it may."""
    marks = witness.read()
    with engine.begin() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        has_entries = conn.execute(sa.select(t.ledger.c.seq).limit(1)).first() is not None
        migrated = migrated_from != revision
        has_crises = conn.execute(sa.select(t.crises.c.id).limit(1)).first() is not None
        may_begin = not has_crises or marks is not None or _before_witness(migrated_from)
        first = not has_entries and (migrated or _empty(conn)) and may_begin
        entry: Entry | None = None
        adopted: list[Mark] = []
        if first or (has_entries and migrated):
            plain = _plain_points(conn, marks) if first else _first_note(conn).get("plain", {})
            note: dict[str, Any] = {"revision": revision, "plain": plain}
            if not first:
                rebuilt = ledger.rebuild(ledger_rows.entries(conn))
                note["ecarts"] = ledger.gaps(rebuilt, ledger_rows.stored(conn, key))
            rows = ledger_rows.everything(conn, key)
            entry = ledger_rows.append(conn, key, ADOPTION, rows, now, note)
            adopted = _adopted(conn) if first else []
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
    began, never a later one); the witness starts over from there."""
    with engine.begin() as conn:
        marks = []
        heads: dict[str, int] = {}
        for mark in _adopted(conn):
            if mark.kind is MarkKind.ADOPTED:
                heads[str(mark.crisis)] = mark.seq
                mark = Mark(MarkKind.HEAD, mark.crisis, mark.seq, mark.digest)
            marks.append(mark)
        plain = _first_note(conn).get("plain") or _plain_points(conn, None)
        note = {"par": by, "tetes": heads, "plain": plain}
        rows = ledger_rows.everything(conn, key)
        entry = ledger_rows.append(conn, key, RESEAL, rows, now, note)
    new = [Mark(MarkKind.BEGUN, 0), *marks, ledger_mark(entry.seq, entry.hash)]
    if witness.exists():
        witness.append(new)
    else:
        witness.begin(new)
    return entry
