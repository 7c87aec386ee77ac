"""The one Jinja environment (sandboxed, StrictUndefined), built once, with the
French formatting filters. Templates live in ``messages/``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.domain.model import Fact
from bot.drafting import formatting as fmt


def build_environment(messages_dir: Path, tz: ZoneInfo) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(messages_dir)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )

    def locale(ctx: Context) -> str:
        return str(ctx.get("lang", "fr"))

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

    env.filters.update(
        day=day, moment=moment, hour=hour, number=number, value=value, duration=duration
    )
    return env


def render_string(env: ImmutableSandboxedEnvironment, source: str, **context: Any) -> str:
    return env.from_string(source).render(**context).strip()
