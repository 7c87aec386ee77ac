"""Which claims a worker takes back at once: those of its own host whose process is gone
from its pid namespace (an earlier boot of its pid, a pid no longer running), or, from another
namespace, whose worker stopped renewing them; never another host's, whose lease rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.outbox import Worker, abandoned, stale

hosts = st.sampled_from(["web-1", "web-2", "crisisbot-7f9c"])
boots = st.one_of(
    st.from_regex(r"\A[0-9a-f]{12}\Z"),
    st.builds(
        "{}.{}.{}".format,
        st.sampled_from(["4026531836", "4026532190"]),
        st.sampled_from(["", "526612", "98765"]),
        st.from_regex(r"\A[0-9a-f]{12}\Z"),
    ),
)
workers = st.builds(Worker, hosts, st.integers(1, 99999), boots)


@given(claimant=workers, me=workers, claimant_runs=st.booleans(), fresh=st.booleans())
def test_a_claim_is_taken_back_only_from_a_process_gone_from_this_host(
    claimant: Worker, me: Worker, claimant_runs: bool, fresh: bool
) -> None:
    asked: list[tuple[int, str | None]] = []

    def running(pid: int, started: str | None) -> bool:
        asked.append((pid, started))
        return claimant_runs

    taken = abandoned(claimant, me, running, fresh)
    if claimant.host != me.host or claimant == me:
        assert not taken
    elif claimant.namespace and claimant.namespace == me.namespace:
        assert asked == [(claimant.pid, claimant.started)]
        assert taken is not claimant_runs, "this namespace: whether its process still runs"
    else:
        assert asked == [], "another pid namespace: its pid says nothing here"
        assert taken is not fresh, "only a claim its worker stopped renewing"


@given(renewed_ago=st.integers(0, 600), lease=st.integers(40, 600))
def test_a_claim_is_stale_once_not_renewed_for_a_quarter_of_its_lease(
    renewed_ago: int, lease: int
) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    renewed = now - timedelta(seconds=renewed_ago)
    assert stale(renewed, now, timedelta(seconds=lease)) is (renewed_ago > lease / 4)


@given(worker=workers)
def test_a_worker_reads_back_as_itself(worker: Worker) -> None:
    assert Worker.parse(str(worker)) == worker


@given(text=st.one_of(st.none(), st.text(max_size=30).filter(lambda t: t.count("/") < 2)))
def test_a_claim_without_a_worker_is_no_worker(text: str | None) -> None:
    assert Worker.parse(text) is None
