"""The ledger of rows: a keyed chain of row images, rebuilt and compared column by column."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import ledger
from bot.domain.ledger import ADOPTION, WRITE, Entry, RowFinding

KEY = b"k" * 32
AT = datetime(2026, 1, 12, 8, 0, tzinfo=UTC)


def row(table: str, values: dict[str, object], **primary: object) -> list[object]:
    rid = ledger.row_id(KEY, table, primary)
    return [table, rid, ledger.image(KEY, table, rid, {**primary, **values})]


def chain(*batches: tuple[str, list[list[object]]]) -> list[Entry]:
    entries: list[Entry] = []
    for kind, rows in batches:
        entries.append(ledger.seal(Entry(0, AT, kind, rows), entries[-1] if entries else None, KEY))
    return entries


def stored(
    *rows: list[object], label: str = "id=1"
) -> dict[str, dict[str, tuple[str, dict[str, str]]]]:
    tables: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}
    for table, rid, seen in rows:
        assert isinstance(seen, dict)
        tables.setdefault(str(table), {})[str(rid)] = (label, seen)
    return tables


def test_the_rows_as_written_compare_equal() -> None:
    person = row("people", {"name": "Alice"}, id="U1")
    entries = chain((ADOPTION, []), (WRITE, [person]))
    assert ledger.first_broken(entries, KEY) is None
    assert ledger.compare(ledger.rebuild(entries), stored(person)) == []


def test_a_changed_value_is_named_with_its_column() -> None:
    entries = chain((WRITE, [row("people", {"name": "Alice"}, id="U1")]))
    changed = row("people", {"name": "Mallory"}, id="U1")
    assert ledger.compare(ledger.rebuild(entries), stored(changed)) == [
        RowFinding("people", "name", "id=1")
    ]


def test_values_swapped_between_two_rows_are_named() -> None:
    one, two = row("facts", {"v": "a"}, key="x"), row("facts", {"v": "b"}, key="y")
    entries = chain((WRITE, [one, two]))
    swapped = [row("facts", {"v": "b"}, key="x"), row("facts", {"v": "a"}, key="y")]
    assert len(ledger.compare(ledger.rebuild(entries), stored(*swapped))) == 2


def test_a_deleted_row_and_an_added_row_are_named() -> None:
    kept = row("people", {"name": "Alice"}, id="U1")
    entries = chain((WRITE, [kept, [kept[0], kept[1], None]]))
    assert ledger.rebuild(entries).tables == {"people": {}}
    assert ledger.compare(ledger.rebuild(entries), stored(kept)) == [
        RowFinding("people", None, "id=1", added=True)
    ]
    gone = chain((WRITE, [kept]))
    assert ledger.compare(ledger.rebuild(gone), {}) == [RowFinding("people", None, "")]


def test_an_adoption_starts_the_tables_over() -> None:
    old = row("people", {"name": "Alice"}, id="U1")
    entries = chain((WRITE, [old]), (ADOPTION, []))
    assert ledger.rebuild(entries).tables == {}


def test_an_entry_changed_or_removed_breaks_the_chain() -> None:
    entries = chain((WRITE, []), (WRITE, [row("people", {"name": "A"}, id="U1")]), (WRITE, []))
    entries[1].rows = []
    assert ledger.first_broken(entries, KEY) is entries[1]
    entries = chain((WRITE, []), (WRITE, []), (WRITE, []))
    assert ledger.first_broken([entries[0], entries[2]], KEY) is entries[2]
    assert ledger.first_broken(entries, b"guessed") is entries[0]


def test_a_row_written_again_over_a_change_made_behind_the_bot_is_named() -> None:
    true = row("outbox", {"payload": "Le texte approuvé", "status": "pending"}, id=1)
    forged = row("outbox", {"payload": "Tout va bien", "status": "pending"}, id=1)
    sent = row("outbox", {"payload": "Tout va bien", "status": "sent"}, id=1)
    entries = chain((WRITE, [true]), (WRITE, [[*sent, forged[2]]]))
    assert ledger.compare(ledger.rebuild(entries), stored(sent)) == [
        RowFinding("outbox", "payload", "id=1", entry=2)
    ]
