"""What the outbox's deliverer asks of a chat platform (``Transport``), and what a platform
answers when it does not take a post."""

from __future__ import annotations

from typing import Protocol

from bot.domain.outbox import Fault, OutboxItem


class Unreachable(Exception):
    """The platform cannot take a post in this conversation yet (Teams, before the bot heard
    from it): the conversation's items wait, due again at the next round, and no attempt is
    counted against them."""


class RetryAfter(Exception):
    """The platform limits posts in one conversation: its items wait ``seconds``, while the
    other conversations' go on. ``partial``: the platform took some messages of the post
    before the limit, so that its next try asks which ones (``Transport.already_sent``)."""

    def __init__(self, seconds: float, partial: bool = False) -> None:
        super().__init__(f"rate limited for {seconds:g} s")
        self.seconds = seconds
        self.partial = partial


class Refused(Exception):
    """The platform refused the post with ``code``, a fault of kind ``fault``: a form fault
    is tried again in plain text, a permanent one is rejected."""

    def __init__(self, code: str, fault: Fault) -> None:
        super().__init__(f"refused: {code} ({fault})")
        self.code = code
        self.fault = fault


class Transport(Protocol):
    platform: str

    def accepts(self, item: OutboxItem) -> bool:
        """True for the items this transport delivers (those of its platform); the others
        are left pending for the transport of their platform."""

    async def send(self, item: OutboxItem, text: str, plain: bool = False) -> None:
        """Post ``text``, in as many pages as the platform needs, skipping the pages it
        already shows; raise on failure so that the item is retried (``RetryAfter`` when
        the platform asks to wait, ``Refused`` when it refuses the post for good). With
        ``plain``, the pages are plain text, without blocks, cards or buttons. A transport
        with ``mentions = True`` receives the people as marks (``bot.domain.people.mark``)
        and shows them; the others get ``@Name``."""

    async def already_sent(self, item: OutboxItem) -> bool:
        """Whether the platform already shows every page of ``item``: asked before sending
        again an item whose previous worker's lease ran out, or whose try failed, perhaps
        after the platform accepted some of it. When it shows only some pages, the next
        ``send`` of the item posts the others only. When the platform cannot tell (an
        outage, a limit), raise: the item waits and is looked up again, never sent while
        it may be there."""


class Transports:
    """Several platforms served by one process: each round, each transport claims and
    delivers the items of its own platform."""

    def __init__(self, *transports: Transport) -> None:
        self.transports = transports
