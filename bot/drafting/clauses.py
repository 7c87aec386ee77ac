"""Loading the modèles of ``messages/<lang>/modeles/<nom>.yml``: ordered clauses, each with
what it asserts (see ``bot.domain.clauses``) and its wording, a Jinja snippet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot import yamlfile
from bot.domain.clauses import Assertion, Clause, Join, Modele, Refusal, parse_assertion
from bot.domain.errors import InvalidValue

NOTHING = "rien"


def load_modele(path: Path) -> tuple[Modele, str]:
    """The modèle of ``path`` and the Jinja prelude its clauses share (imports)."""
    data: dict[str, Any] = yamlfile.safe_load(path.read_text("utf-8"))
    clauses = tuple(_clause(path.stem, entry) for entry in data["clauses"])
    names = [c.name for c in clauses]
    if len(set(names)) != len(names):
        raise InvalidValue("invalid_modele", model=path.stem, value="clause en double")
    unknown = {x for c in clauses for x in c.excludes} - set(names)
    if unknown:
        raise InvalidValue("invalid_modele", model=path.stem, value=", ".join(sorted(unknown)))
    keys = frozenset(a.key for c in clauses for a in c.asserts) | {
        k for c in clauses for k in (*c.any_of, *c.mentions)
    }
    keys |= {c.refuses.key for c in clauses if c.refuses is not None}
    return Modele(path.stem, clauses, keys), str(data.get("prelude", ""))


def _clause(model: str, entry: dict[str, Any]) -> Clause:
    name = str(entry["clause"])
    declared = entry.get("affirme")
    if declared is None:
        raise InvalidValue("invalid_modele", model=model, value=f"{name} : affirme manquant")
    asserts: tuple[Assertion, ...] = ()
    if declared != NOTHING:
        asserts = tuple(parse_assertion(key, text) for key, text in dict(declared).items())
    any_of = tuple(entry.get("un_de", ()))
    if not asserts and not any_of and declared != NOTHING:
        raise InvalidValue("invalid_modele", model=model, value=f"{name} : affirme vide")
    refuses = entry.get("refuse")
    refusal = Refusal(str(refuses["cle"]), str(refuses["article"])) if refuses else None
    return Clause(
        name=name,
        asserts=asserts,
        text=str(entry["texte"]).strip(),
        any_of=any_of,
        mentions=tuple(entry.get("mentionne", ())),
        excludes=frozenset(entry.get("exclut", ())),
        join=Join(entry.get("suite", Join.PARAGRAPHE.value)),
        paragraph=entry.get("paragraphe"),
        neutral=declared == NOTHING,
        refuses=refusal,
    )
