"""The corpus of edited sentences (tests/data/edited_sentences.yml) put through the real
path of an edit (grammar, services, provenance, check) on in-memory fakes, and scored:
shared by the unit test and ``bench/factcheck.py``.

Each sentence is added by ``com`` to the draft the register gives (a communiqué; a patient
letter for ``bloque_patients``), then:

- ``silent``: a sentence the register does not establish that comes back with neither a
  finding nor a request for confirmation (« aucun constat »); goal 0;
- ``acceptable``: a sentence nobody may publish with no finding that nobody may accept;
  goal 0;
- ``deletion_findings``: each register sentence deleted in turn, the findings the deletion
  brings, those of required content aside (named, not accepted silently); goal 0.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.commands import EditDraft
from bot.domain.findings import NEVER_ACCEPTED, FindingCode
from bot.drafting.document import readable
from bot.services import backing, drafts
from bot.services.drafts import DraftView
from tests.fakes import FakeRepository, FakeUnitOfWork

CORPUS = Path(__file__).parent / "data" / "edited_sentences.yml"
START = datetime(2026, 1, 12, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
ROLES = ("role @bob dpo", "role @dir direction", "role @jur juridique", "role @com communication")
REGISTER = {
    "etablissement.nom": "la Clinique des Mésanges",
    "etablissement.ville": "Lure",
    "incident.connu_le": "12/01/2026 09:15",
    "exfiltration.trace": "non",
    "presse.contact": "service communication, 03 84 00 00 00",
    "confidentiel.noms": "Vigie",
}
CLAIMED = {
    "revendication.volume": "48 200",
    "revendication.source": "BreachForums",
    "revendication.auteur": "groupe LockBit",
}
BREACH = {
    "fuite.averee": "oui",
    "donnees.categories": "noms, prénoms, dates de consultation",
    "consequences.probables": "un risque d'hameçonnage ciblé",
    "mesures.prises": "réinitialisation des accès",
    "dpo.contact": "dpo@clinique-mesanges.example, 03 84 00 00 01",
}


@dataclass
class Score:
    sentences: int = 0
    silent: list[str] = field(default_factory=list)
    acceptable: list[str] = field(default_factory=list)
    deletions: int = 0
    required: int = 0
    deletion_findings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def cell(channel: str, facts: dict[str, str], model: str) -> tuple[Application, str]:
    """An application on fakes, a crisis with its roles and ``facts`` (the claim signalé,
    the rest verified), and the text of draft 1 of ``model``."""
    folder = Path(tempfile.mkdtemp(prefix="crisisbot-corpus-"))
    config = Settings(
        CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{folder}/x.db",  # type: ignore[call-arg]
        CRISISBOT_DATA_DIR=str(folder), _env_file=None,
    )  # fmt: skip
    store = FakeRepository()
    app = bootstrap(config, clock=FixedClock(START), uow=lambda: FakeUnitOfWork(store))
    for line in ("ouvrir Fuite présumée", *ROLES):
        assert not app.answer("alice", channel, line).error
    for key, value in {**facts, **CLAIMED}.items():
        assert not app.answer("alice", channel, f"fait {key} = {value}").error, key
        if key not in CLAIMED:
            assert not app.answer("bob", channel, f"verifier {key}").error, key
    answer = app.answer("com", channel, f"rediger {model}")
    assert not answer.error, answer.text
    return app, readable(answer.reply.data["view"].draft.text)


def edited(app: Application, channel: str, text: str) -> DraftView | str:
    answer = app.answer("com", channel, EditDraft(1, text))
    if answer.error:
        return answer.reply.template
    view = answer.reply.data["view"]
    assert isinstance(view, DraftView)
    return view


def _added(app: Application, channel: str, base: str, sentence: str, score: Score) -> None:
    score.sentences += 1
    view = edited(app, channel, base + "\n\n" + sentence)
    if isinstance(view, str):
        score.refused.append(f"{sentence} ({view})")
        return
    number = len(view.sentences)
    mine = [f for f in view.draft.findings if f.sentence == number]
    written = [n for n, _ in view.unbacked]
    if not mine and number not in written:
        score.silent.append(sentence)
    if not any(f.code in NEVER_ACCEPTED for f in mine):
        score.acceptable.append(sentence)


def score() -> Score:
    data = yaml.safe_load(CORPUS.read_text("utf-8"))
    result = Score()
    app, base = cell("C-com", REGISTER, "communique")
    for kind in ("invente", "fidele", "bloque"):
        for sentence in data[kind]:
            before = len(result.acceptable)
            _added(app, "C-com", base, sentence, result)
            if kind != "bloque":
                del result.acceptable[before:]
    letter, letter_base = cell("C-pat", {**REGISTER, **BREACH}, "patients")
    for sentence in data["bloque_patients"]:
        _added(letter, "C-pat", letter_base, sentence, result)
    for sentence in drafts_sentences(app, "C-com"):
        result.deletions += 1
        view = edited(app, "C-com", base.replace(sentence, "").strip())
        if isinstance(view, str):
            continue
        found = [f for f in view.draft.findings if f.open]
        if any(f.code is FindingCode.CLAUSE_RETIREE for f in found):
            result.required += 1
        others = [f for f in found if f.code is not FindingCode.CLAUSE_RETIREE]
        if others or view.unbacked:
            result.deletion_findings.append(sentence)
    return result


def drafts_sentences(app: Application, channel: str) -> list[str]:
    """The register sentences of the first version of draft 1."""
    with app.deps.read() as uow:
        crisis = uow.repo.crisis_for_channel(channel)
        assert crisis is not None and crisis.id is not None
        draft = uow.repo.draft(crisis.id, 1)
        assert draft is not None and draft.id is not None
        first = uow.repo.versions(draft.id)[0]
        return [s.text for s in first.sentences if s.register]


def time_per_check(rounds: int = 20) -> float:
    """Seconds per fact-check of a one-page text (a communiqué with ten sentences added)."""
    data = yaml.safe_load(CORPUS.read_text("utf-8"))
    app, base = cell("C-time", REGISTER, "communique")
    page = base + "\n\n" + " ".join(data["invente"][:10])
    view = edited(app, "C-time", page)
    assert not isinstance(view, str)
    deps = app.deps
    with deps.read() as uow:
        facts = list(drafts.register_of(uow.repo, view.draft.crisis_id).values())
        assert view.draft.id is not None
        versions = uow.repo.versions(view.draft.id)
        started = time.perf_counter()
        for _ in range(rounds):
            backing.fact_check(deps, uow.repo, view.draft, facts, view.draft.text, view.sentences,
                               versions)  # fmt: skip
        return (time.perf_counter() - started) / rounds
