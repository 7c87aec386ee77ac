"""Editing a draft, comparing its versions, accepting a finding of the fact-check, and
correcting a published text with a rectificatif."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain import drafts as rules
from bot.domain import editing
from bot.domain.drafts import Draft, DraftState
from bot.domain.editing import Comparison, DraftVersion
from bot.domain.errors import InvalidValue
from bot.domain.facts import check_length
from bot.domain.findings import Finding, carry_acceptances
from bot.domain.guard import CONTACT_KEYS
from bot.domain.model import Crisis, Event, EventKind, Fact, FactStatus
from bot.domain.ports import Repository
from bot.domain.provenance import Sentence, carry, fingerprint, human
from bot.domain.roles import Role, require
from bot.drafting.document import readable
from bot.drafting.language import LANGUAGE_WARNINGS
from bot.drafting.render import sentence_list
from bot.services.backing import fact_check, provenance_of
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of
from bot.services.drafts import DraftView, _draft, register_of, view


@dataclass(frozen=True)
class Edited:
    view: DraftView
    comparison: Comparison


def _new_version(
    deps: Deps, repo: Repository, crisis: Crisis, draft: Draft, text: str, user: str
) -> Draft:
    """``draft`` as its next version with ``text``, fact-checked; approvals become void
    since they are bound to the version's fingerprint."""
    assert deps.checker is not None and deps.editor is not None and draft.id is not None
    now = deps.clock.now()
    corrected = repo.draft(draft.crisis_id, draft.corrects) if draft.corrects else None
    published = corrected.published_at if corrected else None
    text = deps.editor.prepare(text, draft.text, published)
    if deps.editor.same(text, draft.text):
        raise InvalidValue("edit_unchanged", number=draft.number)
    versions = repo.versions(draft.id)
    before = provenance_of(draft, versions)
    earlier = [before, *(v.sentences for v in reversed(versions))]
    sentences = carry(sentence_list(text), earlier, user, now)
    if any(s.register for s in before) and not any(s.register for s in sentences):
        raise InvalidValue("edit_no_register", number=draft.number)
    current = register_of(repo, crisis_id(crisis))
    report = fact_check(deps, repo, draft, list(current.values()), text, sentences, versions)
    used = dict(draft.facts_used)
    used.update(rules.used_versions([current[k] for k in sorted(report.used)], set()))
    version = draft.version + 1
    edited = replace(
        draft,
        text=text,
        version=version,
        author=user,
        facts_used=dict(sorted(used.items())),
        findings=carry_acceptances(report.findings, draft.findings),
        warnings=_warnings(deps, draft, text, current, sentences),
    )
    edited.text_hash = rules.content_hash(text, edited.facts_used, version)
    repo.save_draft(edited)
    repo.void_approvals(draft.id)
    repo.add_version(DraftVersion(draft.id, version, text, edited.text_hash, user, now, sentences))
    return edited


def _warnings(
    deps: Deps, draft: Draft, text: str, current: dict[str, Fact], sentences: list[Sentence]
) -> list[str]:
    """The flags of an edited text: the language check run again on the new text (a
    verified fact not in French that the text still quotes, a paragraph not in French, and
    each sentence a person wrote that is not in French, however short); the draft's other
    flags (a name the grammar does not know) are kept."""
    plain = " ".join(text.split())
    quoted = [
        fact
        for fact in current.values()
        if fact.status is FactStatus.VERIFIE and " ".join(fact.value.split()) in plain
    ]
    kept = [w for w in draft.warnings if not w.startswith(LANGUAGE_WARNINGS)]
    written = [f"phrase:{n}" for n, s in human(sentences) if deps.drafter.foreign_sentence(s.text)]
    return deps.drafter.foreign(text, quoted) + written + kept


def _guard(deps: Deps, repo: Repository, cid: int, text: str) -> None:
    """The guard on an edited text, the verified contacts it may quote (the DPO's and the
    press office's institutional address and phone) aside."""
    plain = " ".join(text.split())
    for fact in repo.facts(cid):
        if fact.key in CONTACT_KEYS and fact.status is FactStatus.VERIFIE:
            plain = plain.replace(" ".join(fact.value.split()), " ")
    deps.guard.check([("texte", plain)])


def edit_draft(deps: Deps, caller: Caller, number: int, text: str) -> Edited:
    text = editing.check_text(number, text)
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        _guard(deps, uow.repo, crisis_id(crisis), text)
        before = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        role = role_of(uow.repo, crisis, caller.user)
        editing.check_edit(before.draft, before.stale, role, caller.user)
        draft = _new_version(deps, uow.repo, crisis, before.draft, text, caller.user)
        shown = view(deps, uow.repo, draft)
        log(
            uow.repo, crisis, deps, caller.user, EventKind.BROUILLON_MODIFIE,
            f"brouillon {number}",
            {"version": before.draft.version, "empreinte": before.draft.text_hash},
            {
                "version": draft.version,
                "empreinte": draft.text_hash,
                "provenance": fingerprint(shown.sentences),
                "phrases_redigees": [n for n, s in shown.unbacked if s.author == caller.user],
                "constats": [f.number for f in draft.findings if f.open],
                "approbations_annulees": [a.role.value for a in before.approvals],
                "a_approuver": [r.value for r in shown.missing],
            },
            number,
        )  # fmt: skip
        uow.commit()
        return Edited(shown, shown.comparisons[0])


def editable(deps: Deps, caller: Caller, number: int, limit: int | None) -> tuple[DraftView, str]:
    """Draft ``number`` and its text to put in a form, when ``caller`` may edit it now (the
    refusals of an edit); refused when the text is longer than the form holds."""
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        shown = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        editing.check_edit(shown.draft, shown.stale, role_of(uow.repo, crisis, caller.user),
                           caller.user)  # fmt: skip
        text = readable(shown.draft.text)
        if limit is not None and len(text) > limit:
            raise InvalidValue("edit_form_too_long", number=number, limit=limit, length=len(text))
        return shown, text


def compare_versions(
    deps: Deps, caller: Caller, number: int, version: int | None
) -> tuple[DraftView, Comparison]:
    """The change from ``version`` (by default the one before) to the current version."""
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        shown = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        draft = shown.draft
        assert draft.id is not None
        old = version if version is not None else draft.version - 1
        versions = uow.repo.versions(draft.id)
        return shown, editing.compare(number, versions, old, draft.version)


def accept_finding(
    deps: Deps, caller: Caller, number: int, finding: int, motif: str
) -> tuple[DraftView, Finding]:
    """An approver of the modèle (or the pilote) accepts a finding, with a motif."""
    motif = check_length(" ".join(motif.split()), "motif")
    deps.guard.check([("motif", motif)])
    if not motif:
        raise InvalidValue("empty_accept_motif", number=number, finding=finding)
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        before = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        allowed = frozenset({*before.spec.approvers, Role.PILOTE})
        require(role_of(uow.repo, crisis, caller.user), allowed, "accepter")
        draft = before.draft
        editing.check_open(draft, before.stale)
        accepted = editing.accept(draft, finding, caller.user, motif, before.writers)
        uow.repo.save_draft(draft)
        log(
            uow.repo, crisis, deps, caller.user, EventKind.CONSTAT_ACCEPTE,
            f"brouillon {number}", {"constat": finding, "version": draft.version},
            {"constat": finding, "code": accepted.code.value, "extrait": accepted.excerpt,
             "motif": motif},
            number,
        )  # fmt: skip
        shown = view(deps, uow.repo, draft)
        uow.commit()
        return shown, accepted


def correct(deps: Deps, caller: Caller, number: int) -> DraftView:
    """A rectificatif of published draft ``number``: a new draft whose first version is
    the published text under a « Rectificatif » heading, to edit, check and approve."""
    assert deps.editor is not None
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        cid = crisis_id(crisis)
        published = _draft(uow.repo, crisis, number)
        editing.check_correction(published, role_of(uow.repo, crisis, caller.user))
        assert published.published_at is not None
        now = deps.clock.now()
        text = deps.editor.rectificatif(published.text, published.published_at)
        new_number = max((d.number for d in uow.repo.drafts(cid)), default=0) + 1
        draft = Draft(
            crisis_id=cid, number=new_number, model=published.model, text=text,
            facts_used={}, text_hash=rules.content_hash(text, {}),
            author=caller.user, created_at=now, warnings=list(published.warnings),
            state=DraftState.BROUILLON, corrects=number,
        )  # fmt: skip
        uow.repo.save_draft(draft)
        assert draft.id is not None
        assert published.id is not None
        kept = uow.repo.versions(published.id)
        earlier = [provenance_of(published, kept), *(v.sentences for v in reversed(kept))]
        sentences = carry(sentence_list(text), earlier, None, now)
        uow.repo.add_version(
            DraftVersion(draft.id, 1, text, draft.text_hash, caller.user, now, sentences)
        )
        log(
            uow.repo, crisis, deps, caller.user, EventKind.RECTIFICATIF_REDIGE,
            f"brouillon {new_number}", None,
            {"modele": draft.model, "corrige": number, "empreinte": draft.text_hash,
             "provenance": fingerprint(sentences)},
            new_number,
        )  # fmt: skip
        shown = view(deps, uow.repo, draft)
        uow.commit()
        return shown


def notice_changes(repo: Repository, cid: int, event: Event) -> Comparison | None:
    """The change an edit made, for the notice that asks the approvers again."""
    if event.kind != EventKind.BROUILLON_MODIFIE or not event.after:
        return None
    number = int(event.subject.split()[-1])
    draft = repo.draft(cid, number)
    if draft is None or draft.id is None:
        return None
    version = int(event.after["version"])
    return editing.compare(number, repo.versions(draft.id), version - 1, version)
