"""The ledger of rows: every row of every table, as each transaction left it, in a keyed
chain, so that the whole database can be rebuilt from it and compared.

Each entry lists the rows a transaction wrote, each as an image: for every column, an
HMAC of its value under the journal key (the ledger holds no value in clear, so a purge
leaves nothing readable of a crisis in it). An ``adoption`` entry holds every row of the
database: it is the point where the ledger began, or where a migration changed the
tables, and the chain continues from it; a ``rescellement`` likewise, where an
administrator sealed the database again as it was; a ``temoin`` entry holds no row and
records where the witness's signed lines begin. Rebuilding applies the entries in order; any
row or column whose stored value differs from what the ledger says is named."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from bot.domain.journal import GENESIS

ADOPTION = "adoption"
WRITE = "ecriture"
RESEAL = "rescellement"
SIGNED = "temoin"
SHORT = 32

Image = dict[str, str]
Tables = dict[str, dict[str, Image]]


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def canonical(value: object) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    ).encode()


def _mac(key: bytes, *parts: object) -> str:
    return hmac.new(key, canonical(["lignes", *parts]), hashlib.sha256).hexdigest()[:SHORT]


def row_id(key: bytes, table: str, primary: Mapping[str, object]) -> str:
    """The identity of a row in the ledger: a keyed digest of its table and primary key."""
    return _mac(key, table, {k: _plain(v) for k, v in primary.items()})


def image(key: bytes, table: str, rid: str, row: Mapping[str, object]) -> Image:
    """One keyed digest per column, bound to its row: values cannot move between rows."""
    return {name: _mac(key, table, rid, name, _plain(value)) for name, value in row.items()}


@dataclass
class Entry:
    seq: int
    at: datetime
    kind: str
    rows: list[list[Any]]
    note: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""


def _body(entry: Entry) -> bytes:
    return canonical(
        {
            "seq": entry.seq,
            "at": entry.at.astimezone(UTC).isoformat(),
            "kind": entry.kind,
            "rows": entry.rows,
            "note": entry.note,
            "prev": entry.prev_hash,
        }
    )


def digest(entry: Entry, key: bytes) -> str:
    return hmac.new(key, _body(entry), hashlib.sha256).hexdigest()


def seal(entry: Entry, previous: Entry | None, key: bytes) -> Entry:
    entry.seq = previous.seq + 1 if previous else 1
    entry.prev_hash = previous.hash if previous else GENESIS
    entry.hash = digest(entry, key)
    return entry


def first_broken(entries: Iterable[Entry], key: bytes) -> Entry | None:
    previous, expected = GENESIS, 1
    for entry in entries:
        if entry.seq != expected or entry.prev_hash != previous:
            return entry
        if not hmac.compare_digest(digest(entry, key), entry.hash):
            return entry
        previous, expected = entry.hash, expected + 1
    return None


@dataclass
class Rebuilt:
    """Every table as the ledger says, and each row a transaction found otherwise than
    the ledger said when it wrote it: (table, row id, column or None, entry)."""

    tables: Tables = field(default_factory=dict)
    earlier: list[tuple[str, str, str | None, int]] = field(default_factory=list)


def _found_otherwise(state: Rebuilt, table: str, rid: str, before: Image, seq: int) -> None:
    known = state.tables.get(table, {}).get(rid)
    if known is None:
        state.earlier.append((table, rid, None, seq))
        return
    for column in sorted(set(known) | set(before)):
        if known.get(column) != before.get(column):
            state.earlier.append((table, rid, column, seq))


def rebuild(entries: Iterable[Entry]) -> Rebuilt:
    """Every table as the ledger says: an adoption starts over, a write sets or deletes;
    a row a write found otherwise than the ledger said is kept aside with its entry."""
    state = Rebuilt()
    for entry in entries:
        if entry.kind in (ADOPTION, RESEAL):
            state.tables = {}
            for table, rid, column in entry.note.get("ecarts", []):
                state.earlier.append((str(table), str(rid), column, entry.seq))
        for table, rid, seen, *before in entry.rows:
            if before and before[0] is not None:
                _found_otherwise(state, str(table), str(rid), before[0], entry.seq)
            rows = state.tables.setdefault(str(table), {})
            if seen is None:
                rows.pop(str(rid), None)
            else:
                rows[str(rid)] = dict(seen)
    return state


def gaps(
    rebuilt: Rebuilt, stored: Mapping[str, Mapping[str, tuple[str, Image]]]
) -> list[list[Any]]:
    """What a migration's adoption would take in although the ledger says otherwise, on
    the tables and columns the ledger knew (those the migration added are new): [table,
    row id, column or None]."""
    found: list[list[Any]] = []
    for table, rows in sorted(stored.items()):
        known = rebuilt.tables.get(table)
        if known is None:
            continue
        columns = sorted({column for image in known.values() for column in image})
        for rid in sorted(set(known) | set(rows)):
            if rid not in known or rid not in rows:
                found.append([table, rid, None])
                continue
            seen = rows[rid][1]
            found += [[table, rid, c] for c in columns if known[rid].get(c) != seen.get(c)]
    return found


@dataclass(frozen=True)
class RowFinding:
    """A row whose stored state differs from the ledger: ``column`` is None when the whole
    row is added (``row`` names it) or missing (``row`` is empty: the ledger keeps no key).
    ``entry``: the bot wrote the row again at that entry, over a change made behind its
    back."""

    table: str
    column: str | None
    row: str
    added: bool = False
    entry: int | None = None


def compare(
    expected: Rebuilt, stored: Mapping[str, Mapping[str, tuple[str, Image]]]
) -> list[RowFinding]:
    """Each row and column of ``stored`` (label and image by row id, per table) that the
    ledger does not show as it is, or that the bot wrote over a change made behind it."""
    found = []
    for table, rid, column, seq in expected.earlier:
        label = stored.get(table, {}).get(rid, ("", {}))[0]
        found.append(RowFinding(table, column, label, column is None, seq))
    for table in sorted(set(expected.tables) | set(stored)):
        want, have = expected.tables.get(table, {}), stored.get(table, {})
        for rid in sorted(set(want) | set(have)):
            if rid not in have:
                found.append(RowFinding(table, None, ""))
                continue
            label, seen = have[rid]
            if rid not in want:
                found.append(RowFinding(table, None, label, added=True))
                continue
            for column in sorted(set(want[rid]) | set(seen)):
                if want[rid].get(column) != seen.get(column):
                    found.append(RowFinding(table, column, label))
    return found
