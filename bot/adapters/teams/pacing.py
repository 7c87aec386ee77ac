"""Sending several messages to one Teams conversation as Teams asks bots to: within its
per-thread limits (7 messages a second, 8 in two seconds, 60 in thirty, 1,800 an hour), and
on a 429 after waiting what ``Retry-After`` says (else a growing pause), the same message
again, a few times, before the error is raised."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from aiohttp import ClientResponseError

T = TypeVar("T")
# (seconds, messages): Teams' documented limits per bot and per thread.
WINDOWS = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
TRIES = 5
FIRST_PAUSE = 1.0
LONGEST_WAIT = 60.0


def retry_after(error: ClientResponseError, attempt: int) -> float:
    """Seconds to wait after a 429: the connector's ``Retry-After``, else 1, 2, 4… s."""
    value = error.headers.get("Retry-After") if error.headers else None
    try:
        wait = float(value) if value is not None else FIRST_PAUSE * 2**attempt
    except ValueError:
        wait = FIRST_PAUSE * 2**attempt
    return min(max(wait, 0.0), LONGEST_WAIT)


@dataclass
class Pacer:
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    now: Callable[[], float] = time.monotonic
    sent: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    locks: dict[str, asyncio.Lock] = field(default_factory=lambda: defaultdict(asyncio.Lock))

    def wait_for(self, conversation: str) -> float:
        """How long before one more message to ``conversation`` stays within the limits."""
        times = self.sent[conversation]
        now = self.now()
        while times and now - times[0] >= WINDOWS[-1][0]:
            times.popleft()
        wait = 0.0
        for seconds, most in WINDOWS:
            recent = [t for t in times if now - t < seconds]
            if len(recent) >= most:
                wait = max(wait, recent[-most] + seconds - now)
        return wait

    async def send(
        self, conversation: str, post: Callable[[], Awaitable[T]], tries: int = TRIES
    ) -> T:
        """``post`` one message to ``conversation``, paced, tried ``tries`` times on 429."""
        async with self.locks[conversation]:
            for attempt in range(tries):
                wait = self.wait_for(conversation)
                if wait > 0:
                    await self.sleep(wait)
                self.sent[conversation].append(self.now())
                try:
                    return await post()
                except ClientResponseError as exc:
                    if exc.status != 429 or attempt == tries - 1:
                        raise
                    await self.sleep(retry_after(exc, attempt))
        raise AssertionError("unreachable")
