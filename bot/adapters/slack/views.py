"""Modal submissions: a fact, a question, the motif of a rejection. Each builds its typed
command from the modal's fields: a value is never turned back into a command line."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.adapters.slack import blocks
from bot.adapters.slack.context import ANSWER_WITHIN, SlackContext
from bot.domain.commands import AskQuestion, Command, EditDraft, RecordFact, RejectDraft

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
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        command: Command,
        block: str,
        private: bool = False,
    ) -> None:
        """Ack within Slack's budget whatever the database does: a refusal in time shows in
        the form; a late outcome, whatever it is, is told to its author (and, with
        ``private``, the whole answer to a shared change too)."""
        channel = json.loads(view["private_metadata"])["channel"]
        user = ctx.person(body["user"]["id"], body["user"].get("name"))
        request = f"view:{view['id']}:{view.get('hash', '')}"
        task = asyncio.ensure_future(ctx.run(user, channel, command, request))
        try:
            answer = await asyncio.wait_for(asyncio.shield(task), timeout=ANSWER_WITHIN)
        except TimeoutError:
            await ack()
            await ctx.tell(channel, user.id, await task, private=True)
            return
        if answer.error and answer.reply.template != "duplicate_request":
            await ack(response_action="errors", errors={block: answer.text[:ERROR_LIMIT]})
            return
        await ack()
        await ctx.tell(channel, user.id, answer, private=private)

    async def on_fact(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = values_of(view)
        key = str(values.get("cle") or values.get("cle_libre") or "").strip()
        if not key:
            await ack(response_action="errors", errors={"cle": ctx.labels["missing_key"]})
            return
        value = str(values.get("valeur") or "")
        command = RecordFact(key, value, str(values["source"]) if values.get("source") else None)
        await submit(ack, body, view, command, "valeur")

    async def on_question(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = values_of(view)
        text = " ".join(str(values.get("texte") or "").split())
        owner = ctx.person(values["responsable"]) if values.get("responsable") else None
        due = None
        if values.get("echeance"):
            moment = datetime.fromtimestamp(int(values["echeance"]), ctx.application.deps.clock.tz)
            due = f"{moment:%Y-%m-%d %H:%M}"
        await submit(ack, body, view, AskQuestion(text, owner, due), "texte")

    async def on_reject(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        number = int(json.loads(view["private_metadata"])["number"])
        motif = str(values_of(view).get("motif") or "")
        await submit(ack, body, view, RejectDraft(number, motif), "motif")

    async def on_edit(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        number = int(json.loads(view["private_metadata"])["number"])
        text = str(values_of(view).get("texte") or "")
        # The author reads the check of their text (each finding) at once, in private.
        await submit(ack, body, view, EditDraft(number, text), "texte", private=True)

    app.view(blocks.EDIT_MODAL)(on_edit)
    app.view(blocks.FACT_MODAL)(on_fact)
    app.view(blocks.QUESTION_MODAL)(on_question)
    app.view(blocks.REJECT_MODAL)(on_reject)
