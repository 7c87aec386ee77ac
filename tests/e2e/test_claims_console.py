"""Through the real ``crisisbot`` program: a claim whose sample matches none of the
establishment's records, the conclusion verified by the DPO and said by the communiqué; and a
breach at a processor, the request to it approved by the DPO and the legal role, the letter
to patients placing the breach there."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.program import crisisbot

ESTABLISHMENT = (
    "etablissement.nom = l'Hôpital privé des Tilleuls", "etablissement.ville = Belfort",
    "dpo.contact = dpo@tilleuls.example",
)  # fmt: skip


def as_user(folder: Path, user: str, *lines: str) -> str:
    result = crisisbot(
        folder, "console", "--user", user, "--channel", "cellule", stdin="\n".join(lines) + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_claim_with_a_sample_matching_nothing_in_the_console(tmp_path: Path) -> None:
    facts = (*ESTABLISHMENT, "revendication.date = hier", "echantillon.lignes = 1000",
             "echantillon.correspondances = 0")  # fmt: skip
    as_user(tmp_path, "alice", "ouvrir Revendication sur un forum", "role @bob dpo",
            "role @dan direction", *(f"fait {fact} source: forum et analyse" for fact in facts),
            "fait revendication.conclusion = échantillon sans correspondance source: analyse")  # fmt: skip
    refused = as_user(tmp_path, "alice", "verifier revendication.conclusion preuve: analyse")
    assert "réservé aux rôles DPO et RSSI" in refused
    as_user(tmp_path, "bob", "connaissance hier 10h motif: message des attaquants",
            *(f"verifier {fact.split()[0]} preuve: analyse" for fact in facts))  # fmt: skip
    before = " ".join(as_user(tmp_path, "alice", "rediger communique", "voir 1").split())
    assert "Communiqué de presse Belfort" in before
    assert "échantillon sans correspondance" not in before
    as_user(
        tmp_path, "bob", "verifier revendication.conclusion preuve: comparaison avec nos dossiers"
    )
    after = " ".join(as_user(tmp_path, "alice", "rediger communique", "voir 2").split())
    assert "Conclusion de nos vérifications : échantillon sans correspondance." in after
    assert "1 000 lignes" in after.replace("\u202f", " ").replace("\u00a0", " ")
    cnil = " ".join(as_user(tmp_path, "alice", "rediger cnil", "voir 3").split())
    assert "dont aucune ne correspond à nos dossiers" in cnil


def test_a_breach_at_a_processor_in_the_console(tmp_path: Path) -> None:
    facts = (*ESTABLISHMENT, "sous_traitant.nom = la société Hébergix",
             "sous_traitant.traitement = hébergement des comptes rendus",
             "sous_traitant.informe_le = hier 08:00", "sous_traitant.reponse_le = demain 18:00",
             "sous_traitant.violation = oui", "fuite.averee = oui",
             "donnees.categories = comptes rendus d'examens",
             "consequences.probables = risque d'hameçonnage",
             "mesures.prises = accès du prestataire suspendus")  # fmt: skip
    as_user(tmp_path, "alice", "ouvrir Fuite chez l'hébergeur", "role @bob dpo",
            "role @jules juridique", "role @dan direction",
            *(f"fait {fact} source: courriel du prestataire" for fact in facts))  # fmt: skip
    as_user(tmp_path, "bob", "connaissance hier 09h motif: courriel du prestataire",
            *(f"verifier {fact.split()[0]} preuve: courriel" for fact in facts))  # fmt: skip
    request = " ".join(as_user(tmp_path, "alice", "rediger sous_traitant", "voir 1").split())
    assert "À l'attention de la société Hébergix" in request
    assert "Vous nous avez informés d'une violation de ces données le" in request
    assert "au plus tard le" in request
    assert "Refusé" in as_user(tmp_path, "alice", "approuver 1")
    assert "Toutes les approbations" not in as_user(tmp_path, "bob", "approuver 1")
    assert "Toutes les approbations sont réunies" in as_user(tmp_path, "jules", "approuver 1")
    assert "a publié le brouillon n° 1" in as_user(tmp_path, "alice", "publier 1")
    letter = " ".join(as_user(tmp_path, "alice", "rediger patients", "voir 2").split())
    assert "établie chez la société Hébergix, prestataire" in letter
    assert "au sein de nos systèmes" not in letter
