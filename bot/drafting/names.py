"""Names of establishments, groups and cities, with the article, gender and number French
grammar needs, recognised from the name (``messages/fr/noms.yml``) or set by a fact.

A ``Nom`` is a ``str`` whose value is the form used inside a sentence, so a template that
prints it as is keeps working; its properties (and the Jinja filters of the same names,
see ``bot/drafting/environment.py``) give the other forms:

==================  ===============================  ===============================
form                establishment                    city
==================  ===============================  ===============================
``str(nom)``        l'Hôpital privé de la Miotte     Le Havre
``nom.sujet``       L'Hôpital privé de la Miotte     Le Havre
``nom.de``          de l'Hôpital privé de la Miotte  du Havre · des Sables-d'Olonne
``nom.au``          à l'Hôpital privé de la Miotte   au Havre · aux Sables-d'Olonne
``nom.nu``          Hôpital privé de la Miotte       Havre
==================  ===============================  ===============================

``nom.contient(ville)`` tells whether the name already holds the city (« le Centre hospitalier
de Vernon », Vernon), so that a text does not name it twice. ``nom.verbe("a eu")`` → « ont eu »
for a plural name; ``nom.participe("informé")`` →
« informée », « informés »…; ``nom.accord("est", "sont")`` picks a form by number.
An article typed in capitals (« L'Hôpital ») is lowered inside a sentence; a city typed in
lower case (« le havre ») is capitalised (« Le Havre »), its article staying part of its
name (« à La Rochelle »). Overrides: facts ``<clé>.article`` (le, la, l', les, aucun),
``<clé>.genre`` (masculin, féminin), ``<clé>.nombre`` (singulier, pluriel).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot import yamlfile
from bot.domain.values import fold

VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
_ARTICLE = re.compile(r"^(?:(les|le|la)\s+|(l)['’]\s*)", re.IGNORECASE)
_TOKENS = re.compile(r"([\s\-'’]+)")
_ETRE = frozenset({"est", "sont", "sera", "seront", "était", "étaient", "été"})
_IRREGULAR = {
    "a": "ont", "est": "sont", "va": "vont", "fait": "font", "peut": "peuvent",
    "doit": "doivent", "sera": "seront", "était": "étaient", "avait": "avaient",
    "prend": "prennent", "met": "mettent", "poursuit": "poursuivent", "tient": "tiennent",
    "veut": "veulent", "sait": "savent", "dit": "disent", "vient": "viennent",
    "reçoit": "reçoivent", "suit": "suivent", "agit": "agissent",
}  # fmt: skip
_WORDS = re.compile(r"[^\W\d_]+|\d+")
_NOT_VERBS = frozenset({"ne", "n'", "se", "s'", "y", "en", "l'", "le", "la", "les", "lui", "leur"})


@dataclass(frozen=True)
class Head:
    words: str
    genre: str
    nombre: str


@dataclass(frozen=True)
class Grammar:
    """The data of ``noms.yml``."""

    heads: tuple[Head, ...]
    h_aspire: frozenset[str]
    particles: frozenset[str]
    values: dict[str, dict[str, str]]

    def elides(self, word: str) -> bool:
        """Whether « le », « la », « de » elide before ``word``."""
        first = word[:1].lower()
        if first == "h":
            stem = re.split(r"[\s\-'’]", word.lower(), maxsplit=1)[0]
            return stem not in self.h_aspire and not word.isupper()
        return first in VOWELS

    def head(self, bare: str) -> Head | None:
        lowered = bare.lower()
        for head in self.heads:
            if lowered == head.words or lowered.startswith((head.words + " ", head.words + ",")):
                return head
        return None

    def setting(self, kind: str, value: str | None) -> str | None:
        """An override typed by a person (« féminin », « l' », « aucun »), normalised."""
        if value is None:
            return None
        return self.values.get(kind, {}).get(str(value).strip().lower())


@lru_cache(maxsize=4)
def load_grammar(messages_dir: Path) -> Grammar:
    data: dict[str, Any] = yamlfile.safe_load((messages_dir / "fr" / "noms.yml").read_text("utf-8"))
    heads = [Head(h["mots"], h["genre"], h["nombre"]) for h in data["tetes"]]
    heads.sort(key=lambda h: len(h.words), reverse=True)
    return Grammar(
        heads=tuple(heads),
        h_aspire=frozenset(data["h_aspire"]),
        particles=frozenset(data["particules"]),
        values={k: {str(a): str(b) for a, b in v.items()} for k, v in data["valeurs"].items()},
    )


class Nom(str):
    """A name with its grammar; ``str(nom)`` is its form inside a sentence."""

    article: str  # "le", "la", "l'", "les" or "" (none)
    nu: str  # the name without its article
    genre: str  # "m" or "f"
    nombre: str  # "s" or "p"
    ville: bool  # a place: its article is part of the name and keeps its capital
    reconnu: bool  # recognised from the name, typed with its article, or set by a fact
    elision: bool  # « de » and « le » elide before it
    apposition: bool  # printed as is, without the article it was not typed with

    def __new__(
        cls,
        article: str,
        nu: str,
        genre: str,
        nombre: str,
        ville: bool,
        reconnu: bool,
        elision: bool,
        apposition: bool = False,
    ) -> Nom:
        shown = nu if apposition else _with_article(article, nu, ville)
        self = super().__new__(cls, shown)
        self.article, self.nu, self.genre, self.nombre = article, nu, genre, nombre
        self.ville, self.reconnu, self.elision = ville, reconnu, elision
        self.apposition = apposition
        return self

    @property
    def pluriel(self) -> bool:
        return self.nombre == "p"

    @property
    def feminin(self) -> bool:
        return self.genre == "f"

    @property
    def avec_article(self) -> str:
        """« l'Hôpital… », « le Groupe Santé Horizon »."""
        return _with_article(self.article, self.nu, self.ville)

    @property
    def sujet(self) -> str:
        """At the start of a sentence: « L'Hôpital… », « Les Hospices… »."""
        text = self.avec_article
        return text[:1].upper() + text[1:]

    @property
    def de(self) -> str:
        """After « de »: du, de la, de l', des, d'."""
        return self._contract("du", "des", "de")

    @property
    def au(self) -> str:
        """After « à »: au, à la, à l', aux, à."""
        return self._contract("au", "aux", "à")

    def _contract(self, masculine: str, plural: str, plain: str) -> str:
        if self.article == "le":
            return f"{masculine} {self.nu}"
        if self.article == "les":
            return f"{plural} {self.nu}"
        if self.article:
            return f"{plain} {self.avec_article}"
        if plain == "de" and self.elision:
            return f"d'{self.nu}"
        return f"{plain} {self.nu}"

    def contient(self, autre: str) -> bool:
        """Whether this name already holds ``autre`` (a city, typed with or without its
        article), word for word, whatever the case and accents: « le Centre hospitalier de
        Vernon » holds Vernon, « le Groupe hospitalier du Havre » holds Le Havre, « la Clinique
        des Tilleuls » does not hold Les Tilleuls-sur-Mer."""
        wanted = _words(getattr(autre, "nu", None) or _ARTICLE.sub("", str(autre).strip()))
        words = _words(self.nu)
        if not wanted:
            return False
        return any(words[i : i + len(wanted)] == wanted for i in range(len(words)))

    def accord(self, singulier: str, pluriel: str, *feminins: str) -> str:
        """The form agreeing with the name: ``accord("situé", "situés", "située", "situées")``."""
        if feminins and self.feminin:
            return feminins[1] if self.pluriel and len(feminins) > 1 else feminins[0]
        return pluriel if self.pluriel else singulier

    def participe(self, masculin: str) -> str:
        """« informé » → informée, informés, informées."""
        word = masculin
        if self.feminin and not word.endswith("e"):
            word += "e"
        if self.pluriel and not word.endswith(("s", "x")):
            word += "s"
        return word

    def verbe(self, singulier: str) -> str:
        """A verb phrase of the third person singular, agreed with the name: « a eu » →
        « ont eu »; « est situé » → « sont situés »; « ne commentera pas » → « ne
        commenteront pas »."""
        words = singulier.split(" ")
        etre, verb = False, len(words)
        for index, word in enumerate(words):
            if word.lower() in _NOT_VERBS:
                continue
            etre, verb = word in _ETRE, index
            if self.pluriel:
                words[index] = _plural(word)
            break
        if (etre or "été" in words) and verb < len(words) - 1:
            words[-1] = self.participe(words[-1]) if words[-1][-1:] in "éiust" else words[-1]
        return " ".join(words)


def _words(text: str) -> list[str]:
    return _WORDS.findall(fold(text.replace("’", "'")))


def _plural(verb: str) -> str:
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ra"):
        return verb[:-1] + "ont"
    if verb.endswith("rait"):
        return verb[:-1] + "ent"
    if verb.endswith("e"):
        return verb + "nt"
    return verb


def _with_article(article: str, nu: str, ville: bool) -> str:
    shown = article[:1].upper() + article[1:] if ville else article
    if not shown:
        return nu
    return shown + nu if shown.endswith("'") else f"{shown} {nu}"


def _capitalise_place(text: str, grammar: Grammar) -> str:
    """« les sables-d'olonne » → « Les Sables-d'Olonne », only when typed in one case."""
    if text != text.lower() and text != text.upper():
        return text[:1].upper() + text[1:]
    parts = _TOKENS.split(text.lower())
    for index, part in enumerate(parts):
        if index % 2 == 0 and part and (index == 0 or part not in grammar.particles):
            parts[index] = part[:1].upper() + part[1:]
    return "".join(parts)


def nom(
    text: str,
    grammar: Grammar,
    *,
    ville: bool = False,
    article: str | None = None,
    genre: str | None = None,
    nombre: str | None = None,
    apposition: bool = False,
) -> Nom:
    """The grammar of a name as typed; ``article``, ``genre``, ``nombre`` are overrides as a
    person types them (« l' », « féminin », « pluriel »), ignored when not understood. With
    ``apposition``, the name printed as is keeps no article it was not typed with."""
    text = " ".join(str(text).replace("’", "'").split())
    if ville:
        text = _capitalise_place(text, grammar)
    typed = _ARTICLE.match(text)
    bare = text[typed.end() :] if typed else text
    typed_article = (typed.group(1) or "l'").lower() if typed else None
    if not ville:
        bare = bare[:1].upper() + bare[1:]
    head = None if ville else grammar.head(bare)
    said_article = grammar.setting("article", article)
    said_genre, said_nombre = grammar.setting("genre", genre), grammar.setting("nombre", nombre)
    from_article = {"le": ("m", "s"), "la": ("f", "s"), "les": (None, "p")}.get(
        typed_article or said_article or "", (None, None)
    )
    final_genre = said_genre or (head.genre if head else None) or from_article[0] or "m"
    final_nombre = said_nombre or (head.nombre if head else None) or from_article[1] or "s"
    if said_article is not None:
        chosen = said_article
    elif typed_article is not None:
        chosen = typed_article
    elif head is not None:
        chosen = "les" if final_nombre == "p" else ("le" if final_genre == "m" else "la")
    else:
        chosen = ""
    if chosen in ("le", "la") and grammar.elides(bare):
        chosen = "l'"
    if chosen == "l'" and not grammar.elides(bare):
        chosen = "la" if final_genre == "f" else "le"
    known = ville or head is not None or typed is not None or said_article is not None
    alone = apposition and typed is None and said_article is None
    return Nom(chosen, bare, final_genre, final_nombre, ville, known, grammar.elides(bare), alone)
