"""``crisisbot empreinte``: a file's SHA-256 recorded as evidence in the crisis journal,
through the real program; its content never enters the database."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.e2e.program import crisisbot


def console(folder: Path, *lines: str) -> str:
    result = crisisbot(folder, "console", "--user", "alice", "--channel", "cellule",
                       stdin="\n".join(lines) + "\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_fingerprint_is_journaled_and_the_content_stays_out(tmp_path: Path) -> None:
    console(tmp_path, "ouvrir Revendication sur un forum")
    sample = tmp_path / "echantillon.csv"
    content = b"ligne-marqueur-7f3a9c;ligne-2\n" * 1000
    sample.write_bytes(content)
    expected = hashlib.sha256(content).hexdigest()
    result = crisisbot(tmp_path, "empreinte", str(sample), "--channel", "cellule",
                       "--motif", "échantillon reçu des attaquants", "--par", "rssi")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"SHA-256 {expected}, {len(content)} octets" in result.stdout
    assert "(empreinte 1)" in result.stdout
    journal = console(tmp_path, "journal")
    assert f"a consigné la pièce empreinte 1 : SHA-256 {expected}" in journal
    assert b"ligne-marqueur-7f3a9c" not in (tmp_path / "crisisbot.db").read_bytes()
    again = crisisbot(tmp_path, "empreinte", str(sample), "-c", "cellule", "-m", "copie")
    assert "(empreinte 2)" in again.stdout
    assert crisisbot(tmp_path, "audit", "verify").returncode == 0


def test_a_missing_or_unreadable_file_or_no_crisis_is_one_sentence_and_nothing(
    tmp_path: Path,
) -> None:
    console(tmp_path, "ouvrir Revendication sur un forum")
    before = console(tmp_path, "journal")
    missing = crisisbot(tmp_path, "empreinte", str(tmp_path / "absent.csv"), "-c", "cellule",
                        "-m", "échantillon")  # fmt: skip
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        "Ce fichier n'existe pas : rien n'a été consigné. Vérifiez le chemin du fichier dont "
        "l'empreinte est à consigner."
    )
    folder = crisisbot(tmp_path, "empreinte", str(tmp_path), "-c", "cellule", "-m", "dossier")
    assert folder.returncode == 2 and "ne peut pas être lu" in folder.stderr
    sample = tmp_path / "capture.png"
    sample.write_bytes(b"png")
    elsewhere = crisisbot(tmp_path, "empreinte", str(sample), "-c", "autre", "-m", "capture")
    assert elsewhere.returncode == 2 and "Aucune crise n'est ouverte" in elsewhere.stderr
    assert console(tmp_path, "journal") == before
