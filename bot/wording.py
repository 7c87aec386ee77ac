"""The sentences the command line prints outside the chat replies: start-up failures
(``messages/fr/startup.yml``) and the administration commands (``messages/fr/admin.yml``),
each a line of ``str.format`` text filled with its values."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).resolve().parent.parent / "messages" / "fr"


@cache
def wording(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((FOLDER / f"{name}.yml").read_text("utf-8"))
    return loaded


def said(name: str, code: str, **values: Any) -> str:
    """The sentence ``code`` of ``messages/fr/<name>.yml`` with its values, on one line."""
    shown = {k: v.absolute() if isinstance(v, Path) else v for k, v in values.items()}
    return " ".join(str(wording(name)[code]).format_map(shown).split())
