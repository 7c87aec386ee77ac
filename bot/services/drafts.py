"""Drafting from verified facts, the approval workflow and publication."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.domain import drafts as rules
from bot.domain.clauses import derived_states
from bot.domain.coherence import borrowed, contradictions
from bot.domain.disseminations import Dissemination
from bot.domain.drafts import Approval, Draft, DraftState, ModelSpec
from bot.domain.editing import Comparison, DraftVersion, compare
from bot.domain.errors import Conflict, InvalidValue, NotFound, UsageError
from bot.domain.facts import check_length
from bot.domain.findings import carry_acceptances
from bot.domain.model import Crisis, EventKind, Fact, FactStatus, Member
from bot.domain.ports import Repository
from bot.domain.provenance import Sentence, authors, fingerprint, human
from bot.domain.roles import Role, require
from bot.drafting.language import language_warnings
from bot.services.backing import fact_check, provenance_of
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of
from bot.services.filed import register_facts, since_filing

PUBLISHERS = frozenset({Role.PILOTE, Role.COMMUNICATION})


@dataclass(frozen=True)
class DraftView:
    """A draft, the approvals that count for it, the roles still missing, and the facts that
    changed since it was written."""

    draft: Draft
    spec: ModelSpec
    approvals: list[Approval]
    missing: list[Role]
    stale: list[str]
    comparisons: list[Comparison] = field(default_factory=list)
    disseminations: list[Dissemination] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)  # the current version's
    writers: frozenset[str] = frozenset()  # who drafted it and who wrote its sentences
    nobody: list[Role] = field(default_factory=list)  # missing roles nobody holds
    only_writers: list[Role] = field(default_factory=list)  # held only by its writers

    @property
    def unheld(self) -> list[Role]:
        """The missing roles nobody can approve in until someone else is given them."""
        return [*self.nobody, *self.only_writers]

    @property
    def unbacked(self) -> list[tuple[int, Sentence]]:
        """The sentences people wrote, which each approver confirms by approving."""
        return human(self.sentences)

    @property
    def register_sentences(self) -> int:
        return sum(1 for s in self.sentences if s.register)

    @property
    def open_findings(self) -> list[int]:
        return [f.number for f in self.draft.findings if f.open]

    @property
    def approved(self) -> bool:
        return not self.missing and not self.stale and not self.open_findings

    @property
    def status(self) -> str:
        """A code of ``DraftStatus`` in ``messages/<lang>/labels.yml``."""
        if self.draft.state is not DraftState.BROUILLON:
            return self.draft.state.value
        if self.stale:
            return "perime"
        if self.open_findings:
            return "a_verifier"
        return "approuve" if not self.missing else "en_attente"


def spec_of(deps: Deps, name: str) -> ModelSpec:
    deps.guard.check([("modèle", name)])
    if len(name.split()) != 1:
        raise UsageError("usage_rediger", models=sorted(deps.models))
    spec = deps.models.get(name.strip().lower())
    if spec is None:
        raise NotFound("unknown_model", models=sorted(deps.models))
    return spec


def view(
    deps: Deps,
    repo: Repository,
    draft: Draft,
    current: dict[str, Fact] | None = None,
    members: list[Member] | None = None,
) -> DraftView:
    """The draft with its approvals and what makes it périmé; ``current`` (the register, by
    key) and ``members`` spare reading them again when viewing several drafts."""
    spec = spec_of(deps, draft.model)
    assert draft.id is not None
    approvals = repo.approvals(draft.id)
    if current is None:
        current = register_of(repo, draft.crisis_id)
    if members is None:
        members = repo.members(draft.crisis_id)
    stale: list[str] = []
    versions = repo.versions(draft.id)
    sentences = provenance_of(draft, versions)
    if draft.state is DraftState.BROUILLON:
        derived = derived_states(current.values(), deps.clock.now())
        stale = rules.changed_facts(draft, current, derived)
        if deps.checker is not None:
            facts = list(current.values())
            report = fact_check(deps, repo, draft, facts, draft.text, sentences, versions)
            draft.findings = carry_acceptances(report.findings, draft.findings)
    missing = rules.missing_approvals(spec, approvals, draft, members)
    comparisons = changes(draft, versions) if draft.version > 1 else []
    went = [d for d in repo.disseminations(draft.crisis_id) if d.draft == draft.number]
    counted = rules.counting(approvals, draft, members)
    writers = frozenset({versions[0].author if versions else draft.author, *authors(sentences)})
    nobody: list[Role] = []
    only_writers: list[Role] = []
    if draft.state is DraftState.BROUILLON:
        nobody, only_writers = rules.unheld_roles(missing, members, {*writers, draft.author})
    return DraftView(
        draft, spec, counted, missing, stale, comparisons, went, sentences, writers,
        nobody, only_writers,
    )  # fmt: skip


def changes(draft: Draft, versions: list[DraftVersion]) -> list[Comparison]:
    """What approvers see of an edited draft: the last edit, and the whole change from the
    modèle's text (or the corrected text) when there were several edits."""
    wanted = [draft.version - 1] + ([1] if draft.version > 2 else [])
    return [compare(draft.number, versions, old, draft.version) for old in wanted]


def register_of(repo: Repository, cid: int) -> dict[str, Fact]:
    """The register as drafts read it, the filings standing for the facts they record."""
    return {f.key: f for f in register_facts(repo, cid)}


def views(deps: Deps, repo: Repository, cid: int) -> list[DraftView]:
    """Every draft of a crisis, the register read once."""
    current, members = register_of(repo, cid), repo.members(cid)
    return [view(deps, repo, d, current, members) for d in repo.drafts(cid)]


def _draft(repo: Repository, crisis: Crisis, number: int) -> Draft:
    found = repo.draft(crisis_id(crisis), number)
    if found is None:
        raise NotFound("unknown_draft", number=number)
    return found


def wording_confirmed(repo: Repository, draft: Draft) -> bool:
    """Whether an approver confirmed the wording of this text of the draft: read from the
    journal (``brouillon.langue_confirmee`` with the draft's current ``text_hash``), so an
    edit, which changes the hash, asks for a new confirmation."""
    subject = f"brouillon {draft.number}"
    return any(
        e.kind == EventKind.LANGUE_CONFIRMEE
        and e.subject == subject
        and (e.after or {}).get("empreinte") == draft.text_hash
        for e in repo.events(draft.crisis_id)
    )


def _check_french(repo: Repository, draft: Draft) -> None:
    """A draft flagged by the language check is neither approved nor published, unless an
    approver confirmed its wording with a motif."""
    flagged = language_warnings(draft.warnings)
    if flagged and not wording_confirmed(repo, draft):
        kinds = [w.partition(":") for w in flagged]
        raise Conflict(
            "draft_not_french",
            number=draft.number,
            keys=[what for kind, _, what in kinds if kind == "fait"],
            paragraphs=[what for kind, _, what in kinds if kind == "paragraphe"],
            sentences=[what for kind, _, what in kinds if kind == "phrase"],
        )


def write_draft(deps: Deps, caller: Caller, model: str) -> DraftView:
    spec = spec_of(deps, model)
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        cid = crisis_id(crisis)
        facts = register_facts(uow.repo, cid)
        verified = {f.key: f for f in facts if f.status is FactStatus.VERIFIE}
        missing = rules.missing_facts(spec, verified, {f.key: f for f in facts})
        if missing:
            refused = next((m for m in missing if m.article), None)
            code = "model_refused" if refused else "missing_facts"
            raise Conflict(
                code, model=spec.name, missing=missing, article=refused and refused.article
            )
        now = deps.clock.now()
        found = contradictions(facts, now)
        if found:
            raise Conflict("contradictory_facts", model=spec.name, found=found)
        since = None
        if spec.filed_with is not None:
            since = since_filing(uow.repo, cid, spec.filed_with, deps.labels, deps.clock.tz)
        rendered = deps.drafter.render(spec, facts, now, since)
        if crisis.exercise:
            rendered = replace(rendered, text=deps.drafter.exercise(rendered.text))
        carried = borrowed(facts, rendered.printed)
        if carried:
            raise Conflict("borrowed_figure", model=spec.name, found=carried)
        used = rules.used_versions(rendered.facts, rendered.consulted, rendered.derived)
        number = max((d.number for d in uow.repo.drafts(cid)), default=0) + 1
        draft = Draft(
            crisis_id=cid,
            number=number,
            model=spec.name,
            text=rendered.text,
            facts_used=used,
            text_hash=rules.content_hash(rendered.text, used),
            author=caller.user,
            created_at=now,
            warnings=rendered.warnings,
        )
        uow.repo.save_draft(draft)
        assert draft.id is not None
        sentences = rendered.provenance(draft.text)
        uow.repo.add_version(
            DraftVersion(draft.id, 1, draft.text, draft.text_hash, caller.user, now, sentences)
        )
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.BROUILLON_REDIGE,
            f"brouillon {number}",
            None,
            {"modele": spec.name, "empreinte": draft.text_hash,
             "provenance": fingerprint(sentences)},
            number,
        )  # fmt: skip
        result = view(deps, uow.repo, draft)
        uow.commit()
        return result


def list_drafts(deps: Deps, caller: Caller) -> list[DraftView]:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return views(deps, uow.repo, crisis_id(crisis))


def show_draft(deps: Deps, caller: Caller, number: int) -> DraftView:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return view(deps, uow.repo, _draft(uow.repo, crisis, number))


def approve(deps: Deps, caller: Caller, number: int) -> DraftView:
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        current = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        draft = current.draft
        members = uow.repo.members(crisis_id(crisis))
        role = role_of(uow.repo, crisis, caller.user)
        rules.check_approval(
            current.spec, draft, current.approvals, members, role, caller.user, current.stale,
            current.writers,
        )  # fmt: skip
        _check_french(uow.repo, draft)
        assert draft.id is not None
        at = rules.approval_time(deps.clock.now(), members, caller.user)
        uow.repo.add_approval(Approval(draft.id, role, caller.user, at, draft.text_hash))
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.BROUILLON_APPROUVE,
            f"brouillon {number}",
            None,
            {"role": role.value, "empreinte": draft.text_hash,
             "phrases_confirmees": [n for n, _ in current.unbacked]},
            number,
        )  # fmt: skip
        result = view(deps, uow.repo, draft)
        uow.commit()
        return result


def reject(deps: Deps, caller: Caller, number: int, motif: str) -> DraftView:
    motif = check_length(" ".join(motif.split()), "motif")
    deps.guard.check([("motif", motif)])
    if not motif:
        raise InvalidValue("empty_motif", number=number)
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        current = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        allowed = frozenset({*current.spec.approvers, Role.PILOTE})
        require(role_of(uow.repo, crisis, caller.user), allowed, "rejeter")
        draft = current.draft
        if draft.state is not DraftState.BROUILLON:
            raise Conflict("draft_closed", number=number, state=draft.state.value)
        draft.state, draft.motif = DraftState.REJETE, motif
        uow.repo.save_draft(draft)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.BROUILLON_REJETE,
            f"brouillon {number}",
            {"etat": "brouillon"},
            {"etat": DraftState.REJETE.value, "motif": motif},
            number,
        )
        result = view(deps, uow.repo, draft)
        uow.commit()
        return result


def confirm_wording(deps: Deps, caller: Caller, number: int, motif: str) -> DraftView:
    """An approver of the modèle (or the pilote) who neither drafted the text nor wrote a
    sentence of its version confirms the wording the language check flagged, with a motif
    kept in the journal with the text's hash."""
    motif = check_length(" ".join(motif.split()), "motif")
    deps.guard.check([("motif", motif)])
    if not motif:
        raise InvalidValue("empty_confirm_motif", number=number)
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        current = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        draft = current.draft
        if draft.state is not DraftState.BROUILLON:
            raise Conflict("draft_closed", number=number, state=draft.state.value)
        if caller.user in current.writers or draft.author == caller.user:
            raise Conflict("own_wording", number=number)
        allowed = frozenset({*current.spec.approvers, Role.PILOTE})
        require(role_of(uow.repo, crisis, caller.user), allowed, "confirmer")
        flagged = language_warnings(draft.warnings)
        if not flagged:
            raise Conflict("nothing_to_confirm", number=number)
        if wording_confirmed(uow.repo, draft):
            raise Conflict("wording_confirmed", number=number)
        log(
            uow.repo, crisis, deps, caller.user, EventKind.LANGUE_CONFIRMEE,
            f"brouillon {number}", None,
            {"motif": motif, "empreinte": draft.text_hash, "signale": flagged},
            number,
        )  # fmt: skip
        result = view(deps, uow.repo, draft)
        uow.commit()
        return result


def publish(deps: Deps, caller: Caller, number: int) -> DraftView:
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), PUBLISHERS, "publier")
        current = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        draft = current.draft
        if draft.state is DraftState.PUBLIE:
            raise Conflict("already_published", number=number, by=draft.published_by)
        if draft.state is not DraftState.BROUILLON:
            raise Conflict("draft_closed", number=number, state=draft.state.value)
        if current.stale:
            raise Conflict("draft_stale", number=number, keys=current.stale)
        if current.open_findings:
            raise Conflict(
                "findings_open", number=number, findings=current.open_findings,
                acceptable=[f.number for f in draft.findings if f.open and not f.blocked],
            )  # fmt: skip
        _check_french(uow.repo, draft)
        if current.missing:
            raise Conflict(
                "not_approved", number=number, roles=[r.value for r in current.missing],
                unheld=[r.value for r in current.unheld],
            )  # fmt: skip
        draft.state, draft.published_by = DraftState.PUBLIE, caller.user
        draft.published_at = deps.clock.now()
        uow.repo.save_draft(draft)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.BROUILLON_PUBLIE,
            f"brouillon {number}",
            {"etat": "brouillon"},
            {"etat": DraftState.PUBLIE.value, "empreinte": draft.text_hash},
            number,
        )
        result = view(deps, uow.repo, draft)
        uow.commit()
        return result
