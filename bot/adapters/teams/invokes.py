"""Invokes: a card button (``Action.Execute``, answered with the card in its new state for
everyone) and a file consent (the export uploaded to the user's OneDrive)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
from microsoft_agents.activity import Activity, ActivityTypes, Attachment, InvokeResponse
from microsoft_agents.hosting.core import TurnContext

from bot.adapters.teams.activities import is_personal, sender
from bot.adapters.teams.cards import (
    CARD_TYPE,
    CONSENT_TYPE,
    FILE_INFO_TYPE,
    card,
    card_command,
    consent,
    edit_card,
    execute_data,
)
from bot.adapters.teams.conversations import Conversations, card_activity
from bot.bootstrap import Answer
from bot.domain.commands import Command, OpenEditForm, ShowDraft

log = logging.getLogger(__name__)
MESSAGE_TYPE = "application/vnd.microsoft.activity.message"
Run = Callable[
    [TurnContext, Conversations, "str | Command", Callable[[], None]],
    Awaitable[tuple[Answer, str]],
]


async def respond(context: TurnContext, body: Any, status: int = 200) -> None:
    """The synchronous answer to an invoke."""
    response = InvokeResponse(status=status, body=body)
    await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))


def message_body(text: str) -> dict[str, Any]:
    """An answer Teams shows to the person who clicked, without changing the card."""
    return {"statusCode": 200, "type": MESSAGE_TYPE, "value": text}


async def card_action(
    context: TurnContext, talk: Conversations, kick: Callable[[], None], run: Run
) -> None:
    """Run the button's command; answer with the draft's card as it is now (approvals
    shown), which Teams puts in place of the old one, or with the refusal."""
    command = card_command(execute_data(context.activity.value))
    if command is None:
        language = await talk.language(sender(context.activity).id)
        await respond(context, message_body(talk.wording.text(language, "unknown_action")))
        return
    result, channel = await run(context, talk, command, kick)
    if result.error:
        await respond(context, message_body(result.text))
        return
    if result.file is not None:
        await offer_file(context, talk, result)
        await respond(context, message_body(result.text))
        return
    if isinstance(command, OpenEditForm):
        form = edit_card(command.number, result.reply.data["text"], talk.labels, channel)
        if is_personal(context.activity):
            await respond(context, {"statusCode": 200, "type": CARD_TYPE, "value": form})
            return
        # The card in a channel is everyone's: the form goes to the clicker alone.
        sent = await talk.send_private(context, [card_activity(form)])
        language = await talk.language(sender(context.activity).id)
        key = "edit_form_private" if sent else "edit_form_refused"
        await respond(context, message_body(talk.wording.text(language, key)))
        return
    number = getattr(command, "number", 0)
    shown = await talk.application.answer_async(
        sender(context.activity), channel, ShowDraft(number)
    )
    if shown.error:
        await respond(context, message_body(shown.text))
        return
    refreshed = card(shown.text, shown.draft_number, talk.labels, channel)
    await respond(context, {"statusCode": 200, "type": CARD_TYPE, "value": refreshed})


async def offer_file(context: TurnContext, talk: Conversations, result: Answer) -> None:
    """A file consent card in the caller's one-to-one chat: Teams asks before the bot puts
    a file in their OneDrive, then sends ``fileConsent/invoke``."""
    assert result.file is not None
    language = await talk.language(sender(context.activity).id)
    note = talk.wording.text(language, "file_consent", name=result.file.name)
    folder = talk.application.deps.exports_dir.resolve()
    key = result.file.resolve().relative_to(folder).as_posix()
    attachment = Attachment(
        content_type=CONSENT_TYPE,
        name=result.file.name,
        content=consent(result.file, key, f"{result.text} {note}"),
    )
    offer = Activity(type=ActivityTypes.message, attachments=[attachment])
    await talk.send_private(context, [offer])


def exported(exports_dir: Path, key: str) -> Path | None:
    """The export ``key`` names, only inside the exports folder."""
    folder = exports_dir.resolve()
    path = (folder / key).resolve()
    return path if key and path.is_relative_to(folder) and path.is_file() else None


async def upload(url: str, data: bytes) -> None:
    """One PUT of the whole file to the upload session Teams opened in OneDrive."""
    headers = {"Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}"}
    async with (
        aiohttp.ClientSession() as session,
        session.put(url, data=data, headers=headers) as r,
    ):
        r.raise_for_status()


async def file_consent(context: TurnContext, talk: Conversations) -> None:
    value: Any = context.activity.value if isinstance(context.activity.value, dict) else {}
    name = str((value.get("context") or {}).get("file") or "")
    language = await talk.language(sender(context.activity).id)
    path = exported(talk.application.deps.exports_dir, name)
    info = value.get("uploadInfo") or {}
    if value.get("action") != "accept":
        text = talk.wording.text(language, "file_declined", name=Path(name).name)
        await context.send_activity(card_activity(card(text)))
    elif path is None or not info.get("uploadUrl"):
        text = talk.wording.text(language, "file_missing", name=Path(name).name)
        await context.send_activity(card_activity(card(text)))
    else:
        await upload(str(info["uploadUrl"]), path.read_bytes())
        sent = Attachment(
            content_type=FILE_INFO_TYPE,
            name=info.get("name") or path.name,
            content_url=info.get("contentUrl"),
            content={"uniqueId": info.get("uniqueId"), "fileType": info.get("fileType")},
        )
        await context.send_activity(Activity(type=ActivityTypes.message, attachments=[sent]))
    await respond(context, None)
