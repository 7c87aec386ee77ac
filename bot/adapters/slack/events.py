"""Events and shortcuts: the App Home, the directory's changes, and saving a message as a
question or a fact."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack import blocks
from bot.adapters.slack.context import Origin, SlackContext
from bot.adapters.slack.markup import unwrap
from bot.commands.reply import Reply
from bot.domain.errors import SensitiveData
from bot.domain.facts import MAX_TEXT
from bot.domain.people import Person, Platform
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

    def plain(text: str) -> str:
        """A stored message as its reader saw it: entities unwrapped, people by name."""
        return unwrap(text, lambda user_id, label: ctx.names.cached(user_id) or label or user_id)[0]

    async def on_user(event: dict[str, Any]) -> None:
        """Someone joined or changed their name: replies and listings show it from now on."""
        user = event.get("user") or {}
        if not user.get("id"):
            return
        person = Person(Platform.SLACK, str(user["id"]), ctx.names.update(user))
        if person.id in await asyncio.to_thread(application.names):
            await asyncio.to_thread(application.meet, person)

    async def on_home(event: dict[str, Any]) -> None:
        user = event["user"]
        text = ctx.names.humanize(await asyncio.to_thread(home_text, user))
        await ctx.client.views_publish(user_id=user, view=blocks.home(text))

    def said(message: dict[str, Any]) -> str:
        """What a message says: its text, else the text of its attachments and the titles of
        its files (a message of a screenshot alone has no text)."""
        text = plain(message.get("text") or "").strip()
        if text:
            return text
        parts = [
            str(a.get("text") or a.get("fallback") or a.get("title") or "")
            for a in message.get("attachments") or []
        ]
        parts += [str(f.get("title") or f.get("name") or "") for f in message.get("files") or []]
        return "\n".join(plain(part).strip() for part in parts if part.strip())

    def source_of(message: dict[str, Any]) -> str:
        """Where the saved message comes from: its author's name, a bot's or an app's name,
        or only the channel when Slack gives no author."""
        author = message.get("user")
        name = ctx.person(author).name if author else ""
        name = name or str(
            message.get("username") or (message.get("bot_profile") or {}).get("name") or ""
        )
        if not name:
            return ctx.labels["shortcut_source_unknown"]
        return str(ctx.labels["shortcut_source"].format(name=name))

    def refusal_of(user: str, text: str) -> str:
        """Why ``text`` would be refused as it is (patient data), in the user's words; empty
        when it can be recorded."""
        try:
            application.deps.guard.check([("message", text)])
        except SensitiveData as found:
            reply = Reply("shortcut_sensitive", {"kind": found.params.get("kind")}, error=True)
            return ctx.names.humanize(application.render(reply, user).text)
        return ""

    async def prefilled(shortcut: dict[str, Any]) -> tuple[Origin, str, str] | None:
        """Who saved the message, and what the form shows of it: its text within the
        bot's limit, or nothing and why when that text would be refused; None, the user
        told, when the message has no text."""
        user = shortcut["user"]["id"]
        origin = Origin(shortcut["channel"]["id"], user, shortcut.get("response_url"))
        text = said(shortcut.get("message") or {})[:MAX_TEXT]
        if not text:
            reply = Reply("shortcut_no_text", {}, error=True)
            answer = await asyncio.to_thread(application.render, reply, user)
            await ctx.tell(origin.channel, user, answer, origin.response_url)
            return None
        notice = await asyncio.to_thread(refusal_of, user, text)
        return origin, ("" if notice else text), notice

    async def save_question(ack: AsyncAck, shortcut: dict[str, Any]) -> None:
        await ack()
        found = await prefilled(shortcut)
        if found:
            origin, text, notice = found
            await ctx.open_question_modal(shortcut["trigger_id"], origin, text, notice)

    async def save_fact(ack: AsyncAck, shortcut: dict[str, Any]) -> None:
        await ack()
        found = await prefilled(shortcut)
        if found:
            origin, text, notice = found
            source = source_of(shortcut.get("message") or {})
            await ctx.open_fact_modal(shortcut["trigger_id"], origin, text, source, notice)

    app.event("app_home_opened")(on_home)
    app.event("user_change")(on_user)
    app.event("team_join")(on_user)
    app.shortcut(SAVE_QUESTION)(save_question)
    app.shortcut(SAVE_FACT)(save_fact)
