"""``messages/catalog.yml``: the fact keys with their types, and the modèles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import yamlfile
from bot.domain.courante import Body
from bot.domain.disseminations import Recipient
from bot.domain.drafts import ModelSpec, Requirement
from bot.domain.register import RegisterField
from bot.domain.roles import Role
from bot.domain.timelines import ClockSpec
from bot.domain.values import ValueType, fold, value_type


@dataclass(frozen=True)
class KeySpec:
    key: str
    kind: ValueType
    label: str
    verifiers: frozenset[Role] | None = None
    """Who may verify or refute it, when not the usual roles (« verifient » in the catalogue)."""


@dataclass(frozen=True)
class Catalog:
    keys: dict[str, KeySpec]
    models: dict[str, ModelSpec]
    register: list[RegisterField]
    clocks: list[ClockSpec] = field(default_factory=list)

    @property
    def labels(self) -> dict[str, str]:
        return {key: spec.label for key, spec in self.keys.items()}

    @property
    def verifiers(self) -> dict[str, frozenset[Role]]:
        return {key: spec.verifiers for key, spec in self.keys.items() if spec.verifiers}

    @property
    def key_types(self) -> dict[str, ValueType]:
        return {key: spec.kind for key, spec in self.keys.items()}


def load_catalog(messages_dir: Path) -> Catalog:
    data: dict[str, Any] = yamlfile.safe_load((messages_dir / "catalog.yml").read_text("utf-8"))
    keys = {
        key: KeySpec(
            key,
            value_type(spec["type"]),
            spec.get("libelle", key),
            frozenset(Role(r) for r in spec["verifient"]) if spec.get("verifient") else None,
        )
        for key, spec in data.get("faits", {}).items()
    }
    models = {name: _model(name, spec) for name, spec in data.get("modeles", {}).items()}
    register = [
        RegisterField(
            label=entry["champ"],
            all_of=tuple(entry.get("tous", ())),
            any_of=tuple(entry.get("un_de", ())),
            nature=entry.get("nature"),
        )
        for entry in data.get("registre", [])
    ]
    clocks = [_clock(code, spec) for code, spec in (data.get("echeances") or {}).items()]
    return Catalog(keys=keys, models=models, register=register, clocks=clocks)


def _clock(code: str, spec: dict[str, Any]) -> ClockSpec:
    hours = int(spec.get("heures", 0)) + 24 * int(spec.get("jours", 0))
    return ClockSpec(
        code=code,
        label=spec["libelle"],
        hours=hours,
        body=Body(spec["depot"]) if spec.get("depot") else None,
        rank=int(spec.get("rang", 1)),
        after_filing=spec.get("depuis") == "depot",
        key=spec.get("fait"),
        active=spec.get("actif") is True or fold(str(spec.get("actif", ""))) == "oui",
    )


def _model(name: str, spec: dict[str, Any]) -> ModelSpec:
    return ModelSpec(
        name=name,
        title=spec["titre"],
        audience=spec.get("public", ""),
        required=tuple(
            Requirement(r["cle"], r.get("valeur"), r.get("article")) for r in spec.get("requis", [])
        ),
        any_of=tuple(spec.get("au_moins_un", [])),
        approvers=tuple(Role(role) for role in spec.get("approbateurs", [])),
        filed_with=Body(spec["depot"]) if spec.get("depot") else None,
    )


def load_recipients(messages_dir: Path) -> dict[str, Recipient]:
    """``messages/fr/destinataires.yml``: each spelling people type, folded → its code."""
    data: dict[str, list[str]] = yamlfile.safe_load(
        (messages_dir / "fr" / "destinataires.yml").read_text("utf-8")
    )
    return {
        " ".join(fold(word).split()): Recipient(code)
        for code, words in data.items()
        for word in words
    }
