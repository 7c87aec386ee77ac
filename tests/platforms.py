"""Typing a command as a platform's user, for tests that need a Slack crisis without HTTP."""

from __future__ import annotations

from bot.bootstrap import Answer, Application
from bot.domain.people import Person, Platform

COLLEAGUES = ("alice", "bob", "dir", "com")


def slack_say(app: Application, user: str, channel: str, line: str) -> Answer:
    """``line`` typed in Slack by ``user``; ``@name`` mentions stand for Slack users."""
    people = {f"@{n}": Person(Platform.SLACK, n, n) for n in COLLEAGUES}
    mentions = app.mentions(Platform.SLACK, people)
    return app.answer(Person(Platform.SLACK, user, user), channel, line, None, mentions)
