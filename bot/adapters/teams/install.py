"""Installing the app for a person, so that the bot may write to them privately: Microsoft
Graph's ``POST /users/{id}/teamwork/installedApps``, which the tenant allows by granting the
app registration ``TeamsAppInstallation.ReadWriteSelfForUser.All``. Without that grant (or
without ``TEAMS_APP_CATALOG_ID``) nothing is installed and the person is told how to."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

import aiohttp

log = logging.getLogger(__name__)
GRAPH = "https://graph.microsoft.com"
GRAPH_SCOPE = f"{GRAPH}/.default"
# 201: installed; 409: it already was (the chat may not be created yet).
INSTALLED = frozenset({200, 201, 204, 409})


@dataclass
class Installer:
    graph_url: str
    catalog_id: str
    token: Callable[[], Awaitable[str | None]]

    async def install(self, user: str) -> bool:
        """Install the app for ``user`` (their Entra object id); whether it is installed."""
        base = self.graph_url.rstrip("/")
        url = f"{base}/users/{quote(user, safe='')}/teamwork/installedApps"
        body = {"teamsApp@odata.bind": f"{base}/appCatalogs/teamsApps/{self.catalog_id}"}
        try:
            token = await self.token()
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            async with (
                aiohttp.ClientSession() as session,
                session.post(url, json=body, headers=headers) as response,
            ):
                if response.status in INSTALLED:
                    return True
                log.warning("Graph refused to install the app for a person (%s)", response.status)
        except (aiohttp.ClientError, OSError, ValueError):
            log.warning("could not install the app for a person", exc_info=True)
        return False
