"""The Slack app fed with the payloads a real workspace sends (``fixtures/slack/``)."""

from __future__ import annotations

import threading
import time
from typing import Any

from tests.e2e.conftest import SlackHarness
from tests.e2e.slack_fake import event
from tests.e2e.slack_payloads import (
    CHANNEL,
    command,
    commands,
    fixture,
    send_command,
    send_payload,
)


def open_crisis(slack: SlackHarness) -> None:
    response = send_command(slack.url, command(slack.api, "ouvrir Revendication sur un forum"))
    assert response.status == 200
    slack.wait(lambda: slack.posts("Crise ouverte"))


def members(slack: SlackHarness) -> dict[str, str]:
    with slack.app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(CHANNEL)
        assert crisis is not None and crisis.id is not None
        return {m.user: m.role.value for m in uow.repo.members(crisis.id)}


def fact(slack: SlackHarness, key: str) -> Any:
    with slack.app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(CHANNEL)
        assert crisis is not None and crisis.id is not None
        return uow.repo.fact(crisis.id, key)


def test_roles_given_by_mention_with_or_without_label_name_people_from_the_directory(
    slack: SlackHarness,
) -> None:
    open_crisis(slack)
    labelled, bare = commands()[:2]
    for form in (labelled, bare):
        form["response_url"] = slack.api.response_url(form["trigger_id"])
        assert send_command(slack.url, form).status == 200
    assert members(slack) == {"U0PILOTE1": "pilote", "U0BOB0001": "dpo", "U0DIR0001": "direction"}
    status = send_command(slack.url, command(slack.api, "statut")).json()["text"]
    assert "@Marc Bernard (direction)" in status and "@Bob Martin (DPO)" in status
    assert slack.api.named("users.info") == []
    assert len(slack.api.named("users.list")) == 3  # 13 people, 5 a page


def test_escaped_markup_is_stored_as_the_reader_saw_it(slack: SlackHarness) -> None:
    open_crisis(slack)
    form = commands()[2]
    form["response_url"] = slack.api.response_url(form["trigger_id"])
    assert send_command(slack.url, form).status == 200
    stored = fact(slack, "revendication.source")
    assert stored.value == (
        "un fil du forum <BreachForums> & une copie sur paste.example "
        "(https://paste.example/raw/8f3a)"
    )
    assert stored.source == "veille de @Veille"


def test_a_name_change_in_the_directory_shows_in_the_next_reply(slack: SlackHarness) -> None:
    open_crisis(slack)
    send_command(slack.url, commands()[1])
    changed = {"id": "U0DIR0001", "name": "marc.bernard", "profile": {"display_name": "Marc B."}}
    envelope = {"type": "event_callback", "team_id": "T0HOPITAL", "event_id": "Ev2", "event_time": 2,
                "event": {"type": "user_change", "user": changed}}  # fmt: skip
    assert event(slack.url, envelope).status == 200
    slack.wait(lambda: [1] if slack.app.names().get("U0DIR0001") == "Marc B." else [])
    joined = {"id": "U0NEW0001", "name": "nina", "profile": {"real_name": "Nina Faure"}}
    envelope = dict(envelope, event_id="Ev3", event={"type": "team_join", "user": joined})
    assert event(slack.url, envelope).status == 200
    slack.wait(lambda: [1] if slack.ctx.names.cached("U0NEW0001") == "Nina Faure" else [])
    status = send_command(slack.url, command(slack.api, "statut")).json()["text"]
    assert "@Marc B. (direction)" in status


def test_a_modal_is_acknowledged_while_the_database_is_busy_and_the_outcome_follows(
    slack: SlackHarness,
) -> None:
    open_crisis(slack)
    busy = threading.Event()
    original = slack.app.answer

    def slow(*args: Any, **kwargs: Any) -> Any:
        busy.wait(20)
        return original(*args, **kwargs)

    slack.app.answer = slow  # type: ignore[method-assign]
    responses: list[Any] = []
    sender = threading.Thread(
        target=lambda: responses.append(send_payload(slack.url, fixture("view_submission_fact")))
    )
    sender.start()
    sender.join(10)
    acked_while_busy = bool(responses)
    busy.set()
    sender.join(20)
    slack.app.answer = original  # type: ignore[method-assign]
    assert acked_while_busy and responses[0].status == 200
    [outcome] = slack.wait(lambda: slack.api.named("chat.postEphemeral"))
    assert outcome.params["user"] == "U0RSSI001" and "mesures.prises" in outcome.params["text"]
    stored = fact(slack, "mesures.prises")
    assert stored.value.startswith("comptes bloqués (cf. note, source: RSSI interne) & accès")
    assert stored.source == "rapport du RSSI"


def drafts(slack: SlackHarness, count: int) -> None:
    for form in commands()[:2]:
        send_command(slack.url, form)
    for text in ("etablissement.nom = la Clinique des Mésanges", "etablissement.ville = Lure"):
        send_command(slack.url, command(slack.api, f"fait {text}", user="U0DPO0001"))
        send_command(slack.url, command(slack.api, f"verifier {text.split()[0]}"))
    for _ in range(count):
        send_command(slack.url, command(slack.api, "rediger attente", user="U0COM0001"))
    slack.wait(lambda: slack.posts("attend ses approbations"), count)


def test_private_answers_to_a_button_go_through_its_response_url(slack: SlackHarness) -> None:
    open_crisis(slack)
    drafts(slack, 2)
    click = fixture("block_actions_approve")
    click["response_url"] = slack.api.response_url("action")
    send_payload(slack.url, click)
    slack.wait(lambda: slack.posts("a approuvé le brouillon 2"))
    send_payload(slack.url, dict(click, trigger_id="13345224609.738474920.again"))
    [twice] = slack.wait(lambda: slack.api.answered("déjà l'approbation"))
    assert twice.method == "action" and twice.params["response_type"] == "ephemeral"
    assert twice.params["replace_original"] is False
    assert slack.api.named("chat.postEphemeral") == []


def test_a_crisis_is_not_opened_where_the_bot_cannot_post(slack: SlackHarness) -> None:
    slack.api.hidden.add("G0PRIVE01")
    slack.api.private.add("C0PRIVE02")
    for channel in ("G0PRIVE01", "C0PRIVE02"):
        form = command(slack.api, "ouvrir Fuite", channel_id=channel)
        refused = send_command(slack.url, form).json()
        assert refused["response_type"] == "ephemeral"
        assert "`/invite @crisisbot`" in refused["text"]
        with slack.app.deps.read() as uow:
            assert uow.repo.crisis_for_channel(channel) is None
    public = command(slack.api, "ouvrir Fuite", channel_id="C0PUBLIC1")
    assert send_command(slack.url, public).body == ""
    slack.wait(lambda: slack.posts("Crise ouverte"))
    assert [c.params["channel"] for c in slack.posts("Crise ouverte")] == ["C0PUBLIC1"]


def test_a_slow_membership_check_opens_the_crisis_only_once_slack_says_the_bot_can_post(
    slack: SlackHarness,
) -> None:
    """conversations.info answers after the ack's 3 seconds: ouvrir acks that it is checking,
    then opens the crisis (announced in the channel) or says to invite the bot; a refused
    ouvrir leaves no crisis, and the next one, once the bot is invited, opens it."""
    slack.api.delays["conversations.info"] = 3.5
    slack.api.private.add("C0PRIVE02")
    form = command(slack.api, "ouvrir Fuite", channel_id="C0PRIVE02")
    started = time.monotonic()
    acked = send_command(slack.url, form)
    assert time.monotonic() - started < 3
    assert acked.json()["response_type"] == "ephemeral"
    assert "Vérification auprès de Slack" in acked.json()["text"]
    [told] = slack.wait(lambda: slack.api.answered("Crise non ouverte"))
    assert told.method == form["trigger_id"] and "`/invite @crisisbot`" in told.params["text"]
    with slack.app.deps.read() as uow:
        assert uow.repo.crisis_for_channel("C0PRIVE02") is None
    assert slack.posts("Crise ouverte") == []
    slack.api.private.discard("C0PRIVE02")
    again = command(slack.api, "ouvrir Fuite", channel_id="C0PRIVE02")
    assert "Vérification" in send_command(slack.url, again).json()["text"]
    [posted] = slack.wait(lambda: slack.posts("Crise ouverte"))
    assert posted.params["channel"] == "C0PRIVE02"
    with slack.app.deps.read() as uow:
        assert uow.repo.crisis_for_channel("C0PRIVE02") is not None
    assert not slack.api.answered("erreur interne")


def test_a_membership_check_slack_never_answers_opens_no_crisis(slack: SlackHarness) -> None:
    """Slack slow (past the ack) and then failing, retries included: no crisis, and the
    caller is told to try again."""
    slack.api.delays["conversations.info"] = 1.2
    slack.api.failures["conversations.info"] = [503] * 8
    form = command(slack.api, "ouvrir Fuite", channel_id="C0PRIVE03")
    send_command(slack.url, form)
    [told] = slack.wait(lambda: slack.api.answered("Crise non ouverte"), timeout=30)
    assert "Recommencez `/crise ouvrir &lt;titre&gt;`" in told.params["text"]
    with slack.app.deps.read() as uow:
        assert uow.repo.crisis_for_channel("C0PRIVE03") is None


def test_a_typed_handle_is_an_unknown_person_and_an_address_is_still_patient_data(
    slack: SlackHarness,
) -> None:
    """A handle Slack did not turn into ``<@U…>`` (someone it does not know, or typed plainly)
    arrives as typed (fixtures README: ``@bob`` arrives exactly as typed): the answer says how
    to mention someone, not that the line holds an e-mail address."""
    open_crisis(slack)
    for text in ("role @marc.dupont dpo", "role @marc dpo",
                 "question Qui rappelle la presse ? @jean-marc.roy",
                 "question Qui rappelle la presse @marc.dupont"):  # fmt: skip
        answer = send_command(slack.url, command(slack.api, text)).json()["text"]
        assert "Je ne connais pas cette personne" in answer, text
        assert "choisissant dans la liste que propose Slack" in answer
    for text in ("role marc.dupont@gmail.com dpo", "role @marc.dupont@ch-miotte.fr dpo",
                 "question Qui a écrit à marc.dupont@gmail.com ?",
                 "question Qui a écrit à marc.dupont@gmail.com ? @marc.dupont",
                 "role @185057800608491 dpo"):  # fmt: skip
        answer = send_command(slack.url, command(slack.api, text)).json()["text"]
        assert "Les données de patients ne doivent jamais" in answer, text
    assert members(slack) == {"U0PILOTE1": "pilote"}


def test_a_long_journal_is_split_into_messages_slack_accepts(slack: SlackHarness) -> None:
    from bot.domain.people import Person, Platform

    open_crisis(slack)
    pilote = Person(Platform.SLACK, "U0PILOTE1", "Claire Durand")
    text = "le forum annonce la vente d'extraits de dossiers administratifs " * 20
    for version in range(56):
        slack.app.answer(pilote, CHANNEL, f"fait forum.annonce = {text}version {version}")
    form = command(slack.api, "journal")
    first = send_command(slack.url, form).json()
    rest = slack.wait(lambda: slack.api.responses, 4)
    messages = [first["blocks"], *(r.params["blocks"] for r in rest)]
    assert len(messages) == 5
    for blocks in messages:
        assert len(blocks) <= 50
        assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert "la suite dans 4 message(s)" in first["blocks"][-1]["elements"][0]["text"]
    shown = "".join(b["text"]["text"] for m in messages for b in m if b["type"] == "section")
    positions = [shown.index(f"\n{seq}. ") for seq in range(2, 58)]
    assert positions == sorted(positions)


def test_notices_mention_owners_and_approvers_and_reminders_fall_back_to_the_channel(
    slack: SlackHarness,
) -> None:
    from bot.services.digest import due_reminders

    open_crisis(slack)
    drafts(slack, 1)
    question = "question Les sauvegardes sont-elles intactes ? <@U0BOB0001> avant: dans 30 min"
    send_command(slack.url, command(slack.api, question))
    [asked] = slack.wait(lambda: slack.posts("Les sauvegardes"))
    assert "responsable : <@U0BOB0001>" in asked.params["text"]
    # Slack refuses the direct message for good (the person cannot be written to)
    slack.api.channel_errors["U0BOB0001"] = ["user_disabled"]
    assert due_reminders(slack.app.deps) == 1
    slack.kick()
    [reminder] = slack.wait(lambda: slack.posts("Rappel"))
    assert reminder.params["channel"] == CHANNEL
    assert reminder.params["text"].startswith("<@U0BOB0001> Rappel")
    click = fixture("block_actions_approve")
    click["actions"][0]["value"] = "1"
    send_payload(slack.url, dict(click, response_url=slack.api.response_url("a")))
    [approved] = slack.wait(lambda: slack.posts("a approuvé le brouillon 1"))
    assert approved.params["text"].startswith("<@U0DIR0001> a approuvé")


def test_a_rate_limited_channel_waits_without_holding_the_others(slack: SlackHarness) -> None:
    from bot.domain.outbox import OutboxStatus

    open_crisis(slack)
    other = command(slack.api, "ouvrir Autre crise", channel_id="C0AUTRE01")
    send_command(slack.url, other)
    slack.wait(lambda: slack.posts("Autre crise"))
    slack.api.channel_failures[CHANNEL] = [429]
    slack.api.retry_after = 30
    send_command(slack.url, command(slack.api, "fait mesures.prises = comptes bloqués"))
    send_command(
        slack.url, command(slack.api, "fait mesures.prises = VPN coupé", channel_id="C0AUTRE01")
    )
    slack.wait(lambda: slack.posts("VPN coupé"))
    assert slack.posts("comptes bloqués") == []
    with slack.app.deps.read() as uow:
        [waiting] = uow.repo.outbox((OutboxStatus.PENDING,))
    assert waiting.channel == CHANNEL and waiting.attempts == 0
    assert (waiting.next_attempt_at - slack.app.deps.clock.now()).total_seconds() == 30
    slack.app.deps.clock.advance(seconds=30)  # type: ignore[attr-defined]
    slack.kick()
    slack.wait(lambda: slack.posts("comptes bloqués"))


def test_a_burst_of_notices_drains_without_waiting_for_the_next_period(
    slack: SlackHarness,
) -> None:
    from bot.domain.people import Person, Platform

    open_crisis(slack)
    pilote = Person(Platform.SLACK, "U0PILOTE1", "Claire Durand")
    for number in range(50):
        slack.app.answer(pilote, CHANNEL, f"fait forum.message_{number} = annonce {number}")
    slack.kick()
    slack.wait(lambda: slack.posts("Fait signalé"), 50, timeout=4)


def test_a_crisis_opened_in_a_direct_message_is_refused_with_what_to_do(
    slack: SlackHarness,
) -> None:
    """No channel to invite the bot in: the answer says to create one for the cell."""
    for channel, name in (("D0DIRECT1", "directmessage"), ("G0GROUPE1", "mpdm-alice--bob-1")):
        form = command(slack.api, "ouvrir Fuite", channel_id=channel, channel_name=name)
        refused = send_command(slack.url, form).json()
        assert refused["response_type"] == "ephemeral"
        assert "pas à une conversation privée" in refused["text"]
        assert "Créez un canal" in refused["text"]
        with slack.app.deps.read() as uow:
            assert uow.repo.crisis_for_channel(channel) is None


def shortcut_view(slack: SlackHarness, count: int) -> dict[str, Any]:
    view: dict[str, Any] = slack.wait(lambda: slack.api.named("views.open"), count)[-1].params[
        "view"
    ]
    return view


def test_a_message_the_guard_would_refuse_is_not_prefilled_and_the_form_says_why(
    slack: SlackHarness,
) -> None:
    """Slack escapes an address as ``<mailto:…|…>`` (fixtures README); a form prefilled with it
    could only be refused. The form opens without the text, saying why; the source stays."""
    open_crisis(slack)
    shortcut = fixture("message_shortcut")
    shortcut["message"]["text"] = (
        "Le patient peut être joint à <mailto:j.martin@gmail.com|j.martin@gmail.com> selon le fil"
    )
    send_payload(slack.url, shortcut)
    view = shortcut_view(slack, 1)
    inputs = {b.get("block_id"): b for b in view["blocks"]}
    assert "initial_value" not in inputs["valeur"]["element"]
    assert (
        inputs["source"]["element"]["initial_value"] == "message de Jules Journaliste dans le canal"
    )
    [note] = [b for b in view["blocks"] if b["type"] == "context"]
    assert "n'a pas été recopié" in note["elements"][0]["text"]
    assert "une adresse électronique" in note["elements"][0]["text"]
    question = dict(shortcut, callback_id="enregistrer_question", trigger_id="13345224609.q")
    send_payload(slack.url, question)
    view = shortcut_view(slack, 2)
    assert view["blocks"][0]["type"] == "context"
    [text] = [b["element"] for b in view["blocks"] if b.get("block_id") == "texte"]
    assert "initial_value" not in text
    clean = fixture("message_shortcut")
    send_payload(slack.url, dict(clean, trigger_id="13345224609.clean"))
    view = shortcut_view(slack, 3)
    assert all(b["type"] != "context" for b in view["blocks"])


def test_a_message_without_any_text_is_answered_that_there_is_nothing_to_record(
    slack: SlackHarness,
) -> None:
    """A message of a file Slack hides (docs.slack.dev, « Working with files »: a file past
    the workspace's limit comes as ``{"id": …, "mode": "hidden_by_limit"}``) and an
    attachment without text: no form, a French answer through the shortcut's response_url."""
    open_crisis(slack)
    shortcut = fixture("message_shortcut")
    shortcut["response_url"] = slack.api.response_url("shortcut")
    shortcut["message"] = {"type": "message", "user": "U0JOURN01", "ts": "1767949100.000300",
                           "text": "", "files": [{"id": "F0CAPTURE", "mode": "hidden_by_limit"}],
                           "attachments": [{"id": 1, "color": "D0D0D0"}]}  # fmt: skip
    send_payload(slack.url, shortcut)
    [told] = slack.wait(lambda: slack.api.answered("Rien à enregistrer"))
    assert told.method == "shortcut" and "`/crise fait &lt;clé&gt;" in told.params["text"]
    assert slack.api.named("views.open") == []
