"""Which claims a worker takes back at once: those of its own host whose process is gone (an
earlier boot of its pid, a pid no longer alive); never another host's, whose lease rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.outbox import Worker, abandoned

hosts = st.sampled_from(["web-1", "web-2", "crisisbot-7f9c"])
workers = st.builds(Worker, hosts, st.integers(1, 99999), st.from_regex(r"\A[0-9a-f]{12}\Z"))


@given(claimant=workers, me=workers, claimant_alive=st.booleans())
def test_a_claim_is_taken_back_only_from_a_process_gone_from_this_host(
    claimant: Worker, me: Worker, claimant_alive: bool
) -> None:
    taken = abandoned(claimant, me, lambda pid: claimant_alive)
    if claimant.host != me.host or claimant == me:
        assert not taken
    elif claimant.pid == me.pid:
        assert taken, "an earlier boot of this very pid"
    else:
        assert taken is not claimant_alive


@given(worker=workers)
def test_a_worker_reads_back_as_itself(worker: Worker) -> None:
    assert Worker.parse(str(worker)) == worker


@given(text=st.one_of(st.none(), st.text(max_size=30).filter(lambda t: t.count("/") < 2)))
def test_a_claim_without_a_worker_is_no_worker(text: str | None) -> None:
    assert Worker.parse(text) is None
