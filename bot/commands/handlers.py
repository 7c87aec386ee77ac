"""One small function per subcommand: parse the arguments, call one service, return a reply."""

from __future__ import annotations

from bot.commands.parsing import mention, number, split_option, trailing_mention
from bot.commands.reply import Reply
from bot.domain.errors import UsageError
from bot.domain.model import FactStatus
from bot.domain.roles import parse_role
from bot.services import (
    crisis,
    digest,
    drafts,
    exports,
    facts,
    questions,
    register,
    retention,
)
from bot.services.context import Caller, Deps

LANGUAGES = ("fr", "en")


def ouvrir(deps: Deps, caller: Caller, args: str) -> Reply:
    if not args.strip():
        raise UsageError("usage_ouvrir")
    opened = crisis.open_crisis(deps, caller, args)
    return Reply("ouvrir", {"crisis": opened, "user": caller.user}, public=True)


def statut(deps: Deps, caller: Caller, args: str) -> Reply:
    data = {"status": crisis.status(deps, caller), "now": deps.clock.now()}
    return Reply("statut", {**data, "insurer_days": deps.insurer_days})


def role(deps: Deps, caller: Caller, args: str) -> Reply:
    parts = args.split()
    target = mention(parts[0]) if parts else None
    if len(parts) != 2 or target is None:
        raise UsageError("usage_role")
    change = crisis.assign_role(deps, caller, target, parse_role(parts[1]))
    data = {"member": change.member, "voided": change.voided, "by": caller.user}
    return Reply("role", data, public=True)


def fait(deps: Deps, caller: Caller, args: str) -> Reply:
    head, source = split_option(args, ("source", "src"))
    key, sep, value = head.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise UsageError("usage_fait")
    fact = facts.record_fact(deps, caller, key, value, source)
    return Reply("fait", {"fact": fact, "user": caller.user}, public=True)


def _settle(deps: Deps, caller: Caller, args: str, status: FactStatus, usage: str) -> Reply:
    key, proof = split_option(args, ("preuve", "proof"))
    if not key or len(key.split()) != 1:
        raise UsageError(usage)
    fact = facts.settle_fact(deps, caller, key, status, proof)
    return Reply("verifier", {"fact": fact, "user": caller.user}, public=True)


def verifier(deps: Deps, caller: Caller, args: str) -> Reply:
    return _settle(deps, caller, args, FactStatus.VERIFIE, "usage_verifier")


def refuter(deps: Deps, caller: Caller, args: str) -> Reply:
    return _settle(deps, caller, args, FactStatus.REFUTE, "usage_refuter")


def faits(deps: Deps, caller: Caller, args: str) -> Reply:
    return Reply("faits", {"facts": facts.list_facts(deps, caller)})


def question(deps: Deps, caller: Caller, args: str) -> Reply:
    head, due = split_option(args, ("avant", "before", "due"))
    text, owner = trailing_mention(head)
    if not text:
        raise UsageError("usage_question")
    asked = questions.ask_question(deps, caller, text, owner, due)
    return Reply("question", {"question": asked, "user": caller.user}, public=True)


def repondre(deps: Deps, caller: Caller, args: str) -> Reply:
    parts = args.split(None, 1)
    if len(parts) != 2:
        raise UsageError("usage_repondre")
    answered = questions.answer_question(deps, caller, number(parts[0], "usage_repondre"), parts[1])
    return Reply("repondre", {"question": answered, "user": caller.user}, public=True)


def questions_(deps: Deps, caller: Caller, args: str) -> Reply:
    pending = questions.open_questions(deps, caller)
    return Reply("questions", {"questions": pending, "now": deps.clock.now()})


def journal(deps: Deps, caller: Caller, args: str) -> Reply:
    subject = args.strip()
    events = crisis.events(deps, caller)
    if subject:
        wanted = subject.lstrip("#n°").strip()
        events = [e for e in events if e.subject in (subject, f"#{wanted}")]
    return Reply("journal", {"events": events, "subject": subject})


def langue(deps: Deps, caller: Caller, args: str) -> Reply:
    wanted = args.strip().lower()
    if wanted not in LANGUAGES:
        raise UsageError("usage_langue", languages=list(LANGUAGES))
    crisis.set_language(deps, caller, wanted)
    return Reply("langue", {"language": wanted})


def rediger(deps: Deps, caller: Caller, args: str) -> Reply:
    if len(args.split()) != 1:
        raise UsageError("usage_rediger", models=sorted(deps.models))
    written = drafts.write_draft(deps, caller, args)
    return Reply("rediger", {"view": written, "user": caller.user}, public=True)


def brouillons(deps: Deps, caller: Caller, args: str) -> Reply:
    return Reply("brouillons", {"views": drafts.list_drafts(deps, caller)})


def voir(deps: Deps, caller: Caller, args: str) -> Reply:
    shown = drafts.show_draft(deps, caller, number(args, "usage_voir"))
    return Reply("voir", {"view": shown})


def approuver(deps: Deps, caller: Caller, args: str) -> Reply:
    approved = drafts.approve(deps, caller, number(args, "usage_approuver"))
    return Reply("approuver", {"view": approved, "user": caller.user}, public=True)


def rejeter(deps: Deps, caller: Caller, args: str) -> Reply:
    parts = args.split(None, 1)
    if len(parts) != 2:
        raise UsageError("usage_rejeter")
    rejected = drafts.reject(deps, caller, number(parts[0], "usage_rejeter"), parts[1])
    return Reply("rejeter", {"view": rejected, "user": caller.user}, public=True)


def publier(deps: Deps, caller: Caller, args: str) -> Reply:
    published = drafts.publish(deps, caller, number(args, "usage_publier"))
    return Reply("publier", {"view": published, "user": caller.user}, public=True)


def exporter(deps: Deps, caller: Caller, args: str) -> Reply:
    parts = args.split()
    if not 1 <= len(parts) <= 2:
        raise UsageError("usage_exporter")
    shown, path = exports.export_draft(
        deps, caller, number(parts[0], "usage_exporter"), parts[1] if len(parts) == 2 else "docx"
    )
    return Reply("exporter", {"view": shown, "path": str(path)}, file=path)


def echeances(deps: Deps, caller: Caller, args: str) -> Reply:
    found, overdue = digest.deadlines(deps, caller)
    data = {
        "clocks": found,
        "overdue": overdue,
        "now": deps.clock.now(),
        "insurer_days": deps.insurer_days,
    }
    return Reply("echeances", data)


def digest_(deps: Deps, caller: Caller, args: str) -> Reply:
    return Reply("digest", {"crisis": digest.digest_now(deps, caller)})


def registre(deps: Deps, caller: Caller, args: str) -> Reply:
    return Reply("registre", {"entry": register.register_entry(deps, caller)})


def clore(deps: Deps, caller: Caller, args: str) -> Reply:
    if not args.strip():
        raise UsageError("usage_clore")
    closed = retention.close_crisis(deps, caller, " ".join(args.split()))
    return Reply(
        "clore", {"crisis": closed, "user": caller.user, "motif": args.strip()}, public=True
    )
