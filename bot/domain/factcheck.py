"""The fact-check of a text a person edited: what it says that the register does not hold.

Sentence by sentence, it looks for:

- numbers, amounts, dates and names that match no verified fact, nor the modèle's own
  text, nor the lexicon's admitted words (``chiffre_inconnu``, ``montant_inconnu``,
  ``date_inconnue``, ``nom_inconnu``), and those that match a fact still ``signalé`` or
  ``réfuté``, such as the attackers' figure (``chiffre_non_etabli``, ``date_non_etablie``,
  ``nom_non_etabli``);
- statements that the lexicon knows (a leak happened, data was stolen, people were
  informed…) while no verified fact establishes them (``affirmation``); a sentence that
  reports what others claim (« des individus affirment… ») or denies is not a statement;
- a required fact that the modèle's text gave and the edit removed (``clause_retiree``);
- what the register, as it is now, contradicts (``contredit``): a sentence that denies what a
  verified fact now establishes (« aucune fuite » once the breach is verified), or a figure or
  date of a fact the text relied on whose value changed since.

Every sentence is checked, those kept word for word from the modèle's text (or from the
published text a rectificatif corrects) too: that text was written against the register of
its day. A figure, date or name of the original text is admitted unless the register now
contradicts it.

The wording (patterns, admitted names and numbers, markers) is the lexicon's, loaded from
``messages/fr/verification.yml`` by ``bot/drafting/factcheck.py``."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from bot.domain.blocked import (
    CONFIDENTIAL,
    PatientRules,
    attackers_figures,
    names,
    plain_digits,
    to_patients,
)
from bot.domain.figures import (
    AMOUNT,
    CAPITALIZED,
    NUMBER,
    PHONE,
    REFERENCE,
    TIME,
    WORD,
    Day,
    Figures,
    blank,
    canonical,
    date_matches,
    find_dates,
    folded_with_map,
    sentences,
    span,
)  # fmt: skip
from bot.domain.findings import _BLOCKED, Finding, FindingCode
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, fold


@dataclass(frozen=True)
class Claim:
    """A kind of statement (« fuite », « vol »…): its patterns on folded text, and the
    verified facts (key, value or None for any value) any one of which establishes it."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    established_by: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Lexicon:
    claims: tuple[Claim, ...]
    reported: tuple[str, ...]
    negation: re.Pattern[str]
    names: frozenset[str]
    numbers: frozenset[str]
    months: Mapping[str, int]
    required: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Denials (« aucune fuite ») and the verified facts any one of which contradicts them.
    denials: tuple[Claim, ...] = ()
    vague: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    patients: PatientRules = field(default_factory=lambda: PatientRules((), ()))


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    used: set[str]  # the verified keys the text was found to rely on


class Register:
    """The facts as the check sees them: what is verified, and what is only claimed."""

    def __init__(
        self, facts: list[Fact], months: Mapping[str, int], relied: Mapping[str, str] = {}
    ) -> None:
        self.verified = {f.key: f for f in facts if f.status is FactStatus.VERIFIE}
        self.unsettled = [f for f in facts if f.status is not FactStatus.VERIFIE]
        self.months = months
        self.figures = {k: self.figures_of(f) for k, f in self.verified.items()}
        self.words = {k: set(WORD.findall(fold(f.value))) for k, f in self.verified.items()}
        # The facts a text relied on whose value changed since, as the text gave them.
        self.changed = [
            (fact, self.figures_of(replace(fact, value=old)))
            for fact in facts
            for old in [relied.get(fact.key)]
            if old is not None and (fact.status is not FactStatus.VERIFIE or fact.value != old)
        ]

    def figures_of(self, fact: Fact) -> Figures:
        if fact.kind in (ValueType.DATE, ValueType.DATE_HEURE):
            day = date.fromisoformat(fact.value[:10])
            return Figures({str(day.year)}, {(day.day, day.month, day.year)})
        if fact.kind is ValueType.ENTIER:
            return Figures({canonical(fact.value)}, set())
        if fact.kind is ValueType.TEXTE:
            return Figures.of(fact.value, self.months)
        return Figures(set(), set())

    def number_of(self, number: str) -> str | None:
        return next((k for k, f in self.figures.items() if number in f.numbers), None)

    def date_of(self, day: Day) -> str | None:
        return next((k for k, f in self.figures.items() if date_matches(day, f.dates)), None)

    def unsettled_number(self, number: str) -> Fact | None:
        return next((f for f in self.unsettled if number in self.figures_of(f).numbers), None)

    def unsettled_date(self, day: Day) -> Fact | None:
        return next(
            (f for f in self.unsettled if date_matches(day, self.figures_of(f).dates)), None
        )

    def changed_number(self, number: str) -> Fact | None:
        return next((f for f, figures in self.changed if number in figures.numbers), None)

    def changed_date(self, day: Day) -> Fact | None:
        return next((f for f, figures in self.changed if date_matches(day, figures.dates)), None)

    def unsettled_word(self, word: str) -> Fact | None:
        return next((f for f in self.unsettled if word in WORD.findall(fold(f.value))), None)

    def establishes(self, claim: Claim) -> str | None:
        for key, value in claim.established_by:
            fact = self.verified.get(key)
            if fact is not None and (value is None or fold(fact.value) == fold(value)):
                return key
        return None


@dataclass
class _Checker:
    register: Register
    lexicon: Lexicon
    known: Figures
    known_words: set[str]
    days: Figures = field(default_factory=lambda: Figures(set(), set()))
    found: list[Finding] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def add(self, code: FindingCode, index: int, quote: str, excerpt: str,
            fact: Fact | None = None, claim: str | None = None) -> None:  # fmt: skip
        finding = Finding(
            len(self.found) + 1, code, index, quote[:200], excerpt[:120],
            fact.key if fact else None, fact.status.value if fact else None, claim,
        )  # fmt: skip
        if not any(f.same_as(finding) for f in self.found):
            self.found.append(finding)

    def sentence(self, index: int, text: str) -> None:
        folded, where = folded_with_map(text)
        dates = find_dates(folded, self.lexicon.months)
        for start, end, day in dates:
            self.day(index, text, span(text, where, start, end), day)
        skip = [(s, e) for s, e, _ in dates]
        for pattern in (PHONE, TIME, REFERENCE):
            skip.extend(m.span() for m in pattern.finditer(folded))
        rest = blank(folded, skip)
        for pattern in (PHONE,):
            for m in pattern.finditer(folded):
                self.number(index, text, span(text, where, *m.span()),
                            canonical(re.sub(r"\D", "", m.group(0))), False)  # fmt: skip
        for m in NUMBER.finditer(rest):
            amount = bool(AMOUNT.match(folded[m.end() :]))
            self.number(index, text, span(text, where, *m.span()), canonical(m.group(0)), amount)
        self.names(index, text)
        self.claims(index, text, folded, where)

    def day(self, index: int, text: str, excerpt: str, day: Day) -> None:
        key = self.register.date_of(day)
        if key or date_matches(day, self.days.dates):
            self.used.update([key] if key else [])
            return
        changed = self.register.changed_date(day)
        if changed is not None:
            self.add(FindingCode.CONTREDIT, index, text, excerpt, changed)
            return
        fact = self.register.unsettled_date(day)
        if fact is None and date_matches(day, self.known.dates):
            return
        code = FindingCode.DATE_NON_ETABLIE if fact else FindingCode.DATE_INCONNUE
        self.add(code, index, text, excerpt, fact)

    def number(self, index: int, text: str, excerpt: str, number: str, amount: bool) -> None:
        key = self.register.number_of(number)
        if key or number in self.days.numbers:
            self.used.update([key] if key else [])
            return
        changed = self.register.changed_number(number)
        if changed is not None:
            self.add(FindingCode.CONTREDIT, index, text, excerpt, changed)
            return
        fact = self.register.unsettled_number(number)
        if fact is not None:
            self.add(FindingCode.CHIFFRE_NON_ETABLI, index, text, excerpt, fact)
        elif number in self.known.numbers:
            return
        elif number not in self.lexicon.numbers:
            code = FindingCode.MONTANT_INCONNU if amount else FindingCode.CHIFFRE_INCONNU
            self.add(code, index, text, excerpt)

    def names(self, index: int, text: str) -> None:
        for m in CAPITALIZED.finditer(text):
            words = m.group(0).split(" ")
            before = text[: m.start()].rstrip()
            if not before or before[-1] in ':«(—–"':
                words = words[1:]
            unknown = [w for w in words if self.unknown_word(w)]
            if not unknown:
                continue
            fact = next(
                (f for w in unknown for f in [self.register.unsettled_word(fold(w))] if f), None
            )
            code = FindingCode.NOM_NON_ETABLI if fact else FindingCode.NOM_INCONNU
            self.add(code, index, text, m.group(0), fact)

    def unknown_word(self, word: str) -> bool:
        parts = WORD.findall(fold(word))
        if not parts or all(p.isdigit() for p in parts):
            return False
        for key, words in self.register.words.items():
            if all(p in words for p in parts):
                self.used.add(key)
                return False
        return not all(p in self.known_words or p in self.lexicon.names for p in parts)

    def denials(self, index: int, text: str, folded: str, where: list[int]) -> None:
        """A sentence denying what a verified fact now establishes."""
        for denial in self.lexicon.denials:
            match = next((m for p in denial.patterns for m in [p.search(folded)] if m), None)
            key = self.register.establishes(denial) if match else None
            if match is None or key is None:
                continue
            excerpt = span(text, where, *match.span())
            fact = self.register.verified[key]
            self.add(FindingCode.CONTREDIT, index, text, excerpt, fact, claim=denial.name)

    def claims(self, index: int, text: str, folded: str, where: list[int]) -> None:
        self.denials(index, text, folded, where)
        padded = f" {folded} "
        if any(marker in padded for marker in self.lexicon.reported):
            return
        if text.rstrip().endswith("?"):  # a question asks, it does not state
            return
        if self.lexicon.negation.search(folded):
            return
        for claim in self.lexicon.claims:
            match = next((m for p in claim.patterns for m in [p.search(folded)] if m), None)
            if match is None:
                continue
            key = self.register.establishes(claim)
            if key is not None:
                self.used.add(key)
                continue
            start, end = match.span()
            while end < len(folded) and folded[end].isalnum():
                end += 1
            excerpt = span(text, where, start, end)
            self.add(FindingCode.AFFIRMATION, index, text, excerpt, claim=claim.name)


def _present(fact: Fact, figures: Figures, folded_text: str, months: Mapping[str, int]) -> bool:
    """Whether a text (its figures and folded words) still gives ``fact``."""
    if fact.kind in (ValueType.DATE, ValueType.DATE_HEURE):
        day = date.fromisoformat(fact.value[:10])
        return date_matches((day.day, day.month, day.year), figures.dates)
    if fact.kind is ValueType.ENTIER:
        return canonical(fact.value) in figures.numbers
    if fact.kind is ValueType.TEXTE:
        own = Figures.of(fact.value, months)
        if own.numbers or own.dates:
            return own.numbers <= figures.numbers and own.dates <= figures.dates
        words = [w for w in WORD.findall(fold(fact.value)) if len(w) > 3][:6]
        return all(w in folded_text for w in words)
    return True


def check(
    text: str,
    original: str,
    facts: list[Fact],
    lexicon: Lexicon,
    required: Iterable[str] = (),
    today: date | None = None,
    relied: Mapping[str, str] = {},
    days: Iterable[date] = (),
    written: Collection[int] | None = None,
    spelled: Callable[[str], str] = plain_digits,
    patients: Sequence[str] | None = None,
) -> Report:
    """The findings on ``text``, an edit of ``original`` (the modèle's text, or the text a
    rectificatif corrects), against the register ``facts`` as it is now; ``required`` are
    the keys the modèle's text must keep giving when it gave them; ``relied`` the value of
    each fact the text was written from (a figure of a value since changed is contradicted);
    ``today`` and ``days`` the dates the text may print as its own (its writing, its
    publication). ``written`` are the numbers of the sentences people wrote (all when
    None): only those are read for figures, names and statements, and for what nobody may
    publish (``spelled`` writes a sentence's numbers in digits); the register's own are
    re-checked from their provenance. ``patients``, for a text to patients, are the
    verified contacts it may give."""
    register = Register(facts, lexicon.months, relied)
    known = Figures.of(original, lexicon.months)
    own = Figures(set(), set())
    for day in [*([today] if today is not None else []), *days]:
        own.dates.add((day.day, day.month, day.year))
        own.numbers.add(str(day.year))
    known_words = set(WORD.findall(fold(original)))
    checker = _Checker(register, lexicon, known, known_words, own)
    admitted = [
        f.value
        for f in register.verified.values()
        if f.kind is ValueType.TEXTE and f.key != CONFIDENTIAL
    ]
    for index, sentence in enumerate(sentences(text), start=1):
        if written is not None and index not in written:
            continue
        checker.sentence(index, sentence)
        digits = spelled(sentence)
        hits = attackers_figures(digits, fold(digits), facts, lexicon.vague)
        hits += names(sentence, facts, admitted)
        if patients is not None:
            hits += to_patients(sentence, lexicon.patients, patients)
        for hit in hits:
            key = hit.fact.key if hit.fact else None
            if key and any(f.sentence == index and f.key == key for f in checker.found):
                continue  # the sentence's figure or name is already found from this fact
            excerpt = hit.excerpt if hit.excerpt in sentence else sentence
            checker.add(_BLOCKED[hit.what], index, sentence, excerpt, hit.fact)
    edited = Figures.of(text, lexicon.months)
    edited_words = " ".join(WORD.findall(fold(text)))
    original_words = " ".join(WORD.findall(fold(original)))
    for key in dict.fromkeys(required):
        fact = register.verified.get(key)
        if fact is None or fact.kind is ValueType.BOOLEEN:
            continue
        if _present(fact, known, original_words, lexicon.months) and not _present(
            fact, edited, edited_words, lexicon.months
        ):
            checker.add(FindingCode.CLAUSE_RETIREE, 0, "", fact.value, fact)
    return Report(checker.found, checker.used)
