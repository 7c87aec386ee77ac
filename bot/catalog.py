"""``messages/catalog.yml``: the fact keys with their types, and the modèles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import yamlfile
from bot.domain.courante import Body
from bot.domain.disseminations import Recipient
from bot.domain.drafts import ModelSpec, Requirement
from bot.domain.register import RegisterField
from bot.domain.roles import Role
from bot.domain.values import ValueType, fold, value_type


@dataclass(frozen=True)
class KeySpec:
    key: str
    kind: ValueType
    label: str


@dataclass(frozen=True)
class Catalog:
    keys: dict[str, KeySpec]
    models: dict[str, ModelSpec]
    register: list[RegisterField]

    @property
    def labels(self) -> dict[str, str]:
        return {key: spec.label for key, spec in self.keys.items()}

    @property
    def key_types(self) -> dict[str, ValueType]:
        return {key: spec.kind for key, spec in self.keys.items()}


def load_catalog(messages_dir: Path) -> Catalog:
    data: dict[str, Any] = yamlfile.safe_load((messages_dir / "catalog.yml").read_text("utf-8"))
    keys = {
        key: KeySpec(key, value_type(spec["type"]), spec.get("libelle", key))
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
    return Catalog(keys=keys, models=models, register=register)


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
