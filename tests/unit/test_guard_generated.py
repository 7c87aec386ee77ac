"""Generated patient data, in every field that stores text: refused, nothing stored, never
echoed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import Application
from tests.examples import examples
from tests.fakes import FakeRepository
from tests.pii_generator import (
    Secret,
    channel_for,
    commands,
    digits_of,
    prepare,
    shows,
    snapshot,
    split_commands,
    typed,
    user_for,
)

# The text of draft n° 1, once the crisis is prepared for the test's examples.
DRAFTS: list[str] = []


@settings(
    max_examples=examples(800),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=commands())
def test_generated_patient_data_is_refused_in_every_field_never_stored_never_echoed(
    fake_app: Application, fake_store: FakeRepository, drawn: tuple[str, Secret]
) -> None:
    if not fake_store.crises_by_channel:
        DRAFTS[:] = [prepare(fake_app)]
    command, secret = drawn
    command = typed(command, DRAFTS[0])
    before = snapshot(fake_store)
    answer = fake_app.answer(user_for(command), channel_for(command), command)
    assert answer.error and answer.reply.template == "sensitive_data", (command, answer.text)
    assert not shows(secret, answer.text), (command, answer.text)
    assert snapshot(fake_store) == before, command


def test_a_number_spread_across_the_press_fields_is_found_in_the_whole_line(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    prepare(fake_app)
    before = snapshot(fake_store)
    answer = fake_app.answer("com", "C1", "presse Le Progrès 2 54 / 03 / 75 112 987 48 ?")
    assert answer.error and answer.reply.template == "sensitive_data", answer.text
    assert "112" not in answer.text
    assert snapshot(fake_store) == before


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=split_commands())
def test_a_number_cut_across_two_fields_is_refused_whatever_the_order_of_its_halves(
    fake_app: Application, fake_store: FakeRepository, drawn: tuple[str, Secret]
) -> None:
    if not fake_store.crises_by_channel:
        prepare(fake_app)
    command, secret = drawn
    before = snapshot(fake_store)
    answer = fake_app.answer("alice", "C1", command)
    assert answer.error and answer.reply.template == "sensitive_data", (command, answer.text)
    assert secret.digits not in digits_of(answer.text), (command, answer.text)
    assert snapshot(fake_store) == before, command


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(1925, 2015),
    mark=st.sampled_from(["/", "(/)", " / ", "[/]", "/ ", " (/) ", "-/-"]),
    cue=st.sampled_from(["née le", "date de naissance :", "DDN", "naissance"]),
    where=st.sampled_from(
        ["{} / Anne Roy / combien ?", "Le Progrès / {}", "Le Progrès / Anne / {}"]
    ),
)
def test_a_birth_date_cut_by_marks_typed_inside_it_is_refused_in_the_press_fields(
    fake_app: Application,
    fake_store: FakeRepository,
    day: int,
    month: int,
    year: int,
    mark: str,
    cue: str,
    where: str,
) -> None:
    if not fake_store.crises_by_channel:
        prepare(fake_app)
    date = mark.join((f"{day:02d}", f"{month:02d}", str(year)))
    command = "presse " + where.format(f"patiente {cue} {date}")
    before = snapshot(fake_store)
    answer = fake_app.answer("alice", "C1", command)
    assert answer.error and answer.reply.template == "sensitive_data", (command, answer.text)
    assert str(year) not in answer.text, (command, answer.text)
    assert snapshot(fake_store) == before, command
