"""The fiches réflexes and the crisis directory: the files an establishment edits load,
delays read, roles nobody holds are named, the directory's entries replace their defaults,
and the patient-data guard takes an institution's line in the directory, never a mobile."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidValue, SensitiveData
from bot.domain.guard import DEFAULT_PATIENT_ID
from bot.domain.kit import (
    Action,
    Contact,
    TaskState,
    by_urgency,
    directory,
    parse_delay,
    tasks_from,
    unheld_roles,
)
from bot.domain.model import Member
from bot.domain.roles import Role
from bot.privacy import PatientDataGuard
from bot.resources import messages_dir
from bot.services import kit
from bot.services.kit import directory_defaults, fiches
from bot.startup import sentence

NOW = datetime(2026, 1, 12, 8, 0, tzinfo=UTC)
GUARD = PatientDataGuard.from_messages(messages_dir(), DEFAULT_PATIENT_ID)


def test_the_fiches_file_loads_with_a_role_and_a_delay_for_each_action() -> None:
    actions = fiches()
    assert len(actions) >= 8
    assert len({a.code for a in actions}) == len(actions)
    assert {a.role for a in actions} >= {Role.RSSI, Role.DPO, Role.JURIDIQUE, Role.COMMUNICATION}
    assert all(timedelta(0) < a.delay <= timedelta(hours=72) for a in actions)
    complaint = next(a for a in actions if a.code == "plainte")
    assert "72 h" in complaint.text and complaint.delay <= timedelta(hours=72)


def test_the_directory_file_names_a_source_for_every_default() -> None:
    defaults = directory_defaults()
    codes = [d.code for d in defaults]
    assert {"ars", "cert_sante", "cnil", "police", "parquet", "assureur"} <= set(codes)
    assert {"prestataire", "avocat", "ght"} <= set(codes)
    assert len(set(codes)) == len(codes)
    assert all(d.source.strip() for d in defaults)


@given(st.integers(1, 999), st.sampled_from(["h", "min"]), st.sampled_from(["", " "]))
def test_a_delay_reads_in_hours_or_minutes(amount: int, unit: str, space: str) -> None:
    delay = parse_delay(f"{amount}{space}{unit}")
    assert delay == (timedelta(hours=amount) if unit == "h" else timedelta(minutes=amount))


@pytest.mark.parametrize("raw", ["", "demain", "1j", "-1h", "1.5h", "h"])
def test_an_unreadable_delay_is_refused(raw: str) -> None:
    with pytest.raises(InvalidValue):
        parse_delay(raw)


@given(st.sets(st.sampled_from(list(Role)), max_size=len(Role)))
def test_a_role_with_tasks_is_flagged_exactly_when_nobody_holds_it(held: set[Role]) -> None:
    actions = [Action(r.value, r, f"tâche {r.value}", timedelta(hours=1)) for r in Role]
    tasks = tasks_from(actions, 1, NOW)
    members = [Member(1, f"u{n}", role, NOW) for n, role in enumerate(held)]
    assert set(unheld_roles(tasks, members)) == set(Role) - held
    for task in tasks:
        task.state = TaskState.FAITE
    assert unheld_roles(tasks, members) == []


def test_tasks_are_due_after_their_delay_and_listed_soonest_first() -> None:
    actions = [
        Action("b", Role.DPO, "B", timedelta(hours=24)),
        Action("a", Role.RSSI, "A", timedelta(hours=1)),
    ]
    tasks = tasks_from(actions, 1, NOW)
    assert [t.number for t in tasks] == [1, 2]
    assert tasks[1].due_at == NOW + timedelta(hours=1)
    assert [t.code for t in by_urgency(tasks)] == ["a", "b"]
    assert tasks[1].overdue(NOW + timedelta(hours=2)) and not tasks[0].overdue(NOW)


def test_an_entry_set_replaces_its_default_and_the_others_keep_their_source() -> None:
    defaults = list(directory_defaults())
    entries = directory(defaults, [Contact(1, "ars", "03 81 47 82 30", "alice", NOW)])
    ars = next(e for e in entries if e.code == "ars")
    assert (ars.value, ars.set_by) == ("03 81 47 82 30", "alice")
    cnil = next(e for e in entries if e.code == "cnil")
    default = next(d for d in defaults if d.code == "cnil")
    assert (cnil.value, cnil.source, cnil.set_by) == (default.value, default.source, None)
    assert [e.code for e in entries] == [d.code for d in defaults]


fixed = st.tuples(
    st.sampled_from(["01", "02", "03", "04", "05", "09"]),
    st.lists(st.integers(10, 99), min_size=4, max_size=4),
)
# French mobiles: 06, and 07 followed by 3 to 9 (the numbering plan's mobile ranges).
mobile = st.one_of(
    st.tuples(st.just("06"), st.lists(st.integers(10, 99), min_size=4, max_size=4)),
    st.tuples(
        st.just("07"),
        st.tuples(st.integers(30, 99), st.lists(st.integers(10, 99), min_size=3, max_size=3)).map(
            lambda parts: [parts[0], *parts[1]]
        ),
    ),
)
codes = st.sampled_from([d.code for d in directory_defaults()])
separators = st.sampled_from([" ", ".", "-", ""])


def spelled(number: tuple[str, list[int]], separator: str) -> str:
    head, rest = number
    return separator.join([head, *(str(n) for n in rest)])


@given(codes, fixed, separators)
def test_an_institutional_fixed_number_in_the_directory_passes_the_guard(
    code: str, number: tuple[str, list[int]], separator: str
) -> None:
    GUARD.check([("commande", f"annuaire {code} {spelled(number, separator)}")])
    GUARD.check([("annuaire", f"annuaire {code} : {spelled(number, separator)}")])


@given(codes, mobile, separators)
def test_a_mobile_in_the_directory_is_refused(
    code: str, number: tuple[str, list[int]], separator: str
) -> None:
    with pytest.raises(SensitiveData):
        GUARD.check([("commande", f"annuaire {code} {spelled(number, separator)}")])


@pytest.mark.parametrize(
    "line",
    [
        "annuaire avocat 01 42 60 00 00 domicile",
        "annuaire ars jean.dupont@gmail.com",
        "annuaire ght +33 6 12 34 56 78",
    ],
)
def test_a_persons_line_or_address_in_the_directory_is_refused(line: str) -> None:
    with pytest.raises(SensitiveData):
        GUARD.check([("commande", line)])


def test_a_services_address_in_the_directory_passes_the_guard() -> None:
    GUARD.check([("commande", "annuaire ars astreinte@ars.sante.fr")])


@pytest.mark.parametrize(
    "fiches_text",
    [
        "actions:\n  - {code: a, role: chef, delai: 1h, texte: x}\n",
        "actions:\n  - {code: a, role: dpo, delai: demain, texte: x}\n",
        "actions:\n  - {code: a, role: dpo, texte: x}\n",
        "actions: [\n",
    ],
)
def test_an_unreadable_fiches_file_is_named_at_start(
    fiches_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "fiches.yml").write_text(fiches_text, "utf-8")
    shutil.copy(messages_dir() / "fr" / "annuaire.yml", tmp_path / "fr" / "annuaire.yml")
    monkeypatch.setattr(kit, "messages_dir", lambda: tmp_path)
    kit.fiches.cache_clear()
    try:
        assert kit.unreadable_file() == tmp_path / "fr" / "fiches.yml"
    finally:
        kit.fiches.cache_clear()
    said = sentence("kit_file", path=tmp_path / "fr" / "fiches.yml")
    assert said.startswith("crisisbot ne peut pas démarrer") and "fiches.yml" in said


def test_the_shipped_files_load() -> None:
    assert kit.unreadable_file() is None
