"""Building the Bolt app: the Web API client with retries, the listeners, the error handler."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import actions, commands, events, views
from bot.adapters.slack.context import SlackContext
from bot.adapters.slack.format import Names
from bot.bootstrap import Application
from bot.commands.reply import Reply

log = logging.getLogger(__name__)
LISTENERS = (commands, actions, views, events)


def web_client(token: str, base_url: str | None, retries: bool = True) -> AsyncWebClient:
    """A client that, unless told not to, retries 5xx and resets and waits out rate limits
    (429, Retry-After). Told not to, it retries nothing at all: slack_sdk's own default (a
    connection error sent again) is left out too."""
    base = base_url or AsyncWebClient.BASE_URL
    if not retries:
        return AsyncWebClient(token=token, base_url=base, retry_handlers=[])
    client = AsyncWebClient(token=token, base_url=base)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
    client.retry_handlers.extend(
        [
            AsyncServerErrorRetryHandler(max_retry_count=3),
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
        ]
    )
    return client


def outbox_client(token: str, base_url: str | None) -> AsyncWebClient:
    """The outbox's client retries nothing by itself. A post is not idempotent: Slack may
    have taken a message whose answer was a 5xx or a reset connection, and posting it again
    blindly doubles it; the deliverer retries instead, after looking in the channel whether
    the post is there (``SlackTransport.already_sent``). Nor does it wait out a rate limit:
    one channel's wait holds no other."""
    return web_client(token, base_url, retries=False)


def build(application: Application) -> tuple[AsyncApp, SlackContext]:
    settings = application.settings
    assert settings.slack_bot_token
    client = web_client(settings.slack_bot_token, settings.slack_api_url)
    app = AsyncApp(
        client=client,
        # Socket Mode needs no signing secret: its requests are not signed. Over HTTP the
        # secret is required at start, and an empty one would refuse every request.
        signing_secret=settings.slack_signing_secret or "",
        raise_error_for_unhandled_request=False,
    )
    forms = web_client(settings.slack_bot_token, settings.slack_api_url, retries=False)
    ctx = SlackContext(
        application, client, application.messages.buttons, Names(client), forms=forms
    )
    for module in LISTENERS:
        module.register(app, ctx)

    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("Slack listener failed", exc_info=error)
        user = (body.get("user") or {}).get("id") or body.get("user_id")
        channel = (body.get("channel") or {}).get("id") or body.get("channel_id")
        if user and channel:
            text = application.messages.render(Reply("internal", {}, error=True))
            try:
                await ctx.say(channel, user, {"text": text}, body.get("response_url"))
            except Exception:
                log.exception("could not tell the user about the failure")

    app.error(on_error)
    return app, ctx
