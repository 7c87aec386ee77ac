"""The Teams adapter's own wording, in ``messages/<lang>/teams.yml``."""

from __future__ import annotations

from pathlib import Path

from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot import yamlfile
from bot.drafting.environment import render_string
from bot.messages import LANGUAGES


class Wording:
    def __init__(self, messages_dir: Path, env: ImmutableSandboxedEnvironment) -> None:
        self.env = env
        self.texts: dict[str, dict[str, str]] = {
            lang: yamlfile.safe_load((messages_dir / lang / "teams.yml").read_text("utf-8"))
            for lang in LANGUAGES
        }

    def text(self, language: str | None, key: str, **context: object) -> str:
        texts = self.texts.get(language or "fr") or self.texts["fr"]
        return render_string(self.env, texts[key], **context)
