"""Where to post proactively in Teams: the conversation reference of each channel, and of
each person's one-to-one chat with the bot."""

from __future__ import annotations

from typing import Any

from bot.bootstrap import Application


def channel_key(channel: str) -> str:
    return f"channel:{channel}"


def user_key(user: str) -> str:
    return f"user:{user}"


def remember(
    application: Application, channel: str, personal_user: str | None, reference: dict[str, Any]
) -> None:
    deps = application.deps
    with deps.uow() as uow:
        uow.repo.save_reference(channel_key(channel), reference, deps.clock.now())
        if personal_user:
            uow.repo.save_reference(user_key(personal_user), reference, deps.clock.now())
        uow.commit()


def reference_for(application: Application, key: str) -> dict[str, Any] | None:
    with application.deps.read() as uow:
        return uow.repo.reference(key)
