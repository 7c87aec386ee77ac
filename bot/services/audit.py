"""Checking the journal: the keyed chain, the stored state against the replayed one, the
journal heads against the witness kept outside the database, and every row and column of
every table against the ledger of rows (``bot.domain.ledger``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from bot.domain import drafts as draft_rules
from bot.domain import ledger
from bot.domain import witness as witnessing
from bot.domain.drafts import Draft
from bot.domain.journal import first_broken
from bot.domain.ledger import Entry, RowFinding
from bot.domain.model import Crisis, Event
from bot.domain.ports import Ledger, Repository
from bot.domain.replay import (
    COURANTE,
    Replayed,
    coded,
    differences,
    dissemination_row,
    replay,
)
from bot.domain.snapshots import (
    decision_snapshot,
    fact_snapshot,
    filing_snapshot,
    inquiry_snapshot,
    question_snapshot,
)
from bot.domain.witness import Mark, Reading, begun
from bot.services.context import Deps, crisis_id

log = logging.getLogger(__name__)


@dataclass
class Audit:
    """One crisis: ``crisis`` is None when the database lost it and only the witness knows it."""

    crisis: Crisis | None
    events: int
    broken: Event | None = None
    mismatches: list[tuple[str, str, int | None]] = field(default_factory=list)
    missing: list[witnessing.Finding] = field(default_factory=list)
    crisis_number: int = 0
    channel: str | None = None
    title: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.mismatches and not self.missing


@dataclass
class Verification:
    """Every crisis's audit; the ledger of rows (its chain, what the witness saw of it, and
    each row and column of every table that it does not show as stored)."""

    audits: list[Audit]
    witness_missing: bool = False
    ledger_broken: Entry | None = None
    ledger_missing: list[witnessing.Finding] = field(default_factory=list)
    rows: list[RowFinding] = field(default_factory=list)
    unreadable: str | None = None
    witness_broken: int | None = None
    unsigned: int = 0
    unattested: int = 0
    triggers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.witness_missing
            and self.unreadable is None
            and self.witness_broken is None
            and not self.unsigned
            and not self.unattested
            and not self.triggers
            and self.ledger_broken is None
            and not self.ledger_missing
            and not self.rows
            and all(a.ok for a in self.audits)
        )


def _stored(repo: Repository, crisis: Crisis) -> dict[str, dict[str, Any]]:
    """The stored state, in the shapes of the replay."""
    cid = crisis_id(crisis)
    facts = {f.key: {**(fact_snapshot(f) or {}), "par": f.updated_by} for f in repo.facts(cid)}
    questions = {
        f"#{q.number}": {
            **question_snapshot(q), "posee_par": q.asked_by, "repondue_par": q.answered_by,
        }
        for q in repo.questions(cid)
    }  # fmt: skip
    drafts, approvals, versions = {}, {}, {}
    for draft in repo.drafts(cid):
        subject = f"brouillon {draft.number}"
        seen = {
            "etat": draft.state.value, "empreinte": draft.text_hash, "auteur": draft.author,
            "modele": draft.model, "publie_par": draft.published_by,
        }  # fmt: skip
        if draft_rules.content_hash(draft.text, draft.facts_used, draft.version) != draft.text_hash:
            seen["empreinte"] = "texte modifié"
        drafts[subject] = seen
        assert draft.id is not None
        approvals[subject] = [[a.role.value, a.user, a.text_hash] for a in repo.approvals(draft.id)]
        versions[subject] = _versions(repo, draft)
    disseminations: dict[str, list[dict[str, Any]]] = {}
    for done in repo.disseminations(cid):
        row = {
            "destinataire": done.recipient.value, "precision": done.detail,
            "le": done.at.isoformat(), "empreinte": done.text_hash,
        }  # fmt: skip
        disseminations.setdefault(f"brouillon {done.draft}", []).append(
            dissemination_row(row, done.by)
        )
    return {
        "crise": {"crise": _crisis_row(crisis)},
        "fait": facts,
        "role": {m.user: m.role.value for m in repo.members(cid)},
        "question": questions,
        "brouillon": drafts,
        "approbation": approvals,
        "version": versions,
        "diffusion": disseminations,
        **_courante(repo, cid),
    }


def _versions(repo: Repository, draft: Draft) -> list[list[Any]]:
    """The versions of ``draft`` as stored (number, fingerprint, author); the last one's
    text is the draft's, whose fingerprint the draft row proves."""
    assert draft.id is not None
    stored = repo.versions(draft.id)
    rows: list[list[Any]] = [[v.version, v.text_hash, v.author] for v in stored]
    if stored and (stored[-1].text != draft.text or stored[-1].text_hash != draft.text_hash):
        rows[-1][1] = "texte modifié"
    return rows


def _courante(repo: Repository, cid: int) -> dict[str, dict[str, Any]]:
    """The main courante as stored: decisions, filings, press inquiries, the rhythm."""
    decisions = {
        f"décision {d.number}": {**decision_snapshot(d), "par": d.decided_by}
        for d in repo.decisions(cid)
    }
    filings = {
        f"dépôt {f.number}": {**filing_snapshot(f), "par": f.recorded_by} for f in repo.filings(cid)
    }
    inquiries = {
        f"presse {i.number}": {
            **inquiry_snapshot(i), "par": i.asked_by, "repondue_par": i.answered_by,
        }
        for i in repo.inquiries(cid)
    }  # fmt: skip
    cadence = repo.cadence(cid)
    points = {"points": {"heures": cadence.hours, "par": cadence.owner}} if cadence else {}
    rows = {"decision": decisions, "depot": filings, "presse": inquiries, "point": points}
    return {
        family: {subject: coded(row) for subject, row in rows[family].items()}
        for family in COURANTE
    }


def _crisis_row(crisis: Crisis) -> dict[str, Any]:
    return {
        "titre": crisis.title, "ouverte_par": crisis.opened_by, "etat": crisis.state.value,
        "canal": crisis.channel,
    }  # fmt: skip


def _expected(state: Replayed) -> dict[str, dict[str, Any]]:
    approvals = {
        s: sorted([role, user, empreinte] for (role, user), empreinte in a.items())
        for s, a in state.approvals.items()
        if a
    }
    return {
        "crise": {"crise": state.crisis},
        "fait": state.facts,
        "role": state.roles,
        "question": state.questions,
        "brouillon": state.drafts,
        "approbation": approvals,
        "version": state.versions,
        "diffusion": state.disseminations,
        **{family: state.courante.get(family, {}) for family in COURANTE},
    }


def audit_crisis(
    deps: Deps,
    repo: Repository,
    crisis: Crisis,
    seen: witnessing.Witnessed | None = None,
    plain: dict[str, int] | None = None,
) -> Audit:
    """``plain``: up to which event each crisis's unkeyed journal is trusted, as the ledger
    recorded it when it began; without a ledger, the witness says it."""
    cid = crisis_id(crisis)
    events = repo.events(cid)
    plain_upto = seen.plain_upto if seen else 0
    if plain is not None:
        plain_upto = int(plain.get(str(cid), 0))
    result = Audit(crisis, len(events), first_broken(events, deps.journal_key, plain_upto))
    result.crisis_number, result.channel, result.title = cid, crisis.channel, crisis.title
    state = replay(events)
    expected, stored = _expected(state), _stored(repo, crisis)
    if "canal" not in state.crisis:
        stored["crise"]["crise"].pop("canal")
    stored["approbation"] = {s: sorted(a) for s, a in stored["approbation"].items() if a}
    for family in expected:
        for subject, seq in differences(expected[family], stored[family], family, state.last):
            result.mismatches.append((family, subject, seq))
    for subject, (seq, roles) in state.signed.items():
        spec = deps.models.get(str(state.drafts[subject].get("modele")))
        if spec is not None and not set(r.value for r in spec.approvers) <= set(roles):
            result.mismatches.append(("publication", subject, seq))
    if seen is not None:
        result.missing = witnessing.compare(seen, events)
    return result


def verify_all(deps: Deps) -> list[Audit]:
    return verify(deps).audits


def _rows(deps: Deps, stored: Ledger | None, marks: list[Mark], result: Verification) -> None:
    """The ledger of rows: its chain, its heads against the witness, every table rebuilt."""
    if stored is None:
        return
    broken = result.ledger_broken = ledger.first_broken(stored.entries, deps.journal_key)
    heads = {e.seq: e.hash for e in stored.entries}
    result.ledger_missing = witnessing.compare_heads(witnessing.ledger_heads(marks), heads)
    sound = [e for e in stored.entries if broken is None or e.seq < broken.seq]
    result.rows = ledger.compare(ledger.rebuild(sound), stored.stored)


def _signing(sound: list[Entry], reading: Reading, result: Verification) -> None:
    """Unsigned lines are accepted only where the ledger last recorded them, under the key."""
    recorded = [e.note["temoin"] for e in sound if isinstance(e.note.get("temoin"), dict)]
    if not recorded:
        return
    lines, prefix = int(recorded[-1].get("lignes", 0)), str(recorded[-1].get("empreinte", ""))
    if reading.unsigned != lines or (lines and reading.prefix != prefix):
        result.unsigned = max(reading.unsigned, 1)


def _attested(deps: Deps, sound: list[Entry], reading: Reading, result: Verification) -> None:
    """The ledger's entries that the witness does not attest, each since the last reseal
    (where a new witness began): read again once, since a commit precedes its line."""
    since = max((e.seq for e in sound if e.kind == ledger.RESEAL), default=1)
    due = {e.seq for e in sound if e.seq >= since}
    missing = due - witnessing.ledger_seqs(reading.marks)
    if missing and deps.witness is not None:
        again = deps.witness()
        missing = due - witnessing.ledger_seqs(again.marks if again is not None else [])
    result.unattested = len(missing)


def _plain(stored: Ledger | None) -> dict[str, int] | None:
    for entry in stored.entries if stored else []:
        if entry.kind in (ledger.ADOPTION, ledger.RESEAL):
            return {str(k): int(v) for k, v in entry.note.get("plain", {}).items()}
    return None


def verify(deps: Deps) -> Verification:
    """Every check; rows that no longer read as the bot wrote them (a code no enum knows,
    a record of another shape) stop the crises' replay, never the comparison of rows."""
    reading = deps.witness() if deps.witness else None
    marks = reading.marks if reading is not None else None
    result = Verification([], witness_missing=deps.witness is not None and not begun(marks))
    result.witness_broken = reading.broken if reading is not None else None
    with deps.read() as uow:
        stored = uow.repo.ledger(deps.journal_key)
        result.triggers = uow.repo.triggers()
        try:
            result.audits = _audits(deps, uow.repo, marks or [], _plain(stored))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # No traceback kept: its frames would hold the half-read cursor, and with it
            # the connection's snapshot, past this transaction.
            log.warning("audit: the stored rows do not read: %s", str(exc))
            result.unreadable = type(exc).__name__
    _rows(deps, stored, marks or [], result)
    if stored is not None and reading is not None and not result.witness_missing:
        broken = result.ledger_broken
        sound = [e for e in stored.entries if broken is None or e.seq < broken.seq]
        _signing(sound, reading, result)
        _attested(deps, sound, reading, result)
    return result


def _audits(
    deps: Deps, repo: Repository, marks: list[Mark], plain: dict[str, int] | None
) -> list[Audit]:
    witnessed = witnessing.by_crisis(marks)
    crises = repo.crises()
    audits = [audit_crisis(deps, repo, c, witnessed.get(crisis_id(c)), plain) for c in crises]
    present = {crisis_id(c) for c in crises}
    for number, seen in sorted(witnessed.items()):
        if number not in present and not seen.purged:
            gone = Audit(None, 0, missing=[witnessing.deleted(seen)], crisis_number=number)
            gone.channel = seen.channel
            audits.append(gone)
    return audits
