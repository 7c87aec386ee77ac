from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.journal import GENESIS, first_broken, seal
from bot.domain.model import Event

PARIS = ZoneInfo("Europe/Paris")
KEY = b"k" * 32


def chain(n: int) -> list[Event]:
    events: list[Event] = []
    for i in range(n):
        event = Event(
            1, datetime(2026, 1, 12, 9, i, tzinfo=PARIS), "alice", "fait.signale", f"k{i}"
        )
        events.append(seal(event, events[-1] if events else None, KEY))
    return events


def test_each_event_links_to_the_previous_one() -> None:
    events = chain(3)
    assert events[0].prev_hash == GENESIS
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[2].prev_hash == events[1].hash
    assert first_broken(events, KEY) is None


def test_an_edited_event_breaks_the_chain_where_it_was_edited() -> None:
    events = chain(4)
    events[2].actor = "mallory"
    broken = first_broken(events, KEY)
    assert broken is not None and broken.seq == 3


def test_a_removed_event_breaks_the_chain() -> None:
    events = chain(4)
    del events[1]
    broken = first_broken(events, KEY)
    assert broken is not None and broken.seq == 3
