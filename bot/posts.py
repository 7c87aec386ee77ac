"""The posts of the main courante (points de situation and their reminders), and the
« EXERCICE » mark on everything an exercise crisis says."""

from __future__ import annotations

from datetime import datetime

from bot.domain.outbox import OutboxItem
from bot.drafting.environment import render_string
from bot.messages import Messages
from bot.services.context import Deps
from bot.services.kit_reminders import TASK_REMINDER
from bot.services.points import POINT, POINT_REMINDER, build_point

KINDS = frozenset({POINT, POINT_REMINDER, TASK_REMINDER})


def point_text(deps: Deps, messages: Messages, item: OutboxItem) -> str | None:
    """The text of a point de situation, of the reminder to its owner, or of a task's."""
    if item.kind == TASK_REMINDER:
        template = messages.env.get_template("fr/posts/task_reminder.j2")
        due_at = datetime.fromisoformat(str(item.payload["due_at"]))
        return template.render(**(item.payload | {"due_at": due_at}), lang="fr").strip()
    if item.kind == POINT_REMINDER:
        template = messages.env.get_template("fr/posts/point_reminder.j2")
        at = datetime.fromisoformat(str(item.payload["at"]))
        return template.render(number=item.payload["number"], at=at, lang="fr").strip()
    with deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(item.channel)
        if crisis is None:
            return None
        point = build_point(deps, uow.repo, crisis, item.payload)
    template = messages.env.get_template("fr/posts/point.j2")
    return template.render(p=point, insurer_days=deps.insurer_days, lang="fr").strip()


def is_exercise(deps: Deps, channel: str) -> bool:
    with deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(channel)
    return crisis is not None and crisis.exercise


def marked(messages: Messages, text: str, language: str = "fr") -> str:
    """``text`` under the « EXERCICE » banner."""
    banner = render_string(messages.env, "{{ 'exercice'|label('Banner') }}", lang=language)
    return f"{banner}\n{text}"
