"""The decisions on the obligations through the Agents SDK over HTTP: a decision proposed in
the channel, its proposer's approval refused in their private chat, the approvals posted in
the crisis thread."""

from __future__ import annotations

from tests.e2e.teams_fake import BOB, CHANNEL, CLAIRE, MARC, Teams

CLAIRE_CHAT = "a:dm-" + CLAIRE.id


def test_a_decision_is_approved_by_two_other_people_in_teams(teams: Teams) -> None:
    teams.setup(CLAIRE, "ouvrir Fuite présumée")
    teams.setup(CLAIRE, "role @Bob Martin dpo", (BOB,))
    teams.setup(CLAIRE, "role @Marc Bernard juridique", (MARC,))
    for text in ("donnees.contexte = sensibles", "donnees.identification = maximale"):
        teams.setup(CLAIRE, f"fait {text} source: experts")
        teams.setup(BOB, f"verifier {text.split()[0]} preuve: rapport")
    teams.say(CLAIRE, "decision patients oui motif: données de santé exposées")
    teams.wait_for("propose une décision (décision 1)")
    teams.say(CLAIRE, "approuver decision 1")
    path, _ = teams.wait_for("vous avez proposé la décision n° 1")
    assert path.split("/")[3] == CLAIRE_CHAT
    teams.say(BOB, "approuver decision 1")
    teams.say(MARC, "approuver decision 1")
    path, _ = teams.wait_for("@Marc Bernard a approuvé la décision n° 1 en tant que juridique")
    assert path.split("/")[3].startswith(CHANNEL)
