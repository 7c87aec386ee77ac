"""Where a published text went, when, and by whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.drafts import Draft, DraftState
from bot.domain.errors import Conflict


class Recipient(StrEnum):
    """Where a text goes; ``messages/<lang>/labels.yml`` says them, ``destinataires.yml``
    lists the words people type for each."""

    SITE_WEB = "site_web"
    PRESSE = "presse"
    RESEAUX_SOCIAUX = "reseaux_sociaux"
    PATIENTS_COURRIER = "patients_courrier"
    PATIENTS_COURRIEL = "patients_courriel"
    PATIENTS_SMS = "patients_sms"
    STANDARD = "standard"
    PERSONNEL = "personnel"
    ARS = "ars"
    CNIL = "cnil"
    AUTRE = "autre"


@dataclass(frozen=True)
class Dissemination:
    crisis_id: int
    draft: int
    recipient: Recipient
    detail: str | None
    at: datetime
    by: str
    recorded_at: datetime
    text_hash: str
    id: int | None = None


def check_disseminate(draft: Draft, stale: list[str]) -> None:
    """Only a published text, still current, is disseminated."""
    if draft.state is not DraftState.PUBLIE:
        raise Conflict("diffuse_unpublished", number=draft.number, state=draft.state.value)
    if stale:
        raise Conflict("diffuse_stale", number=draft.number, keys=stale)
