"""Drafts rendered from verified facts, and the approval workflow."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.domain.errors import Conflict, Forbidden
from bot.domain.factcheck import Finding
from bot.domain.model import Fact, FactStatus
from bot.domain.roles import Role


@dataclass(frozen=True)
class Requirement:
    key: str
    value: str | None = None
    article: str | None = None


@dataclass(frozen=True)
class ModelSpec:
    """A modèle of ``messages/catalog.yml``: what it needs and who approves it."""

    name: str
    title: str
    audience: str
    required: tuple[Requirement, ...]
    any_of: tuple[str, ...]
    approvers: tuple[Role, ...]


@dataclass(frozen=True)
class Missing:
    key: str
    reason: str  # absent | signalé | réfuté | valeur | un_de
    expected: str | None = None
    article: str | None = None
    keys: tuple[str, ...] = ()


class DraftState(StrEnum):
    BROUILLON = "brouillon"
    REJETE = "rejete"
    PUBLIE = "publie"


@dataclass
class Approval:
    draft_id: int
    role: Role
    user: str
    at: datetime
    text_hash: str


@dataclass
class Draft:
    crisis_id: int
    number: int
    model: str
    text: str
    facts_used: dict[str, dict[str, str | int | None]]
    text_hash: str
    author: str
    created_at: datetime
    warnings: list[str] = field(default_factory=list)
    state: DraftState = DraftState.BROUILLON
    motif: str | None = None
    published_by: str | None = None
    published_at: datetime | None = None
    id: int | None = None
    version: int = 1
    corrects: int | None = None  # the number of the published draft a rectificatif corrects
    findings: list[Finding] = field(default_factory=list)  # the fact-check of this version


def missing_facts(
    spec: ModelSpec, verified: dict[str, Fact], all_facts: dict[str, Fact]
) -> list[Missing]:
    """What keeps ``spec`` from being drafted now, in the catalog's order."""
    result: list[Missing] = []
    for need in spec.required:
        fact = verified.get(need.key)
        if fact is None:
            known = all_facts.get(need.key)
            reason = "absent" if known is None else known.status.value
            result.append(Missing(need.key, reason, need.value, need.article))
        elif need.value is not None and fact.value != need.value:
            result.append(Missing(need.key, "valeur", need.value, need.article))
    if spec.any_of and not any(key in verified for key in spec.any_of):
        result.append(Missing(spec.any_of[0], "un_de", keys=spec.any_of))
    return result


def used_versions(facts: list[Fact], consulted: set[str]) -> dict[str, dict[str, str | int | None]]:
    """The version of each fact a draft used; version 0 for a key consulted but not verified."""
    used: dict[str, dict[str, str | int | None]] = {
        k: {"valeur": None, "version": 0} for k in consulted
    }
    used.update({f.key: {"valeur": f.value, "version": f.version} for f in facts})
    return dict(sorted(used.items()))


def content_hash(
    text: str, facts_used: dict[str, dict[str, str | int | None]], version: int = 1
) -> str:
    """What an approval is bound to; an edit's version is part of it, so that approvals
    given to an earlier version never count for a later one, even with the same text."""
    content: dict[str, object] = {"texte": text, "faits": facts_used}
    if version > 1:
        content["version"] = version
    body = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def changed_facts(draft: Draft, current: dict[str, Fact]) -> list[str]:
    """Keys used by ``draft`` whose value, version or verification changed since: périmé."""
    changed = []
    for key, used in draft.facts_used.items():
        fact = current.get(key)
        verified = fact is not None and fact.status is FactStatus.VERIFIE
        if used["version"] == 0:
            if verified:
                changed.append(key)
        elif not verified or fact is None or fact.version != used["version"]:
            changed.append(key)
    return changed


def missing_approvals(spec: ModelSpec, approvals: list[Approval], draft: Draft) -> list[Role]:
    done = {a.role for a in approvals if a.text_hash == draft.text_hash}
    return [role for role in spec.approvers if role not in done]


def check_approval(
    spec: ModelSpec,
    draft: Draft,
    approvals: list[Approval],
    role: Role,
    user: str,
    stale: list[str],
) -> Role:
    """The role in which ``user`` approves ``draft``, or the reason they cannot."""
    if draft.state is not DraftState.BROUILLON:
        raise Conflict("draft_closed", number=draft.number, state=draft.state.value)
    if stale:
        raise Conflict("draft_stale", number=draft.number, keys=stale)
    if user == draft.author:
        raise Forbidden("own_draft", number=draft.number)
    pending = [f.number for f in draft.findings if f.open]
    if pending:
        raise Conflict("findings_open", number=draft.number, findings=pending)
    if role not in spec.approvers:
        raise Forbidden(
            "approver_role", number=draft.number, role=role.value,
            allowed=[r.value for r in spec.approvers],
        )  # fmt: skip
    if role not in missing_approvals(spec, approvals, draft):
        raise Conflict("already_approved", number=draft.number, role=role.value)
    return role
