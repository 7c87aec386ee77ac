"""The readability check of the texts to patients (``messages/fr/lisibilite.yml``), shown
with the draft before it is approved."""

from __future__ import annotations

from functools import cache

from bot.drafting.readability import Readability, Rules, check
from bot.resources import messages_dir
from bot.services.drafts import DraftView


@cache
def rules() -> Rules:
    return Rules.load(messages_dir() / "fr" / "lisibilite.yml")


def of_draft(view: DraftView) -> Readability | None:
    """The check of a draft whose modèle speaks to patients; None for the others."""
    if view.draft.model not in rules().models:
        return None
    return check(view.draft.text, rules())
