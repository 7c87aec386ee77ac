"""What a chat platform answers the delivery of the outbox when it does not take a post."""

from __future__ import annotations

from bot.domain.outbox import Fault


class Unreachable(Exception):
    """The platform cannot take a post in this conversation yet (Teams, before the bot heard
    from it): the conversation's items wait, due again at the next round, and no attempt is
    counted against them."""


class RetryAfter(Exception):
    """The platform limits posts in one conversation: its items wait ``seconds``, while the
    other conversations' go on."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited for {seconds:g} s")
        self.seconds = seconds


class Refused(Exception):
    """The platform refused the post with ``code``, a fault of kind ``fault``: a form fault
    is tried again in plain text, a permanent one is rejected."""

    def __init__(self, code: str, fault: Fault) -> None:
        super().__init__(f"refused: {code} ({fault})")
        self.code = code
        self.fault = fault
