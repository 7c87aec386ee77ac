"""The one table from subcommand names (French, unaccented, and English aliases) to handlers."""

from __future__ import annotations

from collections.abc import Callable

from bot.commands import handlers as h
from bot.commands.reply import Reply
from bot.services.context import Caller, Deps

Handler = Callable[[Deps, Caller, str], Reply]

COMMANDS: dict[str, Handler] = {
    "ouvrir": h.ouvrir,
    "statut": h.statut,
    "role": h.role,
    "fait": h.fait,
    "verifier": h.verifier,
    "refuter": h.refuter,
    "faits": h.faits,
    "question": h.question,
    "repondre": h.repondre,
    "questions": h.questions_,
    "journal": h.journal,
    "rediger": h.rediger,
    "brouillons": h.brouillons,
    "voir": h.voir,
    "approuver": h.approuver,
    "rejeter": h.rejeter,
    "publier": h.publier,
    "exporter": h.exporter,
    "echeances": h.echeances,
    "digest": h.digest_,
    "registre": h.registre,
    "clore": h.clore,
    "langue": h.langue,
}

HELP_ORDER = ("aide", *COMMANDS)

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
    "register": "registre",
    "deadlines": "echeances",
    "close": "clore",
}

NO_CRISIS_NEEDED = frozenset({"aide", "ouvrir", "langue"})
