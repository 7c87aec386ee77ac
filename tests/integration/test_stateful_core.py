"""Random sequences of commands by several people, through the console and through Slack,
with the invariants checked after every step: no command ends in the internal error or a
traceback, every listing renders in every language, the journal's audit holds, and a refused
command leaves no event.

The examples are derandomized so that the suite gives the same verdict on every run; set
``CRISISBOT_EXPLORE=1`` to draw new sequences (and more of them) while hunting for bugs."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from bot.adapters.slack.markup import unwrap
from bot.bootstrap import Answer, Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.clauses import register_state
from bot.domain.commands import EditDraft
from bot.domain.drafts import DraftState
from bot.domain.model import EventKind
from bot.domain.people import Person, Platform
from bot.domain.provenance import stale
from bot.domain.roles import Role
from bot.drafting.document import readable
from bot.services import audit
from bot.services.drafts import register_of, view

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
    ]
)
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
        elif line.startswith("publier"):
            self.published_version_is_backed(SLACK_CHANNEL if slack else CONSOLE_CHANNEL)

    def published_version_is_backed(self, channel: str) -> None:
        """At publication: every register sentence of the version still holds against the
        register, and every sentence a person wrote was confirmed by each approval that
        counts, none given by one of its writers."""
        deps = self.app.deps
        with deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(channel)
            assert crisis is not None and crisis.id is not None
            current = register_of(uow.repo, crisis.id)
            for draft in uow.repo.drafts(crisis.id):
                if draft.state is not DraftState.PUBLIE or draft.published_at != self.clock.now():
                    continue
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

    @rule(slack=st.booleans(), modele=st.sampled_from(MODELES), role=st.sampled_from(ROLES))
    def a_draft_goes_round(self, slack: bool, modele: str, role: str) -> None:
        self.run("alice", slack, f"fait etablissement.nom = la Clinique & <fils>\nsource: {role}")
        self.run("alice", slack, "verifier etablissement.nom")
        self.run("alice", slack, f"role @bob {role}")
        self.run("alice", slack, f"rediger {modele}")
        self.run("bob", slack, "approuver 1")
        self.run("alice", slack, "publier 1")

    @rule(who=people, slack=st.booleans(), sentence=EDITED, where=st.integers(0, 40))
    def someone_edits_the_first_draft(
        self, who: str, slack: bool, sentence: str, where: int
    ) -> None:
        """An edit that keeps the text and adds a sentence at some place, or drops one."""
        channel = SLACK_CHANNEL if slack else CONSOLE_CHANNEL
        with self.app.deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(channel)
            draft = uow.repo.draft(crisis.id, 1) if crisis and crisis.id else None
        if draft is None:
            return
        lines = readable(draft.text).split("\n")
        at = where % (len(lines) + 1)
        lines = lines[:at] + ([sentence] if sentence else []) + lines[at + (0 if sentence else 1) :]
        person: Person | str = self.slack_people[who] if slack else who
        before = self.events()
        answer = self.app.answer(person, channel, EditDraft(1, "\n".join(lines)))
        self.check(answer, "modifier 1")
        if answer.error:
            assert self.events() == before, answer.text

    @rule(hours=st.sampled_from([0.5, 3, 25, 80, 24 * 40]))
    def time_passes(self, hours: float) -> None:
        self.clock.advance(hours=hours)

    @invariant()
    def every_listing_renders_in_every_language(self) -> None:
        names = self.app.names()
        for channel, who in [(CONSOLE_CHANNEL, "alice"), (SLACK_CHANNEL, None)]:
            person: Person | str = who or self.slack_people["alice"]
            for listing in LISTINGS:
                answer = self.app.answer(person, channel, listing)
                self.check(answer, listing)
                assert not answer.error, (listing, answer.text)
                for lang in LANGUAGES:
                    assert self.app.messages.render(answer.reply, lang, names).strip()

    @invariant()
    def the_audit_holds(self) -> None:
        results = audit.verify_all(self.app.deps)
        assert len(results) == 2
        for result in results:
            assert result.ok, (result.broken, result.mismatches, result.missing)


def test_random_sequences_of_commands_keep_the_invariants() -> None:
    run_state_machine_as_test(
        CrisisCell,
        settings=settings(
            max_examples=200 if EXPLORE else 20,
            stateful_step_count=25,
            deadline=None,
            database=None,
            derandomize=not EXPLORE,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
