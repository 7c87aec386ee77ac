"""Rendering replies and errors with the templates of ``messages/<lang>/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot import yamlfile
from bot.commands.reply import Reply
from bot.drafting.environment import build_environment, render_string

LANGUAGES = ("fr", "en")


class Messages:
    """Loads every wording once; ``render`` turns a reply into text in a language."""

    def __init__(self, messages_dir: Path, tz: ZoneInfo, default_language: str = "fr") -> None:
        self.env = build_environment(messages_dir, tz)
        self.default_language = default_language if default_language in LANGUAGES else "fr"
        self.errors: dict[str, dict[str, str]] = {}
        self.help: dict[str, dict[str, Any]] = {}
        for lang in LANGUAGES:
            folder = messages_dir / lang
            self.errors[lang] = yamlfile.safe_load((folder / "errors.yml").read_text("utf-8"))
            self.help[lang] = yamlfile.safe_load((folder / "help.yml").read_text("utf-8"))
        self.buttons: dict[str, str] = yamlfile.safe_load(
            (messages_dir / "fr" / "buttons.yml").read_text("utf-8")
        )

    def language(self, wanted: str | None) -> str:
        return wanted if wanted in LANGUAGES else self.default_language

    def render(
        self, reply: Reply, language: str | None = None, people: dict[str, str] | None = None
    ) -> str:
        """``people`` (display names by id) lets the wording show a person as ``@Name``."""
        lang = self.language(language)
        context = {**reply.data, "lang": lang, "help": self.help[lang], "people": people or {}}
        if reply.error:
            source = self.errors[lang].get(reply.template, self.errors[lang]["internal"])
            return render_string(self.env, source, **context)
        template = self.env.get_template(f"{lang}/replies/{reply.template}.j2")
        return template.render(**context).strip()
