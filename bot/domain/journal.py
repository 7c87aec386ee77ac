"""The journal's hash chain: each event carries a digest of its canonical form, which
includes the digest of the event before it, so that any later edit shows.

Two schemes, recorded per event. ``PLAIN`` events (the journal's first form) carry the
SHA-256 of their canonical form: anyone can recompute it, so they are trusted only up to
the point recorded, under the key, when the ledger of rows began (``bot.domain.ledger``).
``KEYED`` events carry an HMAC-SHA256 under the journal key: a rewrite made without the
key shows."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC

from bot.domain.model import Event

GENESIS = "0" * 64
PLAIN = 1
KEYED = 2
WITNESSED = 16
SHOWN = 12


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
    if event.scheme != PLAIN:
        body["scheme"] = event.scheme
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(event: Event, key: bytes) -> str:
    if event.scheme == PLAIN:
        return hashlib.sha256(canonical(event)).hexdigest()
    return hmac.new(key, canonical(event), hashlib.sha256).hexdigest()


def seal(event: Event, previous: Event | None, key: bytes) -> Event:
    """Number and hash ``event`` as the successor of ``previous``, under ``key``."""
    event.seq = previous.seq + 1 if previous else 1
    event.prev_hash = previous.hash if previous else GENESIS
    event.scheme = KEYED
    event.hash = digest(event, key)
    return event


def first_broken(events: Iterable[Event], key: bytes, plain_upto: int = 0) -> Event | None:
    """The first event whose digest or link does not match, or that uses the plain scheme
    after a keyed event or after ``plain_upto`` (the last plain event witnessed); None when
    the chain holds."""
    previous_hash, expected_seq, keyed = GENESIS, 1, False
    for event in events:
        if event.seq != expected_seq or event.prev_hash != previous_hash:
            return event
        if event.scheme == PLAIN and (keyed or event.seq > plain_upto):
            return event
        keyed = keyed or event.scheme != PLAIN
        if not hmac.compare_digest(digest(event, key), event.hash):
            return event
        previous_hash, expected_seq = event.hash, expected_seq + 1
    return None


def fingerprint(event: Event | None) -> str:
    """The short form of a journal head that posts show, to compare with the witness."""
    if event is None:
        return "0 · " + GENESIS[:SHOWN]
    return f"{event.seq} · {event.hash[:SHOWN]}"
