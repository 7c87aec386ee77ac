"""Adaptive Cards for replies and posts. User text goes into RichTextBlock TextRuns, which
Teams shows as typed: no markdown is interpreted, so a fact can neither format nor forge a
link. A message carries one card, and a card stays under Teams' message size: a long text
is cut into pages, each its own message."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.domain.commands import (
    ApproveDraft,
    Command,
    EditDraft,
    ExportDraft,
    OpenEditForm,
    PublishDraft,
    RejectDraft,
)
from bot.domain.editing import MAX_TEXT

Card = dict[str, Any]
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_TYPE = "application/vnd.microsoft.teams.card.file.info"
# Teams refuses a message over about 28 KB; a page leaves room for the envelope and buttons,
# and every message is measured as sent before it goes (``encoded``).
PAGE_BYTES = 20_000
MESSAGE_BYTES = 26_000
# The most characters of a draft the edit card is prefilled with: the card stays one message.
EDIT_LIMIT = 10_000


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


def plain_text(content: Card) -> str:
    """The text a card shows (its TextBlocks and TextRuns), paragraphs apart, without its
    actions: what a post says when its card is refused."""
    paragraphs = []
    for block in content.get("body") or []:
        if block.get("type") == "RichTextBlock":
            paragraphs.append("".join(str(run.get("text", "")) for run in block["inlines"]))
        elif block.get("type") == "TextBlock":
            paragraphs.append(str(block.get("text", "")))
    return "\n\n".join(paragraphs)


def size(content: Any) -> int:
    """Bytes on the wire, as the SDK sends it (JSON, non-ASCII escaped)."""
    return len(json.dumps(content))


def encoded(message: Any) -> int:
    """Bytes of a whole message as the connector client sends it: JSON of its fields by
    alias, unset ones left out, non-ASCII escaped."""
    data = message.model_dump(by_alias=True, exclude_unset=True, mode="json")
    return len(json.dumps(data).encode("utf-8"))


def pages(text: str, limit: int = PAGE_BYTES) -> list[str]:
    """``text`` cut at line ends into pieces whose card stays under ``limit`` bytes."""
    result: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.split("\n"):
        pieces = [line]
        while size(pieces[-1]) > limit // 2:
            head, tail = pieces[-1][: len(pieces[-1]) // 2], pieces[-1][len(pieces[-1]) // 2 :]
            pieces[-1:] = [head, tail]
        for piece in pieces:
            cost = size(piece) + 48
            if current and used + cost > limit:
                result.append("\n".join(current))
                current, used = [], 0
            current.append(piece)
            used += cost
    if current:
        result.append("\n".join(current))
    return [page for page in result if page.strip()] or [text]


def _motif(data: dict[str, Any]) -> str:
    return " ".join(str(data.get("motif") or "").split())


ACTIONS: dict[str, Callable[[int, dict[str, Any]], Command]] = {
    "approve": lambda number, data: ApproveDraft(number),
    "reject": lambda number, data: RejectDraft(number, _motif(data)),
    "publish": lambda number, data: PublishDraft(number),
    "export": lambda number, data: ExportDraft(number, "docx"),
    "edit": lambda number, data: EditDraft(number, str(data.get("texte") or "")),
    "edit_form": lambda number, data: OpenEditForm(number, EDIT_LIMIT),
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


def execute_data(value: Any) -> dict[str, Any]:
    """The data of an ``Action.Execute`` (``adaptiveCard/action``): its verb as ``action``,
    with the card's data and inputs."""
    action = value.get("action") if isinstance(value, dict) else None
    if not isinstance(action, dict):
        return {}
    data = action.get("data")
    return {**(data if isinstance(data, dict) else {}), "action": action.get("verb")}


def draft_actions(number: int, labels: dict[str, str], channel: str | None) -> list[Card]:
    data: Card = {"draft": number, **({"channel": channel} if channel else {})}

    def execute(label: str, verb: str) -> Card:
        return {"type": "Action.Execute", "title": label, "verb": verb, "data": data}

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
        "actions": [execute(labels["reject"], "reject")],
    }
    return [
        execute(labels["approve"], "approve"),
        {"type": "Action.ShowCard", "title": labels["reject"], "card": reject_form},
        execute(labels["edit"], "edit_form"),
        execute(labels["publish"], "publish"),
    ]


def edit_card(number: int, text: str, labels: dict[str, str], channel: str | None) -> Card:
    """The form to edit draft ``number``: its whole text in a multi-line field, sent back
    with ``Action.Execute`` (verb ``edit``, the field as ``texte``)."""
    data: Card = {"draft": number, **({"channel": channel} if channel else {})}
    field = {
        "type": "Input.Text",
        "id": "texte",
        "label": labels["edit_text"],
        "isMultiline": True,
        "isRequired": True,
        "errorMessage": labels["edit_text"],
        "maxLength": MAX_TEXT,
        "value": text,
    }
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": labels["edit_title"], "weight": "Bolder"}, field],
        "actions": [
            {"type": "Action.Execute", "title": labels["submit"], "verb": "edit", "data": data}
        ],
    }


def card(
    text: str,
    draft: int | None = None,
    labels: dict[str, str] | None = None,
    channel: str | None = None,
) -> Card:
    """A reply card; a draft's card carries Approuver / Rejeter / Publier, and the crisis
    ``channel`` when it is shown elsewhere (in a one-to-one chat)."""
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "body": text_blocks(text),
    }
    if draft is not None and labels is not None:
        result["actions"] = draft_actions(draft, labels, channel)
    return result


def notify(content: Card, lead: str, people: list[tuple[str, str]]) -> Card:
    """``content`` with a line that mentions ``people`` (id, name) as Teams does in a card
    (``<at>`` in a TextBlock, ``msteams.entities``): they are notified. Only the names go in
    that line; the text itself stays in TextRuns, literal."""
    if not people:
        return content
    tags = [(f"<at>{html.escape(name, quote=False)}</at>", user, name) for user, name in people]
    line = {"type": "TextBlock", "wrap": True, "text": f"{lead} " + ", ".join(t[0] for t in tags)}
    entities = [
        {"type": "mention", "text": tag, "mentioned": {"id": user, "name": name}}
        for tag, user, name in tags
    ]
    return {**content, "body": [*content["body"], line], "msteams": {"entities": entities}}


def consent(path: Path, key: str, description: str) -> Card:
    """The file consent card Teams shows before a bot puts a file in the user's OneDrive;
    ``key`` names the file for the answer (``fileConsent/invoke``)."""
    context = {"file": key}
    return {
        "description": description,
        "sizeInBytes": path.stat().st_size,
        "acceptContext": context,
        "declineContext": context,
    }
