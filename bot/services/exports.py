"""Exporting a draft as a file."""

from __future__ import annotations

import re
from pathlib import Path

from bot.domain.drafts import DraftState
from bot.domain.errors import UsageError
from bot.domain.model import EventKind
from bot.drafting import export
from bot.services.context import Caller, Deps, log, open_crisis_of
from bot.services.drafts import DraftView, show_draft

EXERCISE_MARK = "[[mention]] EXERCICE"


def folder(deps: Deps, crisis_id: int, channel: str) -> Path:
    """The folder of a crisis's exports: named by the crisis id, which is never reused, so
    that two channels whose names differ only by punctuation never share a file."""
    safe = re.sub(r"[^\w-]", "_", channel)
    return deps.exports_dir / f"{crisis_id}-{safe}"


def export_draft(deps: Deps, caller: Caller, number: int, fmt: str) -> tuple[DraftView, Path]:
    fmt = fmt.lower().lstrip(".") or "docx"
    if fmt not in export.FORMATS:
        raise UsageError("unknown_format", formats=list(export.FORMATS))
    current = show_draft(deps, caller, number)
    draft = current.draft
    path = (
        folder(deps, draft.crisis_id, caller.channel)
        / f"brouillon-{draft.number}-{draft.model}.{fmt}"
    )
    published = draft.state is DraftState.PUBLIE
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        text = f"{EXERCISE_MARK}\n\n{draft.text}" if crisis.exercise else draft.text
        export.write(text, current.spec.title, fmt, path, published)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.BROUILLON_EXPORTE,
            f"brouillon {number}",
            None,
            {"format": fmt, "empreinte": draft.text_hash},
        )
        uow.commit()
    return current, path.resolve()
