"""Modal submissions: a fact, a question, the motif of a rejection."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack.context import SlackContext

ERROR_LIMIT = 300


def values_of(view: dict[str, Any]) -> dict[str, Any]:
    """The submitted value of each block, whatever its element type."""
    result: dict[str, Any] = {}
    for block_id, actions in view["state"]["values"].items():
        for element in actions.values():
            result[block_id] = (
                element.get("value")
                or (element.get("selected_option") or {}).get("value")
                or element.get("selected_user")
                or element.get("selected_date_time")
            )
    return result


def register(app: AsyncApp, ctx: SlackContext) -> None:
    async def submit(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], text: str, block: str
    ) -> None:
        user, channel = body["user"]["id"], json.loads(view["private_metadata"])["channel"]
        answer = await ctx.run(user, channel, text, f"view:{view['id']}:{view.get('hash', '')}")
        if answer.error and answer.reply.template != "duplicate_request":
            await ack(response_action="errors", errors={block: answer.text[:ERROR_LIMIT]})
            return
        await ack()
        await ctx.tell(channel, user, answer)

    async def on_fact(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = values_of(view)
        key = values.get("key") or (values.get("free_key") or "").strip()
        if not key:
            await ack(response_action="errors", errors={"key": ctx.labels["missing_key"]})
            return
        text = f"fait {key} = {values.get('value') or ''}"
        if values.get("source"):
            text += f" source: {values['source']}"
        await submit(ack, body, view, text, "value")

    async def on_question(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = values_of(view)
        text = "question " + " ".join(str(values.get("text") or "").split())
        if values.get("owner"):
            text += f" <@{values['owner']}>"
        if values.get("due"):
            due = datetime.fromtimestamp(int(values["due"]), ctx.application.deps.clock.tz)
            text += f" avant: {due:%Y-%m-%d %H:%M}"
        await submit(ack, body, view, text, "text")

    async def on_reject(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        number = json.loads(view["private_metadata"])["number"]
        motif = " ".join(str(values_of(view).get("motif") or "").split())
        await submit(ack, body, view, f"rejeter {number} {motif}", "motif")

    app.view("fact_modal")(on_fact)
    app.view("question_modal")(on_question)
    app.view("reject_modal")(on_reject)
