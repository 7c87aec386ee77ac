"""Adaptive Cards for replies. User text goes into RichTextBlock TextRuns, which Teams shows
as typed: no markdown is interpreted, so a fact can neither format nor forge a link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.domain.commands import (
    ApproveDraft,
    Command,
    EditDraft,
    ExportDraft,
    PublishDraft,
    RejectDraft,
)

Card = dict[str, Any]
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def text_blocks(text: str) -> list[Card]:
    """One RichTextBlock per paragraph, one TextRun per line: literal text."""
    blocks: list[Card] = []
    for paragraph in text.split("\n\n"):
        lines = [line for line in paragraph.split("\n") if line.strip()]
        if lines:
            runs = [{"type": "TextRun", "text": line + ("\n" if i < len(lines) - 1 else "")}
                    for i, line in enumerate(lines)]  # fmt: skip
            blocks.append({"type": "RichTextBlock", "inlines": runs})
    return blocks


def _motif(data: dict[str, Any]) -> str:
    return " ".join(str(data.get("motif") or "").split())


ACTIONS: dict[str, Callable[[int, dict[str, Any]], Command]] = {
    "approve": lambda number, data: ApproveDraft(number),
    "reject": lambda number, data: RejectDraft(number, _motif(data)),
    "publish": lambda number, data: PublishDraft(number),
    "export": lambda number, data: ExportDraft(number, "docx"),
    "edit": lambda number, data: EditDraft(number, str(data.get("texte") or "")),
}


def card_command(data: dict[str, Any]) -> Command | None:
    """The typed command a card's ``data`` carries: ``{"action": "approve", "draft": 2}``
    (and ``motif`` for a rejection). None when it carries none."""
    build = ACTIONS.get(str(data.get("action")))
    try:
        number = int(data.get("draft"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if build is None:
        return None
    return build(number, data)


def draft_actions(number: int, labels: dict[str, str], text: str = "") -> list[Card]:
    def submit(label: str, action: str) -> Card:
        return {
            "type": "Action.Submit",
            "title": label,
            "data": {"action": action, "draft": number},
        }

    reject_form = {
        "type": "AdaptiveCard",
        "body": [
            {
                "type": "Input.Text",
                "id": "motif",
                "isMultiline": True,
                "label": labels["reject_motif"],
            }
        ],
        "actions": [submit(labels["reject"], "reject")],
    }
    edit_form = {
        "type": "AdaptiveCard",
        "body": [
            {
                "type": "Input.Text",
                "id": "texte",
                "isMultiline": True,
                "label": labels["edit_text"],
                "value": text,
            }
        ],
        "actions": [submit(labels["edit"], "edit")],
    }
    return [
        submit(labels["approve"], "approve"),
        {"type": "Action.ShowCard", "title": labels["reject"], "card": reject_form},
        {"type": "Action.ShowCard", "title": labels["edit"], "card": edit_form},
        submit(labels["publish"], "publish"),
    ]


def card(
    text: str,
    draft: int | None = None,
    labels: dict[str, str] | None = None,
    draft_text: str = "",
) -> Card:
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "body": text_blocks(text),
    }
    if draft is not None and labels is not None:
        result["actions"] = draft_actions(draft, labels, draft_text)
    return result
