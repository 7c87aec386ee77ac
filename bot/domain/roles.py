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
