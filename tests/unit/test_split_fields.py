"""A value cut across the fields of one command is read joined again, whichever field comes
first, and refused like the whole value."""

from __future__ import annotations

import pytest

from bot.bootstrap import Application
from tests.fakes import FakeRepository
from tests.unit.test_drafting import CHANNEL, cell


@pytest.mark.parametrize(
    "line",
    [
        "presse Le Monde / 06 12 34 / 56 78 a-t-il été touché ?",
        "presse Le Monde / jeanne.dupont@ / gmail.com est-il touché ?",
        "presse Le Monde / NIR 1 54 03 / 75 116 023 69 touché ?",
        "fait x.y = I/P/P 1234567",
    ],
)
def test_a_value_cut_across_fields_is_refused_and_nothing_is_stored(
    fake_app: Application, fake_store: FakeRepository, line: str
) -> None:
    cell(fake_app)
    events = len(fake_store.event_rows)
    answer = fake_app.answer("alice", CHANNEL, line)
    assert answer.error and answer.reply.template == "sensitive_data", answer.text
    assert len(fake_store.event_rows) == events
    assert "56 78" not in answer.text and "gmail" not in answer.text
