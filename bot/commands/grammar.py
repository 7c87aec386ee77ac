"""The text grammar: ``/crise <subcommand> <arguments>`` → a typed command.

One parser per subcommand, in the one table of ``bot/commands/table.py``. Parsers only
split the text; values are checked and parsed by the services. A word chosen from a closed
list (a modèle, a format, a language, a role, a body, a flag) is read folded: any case,
with or without its accents (``Communiqué``, ``DOCX``, ``CNIL``)."""

from __future__ import annotations

import re

from bot.commands.mentions import Mentions
from bot.commands.parsing import number, split_option, split_options
from bot.domain import commands as c
from bot.domain.errors import UsageError
from bot.domain.model import FactStatus
from bot.domain.obligations import parse_answer, parse_obligation
from bot.domain.roles import parse_role
from bot.domain.values import fold

EXERCISE_FLAGS = ("--exercice", "--exercise")
_CADENCE = re.compile(r"^(?:toutes\s+les|every)?\s*(\d+)\s*(?:h|heures?|hours?)$")


def ouvrir(args: str, mentions: Mentions) -> c.Command:
    title, exercise = args.strip(), False
    first, _, rest = title.partition(" ")
    if fold(first) in EXERCISE_FLAGS:
        title, exercise = rest.strip(), True
    if not title:
        raise UsageError("usage_ouvrir")
    return c.OpenCrisis(title, exercise)


def statut(args: str, mentions: Mentions) -> c.Command:
    return c.ShowStatus()


def role(args: str, mentions: Mentions) -> c.Command:
    if not args.strip():
        raise UsageError("usage_role")
    found = mentions.leading(args)
    if found is None:
        raise UsageError("usage_role")
    target, rest = found
    if len(rest.split()) != 1:
        raise UsageError("usage_role")
    return c.AssignRole(target, parse_role(rest))


def fait(args: str, mentions: Mentions) -> c.Command:
    head, source = split_option(args, ("source", "src"))
    key, sep, value = head.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise UsageError("usage_fait")
    return c.RecordFact(key.strip(), value.strip(), source)


def _settle(args: str, status: FactStatus, usage: str) -> c.Command:
    key, proof = split_option(args, ("preuve", "proof"))
    if not key or len(key.split()) != 1:
        raise UsageError(usage)
    return c.SettleFact(key, status, proof)


def verifier(args: str, mentions: Mentions) -> c.Command:
    return _settle(args, FactStatus.VERIFIE, "usage_verifier")


def refuter(args: str, mentions: Mentions) -> c.Command:
    return _settle(args, FactStatus.REFUTE, "usage_refuter")


def faits(args: str, mentions: Mentions) -> c.Command:
    return c.ListFacts()


def question(args: str, mentions: Mentions) -> c.Command:
    head, due = split_option(args, ("avant", "before", "due"))
    found = mentions.trailing(head)
    text, owner = found if found else (head.strip(), None)
    if not text:
        raise UsageError("usage_question")
    return c.AskQuestion(text, owner, due)


def repondre(args: str, mentions: Mentions) -> c.Command:
    parts = args.split(None, 1)
    if len(parts) != 2:
        raise UsageError("usage_repondre")
    return c.AnswerQuestion(number(parts[0], "usage_repondre"), parts[1])


def questions(args: str, mentions: Mentions) -> c.Command:
    return c.ListQuestions()


def journal(args: str, mentions: Mentions) -> c.Command:
    return c.ShowJournal(args.strip())


LANGUAGE_NAMES = {"francais": "fr", "french": "fr", "anglais": "en", "english": "en"}


def langue(args: str, mentions: Mentions) -> c.Command:
    word = fold(args.strip())
    return c.SetLanguage(LANGUAGE_NAMES.get(word, word))


def rediger(args: str, mentions: Mentions) -> c.Command:
    return c.WriteDraft(fold(args.strip()))


def brouillons(args: str, mentions: Mentions) -> c.Command:
    return c.ListDrafts()


def voir(args: str, mentions: Mentions) -> c.Command:
    return c.ShowDraft(number(args, "usage_voir"))


def approuver(args: str, mentions: Mentions) -> c.Command:
    first, _, rest = args.strip().partition(" ")
    if fold(first) in ("decision", "d"):
        return c.ApproveDecision(number(rest, "usage_approuver_decision"))
    return c.ApproveDraft(number(args, "usage_approuver"))


def gravite(args: str, mentions: Mentions) -> c.Command:
    return c.ShowSeverity()


def rejeter(args: str, mentions: Mentions) -> c.Command:
    parts = args.split(None, 1)
    if len(parts) != 2:
        raise UsageError("usage_rejeter")
    return c.RejectDraft(number(parts[0], "usage_rejeter"), parts[1])


def publier(args: str, mentions: Mentions) -> c.Command:
    return c.PublishDraft(number(args, "usage_publier"))


def exporter(args: str, mentions: Mentions) -> c.Command:
    parts = args.split()
    if not 1 <= len(parts) <= 2:
        raise UsageError("usage_exporter")
    fmt = fold(parts[1]) if len(parts) == 2 else "docx"
    return c.ExportDraft(number(parts[0], "usage_exporter"), fmt)


def echeances(args: str, mentions: Mentions) -> c.Command:
    return c.ShowDeadlines()


def digest(args: str, mentions: Mentions) -> c.Command:
    return c.ShowDigest()


def registre(args: str, mentions: Mentions) -> c.Command:
    return c.ShowRegister()


def clore(args: str, mentions: Mentions) -> c.Command:
    if not args.strip():
        raise UsageError("usage_clore")
    return c.CloseCrisis(" ".join(args.split()))


_HEAD = re.compile(r"^\s*(\S+)\s*(.*)$", re.DOTALL)
_WHEN = re.compile(
    r"(?:\s+le\s+(\d[\d/\-]*)|\s+(?:le\s+)?(hier|avant[- ]hier|aujourd['’ ]?hui))"
    r"((?:\s+(?:a|à)?\s*\d{1,2}[:h]\d{2})?)\s*$",
    re.IGNORECASE,
)
_VERSION = re.compile(r"^(?:v|version\s*)?(\d{1,4})$", re.IGNORECASE)


def _head(args: str, usage: str) -> tuple[int, str]:
    match = _HEAD.match(args)
    if not match:
        raise UsageError(usage)
    return number(match.group(1), usage), match.group(2).strip()


def modifier(args: str, mentions: Mentions) -> c.Command:
    """``modifier 2`` then the text, on the same line or the following ones."""
    found, text = _head(args, "usage_modifier")
    if not text:
        raise UsageError("usage_modifier")
    return c.EditDraft(found, text)


def comparer(args: str, mentions: Mentions) -> c.Command:
    parts = args.split(None, 1)
    if not parts:
        raise UsageError("usage_comparer")
    draft = number(parts[0], "usage_comparer")
    if len(parts) == 1:
        return c.CompareVersions(draft)
    match = _VERSION.match(parts[1].strip())
    if not match:
        raise UsageError("usage_comparer")
    return c.CompareVersions(draft, int(match.group(1)))


def accepter(args: str, mentions: Mentions) -> c.Command:
    """``accepter 2 3 motif: <texte>`` (or the motif right after the finding's number)."""
    head, motif = split_option(args, ("motif", "reason"))
    parts = head.split()
    if len(parts) < 2 or (motif and len(parts) > 2):
        raise UsageError("usage_accepter")
    motif = motif or " ".join(parts[2:])
    if not motif:
        raise UsageError("usage_accepter")
    draft, finding = (number(p, "usage_accepter") for p in parts[:2])
    return c.AcceptFinding(draft, finding, motif)


def confirmer(args: str, mentions: Mentions) -> c.Command:
    """``confirmer 2 motif: <texte>`` (or the motif right after the draft's number)."""
    head, motif = split_option(args, ("motif", "reason"))
    parts = head.split(None, 1)
    if not parts or (motif is not None and len(parts) > 1):
        raise UsageError("usage_confirmer")
    draft = number(parts[0], "usage_confirmer")
    return c.ConfirmWording(draft, motif if motif is not None else "".join(parts[1:]))


def rectifier(args: str, mentions: Mentions) -> c.Command:
    return c.CorrectDraft(number(args, "usage_rectifier"))


def diffuser(args: str, mentions: Mentions) -> c.Command:
    found, rest = _head(args, "usage_diffuser")
    when = _WHEN.search(rest)
    recipient = rest[: when.start()] if when else rest
    if not recipient.strip():
        raise UsageError("usage_diffuser")
    moment = (when.group(1) or when.group(2)) + when.group(3) if when else None
    if moment:
        moment = re.sub(r"\s+(?:a|à)?\s*(\d{1,2})[:h](\d{2})$", r" \1:\2", moment)
    return c.Disseminate(found, recipient.strip(), moment)


def diffusions(args: str, mentions: Mentions) -> c.Command:
    return c.ListDisseminations()


def decision(args: str, mentions: Mentions) -> c.Command:
    """``decision <texte>``, or on an obligation ``decision cnil oui motif: …`` (the motif
    may also follow the answer)."""
    text, options = split_options(args, {"motif": ("motif", "reason"), "faits": ("faits", "facts")})
    if not text:
        raise UsageError("usage_decision")
    keys = tuple(k for k in re.split(r"[,;\s]+", options["faits"] or "") if k)
    words = text.split(None, 2)
    if len(words) >= 2 and parse_obligation(words[0]) and parse_answer(words[1]) is not None:
        motif = options["motif"] or (words[2] if len(words) == 3 else None)
        return c.DecideObligation(words[0], words[1], motif, keys)
    return c.RecordDecision(text, options["motif"], keys)


def decisions(args: str, mentions: Mentions) -> c.Command:
    return c.ListDecisions()


def connaissance(args: str, mentions: Mentions) -> c.Command:
    moment, options = split_options(args, {"motif": ("motif", "reason")})
    if not moment or not options["motif"]:
        raise UsageError("usage_connaissance")
    return c.DecideAwareness(moment, options["motif"])


def depot(args: str, mentions: Mentions) -> c.Command:
    head, options = split_options(
        args,
        {
            "ref": ("ref", "réf", "reference", "référence"),
            "note": ("note", "accuse", "accusé", "recepisse", "récépissé", "receipt"),
        },
    )
    parts = head.split(None, 1)
    if not parts:
        raise UsageError("usage_depot")
    on = parts[1] if len(parts) == 2 else None
    return c.RecordFiling(parts[0], on, options["ref"], options["note"])


ANSWERED = frozenset({"repondue", "repondu", "reponse", "answered", "answer"})


def presse(args: str, mentions: Mentions) -> c.Command:
    if not args.strip():
        return c.ListInquiries()
    first, _, rest = args.strip().partition(" ")
    if fold(first) in ANSWERED:
        words = [w for w in rest.split() if fold(w) not in ("brouillon", "draft", "avec", "with")]
        if len(words) != 2:
            raise UsageError("usage_presse_repondue")
        return c.AnswerInquiry(
            number(words[0], "usage_presse_repondue"), number(words[1], "usage_presse_repondue")
        )
    head, due = split_option(args, ("avant", "before", "due"))
    # the fields are cut at a « / » that is not inside a date or a number (« 04/01/2026 »)
    fields = _FIELD_SLASH.split(head, 2)
    parts = [p.strip() for p in fields] if len(fields) > 1 else head.split(None, 2)
    if len(parts) != 3 or not all(parts):
        raise UsageError("usage_presse")
    return c.LogInquiry(parts[0], parts[1], parts[2], due)


_FIELD_SLASH = re.compile(r"(?<!\d)/|/(?!\d)")


def point(args: str, mentions: Mentions) -> c.Command:
    text = fold(" ".join(args.split()))
    if not text:
        return c.PostPoint()
    match = _CADENCE.match(text)
    if not match:
        raise UsageError("usage_point")
    return c.SetCadence(int(match.group(1)))
