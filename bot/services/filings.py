"""Filings to the authorities (CNIL, CERT Santé / ARS, complaint, insurer, ANSSI): date,
reference and receipt, which also stop the clocks."""

from __future__ import annotations

from bot.domain.clocks import aware_at
from bot.domain.courante import Filing, awareness, check_filing, filers, parse_body
from bot.domain.errors import InvalidValue
from bot.domain.facts import check_length
from bot.domain.model import EventKind
from bot.domain.roles import require
from bot.domain.snapshots import filing_snapshot
from bot.domain.values import parse_date
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of


def _clean(text: str | None, what: str) -> str | None:
    return check_length(" ".join(text.split()), what) or None if text else None


def record_filing(
    deps: Deps,
    caller: Caller,
    body: str,
    on: str | None,
    reference: str | None,
    note: str | None,
) -> Filing:
    reference, note = _clean(reference, "référence"), _clean(note, "note")
    deps.guard.check([("organisme", body), ("date", on), ("référence", reference), ("note", note)])
    target = parse_body(body)
    day = on.strip().removeprefix("le ").strip() if on else ""
    today = deps.clock.now().astimezone(deps.clock.tz).date()
    filed_on = parse_date(day, today) if day else deps.clock.now().date()
    if filed_on > today:
        raise InvalidValue("future_filing")
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), filers(target), "depot")
        cid = crisis_id(crisis)
        filings = uow.repo.filings(cid)
        decided = awareness(uow.repo.decisions(cid))
        aware = aware_at(uow.repo.facts(cid), decided.moment if decided else None, deps.clock.tz)
        number = len(filings) + 1
        filing = Filing(
            cid, number, target, filed_on, reference, note, caller.user, deps.clock.now()
        )
        check_filing(filing, filings, aware.astimezone(deps.clock.tz).date() if aware else None)
        uow.repo.add_filing(filing)
        log(
            uow.repo,
            crisis,
            deps,
            caller.user,
            EventKind.DEPOT_ENREGISTRE,
            f"dépôt {number}",
            None,
            filing_snapshot(filing),
        )
        uow.commit()
        return filing


def list_filings(deps: Deps, caller: Caller) -> list[Filing]:
    with deps.read() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel)
        return uow.repo.filings(crisis_id(crisis))
