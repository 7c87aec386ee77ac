"""Where the program finds its wording: the ``messages/`` folder of the repository, shipped
in the wheel as the package ``crisisbot_messages`` and found through ``importlib.resources``,
whether crisisbot runs from a clone or from an installed wheel."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = "crisisbot_messages"


def messages_dir() -> Path:
    """The folder of ``catalog.yml``, ``fr/`` and ``en/``."""
    found = files(PACKAGE)
    if not isinstance(found, Path):
        raise RuntimeError(f"{PACKAGE} must be installed as files, not inside an archive")
    return found
