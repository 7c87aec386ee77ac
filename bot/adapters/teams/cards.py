"""Adaptive Cards for replies. User text goes into RichTextBlock TextRuns, which Teams shows
as typed: no markdown is interpreted, so a fact can neither format nor forge a link."""

from __future__ import annotations

from typing import Any

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


def draft_actions(number: int, labels: dict[str, str]) -> list[Card]:
    def submit(label: str, command: str) -> Card:
        return {"type": "Action.Submit", "title": label, "data": {"crise": command}}

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
        "actions": [submit(labels["reject"], f"rejeter {number}")],
    }
    return [
        submit(labels["approve"], f"approuver {number}"),
        {"type": "Action.ShowCard", "title": labels["reject"], "card": reject_form},
        submit(labels["publish"], f"publier {number}"),
    ]


def card(text: str, draft: int | None = None, labels: dict[str, str] | None = None) -> Card:
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "body": text_blocks(text),
    }
    if draft is not None and labels is not None:
        result["actions"] = draft_actions(draft, labels)
    return result
