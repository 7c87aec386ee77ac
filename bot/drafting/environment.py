"""The one Jinja environment (sandboxed, StrictUndefined), built once, with the
French formatting filters. Templates live in ``messages/``."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.domain.model import Fact
from bot.domain.values import fold, typed, value_type
from bot.drafting import formatting as fmt

LANGUAGES = ("fr", "en")


def load_labels(messages_dir: Path) -> dict[str, dict[str, Any]]:
    """``messages/<lang>/labels.yml``: what a person reads for each stored code."""
    result: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        path = messages_dir / lang / "labels.yml"
        result[lang] = yaml.safe_load(path.read_text("utf-8")) if path.exists() else {}
    return result


def build_environment(messages_dir: Path, tz: ZoneInfo) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(messages_dir)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )

    labels = load_labels(messages_dir)

    def locale(ctx: Context) -> str:
        return str(ctx.get("lang", "fr"))

    @pass_context
    def label(ctx: Context, code: Any, kind: str | None = None) -> str:
        """The label of a stored code in the reader's language: ``fact.status|label``, or
        ``"verifie"|label("FactStatus")``. Codes of older rows (« vérifié ») are folded."""
        if code is None:
            return str(labels[locale(ctx)].get("nothing", ""))
        group = kind or type(code).__name__
        raw = code.value if isinstance(code, Enum) else str(code)
        table = labels.get(locale(ctx), labels["fr"]).get(group) or {}
        for candidate in (raw, fold(raw).replace(" ", "_").replace("-", "_")):
            if candidate in table:
                return str(table[candidate])
        return raw

    @pass_context
    def who(ctx: Context, person: Any) -> str:
        """A person as readers see them: ``@`` and the display name, never a raw id."""
        if person is None:
            return ""
        people = ctx.get("people") or {}
        name = people.get(str(person)) if hasattr(people, "get") else None
        return "@" + str(name or person)

    @pass_context
    def day(ctx: Context, value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(tz).date()
        return fmt.day_fr(value, locale(ctx))

    @pass_context
    def moment(ctx: Context, value: datetime) -> str:
        return fmt.moment_fr(value, tz, locale(ctx))

    @pass_context
    def hour(ctx: Context, value: datetime) -> str:
        return fmt.time_fr(value.astimezone(tz), locale(ctx))

    @pass_context
    def number(ctx: Context, value: int) -> str:
        return fmt.number_fr(value, locale(ctx))

    @pass_context
    def value(ctx: Context, fact: Fact) -> str:
        return fmt.fact_value(fact, tz, locale(ctx))

    @pass_context
    def duration(ctx: Context, seconds: float) -> str:
        return fmt.duration_fr(seconds, locale(ctx))

    @pass_context
    def shown(ctx: Context, snapshot: dict[str, Any]) -> str:
        """A journal snapshot's value, formatted by its type."""
        kind = value_type(str(snapshot["type"]))
        return fmt.format_typed(typed(str(snapshot["valeur"]), kind), kind, tz, locale(ctx))

    @pass_context
    def iso_moment(ctx: Context, value: str) -> str:
        return fmt.moment_fr(datetime.fromisoformat(value), tz, locale(ctx))

    env.filters.update(
        label=label,
        who=who,
        shown=shown,
        iso_moment=iso_moment,
        day=day,
        moment=moment,
        hour=hour,
        number=number,
        value=value,
        duration=duration,
        capfirst=capfirst,
        phrase=phrase,
        de=de,
    )
    return env


def capfirst(text: str) -> str:
    """« la Clinique » → « La Clinique » at the start of a sentence."""
    return text[:1].upper() + text[1:]


def phrase(text: str, capital: bool = True) -> str:
    """A fact used as a sentence: capital first letter (unless told not to), one final period."""
    body = text.strip().rstrip(".")
    return (capfirst(body) if capital else body) + "."


def de(name: str) -> str:
    """« de » joined to a name: du Centre, de la Clinique, de l'Hôpital, des Hospices, d'Arles."""
    lowered = name[:4].lower()
    if lowered.startswith("le "):
        return "du " + name[3:]
    if lowered.startswith("les "):
        return "des " + name[4:]
    if name[:1].lower() in "aeiouyéèêàâîôûh":
        return "d'" + name
    return "de " + name


def render_string(env: ImmutableSandboxedEnvironment, source: str, **context: Any) -> str:
    return env.from_string(source).render(**context).strip()
