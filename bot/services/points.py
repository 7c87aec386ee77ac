"""Points de situation at the rhythm the pilote sets: each one a structured post that
promises the next; the owner is reminded before it is due. Like digests, points are outbox
items keyed to exist once whatever the number of instances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.calls import CallCount
from bot.domain.courante import CADENCE_SETTERS, MAX_HOURS, Cadence, open_inquiries
from bot.domain.errors import InvalidValue, NotFound
from bot.domain.model import Crisis, CrisisState, EventKind, Fact, FactStatus
from bot.domain.outbox import OutboxItem
from bot.domain.ports import Repository
from bot.domain.roles import require
from bot.services.calls import counts_of
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of
from bot.services.courante import DecisionView, views
from bot.services.digest import DECIDED, Digest, build

POINT = "point"
POINT_REMINDER = "rappel_point"
REMIND_BEFORE = timedelta(minutes=30)


@dataclass
class Point:
    number: int
    digest: Digest
    hypotheses: list[Fact]
    decisions: list[DecisionView]
    to_review: list[DecisionView]
    unowned: int
    inquiries: int
    next_at: datetime
    calls: list[CallCount]


def set_cadence(deps: Deps, caller: Caller, hours: int) -> Cadence:
    if not 1 <= hours <= MAX_HOURS:
        raise InvalidValue("invalid_cadence", limit=MAX_HOURS)
    now = deps.clock.now()
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), CADENCE_SETTERS, "point")
        cid = crisis_id(crisis)
        before = uow.repo.cadence(cid)
        cadence = Cadence(
            cid,
            hours,
            caller.user,
            now + timedelta(hours=hours),
            before.last_seq if before else 0,
            before.count if before else 0,
        )
        uow.repo.save_cadence(cadence)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.POINT_RYTHME,
            "points",
            {"heures": before.hours} if before else None,
            {"heures": hours, "prochain": cadence.next_at.isoformat()},
        )
        uow.commit()
        return cadence


def _enqueue(deps: Deps, repo: Repository, crisis: Crisis, cadence: Cadence) -> bool:
    """The next point of ``crisis``, covering the journal since the previous one."""
    cid = crisis_id(crisis)
    now = deps.clock.now()
    while cadence.next_at <= now:
        cadence.next_at += timedelta(hours=cadence.hours)
    last = repo.last_event(cid)
    upto = last.seq if last else 0
    number = cadence.count + 1
    payload = {
        "since": cadence.last_seq,
        "upto": upto,
        "number": number,
        "next": cadence.next_at.isoformat(),
    }
    key = f"point:{cid}:{number}"
    item = OutboxItem(key, cid, crisis.channel, POINT, payload, now, now, platform=crisis.platform)
    added = repo.enqueue(item)
    cadence.count, cadence.last_seq = number, upto
    repo.save_cadence(cadence)
    return added


def point_now(deps: Deps, caller: Caller) -> Cadence:
    """A point now; the next one keeps the rhythm from now."""
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        cadence = uow.repo.cadence(crisis_id(crisis))
        if cadence is None:
            raise NotFound("no_cadence")
        cadence.next_at = deps.clock.now()
        _enqueue(deps, uow.repo, crisis, cadence)
        uow.commit()
        return cadence


def due_points(deps: Deps) -> int:
    """Enqueue the points that fell due, and the owner's reminder shortly before each."""
    now = deps.clock.now()
    count = 0
    with deps.uow() as uow:
        for crisis in uow.repo.crises():
            if crisis.state is not CrisisState.OUVERTE:
                continue
            cadence = uow.repo.cadence(crisis_id(crisis))
            if cadence is None:
                continue
            if now >= cadence.next_at:
                count += _enqueue(deps, uow.repo, crisis, cadence)
            elif now >= cadence.next_at - REMIND_BEFORE:
                number = cadence.count + 1
                payload = {"number": number, "at": cadence.next_at.isoformat()}
                key = f"{POINT_REMINDER}:{crisis.id}:{number}"
                item = OutboxItem(
                    key, crisis.id, crisis.channel, POINT_REMINDER, payload, now, now,
                    cadence.owner, platform=crisis.platform,
                )  # fmt: skip
                count += uow.repo.enqueue(item)
        uow.commit()
    return count


def build_point(deps: Deps, repo: Repository, crisis: Crisis, payload: dict[str, object]) -> Point:
    cid = crisis_id(crisis)
    since, upto = int(str(payload["since"])), int(str(payload["upto"]))
    digest = build(deps, repo, crisis, since, upto)
    decided = {
        e.subject for e in repo.events_since(cid, since) if e.seq <= upto and e.kind in DECIDED
    }
    all_views = views(repo, crisis)
    return Point(
        number=int(str(payload["number"])),
        digest=digest,
        hypotheses=sorted(
            (f for f in repo.facts(cid) if f.status is FactStatus.SIGNALE), key=lambda f: f.key
        ),
        decisions=[v for v in all_views if f"décision {v.decision.number}" in decided],
        to_review=[v for v in all_views if v.changed],
        unowned=sum(1 for q in digest.questions if not q.owner),
        inquiries=len(open_inquiries(repo.inquiries(cid))),
        next_at=datetime.fromisoformat(str(payload["next"])),
        calls=counts_of(repo, crisis),
    )
