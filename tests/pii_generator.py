"""Patient data generated: identifiers × obfuscations × the fields that store text.

Hypothesis strategies shared by ``tests/unit/test_guard_generated.py`` and
``bench/guard_variants.py``. An identifier is drawn as groups of characters, the groups are
joined by a separator and their digits written in another script, with format characters
between them; then the text is typed in one of the commands that store text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import strategies as st
from phonenumbers import is_valid_number, parse

from bot.bootstrap import Application
from tests.fakes import FakeRepository

MESSAGES = Path(__file__).resolve().parents[1] / "messages"
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
SEPARATORS = (" ", ".", "-", ",", "\u00b7", ":", " - ", ". ", "  ", "\u00a0", "/", "x", "*", "|",
              "~", "\u060c", " ... ", " / / ")  # fmt: skip
# Letters typed for digits: O for 0, l and I for 1.
LOOKALIKES = {"0": "O", "1": "l"}


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
    if draw(st.booleans()) and not separator.isalpha():
        separator = "(" + separator.strip() + ")" if draw(st.booleans()) else separator
    if draw(st.integers(0, 3)) == 0:  # letters for digits, in each group that keeps a digit
        looks = ["".join(LOOKALIKES.get(c, c) for c in g) for g in groups]
        groups = [
            lk if any(c.isdigit() for c in lk) else g for lk, g in zip(looks, groups, strict=True)
        ]
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
    lead = draw(st.sampled_from(("", "NIR ", "n° de sécu : ", "sécu ")))
    style = draw(st.sampled_from(("written", "written", "spoken", "labelled")))
    said = _split(draw, number, (NIR_GROUPS,))
    if style == "spoken":  # each group said as a number: « six » for 006
        # Typed with a mark between the numbers: « zéro un » is 01 and « dix cent dix-neuf »
        # 1019 unless a comma parts them.
        separator = draw(st.sampled_from((", ", " ; ", " - ", ". ")))
        words = (spoken_number(int(g)) for g in said)
        return Secret("nir", lead + separator.join(words), "")
    if style == "labelled":  # words typed between the groups
        words = [draw(st.sampled_from(_BETWEEN)) for _ in said[1:]]
        text = said[0] + "".join(f" {w} {g}" for w, g in zip(words, said[1:], strict=True))
        return Secret("nir", lead + text, number)
    groups = _split(draw, number, ((15,), NIR_GROUPS, (5, 5, 5), (3, 3, 3, 3, 3)))
    return Secret("nir", lead + draw(digit_disguise(groups)), number)


NIR_GROUPS = (1, 2, 2, 2, 3, 3, 2)
# Words typed between the groups of a number.
_BETWEEN = ("puis", "et", "clé", "-", "/ suite :", "ensuite", "n°")


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
    if draw(st.booleans()):  # a RIB, each part after its label
        labels = draw(st.sampled_from(_RIB_LABELS))
        parts = (f"{bank}", f"{branch}", f"{account:011d}", f"{key:02d}")
        text = " ".join(f"{label} {part}" for label, part in zip(labels, parts, strict=True))
        return Secret("iban", text, bban)
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    text = draw(digit_disguise(groups))
    lead = draw(st.sampled_from(("", "IBAN ", "RIB : ")))
    if draw(st.booleans()):  # a space after the country code
        text = text[:2] + " " + text[2:]
    return Secret("iban", lead + text, digits_of(number[2:]))


_RIB_LABELS = (
    ("banque", "guichet", "compte", "clé"),
    ("code banque :", "code guichet :", "n° de compte :", "clé RIB :"),
    ("Banque", "Guichet", "N° compte", "Clé"),
)


@st.composite
def patient_ids(draw: st.DrawFn) -> Secret:
    number = draw(st.text("0123456789", min_size=6, max_size=12))
    lead = draw(
        st.sampled_from(("IPP ", "IPP:", "IPP n° ", "ipp ", "I.P.P. ", "IPP-", "NIP "))
        | st.sampled_from(PATIENT_ID_LABELS).map(lambda label: label + draw(_LABEL_END))
    )
    groups = _split(draw, number, ((len(number),), (3, 3, 3, 3), (2, 2, 2, 2, 2, 2)))
    return Secret("patient_id", lead + draw(digit_disguise(groups)), number)


PATIENT_ID_LABELS = tuple(
    yaml.safe_load((MESSAGES / "privacy.yml").read_text("utf-8"))["libelles_identifiant_patient"]
)
_LABEL_END = st.sampled_from(
    (
        " ",
        " : ",
        " n° ",
        ": ",
        " #",
        " = ",
        " (",
        " « ",
        " → ",
        " est ",
        " du patient : ",
        " est le ",
    )
)

_LOCALS = ("jeanne.dupont", "jdupont54", "marc-bernard", "lea_roux", "p.martin")
_DOMAINS = ("gmail.com", "orange.fr", "free.fr", "laposte.net", "yahoo.fr", "hotmail.com")


@st.composite
def emails(draw: st.DrawFn) -> Secret:
    local, domain = draw(st.sampled_from(_LOCALS)), draw(st.sampled_from(_DOMAINS))
    at = draw(
        st.sampled_from(
            ("@", " arobas ", " arobase ", " chez ", " [at] ", "(at)", "&#64;", "%40", " @ ",
             " sur ", " à ", " (a) ", "-at-", "=40", "\\u0040", " AT ")
        )
    )  # fmt: skip
    name, _, ext = domain.rpartition(".")
    dot = draw(st.sampled_from((".", ",", " [dot] ", " point ", "。", "_", "")))
    text = f"{local}{at}{name}{dot}{ext}" if dot else f"{local}{at}{name}"
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


def spoken_number(n: int) -> str:
    """A number from 0 to 999 said in French: 612 → « six cent douze »."""
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return spoken_pair(rest).removeprefix("zéro ") if rest else "zéro"
    head = "cent" if hundreds == 1 else f"{_SPOKEN[hundreds]} cent"
    if not rest:
        return head + ("s" if hundreds > 1 else "")
    return f"{head} {spoken_pair(rest).removeprefix('zéro ')}"


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
        text = draw(st.sampled_from(_COUNTRY_CODES)) + draw(
            digit_disguise([number[1], *[p for p in pairs[1:]]])
        )
        return Secret("phone", text, number[1:])
    before = draw(st.sampled_from(("", "", "PV 123 ", "box 4 ", "1. ", "ticket 4521 ", "Tél 1 : ")))
    return Secret("phone", before + draw(digit_disguise(pairs)), number[1:])


_COUNTRY_CODES = ("+33 ", "+33", "+33 (0)", "0033 ", "+ 33 ", "+ 33 (0)", "(+33) ", "00 33 ")

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
    word = draw(
        st.sampled_from(
            ("né le", "née le", "Née le", "date de naissance :", "DDN", "D.D.N. :", "d.d.n",
             "D-D-N", "date de naiss.", "née")
        )
    )  # fmt: skip
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
    town = draw(st.sampled_from(_TOWNS))
    digits = f"{day:02d}{month:02d}{year}"
    style = draw(st.sampled_from(("name", "row", "csv", "born", "stay", "room")))
    if style == "name":
        text = f"{surname} {first} {date}"
    elif style == "row":
        separator = draw(st.sampled_from((";", "|", "\t", " ; ")))
        cells = (surname, draw(st.sampled_from((first, first.upper()))), date, town)
        text = separator.join(cells)
    elif style == "csv":  # as a spreadsheet exports it
        quote = draw(st.sampled_from(('"', "")))
        text = ",".join(f"{quote}{cell}{quote}" for cell in (surname, first, date))
    elif style == "born":  # a birthplace and a year after the name
        text = f"{first} {surname.title()} ({town}, {year})"
        digits = ""
    else:  # a stay in care somewhere in the sentence, or a room then the person
        civility = draw(st.sampled_from(("M.", "Mme", "Madame", "Monsieur")))
        person = draw(st.sampled_from((f"{civility} {surname.title()}", f"{first} {surname}")))
        n = draw(st.integers(1, 420))
        if style == "stay":
            text = f"{person} {draw(st.sampled_from(_STAYS)).format(n=n)}"
        else:
            text = f"{draw(st.sampled_from(('chambre', 'lit', 'box', 'Chambre')))} {n} : {person}"
        digits = ""
    return Secret("identity", text, digits, (surname,))


# What places a person in care; « {n} » is a room or bed number.
_STAYS = (
    "est-il en réanimation, lit {n}",
    "a été vu ce matin, chambre {n}",
    "est hospitalisée depuis lundi",
    "a été admise aux urgences hier soir, box {n}",
    "est toujours en réanimation",
)


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


# Commands with two fields that store text, ``{0}`` and ``{1}`` where the halves of a
# number go.
SPLIT_FIELDS = (
    "fait note.libre = {0} source: {1}",
    "fait fuite.averee = non source: {0} / {1}",
    "presse {0} / Anne Roy / {1}",
    "presse Le Progrès / {0} / {1}",
    "presse {0} / {1} / combien de personnes ?",
)


@st.composite
def split_commands(draw: st.DrawFn) -> tuple[str, Secret]:
    """A number cut in two, its head at the end of one field and its tail at the start of
    another, in the order typed or the other way round, words before the head."""
    secret = draw(st.one_of(nirs(), phones(), ibans()).filter(lambda s: len(s.digits) >= 9))
    # a phone's digits without its 0, an IBAN's without its letters: written as typed here
    digits = {"phone": "0" + secret.digits, "iban": secret.digits[-23:]}.get(
        secret.kind, secret.digits
    )
    groups = _split(draw, digits, ((2,) * 12, NIR_GROUPS, (4,) * 6, (3,) * 8))
    cut = draw(st.integers(1, len(groups) - 1))
    head, tail = " ".join(groups[:cut]), " ".join(groups[cut:])
    head = draw(st.sampled_from(("", "tél. du patient ", "NIR ", "rappeler au ", "RIB "))) + head
    first, second = (tail, head) if draw(st.booleans()) else (head, tail)
    command = draw(st.sampled_from(SPLIT_FIELDS)).format(first, second)
    return command, Secret(secret.kind, command, digits)


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
