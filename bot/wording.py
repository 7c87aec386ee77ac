"""The sentences the command line prints outside the chat replies: start-up failures
(``messages/fr/startup.yml``) and the administration commands (``messages/fr/admin.yml``),
each a line of ``str.format`` text filled with its values."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from bot import yamlfile
from bot.resources import messages_dir


@cache
def wording(name: str) -> dict[str, Any]:
    path = messages_dir() / "fr" / f"{name}.yml"
    loaded: dict[str, Any] = yamlfile.safe_load(path.read_text("utf-8"))
    return loaded


def said(name: str, code: str, **values: Any) -> str:
    """The sentence ``code`` of ``messages/fr/<name>.yml`` with its values, on one line."""
    shown = {k: v.absolute() if isinstance(v, Path) else v for k, v in values.items()}
    return " ".join(str(wording(name)[code]).format_map(shown).split())
