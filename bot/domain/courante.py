"""The main courante: decisions (and the decision that starts the clocks), filings to the
authorities, press inquiries and the rhythm of points de situation. Plain data and rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.errors import Conflict, InvalidValue
from bot.domain.model import Fact, FactStatus
from bot.domain.roles import Role
from bot.domain.values import ValueType, fold


class DecisionKind(StrEnum):
    DECISION = "decision"
    CONNAISSANCE = "connaissance"
    OBLIGATION = "obligation"
    APPROBATION = "approbation"


@dataclass(frozen=True)
class FactSeen:
    """The version and status of a fact when a decision relied on it."""

    version: int
    status: FactStatus

    @classmethod
    def of(cls, fact: Fact) -> FactSeen:
        return cls(fact.version, fact.status)


@dataclass
class Decision:
    """``facts`` maps each fact the decision relied on to what it saw of it; ``moment`` is
    the moment of awareness a ``connaissance`` decision sets."""

    crisis_id: int
    number: int
    text: str
    motif: str | None
    facts: dict[str, FactSeen]
    decided_by: str
    decided_at: datetime
    kind: DecisionKind = DecisionKind.DECISION
    moment: datetime | None = None

    def changed(self, current: Mapping[str, Fact]) -> list[str]:
        """The facts it relied on whose value or status changed since (or that vanished):
        the decision is to be reviewed."""
        return [
            key
            for key, seen in sorted(self.facts.items())
            if key not in current or FactSeen.of(current[key]) != seen
        ]


def awareness(decisions: Iterable[Decision]) -> Decision | None:
    """The latest decision on the moment of awareness, which starts the clocks."""
    found = [d for d in decisions if d.kind is DecisionKind.CONNAISSANCE and d.moment]
    return max(found, key=lambda d: d.number) if found else None


class Body(StrEnum):
    """Whom a filing goes to."""

    CNIL = "cnil"
    CERT_SANTE = "cert_sante"
    PLAINTE = "plainte"
    ASSUREUR = "assureur"
    ANSSI = "anssi"


BODY_ALIASES = {
    "cert": Body.CERT_SANTE,
    "certsante": Body.CERT_SANTE,
    "ars": Body.CERT_SANTE,
    "ans": Body.CERT_SANTE,
    "complaint": Body.PLAINTE,
    "police": Body.PLAINTE,
    "gendarmerie": Body.PLAINTE,
    "insurer": Body.ASSUREUR,
    "assurance": Body.ASSUREUR,
}


def parse_body(raw: str) -> Body:
    word = fold(raw.strip()).replace("-", "_").replace(" ", "_")
    for body in Body:
        if word == body.value:
            return body
    found = BODY_ALIASES.get(word.replace("_", ""))
    if found is None:
        raise InvalidValue("unknown_body", bodies=[b.value for b in Body])
    return found


@dataclass
class Filing:
    crisis_id: int
    number: int
    body: Body
    filed_on: date
    reference: str | None
    note: str | None
    recorded_by: str
    recorded_at: datetime


def filings_to(filings: Iterable[Filing], body: Body) -> list[Filing]:
    """The filings to ``body``, oldest first: the first CNIL one is the initial notification."""
    return sorted((f for f in filings if f.body is body), key=lambda f: (f.filed_on, f.number))


def check_filing(new: Filing, filings: Iterable[Filing], aware: date | None) -> None:
    """A filing is not dated before the day the establishment became aware (``aware``), and
    the same filing (organisme, day, reference and note) is consigned once."""
    if aware is not None and new.filed_on < aware:
        raise InvalidValue("filing_before_awareness", day=new.filed_on, aware=aware)
    same = (new.body, new.filed_on, new.reference, new.note)
    for filing in filings:
        if (filing.body, filing.filed_on, filing.reference, filing.note) == same:
            raise Conflict("filing_twice", number=filing.number, body=new.body.value)


def check_awareness(aware: date, filings: Iterable[Filing]) -> None:
    """The moment of awareness is not moved after a filing already consigned: a filing
    says the establishment knew by then."""
    earlier = [f for f in filings if f.filed_on < aware]
    if earlier:
        first = min(earlier, key=lambda f: (f.filed_on, f.number))
        raise Conflict(
            "awareness_after_filing", number=first.number, body=first.body.value,
            day=first.filed_on,
        )  # fmt: skip


FILED_KEYS: dict[Body, tuple[str, str]] = {
    Body.CNIL: ("cnil.notifiee_le", "cnil.reference"),
    Body.CERT_SANTE: ("cert_sante.signale_le", "cert_sante.reference"),
    Body.PLAINTE: ("plainte.deposee_le", "plainte.reference"),
    Body.ASSUREUR: ("assureur.informe_le", "assureur.reference"),
    Body.ANSSI: ("anssi.signale_le", "anssi.reference"),
}


def _filed(filing: Filing, key: str, value: str, kind: ValueType, version: int) -> Fact:
    return Fact(
        filing.crisis_id, key, value, kind, FactStatus.VERIFIE, None, None, version,
        filing.recorded_by, filing.recorded_at,
    )  # fmt: skip


def with_filings(facts: Iterable[Fact], filings: Iterable[Filing]) -> list[Fact]:
    """The register as texts read it: the first filing to each body gives the day it was
    done (``cnil.notifiee_le``…) and the first reference given its reference
    (``cnil.reference``…), both verified, in place of any fact of those keys. Their version
    is the number of the latest filing to that body, so that a new filing makes a draft
    that read them périmé."""
    filings = list(filings)
    filed: dict[str, Fact] = {}
    for body, (day_key, reference_key) in FILED_KEYS.items():
        found = filings_to(filings, body)
        if not found:
            continue
        version = max(f.number for f in found)
        day = found[0].filed_on.isoformat()
        filed[day_key] = _filed(found[0], day_key, day, ValueType.DATE, version)
        referenced = [f for f in found if f.reference]
        if referenced:
            reference = str(referenced[0].reference)
            filed[reference_key] = _filed(
                referenced[0], reference_key, reference, ValueType.TEXTE, version
            )
    return [f for f in facts if f.key not in filed] + list(filed.values())


class Change(StrEnum):
    """How a fact changed since a filing: established, corrected (another verified value),
    ruled out, or back under evaluation."""

    ETABLI = "etabli"
    CORRIGE = "corrige"
    ECARTE = "ecarte"
    REEVALUE = "reevalue"


@dataclass(frozen=True)
class Evolution:
    key: str
    change: Change
    label: str


@dataclass(frozen=True)
class Since:
    """What changed in the register since the latest filing to a body (``filing``)."""

    filing: Filing
    evolutions: list[Evolution]


def evolution(before: Mapping[str, object] | None, now: Fact) -> Change | None:
    """How ``now`` differs from the fact as it stood (``before``, its journal snapshot)."""
    status = before.get("statut") if before else None
    if now.status is FactStatus.VERIFIE:
        if status != FactStatus.VERIFIE.value:
            return Change.ETABLI
        return Change.CORRIGE if before and before.get("valeur") != now.value else None
    if now.status is FactStatus.REFUTE:
        return Change.ECARTE if status != FactStatus.REFUTE.value else None
    return Change.REEVALUE if status == FactStatus.VERIFIE.value else None


class InquiryState(StrEnum):
    OUVERTE = "ouverte"
    REPONDUE = "repondue"


@dataclass
class Inquiry:
    """A journalist's question, its deadline, and the draft used to answer it."""

    crisis_id: int
    number: int
    media: str
    journalist: str
    question: str
    asked_by: str
    asked_at: datetime
    due_at: datetime | None = None
    state: InquiryState = InquiryState.OUVERTE
    draft: int | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None

    def overdue(self, now: datetime) -> bool:
        return self.state is InquiryState.OUVERTE and self.due_at is not None and self.due_at < now


def open_inquiries(inquiries: Iterable[Inquiry]) -> list[Inquiry]:
    """Open inquiries, soonest deadline first (so the overdue ones lead), undated last."""
    pending = [i for i in inquiries if i.state is InquiryState.OUVERTE]
    return sorted(pending, key=lambda i: (i.due_at is None, i.due_at or datetime.max, i.number))


@dataclass
class Cadence:
    """The rhythm of points de situation: every ``hours``, the next one at ``next_at``;
    ``last_seq`` is the journal event the last point covered up to."""

    crisis_id: int
    hours: int
    owner: str
    next_at: datetime
    last_seq: int = 0
    count: int = 0


MAX_HOURS = 48

DECIDERS = frozenset(role for role in Role if role is not Role.MEMBRE)
AWARENESS_DECIDERS = frozenset({Role.PILOTE, Role.DPO})
FILERS = frozenset({Role.PILOTE, Role.DPO, Role.JURIDIQUE, Role.DIRECTION})
# The security officer reports the incident to the security authorities.
SECURITY_BODIES = frozenset({Body.CERT_SANTE, Body.ANSSI})


def filers(body: Body) -> frozenset[Role]:
    """Who records a filing with ``body``: the RSSI too for CERT Santé and the ANSSI."""
    return FILERS | {Role.RSSI} if body in SECURITY_BODIES else FILERS


PRESS_ANSWERERS = frozenset({Role.PILOTE, Role.COMMUNICATION})
CADENCE_SETTERS = frozenset({Role.PILOTE})
