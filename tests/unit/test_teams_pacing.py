"""Messages to one Teams conversation stay within Teams' per-thread limits, and a 429 is
waited out as its ``Retry-After`` says, then the same message is sent again."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import ClientResponseError, RequestInfo
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot.adapters.teams.pacing import WINDOWS, Pacer


class Clock:
    def __init__(self) -> None:
        self.at = 0.0
        self.waits: list[float] = []

    def now(self) -> float:
        return self.at

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.at += seconds


def throttled(retry_after: str | None) -> ClientResponseError:
    headers = CIMultiDict({"Retry-After": retry_after} if retry_after else {})
    info = RequestInfo(URL("http://connector/"), "POST", CIMultiDictProxy(CIMultiDict()))
    return ClientResponseError(info, (), status=429, headers=CIMultiDictProxy(headers))


def test_a_burst_to_one_conversation_is_spread_within_every_window() -> None:
    clock = Clock()
    pacer = Pacer(sleep=clock.sleep, now=clock.now)
    times: list[float] = []

    async def post() -> None:
        times.append(clock.at)

    async def burst() -> None:
        for _ in range(70):
            await pacer.send("a:dm-claire", post)

    asyncio.run(burst())
    for seconds, most in WINDOWS:
        for i, start in enumerate(times):
            assert len([t for t in times[i:] if t - start < seconds]) <= most
    assert times[-1] >= 30.0  # the 61st message waits for the thirty-second window


def test_other_conversations_are_not_held_back() -> None:
    clock = Clock()
    pacer = Pacer(sleep=clock.sleep, now=clock.now)

    async def post() -> None:
        return None

    async def run() -> None:
        for _ in range(7):
            await pacer.send("a:dm-claire", post)
        await pacer.send("a:dm-bob", post)
        assert clock.waits == []
        await pacer.send("a:dm-claire", post)

    asyncio.run(run())
    assert clock.waits == [pytest.approx(1.0)]  # Claire's 8th waited a second; Bob's did not


@pytest.mark.parametrize(("header", "waited"), [("7", [7.0, 7.0]), (None, [1.0, 2.0])])
def test_a_429_waits_retry_after_or_backs_off_then_sends_again(
    header: str | None, waited: list[float]
) -> None:
    clock = Clock()
    pacer = Pacer(sleep=clock.sleep, now=clock.now)
    answers: list[ClientResponseError | None] = [throttled(header), throttled(header), None]

    async def post() -> str:
        answer = answers.pop(0)
        if answer is not None:
            raise answer
        return "sent"

    assert asyncio.run(pacer.send("a:dm-claire", post)) == "sent"
    assert clock.waits == waited


def test_a_429_that_lasts_is_raised_after_a_few_tries() -> None:
    clock = Clock()
    pacer = Pacer(sleep=clock.sleep, now=clock.now)

    async def post() -> None:
        raise throttled("1")

    with pytest.raises(ClientResponseError):
        asyncio.run(pacer.send("a:dm-claire", post))
    assert len(clock.waits) == 4
