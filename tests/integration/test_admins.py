"""Who may open a crisis: with no CRISISBOT_ADMINS, nobody from Slack or Teams (fail closed),
the local console's operator still; ``*`` anyone, explicitly; a list, the people it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Answer, Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.people import Person, Platform

SLACK = (Person(Platform.SLACK, "U0ALICE00", "Alice"), "C0CRISE")
TEAMS = (Person(Platform.TEAMS, "29:alice", "Alice"), "19:crise@thread.tacv2")
CONSOLE = (Person(Platform.CONSOLE, "alice", "alice"), "cellule")


def app_with(tmp_path: Path, clock: FixedClock, **env: str) -> Application:
    settings = Settings(DATABASE_URL=f"sqlite:///{tmp_path}/a.db", _env_file=None, **env)  # type: ignore[call-arg]
    return bootstrap(settings, clock=clock)


def open_as(app: Application, who: tuple[Person, str]) -> Answer:
    person, channel = who
    return app.answer(person, channel, "ouvrir Fuite présumée")


def crises(app: Application) -> int:
    with app.deps.read() as uow:
        return len(uow.repo.crises())


@pytest.mark.parametrize("who", [SLACK, TEAMS], ids=["slack", "teams"])
def test_without_admins_a_chat_platform_cannot_open_a_crisis(
    tmp_path: Path, clock: FixedClock, who: tuple[Person, str]
) -> None:
    app = app_with(tmp_path, clock)
    answer = open_as(app, who)
    assert answer.error and not answer.public
    assert "CRISISBOT_ADMINS" in answer.text and "personne ne peut ouvrir" in answer.text
    assert crises(app) == 0


def test_without_admins_the_console_operator_opens_a_crisis(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = app_with(tmp_path, clock)
    answer = open_as(app, CONSOLE)
    assert not answer.error and answer.text.startswith("Crise ouverte")


@pytest.mark.parametrize("who", [SLACK, TEAMS, CONSOLE], ids=["slack", "teams", "console"])
def test_a_star_lets_anyone_open_a_crisis(
    tmp_path: Path, clock: FixedClock, who: tuple[Person, str]
) -> None:
    app = app_with(tmp_path, clock, CRISISBOT_ADMINS="*")
    assert not open_as(app, who).error
    assert crises(app) == 1


@pytest.mark.parametrize("who", [SLACK, TEAMS, CONSOLE], ids=["slack", "teams", "console"])
def test_a_list_lets_only_the_people_it_names(
    tmp_path: Path, clock: FixedClock, who: tuple[Person, str]
) -> None:
    listed = app_with(tmp_path, clock, CRISISBOT_ADMINS=f"U0BOB0001, {who[0].id}")
    assert not open_as(listed, who).error
    (tmp_path / "autre").mkdir()
    other = app_with(tmp_path / "autre", clock, CRISISBOT_ADMINS="U0BOB0001")
    refused = open_as(other, who)
    assert refused.error and "Seuls les administrateurs" in refused.text
    assert crises(other) == 0


def test_the_admins_setting_reads_a_star_and_a_list() -> None:
    def parsed(value: str) -> frozenset[str]:
        return Settings(_env_file=None, CRISISBOT_ADMINS=value).admins  # type: ignore[call-arg]

    assert parsed("*") == frozenset({"*"})
    assert parsed(" U1 , W2,,") == frozenset({"U1", "W2"})
    assert parsed("") == frozenset() == parsed(" , ")
