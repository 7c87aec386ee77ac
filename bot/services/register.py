"""The breach register entry of a crisis, and its exports (Markdown, CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.courante import Filing
from bot.domain.disseminations import Dissemination
from bot.domain.model import Crisis
from bot.domain.obligations import Ruling, rulings
from bot.domain.ports import Repository
from bot.domain.register import RegisterField, RegisterLine, fill
from bot.drafting.formatting import fact_value
from bot.services.context import Caller, Deps, crisis_id, open_crisis_of
from bot.services.filed import register_facts


@dataclass(frozen=True)
class Entry:
    crisis: Crisis
    lines: list[RegisterLine]
    disseminations: list[Dissemination] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    """The decisions on the notification obligations, each with its reasons and state: the
    reasoning art. 33.5 asks for, notably when one decides not to notify."""

    @property
    def missing(self) -> list[str]:
        return [key for line in self.lines for key in line.missing]


def entry_of(deps: Deps, repo: Repository, crisis: Crisis, fields: list[RegisterField],
             labels: Mapping[str, str]) -> Entry:  # fmt: skip
    cid = crisis_id(crisis)
    facts = register_facts(repo, cid)
    lines = fill(fields, facts, labels, lambda f: fact_value(f, deps.clock.tz))
    ruled = rulings(repo.decisions(cid), {f.key: f for f in repo.facts(cid)})
    return Entry(crisis, lines, repo.disseminations(cid), repo.filings(cid), ruled)


def register_entry(deps: Deps, caller: Caller) -> Entry:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return entry_of(deps, uow.repo, crisis, deps.register, deps.labels)


def all_entries(deps: Deps, channel: str | None = None) -> list[Entry]:
    with deps.read() as uow:
        crises = [
            c
            for c in uow.repo.crises()
            if (channel is None or c.channel == channel) and not c.exercise
        ]
        return [entry_of(deps, uow.repo, c, deps.register, deps.labels) for c in crises]


def as_json(entries: list[Entry]) -> str:
    data = [
        {
            "canal": e.crisis.channel,
            "crise": e.crisis.title,
            "ouverte_le": e.crisis.opened_at.isoformat(),
            "etat": e.crisis.state.value,
            "champs": [
                {"champ": line.label, "valeur": line.value, "manquant": list(line.missing)}
                for line in e.lines
            ],
            "diffusions": [
                {
                    "texte": d.draft,
                    "destinataire": d.recipient.value,
                    "precision": d.detail,
                    "le": d.at.isoformat(),
                    "par": d.by,
                    "empreinte": d.text_hash,
                }
                for d in e.disseminations
            ],
            "depots": [
                {
                    "organisme": f.body.value,
                    "le": f.filed_on.isoformat(),
                    "reference": f.reference,
                    "accuse": f.note,
                }
                for f in e.filings
            ],
            "decisions": [
                {
                    "numero": r.decision.number,
                    "obligation": r.obligation.value,
                    "reponse": "oui" if r.answer else "non",
                    "motif": r.decision.motif,
                    "proposee_par": r.decision.decided_by,
                    "le": r.decision.decided_at.isoformat(),
                    "approbations": {role.value: who for role, who in r.approvals.items()},
                    "faits": {k: s.version for k, s in r.decision.facts.items()},
                    "etat": r.state.value,
                }
                for r in e.rulings
            ],
        }
        for e in entries
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a quote."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def as_csv(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["canal", "crise", "champ", "valeur", "faits manquants"])
    for e in entries:
        for line in e.lines:
            row = [
                e.crisis.channel,
                e.crisis.title,
                line.label,
                line.value or "",
                " ".join(line.missing),
            ]
            writer.writerow([inert(cell) for cell in row])
        for d in e.disseminations:
            where = d.recipient.value + (f" ({d.detail})" if d.detail else "")
            value = f"texte {d.draft} : {where}, {d.at.isoformat()}, {d.by}"
            writer.writerow(
                [inert(c) for c in (e.crisis.channel, e.crisis.title, "diffusion", value, "")]
            )
        for f in e.filings:
            parts = [f.filed_on.isoformat(), f.reference or "", f.note or ""]
            value = f"{f.body.value} : " + ", ".join(p for p in parts if p)
            writer.writerow(
                [inert(c) for c in (e.crisis.channel, e.crisis.title, "dépôt", value, "")]
            )
        for r in e.rulings:
            said = f"{r.obligation.value} {'oui' if r.answer else 'non'}"
            value = f"{r.decision.number} {said} : {r.decision.motif} ({r.state.value})"
            writer.writerow(
                [inert(c) for c in (e.crisis.channel, e.crisis.title, "décision", value, "")]
            )
    return out.getvalue()
