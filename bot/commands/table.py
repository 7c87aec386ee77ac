"""The one table: each subcommand's name (French, unaccented), its parser, its command type
and its handler; English aliases. The help lists the same names in the same order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.commands import grammar as g
from bot.commands import handlers as h
from bot.commands import kit_grammar as kg
from bot.commands import kit_handlers as kh
from bot.commands.mentions import Mentions
from bot.commands.reply import Reply
from bot.domain import commands as c
from bot.services.context import Caller, Deps

Parser = Callable[[str, Mentions], c.Command]
Handler = Callable[[Deps, Caller, Any], Reply]


@dataclass(frozen=True)
class Entry:
    name: str
    parse: Parser
    kind: type[c.Command]
    handle: Handler


ENTRIES = (
    Entry("ouvrir", g.ouvrir, c.OpenCrisis, h.ouvrir),
    Entry("statut", g.statut, c.ShowStatus, h.statut),
    Entry("role", g.role, c.AssignRole, h.role),
    Entry("fait", g.fait, c.RecordFact, h.fait),
    Entry("verifier", g.verifier, c.SettleFact, h.settle),
    Entry("refuter", g.refuter, c.SettleFact, h.settle),
    Entry("faits", g.faits, c.ListFacts, h.faits),
    Entry("question", g.question, c.AskQuestion, h.question),
    Entry("repondre", g.repondre, c.AnswerQuestion, h.repondre),
    Entry("questions", g.questions, c.ListQuestions, h.questions_),
    Entry("taches", kg.taches, c.ListTasks, kh.taches),
    Entry("tache", kg.tache, c.CompleteTask, kh.tache),
    Entry("journal", g.journal, c.ShowJournal, h.journal),
    Entry("rediger", g.rediger, c.WriteDraft, h.rediger),
    Entry("brouillons", g.brouillons, c.ListDrafts, h.brouillons),
    Entry("voir", g.voir, c.ShowDraft, h.voir),
    Entry("approuver", g.approuver, c.ApproveDraft, h.approuver),
    Entry("rejeter", g.rejeter, c.RejectDraft, h.rejeter),
    Entry("publier", g.publier, c.PublishDraft, h.publier),
    Entry("exporter", g.exporter, c.ExportDraft, h.exporter),
    Entry("modifier", g.modifier, c.EditDraft, h.modifier),
    Entry("comparer", g.comparer, c.CompareVersions, h.comparer),
    Entry("accepter", g.accepter, c.AcceptFinding, h.accepter),
    Entry("confirmer", g.confirmer, c.ConfirmWording, h.confirmer),
    Entry("rectifier", g.rectifier, c.CorrectDraft, h.rectifier),
    Entry("diffuser", g.diffuser, c.Disseminate, h.diffuser),
    Entry("diffusions", g.diffusions, c.ListDisseminations, h.diffusions),
    Entry("echeances", g.echeances, c.ShowDeadlines, h.echeances),
    Entry("digest", g.digest, c.ShowDigest, h.digest_),
    Entry("registre", g.registre, c.ShowRegister, h.registre),
    Entry("decision", g.decision, c.RecordDecision, h.decision),
    Entry("decisions", g.decisions, c.ListDecisions, h.decisions),
    Entry("gravite", g.gravite, c.ShowSeverity, h.gravite),
    Entry("connaissance", g.connaissance, c.DecideAwareness, h.connaissance),
    Entry("depot", g.depot, c.RecordFiling, h.depot),
    Entry("presse", g.presse, c.LogInquiry, h.presse_recue),
    Entry("appel", kg.appel, c.CountCall, kh.appel),
    Entry("point", g.point, c.SetCadence, h.point),
    Entry("annuaire", kg.annuaire, c.SetContact, kh.annuaire),
    Entry("clore", g.clore, c.CloseCrisis, h.clore),
    Entry("langue", g.langue, c.SetLanguage, h.langue),
)

PARSERS: dict[str, Parser] = {e.name: e.parse for e in ENTRIES}
HANDLERS: dict[type[c.Command], Handler] = {
    **{e.kind: e.handle for e in ENTRIES},
    c.ListInquiries: h.presse,
    c.AnswerInquiry: h.presse_repondue,
    c.PostPoint: h.point_now,
    c.OpenEditForm: h.modifier_formulaire,
    c.DecideObligation: h.decision_obligation,
    c.ApproveDecision: h.approuver_decision,
}
HELP_ORDER = ("aide", *PARSERS)
# ``aide`` without a topic lists the commands by theme, one line each (titles in help.yml).
HELP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "faits",
        ("fait", "verifier", "refuter", "faits", "question", "repondre", "questions"),
    ),
    (
        "textes",
        (
            "rediger",
            "brouillons",
            "voir",
            "modifier",
            "comparer",
            "accepter",
            "confirmer",
            "approuver",
            "rejeter",
            "publier",
            "exporter",
            "rectifier",
            "diffuser",
            "diffusions",
        ),
    ),
    (
        "delais",
        (
            "echeances",
            "connaissance",
            "gravite",
            "depot",
            "registre",
            "decision",
            "decisions",
            "point",
        ),
    ),
    ("presse", ("presse", "appel", "digest", "journal")),
    (
        "cellule",
        ("ouvrir", "statut", "role", "taches", "tache", "annuaire", "clore", "langue", "aide"),
    ),
)

ALIASES: dict[str, str] = {
    "help": "aide",
    "open": "ouvrir",
    "status": "statut",
    "fact": "fait",
    "verify": "verifier",
    "refute": "refuter",
    "facts": "faits",
    "ask": "question",
    "answer": "repondre",
    "log": "journal",
    "language": "langue",
    "draft": "rediger",
    "drafts": "brouillons",
    "show": "voir",
    "approve": "approuver",
    "reject": "rejeter",
    "publish": "publier",
    "export": "exporter",
    "edit": "modifier",
    "compare": "comparer",
    "accept": "accepter",
    "confirm": "confirmer",
    "correct": "rectifier",
    "disseminate": "diffuser",
    "disseminations": "diffusions",
    "register": "registre",
    "deadlines": "echeances",
    "close": "clore",
    "decide": "decision",
    "awareness": "connaissance",
    "severity": "gravite",
    "file": "depot",
    "filing": "depot",
    "press": "presse",
    "briefing": "point",
    "tasks": "taches",
    "task": "tache",
    "directory": "annuaire",
    "call": "appel",
}

# Words people type for a command that are not its name: never run, only suggested in the
# refusal (« Commande inconnue : vouliez-vous dire `approuver` ? »).
SYNONYMS: dict[str, str] = {
    "valider": "approuver",
    "validation": "approuver",
    "signer": "approuver",
    "refuser": "rejeter",
    "ecrire": "rediger",
    "generer": "rediger",
    "creer": "ouvrir",
    "demarrer": "ouvrir",
    "fermer": "clore",
    "cloturer": "clore",
    "terminer": "clore",
    "afficher": "voir",
    "montrer": "voir",
    "lire": "voir",
    "editer": "modifier",
    "corriger": "modifier",
    "envoyer": "diffuser",
    "telecharger": "exporter",
    "infirmer": "refuter",
    "dementir": "refuter",
    "valide": "approuver",
    "historique": "journal",
    "delais": "echeances",
    "delai": "echeances",
    "attribuer": "role",
    "nommer": "role",
    "roles": "role",
    "signaler": "fait",
    "ajouter": "fait",
    "resume": "digest",
    "synthese": "digest",
    "etat": "statut",
    "situation": "statut",
    "contacts": "annuaire",
    "repertoire": "annuaire",
    "actions": "taches",
    "fiches": "taches",
}
