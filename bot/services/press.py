"""The press desk: journalists' inquiries, their deadlines, and the text that answered."""

from __future__ import annotations

from bot.domain.courante import (
    PRESS_ANSWERERS,
    Inquiry,
    InquiryState,
    open_inquiries,
)
from bot.domain.drafts import check_press_answer
from bot.domain.duetime import parse_due
from bot.domain.errors import Conflict, InvalidValue, NotFound
from bot.domain.facts import check_length
from bot.domain.model import EventKind
from bot.domain.roles import require
from bot.domain.snapshots import inquiry_snapshot
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of
from bot.services.drafts import view


def log_inquiry(
    deps: Deps, caller: Caller, media: str, journalist: str, question: str, due: str | None
) -> Inquiry:
    media = check_length(" ".join(media.split()), "média")
    journalist = check_length(" ".join(journalist.split()), "journaliste")
    question = check_length(" ".join(question.split()), "question")
    deps.guard.check(
        [("média", media), ("journaliste", journalist), ("question", question), ("échéance", due)]
    )
    if not (media and journalist and question):
        raise InvalidValue("empty_inquiry")
    now = deps.clock.now()
    due_at = parse_due(due, now) if due else None
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        cid = crisis_id(crisis)
        number = len(uow.repo.inquiries(cid)) + 1
        inquiry = Inquiry(cid, number, media, journalist, question, caller.user, now, due_at)
        uow.repo.save_inquiry(inquiry)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.PRESSE_RECUE,
            f"presse {number}",
            None,
            inquiry_snapshot(inquiry),
        )
        uow.commit()
        return inquiry


def answer_inquiry(deps: Deps, caller: Caller, number: int, draft: int) -> Inquiry:
    """Inquiry ``number`` answered with draft ``draft`` (the approved text or talking points)."""
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), PRESS_ANSWERERS, "presse")
        cid = crisis_id(crisis)
        found = [i for i in uow.repo.inquiries(cid) if i.number == number]
        if not found:
            raise NotFound("unknown_inquiry", number=number)
        inquiry = found[0]
        if inquiry.state is not InquiryState.OUVERTE:
            raise Conflict("inquiry_closed", number=number)
        used = uow.repo.draft(cid, draft)
        if used is None:
            raise NotFound("unknown_draft", number=draft)
        shown = view(deps, uow.repo, used)
        check_press_answer(number, used, shown.missing, shown.stale, shown.open_findings)
        before = inquiry_snapshot(inquiry)
        inquiry.state, inquiry.draft = InquiryState.REPONDUE, draft
        inquiry.answered_by, inquiry.answered_at = caller.user, deps.clock.now()
        uow.repo.save_inquiry(inquiry)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.PRESSE_REPONDUE,
            f"presse {number}",
            before,
            inquiry_snapshot(inquiry),
        )
        uow.commit()
        return inquiry


def list_inquiries(deps: Deps, caller: Caller) -> list[Inquiry]:
    """Open inquiries, overdue first."""
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return open_inquiries(uow.repo.inquiries(crisis_id(crisis)))
