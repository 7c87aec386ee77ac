"""The journal's hash chain: each event carries the SHA-256 of its canonical form,
which includes the hash of the event before it, so that any later edit shows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC

from bot.domain.model import Event

GENESIS = "0" * 64


def canonical(event: Event) -> bytes:
    body = {
        "crisis": event.crisis_id,
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor,
        "kind": event.kind,
        "subject": event.subject,
        "before": event.before,
        "after": event.after,
        "prev": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def seal(event: Event, previous: Event | None) -> Event:
    """Number and hash ``event`` as the successor of ``previous``."""
    event.seq = previous.seq + 1 if previous else 1
    event.prev_hash = previous.hash if previous else GENESIS
    event.hash = hashlib.sha256(canonical(event)).hexdigest()
    return event


def first_broken(events: Iterable[Event]) -> Event | None:
    """The first event whose hash or link does not match, or None when the chain holds."""
    previous_hash, expected_seq = GENESIS, 1
    for event in events:
        if event.seq != expected_seq or event.prev_hash != previous_hash:
            return event
        if hashlib.sha256(canonical(event)).hexdigest() != event.hash:
            return event
        previous_hash, expected_seq = event.hash, expected_seq + 1
    return None
