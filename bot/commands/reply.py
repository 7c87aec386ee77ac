"""Platform-neutral replies: a template name and its data; adapters render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Reply:
    """``template`` names ``messages/<lang>/replies/<template>.j2``.

    ``public`` replies are posted in the channel for the whole cell (a change of shared
    state); the others answer only the caller. ``error`` replies name an error code of
    ``messages/<lang>/errors.yml`` instead of a template."""

    template: str
    data: dict[str, Any] = field(default_factory=dict)
    public: bool = False
    error: bool = False
    file: Path | None = None
