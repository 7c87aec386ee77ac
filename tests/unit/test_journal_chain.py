from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.journal import GENESIS, PLAIN, digest, first_broken, seal
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


def test_a_chain_recomputed_without_the_key_breaks_at_its_first_event() -> None:
    events = chain(3)
    for i, event in enumerate(events):
        event.prev_hash = events[i - 1].hash if i else GENESIS
        event.hash = digest(event, b"another key")
    broken = first_broken(events, KEY)
    assert broken is not None and broken.seq == 1


def test_plain_events_hold_up_to_the_legacy_head_and_never_after_a_keyed_one() -> None:
    events = chain(2)
    for i, event in enumerate(events):
        event.scheme = PLAIN
        event.prev_hash = events[i - 1].hash if i else GENESIS
        event.hash = digest(event, b"")
    assert first_broken(events, KEY, plain_upto=2) is None
    broken = first_broken(events, KEY, plain_upto=1)
    assert broken is not None and broken.seq == 2
    keyed_then_plain = chain(1)
    late = Event(1, datetime(2026, 1, 12, 10, 0, tzinfo=PARIS), "mallory", "fait.signale", "k")
    late.seq, late.prev_hash, late.scheme = 2, keyed_then_plain[0].hash, PLAIN
    late.hash = digest(late, b"")
    broken = first_broken([*keyed_then_plain, late], KEY, plain_upto=5)
    assert broken is not None and broken.seq == 2
