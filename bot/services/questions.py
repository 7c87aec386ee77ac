"""Open questions: asking, answering, listing."""

from __future__ import annotations

from bot.domain.duetime import parse_due
from bot.domain.errors import Conflict, Forbidden, InvalidValue, NotFound
from bot.domain.facts import check_length
from bot.domain.model import EventKind, Question, QuestionState, open_by_urgency
from bot.domain.people import Person
from bot.domain.roles import Role
from bot.domain.snapshots import question_snapshot
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of


def ask_question(
    deps: Deps, caller: Caller, text: str, owner: Person | None, due: str | None
) -> Question:
    text = check_length(" ".join(text.split()), "question")
    deps.guard.check(
        [("question", text), ("responsable", owner.name if owner else None), ("échéance", due)]
    )
    if not text:
        raise InvalidValue("empty_question")
    now = deps.clock.now()
    due_at = parse_due(due, now) if due else None
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        cid = crisis_id(crisis)
        number = max((q.number for q in uow.repo.questions(cid)), default=0) + 1
        if owner is not None:
            uow.repo.save_person(owner)
        owner_id = owner.id if owner else None
        question = Question(cid, number, text, caller.user, now, owner=owner_id, due_at=due_at)
        uow.repo.save_question(question)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.QUESTION_OUVERTE,
            f"#{number}",
            None,
            question_snapshot(question),
        )
        uow.commit()
        return question


def answer_question(deps: Deps, caller: Caller, number: int, answer: str) -> Question:
    answer = check_length(" ".join(answer.split()), "réponse")
    deps.guard.check([("réponse", answer)])
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        question = uow.repo.question(crisis_id(crisis), number)
        if question is None:
            raise NotFound("unknown_question", number=number)
        if question.state is not QuestionState.OUVERTE:
            raise Conflict("question_closed", number=number, state=question.state.value)
        role = role_of(uow.repo, crisis, caller.user)
        if caller.user != question.owner and role is Role.MEMBRE:
            raise Forbidden("answer_role", number=number, owner=question.owner)
        before = question_snapshot(question)
        question.answer, question.answered_by = answer, caller.user
        question.answered_at, question.state = deps.clock.now(), QuestionState.REPONDUE
        uow.repo.save_question(question)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.QUESTION_REPONDUE,
            f"#{number}",
            before,
            question_snapshot(question),
        )
        uow.commit()
        return question


def open_questions(deps: Deps, caller: Caller) -> list[Question]:
    """Open questions, overdue first, then by due time, then by number."""
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return open_by_urgency(uow.repo.questions(crisis_id(crisis)))
