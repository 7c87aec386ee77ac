"""Every modèle rendered over the space of fact states its clauses read.

Booleans take each of absent / signalé / vérifié oui / vérifié non / réfuté, in every
combination; the CNIL clock is read on both sides of its 72 hours; the other facts take
absent / signalé / vérifié / réfuté in rotating and uniform layers. For each state the
draft is refused (missing facts, contradiction, a text the law forbids in that state) or
rendered, and the rendered text is checked against the state by rules written independently
of the modèles' declarations. After a filing, what the text lists as changed since is read
from a journal where the facts changed on the filing's day, before it was recorded.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.catalog import Catalog, load_catalog
from bot.domain.clauses import DERIVED, Clause, derived_states, register_state, select
from bot.domain.coherence import contradictions
from bot.domain.courante import FILED_KEYS, Body, Change, Evolution, Filing, Since, with_filings
from bot.domain.drafts import ModelSpec, missing_facts
from bot.domain.errors import Conflict
from bot.domain.model import Event, EventKind, Fact, FactStatus
from bot.domain.provenance import Part, backing, of_rendering, stale
from bot.domain.values import ValueType
from bot.drafting.document import parse
from bot.drafting.factcheck import FactChecker
from bot.drafting.render import ALWAYS, Drafter, sentence_list
from bot.drafting.typography import french
from bot.services.filed import changes_since
from tests.examples import examples

MESSAGES = Path(__file__).resolve().parents[2] / "messages"
TZ = ZoneInfo("Europe/Paris")
IN_TIME = datetime(2026, 1, 13, 10, 0, tzinfo=TZ)
LATE = datetime(2026, 1, 14, 12, 0, tzinfo=TZ)
DATES = {
    "incident.debut": "2026-01-08T22:00+01:00",
    "revendication.date": "2026-01-09",
    "incident.fin": "2026-01-10T06:00+01:00",
    "echantillon.recu_le": "2026-01-10T08:00+01:00",
    "incident.connu_le": "2026-01-11T09:15+01:00",
    "cert_sante.signale_le": "2026-01-11",
    "cnil.notifiee_le": "2026-01-12",
    "plainte.deposee_le": "2026-01-12",
    "assureur.informe_le": "2026-01-13",
    "anssi.signale_le": "2026-01-12",
    "patients.informes_le": "2026-01-13",
    "sous_traitant.informe_le": "2026-01-11T08:00+01:00",
    "sous_traitant.reponse_le": "2026-01-15T18:00+01:00",
}
# Any other date of the catalogue: a day of the crisis, with its time where it has one.
OTHER_DATE = {ValueType.DATE: "2026-01-10", ValueType.DATE_HEURE: "2026-01-10T11:00+01:00"}
ABSENT, SIGNALE, VERIFIE, REFUTE = "absent", "signale", "verifie", "refute"
BOOLEAN_STATES = (ABSENT, SIGNALE, "oui", "non", REFUTE)
OTHER_STATES = (ABSENT, SIGNALE, VERIFIE, REFUTE)
State = dict[str, str]
Text = tuple[str, list[tuple[str, str]]]

CATALOG: Catalog = load_catalog(MESSAGES)
DRAFTER = Drafter(MESSAGES, TZ)


def value_of(key: str, index: int) -> str:
    """A stored value per key, recognisable in a text: no digits in texts, distinct figures."""
    kind = CATALOG.key_types.get(key, ValueType.TEXTE)
    if kind is ValueType.ENTIER:
        return str(40_000 + 1_111 * index)
    if kind in (ValueType.DATE, ValueType.DATE_HEURE):
        return DATES.get(key, OTHER_DATE[kind])
    letters = "".join(chr(ord("a") + int(d)) for d in f"{index:02d}")
    return f"valeur{letters} de {key.split('.')[0]}"


VALUES = {key: value_of(key, index) for index, key in enumerate(sorted(CATALOG.key_types))}


def facts_of(state: State) -> list[Fact]:
    facts = []
    for key, wanted in state.items():
        if wanted == ABSENT:
            continue
        kind = CATALOG.key_types.get(key, ValueType.TEXTE)
        value = wanted if wanted in ("oui", "non") else VALUES[key]
        if kind is ValueType.BOOLEEN and wanted not in ("oui", "non"):
            value = "oui"
        status = {SIGNALE: FactStatus.SIGNALE, REFUTE: FactStatus.REFUTE}.get(
            wanted, FactStatus.VERIFIE
        )
        facts.append(Fact(1, key, value, kind, status, None, None, 1, "test", IN_TIME))
    return facts


FILINGS = [
    Filing(1, 1, Body.CERT_SANTE, date(2026, 1, 11), "REFCERTSANTE", "ticket", "t", IN_TIME),
    Filing(1, 2, Body.CNIL, date(2026, 1, 12), "REFCNIL", "accuse recu", "t", IN_TIME),
    Filing(1, 3, Body.PLAINTE, date(2026, 1, 12), "REFPLAINTE", "proces-verbal", "t", IN_TIME),
    Filing(1, 4, Body.ANSSI, date(2026, 1, 12), None, None, "t", IN_TIME),
]
FILED = {key for keys in FILED_KEYS.values() for key in keys}
# One state in so many is also rendered with the filings, spread over the layers and the
# boolean combinations.
FILED_EVERY = 5
SINCE_CHANGE = {VERIFIE: Change.ETABLI, "oui": Change.ETABLI, "non": Change.ETABLI}
SINCE_CHANGE |= {REFUTE: Change.ECARTE, SIGNALE: Change.REEVALUE}


def journal(state: State, facts: list[Fact]) -> list[Event]:
    """The journal of ``state``: the facts changed the day after the filings are dated, before
    they were recorded (each fact under evaluation again was verified before the first
    filing); then the filings recorded."""
    events: list[Event] = []
    after_day, before = IN_TIME - timedelta(hours=2), IN_TIME - timedelta(days=3)

    def add(at: datetime, kind: str, subject: str, after: dict[str, str] | None) -> None:
        events.append(Event(1, at, "test", kind, subject, None, after, len(events) + 1))

    for fact in facts:
        if state.get(fact.key) == SIGNALE:
            add(
                before,
                EventKind.FAIT_VERIFIE,
                fact.key,
                {"statut": "verifie", "valeur": fact.value},
            )
        add(after_day, f"fait.{fact.status.value}", fact.key,
            {"statut": fact.status.value, "valeur": fact.value})  # fmt: skip
    for filing in FILINGS:
        add(filing.recorded_at, EventKind.DEPOT_ENREGISTRE, f"dépôt {filing.number}", None)
    return events


def filed(spec: ModelSpec, state: State) -> tuple[State, list[Fact], Since | None, list[Evolution]]:
    """The state with every body seized: the filed keys verified; for a text filed with a
    body, what changed since that filing as the journal tells it, and, independently, what
    the text must list: every fact of the state, as its status says."""
    bare = facts_of(state)
    facts = with_filings(bare, FILINGS)
    after = {k: v for k, v in state.items() if k not in FILED}
    after |= {f.key: VERIFIE for f in facts if f.key in FILED}
    since, expected = None, []
    if spec.filed_with is not None:
        latest = [f for f in FILINGS if f.body is spec.filed_with][-1]
        events = journal(state, bare)
        recorded = next(e.seq for e in events if e.subject == f"dépôt {latest.number}")
        since = Since(latest, changes_since(latest, recorded, events, bare, CATALOG.labels, TZ))
        expected = [
            Evolution(key, SINCE_CHANGE[wanted], CATALOG.labels.get(key, key))
            for key, wanted in sorted(after.items())
            if wanted in SINCE_CHANGE and key not in FILED
        ]
    return after, facts, since, expected


def states(spec: ModelSpec) -> Iterator[tuple[State, datetime]]:
    modele = DRAFTER.modeles[spec.name]
    keys = modele.keys | {r.key for r in spec.required} | ALWAYS | LAW_KEYS.get(spec.name, set())
    keys = sorted(keys - DERIVED)
    booleans = [k for k in keys if CATALOG.key_types.get(k) is ValueType.BOOLEEN]
    required = {r.key for r in spec.required if r.value is None}
    others = [k for k in keys if k not in booleans and k not in required]
    layers = [
        {k: OTHER_STATES[(i + shift) % 4] for i, k in enumerate(others)} for shift in range(4)
    ]
    layers += [{k: s for k in others} for s in (ABSENT, VERIFIE)]
    for values in itertools.product(BOOLEAN_STATES, repeat=len(booleans)):
        for layer in layers:
            state = {**layer, **dict(zip(booleans, values, strict=True))}
            state.update({k: VERIFIE for k in required})
            yield state, IN_TIME
            if modele.keys & DERIVED and state.get("incident.connu_le") == VERIFIE:
                yield state, LATE


def verified(state: State, key: str, value: str | None = None) -> bool:
    if value is not None:
        return state.get(key) == value
    return state.get(key, ABSENT) in (VERIFIE, "oui", "non")


def not_oui(state: State, key: str) -> bool:
    return state.get(key) != "oui"


def open_question(state: State, key: str) -> bool:
    """Neither verified (« oui » or « non ») nor refuted."""
    return state.get(key, ABSENT) in (ABSENT, SIGNALE)


# Phrases a text may hold only when the register backs them, whatever the modèle.
Rule = tuple[str, Callable[[State, datetime], bool]]
BACKED: list[Rule] = [
    (r"expert|enquête technique", lambda s, n: verified(s, "enquete.experts")),
    (
        r"fuite de données a eu lieu|Violation établie|violation de données personnelles a été établie",
        lambda s, n: verified(s, "fuite.averee", "oui"),
    ),
    (r"n'ont établi aucune fuite", lambda s, n: verified(s, "fuite.averee", "non")),
    (
        r"aucune preuve de fuite",
        lambda s, n: (
            not verified(s, "fuite.averee")
            and not_oui(s, "exfiltration.trace")
            and not_oui(s, "donnees.origine_si")
        ),
    ),
    (
        r"traces d'exfiltration de données ont été",
        lambda s, n: s.get("exfiltration.trace") == "oui",
    ),
    (r"aucune trace d'exfiltration", lambda s, n: s.get("exfiltration.trace") == "non"),
    (r"ont établi que les données en cause", lambda s, n: s.get("donnees.origine_si") == "oui"),
    (r"ne proviennent pas", lambda s, n: s.get("donnees.origine_si") == "non"),
    (r"se poursuit normalement", lambda s, n: s.get("soins.continus") == "oui"),
    (r"Non, aucune rançon", lambda s, n: s.get("rancon.payee") == "non"),
    (r"indique qu'une rançon", lambda s, n: s.get("rancon.payee") == "oui"),
    (r"avons déposé plainte|a déposé plainte", lambda s, n: verified(s, "plainte.deposee_le")),
    (r"signalé l'incident au CERT", lambda s, n: verified(s, "cert_sante.signale_le")),
    (r"notifié l'incident à la", lambda s, n: verified(s, "cnil.notifiee_le")),
    (r"Notification complémentaire", lambda s, n: verified(s, "cnil.notifiee_le")),
    (
        r"informé les personnes|ont été informées le|informe les personnes",
        lambda s, n: verified(s, "patients.informes_le"),
    ),
    (
        r"affirment détenir|Revendication",
        lambda s, n: any(verified(s, k) for k in ("revendication.date", "revendication.source")),
    ),
    (
        r"autorités compétentes ont été informées|informé les autorités compétentes",
        lambda s, n: any(
            verified(s, k)
            for k in ("cnil.notifiee_le", "plainte.deposee_le", "cert_sante.signale_le")
        ),
    ),
    # a promise to inform holds only while the breach is neither established nor ruled out
    (
        r"seront informées|nous en informerions|informerons",
        lambda s, n: (
            not verified(s, "patients.motif_non_information") and open_question(s, "fuite.averee")
        ),
    ),
    # a verified « non » is never read as unknown
    (
        r"Prise en charge des patients : en cours|continuité des soins n'est pas vérifiée",
        lambda s, n: not verified(s, "soins.continus"),
    ),
    (r"ne dit pas si une rançon", lambda s, n: not verified(s, "rancon.payee")),
    # no figure is said to be missing while the register holds one
    (
        r"Aucun chiffre|nombre de personnes concernées n'est pas établi",
        lambda s, n: not verified(s, "personnes.nombre"),
    ),
    # the breach is placed in the establishment only when the data came from its systems
    (r"au sein d", lambda s, n: s.get("donnees.origine_si") == "oui"),
    (
        r"72 heures prévu par le RGPD est écoulé|au-delà du délai de 72 heures",
        lambda s, n: verified(s, "incident.connu_le") and n == LATE,
    ),
    (r"n'est pas écoulé", lambda s, n: verified(s, "incident.connu_le") and n == IN_TIME),
]
HEADINGS = ("titre", "titraille", "intertitre", "question")
NEVER = (
    "aucune démarche n'est nécessaire",
    "respecte ses obligations",
    "plainte est envisagée",
    "aucune à ce jour",
    "Des experts en cybersécurité ont été mandatés",
    "a été notifiée",
    # the reception desk holds nothing the register says it holds
    "informations validées",
    # the law (art. 33.1) asks for the reasons of a late notification, not a placeholder
    "Motifs du retard : en cours",
)
# How the claim reached the establishment (a post, a forum, an e-mail, the press) is not in
# the register: no text says it in its own words.
CIRCUMSTANCES = re.compile(
    r"publiée?s?\b|en ligne\b|forum|dark ?web|apprendrez .* par|reçue?s? par (courriel|la)"
)
# Keys whose verified value a modèle prints, and their absence when they are not verified.
PRINTED = {
    "patients": ("dpo.contact", "patients.ligne"),
    "patients_falc": ("dpo.contact", "patients.ligne"),
    "standard": ("dpo.contact", "patients.ligne", "presse.contact"),
    "partenaires": ("dpo.contact", "patients.ligne"),
    "representants": ("dpo.contact",),
}
# Facts the law's refusals read, beyond those the modèle's clauses declare.
LAW_KEYS = {
    "patients": {"patients.motif_non_information", "donnees.origine_si"},
    "patients_falc": {"patients.motif_non_information", "donnees.origine_si"},
}


def refused_by_law(name: str, state: State, now: datetime) -> str | None:
    """The fact whose state forbids the text: an art. 34.3 exemption verified forbids the
    letter to the persons; a late CNIL notification needs the reasons for the delay."""
    if name in ("patients", "patients_falc") and verified(state, "patients.motif_non_information"):
        return "patients.motif_non_information"
    late = clock(state, now) == "en_retard"
    if name == "cnil" and late and not verified(state, "cnil.motif_retard"):
        return "cnil.motif_retard"
    return None


def check_naming(name: str, state: State, text: str, where: str) -> None:
    """The talking points tell whom not to name by the rule the texts follow: the experts'
    firm is named where it is verified, and then the talking points let it be named."""
    if name != "elements":
        return
    rule = [line for line in text.split("\n") if "nommer" in line]
    assert rule, where
    experts = VALUES["enquete.experts"]
    for line in rule:
        if verified(state, "enquete.experts"):
            assert experts in line, (line, where)
        else:
            assert "prestataire" in line and experts not in line, (line, where)


# Contents the law asks for: each present, with its fact or « en cours d'évaluation ».
CONTENTS = {
    "cnil": {
        "Catégories de données": "donnees.categories",
        "Catégories de personnes concernées": "personnes.categories",
        "Nombre approximatif de personnes concernées": "personnes.nombre",
        "Nombre approximatif d'enregistrements concernés": "enregistrements.nombre",
        "Cause": "incident.cause",
        "Début de la violation": "incident.debut",
        "Fin de la violation": "incident.fin",
    },
    "signalement": {
        "Prise en charge des patients": "soins.continus",
        "Cause": "incident.cause",
        "Données concernées": "donnees.categories",
        "Nombre approximatif de personnes concernées": "personnes.nombre",
    },
}


def clock(state: State, now: datetime) -> str:
    """The CNIL clock as the law reads it: 72 hours from awareness, unless notified in time."""
    if not verified(state, "incident.connu_le"):
        return ABSENT
    if verified(state, "cnil.notifiee_le"):
        return "dans_les_delais"
    return "en_retard" if now == LATE else "dans_les_delais"


def holds(clause: Clause, state: State, now: datetime) -> bool:
    for a in clause.asserts:
        wanted = clock(state, now) if a.key in DERIVED else state.get(a.key, ABSENT)
        if a.open:
            if not open_question(state, a.key):
                return False
            continue
        ok = wanted not in (ABSENT, SIGNALE, REFUTE) and a.value in (None, wanted)
        if ok != a.verified:
            return False
    return not clause.any_of or any(verified(state, k) for k in clause.any_of)


def render(spec: ModelSpec, facts: list[Fact], now: datetime, since: Since | None) -> Text:
    """The draft's text and its clauses, as ``Drafter.render`` writes them, without the
    language check (slow, and covered by its own tests)."""
    body, parts = DRAFTER.body(spec, facts, now, set(), None, since)
    return french(body), parts


def check_filings(
    spec: ModelSpec, text: str, since: Since | None, expected: list[Evolution], where: str
) -> None:
    """What a text says of the filings: the reference of the body it is filed with, what
    changed since; never a complaint's reference nor a receipt note."""
    assert "REFPLAINTE" not in text and "proces-verbal" not in text, where
    assert "accuse recu" not in text and "ticket" not in text, where
    if since is None:
        assert "REFCNIL" not in text and "Éléments nouveaux depuis" not in text, where
        return
    reference = {"cnil": "(référence CNIL : REFCNIL)", "signalement": "(référence : REFCERTSANTE)"}
    assert reference[spec.name] in text, where
    assert "Éléments nouveaux depuis" in text, where
    assert "Notification initiale" not in text and "Signalement initial" not in text, where
    if expected:
        assert "Aucun élément nouveau" not in text, where
    for item in expected:
        if item.key not in DRAFTER.modeles[spec.name].keys:
            continue
        group = {
            Change.ETABLI: "Désormais vérifiés :",
            Change.CORRIGE: "Valeurs corrigées :",
            Change.ECARTE: "Écartés après vérification :",
            Change.REEVALUE: "De nouveau en cours d'évaluation :",
        }[item.change]
        assert group in text and item.label in text, (item, where)


def check(
    spec: ModelSpec,
    state: State,
    now: datetime,
    facts: list[Fact],
    rendered: Text,
    since: Since | None = None,
    expected: list[Evolution] | None = None,
) -> None:
    text = rendered[0].replace("\u00a0", " ").replace("\u202f", " ")
    clauses = {c.name: c for c in DRAFTER.modeles[spec.name].clauses}
    chosen = [clauses[name] for name, _ in rendered[1]]
    where = f"{spec.name} {state} {now:%d %H:%M} {'déposé' if since else ''}"
    # the changes since a filing show the values verified since, whatever clause they back
    listed = {e.key for e in since.evolutions if e.change is Change.ETABLI} if since else set()
    for clause in chosen:
        assert holds(clause, state, now), (clause.name, where)
        assert not clause.excludes & {c.name for c in chosen}, (clause.name, where)
    for fact in facts:
        shown = fact.value if fact.kind is ValueType.TEXTE else None
        if fact.kind is ValueType.ENTIER:
            shown = f"{int(fact.value):,}".replace(",", " ")
        if shown is None:
            continue
        if fact.status is not FactStatus.VERIFIE:
            assert shown not in text, (fact.key, where)
            continue
        for name, part in rendered[1]:
            if shown in part.replace("\u202f", " ").replace("\u00a0", " "):
                allowed = clauses[name].backing | ALWAYS
                if name == "evolutions":
                    allowed |= listed
                assert fact.key in allowed, (name, fact.key, where)
    # the changes since a filing name facts (« experts chargés de l'enquête » among those
    # ruled out) rather than assert them: the phrases are read in the rest of the text
    said = "\n".join(part for name, part in rendered[1] if name != "evolutions")
    said = said.replace("\u00a0", " ").replace("\u202f", " ")
    for pattern, backed in BACKED:
        if re.search(pattern, said):
            assert backed(state, now), (pattern, where)
    for block in parse(rendered[0]):
        assert block.kind not in HEADINGS or "\n" not in block.text, (block, where)
    for phrase in NEVER:
        assert phrase.lower() not in text.lower(), (phrase, where)
    assert not CIRCUMSTANCES.search(text), (CIRCUMSTANCES.search(text), where)
    for key in PRINTED.get(spec.name, ()):
        assert (VALUES[key] in text) == verified(state, key), (key, where)
    check_naming(spec.name, state, text, where)
    for label, key in CONTENTS.get(spec.name, {}).items():
        line = next((ln for ln in text.split("\n") if ln.startswith(label + " :")), None)
        assert line is not None, (label, where)
        # what is verified is stated, even a « non »; what is not is « en cours d'évaluation »
        assert verified(state, key) != ("en cours d'évaluation" in line), (label, where)
    check_filings(spec, text, since, expected or [], where)


# The longest modèle takes a minute in every fact state: make test-all and CI run it.
MODELES = [
    pytest.param(name, marks=pytest.mark.slow) if name == "elements" else name
    for name in sorted(CATALOG.models)
]


@pytest.mark.parametrize("name", MODELES)
def test_every_rendered_sentence_is_backed_in_every_fact_state(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = CATALOG.models[name]
    modele = DRAFTER.modeles[spec.name]
    checked = refused = 0
    texts: dict[tuple[object, ...], Text | None] = {}
    for index, (bare, now) in enumerate(states(spec)):
        variants = [(bare, facts_of(bare), None, [])]
        if index % FILED_EVERY == 0:
            variants.append(filed(spec, bare))
        for state, facts, since, expected in variants:
            known = {f.key: f for f in facts}
            ok = {k: f for k, f in known.items() if f.status is FactStatus.VERIFIE}
            if missing_facts(spec, ok, known) or contradictions(facts, now):
                refused += 1
                continue
            # The text depends only on the clauses chosen, the verified facts they may show
            # and, after a filing, the changes since.
            chosen = select(modele.clauses, register_state(facts, now))
            backing = frozenset().union(*(c.backing for c in chosen)) | ALWAYS
            shown = frozenset(k for k in ok if k in backing)
            signature = (
                tuple(c.name for c in chosen),
                shown,
                tuple(since.evolutions) if since else None,
            )
            law = refused_by_law(name, state, now)
            if signature not in texts:
                try:
                    texts[signature] = render(spec, facts, now, since)
                except Conflict as refusal:
                    assert law and refusal.code == "model_refused", (refusal, state, now)
                    assert [m.key for m in refusal.params["missing"]] == [law], (state, now)
                    texts[signature] = None
            if texts[signature] is None:
                assert law, (state, now)
                refused += 1
                continue
            assert law is None, (law, state, now)
            check(spec, state, now, facts, texts[signature], since, expected)
            checked += 1
    assert checked > 0
    with capsys.disabled():
        print(
            f"\n{name}: {checked} fact states checked ({len(texts)} distinct texts), "
            f"{refused} refused"
        )


CHECKER = FactChecker(MESSAGES)


def fresh_findings(spec: ModelSpec, facts: list[Fact], now: datetime, text: str) -> list[str]:
    """The fact-check of a text just rendered, as approval runs it: against the register it
    was rendered from, the values it used as those it relied on; every sentence must come
    from a clause whose backing holds, and the sentences of no clause are read as a
    person's."""
    relied = {f.key: f.value for f in facts if f.status is FactStatus.VERIFIE}
    parts: list[tuple[Clause, str, set[str]]] = []
    DRAFTER.body(spec, facts, now, set(), None, None, parts)
    states = derived_states(facts, now)
    by_key = {f.key: f for f in facts}
    pieces = [
        Part(c.name, tuple(sentence_list(french(t))), backing(c, keys, by_key, states))
        for c, t, keys in parts
    ]
    provenance = of_rendering(sentence_list(text), pieces)
    written = {n for n, s in enumerate(provenance, start=1) if not s.clauses}
    lapses = stale(provenance, DRAFTER.modeles[spec.name], register_state(facts, now), by_key)
    report = CHECKER.check(spec, text, text, facts, now.date(), relied, (), written)
    found = [f"{f.code.value} « {f.excerpt} » ({f.quote})" for f in report.findings]
    return (
        found
        + [f"sans clause : {provenance[n - 1].text}" for n in sorted(written)]
        + [f"caduque : {lapse.sentence.text} ({lapse.key})" for lapse in lapses]
    )


@pytest.mark.parametrize("name", MODELES)
def test_a_fresh_draft_has_no_finding_in_any_fact_state(name: str) -> None:
    """Each distinct text a modèle renders, checked against a state that renders it."""
    spec = CATALOG.models[name]
    modele = DRAFTER.modeles[spec.name]
    seen: set[tuple[object, ...]] = set()
    for state, now in states(spec):
        facts = facts_of(state)
        known = {f.key: f for f in facts}
        ok = {k: f for k, f in known.items() if f.status is FactStatus.VERIFIE}
        if missing_facts(spec, ok, known) or contradictions(facts, now):
            continue
        if refused_by_law(name, state, now):
            continue
        chosen = select(modele.clauses, register_state(facts, now))
        signature = (tuple(c.name for c in chosen), frozenset(ok))
        if signature in seen:
            continue
        seen.add(signature)
        text, _ = render(spec, facts, now, None)
        assert fresh_findings(spec, facts, now, text) == [], (name, state, now)
    assert seen


KEYS = st.sampled_from(sorted(CATALOG.models))


@settings(max_examples=examples(120), deadline=None)
@given(data=st.data())
def test_a_fresh_draft_has_no_finding_whatever_the_register(data: st.DataObject) -> None:
    """Any register: the draft ``rediger`` writes (language check included) has nothing
    its own check would stop at approval."""
    name = data.draw(KEYS)
    spec = CATALOG.models[name]
    modele = DRAFTER.modeles[spec.name]
    keys = sorted((modele.keys | {r.key for r in spec.required} | ALWAYS) - DERIVED)
    state = {
        k: data.draw(
            st.sampled_from(
                BOOLEAN_STATES if CATALOG.key_types.get(k) is ValueType.BOOLEEN else OTHER_STATES
            )
        )
        for k in keys
    }
    state.update({r.key: VERIFIE for r in spec.required if r.value is None})
    now = data.draw(st.sampled_from((IN_TIME, LATE)))
    facts = facts_of(state)
    known = {f.key: f for f in facts}
    ok = {k: f for k, f in known.items() if f.status is FactStatus.VERIFIE}
    assume(not missing_facts(spec, ok, known) and not contradictions(facts, now))
    assume(not refused_by_law(name, state, now))
    rendered = DRAFTER.render(spec, facts, now)
    assert fresh_findings(spec, facts, now, rendered.text) == [], (name, state)
