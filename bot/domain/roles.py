"""Roles of the crisis cell and what each may do."""

from __future__ import annotations

from enum import StrEnum

from bot.domain.errors import Forbidden, InvalidValue
from bot.domain.values import fold


class Role(StrEnum):
    PILOTE = "pilote"
    DIRECTION = "direction"
    DPO = "dpo"
    RSSI = "rssi"
    COMMUNICATION = "communication"
    JURIDIQUE = "juridique"
    MEDICAL = "medical"
    MEMBRE = "membre"


ROLE_ALIASES = {
    "pilot": Role.PILOTE,
    "lead": Role.PILOTE,
    "management": Role.DIRECTION,
    "dg": Role.DIRECTION,
    "ciso": Role.RSSI,
    "comms": Role.COMMUNICATION,
    "com": Role.COMMUNICATION,
    "legal": Role.JURIDIQUE,
    "medecin": Role.MEDICAL,
    "member": Role.MEMBRE,
}

VERIFIERS = frozenset({Role.PILOTE, Role.DPO, Role.RSSI})
ROLE_GRANTERS = frozenset({Role.PILOTE})
# Recording where a text went takes a role in the cell: the patient letter sent to patients
# meets a legal deadline.
DISSEMINATORS = frozenset(Role) - {Role.MEMBRE}


def parse_role(raw: str) -> Role:
    word = fold(raw.strip())
    for role in Role:
        if word == role.value:
            return role
    if word in ROLE_ALIASES:
        return ROLE_ALIASES[word]
    raise InvalidValue("unknown_role", roles=[r.value for r in Role])


def require(role: Role, allowed: frozenset[Role], action: str) -> None:
    if role not in allowed:
        raise Forbidden(
            "role_required",
            action=action,
            role=role.value,
            allowed=sorted(r.value for r in allowed),
        )


ANYONE = "*"
"""In the list of administrators: anyone in the workspace may open a crisis."""


def require_opener(
    admins: frozenset[str], platform: str, user: str, aliases: tuple[str, ...] = ()
) -> None:
    """Who may open a crisis. ``*`` lets anyone; a list lets the people it names. With no
    list at all, the chat platforms fail closed (nobody opens a crisis from Slack or Teams,
    so that a forgotten setting never opens the bot to a whole workspace), while the local
    console, the machine's own operator, keeps working without any setting. A person may be
    listed by any of their ids; a refusal shows them, to be given to whoever runs the bot."""
    if ANYONE in admins:
        return
    if not admins:
        if platform != "console":
            raise Forbidden("admins_unset", ids=[user, *aliases])
        return
    if user not in admins and not admins.intersection(aliases):
        raise Forbidden("admins_only", ids=[user, *aliases])
