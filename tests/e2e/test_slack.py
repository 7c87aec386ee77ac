"""The Slack app through real Bolt code over HTTP, talking to a fake Web API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.app import outbox_client, web_client
from bot.adapters.slack.format import Names, pages
from bot.adapters.slack.markup import unwrap
from bot.adapters.slack.transport import SlackTransport
from bot.bootstrap import bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.outbox import LEASE, OutboxItem, OutboxStatus
from tests.e2e.conftest import SlackHarness
from tests.e2e.slack_fake import (
    SECRET,
    FakeSlackApi,
    LoopThread,
    event,
    interactive,
    post,
    serve,
    sign,
    slash,
)
from tests.examples import examples
from tests.platforms import slack_say
from tests.waiting import exactly, settles, stays


def opened(slack: SlackHarness) -> None:
    assert slash(slack.url, "ouvrir Fuite présumée").status == 200
    assert slash(slack.url, "role <@U0BOB0000|bob> dpo").status == 200
    assert slash(slack.url, "role <@U0DIR0000|dir> direction").status == 200
    assert slash(slack.url, "role <@U0COM0000|com> communication").status == 200


def facts(slack: SlackHarness) -> None:
    for text in ("etablissement.nom = la Clinique des Mésanges", "etablissement.ville = Lure",
                 "incident.connu_le = 12/01/2026 09:15"):  # fmt: skip
        slash(slack.url, f"fait {text}")
        slash(slack.url, f"verifier {text.split()[0]}", user="U0BOB0000")


def block_action(user: str, action_id: str, value: str, trigger: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "channel": {"id": "CCRISE"},
        "trigger_id": trigger,
        "container": {"type": "message", "channel_id": "CCRISE"},
        "actions": [{"action_id": action_id, "block_id": f"draft_{value}", "value": value,
                     "type": "button", "action_ts": str(time.time())}],
    }  # fmt: skip


def submission(
    user: str, callback: str, values: dict[str, Any], meta: str, view_id: str
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "user": {"id": user},
        "team": {"id": "T1"},
        "trigger_id": "trig-view",
        "view": {"id": view_id, "type": "modal", "hash": "h1", "callback_id": callback, "private_metadata": meta,
                 "state": {"values": values}},
    }  # fmt: skip


def test_url_verification_is_answered(slack: SlackHarness) -> None:
    response = event(slack.url, {"type": "url_verification", "challenge": "abc123", "token": "t"})
    assert response.status == 200 and response.json() == {"challenge": "abc123"}


def test_a_forged_signature_or_an_old_timestamp_gets_401(slack: SlackHarness) -> None:
    body = "command=%2Fcrise&text=aide&user_id=U1&channel_id=C1&team_id=T1"
    forged = post(slack.url, body, "application/x-www-form-urlencoded", sign(body, secret="wrong"))
    assert forged.status == 401
    old = post(
        slack.url, body, "application/x-www-form-urlencoded", sign(body, int(time.time()) - 360)
    )
    assert old.status == 401
    assert slack.api.named("chat.postMessage") == []


def test_help_answers_ephemerally_in_french(slack: SlackHarness) -> None:
    response = slash(slack.url, "aide")
    assert response.status == 200
    assert response.json()["response_type"] == "ephemeral"
    assert "`ouvrir &lt;titre&gt;`" in response.json()["text"]


def test_health_endpoint(slack: SlackHarness) -> None:
    import urllib.request

    with urllib.request.urlopen(slack.url.replace("/slack/events", "/healthz")) as response:
        assert response.status == 200


def test_shared_changes_are_posted_in_the_channel_mentioning_people(slack: SlackHarness) -> None:
    opened(slack)
    [role] = slack.wait(lambda: slack.posts("<@U0BOB0000>"))
    assert role.params["text"].startswith("<@U0ALICE00> a attribué le rôle")
    slash(slack.url, "fait fuite.averee = non source: RSSI")
    response = slash(slack.url, "verifier fuite.averee preuve: journaux", user="U0BOB0000")
    assert response.status == 200 and response.body == ""
    [verified] = slack.wait(lambda: slack.posts("Fait vérifié"))
    assert verified.params["channel"] == "CCRISE"
    assert (
        "par <@U0BOB0000>" in verified.params["text"]
        and "`fuite.averee` = non" in verified.params["text"]
    )
    assert slack.api.named("users.info") == []


def test_refusals_are_ephemeral_and_in_french(slack: SlackHarness) -> None:
    opened(slack)
    slash(slack.url, "fait fuite.averee = non")
    refused = slash(slack.url, "verifier fuite.averee", user="U0CAROL00").json()
    assert refused["response_type"] == "ephemeral" and "Refusé" in refused["text"]


def test_user_text_cannot_ping_the_channel_or_forge_a_link(slack: SlackHarness) -> None:
    opened(slack)
    slash(slack.url, "fait forum.note = <!channel> & <http://evil.example|cliquez ici>")
    [notice] = slack.wait(lambda: slack.posts("forum.note"))
    text = notice.params["text"]
    assert "<!channel>" not in text and "<http" not in text
    assert "@channel &amp; cliquez ici (http://evil.example)" in text


def test_the_same_request_twice_takes_effect_once(slack: SlackHarness) -> None:
    opened(slack)
    slash(slack.url, "question Sauvegardes intactes ?", trigger="trig-same")
    again = slash(slack.url, "question Sauvegardes intactes ?", trigger="trig-same")
    assert "déjà été prise en compte" in again.json()["text"]
    with slack.app.deps.uow() as uow:
        crisis = uow.repo.crisis_for_channel("CCRISE")
        assert crisis is not None and crisis.id is not None
        assert len(uow.repo.questions(crisis.id)) == 1


def test_fact_and_question_modals(slack: SlackHarness) -> None:
    opened(slack)
    assert slash(slack.url, "fait").status == 200
    [opened_view] = slack.wait(lambda: slack.api.named("views.open"))
    view = opened_view.params["view"]
    assert view["callback_id"] == "fait"
    options = [o["value"] for o in view["blocks"][0]["element"]["options"]]
    assert "fuite.averee" in options and "dpo.contact" in options
    values = {"cle": {"cle": {"type": "static_select", "selected_option": {"value": "exfiltration.trace"}}},
              "cle_libre": {"cle_libre": {"type": "plain_text_input", "value": None}},
              "valeur": {"valeur": {"type": "plain_text_input", "value": "non"}},
              "source": {"source": {"type": "plain_text_input", "value": "analyse des journaux"}}}  # fmt: skip
    meta = view["private_metadata"]
    response = interactive(slack.url, submission("U0ALICE00", "fait", values, meta, "V1"))
    assert response.status == 200
    slack.wait(lambda: slack.posts("`exfiltration.trace` = non"))

    bad = dict(values, valeur={"valeur": {"type": "plain_text_input", "value": "peut-être"}})
    refused = interactive(slack.url, submission("U0ALICE00", "fait", bad, meta, "V2")).json()
    assert refused["response_action"] == "errors" and "oui" in refused["errors"]["valeur"]

    slash(slack.url, "question")
    question_view = slack.wait(lambda: slack.api.named("views.open"), 2)[1].params["view"]
    assert question_view["callback_id"] == "question"
    due = 1768316400  # 13 janvier 2026, 16 h à Paris
    values = {"texte": {"texte": {"type": "plain_text_input", "value": "Qui prévient l'ARS ? @presse"}},
              "responsable": {"responsable": {"type": "users_select", "selected_user": "U0BOB0000"}},
              "echeance": {"echeance": {"type": "datetimepicker", "selected_date_time": due}}}  # fmt: skip
    interactive(
        slack.url,
        submission("U0ALICE00", "question", values, question_view["private_metadata"], "V3"),
    )
    with slack.app.deps.uow() as uow:
        crisis = uow.repo.crisis_for_channel("CCRISE")
        assert crisis is not None and crisis.id is not None
        [question] = uow.repo.questions(crisis.id)
    assert question.owner == "U0BOB0000" and question.due_at is not None
    assert question.text == "Qui prévient l'ARS ? @presse"
    assert question.due_at.timestamp() == due


def test_draft_buttons_approve_once_reject_publish_and_export(slack: SlackHarness) -> None:
    opened(slack)
    facts(slack)
    slash(slack.url, "rediger communique", user="U0COM0000")
    [notice] = slack.wait(lambda: slack.posts("attend ses approbations"))
    actions = notice.params["blocks"][-1]
    assert [e["action_id"] for e in actions["elements"]] == [
        "approuver", "rejeter", "modifier", "publier", "exporter"]  # fmt: skip

    interactive(slack.url, block_action("U0BOB0000", "approuver", "1", "t1"))
    interactive(slack.url, block_action("U0BOB0000", "approuver", "1", "t2"))
    slack.wait(lambda: slack.posts("a approuvé le brouillon 1"))
    [twice] = slack.wait(lambda: slack.api.named("chat.postEphemeral"))
    assert "déjà l'approbation" in twice.params["text"]
    interactive(slack.url, block_action("U0DIR0000", "approuver", "1", "t3"))
    interactive(slack.url, block_action("U0COM0000", "publier", "1", "t4"))
    interactive(slack.url, block_action("U0COM0000", "publier", "1", "t5"))
    slack.wait(lambda: slack.api.named("chat.postEphemeral"), 2)
    [published] = exactly(lambda: slack.posts("Texte publié"), nudge=slack.kick)
    assert "Communiqué de presse" in published.params["text"]

    interactive(slack.url, block_action("U0COM0000", "exporter", "1", "t6"))
    slack.wait(lambda: slack.api.named("files.completeUploadExternal"))
    assert slack.api.uploads and slack.api.uploads[0][:2] == b"PK"

    slash(slack.url, "rediger attente", user="U0COM0000")
    slack.wait(lambda: slack.posts("brouillon 2"))
    interactive(slack.url, block_action("U0DIR0000", "rejeter", "2", "t7"))
    reject_view = slack.wait(lambda: slack.api.named("views.open"))[0].params["view"]
    values = {"motif": {"motif": {"type": "plain_text_input", "value": "ton trop affirmatif"}}}
    interactive(
        slack.url,
        submission("U0DIR0000", "rejet", values, reject_view["private_metadata"], "V9"),
    )
    slack.wait(lambda: slack.posts("ton trop affirmatif"))


def test_app_home_shows_drafts_awaiting_the_user_and_their_questions(slack: SlackHarness) -> None:
    opened(slack)
    facts(slack)
    slash(slack.url, "rediger communique", user="U0COM0000")
    slash(slack.url, "question Sauvegardes ? <@U0BOB0000>")
    home = {"type": "event_callback", "team_id": "T1", "event_id": "Ev1", "event_time": 1,
            "event": {"type": "app_home_opened", "user": "U0BOB0000", "channel": "D1", "tab": "home"}}  # fmt: skip
    assert event(slack.url, home).status == 200
    [published] = slack.wait(lambda: slack.api.named("views.publish"))
    text = " ".join(b["text"]["text"] for b in published.params["view"]["blocks"])
    assert "Brouillons qui attendent votre approbation" in text and "n° 1" in text
    assert "Sauvegardes ?" in text


def test_message_shortcuts_open_prefilled_modals(slack: SlackHarness) -> None:
    opened(slack)
    shortcut = {"type": "message_action", "callback_id": "enregistrer_question", "trigger_id": "trig-s",
                "user": {"id": "U0ALICE00"}, "team": {"id": "T1"}, "channel": {"id": "CCRISE"},
                "message": {"text": "Le forum parle de 48 200 lignes", "user": "U0JOURN000", "ts": "1"}}  # fmt: skip
    interactive(slack.url, shortcut)
    [opened_view] = slack.wait(lambda: slack.api.named("views.open"))
    view = opened_view.params["view"]
    assert view["callback_id"] == "question"
    assert view["blocks"][0]["element"]["initial_value"] == "Le forum parle de 48 200 lignes"
    interactive(slack.url, dict(shortcut, callback_id="enregistrer_fait", trigger_id="trig-f"))
    fact_view = slack.wait(lambda: slack.api.named("views.open"), 2)[1].params["view"]
    assert fact_view["callback_id"] == "fait"


def test_rate_limits_and_server_errors_are_retried_and_posted_once(slack: SlackHarness) -> None:
    """The outbox's client retries nothing itself (a 5xx may come after Slack took the post):
    the deliverer waits what a 429 asks, retries a 5xx with backoff, and posts once."""
    slack.api.failures["chat.postMessage"] = [429, 500, 503]
    opened(slack)
    deadline = time.monotonic() + 15
    while not slack.posts("Crise ouverte") and time.monotonic() < deadline:
        slack.app.deps.clock.advance(seconds=30)  # type: ignore[attr-defined]
        slack.kick()
        time.sleep(0.1)
    exactly(lambda: slack.posts("Crise ouverte"), nudge=slack.kick)
    assert slack.api.failures["chat.postMessage"] == []


CRISIS_WORDS = (
    "payload", "Payload", "payload=", "ransomware", "exfiltration", "rançon", "fuite", "dump",
    "token", "command", "text", "type", "&", "=", "%", "+", "{", "}", "<@U0BOB0000>", "`",
    "source:", "preuve:", "avant:", "C2", "IOC", "hash", "chiffrement", "données", "patients",
)  # fmt: skip
TEXTS = st.one_of(
    st.text(min_size=1, max_size=120),
    st.lists(st.sampled_from(CRISIS_WORDS), min_size=1, max_size=12).map(" ".join),
).filter(lambda t: t.strip() == t and t and "\x00" not in t)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=TEXTS)
def test_any_text_reaches_the_handler_intact_over_http(slack: SlackHarness, text: str) -> None:
    received: list[str] = []
    original = slack.app.answer

    def spy(
        user: Any, channel: str, command: Any, request: Any = None, mentions: Any = None
    ) -> Any:
        received.append(command)
        return original(user, channel, command, request, mentions)

    slack.ctx.application.answer = spy  # type: ignore[method-assign]
    try:
        response = slash(slack.url, text)
    finally:
        slack.ctx.application.answer = original  # type: ignore[method-assign]
    assert response.status == 200
    if received:
        names = slack.ctx.names
        expected = unwrap(text, lambda user_id, label: names.cached(user_id) or label or user_id)
        assert received == [expected[0]]


def test_the_digest_survives_a_slack_outage_and_arrives_exactly_once(slack: SlackHarness) -> None:
    from bot.domain.outbox import OutboxStatus
    from bot.services.digest import daily_digests

    opened(slack)
    slack.wait(lambda: slack.posts("communication"))
    slack.api.failures["chat.postMessage"] = [500] * 3
    assert daily_digests(slack.app.deps) == 1

    def state() -> tuple[list[tuple[OutboxStatus, int]], int]:
        """The digest in the outbox (its status and attempts), and how many were posted."""
        with slack.app.deps.read() as uow:
            queued = uow.repo.outbox(tuple(OutboxStatus))
        digest = [(item.status, item.attempts) for item in queued if item.kind == "digest"]
        return digest, len(slack.posts("Point de situation"))

    for tries in (1, 2, 3):
        slack.kick()
        deadline = time.monotonic() + 15
        while len(slack.api.failures["chat.postMessage"]) > 3 - tries:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        settles(state, ([(OutboxStatus.PENDING, tries)], 0), nudge=slack.kick)
        slack.app.deps.clock.advance(minutes=1)  # type: ignore[attr-defined]
    slack.kick()
    exactly(lambda: slack.posts("Point de situation"), nudge=slack.kick)
    assert daily_digests(slack.app.deps) == 0


def test_reminders_reach_the_owner_in_a_direct_message(slack: SlackHarness) -> None:
    from bot.services.digest import due_reminders

    opened(slack)
    slash(slack.url, "question Sauvegardes ? <@U0BOB0000> avant: dans 30 min")
    assert due_reminders(slack.app.deps) == 1
    slack.kick()
    [dm] = slack.wait(
        lambda: [c for c in slack.posts("Rappel") if c.params["channel"] == "U0BOB0000"]
    )
    assert "Sauvegardes ?" in dm.params["text"]


def test_socket_mode_answers_a_slash_command_through_a_local_websocket(
    tmp_path: Path, clock: FixedClock
) -> None:
    from bot.adapters.slack.server import start_socket
    from bot.bootstrap import bootstrap
    from bot.config import Settings
    from tests.e2e.slack_fake import SECRET, FakeSlackApi, LoopThread, serve

    loop, api = LoopThread(), FakeSlackApi()
    try:
        _, port = loop.run(serve(api.app()))
        api.base = f"http://127.0.0.1:{port}/"
        api.envelopes.append({
            "envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
            "payload": {"command": "/crise", "text": "aide fait", "user_id": "U0ALICE00",
                        "channel_id": "CCRISE", "team_id": "T1", "trigger_id": "trig-ws"},
        })  # fmt: skip
        settings = Settings(CRISISBOT_ADMINS="*",   # type: ignore[call-arg]
            _env_file=None, DATABASE_URL=f"sqlite:///{tmp_path}/ws.db", SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET=SECRET, SLACK_APP_TOKEN="xapp-test", SLACK_API_URL=api.base + "api/",
        )  # fmt: skip
        handler, _ = loop.run(start_socket(bootstrap(settings, clock=clock)))
        deadline = time.monotonic() + 15
        while not api.acks and time.monotonic() < deadline:
            time.sleep(0.05)
        [ack] = api.acks
        assert ack["envelope_id"] == "env-1"
        assert "`/crise fait &lt;clé&gt; = &lt;valeur&gt;" in ack["payload"]["text"]
        assert [c.method for c in api.calls][:1] == ["apps.connections.open"]
        loop.run(handler.close_async())
    finally:
        loop.stop()


def test_a_post_accepted_by_slack_but_not_recorded_is_not_sent_again(
    tmp_path: Path, clock: FixedClock
) -> None:
    """A worker killed between Slack's acceptance and the record: the next worker, once the
    lease has run out, finds the post in the channel by its outbox key and does not repeat it."""
    loop = LoopThread()
    api = FakeSlackApi()
    _, api_port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{api_port}/"
    try:
        config = Settings(
            CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{tmp_path}/k.db", _env_file=None
        )  # type: ignore[call-arg]
        app = bootstrap(config, clock=clock)
        client = web_client("xoxb-test", api.base + "api/")
        transport = SlackTransport(client, Names(client), app.messages.buttons)
        assert not slack_say(app, "alice", "C1", "ouvrir Fuite présumée").error
        first, second = app.deliverer.claim("slack")
        text = app.deliverer.text_of(first)
        assert text is not None
        loop.run(transport.send(first, text))
        clock.advance(seconds=LEASE.total_seconds() + 1)
        while loop.run(app.deliverer.deliver_due(transport)):
            pass
        posts = api.named("chat.postMessage")
        keys = [c.params["metadata"]["event_payload"]["key"] for c in posts]
        assert keys == [first.key, second.key]
        with app.deps.read() as uow:
            assert uow.repo.outbox((OutboxStatus.PENDING, OutboxStatus.SENDING)) == []
    finally:
        loop.stop()


def signed_bytes(url: str, body: bytes, timestamp: str) -> int:
    digest = hmac.new(SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("X-Slack-Request-Timestamp", timestamp)
    request.add_header("X-Slack-Signature", f"v0={digest.hexdigest()}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_malformed_requests_are_refused_and_cause_no_outbound_call(slack: SlackHarness) -> None:
    form = b"command=%2Fcrise&text=statut&user_id=U0ALICE00&channel_id=CCRISE&team_id=T1"
    slack.wait(lambda: slack.api.named("users.list"))
    at_start = len(slack.api.calls)
    assert signed_bytes(slack.url, form, "abc") == 401
    assert signed_bytes(slack.url, form, "1e9") == 401
    latin1 = form.replace(b"statut", b"\xe9t\xe9")
    assert signed_bytes(slack.url, latin1, str(int(time.time()))) == 400
    assert slack.api.calls[at_start:] == []


def test_a_long_post_cut_short_is_finished_not_begun_again(tmp_path: Path) -> None:
    """A post of several messages whose worker stopped after Slack took the first ones: the
    next try finds them in the channel by key and page, and posts only the rest."""
    loop = LoopThread()
    api = FakeSlackApi()
    _, api_port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{api_port}/"
    try:
        client = outbox_client("xoxb-test", api.base + "api/")
        transport = SlackTransport(client, Names(client), {})
        now = datetime.now(UTC)
        item = OutboxItem("notice:9:9", 9, "C1", "notice", {}, now, now)
        paragraph = "Le point de situation de la cellule, ligne après ligne. " * 40
        text = "\n\n".join(f"{n}. {paragraph}" for n in range(30))
        count = len(pages(text))
        assert count >= 3
        api.stall = lambda params: params["metadata"]["event_payload"]["page"] == 1

        async def cut_short() -> None:
            await asyncio.wait_for(transport.send(item, text), 2)

        with pytest.raises(TimeoutError):
            loop.run(cut_short())
        api.stall = None
        assert not loop.run(transport.already_sent(item))
        loop.run(transport.send(item, text))
        posted = [c.params["metadata"]["event_payload"] for c in api.named("chat.postMessage")]
        assert [(p["key"], p["page"], p["pages"]) for p in posted] == [
            ("notice:9:9", page, count) for page in range(count)
        ]
        assert loop.run(transport.already_sent(item))
    finally:
        loop.stop()


def test_the_outbox_client_never_sends_a_post_again_after_a_cut_connection(tmp_path: Path) -> None:
    """Slack takes a post and the connection is cut before its answer: the outbox's client
    retries nothing (slack_sdk's default would send it again), the try fails, and the next
    one finds the post in the channel and does not post it a second time."""
    loop = LoopThread()
    api = FakeSlackApi()
    _, api_port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{api_port}/"
    try:
        client = outbox_client("xoxb-test", api.base + "api/")
        assert client.retry_handlers == []
        transport = SlackTransport(client, Names(client), {})
        now = datetime.now(UTC)
        item = OutboxItem("notice:8:8", 8, "C1", "notice", {}, now, now)
        api.reset = lambda params: True
        with pytest.raises(Exception):  # noqa: B017 - whatever aiohttp calls a cut connection
            loop.run(transport.send(item, "Un point de la cellule."))
        api.reset = None
        assert len(api.named("chat.postMessage")) == 1
        assert loop.run(transport.already_sent(item))
        assert len(api.named("chat.postMessage")) == 1
        for n in range(7):
            other = OutboxItem(f"notice:8:{9 + n}", 8, "C1", "notice", {}, now, now)
            loop.run(transport.send(other, f"Message {n} de la cellule."))
        api.history_page = 2
        assert loop.run(transport.already_sent(item)), "found beyond the first pages"
        assert len(api.named("conversations.history")) >= 5
    finally:
        loop.stop()


def test_a_direct_message_slack_took_is_found_in_the_persons_direct_messages(
    tmp_path: Path,
) -> None:
    loop = LoopThread()
    api = FakeSlackApi()
    _, api_port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{api_port}/"
    try:
        client = outbox_client("xoxb-test", api.base + "api/")
        transport = SlackTransport(client, Names(client), {})
        now = datetime.now(UTC)
        item = OutboxItem("reminder:4:1", 4, "C1", "reminder", {}, now, now)
        item.recipient = "U0BOB0001"
        api.lose_answer = lambda params: True
        with pytest.raises(SlackApiError):
            loop.run(transport.send(item, "Rappel : la question n° 1 attend sa réponse."))
        api.lose_answer = None
        assert loop.run(transport.already_sent(item))
        looked = [c.params["channel"] for c in api.named("conversations.history")]
        assert looked[:1] == ["DU0BOB0001"]
        assert len(api.named("chat.postMessage")) == 1
    finally:
        loop.stop()


def test_forms_take_no_more_than_the_bot_accepts_and_a_long_message_is_prefilled_within_it(
    slack: SlackHarness,
) -> None:
    """A fact's value, its source, a question and a motif are refused beyond 2 000 characters
    and a key beyond 64: the form stops a longer entry, and a message saved by a shortcut is
    prefilled cut to the limit, so that submitting it as it is records it."""
    from bot.domain.facts import MAX_KEY, MAX_TEXT

    opened(slack)
    long = "Le forum annonce une vente de lignes. " * 100
    shortcut = {"type": "message_action", "callback_id": "enregistrer_fait", "trigger_id": "trig-l",
                "user": {"id": "U0ALICE00"}, "team": {"id": "T1"}, "channel": {"id": "CCRISE"},
                "message": {"text": long, "user": "U0JOURN000", "ts": "1"}}  # fmt: skip
    interactive(slack.url, shortcut)
    [opened_view] = slack.wait(lambda: slack.api.named("views.open"))
    inputs = {b["block_id"]: b["element"] for b in opened_view.params["view"]["blocks"]}
    assert inputs["valeur"]["max_length"] == MAX_TEXT == len(inputs["valeur"]["initial_value"])
    assert inputs["source"]["max_length"] == MAX_TEXT
    assert inputs["cle_libre"]["max_length"] == MAX_KEY
    interactive(slack.url, dict(shortcut, callback_id="enregistrer_question", trigger_id="trig-q"))
    question = slack.wait(lambda: slack.api.named("views.open"), 2)[1].params["view"]
    [text] = [b["element"] for b in question["blocks"] if b["block_id"] == "texte"]
    assert text["max_length"] == MAX_TEXT == len(text["initial_value"])
    answer = slack.app.answer("U0ALICE00", "CCRISE", "question " + text["initial_value"])
    assert not answer.error, answer.text


def test_a_form_that_slack_fails_to_open_is_not_opened_again_after_its_trigger_expired(
    slack: SlackHarness,
) -> None:
    """A trigger id lives 3 seconds; a retry after a server error or a rate limit comes too
    late. The form is asked once, and the caller is told to type the command instead."""
    opened(slack)
    slack.api.failures["views.open"] = [500]
    hook = slack.api.response_url("form")
    assert slash(slack.url, "fait", response_url=hook).status == 200
    [told] = slack.wait(lambda: slack.api.answered("Le formulaire ne s'est pas ouvert"))
    assert "`/crise fait &lt;clé&gt; = &lt;valeur&gt;" in told.params["text"]
    assert slack.api.failures["views.open"] == [], "the form was asked"
    stays(lambda: slack.api.named("views.open") == [], 1.5, why=lambda: "asked again")
    assert slash(slack.url, "fait").status == 200
    slack.wait(lambda: slack.api.named("views.open"))


def test_a_form_whose_trigger_expired_says_to_type_the_command(slack: SlackHarness) -> None:
    """Slack's answer to a late views.open (docs.slack.dev, views.open, errors:
    ``expired_trigger_id``): HTTP 200 with ``ok: false``. The reject button's form tells the
    approver how to reject by command."""
    opened(slack)
    facts(slack)
    slash(slack.url, "rediger attente", user="U0COM0000")
    slack.api.errors["views.open"] = ["expired_trigger_id"]
    click = block_action("U0BOB0000", "rejeter", "1", "trig-late")
    click["response_url"] = slack.api.response_url("reject")
    interactive(slack.url, click)
    [told] = slack.wait(lambda: slack.api.answered("Le formulaire ne s'est pas ouvert"))
    assert (
        told.method == "reject"
        and "`/crise rejeter &lt;n°&gt; &lt;motif&gt;`" in told.params["text"]
    )
    assert len(slack.api.named("views.open")) == 1
    assert not slack.api.answered("erreur interne")


def test_an_export_in_a_channel_the_bot_has_not_joined_says_to_invite_it(
    slack: SlackHarness,
) -> None:
    opened(slack)
    facts(slack)
    assert slash(slack.url, "rediger attente", user="U0COM0000").body == "", "drafted"
    slack.api.outside.add("CCRISE")
    hook = slack.api.response_url("export")
    assert slash(slack.url, "exporter 1 md", user="U0COM0000", response_url=hook).status == 200
    [told] = slack.wait(lambda: slack.api.answered("Fichier non envoyé"))
    assert "`/invite @crisisbot`" in told.params["text"]
    assert not slack.api.answered("erreur interne")


def test_a_message_of_attachments_alone_is_saved_with_what_they_say_and_where_it_came_from(
    slack: SlackHarness,
) -> None:
    """A screenshot posted without text, by a person or by an integration without a user."""
    opened(slack)
    shortcut = {"type": "message_action", "callback_id": "enregistrer_fait", "trigger_id": "trig-a",
                "user": {"id": "U0ALICE00"}, "team": {"id": "T1"}, "channel": {"id": "CCRISE"},
                "message": {"text": "", "user": "U0JOURN01", "ts": "1",
                            "files": [{"id": "F1", "name": "capture.png", "title": "Capture du forum"}]}}  # fmt: skip
    interactive(slack.url, shortcut)
    [first] = slack.wait(lambda: slack.api.named("views.open"))
    inputs = {b["block_id"]: b["element"] for b in first.params["view"]["blocks"]}
    assert inputs["valeur"]["initial_value"] == "Capture du forum"
    assert inputs["source"]["initial_value"] == "message de Jules Journaliste dans le canal"
    alert = {
        "text": "",
        "ts": "2",
        "bot_id": "B1",
        "attachments": [{"fallback": "Alerte EDR : poste 12"}],
    }
    interactive(slack.url, dict(shortcut, trigger_id="trig-b", message=alert))
    second = slack.wait(lambda: slack.api.named("views.open"), 2)[1]
    inputs = {b["block_id"]: b["element"] for b in second.params["view"]["blocks"]}
    assert inputs["valeur"]["initial_value"] == "Alerte EDR : poste 12"
    assert inputs["source"]["initial_value"] == "message du canal"


# The markup a Slack text holds once escaped for mrkdwn (Slack, « Formatting text for app
# surfaces »: escaping ``&`` ``<`` ``>``, ``<@U…>``, ``<#C…|name>``, ``<https://…|label>``,
# ``*bold*``); the bot's own posts carry the first three, mentions and bold labels.
MARKUP = ("&amp;", "&lt;", "&gt;", "<@U0BOB0000>", "<#C0DPO0001|dpo-interne>",
          "<https://paste.example/raw/8f3a|copie du fil>", "*Fait vérifié*",
          "*à ce stade, rien d'établi*")  # fmt: skip
WORDS = ("fuite", "données", "l'établissement", "vérifié.", "forum", "échantillon", "CNIL", "?")
GAPS = (" ", " ", " ", " ", "\n", "\n\n", ". ", "  ")


@st.composite
def marked_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text of words and markup, and the span of each piece of markup in it."""
    parts = draw(st.lists(st.one_of(st.sampled_from(MARKUP), st.sampled_from(WORDS),
                                    st.text("abcdéèà&;*<>", min_size=1, max_size=12)),
                          min_size=1, max_size=400))  # fmt: skip
    text, spans = "", []
    for part in parts:
        if text:
            text += draw(st.sampled_from(GAPS))
        if part in MARKUP:
            spans.append((len(text), len(text) + len(part)))
        text += part
    return text, spans


def pieces_in(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where each piece lies in ``text``, in order, with nothing but whitespace between."""
    found, position = [], 0
    for piece in pieces:
        start = text.index(piece, position)
        assert text[position:start].strip() == "", (text[position:start], piece)
        found.append((start, start + len(piece)))
        position = start + len(piece)
    assert text[position:].strip() == ""
    return found


@settings(max_examples=examples(300), deadline=None)
@given(drawn=marked_texts(), limit=st.one_of(st.integers(60, 400), st.just(2900)))
def test_long_text_is_cut_between_markup_never_inside_it(
    drawn: tuple[str, list[tuple[int, int]]], limit: int
) -> None:
    from bot.adapters.slack.format import sections

    text, markup = drawn
    pieces = [str(block["text"]["text"]) for block in sections(text, limit)]
    assert all(len(piece) <= limit for piece in pieces)
    spans = pieces_in(text, pieces)
    for start, end in markup:
        assert any(s <= start and end <= e for s, e in spans), text[start:end]


def test_a_long_post_reaches_slack_with_its_markup_whole(tmp_path: Path) -> None:
    """A post whose paragraphs pass a section's limit, full of ``&``, ``<``, ``>`` and
    mentions, sent to the fake Web API: each block keeps them whole, and together they say
    the whole text."""
    from bot.domain.people import mark

    loop = LoopThread()
    api = FakeSlackApi()
    _, api_port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{api_port}/"
    try:
        client = outbox_client("xoxb-test", api.base + "api/")
        transport = SlackTransport(client, Names(client), {})
        now = datetime.now(UTC)
        item = OutboxItem("notice:7:7", 7, "C1", "notice", {}, now, now)
        bob = mark("U0BOB0000", "Bob")
        sentence = f"Selon {bob}, le fil <BreachForums> & la copie sont à vérifier"
        paragraph = " ".join([sentence] * 90)
        text = "\n\n".join([paragraph] * 3)
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        expected = escaped.replace(bob, "<@U0BOB0000>")
        while not re.search(r"&\w*$", expected[:2900]):  # a cut at 2 900 would split an entity
            text, expected = "Point " + text, "Point " + expected
        loop.run(transport.send(item, text))
        blocks = [b for c in api.named("chat.postMessage") for b in c.params["blocks"]]
        shown = [str(b["text"]["text"]) for b in blocks]
        assert len(shown) > 3 and all(len(s) <= 2900 for s in shown)
        pieces_in(expected, shown)
        for piece in shown:
            assert piece.count("<@U0BOB0000>") == piece.count("<@")
            assert piece.count("&") == piece.count("&amp;") + piece.count("&lt;") + piece.count(
                "&gt;"
            )
    finally:
        loop.stop()
