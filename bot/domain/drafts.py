"""Drafts rendered from verified facts, and the approval workflow."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.clauses import DERIVED
from bot.domain.courante import Body
from bot.domain.errors import Conflict, Forbidden
from bot.domain.findings import Finding
from bot.domain.model import Fact, FactStatus, Member
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
    filed_with: Body | None = None


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


def used_versions(
    facts: list[Fact], consulted: set[str], derived: Mapping[str, str] | None = None
) -> dict[str, dict[str, str | int | None]]:
    """The version of each fact a draft used; version 0 for a key consulted but not verified,
    and for a derived state (the CNIL clock), the state it had."""
    used: dict[str, dict[str, str | int | None]] = {
        k: {"valeur": None, "version": 0} for k in consulted
    }
    used.update({f.key: {"valeur": f.value, "version": f.version} for f in facts})
    used.update({k: {"valeur": v, "version": 0} for k, v in (derived or {}).items()})
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


def changed_facts(
    draft: Draft, current: dict[str, Fact], derived: Mapping[str, str] | None = None
) -> list[str]:
    """Keys used by ``draft`` whose value, version or verification changed since, or derived
    states (the CNIL clock) that moved on: périmé."""
    changed = []
    for key, used in draft.facts_used.items():
        if key in DERIVED:
            if used["valeur"] != (derived or {}).get(key):
                changed.append(key)
            continue
        fact = current.get(key)
        verified = fact is not None and fact.status is FactStatus.VERIFIE
        if used["version"] == 0:
            if verified:
                changed.append(key)
        elif not verified or fact is None or fact.version != used["version"]:
            changed.append(key)
    return changed


def counting(approvals: list[Approval], draft: Draft, members: list[Member]) -> list[Approval]:
    """The approvals that count: given for the draft's text by someone who has held the role
    ever since; one per person. A role change voids the approvals given in the former role."""
    holders = {m.user: m for m in members}
    found: dict[str, Approval] = {}
    for approval in sorted(approvals, key=lambda a: a.at):
        holder = holders.get(approval.user)
        if (
            approval.text_hash == draft.text_hash
            and holder is not None
            and holder.role is approval.role
            and holder.since <= approval.at
        ):
            found.setdefault(approval.user, approval)
    return list(found.values())


def approval_time(now: datetime, members: list[Member], user: str) -> datetime:
    """When an approval given ``now`` is recorded: never before its giver took the role, so
    that it counts even when both happen within the same instant."""
    holder = next((m for m in members if m.user == user), None)
    return max(now, holder.since) if holder is not None else now


def role_time(now: datetime, approvals: Iterable[Approval], user: str) -> datetime:
    """Since when a role given ``now`` to ``user`` is held: after every approval they gave
    before, so that none of those counts again, even within the same instant (an approval
    given in a former role never comes back with the role)."""
    latest = max((a.at for a in approvals if a.user == user), default=None)
    return latest + timedelta(microseconds=1) if latest is not None and latest >= now else now


def missing_approvals(
    spec: ModelSpec, approvals: list[Approval], draft: Draft, members: list[Member]
) -> list[Role]:
    done = {a.role for a in counting(approvals, draft, members)}
    return [role for role in spec.approvers if role not in done]


def unheld_roles(
    missing: Iterable[Role], members: Iterable[Member], writers: Collection[str]
) -> tuple[list[Role], list[Role]]:
    """Of the roles a draft still waits for, those nobody in the cell holds, and those held
    only by people who wrote the draft (who never approve it): nobody can give them until
    someone else is given the role."""
    holders: dict[Role, set[str]] = {}
    for member in members:
        holders.setdefault(member.role, set()).add(member.user)
    nobody = [role for role in missing if not holders.get(role)]
    only_writers = [role for role in missing if holders.get(role) and holders[role] <= set(writers)]
    return nobody, only_writers


def check_approval(
    spec: ModelSpec,
    draft: Draft,
    approvals: list[Approval],
    members: list[Member],
    role: Role,
    user: str,
    stale: list[str],
    writers: Collection[str],
) -> Role:
    """The role in which ``user`` approves ``draft``, or the reason they cannot: nobody who
    drafted it or wrote a sentence of its version (``writers``) approves it."""
    if draft.state is not DraftState.BROUILLON:
        raise Conflict("draft_closed", number=draft.number, state=draft.state.value)
    if stale:
        raise Conflict("draft_stale", number=draft.number, keys=stale)
    nobody, only_writers = unheld_roles(
        missing_approvals(spec, approvals, draft, members), members, {*writers, draft.author}
    )
    unheld = [r.value for r in (*nobody, *only_writers)]
    if user in writers or user == draft.author:
        raise Forbidden("own_draft", number=draft.number, unheld=unheld)
    pending = [f.number for f in draft.findings if f.open]
    if pending:
        acceptable = [f.number for f in draft.findings if f.open and not f.blocked]
        raise Conflict(
            "findings_open", number=draft.number, findings=pending, acceptable=acceptable
        )
    if role not in spec.approvers:
        raise Forbidden(
            "approver_role", number=draft.number, role=role.value,
            allowed=[r.value for r in spec.approvers], unheld=unheld,
        )  # fmt: skip
    if role not in missing_approvals(spec, approvals, draft, members):
        raise Conflict("already_approved", number=draft.number, role=role.value)
    return role


def voided_by_role_change(
    drafts: list[Draft], approvals: dict[int, list[Approval]], members: list[Member], user: str
) -> list[int]:
    """The open drafts on which ``user`` has an approval that a change of role now voids."""
    voided = []
    for draft in drafts:
        if draft.state is not DraftState.BROUILLON or draft.id is None:
            continue
        if any(a.user == user for a in counting(approvals.get(draft.id, []), draft, members)):
            voided.append(draft.number)
    return voided


def check_press_answer(
    inquiry: int, draft: Draft, missing: Iterable[Role], stale: list[str], findings: list[int]
) -> None:
    """A journalist is answered with a text the cell can stand by: published, or approved by
    every role its modèle asks (talking points kept in the cell), and still current."""
    published = draft.state is DraftState.PUBLIE
    approved = draft.state is DraftState.BROUILLON and not list(missing) and not findings
    if stale or not (published or approved):
        raise Conflict("press_answer_unapproved", number=inquiry, draft=draft.number)
