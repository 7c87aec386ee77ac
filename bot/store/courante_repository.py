"""Rows of the main courante: decisions, filings, press inquiries, the rhythm of points."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.domain.courante import (
    Body,
    Cadence,
    Decision,
    DecisionKind,
    FactSeen,
    Filing,
    Inquiry,
    InquiryState,
)
from bot.domain.model import FactStatus
from bot.store import tables as t


class SqlCourante:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _rows(self, table: sa.Table, crisis_id: int) -> list[dict[str, Any]]:
        query = sa.select(table).where(table.c.crisis_id == crisis_id).order_by(table.c.number)
        return [dict(row) for row in self.conn.execute(query).mappings()]

    def decisions(self, crisis_id: int) -> list[Decision]:
        found = []
        for row in self._rows(t.decisions, crisis_id):
            row["kind"] = DecisionKind(row["kind"])
            row["facts"] = {
                key: FactSeen(int(seen["version"]), FactStatus(seen["statut"]))
                for key, seen in (row["facts"] or {}).items()
            }
            found.append(Decision(**row))
        return found

    def add_decision(self, decision: Decision) -> None:
        facts = {
            key: {"version": seen.version, "statut": seen.status.value}
            for key, seen in decision.facts.items()
        }
        values = vars(decision) | {"kind": decision.kind.value, "facts": facts}
        self.conn.execute(sa.insert(t.decisions).values(**values))

    def filings(self, crisis_id: int) -> list[Filing]:
        return [
            Filing(**(row | {"body": Body(row["body"])}))
            for row in self._rows(t.filings, crisis_id)
        ]

    def add_filing(self, filing: Filing) -> None:
        self.conn.execute(
            sa.insert(t.filings).values(**(vars(filing) | {"body": filing.body.value}))
        )

    def inquiries(self, crisis_id: int) -> list[Inquiry]:
        return [
            Inquiry(**(row | {"state": InquiryState(row["state"])}))
            for row in self._rows(t.inquiries, crisis_id)
        ]

    def save_inquiry(self, inquiry: Inquiry) -> None:
        values = vars(inquiry) | {"state": inquiry.state.value}
        where = sa.and_(
            t.inquiries.c.crisis_id == inquiry.crisis_id, t.inquiries.c.number == inquiry.number
        )
        if self.conn.execute(sa.update(t.inquiries).where(where).values(**values)).rowcount == 0:
            self.conn.execute(sa.insert(t.inquiries).values(**values))

    def cadence(self, crisis_id: int) -> Cadence | None:
        query = sa.select(t.cadences).where(t.cadences.c.crisis_id == crisis_id)
        row = self.conn.execute(query).mappings().first()
        return Cadence(**dict(row)) if row else None

    def save_cadence(self, cadence: Cadence) -> None:
        values = vars(cadence)
        where = t.cadences.c.crisis_id == cadence.crisis_id
        if self.conn.execute(sa.update(t.cadences).where(where).values(**values)).rowcount == 0:
            self.conn.execute(sa.insert(t.cadences).values(**values))
