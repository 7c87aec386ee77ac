"""The ``/crise`` slash command."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack.context import ANSWER_WITHIN, SlackContext
from bot.commands.dispatch import split_command
from bot.commands.reply import Reply


def direct_message(command: dict[str, Any]) -> bool:
    """A command typed in a direct message or a group one: no channel to invite the bot in."""
    name = str(command.get("channel_name") or "")
    return (
        str(command.get("channel_id") or "").startswith("D")
        or name == "directmessage"
        or name.startswith("mpdm-")
    )


def register(app: AsyncApp, ctx: SlackContext) -> None:
    async def crise(ack: AsyncAck, command: dict[str, Any]) -> None:
        text = command.get("text") or ""
        channel = command["channel_id"]
        response_url = command.get("response_url")
        name, args = split_command(text)
        if name in ("fait", "question") and not args.strip():
            await ack()
            if name == "fait":
                await ctx.open_fact_modal(command["trigger_id"], channel)
            else:
                await ctx.open_question_modal(command["trigger_id"], channel)
            return
        user = ctx.person(command["user_id"], command.get("user_name"))
        if name == "ouvrir":
            refused = None
            if direct_message(command):
                refused = "open_in_direct_message"
            elif not await ctx.can_post(channel):
                refused = "bot_not_in_channel"
            if refused:
                reply = Reply(refused, {}, error=True)
                refusal = await asyncio.to_thread(ctx.application.render, reply, user.id)
                await ack(response_type="ephemeral", **ctx.messages(refusal)[0])
                return
        if name == "modifier" and args.strip().isdigit():
            # The number alone opens the modal with the text; the number followed by the
            # text (on the same line or the next ones) edits directly, as in the console.
            form = await ctx.edit_form(user, channel, int(args))
            if form.error:
                await ack(response_type="ephemeral", **ctx.messages(form)[0])
                return
            await ack()
            await ctx.open_edit_modal(command["trigger_id"], channel, form)
            return
        task = asyncio.ensure_future(ctx.run(user, channel, text, command.get("trigger_id")))
        try:
            answer = await asyncio.wait_for(asyncio.shield(task), timeout=ANSWER_WITHIN)
        except TimeoutError:
            await ack(response_type="ephemeral", text=ctx.labels["working"])
            await ctx.tell(channel, user.id, await task, response_url)
            return
        if answer.public and not answer.error:
            await ack()
            ctx.kick()
            return
        await ack(response_type="ephemeral", **ctx.messages(answer)[0])
        await ctx.tell(channel, user.id, answer, response_url, skip=1)

    app.command("/crise")(crise)
