"""The severity and the decisions on the obligations through real Bolt code over HTTP: the
same commands, people mentioned as Slack mentions, refusals answered only to the caller."""

from __future__ import annotations

from tests.e2e.conftest import SlackHarness
from tests.e2e.slack_fake import slash

FACTS = ("donnees.contexte = sensibles", "donnees.identification = maximale",
         "violation.confidentialite = destinataires inconnus", "violation.malveillance = oui")  # fmt: skip


def test_a_decision_to_inform_is_proposed_refused_to_its_proposer_and_approved(
    slack: SlackHarness,
) -> None:
    for text in ("ouvrir Fuite présumée", "role <@U0BOB0000|bob> dpo",
                 "role <@U0JUL0000|jules> juridique", "role <@U0COM0000|com> communication"):  # fmt: skip
        assert slash(slack.url, text).status == 200
    for text in FACTS:
        slash(slack.url, f"fait {text} source: experts")
        slash(slack.url, f"verifier {text.split()[0]} preuve: rapport", user="U0BOB0000")
    shown = slash(slack.url, "gravite", user="U0COM0000").json()
    assert shown["response_type"] == "ephemeral"
    assert "Informer les personnes concernées (RGPD art. 34) : proposition" in shown["text"]
    assert (
        slash(slack.url, "decision patients oui motif: risque élevé", user="U0COM0000").status
        == 200
    )
    [proposed] = slack.wait(lambda: slack.posts("propose une décision"))
    assert proposed.params["text"].startswith("<@U0COM0000> propose une décision (décision 1)")
    refused = slash(slack.url, "approuver decision 1", user="U0COM0000").json()
    assert refused["response_type"] == "ephemeral"
    assert "vous avez proposé la décision n° 1" in refused["text"]
    slash(slack.url, "approuver decision 1", user="U0BOB0000")
    slash(slack.url, "approuver decision 1", user="U0JUL0000")
    [approved] = slack.wait(lambda: slack.posts("<@U0JUL0000> a approuvé la décision n° 1"))
    assert "en tant que juridique" in approved.params["text"]
    listed = slash(slack.url, "gravite", user="U0COM0000").json()["text"]
    assert "approuvée : DPO @Nom-U0BOB0000, juridique @" in listed
