"""Sentence provenance: an unchanged sentence keeps where it comes from through edits, a new
one is its editor's and is never silently clean, and what nobody may publish is found in
any form a person writes it (generated variants, not a list)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bootstrap import Application
from bot.domain.factcheck import check
from bot.domain.findings import FindingCode
from bot.domain.model import Fact, FactStatus
from bot.domain.provenance import Backing, Sentence, carry, identity
from bot.domain.values import ValueType
from bot.drafting.document import readable
from bot.drafting.factcheck import CONTACTS, load_lexicon, spelled
from tests.examples import examples
from tests.fakes import FakeRepository
from tests.unit.test_drafting import ALL_FACTS, CHANNEL, cell, record
from tests.unit.test_editing import code, edit, ready

MESSAGES = Path(__file__).resolve().parents[2] / "messages"
LEXICON = load_lexicon(MESSAGES)
NOW = datetime(2026, 1, 12, 9, tzinfo=UTC)
TODAY = date(2026, 1, 12)

# -- provenance through edits -------------------------------------------------------------

register_sentences = st.lists(
    st.from_regex(r"[A-Z][a-zé]{2,9}( [a-zé]{2,9}){2,6}\.", fullmatch=True),
    min_size=2, max_size=8, unique=True,
)  # fmt: skip


@given(
    register_sentences,
    st.lists(st.from_regex(r"[A-Z][a-z]{3,9}( [a-z]{2,9}){1,6} !?\.", fullmatch=True), max_size=4),
    st.randoms(use_true_random=False),
)
def test_an_edit_keeps_the_provenance_of_every_unchanged_sentence_wherever_it_moves(
    originals: list[str], added: list[str], rng: object
) -> None:
    import random

    assert isinstance(rng, random.Random)
    first = [Sentence(s, (f"c{i}",), (Backing(f"k{i}", 1, "v"),)) for i, s in enumerate(originals)]
    kept = [s for s in originals if rng.random() < 0.7]
    spaced = [s.replace(" ", "\u00a0", 1) if rng.random() < 0.5 else s for s in kept]
    edited = spaced + [a for a in added if identity(a) not in {identity(o) for o in originals}]
    rng.shuffle(edited)
    result = carry(edited, [first], "com", NOW)
    by_text = {identity(s.text): s for s in first}
    for sentence in result:
        before = by_text.get(identity(sentence.text))
        if before is None:
            assert sentence.author == "com" and not sentence.clauses
        else:
            assert sentence.clauses == before.clauses and sentence.facts == before.facts
            assert sentence.author is None


def test_the_check_never_says_no_finding_over_a_persons_sentence(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    text = ready(fake_app)
    failed, answer = edit(fake_app, "com", text + "\n\nLes données médicales sont chiffrées.")
    assert failed is None and "aucun constat" not in answer
    assert "rédigée par @com" in answer and "adossée à aucun fait du registre" in answer
    shown = fake_app.answer("dir", CHANNEL, "voir 1").text
    assert "tirées du registre" in shown and "rédigée par des personnes (n° " in shown
    [draft] = fake_store.draft_rows.values()
    latest = fake_store.version_rows[-1]
    assert latest.version == draft.version == 2
    assert [s.author for s in latest.sentences if s.human] == ["com"]
    assert all(s.clauses for s in latest.sentences if not s.human)


def test_an_edit_that_only_reorders_keeps_every_sentence_the_registers(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    text = ready(fake_app)
    paragraphs = text.split("\n\n")
    failed, answer = edit(fake_app, "com", "\n\n".join([*paragraphs[1:], paragraphs[0]]))
    assert failed is None, answer
    assert not [s for s in fake_store.version_rows[-1].sentences if s.human]


def test_an_edit_that_drops_every_register_sentence_is_refused_and_changes_nothing(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    ready(fake_app)
    versions = len(fake_store.version_rows)
    failed, answer = edit(fake_app, "com", "Nous vous tiendrons informés.")
    assert failed == "edit_no_register", answer
    assert len(fake_store.version_rows) == versions


def test_whoever_wrote_a_sentence_of_the_version_does_not_approve_it(
    fake_app: Application,
) -> None:
    """``dir`` drafts it; ``com`` changes one word; ``dir`` is still a writer of the
    version (they drafted it) and ``com`` wrote a sentence: neither approves."""
    cell(fake_app)
    record(fake_app, {k: ALL_FACTS[k] for k in ("etablissement.nom", "etablissement.ville",
                                                "incident.connu_le")})  # fmt: skip
    answer = fake_app.answer("bob", CHANNEL, "rediger communique")
    assert not answer.error, answer.text
    text = readable(answer.reply.data["view"].draft.text)
    failed, _ = edit(fake_app, "com", text.replace("À ce stade", "À ce jour", 1))
    assert failed is None
    assert code(fake_app, "bob", "approuver 1") == "own_draft"
    assert code(fake_app, "dir", "approuver 1") is None


# -- what nobody may publish --------------------------------------------------------------

UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
]
TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def below_hundred(n: int) -> str:
    if n < 17:
        return UNITS[n]
    if n < 20:
        return "dix-" + UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = 10 + unit
        joiner = "-et-" if tens == 7 and unit == 1 else "-"
        return base + joiner + below_hundred(rest)
    if tens == 8:
        return "quatre-vingt" + ("s" if unit == 0 else "-" + UNITS[unit])
    if unit == 0:
        return TENS[tens]
    return TENS[tens] + ("-et-un" if unit == 1 else "-" + UNITS[unit])


def below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(
            "cent" if hundreds == 1 else UNITS[hundreds] + " cent" + ("s" if not rest else "")
        )
    if rest or not hundreds:
        words.append(below_hundred(rest))
    return " ".join(words)


def french_words(n: int) -> str:
    """A number below a million in French words (1990 spelling)."""
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands:
        head = below_thousand(thousands)
        head = head[:-1] if head.endswith(("cents", "vingts")) else head
        words.append("mille" if thousands == 1 else head + " mille")
    if rest:
        words.append(below_thousand(rest))
    return " ".join(words)


def vague(n: int) -> str:
    if n >= 100_000:
        return "plusieurs centaines de milliers de"
    if n >= 10_000:
        return "plusieurs dizaines de milliers de"
    return "plusieurs milliers de"


def forms(n: int) -> list[str]:
    grouped = f"{n:,}"
    two = round(n, -(len(str(n)) - 2))
    return [
        str(n),
        grouped.replace(",", " "),
        grouped.replace(",", "\u202f"),
        grouped.replace(",", "."),
        french_words(n),
        f"environ {two:,}".replace(",", " "),
        f"près de {french_words(two)}",
        f"plus de {n // 1000} 000",
        f"{round(n / 1000)}k",
        f"{round(n / 1000)} mille",
        vague(n),
        "".join(chr(0x0660 + int(d)) for d in str(n)),
    ]


SENTENCES = [
    "Les pirates détiennent {} dossiers de patients.",
    "{} patients pourraient être concernés.",
    "Le fichier compterait {} lignes.",
    "Nous estimons à {} le nombre de dossiers en cause.",
]


def fact(key: str, value: str, kind: ValueType, status: FactStatus) -> Fact:
    return Fact(1, key, value, kind, status, None, None, 1, "alice", NOW)


def codes(sentence: str, facts: list[Fact], patients: list[str] | None = None) -> set[str]:
    report = check(sentence, "", facts, LEXICON, (), TODAY, {}, (), None, spelled, patients)
    return {f.code.value for f in report.findings}


@settings(max_examples=examples(300), deadline=None)
@given(st.integers(1_200, 900_000), st.data())
def test_the_attackers_figure_is_found_in_any_form(claimed: int, data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(forms(claimed)))
    sentence = data.draw(st.sampled_from(SENTENCES)).format(form)
    sentence = sentence[0].upper() + sentence[1:]
    facts = [fact("revendication.volume", str(claimed), ValueType.ENTIER, FactStatus.SIGNALE)]
    assert FindingCode.CHIFFRE_NON_ETABLI in codes(sentence, facts), sentence


@settings(max_examples=examples(100), deadline=None)
@given(st.integers(1_200, 90_000), st.sampled_from(SENTENCES))
def test_a_verified_count_far_from_the_claim_is_not_the_attackers(
    verified: int, template: str
) -> None:
    claimed = verified * 7
    facts = [
        fact("revendication.volume", str(claimed), ValueType.ENTIER, FactStatus.SIGNALE),
        fact("personnes.nombre", str(verified), ValueType.ENTIER, FactStatus.VERIFIE),
    ]
    sentence = template.format(f"{verified:,}".replace(",", " "))
    assert FindingCode.CHIFFRE_NON_ETABLI not in codes(sentence[0].upper() + sentence[1:], facts)


names = st.from_regex(r"[A-Z][a-z]{3,7}[A-Z][a-z]{2,6}", fullmatch=True)
LEET = str.maketrans({"o": "0", "i": "1", "e": "3", "a": "4"})


def spellings(name: str) -> list[str]:
    return [
        name.lower(), name.upper(), " ".join(name), f"« {name} »", f'"{name.lower()}"',
        f"{name.lower()}.onion", f"{name.lower()}.st", name[:4] + "-" + name[4:],
        name.lower().translate(LEET), name[:4] + " " + name[4:],
        "".join(c + "\u200b" for c in name),
    ]  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(names, st.data(), st.booleans())
def test_an_unpublishable_name_is_found_in_any_spelling(
    name: str, data: st.DataObject, confidential: bool
) -> None:
    spelling = data.draw(st.sampled_from(spellings(name)))
    sentence = f"Le message a été publié par {spelling} hier."
    if confidential:
        facts = [fact("confidentiel.noms", f"Vigie, {name}", ValueType.TEXTE, FactStatus.VERIFIE)]
    else:
        facts = [fact("revendication.source", f"le forum {name}", ValueType.TEXTE,
                      FactStatus.SIGNALE)]  # fmt: skip
    assert FindingCode.NOM_NON_ETABLI in codes(sentence, facts), sentence


CONTACT = "dpo@clinique-mesanges.example, 03 84 00 00 00"
links = st.sampled_from([
    "https://{d}/verif", "http://{d}", "www.{d}", "{d}/patients", "hxxps://{d}", "{w}[.]fr",
    "{w} point fr", "{w}(.)com", "le lien ci-dessous", "cliquez ici", "le QR code joint",
])  # fmt: skip
requests = st.sampled_from([
    "Merci de nous transmettre votre numéro de sécurité sociale.",
    "Veuillez confirmer vos identifiants.", "Envoyez-nous votre RIB pour être indemnisé.",
    "Remplissez le formulaire en pièce jointe.", "Renseignez vos coordonnées bancaires.",
    "Indiquez votre mot de passe afin de vérifier votre compte.",
    "Retournez le questionnaire ci-joint.", "Téléchargez le document joint.",
    "Votre IBAN nous est nécessaire.", "Une copie de votre carte Vitale est demandée.",
])  # fmt: skip


def phone(digits: str, style: int) -> str:
    pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
    if style == 0:
        return " ".join(pairs)
    if style == 1:
        return ".".join(pairs)
    if style == 2:
        return "+33 " + digits[1] + " " + " ".join(pairs[1:])
    if style == 3:
        return "".join(chr(0x06F0 + int(d)) for d in digits)
    return "(0)" + digits[1:]


@settings(max_examples=examples(200), deadline=None)
@given(
    st.from_regex(r"[a-z]{4,10}", fullmatch=True), links, requests,
    st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True), st.integers(0, 4), st.integers(0, 2),
)  # fmt: skip
def test_a_patient_letter_never_takes_a_link_a_request_or_another_phone(
    word: str, link: str, request: str, number: str, style: int, kind: int
) -> None:
    contacts = [CONTACT]
    if kind == 0:
        sentence = (
            f"Pour vérifier vos données, rendez-vous sur {link.format(d=word + '.fr', w=word)}."
        )
        wanted = FindingCode.LIEN
    elif kind == 1:
        sentence, wanted = request, FindingCode.DEMANDE
    else:
        if number.replace(" ", "") == "0384000000":
            return
        sentence, wanted = (
            f"Appelez le {phone(number, style)} pour toute question.",
            FindingCode.TELEPHONE,
        )
    assert wanted in codes(sentence, [], contacts), sentence


def test_the_verified_contacts_are_what_a_patient_letter_may_give() -> None:
    assert "patients.ligne" in CONTACTS
    sentence = (
        "Pour toute question, écrivez à dpo@clinique-mesanges.example ou appelez le 03 84 00 00 00."
    )
    contact = fact("dpo.contact", CONTACT, ValueType.TEXTE, FactStatus.VERIFIE)
    assert codes(sentence, [contact], [CONTACT]) == set()


# -- through the service: blocked is never accepted, a lapsed sentence never published -----


def test_a_blocked_finding_cannot_be_accepted(fake_app: Application) -> None:
    text = ready(fake_app)
    failed, answer = edit(
        fake_app,
        "com",
        text + "\n\nLes pirates détiennent quarante-huit mille deux cents dossiers.",
    )
    assert failed is None and "48" not in answer.split("Constat")[0]
    assert "chiffre d'un fait non vérifié" in answer, answer
    assert (
        code(fake_app, "dir", "accepter 1 1 motif: c'est ce qu'ils disent")
        == "finding_unacceptable"
    )


def test_a_rectificatif_pushed_unchanged_after_a_reversal_is_not_published(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    """Every yes/no fact a published text rests on, reversed: the rectificatif pushed
    through unchanged is stopped at approval and at publication."""
    ready(fake_app)
    record(fake_app, {"exfiltration.trace": "non"})
    assert not fake_app.answer("com", CHANNEL, "rediger communique").error
    for user in ("bob", "dir"):
        assert code(fake_app, user, "approuver 2") is None
    assert code(fake_app, "com", "publier 2") is None
    record(fake_app, {"exfiltration.trace": "oui"})
    assert code(fake_app, "com", "rectifier 2") is None
    number = max(fake_store.draft_rows)
    number = fake_store.draft_rows[number].number
    shown = fake_app.answer("dir", CHANNEL, f"voir {number}").text
    assert "phrase du registre que le registre ne soutient plus" in shown, shown
    assert code(fake_app, "bob", f"approuver {number}") == "findings_open"
    assert code(fake_app, "com", f"publier {number}") == "findings_open"


def test_digits_of_other_scripts_are_read_as_digits() -> None:
    persian = "".join(chr(0x06F0 + int(d)) for d in "48200")
    assert unicodedata.digit(persian[0]) == 4
    assert "48200" in spelled(f"{persian} dossiers")


def test_a_foreign_sentence_in_an_edit_is_flagged_as_the_edits(fake_app: Application) -> None:
    text = ready(fake_app)
    failed, answer = edit(fake_app, "com", text + "\n\nNo data loss so far.")
    assert failed is None
    assert "écrite dans une modification, ne semble pas rédigée en français" in answer, answer
    refused = fake_app.answer("dir", CHANNEL, "approuver 1")
    assert refused.error and "Corrigez la modification (`/crise modifier 1`)" in refused.text


def test_names_drawn_with_look_alike_letters_or_one_letter_off_are_found() -> None:
    facts = [fact("confidentiel.noms", "Kraken Team, Jean Dupuis", ValueType.TEXTE,
                  FactStatus.VERIFIE)]  # fmt: skip
    for sentence in ("Le groupe Кraken revendique l'attaque.", "M. Dupuys est mis en cause."):
        assert FindingCode.NOM_NON_ETABLI in codes(sentence, facts), sentence


def test_a_figure_in_scientific_notation_and_a_short_number_to_call_are_found() -> None:
    facts = [fact("revendication.volume", "48200", ValueType.ENTIER, FactStatus.SIGNALE)]
    assert FindingCode.CHIFFRE_NON_ETABLI in codes("Ils revendiquent 4,82 × 10⁴ dossiers.", facts)
    assert FindingCode.TELEPHONE in codes("Appelez le 3237.", [], [CONTACT])
    assert FindingCode.TELEPHONE not in codes("Nous rappelons le 12 janvier.", [], [CONTACT])
