"""What backs each sentence of a draft's version: its provenance, and the check of the
version against the register as it is now (register sentences by their backing, people's
sentences by what they say)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.clauses import DERIVED, register_state
from bot.domain.drafts import Draft
from bot.domain.editing import DraftVersion
from bot.domain.factcheck import Report
from bot.domain.findings import Finding, FindingCode
from bot.domain.model import Fact
from bot.domain.ports import Repository
from bot.domain.provenance import Sentence, carry, human, stale
from bot.drafting.render import sentence_list
from bot.services.context import Deps


def provenance_of(draft: Draft, versions: list[DraftVersion]) -> list[Sentence]:
    """The provenance of the current version's sentences; a version written before
    provenance was kept reads as its author's, to be confirmed."""
    latest = next((v for v in reversed(versions) if v.version == draft.version), None)
    if latest is not None and latest.sentences:
        return latest.sentences
    author = latest.author if latest else draft.author
    at = latest.created_at if latest else draft.created_at
    return carry(sentence_list(draft.text), [], author, at)


def relied_on(draft: Draft) -> dict[str, str]:
    """The value of each verified fact ``draft`` was written from."""
    return {
        key: str(used["valeur"])
        for key, used in draft.facts_used.items()
        if used.get("valeur") is not None and used.get("version") and key not in DERIVED
    }


def fact_check(
    deps: Deps,
    repo: Repository,
    draft: Draft,
    facts: list[Fact],
    text: str,
    sentences: list[Sentence],
    versions: list[DraftVersion],
) -> Report:
    """``text``, a version of ``draft`` whose sentences have the provenance ``sentences``,
    checked against the register ``facts`` as it is now: each register sentence (the
    modèle's, the published text's a rectificatif corrects) by its backing, re-derived now;
    each sentence a person wrote for its figures, dates, names and statements, and for what
    no one may publish. The values the draft and the text it corrects were written from, and
    the days they were written and published on, are what the register may since contradict
    or what the text may print as its own; ``versions`` are the draft's versions so far."""
    assert deps.checker is not None
    original = versions[0].text if versions else draft.text
    relied = relied_on(draft)
    moments: list[datetime | None] = [draft.created_at, *(v.created_at for v in versions)]
    corrected = repo.draft(draft.crisis_id, draft.corrects) if draft.corrects else None
    if corrected is not None:
        relied = {**relied_on(corrected), **relied}
        moments += [corrected.created_at, corrected.published_at]
    now = deps.clock.now()
    days = {m.astimezone(now.tzinfo).date() for m in moments if m is not None}
    spec = deps.models[draft.model]
    written = {n for n, _ in human(sentences)}
    report = deps.checker.check(
        spec, text, original, facts, now.date(), relied, sorted(days), written
    )
    by_key = {f.key: f for f in facts}
    state = register_state(facts, now)
    lapses = stale(sentences, deps.drafter.modeles[draft.model], state, by_key)
    found = list(report.findings)
    for lapse in lapses:
        fact = by_key.get(lapse.key)
        found.append(
            Finding(
                len(found) + 1, FindingCode.PHRASE_CADUQUE, lapse.number, lapse.sentence.text[:200],
                lapse.sentence.text[:120], lapse.key, fact.status.value if fact else None,
            )
        )  # fmt: skip
    return Report(found, report.used)
