"""Patient data generated: identifiers × obfuscations × the fields that store text.

Hypothesis strategies shared by ``tests/unit/test_guard_generated.py`` and
``bench/guard_variants.py``. An identifier is drawn as groups of characters, the groups are
joined by a separator and their digits written in another script, with format characters
between them; then the text is typed in one of the commands that store text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from hypothesis import strategies as st
from phonenumbers import is_valid_number, parse

from bot.bootstrap import Application
from tests.fakes import FakeRepository

CHANNEL = "C1"
FRESH = "C-neuve"


@dataclass(frozen=True)
class Secret:
    """A generated identifier: what is typed, and what no reply may show."""

    kind: str
    text: str
    digits: str  # the identifier's digits, in ASCII ("" for an address)
    words: tuple[str, ...] = ()  # words no reply may show (an address's local part, a name)


# Digits of other scripts: Arabic-Indic, Persian, Devanagari, full-width.
SCRIPTS = (0x0660, 0x06F0, 0x0966, 0xFF10)
FORMATS = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u2063")
SEPARATORS = (" ", ".", "-", ",", "\u00b7", ":", " - ", ". ", "  ", "\u00a0", "/")


def digits_of(text: str) -> str:
    """The digits of ``text`` in any script, as ASCII digits."""
    return "".join(
        str(unicodedata.digit(c)) for c in text if unicodedata.digit(c, None) is not None
    )


def _script(text: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


@st.composite
def digit_disguise(draw: st.DrawFn, groups: list[str]) -> str:
    """Groups joined by one separator, in one script, format characters between digits."""
    separator = draw(st.sampled_from(SEPARATORS))
    if draw(st.booleans()):
        separator = "(" + separator.strip() + ")" if draw(st.booleans()) else separator
    text = separator.join(groups)
    if draw(st.booleans()):
        text = _script(text, draw(st.sampled_from(SCRIPTS)))
    if draw(st.booleans()):
        mark = draw(st.sampled_from(FORMATS))
        text = "".join(c + mark if unicodedata.digit(c, None) is not None else c for c in text)
    return text


def _split(draw: st.DrawFn, digits: str, sizes: tuple[tuple[int, ...], ...]) -> list[str]:
    chosen = draw(st.sampled_from(sizes))
    groups, at = [], 0
    for size in chosen:
        groups.append(digits[at : at + size])
        at += size
    if at < len(digits):
        groups.append(digits[at:])
    return [g for g in groups if g]


@st.composite
def nirs(draw: st.DrawFn) -> Secret:
    body = "".join(
        (
            draw(st.sampled_from("12")),
            f"{draw(st.integers(0, 99)):02d}",
            f"{draw(st.integers(1, 12)):02d}",
            f"{draw(st.sampled_from([1, 13, 25, 33, 59, 69, 75, 78, 92, 95])):02d}",
            f"{draw(st.integers(1, 990)):03d}",
            f"{draw(st.integers(1, 999)):03d}",
        )
    )
    number = body + f"{97 - int(body) % 97:02d}"
    groups = _split(draw, number, ((15,), (1, 2, 2, 2, 3, 3, 2), (5, 5, 5), (3, 3, 3, 3, 3)))
    text = draw(digit_disguise(groups))
    lead = draw(st.sampled_from(("", "NIR ", "n° de sécu : ", "sécu ")))
    return Secret("nir", lead + text, number)


def _iban_check(bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + "FR00")
    return f"{98 - int(numeric) % 97:02d}"


@st.composite
def ibans(draw: st.DrawFn) -> Secret:
    bank, branch = draw(st.integers(10000, 99999)), draw(st.integers(10000, 99999))
    account = draw(st.integers(10**9, 10**11 - 1))
    key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    bban = f"{bank}{branch}{account:011d}{key:02d}"
    number = "FR" + _iban_check(bban) + bban
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    text = draw(digit_disguise(groups))
    lead = draw(st.sampled_from(("", "IBAN ", "RIB : ")))
    return Secret("iban", lead + text, digits_of(number[2:]))


@st.composite
def patient_ids(draw: st.DrawFn) -> Secret:
    number = draw(st.text("0123456789", min_size=6, max_size=12))
    lead = draw(st.sampled_from(("IPP ", "IPP:", "IPP n° ", "ipp ", "I.P.P. ", "IPP-", "NIP ")))
    groups = _split(draw, number, ((len(number),), (3, 3, 3, 3), (2, 2, 2, 2, 2, 2)))
    return Secret("patient_id", lead + draw(digit_disguise(groups)), number)


_LOCALS = ("jeanne.dupont", "jdupont54", "marc-bernard", "lea_roux", "p.martin")
_DOMAINS = ("gmail.com", "orange.fr", "free.fr", "laposte.net", "yahoo.fr", "hotmail.com")


@st.composite
def emails(draw: st.DrawFn) -> Secret:
    local, domain = draw(st.sampled_from(_LOCALS)), draw(st.sampled_from(_DOMAINS))
    at = draw(
        st.sampled_from(
            ("@", " arobas ", " arobase ", " chez ", " [at] ", "(at)", "&#64;", "%40", " @ ")
        )
    )
    name, _, ext = domain.rpartition(".")
    dot = draw(st.sampled_from((".", ",", " [dot] ", " point ")))
    text = f"{local}{at}{name}{dot}{ext}"
    return Secret("email", text, "", (local,))


def _valid_phone(number: str) -> bool:
    return is_valid_number(parse(number, "FR"))


_SPOKEN = {
    0: "zéro", 1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept",
    8: "huit", 9: "neuf", 10: "dix", 11: "onze", 12: "douze", 13: "treize", 14: "quatorze",
    15: "quinze", 16: "seize", 20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante",
    60: "soixante", 80: "quatre-vingt",
}  # fmt: skip


def _under_twenty(n: int) -> str:
    return _SPOKEN[n] if n in _SPOKEN else "dix-" + _SPOKEN[n - 10]


def spoken_pair(pair: int) -> str:
    """A pair of digits said in French: 5 → « zéro cinq », 71 → « soixante et onze »."""
    if pair < 10:
        return "zéro " + _SPOKEN[pair] if pair else "zéro zéro"
    if pair < 20:
        return _under_twenty(pair)
    tens, unit = (pair // 10) * 10, pair % 10
    if tens in (70, 90):
        base, rest = tens - 10, 10 + unit
        join = " et " if pair == 71 else "-"
        return f"{_SPOKEN[base]}{join}{_under_twenty(rest)}"
    if unit == 0:
        return _SPOKEN[tens] + ("s" if tens == 80 else "")
    join = " et " if unit == 1 and tens != 80 else "-"
    return f"{_SPOKEN[tens]}{join}{_SPOKEN[unit]}"


@st.composite
def phones(draw: st.DrawFn) -> Secret:
    prefix = draw(st.sampled_from(("06", "07", "01", "02", "03", "04", "05", "09")))
    rest = draw(st.text("0123456789", min_size=8, max_size=8))
    number = prefix + rest
    if prefix == "07" and rest[0] not in "3456789":
        number = "07" + "5" + rest[1:]
    if not _valid_phone(number):
        number = "06" + rest
    pairs = [number[i : i + 2] for i in range(0, 10, 2)]
    style = draw(st.sampled_from(("groups", "international", "spoken")))
    if style == "spoken":
        words = ["zéro", _SPOKEN[int(number[1])]] + [spoken_pair(int(p)) for p in pairs[1:]]
        return Secret("phone", " ".join(words), number[1:])
    if style == "international":
        text = draw(st.sampled_from(("+33 ", "+33", "+33 (0)", "0033 "))) + draw(
            digit_disguise([number[1], *[p for p in pairs[1:]]])
        )
        return Secret("phone", text, number[1:])
    return Secret("phone", draw(digit_disguise(pairs)), number[1:])


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")  # fmt: skip
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_SURNAMES = ("DUPONT", "MARTIN", "BERNARD", "LEFÈVRE", "N'DIAYE", "GARCIA-LOPEZ")
_FIRST_NAMES = ("Jeanne", "Marc", "Léa", "Jean-Pierre", "Fatima", "Hélène")
_TOWNS = ("Vesoul", "Besançon", "Lure", "Dole")


def _year_spoken(year: int) -> str:
    rest = year % 100
    head = "mille neuf cent" if year < 2000 else "deux mille"
    return head + (" " + spoken_pair(rest).removeprefix("zéro ") if rest else "")


@st.composite
def birth_dates(draw: st.DrawFn) -> Secret:
    day, month, year = (
        draw(st.integers(1, 28)),
        draw(st.integers(1, 12)),
        draw(st.integers(1925, 2015)),
    )
    word = draw(st.sampled_from(("né le", "née le", "Née le", "date de naissance :", "DDN")))
    style = draw(st.sampled_from(("slashes", "compact", "spoken", "weekday")))
    if style == "slashes":
        date = draw(digit_disguise([f"{day:02d}", f"{month:02d}", str(year)]))
    elif style == "compact":
        date = draw(digit_disguise([f"{day:02d}{month:02d}{year}"]))
    elif style == "spoken":
        date = f"{spoken_pair(day).removeprefix('zéro ')} {_MONTHS[month - 1]} {_year_spoken(year)}"
    else:
        date = f"{draw(st.sampled_from(_WEEKDAYS))} {day} {_MONTHS[month - 1]} {year}"
    digits = f"{day:02d}{month:02d}{year}" if style in ("slashes", "compact") else ""
    return Secret("birth_date", f"{word} {date}", digits)


@st.composite
def identity_rows(draw: st.DrawFn) -> Secret:
    surname, first = draw(st.sampled_from(_SURNAMES)), draw(st.sampled_from(_FIRST_NAMES))
    day, month, year = (
        draw(st.integers(1, 28)),
        draw(st.integers(1, 12)),
        draw(st.integers(1925, 2015)),
    )
    date = f"{day:02d}/{month:02d}/{year}"
    if draw(st.booleans()):
        text = f"{surname} {first} {date}"
    else:
        separator = draw(st.sampled_from((";", "|", "\t", " ; ")))
        text = separator.join((surname, first, date, draw(st.sampled_from(_TOWNS))))
    return Secret("identity", text, f"{day:02d}{month:02d}{year}", (surname,))


IDENTIFIERS = st.one_of(
    nirs(), ibans(), patient_ids(), emails(), phones(), birth_dates(), identity_rows()
)

# Where the text of draft n° 1 goes, so that an edit keeps the sentences of the register.
DRAFT = "<brouillon>"
# The commands that store text, ``{}`` where the value is typed. ``presse``: média /
# journaliste / question; ``ouvrir`` in a channel without a crisis.
FIELDS = (
    "fait note.libre = {}",
    "fait fuite.averee = non source: {}",
    "verifier fuite.averee preuve: {}",
    "question {}",
    "repondre 1 {}",
    "rejeter 1 {}",
    "decision {}",
    "presse Le Progrès / Anne Roy / {}",
    "presse {} / Anne Roy / combien de personnes ?",
    "ouvrir {}",
    "modifier 1\n{}\n" + DRAFT,
    "modifier 1\n" + DRAFT + "\n{}",
)


@st.composite
def commands(draw: st.DrawFn) -> tuple[str, Secret]:
    secret = draw(IDENTIFIERS)
    before = draw(st.sampled_from(("", "Patiente : ", "rappeler ", "voir ")))
    after = draw(st.sampled_from(("", " merci", ".", " (à rappeler)")))
    return draw(st.sampled_from(FIELDS)).format(before + secret.text + after), secret


def user_for(command: str) -> str:
    """The communication officer edits the draft; the pilote types every other command."""
    return "com" if command.startswith("modifier") else "alice"


def channel_for(command: str) -> str:
    return FRESH if command.startswith("ouvrir") else CHANNEL


def shows(secret: Secret, text: str) -> bool:
    """Whether ``text`` shows the identifier: its digits in any script and spacing, or one
    of its words."""
    if secret.digits and secret.digits in digits_of(text):
        return True
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(word.casefold() in folded for word in secret.words)


def snapshot(store: FakeRepository) -> str:
    return repr(sorted(vars(store).items()))


MINIMAL_FACTS = {
    "etablissement.nom": "l'Hôpital des Tilleuls",
    "etablissement.ville": "Vesoul",
    "incident.connu_le": "11/01/2026 09:15",
    "dpo.contact": "dpo@tilleuls.example",
}


def prepare(app: Application) -> str:
    """A crisis with roles, verified facts, question n° 1 and draft n° 1; its text."""
    lines = [
        ("alice", "ouvrir Fuite présumée"),
        ("alice", "role @bob dpo"),
        ("alice", "role @dir direction"),
        ("alice", "role @jur juridique"),
        ("alice", "role @com communication"),
        ("alice", "fait fuite.averee = non"),
        ("alice", "question Qui rappelle la presse ?"),
    ]
    for key, value in MINIMAL_FACTS.items():
        lines += [("alice", f"fait {key} = {value}"), ("bob", f"verifier {key}")]
    for user, line in lines:
        answer = app.answer(user, CHANNEL, line)
        assert not answer.error, (line, answer.text)
    answer = app.answer("com", CHANNEL, "rediger communique")
    assert not answer.error, answer.text
    return str(answer.reply.data["view"].draft.text)


def typed(command: str, draft: str) -> str:
    """The command as the pilote types it, the text of draft n° 1 in its place."""
    return command.replace(DRAFT, draft)
