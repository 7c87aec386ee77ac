"""Texts that people edit: French typography, the block marks of the version before kept
where a block is unchanged, and the « Rectificatif » heading of a correction."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import yamlfile
from bot.domain.values import fold
from bot.drafting.document import PARAGRAPH, parse, readable
from bot.drafting.environment import build_environment, render_string
from bot.drafting.typography import french

_MARK = re.compile(r"^\[\[\w+\]\]", re.MULTILINE)


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def keep_marks(text: str, before: str) -> str:
    """``text`` typed without marks (a chat shows none) gets back the mark of each block
    that the version ``before`` had with the same words."""
    if _MARK.search(text):
        return text
    kinds = {_key(b.text): b.kind for b in parse(before) if b.kind != PARAGRAPH}
    chunks = [c.strip("\n") for c in re.split(r"\n[ \t]*\n", text) if c.strip()]
    marked = [f"[[{kinds[_key(c)]}]] {c}" if _key(c) in kinds else c for c in chunks]
    if not any(c.startswith("[[") for c in marked):
        return text
    return "\n\n".join(marked)


class Editor:
    """The wording of ``messages/fr/edition.yml``, loaded once."""

    def __init__(self, messages_dir: Path, tz: ZoneInfo) -> None:
        self.env = build_environment(messages_dir, tz)
        self.tz = tz
        self.wording: dict[str, str] = yamlfile.safe_load(
            (messages_dir / "fr" / "edition.yml").read_text("utf-8")
        )

    def heading(self, published: datetime) -> str:
        day = published.astimezone(self.tz).date()
        return render_string(self.env, self.wording["rectificatif"], published=day, lang="fr")

    def rectificatif(self, published_text: str, published: datetime) -> str:
        """The first version of a correction: the heading, then the published text."""
        return french(self.heading(published) + "\n\n" + published_text.strip()) + "\n"

    @staticmethod
    def same(text: str, before: str) -> bool:
        """Whether two texts read the same, marks and spacing aside."""
        return " ".join(readable(text).split()) == " ".join(readable(before).split())

    def prepare(self, text: str, before: str, correction: datetime | None) -> str:
        """An edited text as stored: marks kept, French typography; a correction keeps
        its « Rectificatif » heading even if the edit dropped it."""
        text = keep_marks(text, before)
        if correction is not None and fold(self.wording["mot_rectificatif"]) not in fold(text):
            text = self.heading(correction) + "\n\n" + text
        return french(text.strip()) + "\n"
