"""A confirmed breach through the real ``crisisbot`` program: the severity read from verified
facts, the decision to inform approved by two people, then périmé when a fact changes, and
the clocks and the status saying so."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.program import crisisbot

CONFIRMED = (
    "fuite.averee = oui", "donnees.contexte = sensibles", "personnes.vulnerables = oui",
    "donnees.profilage = non", "donnees.publiques = non", "donnees.identification = maximale",
    "violation.confidentialite = destinataires inconnus", "violation.integrite = aucune",
    "violation.disponibilite = aucune", "violation.malveillance = oui",
    "donnees.categories = identité et données de santé",
    "consequences.probables = risque d'hameçonnage",
    "mesures.prises = comptes réinitialisés", "dpo.contact = dpo@clinique-mesanges.fr",
)  # fmt: skip


def as_user(folder: Path, user: str, *lines: str) -> str:
    result = crisisbot(
        folder, "console", "--user", user, "--channel", "cellule", stdin="\n".join(lines) + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_confirmed_breach_decided_approved_then_perime_in_the_console(tmp_path: Path) -> None:
    as_user(tmp_path, "alice", "ouvrir Fuite de données patients", "role @bob dpo",
            "role @jules juridique", "role @dan direction",
            *(f"fait {fact} source: rapport des experts" for fact in CONFIRMED))  # fmt: skip
    partial = as_user(tmp_path, "alice", "gravite")
    assert "INCOMPLET" in partial and "signalé, non vérifié : ne compte pas" in partial
    as_user(tmp_path, "bob", "connaissance hier 10h motif: rapport des experts",
            *(f"verifier {fact.split()[0]} preuve: rapport" for fact in CONFIRMED))  # fmt: skip
    severity = as_user(tmp_path, "alice", "gravite")
    assert "Score 5 : gravité très élevée." in severity
    assert "Informer les personnes concernées (RGPD art. 34) : proposition oui" in severity

    decided = as_user(tmp_path, "alice", "decision patients oui motif: données de santé en vente",
                      "approuver decision 2")  # fmt: skip
    assert "en attente d'approbation" in decided
    assert "vous avez proposé la décision n° 2" in decided
    approved = as_user(tmp_path, "bob", "approuver decision 2")
    assert "reste à approuver : juridique" in approved
    done = as_user(tmp_path, "jules", "approuver decision 2", "echeances", "registre")
    assert "la décision est prise" in done
    assert "décision n° 2 (oui) approuvée" in done
    assert "— oui (motif : données de santé en vente), proposée par @alice" in done
    letter = as_user(tmp_path, "alice", "rediger patients")
    assert "Brouillon n° 1 rédigé par @alice : Information des personnes concernées" in letter

    as_user(tmp_path, "alice", "fait violation.malveillance = non source: nouvelle analyse")
    status = as_user(tmp_path, "dan", "statut", "echeances", "approuver decision 2")
    assert "décision n° 2 (oui) PÉRIMÉE : violation.malveillance a changé depuis" in status
    refused = as_user(tmp_path, "bob", "approuver decision 2")
    assert "la décision n° 2 est périmée" in refused


def test_a_claim_checked_with_no_match_decided_not_to_inform_in_the_console(
    tmp_path: Path,
) -> None:
    facts = (
        "echantillon.lignes = 200", "echantillon.correspondances = 0",
        "revendication.conclusion = échantillon sans correspondance",
        "donnees.contexte = sensibles", "donnees.identification = négligeable",
        "violation.confidentialite = exposition", "violation.integrite = aucune",
        "violation.disponibilite = aucune", "violation.malveillance = oui",
        "personnes.vulnerables = oui", "donnees.profilage = non", "donnees.publiques = non",
        "dpo.contact = dpo@hopital-exemple.fr",
    )  # fmt: skip
    as_user(tmp_path, "alice", "ouvrir Revendication d'un groupe sur un forum", "role @bob dpo",
            "role @rita rssi", "role @jules juridique",
            *(f"fait {fact} source: analyse du DIM" for fact in facts))  # fmt: skip
    as_user(tmp_path, "bob", "connaissance hier 10h motif: alerte d'un chercheur",
            *(f"verifier {fact.split()[0]} preuve: rapprochement" for fact in facts))  # fmt: skip
    severity = as_user(tmp_path, "rita", "gravite")
    assert "Score 1,5 : gravité faible." in severity
    assert "Informer les personnes concernées (RGPD art. 34) : proposition non" in severity
    as_user(tmp_path, "rita", "decision patients non motif: échantillon sans correspondance",
            "decision cnil oui motif: notifier par prudence la revendication")  # fmt: skip
    for approver in ("bob", "jules"):
        as_user(tmp_path, approver, "approuver decision 2", "approuver decision 3")
    done = as_user(tmp_path, "bob", "depot cnil hier ref: 2026-000321", "registre",
                   "rediger cnil", "voir 1")  # fmt: skip
    assert "— non (motif : échantillon sans correspondance), proposée par @rita" in done
    assert "approuvée : DPO @bob, juridique @jules" in done
    assert "de ne pas informer individuellement les personnes concernées" in done
