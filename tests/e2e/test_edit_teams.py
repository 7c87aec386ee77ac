"""Edit, check, compare, approve, publish, disseminate and correct, over Teams as it sends it:
activities posted to /api/messages, the edit card (``Input.Text`` prefilled with the text)
sent back by ``Action.Execute``, replies read from the fake Bot Connector."""

from __future__ import annotations

import itertools
from typing import Any

from bot.domain.editing import MAX_TEXT
from bot.domain.model import EventKind
from bot.domain.people import Person
from bot.services.audit import verify
from tests.e2e.teams_fake import (
    BOB,
    CHANNEL,
    CLAIRE,
    MARC,
    Teams,
    fixture,
    runs,
)  # fmt: skip

INVENTED = "Les pirates détiennent 48 200 dossiers. Les données ont été dérobées."
NIR = "Le patient 1 85 05 78 006 084 91 a appelé."
CARD = "application/vnd.microsoft.card.adaptive"
COUNTER = itertools.count(1)


def execute(teams: Teams, who: Person, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    """A card button (``adaptiveCard/action``) clicked by ``who``; the invoke's answer."""
    invoke = fixture("invoke_action_execute.json")
    invoke["id"] = f"f:edit-{next(COUNTER)}"
    invoke["from"] = {"id": who.id, "name": who.name}
    invoke["value"]["action"].update(id=verb, verb=verb, data=data)
    response = teams.send(invoke)
    assert response.status == 200
    body: dict[str, Any] = response.json()
    return body


def form_text(card: dict[str, Any]) -> str:
    [field] = [b for b in card["body"] if b["type"] == "Input.Text"]
    assert field["id"] == "texte" and field["isMultiline"] and field["maxLength"] == MAX_TEXT
    [submit] = card["actions"]
    assert submit["type"] == "Action.Execute" and submit["verb"] == "edit"
    return str(field["value"])


def shown(body: dict[str, Any]) -> str:
    """What an invoke's answer shows: a card's text, or a message."""
    if body["type"] == CARD:
        return runs({"attachments": [{"content": body["value"]}]})
    return str(body["value"])


def private_cards(teams: Teams, who: Person) -> list[dict[str, Any]]:
    return [
        b["attachments"][0]["content"]
        for p, b in list(teams.connector.posts)
        if p.split("/")[3:4] == ["a:dm-" + who.id] and b.get("attachments")
    ]


def wait_private(teams: Teams, who: Person, fragment: str) -> dict[str, Any]:
    import time

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for card in private_cards(teams, who):
            text = runs({"attachments": [{"content": card}]}) + str(card.get("body"))
            if fragment in text:
                return card
        time.sleep(0.02)
    raise AssertionError(f"nothing private with {fragment!r}")


def test_the_whole_story_of_an_edited_text_over_teams(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    teams.setup(CLAIRE, "role @Bob Martin dpo", (BOB,))
    teams.setup(CLAIRE, "role @Marc Bernard direction", (MARC,))
    for fact in ("etablissement.nom = la Clinique des Mésanges", "etablissement.ville = Lure",
                 "incident.connu_le = 12/01/2026 09:15"):  # fmt: skip
        teams.setup(CLAIRE, f"fait {fact}")
        teams.setup(BOB, f"verifier {fact.split()[0]}")
    teams.setup(CLAIRE, "fait revendication.volume = 48 200 source: capture du forum")
    teams.say(CLAIRE, "rediger communique")
    _, notice = teams.wait_for("brouillon 1 (communique) a été rédigé")
    actions = notice["attachments"][0]["content"]["actions"]
    assert {"verb": "edit_form", "title": "Modifier"}.items() <= actions[2].items()

    clicked = execute(teams, CLAIRE, "edit_form", actions[2]["data"])
    assert clicked["type"] == "application/vnd.microsoft.activity.message"
    assert "conversation privée" in clicked["value"]
    text = form_text(wait_private(teams, CLAIRE, "Communiqué de presse"))
    assert text.startswith("Communiqué de presse") and "Mésanges" in text

    # Bad input: one French sentence, nothing changed.
    for bad, words in (
        ("", "vide"),
        (text, "identique"),
        (text + "\n\n" + NIR, "sécurité sociale"),
    ):
        refused = execute(teams, CLAIRE, "edit", {"draft": 1, "texte": bad})
        assert refused["type"] == "application/vnd.microsoft.activity.message"
        assert words in refused["value"] and "006 084" not in refused["value"]
    with teams.app.deps.read() as uow:
        assert uow.repo.draft(1, 1).version == 1  # type: ignore[union-attr]

    checked = shown(execute(teams, CLAIRE, "edit", {"draft": 1, "texte": text + "\n\n" + INVENTED}))
    assert "Version 2" in checked or "version 2" in checked
    assert "« 48 200 » (`revendication.volume`, signalé)" in checked.replace("\u202f", " ")
    assert "un vol de données" in checked and "« dérobées »" in checked
    teams.wait_for("a modifié le brouillon 1 (version 2)")
    refused = shown(execute(teams, MARC, "approve", {"draft": 1}))
    assert "a des constats ouverts" in refused

    teams.say(CLAIRE, "modifier 1")
    again = wait_private(teams, CLAIRE, "dérobées")
    assert "dérobées" in form_text(again)
    fixed = text + "\n\nNous comprenons l'inquiétude de nos patients."
    answer = shown(execute(teams, CLAIRE, "edit", {"draft": 1, "texte": fixed}))
    assert "aucun constat" not in answer and "adossée à aucun fait du registre" in answer

    teams.say(MARC, "comparer 1 2")
    compared = wait_private(teams, MARC, "Version 2 → version 3")
    said = runs({"attachments": [{"content": compared}]})
    assert "[− Les pirates détiennent 48 200 dossiers. Les données ont été dérobées.]" in said
    assert "[+ Nous comprenons l'inquiétude de nos patients.]" in said

    execute(teams, BOB, "approve", {"draft": 1})
    execute(teams, MARC, "approve", {"draft": 1})
    execute(teams, CLAIRE, "publish", {"draft": 1})
    _, published = teams.wait_for("Texte publié")
    assert "Nous comprenons l'inquiétude" in runs(published) and "48 200" not in runs(published)
    for recipient in ("presse", "standard"):
        teams.say(CLAIRE, f"diffuser 1 {recipient}")
        teams.wait_for(f"diffusion du texte publié n° 1 : {recipient}")

    frozen = shown(execute(teams, CLAIRE, "edit_form", {"draft": 1}))
    assert "un texte publié ne change jamais" in frozen
    teams.say(CLAIRE, "modifier 1")
    wait_private(teams, CLAIRE, "un texte publié ne change jamais")

    teams.say(CLAIRE, "rectifier 1")
    teams.wait_for("rectificatif du texte publié n° 1")
    execute(teams, CLAIRE, "edit_form", {"draft": 2})
    correction = form_text(wait_private(teams, CLAIRE, "Rectificatif"))
    assert correction.startswith("Rectificatif")
    corrected = correction + "\n\nNous présentons nos excuses."
    assert "« Nous présentons nos excuses. »" in shown(
        execute(teams, CLAIRE, "edit", {"draft": 2, "texte": corrected})
    )
    execute(teams, BOB, "approve", {"draft": 2})
    execute(teams, MARC, "approve", {"draft": 2})
    execute(teams, CLAIRE, "publish", {"draft": 2})
    teams.wait_for("Nous présentons nos excuses.")

    with teams.app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(CHANNEL)
        assert crisis is not None and crisis.id is not None
        kinds = [e.kind for e in uow.repo.events(crisis.id)]
    for kind, count in ((EventKind.BROUILLON_MODIFIE, 3), (EventKind.BROUILLON_APPROUVE, 4),
                        (EventKind.BROUILLON_PUBLIE, 2), (EventKind.TEXTE_DIFFUSE, 2),
                        (EventKind.RECTIFICATIF_REDIGE, 1)):  # fmt: skip
        assert kinds.count(kind) == count, kind
    assert verify(teams.app.deps).ok


def test_modifier_on_a_channel_card_never_shows_the_form_to_the_channel(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    teams.setup(CLAIRE, "role @Bob Martin dpo", (BOB,))
    teams.setup(CLAIRE, "fait etablissement.nom = la Clinique des Mésanges")
    teams.setup(BOB, "verifier etablissement.nom")
    teams.setup(CLAIRE, "rediger attente")
    teams.connector.not_installed.add(CLAIRE.id)
    clicked = execute(teams, CLAIRE, "edit_form", {"draft": 1, "channel": CHANNEL})
    assert clicked["type"] == "application/vnd.microsoft.activity.message"
    assert "installez l'application crisisbot" in clicked["value"]
    teams.wait_for("Claire Durand, je ne peux pas vous écrire en privé")
    assert not any(
        b["type"] == "Input.Text"
        for _, post in teams.connector.posts
        for a in post.get("attachments") or []
        for b in (a.get("content") or {}).get("body") or []
    )
