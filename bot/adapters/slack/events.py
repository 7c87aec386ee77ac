"""Events and shortcuts: the App Home, and saving a message as a question or a fact."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack import blocks
from bot.adapters.slack.context import SlackContext
from bot.adapters.slack.markup import unescape
from bot.commands.reply import Reply
from bot.services.home import home_of

SAVE_QUESTION, SAVE_FACT = "enregistrer_question", "enregistrer_fait"


def register(app: AsyncApp, ctx: SlackContext) -> None:
    application = ctx.application

    def home_text(user: str) -> str:
        deps = application.deps
        data = {
            "homes": home_of(deps, user),
            "now": deps.clock.now(),
            "insurer_days": deps.insurer_days,
        }
        return application.render(Reply("home", data), user).text

    async def on_home(event: dict[str, Any]) -> None:
        user = event["user"]
        text = await ctx.names.humanize(await asyncio.to_thread(home_text, user))
        await ctx.client.views_publish(user_id=user, view=blocks.home(text))

    async def save_question(ack: AsyncAck, shortcut: dict[str, Any]) -> None:
        await ack()
        text = unescape((shortcut.get("message") or {}).get("text") or "")
        await ctx.open_question_modal(shortcut["trigger_id"], shortcut["channel"]["id"], text)

    async def save_fact(ack: AsyncAck, shortcut: dict[str, Any]) -> None:
        await ack()
        message = shortcut.get("message") or {}
        author = message.get("user")
        name = (await ctx.person(author)).name if author else ""
        source = ctx.labels["shortcut_source"].format(name=name)
        await ctx.open_fact_modal(
            shortcut["trigger_id"],
            shortcut["channel"]["id"],
            unescape(message.get("text") or ""),
            source,
        )

    app.event("app_home_opened")(on_home)
    app.shortcut(SAVE_QUESTION)(save_question)
    app.shortcut(SAVE_FACT)(save_fact)
