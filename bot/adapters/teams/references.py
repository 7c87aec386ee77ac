"""Where to post proactively in Teams: the conversation reference of each channel, of each
person's one-to-one chat with the bot, the crisis thread of each channel, and the channel
a person last wrote in (the crisis their one-to-one chat speaks about)."""

from __future__ import annotations

from typing import Any

from bot.bootstrap import Application


def channel_key(channel: str) -> str:
    return f"channel:{channel}"


def user_key(user: str) -> str:
    return f"user:{user}"


def thread_key(channel: str) -> str:
    return f"thread:{channel}"


def crisis_key(user: str) -> str:
    return f"crisis-of:{user}"


def save_reference(application: Application, key: str, reference: dict[str, Any]) -> None:
    deps = application.deps
    with deps.uow() as uow:
        uow.repo.save_reference(key, reference, deps.clock.now())
        uow.commit()


def remember(
    application: Application, channel: str, personal_user: str | None, reference: dict[str, Any]
) -> None:
    """The reference of a conversation the bot just heard from; in a channel, it becomes the
    channel its author's one-to-one chat speaks about. Posts that waited for the bot to hear
    from the conversation (Teams allows none before) become due now."""
    deps = application.deps
    with deps.uow() as uow:
        now = deps.clock.now()
        known = uow.repo.reference(channel_key(channel)) is not None
        uow.repo.save_reference(channel_key(channel), reference, now)
        if not known:
            uow.repo.retry_outbox(now, channel)
        if personal_user:
            uow.repo.save_reference(user_key(personal_user), reference, now)
        user = (reference.get("user") or {}).get("id")
        if not personal_user and user:
            uow.repo.save_reference(crisis_key(user), {"channel": channel}, now)
        uow.commit()


def reference_for(application: Application, key: str) -> dict[str, Any] | None:
    with application.deps.read() as uow:
        return uow.repo.reference(key)


def crisis_of(application: Application, user: str) -> str | None:
    """The channel ``user`` last wrote in, for the commands of their one-to-one chat."""
    saved = reference_for(application, crisis_key(user))
    return str(saved["channel"]) if saved and saved.get("channel") else None
