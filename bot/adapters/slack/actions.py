"""Buttons on drafts: approve, reject (asks the motif), publish, export."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack import blocks
from bot.adapters.slack.context import SlackContext

COMMANDS = {
    "draft_approve": "approuver {n}",
    "draft_publish": "publier {n}",
    "draft_export": "exporter {n} docx",
}


def channel_of(body: dict[str, Any]) -> str:
    channel = body.get("channel") or {}
    return str(channel.get("id") or (body.get("container") or {}).get("channel_id") or "")


def register(app: AsyncApp, ctx: SlackContext) -> None:
    async def on_draft_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        user, channel = body["user"]["id"], channel_of(body)
        text = COMMANDS[action["action_id"]].format(n=action["value"])
        request = f"action:{action['action_id']}:{body.get('trigger_id')}"
        await ctx.tell(channel, user, await ctx.run(user, channel, text, request))

    async def on_reject(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        meta = {"channel": channel_of(body), "number": action["value"]}
        await ctx.client.views_open(
            trigger_id=body["trigger_id"], view=blocks.reject_modal(ctx.labels, meta)
        )

    for action_id in COMMANDS:
        app.action(action_id)(on_draft_button)
    app.action("draft_reject")(on_reject)
