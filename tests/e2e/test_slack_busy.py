"""Under load, ``/crise`` is acknowledged at once and answered through the response_url once
run; idle, the answer comes in the ack itself."""

from __future__ import annotations

from bot.bootstrap import SERVICE_THREADS
from tests.e2e.conftest import SlackHarness
from tests.e2e.slack_fake import slash


def test_a_command_arriving_while_the_service_threads_are_busy_is_acked_first(
    slack: SlackHarness,
) -> None:
    assert not slack.app.answer("U0ALICE00", "CCRISE", "ouvrir Fuite présumée").error
    idle = slash(slack.url, "statut", response_url=slack.api.response_url("idle"))
    assert "Fuite présumée" in idle.json()["text"], "idle: answered in the ack"
    slack.app.running += SERVICE_THREADS  # as many commands in flight as service threads
    try:
        busy = slash(slack.url, "statut", response_url=slack.api.response_url("busy"))
        assert busy.status == 200 and busy.body == "", "busy: an empty ack at once"
        [answer] = slack.wait(lambda: [c for c in slack.api.responses if c.method == "busy"])
    finally:
        slack.app.running -= SERVICE_THREADS
    assert "Fuite présumée" in answer.params["text"]
    assert answer.params["response_type"] == "ephemeral"
