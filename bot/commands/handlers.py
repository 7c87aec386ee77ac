"""One small function per command: call one service, return one reply."""

from __future__ import annotations

from bot.commands.reply import Reply
from bot.domain import commands as c
from bot.domain.errors import UsageError
from bot.domain.values import fold
from bot.services import (
    courante,
    crisis,
    digest,
    disseminations,
    drafts,
    editing,
    exports,
    facts,
    filings,
    kit,
    obligations,
    points,
    press,
    questions,
    readability,
    register,
    retention,
)
from bot.services.context import Caller, Deps

LANGUAGES = ("fr", "en")


def ouvrir(deps: Deps, caller: Caller, cmd: c.OpenCrisis) -> Reply:
    opened = crisis.open_crisis(deps, caller, cmd.title, cmd.exercise)
    data = {"crisis": opened, "user": caller.user, "board": kit.board(deps, caller)}
    return Reply("ouvrir", data, public=True)


def statut(deps: Deps, caller: Caller, cmd: c.ShowStatus) -> Reply:
    data = {"status": crisis.status(deps, caller), "now": deps.clock.now()}
    return Reply("statut", {**data, "insurer_days": deps.insurer_days})


def role(deps: Deps, caller: Caller, cmd: c.AssignRole) -> Reply:
    change = crisis.assign_role(deps, caller, cmd.target, cmd.role)
    data = {
        "member": change.member,
        "voided": change.voided,
        "previous": change.previous,
        "by": caller.user,
    }
    return Reply("role", data, public=True)


def fait(deps: Deps, caller: Caller, cmd: c.RecordFact) -> Reply:
    fact = facts.record_fact(deps, caller, cmd.key, cmd.value, cmd.source)
    return Reply("fait", {"fact": fact, "user": caller.user}, public=True)


def settle(deps: Deps, caller: Caller, cmd: c.SettleFact) -> Reply:
    fact = facts.settle_fact(deps, caller, cmd.key, cmd.status, cmd.proof)
    return Reply("verifier", {"fact": fact, "user": caller.user}, public=True)


def faits(deps: Deps, caller: Caller, cmd: c.ListFacts) -> Reply:
    return Reply("faits", {"facts": facts.list_facts(deps, caller)})


def question(deps: Deps, caller: Caller, cmd: c.AskQuestion) -> Reply:
    asked = questions.ask_question(deps, caller, cmd.text, cmd.owner, cmd.due)
    return Reply("question", {"question": asked, "user": caller.user}, public=True)


def repondre(deps: Deps, caller: Caller, cmd: c.AnswerQuestion) -> Reply:
    answered = questions.answer_question(deps, caller, cmd.number, cmd.answer)
    return Reply("repondre", {"question": answered, "user": caller.user}, public=True)


def questions_(deps: Deps, caller: Caller, cmd: c.ListQuestions) -> Reply:
    pending = questions.open_questions(deps, caller)
    return Reply("questions", {"questions": pending, "now": deps.clock.now()})


def journal(deps: Deps, caller: Caller, cmd: c.ShowJournal) -> Reply:
    subject = cmd.subject
    deps.guard.check([("sujet", subject)])
    events = crisis.events(deps, caller)
    if subject:
        wanted = subject.lstrip("#n°").strip()
        names = {fold(name) for name in (subject, f"#{wanted}", f"brouillon {wanted}")}
        events = [e for e in events if fold(e.subject) in names]
    return Reply("journal", {"events": events, "subject": subject})


def langue(deps: Deps, caller: Caller, cmd: c.SetLanguage) -> Reply:
    if cmd.language not in LANGUAGES:
        raise UsageError("usage_langue", languages=list(LANGUAGES))
    crisis.set_language(deps, caller, cmd.language)
    return Reply("langue", {"language": cmd.language})


def rediger(deps: Deps, caller: Caller, cmd: c.WriteDraft) -> Reply:
    written = drafts.write_draft(deps, caller, cmd.model)
    data = {"view": written, "user": caller.user, "lisibilite": readability.of_draft(written)}
    return Reply("rediger", data, public=True)


def brouillons(deps: Deps, caller: Caller, cmd: c.ListDrafts) -> Reply:
    return Reply("brouillons", {"views": drafts.list_drafts(deps, caller)})


def voir(deps: Deps, caller: Caller, cmd: c.ShowDraft) -> Reply:
    shown = drafts.show_draft(deps, caller, cmd.number)
    return Reply("voir", {"view": shown, "lisibilite": readability.of_draft(shown)})


def approuver(deps: Deps, caller: Caller, cmd: c.ApproveDraft) -> Reply:
    approved = drafts.approve(deps, caller, cmd.number)
    return Reply("approuver", {"view": approved, "user": caller.user}, public=True)


def rejeter(deps: Deps, caller: Caller, cmd: c.RejectDraft) -> Reply:
    rejected = drafts.reject(deps, caller, cmd.number, cmd.motif)
    return Reply("rejeter", {"view": rejected, "user": caller.user}, public=True)


def publier(deps: Deps, caller: Caller, cmd: c.PublishDraft) -> Reply:
    published = drafts.publish(deps, caller, cmd.number)
    return Reply("publier", {"view": published, "user": caller.user}, public=True)


def exporter(deps: Deps, caller: Caller, cmd: c.ExportDraft) -> Reply:
    shown, path = exports.export_draft(deps, caller, cmd.number, cmd.format)
    return Reply("exporter", {"view": shown, "path": str(path)}, file=path)


def echeances(deps: Deps, caller: Caller, cmd: c.ShowDeadlines) -> Reply:
    found = digest.deadlines(deps, caller)
    data = {
        "clocks": found.clocks,
        "overdue": found.overdue,
        "awareness": found.awareness,
        "filings": found.filings,
        "now": deps.clock.now(),
        "insurer_days": deps.insurer_days,
    }
    return Reply("echeances", data)


def digest_(deps: Deps, caller: Caller, cmd: c.ShowDigest) -> Reply:
    return Reply("digest", {"crisis": digest.digest_now(deps, caller)})


def registre(deps: Deps, caller: Caller, cmd: c.ShowRegister) -> Reply:
    entry = register.register_entry(deps, caller)
    return Reply("registre", {"entry": entry})


def clore(deps: Deps, caller: Caller, cmd: c.CloseCrisis) -> Reply:
    closed = retention.close_crisis(deps, caller, cmd.motif)
    return Reply("clore", {"crisis": closed, "user": caller.user, "motif": cmd.motif}, public=True)


def modifier(deps: Deps, caller: Caller, cmd: c.EditDraft) -> Reply:
    edited = editing.edit_draft(deps, caller, cmd.number, cmd.text)
    data = {"view": edited.view, "comparison": edited.comparison, "user": caller.user}
    return Reply("modifier", data, public=True)


def modifier_formulaire(deps: Deps, caller: Caller, cmd: c.OpenEditForm) -> Reply:
    shown, text = editing.editable(deps, caller, cmd.number, cmd.limit)
    return Reply("modifier_formulaire", {"view": shown, "text": text})


def comparer(deps: Deps, caller: Caller, cmd: c.CompareVersions) -> Reply:
    shown, comparison = editing.compare_versions(deps, caller, cmd.number, cmd.version)
    return Reply("comparer", {"view": shown, "comparison": comparison})


def accepter(deps: Deps, caller: Caller, cmd: c.AcceptFinding) -> Reply:
    shown, finding = editing.accept_finding(deps, caller, cmd.number, cmd.finding, cmd.motif)
    data = {"view": shown, "finding": finding, "user": caller.user}
    return Reply("accepter", data, public=True)


def confirmer(deps: Deps, caller: Caller, cmd: c.ConfirmWording) -> Reply:
    shown = drafts.confirm_wording(deps, caller, cmd.number, cmd.motif)
    return Reply("confirmer", {"view": shown, "user": caller.user, "motif": cmd.motif}, public=True)


def rectifier(deps: Deps, caller: Caller, cmd: c.CorrectDraft) -> Reply:
    shown = editing.correct(deps, caller, cmd.number)
    return Reply("rectifier", {"view": shown, "user": caller.user}, public=True)


def diffuser(deps: Deps, caller: Caller, cmd: c.Disseminate) -> Reply:
    shown, done = disseminations.disseminate(deps, caller, cmd.number, cmd.recipient, cmd.when)
    return Reply("diffuser", {"view": shown, "done": done, "user": caller.user}, public=True)


def diffusions(deps: Deps, caller: Caller, cmd: c.ListDisseminations) -> Reply:
    return Reply("diffusions", {"items": disseminations.list_disseminations(deps, caller)})


def decision(deps: Deps, caller: Caller, cmd: c.RecordDecision) -> Reply:
    taken = courante.record_decision(deps, caller, cmd.text, cmd.motif, cmd.facts)
    return Reply("decision", {"decision": taken, "user": caller.user}, public=True)


def decisions(deps: Deps, caller: Caller, cmd: c.ListDecisions) -> Reply:
    return Reply("decisions", {"views": courante.list_decisions(deps, caller)})


def gravite(deps: Deps, caller: Caller, cmd: c.ShowSeverity) -> Reply:
    return Reply("gravite", {"view": obligations.severity(deps, caller)})


def decision_obligation(deps: Deps, caller: Caller, cmd: c.DecideObligation) -> Reply:
    ruling, view = obligations.decide(
        deps, caller, cmd.obligation, cmd.answer, cmd.motif, cmd.facts
    )
    return Reply("decision_obligation", {"ruling": ruling, "view": view}, public=True)


def approuver_decision(deps: Deps, caller: Caller, cmd: c.ApproveDecision) -> Reply:
    ruling = obligations.approve(deps, caller, cmd.number)
    return Reply("approuver_decision", {"ruling": ruling, "user": caller.user}, public=True)


def connaissance(deps: Deps, caller: Caller, cmd: c.DecideAwareness) -> Reply:
    taken = courante.decide_awareness(deps, caller, cmd.moment, cmd.motif)
    data = {"decision": taken, "user": caller.user, "insurer_days": deps.insurer_days}
    return Reply("connaissance", data, public=True)


def depot(deps: Deps, caller: Caller, cmd: c.RecordFiling) -> Reply:
    filed = filings.record_filing(deps, caller, cmd.body, cmd.on, cmd.reference, cmd.note)
    return Reply("depot", {"filing": filed, "user": caller.user}, public=True)


def presse_recue(deps: Deps, caller: Caller, cmd: c.LogInquiry) -> Reply:
    logged = press.log_inquiry(deps, caller, cmd.media, cmd.journalist, cmd.question, cmd.due)
    return Reply("presse_recue", {"inquiry": logged, "user": caller.user}, public=True)


def presse(deps: Deps, caller: Caller, cmd: c.ListInquiries) -> Reply:
    pending = press.list_inquiries(deps, caller)
    return Reply("presse", {"inquiries": pending, "now": deps.clock.now()})


def presse_repondue(deps: Deps, caller: Caller, cmd: c.AnswerInquiry) -> Reply:
    answered = press.answer_inquiry(deps, caller, cmd.number, cmd.draft)
    return Reply("presse_repondue", {"inquiry": answered, "user": caller.user}, public=True)


def point(deps: Deps, caller: Caller, cmd: c.SetCadence) -> Reply:
    cadence = points.set_cadence(deps, caller, cmd.hours)
    return Reply("point", {"cadence": cadence, "user": caller.user}, public=True)


def point_now(deps: Deps, caller: Caller, cmd: c.PostPoint) -> Reply:
    return Reply("point_maintenant", {"cadence": points.point_now(deps, caller)})
