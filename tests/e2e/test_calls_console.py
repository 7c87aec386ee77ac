"""``appel <motif>`` in the console, end to end: calls counted by reason, shown alone, in the
situation point and in the RETEX; a reason not in the list or holding a caller's data is
refused with one sentence and counts nothing."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.program import crisisbot


def console(folder: Path, *lines: str) -> str:
    result = crisisbot(
        folder, "console", "--user", "alice", "--channel", "C1", stdin="\n".join(lines)
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_calls_are_counted_by_reason_in_the_point_and_the_retex(tmp_path: Path) -> None:
    out = console(
        tmp_path, "ouvrir Revendication sur un forum",
        "appel inquiet", "appel inquiet", "appel Journaliste", "appel donnees",
    )  # fmt: skip
    assert "Appel compté : patient inquiet (2 depuis l'ouverture de la crise, 2 appels" in out
    assert "Appel compté : journaliste (1 depuis" in out
    assert (
        "Appel compté : question sur ses données (1 depuis l'ouverture de la crise, 4 appels" in out
    )
    refused = console(tmp_path, "appel rappel", "appel inquiet 06 12 34 56 78", "appel")
    assert "Ce motif d'appel n'est pas dans la liste. Les motifs : inquiet, donnees" in refused
    assert "06 12 34 56 78" not in refused
    assert "(4 au total)" in refused
    assert "• patient inquiet (`inquiet`) : 2" in refused
    assert "• autre motif (`autre`) : 0" in refused
    points = console(tmp_path, "point toutes les 4h", "point")
    assert "Appels reçus au standard et sur la ligne d'écoute depuis l'ouverture : 4" in points
    assert "patient inquiet : 2, question sur ses données : 1, journaliste : 1)" in points
    result = crisisbot(tmp_path, "retex", "--channel", "C1", "--format", "md")
    assert result.returncode == 0, result.stderr
    retex = Path(result.stdout.strip()).read_text("utf-8")
    section = retex.split("## Appels reçus au standard et sur la ligne d'écoute", 1)[1]
    section = section.split("##", 1)[0]
    assert "- patient inquiet (`inquiet`) : 2" in section and "- Total : 4" in section
    assert "06 12 34 56 78" not in retex
