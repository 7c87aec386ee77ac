"""Everything read from ``messages/`` at start (the catalog, the modèles compiled in their Jinja
environment, the guard's lists, the reply templates), loaded once per process and per
folder: every application the process builds on the same folder shares it. The objects
are only read once built. A folder whose files changed since is loaded again."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.catalog import Catalog, load_catalog, load_recipients
from bot.domain.disseminations import Recipient
from bot.drafting.edition import Editor
from bot.drafting.factcheck import FactChecker
from bot.drafting.render import Drafter
from bot.messages import Messages
from bot.privacy import PatientDataGuard

Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Texts:
    catalog: Catalog
    recipients: dict[str, Recipient]
    drafter: Drafter
    editor: Editor
    checker: FactChecker
    guard: PatientDataGuard
    messages: Messages


def texts(messages_dir: Path, tz: ZoneInfo, patient_id_pattern: str, language: str) -> Texts:
    """The wording of ``messages_dir`` for these settings, built at the first call."""
    return _load(messages_dir, tz, patient_id_pattern, language, _stamp(messages_dir))


def _stamp(folder: Path) -> Stamp:
    """Each file of the folder with its time of change and size."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


@lru_cache(maxsize=4)
def _load(folder: Path, tz: ZoneInfo, pattern: str, language: str, stamp: Stamp) -> Texts:
    return Texts(
        catalog=load_catalog(folder),
        recipients=load_recipients(folder),
        drafter=Drafter(folder, tz),
        editor=Editor(folder, tz),
        checker=FactChecker(folder),
        guard=PatientDataGuard.from_messages(folder, pattern),
        messages=Messages(folder, tz, language),
    )
