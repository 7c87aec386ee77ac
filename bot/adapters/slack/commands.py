"""The ``/crise`` slash command."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack.context import ANSWER_WITHIN, CHECK_WITHIN, Origin, SlackContext
from bot.bootstrap import Answer
from bot.commands.dispatch import split_command
from bot.commands.reply import Reply
from bot.domain.people import Person

# Why ouvrir is refused, by the answer of the membership check: Slack said the bot cannot
# post there (False), or never said (None).
REFUSED = {False: "bot_not_in_channel", None: "open_unchecked"}


def direct_message(command: dict[str, Any]) -> bool:
    """A command typed in a direct message or a group one: no channel to invite the bot in."""
    name = str(command.get("channel_name") or "")
    return (
        str(command.get("channel_id") or "").startswith("D")
        or name == "directmessage"
        or name.startswith("mpdm-")
    )


def register(app: AsyncApp, ctx: SlackContext) -> None:
    async def refusal(template: str, user: Person) -> Answer:
        return await asyncio.to_thread(
            ctx.application.render, Reply(template, {}, error=True), user.id
        )

    async def open_later(
        check: asyncio.Future[bool | None], user: Person, command: dict[str, Any]
    ) -> None:
        """Slack answered the membership check after the ack: the crisis is opened only once
        it says the bot can post; the outcome is posted in the channel, a refusal told to
        the caller."""
        channel, text = command["channel_id"], command.get("text") or ""
        allowed = await check
        if allowed:
            answer = await ctx.run(user, channel, text, command.get("trigger_id"))
        else:
            answer = await refusal(REFUSED[allowed], user)
        await ctx.tell(channel, user.id, answer, command.get("response_url"))

    async def crise(ack: AsyncAck, command: dict[str, Any]) -> None:
        started = asyncio.get_running_loop().time()
        text = command.get("text") or ""
        channel = command["channel_id"]
        response_url = command.get("response_url")
        name, args = split_command(text)
        user = ctx.person(command["user_id"], command.get("user_name"))
        origin = Origin(channel, user.id, response_url)
        if name in ("fait", "question") and not args.strip():
            await ack()
            if name == "fait":
                await ctx.open_fact_modal(command["trigger_id"], origin)
            else:
                await ctx.open_question_modal(command["trigger_id"], origin)
            return
        if name == "ouvrir":
            if direct_message(command):
                answer = await refusal("open_in_direct_message", user)
                await ack(response_type="ephemeral", **ctx.messages(answer)[0])
                return
            check = asyncio.ensure_future(ctx.can_post(channel))
            try:
                allowed = await asyncio.wait_for(asyncio.shield(check), CHECK_WITHIN)
            except TimeoutError:
                await ack(response_type="ephemeral", text=ctx.labels["checking_channel"])
                await open_later(check, user, command)
                return
            if not allowed:
                answer = await refusal(REFUSED[allowed], user)
                await ack(response_type="ephemeral", **ctx.messages(answer)[0])
                return
        if name == "modifier" and args.strip().isdigit():
            # The number alone opens the modal with the text; the number followed by the
            # text (on the same line or the next ones) edits directly, as in the console.
            form = await ctx.edit_form(user, channel, int(args))
            if form.error:
                await ack(response_type="ephemeral", **ctx.messages(form)[0])
                return
            await ack()
            await ctx.open_edit_modal(command["trigger_id"], origin, form)
            return
        if response_url and ctx.application.busy:
            # Under load the answer would queue behind other commands: acknowledged at once,
            # answered through the response_url once run.
            await ack()
            answer = await ctx.run(user, channel, text, command.get("trigger_id"))
            await ctx.tell(channel, user.id, answer, response_url)
            return
        task = asyncio.ensure_future(ctx.run(user, channel, text, command.get("trigger_id")))
        left = ANSWER_WITHIN - (asyncio.get_running_loop().time() - started)
        try:
            answer = await asyncio.wait_for(asyncio.shield(task), timeout=max(left, 0.1))
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
