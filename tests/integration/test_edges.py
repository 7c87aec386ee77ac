"""The edges: exports stay private and apart, CSV cells never run as formulas."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.services import register, retention
from tests.delivered import deliver_everything

SETUP = ("role @bob dpo", "role @dir direction", "fait etablissement.nom = la Clinique",
         "verifier etablissement.nom", "rediger attente")  # fmt: skip


def exported(app: Application, channel: str) -> Path:
    assert not app.answer("alice", channel, "ouvrir Fuite").error
    for line in SETUP:
        who = "bob" if line.startswith("verifier") else "alice"
        assert not app.answer(who, channel, line).error, line
    answer = app.answer("alice", channel, "exporter 1 txt")
    assert answer.file is not None
    return answer.file


def test_export_files_are_private(sql_app: Application) -> None:
    path = exported(sql_app, "C1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_two_channels_whose_names_differ_by_punctuation_never_share_a_file(
    sql_app: Application,
) -> None:
    assert exported(sql_app, "C.1") != exported(sql_app, "C_1")


def test_purge_removes_the_crisis_exports(sql_app: Application, clock: FixedClock) -> None:
    path = exported(sql_app, "C1")
    assert not sql_app.answer("alice", "C1", "clore fin").error
    clock.advance(days=40)
    deliver_everything(sql_app)
    purged = retention.purge(sql_app.deps, retention.purgeable(sql_app.deps, clock.now()), "admin")
    assert purged.held == {}
    assert not path.exists() and not path.parent.exists()


def test_csv_cells_that_would_start_a_formula_are_quoted(sql_app: Application) -> None:
    assert not sql_app.answer("alice", "C1", 'ouvrir =HYPERLINK("http://x";"clic")').error
    lines = register.as_csv(register.all_entries(sql_app.deps)).splitlines()
    assert all(line.startswith("C1,\"'=HYPERLINK") for line in lines[1:])
    assert register.inert("-2+3") == "'-2+3" and register.inert("Clinique") == "Clinique"
