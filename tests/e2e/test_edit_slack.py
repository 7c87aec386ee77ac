"""Edit, check, compare, approve, publish, disseminate and correct, over Slack as it sends it:
signed requests to the running Bolt app, the modal opened with ``views.open`` and submitted
as a ``view_submission`` whose ``view.state.values`` holds the text."""

from __future__ import annotations

import json
from typing import Any

from bot.domain.model import EventKind
from bot.services.audit import verify
from tests.e2e.conftest import SlackHarness
from tests.e2e.slack_fake import Call, Response, interactive, slash
from tests.e2e.test_slack import block_action, facts, opened, submission
from tests.waiting import settles

INVENTED = "Les pirates détiennent 48 200 dossiers. Les données ont été dérobées."
NIR = "Le patient 1 85 05 78 006 084 91 a appelé."
COM, BOB, DIR = "U0COM0000", "U0BOB0000", "U0DIR0000"


def click(slack: SlackHarness, user: str, action: str, number: int, hook: str) -> Response:
    """A button of a draft's message, with the ``response_url`` Slack gives it."""
    payload = block_action(user, action, str(number), f"trig-{hook}")
    payload["response_url"] = slack.api.response_url(hook)
    return interactive(slack.url, payload)


def opened_views(slack: SlackHarness, count: int) -> dict[str, Any]:
    """The ``count``-th view opened, once Slack got it."""
    view: dict[str, Any] = slack.wait(lambda: slack.api.named("views.open"), count)[
        count - 1
    ].params["view"]
    return view


def submit(
    slack: SlackHarness, user: str, view: dict[str, Any], text: str, view_id: str
) -> Response:
    values = {"texte": {"texte": {"type": "plain_text_input", "value": text}}}
    return interactive(
        slack.url, submission(user, "modif", values, view["private_metadata"], view_id)
    )


def answered(slack: SlackHarness, hook: str) -> str:
    [call] = slack.wait(lambda: [c for c in slack.api.responses if c.method == hook])
    return str(call.params["text"]) + json.dumps(call.params.get("blocks"), ensure_ascii=False)


def told(slack: SlackHarness, user: str, fragment: str) -> list[str]:
    """What ``user`` alone was shown (ephemeral messages), blocks included."""
    return [
        json.dumps(c.params.get("blocks"), ensure_ascii=False) + str(c.params.get("text"))
        for c in slack.api.named("chat.postEphemeral")
        if c.params.get("user") == user and fragment in json.dumps(c.params, ensure_ascii=False)
    ]


def posted(slack: SlackHarness, fragment: str, count: int = 1) -> Call:
    return slack.wait(lambda: slack.posts(fragment), count)[count - 1]


def mrkdwn(response: Response) -> str:
    """The mrkdwn an ephemeral answer shows."""
    blocks = response.json()["blocks"]
    return "\n".join(b["text"]["text"] for b in blocks if b.get("type") == "section")


def test_the_whole_story_of_an_edited_text_over_slack(slack: SlackHarness) -> None:
    opened(slack)
    facts(slack)
    slash(slack.url, "fait revendication.volume = 48 200 source: capture du forum")
    slash(slack.url, "rediger communique", user=COM)
    posted(slack, "attend ses approbations")

    click(slack, COM, "modifier", 1, "edit1")
    view = opened_views(slack, 1)
    assert view["callback_id"] == "modif"
    field = view["blocks"][0]
    assert field["block_id"] == "texte" and field["element"]["multiline"]
    text = field["element"]["initial_value"]
    assert text.startswith("Communiqué de presse") and "Mésanges" in text
    assert json.loads(view["private_metadata"]) == {"channel": "CCRISE", "number": 1}

    # Bad input: the modal shows one French sentence on the field; nothing changes.
    for bad, words in (
        ("   ", "vide"),
        (text, "identique"),
        (text + "\n\n" + NIR, "sécurité sociale"),
    ):
        refused = submit(slack, COM, view, bad, f"Vbad{len(words)}")
        body = refused.json()
        assert body["response_action"] == "errors", body
        assert words in body["errors"]["texte"] and "006 084" not in body["errors"]["texte"]
    with slack.app.deps.read() as uow:
        assert uow.repo.draft(1, 1).version == 1  # type: ignore[union-attr]

    assert submit(slack, COM, view, text + "\n\n" + INVENTED, "V1").body == ""
    notice = posted(slack, "a modifié le brouillon 1").params["text"]
    assert "(version 2)" in notice and "après levée de 2 constat(s)" in notice
    [checked] = slack.wait(lambda: told(slack, COM, "Contrôle du texte"))
    assert "« 48 200 » (`revendication.volume`, signalé)" in checked
    assert "un vol de données" in checked and "« dérobées »" in checked

    click(slack, BOB, "approuver", 1, "approve-refused")
    assert "a des constats ouverts" in answered(slack, "approve-refused")

    # The command with the number alone opens the modal again, with version 2.
    assert slash(slack.url, "modifier 1", user=COM, trigger="trig-slash-edit").body == ""
    again = opened_views(slack, 2)
    assert (
        INVENTED.replace("48 200", "48\u202f200") in again["blocks"][0]["element"]["initial_value"]
    )
    fixed = text + "\n\nNous comprenons l'inquiétude de nos patients."
    assert submit(slack, COM, again, fixed, "V2").body == ""
    posted(slack, "(version 3)")
    slack.wait(lambda: told(slack, COM, "adossée à aucun fait du registre"))

    compared = slash(slack.url, "comparer 1 2", user=DIR)
    assert compared.json()["response_type"] == "ephemeral"
    shown = mrkdwn(compared)
    assert "Version 2 → version 3" in shown
    assert "[− Les pirates détiennent 48 200 dossiers. Les données ont été dérobées.]" in shown
    assert "[+ Nous comprenons l'inquiétude de nos patients.]" in shown
    assert "&amp;" not in shown and "&lt;" not in shown

    click(slack, BOB, "approuver", 1, "a1")
    click(slack, DIR, "approuver", 1, "a2")
    posted(slack, "a approuvé le brouillon 1", 2)
    click(slack, COM, "publier", 1, "p1")
    published = posted(slack, "Texte publié").params["text"]
    assert "Nous comprenons l'inquiétude" in published and "48 200" not in published

    for recipient in ("presse", "standard"):
        assert slash(slack.url, f"diffuser 1 {recipient}", user=COM).status == 200
        posted(slack, f"diffusion du texte publié n° 1 : {recipient}")

    # A published text is frozen: the button and the command answer why, no modal opens.
    click(slack, COM, "modifier", 1, "frozen")
    assert "un texte publié ne change jamais" in answered(slack, "frozen")
    frozen = slash(slack.url, "modifier 1", user=COM).json()
    assert "un texte publié ne change jamais" in frozen["text"]
    unknown = slash(slack.url, "modifier 9", user=COM).json()["text"]
    assert unknown.startswith("Il n'y a pas de brouillon n° 9.")
    assert len(slack.api.named("views.open")) == 2

    slash(slack.url, "rectifier 1", user=COM)
    posted(slack, "rectificatif du texte publié n° 1")
    click(slack, COM, "modifier", 2, "edit2")
    correction = opened_views(slack, 3)
    corrected = correction["blocks"][0]["element"]["initial_value"]
    assert corrected.startswith("Rectificatif")
    submit(slack, COM, correction, corrected + "\n\nNous présentons nos excuses.", "V3")
    posted(slack, "a modifié le brouillon 2")
    click(slack, BOB, "approuver", 2, "a3")
    click(slack, DIR, "approuver", 2, "a4")
    posted(slack, "a approuvé le brouillon 2", 2)
    click(slack, COM, "publier", 2, "p2")
    final = posted(slack, "Texte publié", 2).params["text"]
    assert "Rectificatif" in final and "Nous présentons nos excuses." in final

    with slack.app.deps.read() as uow:
        kinds = [e.kind for e in uow.repo.events(1)]
    story = [EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_MODIFIE, EventKind.BROUILLON_MODIFIE,
             EventKind.BROUILLON_APPROUVE, EventKind.BROUILLON_PUBLIE, EventKind.TEXTE_DIFFUSE,
             EventKind.TEXTE_DIFFUSE, EventKind.RECTIFICATIF_REDIGE, EventKind.BROUILLON_MODIFIE,
             EventKind.BROUILLON_PUBLIE]  # fmt: skip
    drafts = [k for k in kinds if k in set(story)]
    assert [k for k in drafts if k != EventKind.BROUILLON_APPROUVE] == [
        k for k in story if k != EventKind.BROUILLON_APPROUVE
    ]
    assert drafts.count(EventKind.BROUILLON_APPROUVE) == 4
    journal = slash(slack.url, "journal", user=DIR, response_url=slack.api.response_url("j"))

    def story_told() -> str:
        return mrkdwn(journal) + "".join(
            str(c.params["text"]) for c in slack.api.responses if c.method == "j"
        )

    kinds_told = ("a modifié le", "a ouvert un rectificatif", "a enregistré la diffusion du")
    settles(lambda: [kind for kind in kinds_told if kind not in story_told()], [])
    assert verify(slack.app.deps).ok
