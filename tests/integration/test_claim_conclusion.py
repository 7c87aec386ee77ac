"""The conclusion on the claim, once verified by the DPO or the RSSI, is what the communiqué,
the language elements and the CNIL draft say of the sample; only reported, it is not said."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import Application

CONCLUSIONS = st.sampled_from(
    [
        "échantillon sans correspondance",
        "correspondance partielle",
        "données recyclées d'une fuite antérieure",
    ]
)


def say(app: Application, user: str, channel: str, line: str) -> None:
    answer = app.answer(user, channel, line)
    assert not answer.error, (line, answer.text)


def open_claim(app: Application, channel: str, conclusion: str, lines: int) -> None:
    say(app, "alice", channel, "ouvrir Revendication sur un forum")
    say(app, "alice", channel, "role @dpo dpo")
    for line in (
        "fait etablissement.nom = la Clinique des Mésanges",
        "fait etablissement.ville = Belfort",
        "fait incident.connu_le = hier 10:00",
        "fait dpo.contact = dpo@mesanges.example",
        "fait revendication.date = hier",
        f"fait echantillon.lignes = {lines}",
        "fait echantillon.correspondances = 0",
    ):
        say(app, "alice", channel, line)
        say(app, "alice", channel, f"verifier {line.split()[1]}")
    say(app, "alice", channel, f"fait revendication.conclusion = {conclusion}")


def text_of(app: Application, channel: str, modele: str) -> str:
    drafted = app.answer("alice", channel, f"rediger {modele}")
    assert not drafted.error, drafted.text
    number = drafted.text.split("n° ", 1)[1].split()[0]
    return " ".join(app.answer("alice", channel, f"voir {number}").text.split("———")[1].split())


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(conclusion=CONCLUSIONS, lines=st.integers(min_value=2, max_value=500))
def test_the_texts_speak_from_the_verified_conclusion(
    sql_app: Application, conclusion: str, lines: int
) -> None:
    channel = f"C{lines}-{len(conclusion)}"
    open_claim(sql_app, channel, conclusion, lines)
    for modele in ("communique", "elements", "cnil"):
        assert conclusion not in text_of(sql_app, channel, modele), modele
    say(sql_app, "dpo", channel, "verifier revendication.conclusion")
    for modele in ("communique", "elements", "cnil"):
        text = text_of(sql_app, channel, modele)
        assert f"Conclusion de nos vérifications : {conclusion}" in text or (
            f"Conclusion sur la revendication : {conclusion}" in text
        ), (modele, text)
        assert f"{lines} lignes" in text.replace("\u202f", " ").replace("\u00a0", " "), text
