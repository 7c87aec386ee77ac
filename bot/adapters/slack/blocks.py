"""Block Kit views: replies, draft buttons, modals, App Home. Labels come from messages/."""

from __future__ import annotations

import json
from typing import Any

from bot.adapters.slack.format import sections
from bot.domain.facts import MAX_KEY, MAX_TEXT

Block = dict[str, Any]

# The ids Slack sends back: button action ids, modal callback ids, input block ids.
APPROVE, REJECT, PUBLISH, EXPORT = "approuver", "rejeter", "publier", "exporter"
EDIT = "modifier"
DRAFT_BUTTONS = (
    (APPROVE, "approve", "primary"),
    (REJECT, "reject", "danger"),
    (EDIT, "edit", None),
    (PUBLISH, "publish", None),
    (EXPORT, "export", None),
)
FACT_MODAL, QUESTION_MODAL, REJECT_MODAL, EDIT_MODAL = "fait", "question", "rejet", "modif"
EDIT_LIMIT = 3000  # Slack's limit for a plain_text_input's value


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150], "emoji": True}


def note(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}


def draft_actions(number: int, labels: dict[str, str]) -> Block:
    buttons = []
    for action, label, style in DRAFT_BUTTONS:
        button: Block = {
            "type": "button",
            "action_id": action,
            "text": plain(labels[label]),
            "value": str(number),
        }
        if style:
            button["style"] = style
        buttons.append(button)
    return {"type": "actions", "block_id": f"brouillon-{number}", "elements": buttons}


def message(
    text: str, draft: int | None = None, labels: dict[str, str] | None = None
) -> list[Block]:
    blocks = sections(text)
    if draft is not None and labels is not None:
        blocks.append(draft_actions(draft, labels))
    return blocks


def _input(block_id: str, label: str, element: Block, optional: bool = False) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }


def _text(
    action_id: str, initial: str = "", multiline: bool = False, limit: int = EDIT_LIMIT
) -> Block:
    """A text input that takes no more than the bot accepts there (``limit``): Slack stops
    a longer entry in the form, and a prefilled text is cut to it."""
    element: Block = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": min(limit, EDIT_LIMIT),
    }
    if initial:
        element["initial_value"] = initial[: min(limit, EDIT_LIMIT)]
    return element


def noted(notice: str, blocks: list[Block]) -> list[Block]:
    """``blocks`` under ``notice`` (why a form is not prefilled), when there is one."""
    return [note(notice), *blocks] if notice else blocks


def modal(
    callback: str, title: str, blocks: list[Block], meta: dict[str, Any], labels: dict[str, str]
) -> Block:
    return {
        "type": "modal",
        "callback_id": callback,
        "title": plain(title[:24]),
        "submit": plain(labels["submit"]),
        "close": plain(labels["cancel"]),
        "private_metadata": json.dumps(meta),
        "blocks": blocks,
    }


def fact_modal(
    keys: list[tuple[str, str]],
    labels: dict[str, str],
    meta: dict[str, Any],
    value: str = "",
    source: str = "",
    notice: str = "",
) -> Block:
    options = [{"text": plain(f"{key} — {label}"[:75]), "value": key} for key, label in keys[:99]]
    blocks = [
        _input(
            "cle",
            labels["fact_key"],
            {"type": "static_select", "action_id": "cle", "options": options},
            True,
        ),
        _input("cle_libre", labels["fact_free_key"], _text("cle_libre", limit=MAX_KEY), True),
        _input(
            "valeur", labels["fact_value"], _text("valeur", value, multiline=True, limit=MAX_TEXT)
        ),
        _input("source", labels["fact_source"], _text("source", source, limit=MAX_TEXT), True),
    ]
    return modal(FACT_MODAL, labels["fact_title"], noted(notice, blocks), meta, labels)


def question_modal(
    labels: dict[str, str], meta: dict[str, Any], text: str = "", notice: str = ""
) -> Block:
    blocks = [
        _input(
            "texte", labels["question_text"], _text("texte", text, multiline=True, limit=MAX_TEXT)
        ),
        _input(
            "responsable",
            labels["question_owner"],
            {"type": "users_select", "action_id": "responsable"},
            True,
        ),
        _input(
            "echeance",
            labels["question_due"],
            {"type": "datetimepicker", "action_id": "echeance"},
            True,
        ),
    ]
    return modal(QUESTION_MODAL, labels["question_title"], noted(notice, blocks), meta, labels)


def reject_modal(labels: dict[str, str], meta: dict[str, Any]) -> Block:
    motif = _text("motif", multiline=True, limit=MAX_TEXT)
    blocks = [_input("motif", labels["reject_motif"], motif)]
    return modal(REJECT_MODAL, labels["reject_title"], blocks, meta, labels)


def edit_modal(labels: dict[str, str], meta: dict[str, Any], text: str) -> Block:
    element = _text("texte", text, multiline=True)
    blocks = [_input("texte", labels["edit_text"], element)]
    return modal(EDIT_MODAL, labels["edit_title"], blocks, meta, labels)


def home(text: str) -> Block:
    return {
        "type": "home",
        "blocks": sections(text) or [{"type": "section", "text": {"type": "mrkdwn", "text": " "}}],
    }
