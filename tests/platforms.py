"""Typing a command as a platform's user, for tests that need a Slack crisis without HTTP."""

from __future__ import annotations

import os
from pathlib import Path

from bot.bootstrap import Answer, Application
from bot.domain.people import Person, Platform

COLLEAGUES = ("alice", "bob", "dir", "com")


def shared_fixtures() -> Path:
    """The platforms' payloads (``../shared/fixtures`` beside the repository), wherever the
    repository was cloned: ``CRISISBOT_PLATFORM_FIXTURES`` names the folder otherwise."""
    named = os.environ.get("CRISISBOT_PLATFORM_FIXTURES")
    candidates = [Path(named)] if named else []
    candidates += [Path(__file__).resolve().parents[2] / "shared" / "fixtures"]
    candidates += [Path("/work/shared/fixtures")]
    for folder in candidates:
        if (folder / "slack").is_dir() and (folder / "teams").is_dir():
            return folder
    raise FileNotFoundError("../shared/fixtures: set CRISISBOT_PLATFORM_FIXTURES")


def slack_say(app: Application, user: str, channel: str, line: str) -> Answer:
    """``line`` typed in Slack by ``user``; ``@name`` mentions stand for Slack users."""
    people = {f"@{n}": Person(Platform.SLACK, n, n) for n in COLLEAGUES}
    mentions = app.mentions(Platform.SLACK, people)
    return app.answer(Person(Platform.SLACK, user, user), channel, line, None, mentions)
