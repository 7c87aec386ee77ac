"""The corpus of patient data in every disguise: refused in every field, never stored, never
echoed; the corpus of ordinary crisis texts: (almost) never refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from tests.conftest import START
from tests.fakes import FakeRepository, FakeUnitOfWork
from tests.pii_corpus import (
    Variant,
    channel_for,
    commands_for,
    crisis_texts,
    prepare,
    refused,
    shows,
    variants,
)

VARIANTS = variants()
TEXTS = crisis_texts()


@pytest.fixture(scope="module")
def store() -> FakeRepository:
    return FakeRepository()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, store: FakeRepository) -> Iterator[Application]:
    folder: Path = tmp_path_factory.mktemp("corpus")
    settings = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{folder}/t.db", _env_file=None
    )  # type: ignore[call-arg]
    application = bootstrap(settings, clock=FixedClock(START), uow=lambda: FakeUnitOfWork(store))
    prepare(application)
    yield application


def snapshot(store: FakeRepository) -> str:
    return repr(
        (store.crises_by_channel, store.fact_rows, store.question_rows, store.member_rows,
         store.event_rows, store.outbox_rows, store.draft_rows)
    )  # fmt: skip


def test_the_corpora_are_large_enough() -> None:
    assert len(VARIANTS) >= 150
    assert len({v.kind for v in VARIANTS}) == 6
    assert len(TEXTS) >= 150


@pytest.mark.parametrize(
    ("index", "variant"), list(enumerate(VARIANTS)), ids=[v.id for v in VARIANTS]
)
def test_each_variant_is_refused_in_every_field_never_stored_never_echoed(
    app: Application, store: FakeRepository, index: int, variant: Variant
) -> None:
    for command in commands_for(index, variant.text):
        before = snapshot(store)
        answer = app.answer("alice", channel_for(command, index), command)
        assert refused(answer), (command, answer.text)
        assert not shows(variant.secret, answer.text), answer.text
        assert snapshot(store) == before
    assert not shows(variant.secret, snapshot(store))


def test_the_ordinary_crisis_texts_are_refused_less_than_twice_in_a_hundred(
    app: Application,
) -> None:
    assert not app.answer("alice", "C-ordinaire", "ouvrir Revendication").error
    refusals = [
        text
        for n, text in enumerate(TEXTS)
        if refused(app.answer("alice", "C-ordinaire", f"fait constat.n{n} = {text}"))
    ]
    assert len(refusals) < 0.02 * len(TEXTS), refusals
    listing = app.answer("alice", "C-ordinaire", "faits").text
    assert "103 082 lignes" in listing
