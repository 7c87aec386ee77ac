"""Where published texts went: recorded by whom, listed, shown in the digest and the
register."""

from __future__ import annotations

from datetime import datetime

from bot.domain.disseminations import Dissemination, Recipient, check_disseminate
from bot.domain.drafts import changed_facts
from bot.domain.errors import InvalidValue
from bot.domain.facts import check_length
from bot.domain.model import EventKind
from bot.domain.roles import DISSEMINATORS, require
from bot.domain.values import fold, parse_date, parse_datetime, relative_day
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of
from bot.services.drafts import DraftView, _draft, register_of, view


def recipient_of(deps: Deps, words: str) -> tuple[Recipient, str | None]:
    """The recipient named by the first words of ``words`` (« presse », « patients par
    sms »…), and what follows as detail (« Est Républicain »)."""
    folded = " ".join(fold(words).split())
    for spelling in sorted(deps.recipients, key=len, reverse=True):
        if folded == spelling or folded.startswith(spelling + " "):
            detail = " ".join(words.split()[len(spelling.split()) :])
            return deps.recipients[spelling], detail or None
    raise InvalidValue("unknown_recipient", recipients=[r.value for r in Recipient])


def moment_of(deps: Deps, when: str | None) -> tuple[datetime, bool]:
    """The moment ``when`` says (now when it says none), and whether it gives only a day."""
    if not when:
        return deps.clock.now(), False
    text, now = when.strip(), deps.clock.now()
    today = now.astimezone(deps.clock.tz).date()
    if len(text.split()) > 1 and relative_day(text, today) is None:
        return parse_datetime(text, deps.clock.tz, now), False
    day = parse_date(text, today)
    return datetime.combine(day, datetime.min.time(), tzinfo=deps.clock.tz), True


def disseminate(
    deps: Deps, caller: Caller, number: int, recipient: str, when: str | None
) -> tuple[DraftView, Dissemination]:
    recipient = check_length(" ".join(recipient.split()), "destinataire")
    deps.guard.check([("destinataire", recipient), ("date", when or "")])
    where, detail = recipient_of(deps, recipient)
    moment, day_only = moment_of(deps, when)
    if moment > deps.clock.now():
        raise InvalidValue("diffuse_future", number=number)
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), DISSEMINATORS, "diffuser")
        shown = view(deps, uow.repo, _draft(uow.repo, crisis, number))
        current = register_of(uow.repo, crisis_id(crisis))
        check_disseminate(
            shown.draft, changed_facts(shown.draft, current), where, moment,
            uow.repo.disseminations(crisis_id(crisis)), deps.clock.tz, day_only,
        )  # fmt: skip
        done = Dissemination(
            crisis_id(crisis), number, where, detail, moment, caller.user,
            deps.clock.now(), shown.draft.text_hash,
        )  # fmt: skip
        uow.repo.add_dissemination(done)
        log(
            uow.repo, crisis, deps, caller.user, EventKind.TEXTE_DIFFUSE, f"brouillon {number}",
            None,
            {"destinataire": where.value, "precision": detail, "le": moment.isoformat(),
             "empreinte": shown.draft.text_hash},
            number,
        )  # fmt: skip
        result = view(deps, uow.repo, shown.draft)
        uow.commit()
        return result, done


def list_disseminations(deps: Deps, caller: Caller) -> list[Dissemination]:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return uow.repo.disseminations(crisis_id(crisis))
