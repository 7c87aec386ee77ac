"""Where a published text went, when, and by whom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum

from bot.domain.drafts import Draft, DraftState
from bot.domain.errors import Conflict, InvalidValue


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


# The patient letter and its versions (plain language, English): alone they go to the
# people concerned.
PATIENT_LETTERS = frozenset({"patients", "patients_falc", "patients_en"})
TO_PATIENTS = frozenset(
    {Recipient.PATIENTS_COURRIER, Recipient.PATIENTS_COURRIEL, Recipient.PATIENTS_SMS}
)


def check_disseminate(
    draft: Draft,
    stale: list[str],
    recipient: Recipient,
    moment: datetime,
    done: Iterable[Dissemination],
    tz: tzinfo,
    day_only: bool = False,
) -> None:
    """Only a published text, still current, is disseminated, once to each recipient at a
    given minute, never before it was published (``day_only``: a date without a time is
    compared by day), and only the patient letter (or one of its versions) goes to the patients."""
    if draft.state is not DraftState.PUBLIE:
        raise Conflict("diffuse_unpublished", number=draft.number, state=draft.state.value)
    if stale:
        raise Conflict("diffuse_stale", number=draft.number, keys=stale)
    if recipient in TO_PATIENTS and draft.model not in PATIENT_LETTERS:
        raise Conflict("diffuse_not_letter", number=draft.number, recipient=recipient.value)
    published = draft.published_at
    assert published is not None
    early = (
        moment.astimezone(tz).date() < published.astimezone(tz).date()
        if day_only
        else moment < published.replace(second=0, microsecond=0)
    )
    if early:
        raise InvalidValue("diffuse_before_publication", number=draft.number)
    minute = moment.replace(second=0, microsecond=0)
    if any(
        d.draft == draft.number
        and d.recipient is recipient
        and d.at.replace(second=0, microsecond=0) == minute
        for d in done
    ):
        raise Conflict("diffuse_twice", number=draft.number, recipient=recipient.value)


def patients_informed(
    disseminations: Iterable[Dissemination], drafts: Iterable[Draft], tz: tzinfo
) -> date | None:
    """The day the patient letter (modèle ``patients`` or a version of it) first went to the
    people concerned, by post, e-mail or SMS, as ``diffuser`` recorded it; ``None`` before."""
    letters = {d.number for d in drafts if d.model in PATIENT_LETTERS}
    days = [
        d.at.astimezone(tz).date()
        for d in disseminations
        if d.recipient in TO_PATIENTS and d.draft in letters
    ]
    return min(days, default=None)
