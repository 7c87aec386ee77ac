"""``messages/catalog.yml``: the fact keys with their types, and the modèles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.domain.values import ValueType


@dataclass(frozen=True)
class KeySpec:
    key: str
    kind: ValueType
    label: str


@dataclass(frozen=True)
class Catalog:
    keys: dict[str, KeySpec]
    raw: dict[str, Any]

    @property
    def key_types(self) -> dict[str, ValueType]:
        return {key: spec.kind for key, spec in self.keys.items()}


def load_catalog(messages_dir: Path) -> Catalog:
    data: dict[str, Any] = yaml.safe_load((messages_dir / "catalog.yml").read_text("utf-8"))
    keys = {
        key: KeySpec(key, ValueType(spec["type"]), spec.get("libelle", key))
        for key, spec in data.get("faits", {}).items()
    }
    return Catalog(keys=keys, raw=data)
