"""Teams through the real Agents SDK: the activities Teams sends (``fixtures/teams``)
posted to /api/messages, replies and proactive posts read back from a fake Bot Connector."""

from __future__ import annotations

import base64
import json
import logging
import time
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.teams.cards import MESSAGE_BYTES, encoded
from bot.adapters.teams.conversations import Conversations
from bot.adapters.teams.references import channel_key, reference_for
from bot.adapters.teams.server import listen_on
from bot.adapters.teams.wording import Wording
from bot.clock import FixedClock
from bot.config import Settings
from tests.e2e.slack_fake import LoopThread, post, serve
from tests.e2e.teams_fake import (
    BOB,
    CHANNEL,
    CLAIRE,
    MARC,
    REAL_SERVICE,
    Connector,
    FaultyConnector,
    Teams,
    fixture,
    runs,
    start_teams,
)  # fmt: skip

BOB_CHAT = "a:dm-" + BOB.id
CLAIRE_CHAT = "a:dm-" + CLAIRE.id
TEAMS_LIMIT = 28 * 1024
FIXTURES = Path(__file__).parent / "fixtures" / "teams"


def conversation_of(path: str) -> str:
    parts = path.split("/")
    return parts[3] if len(parts) > 3 else ""


def test_every_post_in_another_thread_speaks_to_the_crisis_of_the_channel(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    assert teams.send(fixture("channel_message_mention.json")).status in (200, 202)
    teams.wait_for("a attribué le rôle « DPO » à @Bob Martin")
    teams.setup(CLAIRE, "fait fuite.averee = non")
    assert teams.send(fixture("channel_message_new_post.json")).status in (200, 202)
    path, _ = teams.wait_for("Fait vérifié par @Bob Martin")
    assert conversation_of(path).startswith(CHANNEL)


def test_shared_changes_open_the_crisis_thread_then_continue_it(teams: Teams) -> None:
    teams.say(CLAIRE, "ouvrir Fuite présumée")
    opened, _ = teams.wait_for("Crise ouverte")
    assert opened == f"/v3/conversations/{CHANNEL}/activities"
    teams.say(CLAIRE, "fait etablissement.nom = la Clinique")
    path, _ = teams.wait_for("Fait signalé par @Claire Durand")
    root = teams.connector.posts.index(next(p for p in teams.connector.posts if p[0] == opened))
    assert path == f"/v3/conversations/{CHANNEL};messageid=reply-{root + 1}/activities"


def test_a_reply_is_one_card_without_text_and_a_long_listing_is_paginated(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    for n in range(190):
        teams.setup(
            CLAIRE,
            f"fait enquete.piste_{n:03d} = une piste décrite avec assez de mots pour peser son poids {n}",
        )
    teams.say(CLAIRE, "faits")
    teams.wait_for("enquete.piste_189")
    private = [(p, b) for p, b in teams.connector.posts if conversation_of(p) == CLAIRE_CHAT]
    assert len(private) > 1
    shown = "".join(runs(b) for _, b in private)
    assert all(f"enquete.piste_{n:03d}" in shown for n in range(190))
    assert f"(1/{len(private)})" in runs(private[0][1])
    for _, body in teams.connector.posts:
        if body.get("type") == "message":
            assert not body.get("text") and len(body["attachments"]) == 1
    assert max(teams.connector.sizes()) < TEAMS_LIMIT


def draft_scene(teams: Teams) -> None:
    teams.say(CLAIRE, "ouvrir Fuite présumée")
    teams.wait_for("Crise ouverte")
    teams.setup(CLAIRE, "role @Bob Martin dpo", (BOB,))
    teams.setup(CLAIRE, "role @Marc Bernard direction", (MARC,))
    teams.setup(CLAIRE, "fait etablissement.nom = la Clinique")
    teams.setup(BOB, "verifier etablissement.nom")
    teams.setup(CLAIRE, "rediger attente")
    teams.say(CLAIRE, "rediger attente")


def test_a_draft_notice_carries_execute_buttons_that_refresh_the_card(teams: Teams) -> None:
    draft_scene(teams)
    _, notice = teams.wait_for("brouillon 2 (attente) a été rédigé")
    actions = notice["attachments"][0]["content"]["actions"]
    assert [a["type"] for a in actions] == [
        "Action.Execute", "Action.ShowCard", "Action.Execute", "Action.Execute"]  # fmt: skip
    assert actions[2]["verb"] == "edit_form" and actions[2]["title"] == "Modifier"
    assert actions[0]["verb"] == "approve" and actions[0]["data"]["draft"] == 2
    invoke = teams.send(fixture("invoke_action_execute.json"))
    assert invoke.status == 200
    body: dict[str, Any] = invoke.json()
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    card = body["value"]
    assert "direction ✔ (@Marc Bernard)" in runs({"attachments": [{"content": card}]})
    assert [a["title"] for a in card["actions"]] == ["Approuver", "Rejeter", "Modifier", "Publier"]
    teams.wait_for("@Marc Bernard a approuvé le brouillon 2 en tant que direction")


def test_a_submit_button_still_approves(teams: Teams) -> None:
    draft_scene(teams)
    assert teams.send(fixture("card_submit.json")).status in (200, 202)
    teams.wait_for("@Marc Bernard a approuvé le brouillon 2 en tant que direction")


def test_a_refused_button_answers_the_clicker_only(teams: Teams) -> None:
    draft_scene(teams)
    invoke = fixture("invoke_action_execute.json")
    invoke["from"] = {"id": CLAIRE.id, "name": CLAIRE.name}
    body = teams.send(invoke).json()
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert "Refusé" in body["value"]


def test_help_and_refusals_go_to_the_callers_private_chat(teams: Teams) -> None:
    teams.say(CLAIRE, "aide fait")
    path, _ = teams.wait_for("/crise fait <clé> = <valeur>")
    assert conversation_of(path) == CLAIRE_CHAT
    created = [b for p, b in teams.connector.posts if p == "/v3/conversations"]
    assert created[0]["members"] == [{"id": CLAIRE.id}]
    teams.say(CLAIRE, "statut")
    path, _ = teams.wait_for("Aucune crise n'est ouverte")
    assert conversation_of(path) == CLAIRE_CHAT
    pointer, _ = teams.wait_for("je vous ai répondu dans notre conversation privée")
    assert conversation_of(pointer).startswith(CHANNEL + ";messageid=")
    assert len([p for p, _ in teams.connector.posts if p == "/v3/conversations"]) == 1


def test_a_personal_message_speaks_to_the_crisis_its_author_works_in(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    teams.setup(CLAIRE, "question Les sauvegardes sont-elles intactes ?")
    teams.send(fixture("channel_message_new_post.json"))
    teams.wait_for("Bob Martin, je vous ai répondu")
    assert teams.send(fixture("personal_message.json")).status in (200, 202)
    personal = fixture("personal_message.json")["conversation"]["id"]
    teams.wait_for("Les sauvegardes sont-elles intactes ?")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any(
        conversation_of(path) == personal and "sauvegardes" in runs(body)
        for path, body in list(teams.connector.posts)
    ):
        time.sleep(0.02)
    assert any(
        conversation_of(path) == personal and "sauvegardes" in runs(body)
        for path, body in teams.connector.posts
    )


def test_patient_data_in_a_message_is_answered_privately_and_its_deletion_advised(
    teams: Teams,
) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    teams.say(CLAIRE, "fait forum.note = le patient 1 85 05 78 006 084 91")
    path, _ = teams.wait_for("numéro de sécurité sociale")
    assert conversation_of(path) == CLAIRE_CHAT
    teams.wait_for("supprimez-le")
    thread, _ = teams.wait_for("Son auteur est invité à le supprimer")
    assert conversation_of(thread).startswith(CHANNEL + ";messageid=")
    assert not any("006 084" in json.dumps(b) for _, b in teams.connector.posts)


def test_a_failure_is_told_in_french_and_logged_never_shown(
    teams: Teams, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("psycopg.OperationalError password=hunter2")

    monkeypatch.setattr(teams.app, "answer_async", broken)
    with caplog.at_level(logging.ERROR):
        teams.say(CLAIRE, "statut")
        teams.wait_for("erreur interne")
    assert not any("hunter2" in json.dumps(b) or "Exception" in json.dumps(b)
                   for _, b in teams.connector.posts)  # fmt: skip
    assert any(r.exc_info and "hunter2" in str(r.exc_info[1]) for r in caplog.records)


def test_an_export_is_offered_with_a_file_consent_then_uploaded(teams: Teams) -> None:
    draft_scene(teams)
    teams.say(CLAIRE, "exporter 1 md")
    offer = None
    for _ in range(500):
        offers = [(p, b) for p, b in teams.connector.posts if b.get("attachments")
                  and b["attachments"][0]["contentType"] == "application/vnd.microsoft.teams.card.file.consent"]  # fmt: skip
        if offers:
            offer = offers[0]
            break
        teams.loop.run(__import__("asyncio").sleep(0.02))
    assert offer is not None and conversation_of(offer[0]) == CLAIRE_CHAT
    consent = offer[1]["attachments"][0]
    name = consent["name"]
    key = consent["content"]["acceptContext"]["file"]
    assert key.endswith(name) and consent["content"]["declineContext"] == {"file": key}
    invoke = {
        "type": "invoke", "name": "fileConsent/invoke", "id": "f:consent-1", "channelId": "msteams",
        "from": {"id": CLAIRE.id, "name": CLAIRE.name},
        "recipient": {"id": "28:9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "name": "crisisbot"},
        "conversation": {"id": CLAIRE_CHAT, "conversationType": "personal", "tenantId": "t1"},
        "value": {"type": "fileUpload", "action": "accept", "context": {"file": key},
                  "uploadInfo": {"contentUrl": "https://contoso.sharepoint.com/" + name, "name": name,
                                 "uploadUrl": teams.connector.base + "upload/" + name,
                                 "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C", "fileType": "md"}},
    }  # fmt: skip
    assert teams.send(invoke).status == 200
    [(_, data, ranges)] = teams.connector.uploads
    assert "Brouillon" in data.decode() or "Clinique" in data.decode()
    assert ranges == f"bytes 0-{len(data) - 1}/{len(data)}"
    info = [b for _, b in teams.connector.posts if b.get("attachments")
            and b["attachments"][0]["contentType"] == "application/vnd.microsoft.teams.card.file.info"]  # fmt: skip
    assert info and info[0]["attachments"][0]["content"]["fileType"] == "md"


def test_being_added_to_a_team_says_how_to_start_and_remembers_where(teams: Teams) -> None:
    added = fixture("conversation_update_bot_added.json")
    assert teams.send(added).status in (200, 202)
    path, _ = teams.wait_for("ouvrir <titre>")
    general = added["conversation"]["id"]
    assert conversation_of(path) == general
    assert reference_for(teams.app, channel_key(general)) is not None


def test_anonymous_mode_refuses_a_service_url_that_is_not_local(teams: Teams) -> None:
    response = teams.send(fixture("channel_message_mention.json"), service_url=REAL_SERVICE)
    assert response.status == 403 and teams.connector.posts == []
    assert listen_on(Settings(_env_file=None, TEAMS_ANONYMOUS="true"), "0.0.0.0") == "127.0.0.1"  # type: ignore[call-arg]


def unsigned(header: dict[str, str]) -> str:
    """A token with the claims the connector sends (``tests/e2e/fixtures/teams/README.md``)
    under ``header``, without a signature."""
    claims = json.loads((FIXTURES / "connector_token_claims.json").read_text("utf-8"))

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}."


def test_with_credentials_healthz_is_open_and_messages_need_a_token(
    tmp_path: Path, clock: FixedClock
) -> None:
    loop = LoopThread()
    try:
        base, _ = start_teams(tmp_path, clock, loop, TEAMS_CLIENT_ID="00000000-0000-0000-0000-000000000001",
                              TEAMS_CLIENT_SECRET="secret", TEAMS_TENANT_ID="t1")  # fmt: skip
        activity = json.dumps(fixture("channel_message_mention.json"))
        assert post(base + "/api/messages", activity, "application/json", {}).status == 401
        forged = {"Authorization": "Bearer not.a.token"}
        assert post(base + "/api/messages", activity, "application/json", forged).status == 401
        for header in ({"alg": "none", "typ": "JWT"}, {"alg": "HS256", "typ": "JWT"},
                       {"alg": "RS256", "typ": "JWT"}, {"alg": "none", "kid": "k1"}):  # fmt: skip
            token = {"Authorization": "Bearer " + unsigned(header)}
            assert post(base + "/api/messages", activity, "application/json", token).status == 401
        import urllib.request

        with urllib.request.urlopen(base + "/healthz", timeout=10) as health:
            assert health.status == 200
    finally:
        loop.stop()


def local(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text("utf-8"))
    return data


def test_a_mention_shortened_to_a_first_name_names_the_person_it_was_chosen_for(
    teams: Teams,
) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    assert teams.send(local("channel_message_short_mention.json")).status in (200, 202)
    teams.wait_for("a attribué le rôle « direction » à @Marc Bernard")


def test_a_mentioned_name_with_markup_characters_is_kept_whole(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    assert teams.send(local("channel_message_escaped_mention.json")).status in (200, 202)
    teams.wait_for("à @Léa <SSI> & Réseaux")


def test_without_the_app_installed_a_private_answer_becomes_a_short_note_in_the_thread(
    teams: Teams,
) -> None:
    teams.connector.not_installed.add(CLAIRE.id)
    teams.say(CLAIRE, "aide fait")
    path, _ = teams.wait_for("je ne peux pas vous écrire en privé")
    assert conversation_of(path).startswith(CHANNEL + ";messageid=")
    teams.say(CLAIRE, "statut")
    notes: list[str] = []
    deadline = time.monotonic() + 15
    while len(notes) < 2 and time.monotonic() < deadline:
        notes = [runs(b) for p, b in list(teams.connector.posts)
                 if conversation_of(p).startswith(CHANNEL)]  # fmt: skip
    assert len(notes) == 2 and all(n.startswith("Claire Durand, je ne peux pas") for n in notes)
    shown = json.dumps(teams.connector.posts)
    assert "<clé>" not in shown and "Aucune crise" not in shown and "répondu" not in shown
    teams.connector.not_installed.clear()
    teams.say(CLAIRE, "statut")
    path, _ = teams.wait_for("Aucune crise n'est ouverte")
    assert conversation_of(path) == CLAIRE_CHAT


def test_a_private_chat_gone_since_is_told_in_the_thread_too(teams: Teams) -> None:
    teams.say(CLAIRE, "aide")
    teams.wait_for("aide")
    teams.connector.not_installed.add(CLAIRE.id)
    teams.say(CLAIRE, "faits")
    path, _ = teams.wait_for("je ne peux pas vous écrire en privé")
    assert conversation_of(path).startswith(CHANNEL + ";messageid=")


def test_opening_a_crisis_in_a_one_to_one_chat_is_refused_and_points_to_a_channel(
    teams: Teams,
) -> None:
    personal = fixture("personal_message.json")
    for text in ("ouvrir Fuite présumée", "/crise Ouvrir Fuite", "open Fuite"):
        personal["text"] = text
        assert teams.send(personal).status in (200, 202)
    path, _ = teams.wait_for("un canal de l'équipe de crise")
    assert conversation_of(path) == personal["conversation"]["id"]
    assert len([p for p, _ in teams.connector.posts]) == 3
    with teams.app.deps.read() as uow:
        assert uow.repo.crisis_for_channel(personal["conversation"]["id"]) is None
    assert not any("Crise ouverte" in runs(b) for _, b in teams.connector.posts)


def test_admins_may_be_named_by_their_entra_object_id_and_a_refusal_shows_ones_ids(
    tmp_path: Path, clock: FixedClock
) -> None:
    loop = LoopThread()
    connector = Connector()
    _, port = loop.run(serve(connector.app()))
    connector.base = f"http://127.0.0.1:{port}/"
    claire = fixture("channel_message_mention.json")["from"]["aadObjectId"]
    url, application = start_teams(
        tmp_path, clock, loop, TEAMS_ANONYMOUS="true", CRISISBOT_ADMINS=claire
    )
    teams = Teams(url + "/api/messages", connector, application, loop)
    try:
        bob = fixture("channel_message_new_post.json")
        bob["text"] = "<at>crisisbot</at> ouvrir Fuite présumée"
        teams.send(bob)
        path, refusal = teams.wait_for("Seuls les administrateurs")
        assert conversation_of(path) == BOB_CHAT
        assert f"`{BOB.id}` ou `{bob['from']['aadObjectId']}`" in runs(refusal)
        opening = fixture("channel_message_mention.json")
        opening["text"] = "<at>crisisbot</at> ouvrir Fuite présumée"
        teams.send(opening)
        teams.wait_for("Crise ouverte")
    finally:
        loop.stop()


def test_people_named_in_a_post_are_mentioned_so_that_teams_notifies_them(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    assert teams.send(fixture("channel_message_mention.json")).status in (200, 202)
    _, post = teams.wait_for("a attribué le rôle « DPO » à @Bob Martin")
    content = post["attachments"][0]["content"]
    entities = content["msteams"]["entities"]
    assert {"type": "mention", "text": "<at>Bob Martin</at>",
            "mentioned": {"id": BOB.id, "name": "Bob Martin"}} in entities  # fmt: skip
    lines = [b["text"] for b in content["body"] if b["type"] == "TextBlock"]
    assert all(e["text"] in "".join(lines) for e in entities)
    teams.setup(CLAIRE, "fait etablissement.nom = [la Clinique](https://exemple.invalid) **x**")
    _, fact = teams.wait_for("Fait signalé par @Claire Durand")
    card = fact["attachments"][0]["content"]
    blocks = [b for b in card["body"] if b["type"] == "TextBlock"]
    assert len(blocks) == 1 and "https://" not in blocks[0]["text"]
    assert card["msteams"]["entities"][0]["mentioned"]["id"] == CLAIRE.id


def test_a_long_private_reply_throttled_by_teams_is_retried_and_arrives_whole(
    tmp_path: Path, clock: FixedClock
) -> None:
    throttled = json.loads((FIXTURES / "connector_throttled_429.json").read_text("utf-8"))
    loop = LoopThread()
    connector = FaultyConnector(retry_after=int(throttled["headers"]["Retry-After"]))
    connector.failures[CLAIRE_CHAT] = [throttled["status"]] * 3
    _, port = loop.run(serve(connector.app()))
    connector.base = f"http://127.0.0.1:{port}/"
    url, application = start_teams(tmp_path, clock, loop, TEAMS_ANONYMOUS="true")
    teams = Teams(url + "/api/messages", connector, application, loop)
    try:
        teams.setup(CLAIRE, "ouvrir Fuite présumée")
        for n in range(120):
            teams.setup(CLAIRE, f"fait enquete.piste_{n:03d} = une piste décrite avec des mots {n}")
        teams.say(CLAIRE, "faits")
        teams.wait_for("enquete.piste_119")
        private = [runs(b) for p, b in connector.posts if conversation_of(p) == CLAIRE_CHAT]
        assert connector.failures[CLAIRE_CHAT] == []
        assert all(f"enquete.piste_{n:03d}" in "".join(private) for n in range(120))
        assert not any("erreur interne" in runs(b) for _, b in connector.posts)
    finally:
        loop.stop()


def test_every_card_is_measured_as_sent_and_stays_under_teams_limit(teams: Teams) -> None:
    talk = Conversations(
        teams.app, teams.app.messages.buttons,
        Wording(teams.app.settings.messages_dir, teams.app.messages.env),
    )  # fmt: skip
    people = [(f"29:1pErSoN{n:04d}AbCdEfGhIjKlMnOpQrStUvWxYz", f"Personne «{n}» é\u2019\U0001f600")
              for n in range(400)]  # fmt: skip
    text = "\n".join(f'@{name} : "\\\u0001" 🙂' for _, name in people)
    activities = talk.cards(text, 3, CHANNEL, None, people)
    assert len(activities) > 1
    for activity in activities:
        assert encoded(activity) <= MESSAGE_BYTES
    shown = "".join(runs(a.model_dump(by_alias=True, mode="json")) for a in activities)
    assert all(f"@{name}" in shown for _, name in people)


def test_where_the_tenant_grants_it_the_app_is_installed_for_the_person_then_answers(
    tmp_path: Path, clock: FixedClock
) -> None:
    documented = json.loads((FIXTURES / "graph_install_app_for_user.json").read_text("utf-8"))
    catalog = documented["body"]["teamsApp@odata.bind"].rsplit("/", 1)[1]
    loop = LoopThread()
    connector = Connector()
    _, port = loop.run(serve(connector.app()))
    connector.base = f"http://127.0.0.1:{port}/"
    url, application = start_teams(
        tmp_path, clock, loop, TEAMS_ANONYMOUS="true", TEAMS_APP_CATALOG_ID=catalog,
        TEAMS_GRAPH_URL=connector.base + "graph",
    )  # fmt: skip
    teams = Teams(url + "/api/messages", connector, application, loop)
    try:
        message = fixture("channel_message_mention.json")
        claire = message["from"]["aadObjectId"]
        connector.not_installed.add(CLAIRE.id)
        connector.installable[claire] = CLAIRE.id
        message["text"] = "<at>crisisbot</at> statut"
        teams.send(message)
        path, _ = teams.wait_for("Aucune crise n'est ouverte")
        assert conversation_of(path) == CLAIRE_CHAT
        [(user, body)] = connector.installs
        assert user == claire and documented["url"].endswith(
            f"/users/{user}/teamwork/installedApps"
        )
        assert body == {
            "teamsApp@odata.bind": connector.base + f"graph/appCatalogs/teamsApps/{catalog}"
        }
        assert body.keys() == documented["body"].keys()
        bob = fixture("channel_message_new_post.json")
        connector.not_installed.add(BOB.id)
        bob["text"] = "<at>crisisbot</at> statut"
        teams.send(bob)
        teams.wait_for("Bob Martin, je ne peux pas vous écrire en privé")
    finally:
        loop.stop()


def test_without_the_app_installed_an_export_is_not_offered_in_the_channel(teams: Teams) -> None:
    draft_scene(teams)
    teams.connector.not_installed.add(CLAIRE.id)
    teams.say(CLAIRE, "exporter 1 md")
    path, _ = teams.wait_for("Claire Durand, je ne peux pas vous écrire en privé")
    assert conversation_of(path).startswith(CHANNEL + ";messageid=")
    consent = "application/vnd.microsoft.teams.card.file.consent"
    assert not any(consent in json.dumps(b) for _, b in teams.connector.posts)
