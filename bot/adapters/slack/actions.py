"""Buttons on drafts: approve, reject (asks the motif), publish, export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack import blocks
from bot.adapters.slack.context import Origin, SlackContext
from bot.domain.commands import ApproveDraft, Command, ExportDraft, PublishDraft

COMMANDS: dict[str, Callable[[int], Command]] = {
    blocks.APPROVE: ApproveDraft,
    blocks.PUBLISH: PublishDraft,
    blocks.EXPORT: lambda number: ExportDraft(number, "docx"),
}


def channel_of(body: dict[str, Any]) -> str:
    channel = body.get("channel") or {}
    return str(channel.get("id") or (body.get("container") or {}).get("channel_id") or "")


def register(app: AsyncApp, ctx: SlackContext) -> None:
    async def on_draft_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        channel = channel_of(body)
        user = ctx.person(body["user"]["id"], body["user"].get("name"))
        command = COMMANDS[action["action_id"]](int(action["value"]))
        request = f"action:{action['action_id']}:{body.get('trigger_id')}"
        answer = await ctx.run(user, channel, command, request)
        await ctx.tell(channel, user.id, answer, body.get("response_url"))

    async def on_reject(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        origin = Origin(channel_of(body), body["user"]["id"], body.get("response_url"))
        meta = {"channel": origin.channel, "number": action["value"]}
        view = blocks.reject_modal(ctx.labels, meta)
        await ctx.open_view(body["trigger_id"], view, origin, "rejeter")

    async def on_edit(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        channel = channel_of(body)
        user = ctx.person(body["user"]["id"], body["user"].get("name"))
        form = await ctx.edit_form(user, channel, int(action["value"]))
        if form.error:
            await ctx.tell(channel, user.id, form, body.get("response_url"))
            return
        origin = Origin(channel, user.id, body.get("response_url"))
        await ctx.open_edit_modal(body["trigger_id"], origin, form)

    app.action(blocks.EDIT)(on_edit)
    for action_id in COMMANDS:
        app.action(action_id)(on_draft_button)
    app.action(blocks.REJECT)(on_reject)
