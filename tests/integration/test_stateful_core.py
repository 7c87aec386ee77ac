"""Random sequences of commands by several people, through the console and through Slack,
with the invariants checked after every step: no command ends in the internal error or a
traceback, every listing renders in every language, the journal's audit holds, a refused
command leaves no event, and the journal replayed against the store keeps the rules of the
domain (who may verify, answer, edit, approve and publish; an approval is bound to the
version it approved and to the facts that version used; a published text had every role of
its modèle, from people who wrote none of it, after its last edit, with no finding left
open, every fact it rests on unchanged).

The examples are derandomized so that the suite gives the same verdict on every run, and not
shrunk, so that a failure is reported at once; set ``CRISISBOT_EXPLORE=1`` to draw new
sequences (and more of them) while hunting for bugs, and have a failing one shrunk."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from bot.adapters.slack.markup import unwrap
from bot.bootstrap import Answer, Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.clauses import DERIVED, register_state
from bot.domain.commands import EditDraft
from bot.domain.drafts import Draft, DraftState
from bot.domain.model import Event, EventKind, FactStatus
from bot.domain.people import Person, Platform
from bot.domain.provenance import stale
from bot.domain.roles import Role
from bot.drafting.document import readable
from bot.services import audit
from bot.services.drafts import register_of, view
from bot.services.filed import FILED

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 1, 12, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
EXPLORE = bool(os.environ.get("CRISISBOT_EXPLORE"))

CATALOG = yaml.safe_load((ROOT / "messages" / "catalog.yml").read_text("utf-8"))
KEYS = sorted(CATALOG["faits"])
MODELES = sorted(CATALOG["modeles"])
ROLES = [r.value for r in Role] + ["pilot", "dg", "ciso", "legal", "chef"]

CONSOLE_CHANNEL = "C1"
SLACK_CHANNEL = "C0CRISE01"
NAMES = ("alice", "bob", "carol", "dan")
SLACK_IDS = {"alice": "U0ALICE01", "bob": "U0BOB0001", "carol": "U0CAROL01", "dan": "U0DAN0001"}
SLACK_NAMES = {v: k for k, v in SLACK_IDS.items()}
LISTINGS = ("statut", "faits", "questions", "journal", "brouillons", "registre", "echeances")
LANGUAGES = ("fr", "en")

ODD_DATES = [
    "01/01/0001",
    "01/01/0001 00:00",
    "31/12/9999",
    "31/12/9999 23:59",
    "29/02/2025",
    "29/02/2024",
    "00/00/0000",
    "2026-13-01",
    "01/01/1900",
    "31/12/2100 23:59",
    "01/01/1899 12:00",
    "09/01/2026 14:30",
    "12/01/2026",
    "1/1/26",
    "demain 17h",
    "99999999999999999999",
]
ODD_TEXTS = [
    "la Clinique des Mésanges",
    "oui",
    "non",
    "peut-être",
    "1 250",
    "-5",
    "0",
    "103082",
    "1e9",
    "la Clinique & fils <SA>",
    "<script>alert('x')</script>",
    "rapport source: l'expert",
    "a source: b source: c",
    "ligne un\nligne deux\n\nligne quatre",
    "🔥💾 fuite confirmée 👀",
    "{{ 7 * 7 }} {% if x %}{# n #}",
    "`code` *gras* _penché_ ~barré~",
    "https://example.org/a?b=1&c=2",
    "@here <!channel>",
    "« guillemets » — tiret – et …",
    "x" * 4000,
    "mot " * 600,
    "dpo@chu-exemple.fr, 03 83 00 00 00",
    "Jean Dupont né le 01/02/1960, NIR 1 60 02 75 123 456 78",
]
DUES = ["17h", "demain 17h", "12/01/2026 18:00", "01/01/0001 00:00", "31/12/9999 23:59", "25h"]
FORMATS = ["docx", "md", "txt", "pdf"]
NUMBERS = st.one_of(st.integers(1, 4), st.sampled_from([0, 99999999999999999999]))

text_values = st.one_of(
    st.sampled_from(ODD_TEXTS),
    st.sampled_from(ODD_DATES),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="`"),
        min_size=1,
        max_size=40,
    ),
)
people = st.sampled_from(NAMES)
# A sentence added by an edit (or none: the edit drops a line instead).
EDITED = st.sampled_from(
    [
        "",
        "Nous comprenons l'inquiétude de nos patients.",
        "Les données médicales ne sont pas concernées.",
        "Aucune rançon n'a été payée.",
        "Les pirates détiennent environ cent mille dossiers.",
        "Tout est sous contrôle.",
        "La société Expertise mène l'enquête.",
        "Les patients de Mulhouse sont concernés.",
    ]
)
# An edit: by whom (the drafter when None), the sentence it adds, and where.
EDITS = st.tuples(st.one_of(st.none(), people), EDITED, st.integers(0, 40))
# Sentences a person may write, and a fact that later says otherwise.
CONTRADICTED = {
    "Aucune rançon n'a été payée.": ("rancon.payee", "oui"),
    "La société Expertise mène l'enquête.": ("enquete.experts", "la société Expertise"),
}
# The modèles the workflow rules draft, and the facts each needs verified first.
BASE = {
    "attente": [("etablissement.nom", "la Clinique des Mésanges")],
    "interne": [("etablissement.nom", "la Clinique des Mésanges")],
    "elements": [],
    "communique": [
        ("etablissement.nom", "la Clinique des Mésanges"),
        ("etablissement.ville", "Belfort"),
        ("revendication.date", "09/01/2026"),
    ],
}
WORKFLOW = sorted(BASE)
# Two values for each fact the drafts read, and how a fact changes under a draft.
ALTERNATIVES = {
    "etablissement.nom": ("la Clinique des Mésanges", "le Centre hospitalier du Parc"),
    "etablissement.ville": ("Belfort", "Mulhouse"),
    "revendication.date": ("09/01/2026", "10/01/2026"),
    "exfiltration.trace": ("non", "oui"),
    "enquete.experts": ("le cabinet Exemple", "la société Expertise"),
    "rancon.payee": ("non", "oui"),
}
CHANGES = ["valeur", "source", "refute", "refute_verifie", "signale"]
FACT_CHANGES = st.tuples(
    st.sampled_from(sorted(ALTERNATIVES)), st.sampled_from(CHANGES), st.booleans()
)
# Who publishes: the pilote, mostly.
PUBLISHER = st.one_of(st.just("alice"), people)
# A role for an approver: one the draft's modèle asks (by its rank; a round of approvals
# goes through them in turn), or any role or alias.
APPROVER_ROLES = st.one_of(st.just(0), st.integers(0, 2), st.sampled_from(ROLES))
mention = st.one_of(people.map(lambda n: "@" + n), st.just("@ghost"))


def optional(prefix: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), values.map(lambda v: f" {prefix} {v}"))


def command(template: str, *parts: st.SearchStrategy[object]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map(lambda values: template.format(*values))


COMMANDS = st.one_of(
    command(
        "fait {} = {}{}",
        st.sampled_from([*KEYS, "inconnu.cle"]),
        text_values,
        optional("source:", text_values),
    ),
    command("verifier {}{}", st.sampled_from(KEYS), optional("preuve:", text_values)),
    command("refuter {}{}", st.sampled_from(KEYS), optional("preuve:", text_values)),
    command(
        "question {}{}{}",
        text_values,
        st.one_of(st.just(""), mention.map(lambda m: " " + m)),
        optional("avant:", st.sampled_from(DUES)),
    ),
    command("repondre {} {}", NUMBERS, text_values),
    command("role {} {}", mention, st.sampled_from(ROLES)),
    command("rediger {}", st.sampled_from([*MODELES, "inconnu"])),
    command("voir {}", NUMBERS),
    command("approuver {}", NUMBERS),
    command("rejeter {} {}", NUMBERS, text_values),
    command("publier {}", NUMBERS),
    command("exporter {} {}", NUMBERS, st.sampled_from(FORMATS)),
    command("modifier {}\n{}", NUMBERS, text_values),
    command("comparer {}{}", NUMBERS, st.sampled_from(["", " 1", " v2", " 0"])),
    command("accepter {} {} motif: {}", NUMBERS, NUMBERS, text_values),
    command("rectifier {}", NUMBERS),
    command(
        "diffuser {} {}{}",
        NUMBERS,
        st.sampled_from(["presse", "site web", "ARS", "x"]),
        optional("le", st.sampled_from(ODD_DATES)),
    ),
    command(
        "decision {}{}{}",
        text_values,
        optional("motif:", text_values),
        optional("faits:", st.lists(st.sampled_from(KEYS), max_size=3).map(", ".join)),
    ),
    command("connaissance {} motif: {}", st.sampled_from(ODD_DATES), text_values),
    command(
        "depot {}{}{}",
        st.sampled_from(["cnil", "ars", "plainte", "assureur", "anssi", "mairie"]),
        optional("le", st.sampled_from(ODD_DATES)),
        optional("ref:", text_values),
    ),
    command(
        "presse {} / {} / {}{}",
        text_values,
        text_values,
        text_values,
        optional("avant:", st.sampled_from(DUES)),
    ),
    command("presse repondue {} {}", NUMBERS, NUMBERS),
    st.sampled_from(["presse", "point", "decisions", "diffusions", "digest", "aide", "aide fait"]),
    command("point toutes les {}h", st.sampled_from([0, 1, 4, 24, 999])),
    command("langue {}", st.sampled_from(["fr", "en", "de"])),
    st.sampled_from(["inconnue", "fait", "verifier", "role", "question", "repondre x y"]),
)


def slack_markup(text: str) -> str:
    """``text`` as Slack sends it with ``should_escape``: entities, and mentions as links."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def link(match: re.Match[str]) -> str:
        user = SLACK_IDS[match.group(1)]
        return f"<@{user}|{match.group(1)}>" if len(text) % 2 else f"<@{user}>"

    return re.sub(r"@(alice|bob|carol|dan)\b", link, escaped)


APPROVERS = {name: tuple(m["approbateurs"]) for name, m in CATALOG["modeles"].items()}
VERIFIERS = {"pilote", "dpo", "rssi"}
PUBLISHERS = {"pilote", "communication"}
# Keys the register does not hold as recorded facts: the CNIL clock, and what filings record.
NOT_RECORDED = DERIVED | FILED


@dataclass
class Text:
    """A draft as its journal tells it: its modèle, the fingerprint of its current version,
    who wrote that version, its state, and the approvals that still count (person: role)."""

    model: str
    empreinte: str
    author: str
    state: str = "brouillon"
    approved: dict[str, str] = field(default_factory=dict)
    published: Event | None = None


def draft_number(event: Event) -> int:
    return int(event.subject.split()[-1])


class BusinessRules:
    """The journal of one crisis replayed event by event, each checked against the rules of
    the domain with the state it had then (the roles, the facts), then against the store."""

    def __init__(self, repo: Any, cid: int) -> None:
        self.repo = repo
        self.drafts = {d.number: d for d in repo.drafts(cid)}
        self.versions = {n: repo.versions(d.id) for n, d in self.drafts.items()}
        self.events = repo.events(cid)
        self.roles: dict[str, str] = {}
        self.facts: dict[str, dict[str, Any]] = {}
        self.owners: dict[str, str | None] = {}
        self.texts: dict[int, Text] = {}

    def role(self, user: str) -> str:
        return self.roles.get(user, "membre")

    def writers(self, number: int, empreinte: str) -> set[str]:
        """Who wrote the version of draft ``number`` with fingerprint ``empreinte``: who
        drafted the text, who made that version, and who wrote any of its sentences."""
        versions = self.versions[number]
        version = next((v for v in versions if v.text_hash == empreinte), None)
        assert version is not None, (number, "no version with the fingerprint approved")
        people = {s.author for s in version.sentences if s.author is not None}
        return {versions[0].author, version.author, *people}

    def current(self, number: int, what: str) -> None:
        """Every fact the current version of draft ``number`` used is, at this point of the
        journal, as the draft used it: verified with that version and value, or still not
        verified when the draft read it unverified."""
        draft = self.drafts[number]
        for key, used in draft.facts_used.items():
            if key in NOT_RECORDED:
                continue
            fact = self.facts.get(key)
            verified = fact is not None and fact["statut"] == "verifie"
            if not used["version"]:
                assert not verified, (what, number, key, "verified since the draft read it")
                continue
            assert verified, (what, number, key, "no longer verified")
            assert fact is not None
            assert (fact["version"], fact["valeur"]) == (used["version"], used["valeur"]), (
                what, number, key, fact, used,
            )  # fmt: skip

    def backed(self, number: int) -> None:
        """Every sentence the modèle wrote in the current version still holds: each verified
        fact it rests on is verified now with the value it printed."""
        for sentence in self.versions[number][-1].sentences:
            for used in sentence.facts:
                if used.version == 0 or used.key in NOT_RECORDED:
                    continue
                fact = self.facts.get(used.key)
                assert fact is not None and fact["statut"] == "verifie", (number, used)
                assert fact["valeur"] == used.value, (number, used, fact)

    def replay(self) -> None:
        for event in self.events:
            self.step(event)
        self.against_the_store()

    def step(self, event: Event) -> None:
        kind, actor, after = event.kind, event.actor, event.after or {}
        if kind == EventKind.ROLE_ATTRIBUE:
            assert not self.roles or self.role(actor) == "pilote", event
            self.roles[event.subject] = after["role"]
            for text in self.texts.values():
                if text.state == "brouillon":
                    text.approved.pop(event.subject, None)
        elif kind == EventKind.FAIT_SIGNALE:
            self.facts[event.subject] = after
        elif kind in (EventKind.FAIT_VERIFIE, EventKind.FAIT_REFUTE):
            assert self.role(actor) in VERIFIERS, event
            self.facts[event.subject] = after
        elif kind == EventKind.QUESTION_OUVERTE:
            self.owners[event.subject] = after.get("responsable")
        elif kind == EventKind.QUESTION_REPONDUE:
            owner = self.owners[event.subject]
            assert actor == owner or self.role(actor) != "membre", event
        elif kind in (EventKind.BROUILLON_REDIGE, EventKind.RECTIFICATIF_REDIGE):
            number = draft_number(event)
            assert number not in self.texts, event
            self.texts[number] = Text(after["modele"], after["empreinte"], actor)
        elif kind.startswith("brouillon."):
            self.on_draft(event, self.texts[draft_number(event)])

    def on_draft(self, event: Event, text: Text) -> None:
        kind, actor, after = event.kind, event.actor, event.after or {}
        number = draft_number(event)
        if kind in (EventKind.BROUILLON_EXPORTE, EventKind.TEXTE_DIFFUSE):
            return
        assert text.state == "brouillon", ("a closed draft changed", event)
        approvers = APPROVERS[text.model]
        if kind == EventKind.BROUILLON_MODIFIE:
            assert actor == text.author or self.role(actor) == "communication", event
            assert (event.before or {})["empreinte"] == text.empreinte, event
            text.empreinte, text.author = after["empreinte"], actor
            text.approved.clear()
        elif kind == EventKind.BROUILLON_APPROUVE:
            role = after["role"]
            assert after["empreinte"] == text.empreinte, ("approval of a former version", event)
            assert self.role(actor) == role, event
            assert role in approvers, event
            assert actor not in self.writers(number, text.empreinte), (
                "approved by a writer",
                event,
            )
            assert role not in text.approved.values(), ("approved twice in a role", event)
            if self.drafts[number].text_hash == text.empreinte:
                self.current(number, "approved while périmé")
            text.approved[actor] = role
        elif kind == EventKind.BROUILLON_PUBLIE:
            assert self.role(actor) in PUBLISHERS, event
            assert after["empreinte"] == text.empreinte, event
            missing = set(approvers) - set(text.approved.values())
            assert not missing, ("published without", sorted(missing), event)
            self.current(number, "published while périmé")
            self.backed(number)
            text.state, text.published = "publie", event
        elif kind == EventKind.BROUILLON_REJETE:
            assert self.role(actor) in {*approvers, "pilote"}, event
            text.state = "rejete"
        elif kind in (EventKind.CONSTAT_ACCEPTE, EventKind.LANGUE_CONFIRMEE):
            assert self.role(actor) in {*approvers, "pilote"}, event
            assert actor not in self.writers(number, text.empreinte), event

    def against_the_store(self) -> None:
        assert set(self.texts) == set(self.drafts)
        for number, draft in self.drafts.items():
            text = self.texts[number]
            assert draft.state.value == text.state, (number, draft.state, text.state)
            assert draft.text_hash == text.empreinte, number
            assert draft.id is not None
            given = {
                (e.actor, e.after["role"])
                for e in self.events
                if e.kind == EventKind.BROUILLON_APPROUVE
                and e.subject == f"brouillon {number}"
                and (e.after or {}).get("empreinte") == draft.text_hash
            }
            for approval in self.repo.approvals(draft.id):
                assert approval.text_hash == draft.text_hash, (
                    "approval kept after an edit",
                    number,
                )
                assert (approval.user, approval.role.value) in given, (number, approval)
            if draft.state is DraftState.PUBLIE:
                assert text.published is not None and draft.published_by == text.published.actor
                writers = self.writers(number, draft.text_hash)
                for finding in draft.findings:
                    assert not finding.open, ("published with a finding open", number, finding)
                    assert finding.accepted_by not in writers, (number, finding)
            else:
                assert draft.published_at is None and draft.published_by is None, number


class CrisisCell(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="crisisbot-stateful-"))
        self.clock = FixedClock(START)
        config = Settings(
            CRISISBOT_ADMINS="*",  # type: ignore[call-arg]
            DATABASE_URL=f"sqlite:///{self.tmp}/test.db",
            CRISISBOT_EXPORTS_DIR=str(self.tmp / "exports"),
            _env_file=None,
        )
        self.app: Application = bootstrap(config, clock=self.clock)
        self.slack_people = {
            name: Person(Platform.SLACK, user, name) for name, user in SLACK_IDS.items()
        }
        for person in self.slack_people.values():
            self.app.meet(person)
        opened = [
            self.app.answer("alice", CONSOLE_CHANNEL, "ouvrir Fuite présumée"),
            self.app.answer(self.slack_people["alice"], SLACK_CHANNEL, "ouvrir Revendication"),
        ]
        assert not any(a.error for a in opened), [a.text for a in opened]
        # What changed since the invariants last read it: the channels whose listings to
        # read again, and whether the journal grew. A refused command changes nothing.
        self.unlisted = {CONSOLE_CHANNEL, SLACK_CHANNEL}
        self.unchecked = {"rules", "audit"}

    def changed(self, channel: str) -> None:
        self.unlisted.add(channel)
        self.unchecked = {"rules", "audit"}

    def teardown(self) -> None:
        self.app.executor.shutdown()
        if self.app.engine is not None:
            self.app.engine.dispose()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def events(self) -> int:
        with self.app.deps.read() as uow:
            return sum(len(uow.repo.events(c.id)) for c in uow.repo.crises() if c.id is not None)

    def check(self, answer: Answer, line: str) -> None:
        assert answer.reply.template != "internal", line
        assert answer.text.strip(), line
        if answer.file is not None:
            assert answer.file.exists(), line

    def run(self, who: str, slack: bool, line: str) -> None:
        before = self.events()
        if slack:
            plain, tokens = unwrap(slack_markup(line), lambda user, label: SLACK_NAMES[user])
            found = self.app.mentions(Platform.SLACK, tokens)
            person = self.slack_people[who]
            answer = self.app.answer(person, SLACK_CHANNEL, plain, None, found)
        else:
            answer = self.app.answer(who, CONSOLE_CHANNEL, line)
        self.check(answer, line)
        if answer.error:
            assert self.events() == before, f"{line!r} was refused but left an event"
            return
        self.changed(self.channel(slack))
        if line.startswith("publier"):
            self.published_version_is_backed(self.channel(slack), int(line.split()[1]))

    def published_version_is_backed(self, channel: str, number: int) -> None:
        """At publication: every register sentence of the version still holds against the
        register, and every sentence a person wrote was confirmed by each approval that
        counts, none given by one of its writers."""
        deps = self.app.deps
        with deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(channel)
            assert crisis is not None and crisis.id is not None
            current = register_of(uow.repo, crisis.id)
            for draft in uow.repo.drafts(crisis.id):
                if draft.number != number:
                    continue
                assert draft.state is DraftState.PUBLIE and draft.published_at == self.clock.now()
                shown = view(deps, uow.repo, draft, current)
                state = register_state(current.values(), self.clock.now())
                modele = deps.drafter.modeles[draft.model]
                assert not stale(shown.sentences, modele, state, current), draft.number
                approvals = [
                    e for e in uow.repo.events(crisis.id)
                    if e.kind == EventKind.BROUILLON_APPROUVE
                    and e.subject == f"brouillon {draft.number}"
                    and (e.after or {}).get("empreinte") == draft.text_hash
                ]  # fmt: skip
                assert approvals or not shown.spec.approvers
                written = [n for n, _ in shown.unbacked]
                for event in approvals:
                    assert (event.after or {}).get("phrases_confirmees") == written
                    assert event.actor not in shown.writers

    @rule(who=people, slack=st.booleans(), line=COMMANDS)
    def anyone_says(self, who: str, slack: bool, line: str) -> None:
        self.run(who, slack, line)

    @rule(slack=st.booleans(), line=COMMANDS)
    def the_pilote_says(self, slack: bool, line: str) -> None:
        self.run("alice", slack, line)

    @rule(who=people, slack=st.booleans(), key=st.sampled_from(KEYS), value=text_values)
    def a_fact_then_its_verification(self, who: str, slack: bool, key: str, value: str) -> None:
        self.run(who, slack, f"fait {key} = {value}")
        self.run("alice", slack, f"verifier {key}")

    @rule(
        slack=st.booleans(), modele=st.sampled_from([*WORKFLOW, *MODELES]), drafter=people,
        edit=st.one_of(st.none(), EDITS), late=st.booleans(),
        before=st.one_of(st.none(), FACT_CHANGES),
        approvals=st.lists(st.tuples(people, APPROVER_ROLES), min_size=1, max_size=3),
        regrant=st.one_of(st.none(), st.tuples(st.integers(0, 2), st.sampled_from(ROLES))),
        after=st.one_of(st.none(), FACT_CHANGES), publisher=PUBLISHER,
    )  # fmt: skip
    def a_draft_goes_round(
        self,
        slack: bool,
        modele: str,
        drafter: str,
        edit: tuple[str | None, str, int] | None,
        late: bool,
        before: tuple[str, str, bool] | None,
        approvals: list[tuple[str, int | str]],
        regrant: tuple[int, str] | None,
        after: tuple[str, str, bool] | None,
        publisher: str,
    ) -> None:
        """A draft is written and may be edited (by its drafter, mostly), before or after
        its approvals; a fact it read may change; people given roles (mostly roles its
        modèle asks) approve it; one of them may then be given another role; a fact may change
        again; and someone publishes it. After an edit the pilote accepts what the
        fact-check found."""
        self.someone_drafts(drafter, slack, modele)
        slack, draft = self.draft(slack, 0)
        if draft is None:
            return
        if edit is not None and not late:
            self.an_edit_of_the_latest_draft(slack, drafter, *edit)
        if before is not None:
            self.a_fact_drafts_rely_on_changes(slack, before)
        for rank, (who, role) in enumerate(approvals):
            self.someone_approves(who, slack, 0, role + rank if isinstance(role, int) else role)
        if regrant is not None:
            who = approvals[regrant[0] % len(approvals)][0]
            if who != "alice":
                self.run("alice", slack, f"role @{who} {regrant[1]}")
        if edit is not None and late:
            self.an_edit_of_the_latest_draft(slack, drafter, *edit)
        if after is not None:
            self.a_fact_drafts_rely_on_changes(slack, after)
        self.someone_publishes(publisher, slack, 0)

    @rule(
        slack=st.booleans(), drafter=people, said=st.sampled_from(sorted(CONTRADICTED)),
        approver=people, verified=st.booleans(), publisher=PUBLISHER,
    )  # fmt: skip
    def the_register_contradicts_an_approved_sentence(
        self, slack: bool, drafter: str, said: str, approver: str, verified: bool, publisher: str
    ) -> None:
        """Someone drafts a text and writes a sentence in it, it is approved, then the
        register says otherwise (recorded, or verified too), and someone publishes it."""
        self.someone_drafts(drafter, slack, "attente")
        slack, draft = self.draft(slack, 0)
        if draft is None:
            return
        self.someone_edits_a_draft(drafter, slack, 0, said, 3)
        self.someone_accepts_the_findings("alice", slack, 0)
        self.someone_approves(approver, slack, 0, 0)
        key, value = CONTRADICTED[said]
        self.run("alice", slack, f"fait {key} = {value}")
        if verified:
            self.run("alice", slack, f"verifier {key}")
        self.someone_publishes(publisher, slack, 0)

    @rule(
        who=people, slack=st.booleans(), pick=st.integers(0, 3), sentence=EDITED,
        where=st.integers(0, 40),
    )  # fmt: skip
    def someone_edits_a_draft(
        self, who: str, slack: bool, pick: int, sentence: str, where: int
    ) -> None:
        """An edit that keeps the text and adds a sentence at some place, or drops one."""
        slack, draft = self.draft(slack, pick)
        if draft is None:
            return
        channel, number = self.channel(slack), draft.number
        lines = readable(draft.text).split("\n")
        at = where % (len(lines) + 1)
        lines = lines[:at] + ([sentence] if sentence else []) + lines[at + (0 if sentence else 1) :]
        person: Person | str = self.slack_people[who] if slack else who
        before = self.events()
        answer = self.app.answer(person, channel, EditDraft(number, "\n".join(lines)))
        self.check(answer, f"modifier {number}")
        if answer.error:
            assert self.events() == before, answer.text
        else:
            self.changed(channel)

    @rule(who=people, slack=st.booleans(), modele=st.sampled_from(WORKFLOW))
    def someone_drafts(self, who: str, slack: bool, modele: str) -> None:
        """The facts the modèle needs are verified if they are not, then someone drafts."""
        channel = self.channel(slack)
        with self.app.deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(channel)
            assert crisis is not None and crisis.id is not None
            facts = {f.key: f for f in uow.repo.facts(crisis.id)}
        for key, value in BASE.get(modele, []):
            fact = facts.get(key)
            if fact is None or fact.status is not FactStatus.VERIFIE:
                if fact is None or fact.status is FactStatus.REFUTE:
                    self.run("alice", slack, f"fait {key} = {value}")
                self.run("alice", slack, f"verifier {key}")
        self.run(who, slack, f"rediger {modele}")

    @rule(who=people, slack=st.booleans(), pick=st.integers(0, 3), role=APPROVER_ROLES)
    def someone_approves(self, who: str, slack: bool, pick: int, role: int | str) -> None:
        """The pilote gives someone a role (one the draft's modèle asks, mostly), and they
        approve a draft."""
        slack, draft = self.draft(slack, pick)
        if draft is None:
            return
        if isinstance(role, int):
            approvers = APPROVERS[draft.model]
            role = approvers[role % len(approvers)]
        if who != "alice":
            self.run("alice", slack, f"role @{who} {role}")
        self.run(who, slack, f"approuver {draft.number}")

    @rule(who=PUBLISHER, slack=st.booleans(), pick=st.integers(0, 3))
    def someone_publishes(self, who: str, slack: bool, pick: int) -> None:
        slack, draft = self.draft(slack, pick)
        if draft is not None:
            self.run(who, slack, f"publier {draft.number}")

    @rule(who=people, slack=st.booleans(), pick=st.integers(0, 3))
    def someone_accepts_the_findings(self, who: str, slack: bool, pick: int) -> None:
        """Someone accepts each open finding of a draft, and confirms its wording."""
        slack, draft = self.draft(slack, pick)
        if draft is None:
            return
        for finding in draft.findings:
            if finding.open:
                self.run(who, slack, f"accepter {draft.number} {finding.number} motif: relu")
        self.run(who, slack, f"confirmer {draft.number} motif: relu")

    @rule(slack=st.booleans(), change=FACT_CHANGES)
    def a_fact_drafts_rely_on_changes(self, slack: bool, change: tuple[str, str, bool]) -> None:
        """A fact the drafts read gets another value or the same value from another source
        (a new version), verified again or not, or is refuted, or verified again after."""
        key, how, other = change
        values = ALTERNATIVES[key]
        with self.app.deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(self.channel(slack))
            assert crisis is not None and crisis.id is not None
            fact = uow.repo.fact(crisis.id, key)
        value = values[other] if fact is None or how != "source" else fact.value
        if how in ("valeur", "signale") and fact is not None and value == fact.value:
            value = values[not other]
        if how in ("valeur", "source", "signale"):
            self.run("alice", slack, f"fait {key} = {value}\nsource: {how} {other}")
        if how in ("refute", "refute_verifie"):
            self.run("alice", slack, f"refuter {key}")
        if how in ("valeur", "source", "refute_verifie"):
            self.run("alice", slack, f"verifier {key}")

    def an_edit_of_the_latest_draft(
        self, slack: bool, drafter: str, editor: str | None, sentence: str, where: int
    ) -> None:
        self.someone_edits_a_draft(editor or drafter, slack, 0, sentence, where)
        self.someone_accepts_the_findings("alice", slack, 0)

    def channel(self, slack: bool) -> str:
        return SLACK_CHANNEL if slack else CONSOLE_CHANNEL

    def draft(self, slack: bool, pick: int) -> tuple[bool, Draft | None]:
        """One of the last drafts of a channel (the latest for ``pick`` 0), of the other
        channel when this one has none yet."""
        for channel in (slack, not slack):
            with self.app.deps.read() as uow:
                crisis = uow.repo.crisis_for_channel(self.channel(channel))
                assert crisis is not None and crisis.id is not None
                drafts = sorted(uow.repo.drafts(crisis.id), key=lambda d: -d.number)
            if drafts:
                return channel, drafts[pick % len(drafts)]
        return slack, None

    @rule(hours=st.sampled_from([0.5, 3, 25, 80, 24 * 40]))
    def time_passes(self, hours: float) -> None:
        self.clock.advance(hours=hours)
        self.unlisted = {CONSOLE_CHANNEL, SLACK_CHANNEL}

    @invariant()
    def every_listing_renders_in_every_language(self) -> None:
        names = self.app.names()
        channels, self.unlisted = self.unlisted, set()
        for channel in sorted(channels):
            person: Person | str = (
                "alice" if channel == CONSOLE_CHANNEL else self.slack_people["alice"]
            )
            for listing in LISTINGS:
                answer = self.app.answer(person, channel, listing)
                self.check(answer, listing)
                assert not answer.error, (listing, answer.text)
                for lang in LANGUAGES:
                    assert self.app.messages.render(answer.reply, lang, names).strip()

    @invariant()
    def the_journal_keeps_the_rules_of_the_domain(self) -> None:
        if "rules" not in self.unchecked:
            return
        self.unchecked.discard("rules")
        with self.app.deps.read() as uow:
            for crisis in uow.repo.crises():
                assert crisis.id is not None
                BusinessRules(uow.repo, crisis.id).replay()

    @invariant()
    def the_audit_holds(self) -> None:
        if "audit" not in self.unchecked:
            return
        self.unchecked.discard("audit")
        results = audit.verify_all(self.app.deps)
        assert len(results) == 2
        for result in results:
            assert result.ok, (result.broken, result.mismatches, result.missing)


def test_random_sequences_of_commands_keep_the_invariants() -> None:
    run_state_machine_as_test(
        CrisisCell,
        settings=settings(
            max_examples=200 if EXPLORE else 25,
            stateful_step_count=30,
            deadline=None,
            database=None,
            derandomize=not EXPLORE,
            phases=list(Phase) if EXPLORE else [Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
