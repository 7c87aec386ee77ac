"""The core fed by the payloads the platforms really send (``fixtures/``): people
are real identities, markup is unwrapped, typed fields stay whole."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

from bot.bootstrap import Application
from bot.domain.model import FactStatus
from bot.domain.roles import Role
from tests.e2e.conftest import SlackHarness
from tests.e2e.slack_fake import interactive, post, sign, slash
from tests.e2e.teams_fake import Teams

FIXTURES = Path(__file__).parent / "fixtures"
CHANNEL = "C0CRISE01"
PILOTE = "U0PILOTE1"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def send_form(url: str, form: dict[str, Any]) -> int:
    body = urllib.parse.urlencode(form)
    return post(url, body, "application/x-www-form-urlencoded", sign(body)).status


def register(app: Application, channel: str) -> tuple[dict[str, Any], dict[str, Role]]:
    """The facts (by key) and the roles (by person id) of the crisis of ``channel``."""
    with app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(channel)
        assert crisis is not None and crisis.id is not None
        facts = {f.key: f for f in uow.repo.facts(crisis.id)}
        roles = {m.user: m.role for m in uow.repo.members(crisis.id)}
    return facts, roles


def test_a_slack_mention_gives_bob_the_role_and_bob_verifies(slack: SlackHarness) -> None:
    forms = fixture("slack/slash_command_escaped.json")
    slash(slack.url, "ouvrir Revendication sur un forum", user=PILOTE, channel=CHANNEL)
    assert send_form(slack.url, forms[0]) == 200
    assert send_form(slack.url, forms[1]) == 200
    slash(slack.url, "fait fuite.averee = non", user=PILOTE, channel=CHANNEL)
    slash(slack.url, "verifier fuite.averee preuve: rapport", user="U0BOB0001", channel=CHANNEL)
    facts, roles = register(slack.app, CHANNEL)
    assert roles["U0BOB0001"] is Role.DPO and roles["U0DIR0001"] is Role.DIRECTION
    assert facts["fuite.averee"].status is FactStatus.VERIFIE
    assert facts["fuite.averee"].updated_by == "U0BOB0001"
    [notice] = slack.wait(lambda: slack.posts("a attribué le rôle « DPO »"))
    assert "<@U0BOB0001>" in notice.params["text"]
    names = slack.app.names()
    assert names["U0BOB0001"] not in ("", "U0BOB0001")


def test_a_bare_name_in_slack_is_refused_with_how_to_mention(slack: SlackHarness) -> None:
    slash(slack.url, "ouvrir Revendication", user=PILOTE, channel=CHANNEL)
    refused = slash(slack.url, "role @ghost pilote", user=PILOTE, channel=CHANNEL).json()
    assert "Slack" in refused["text"] and "@" in refused["text"]
    _, roles = register(slack.app, CHANNEL)
    assert set(roles) == {PILOTE}


def test_slack_markup_is_unwrapped_before_it_is_stored(slack: SlackHarness) -> None:
    forms = fixture("slack/slash_command_escaped.json")
    slash(slack.url, "ouvrir Revendication", user=PILOTE, channel=CHANNEL)
    slash(slack.url, "role <@U0RSSI001|julien.roy> rssi", user=PILOTE, channel=CHANNEL)
    assert send_form(slack.url, forms[2]) == 200
    send_form(slack.url, forms[3])
    facts, _ = register(slack.app, CHANNEL)
    claim = facts["revendication.source"]
    assert claim.value == (
        "un fil du forum <BreachForums> & une copie sur paste.example "
        "(https://paste.example/raw/8f3a)"
    )
    assert claim.source is not None and claim.source.startswith("veille de @")
    for fact in facts.values():
        for text in (fact.value, fact.source or ""):
            assert "&amp;" not in text and "&lt;" not in text and "<mailto:" not in text
            assert "<@" not in text and "<#" not in text


def test_the_modal_stores_its_value_whole_and_its_source_apart(slack: SlackHarness) -> None:
    submission = fixture("slack/view_submission_fact.json")
    slash(slack.url, "ouvrir Revendication", user=PILOTE, channel=CHANNEL)
    assert interactive(slack.url, submission).status == 200
    facts, _ = register(slack.app, CHANNEL)
    measures = facts["mesures.prises"]
    assert measures.value == (
        "comptes bloqués (cf. note, source: RSSI interne) & accès VPN coupés\n"
        "puis réinitialisés @ 14h30"
    )
    assert measures.source == "rapport du RSSI"


def test_the_shortcut_prefills_plain_text(slack: SlackHarness) -> None:
    shortcut = fixture("slack/message_shortcut.json")
    slash(slack.url, "ouvrir Revendication", user=PILOTE, channel=CHANNEL)
    assert interactive(slack.url, shortcut).status == 200
    [opened] = slack.wait(lambda: slack.api.named("views.open"))
    view = opened.params["view"]
    value = next(b for b in view["blocks"] if b["block_id"] == "valeur")
    text = value["element"]["initial_value"]
    assert text.startswith("Le vendeur annonce 103 082 lignes & des <extraits>")
    assert "&amp;" not in text and "<https" not in text and "<@" not in text
    assert "le fil (https://forum.example/t/1)" in text
    source = next(b for b in view["blocks"] if b["block_id"] == "source")
    assert "@U0JOURN01" not in source["element"].get("initial_value", "")
    assert "<@" not in source["element"].get("initial_value", "")


def test_the_approve_button_fixture_approves_draft_two(slack: SlackHarness) -> None:
    click = fixture("slack/block_actions_approve.json")
    slash(slack.url, "ouvrir Revendication", user=PILOTE, channel=CHANNEL)
    slash(slack.url, "role <@U0DIR0001|marc.bernard> direction", user=PILOTE, channel=CHANNEL)
    slash(
        slack.url, "fait etablissement.nom = la Clinique des Tilleuls", user=PILOTE, channel=CHANNEL
    )
    slash(slack.url, "verifier etablissement.nom", user=PILOTE, channel=CHANNEL)
    slash(slack.url, "rediger attente", user=PILOTE, channel=CHANNEL)
    slash(slack.url, "rediger attente", user=PILOTE, channel=CHANNEL)
    assert interactive(slack.url, click).status == 200
    slack.wait(lambda: slack.posts("a approuvé le brouillon 2"))


def teams_activity(harness: Teams, name: str, **changes: Any) -> dict[str, Any]:
    activity: dict[str, Any] = fixture(f"teams/{name}")
    activity["serviceUrl"] = harness.connector.base
    activity.update(changes)
    return activity


def send_activity(harness: Teams, activity: dict[str, Any]) -> int:
    return post(harness.url, json.dumps(activity), "application/json", {}).status


def test_a_teams_mention_gives_bob_the_role_and_bob_verifies_from_a_new_post(
    teams: Teams,
) -> None:
    mention = teams_activity(teams, "channel_message_mention.json")
    channel = mention["channelData"]["channel"]["id"]
    opening = dict(mention, id="1", text="<at>crisisbot</at> ouvrir Revendication", entities=[])
    assert send_activity(teams, opening) in (200, 202)
    teams.wait_for("Crise ouverte")
    assert send_activity(teams, mention) in (200, 202)
    teams.wait_for("a attribué le rôle « DPO » à @Bob Martin")
    record = dict(mention, id="2", text="<at>crisisbot</at> fait fuite.averee = non", entities=[])
    send_activity(teams, record)
    teams.wait_for("fuite.averee")
    assert send_activity(teams, teams_activity(teams, "channel_message_new_post.json")) in (
        200,
        202,
    )
    _, verified = teams.wait_for("Fait vérifié par @Bob Martin")
    assert "29:" not in str(verified.get("text"))
    facts, roles = register(teams.app, channel)
    bob = mention["entities"][1]["mentioned"]["id"]
    assert roles[bob] is Role.DPO
    assert facts["fuite.averee"].status is FactStatus.VERIFIE


def test_a_teams_card_submit_approves_the_draft_it_names(teams: Teams) -> None:
    mention = teams_activity(teams, "channel_message_mention.json")
    submit = teams_activity(teams, "card_submit.json")
    marc = submit["from"]
    give = dict(
        mention,
        id="3",
        text="<at>crisisbot</at> role <at>Marc Bernard</at> direction",
        entities=[
            mention["entities"][0],
            {"type": "mention", "text": "<at>Marc Bernard</at>",
             "mentioned": {"id": marc["id"], "name": marc["name"]}},
        ],
    )  # fmt: skip
    for i, text in enumerate(["ouvrir Revendication"]):
        send_activity(teams, dict(mention, id=f"o{i}", text=f"<at>crisisbot</at> {text}"))
    send_activity(teams, give)
    for i, text in enumerate(
        ["fait etablissement.nom = la Clinique des Tilleuls", "verifier etablissement.nom",
         "rediger attente", "rediger attente"]
    ):  # fmt: skip
        send_activity(
            teams, dict(mention, id=f"c{i}", text=f"<at>crisisbot</at> {text}", entities=[])
        )
    teams.wait_for("Le brouillon 2")
    assert send_activity(teams, submit) in (200, 202)
    teams.wait_for("@Marc Bernard a approuvé le brouillon 2")
