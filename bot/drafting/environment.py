"""The one Jinja environment (sandboxed, StrictUndefined), built once, with the French
formatting filters. Templates live in ``messages/``.

Filters a modèle may use, beside Jinja's own (examples with the facts of a hospital in
Le Havre; ``nom`` is ``f['etablissement.nom']``, ``ville`` is ``f['etablissement.ville']``,
or any text naming an establishment such as the output of ``c.nom()``):

Names (``bot/drafting/names.py``):
  ``nom|sujet``                     « L'Hôpital privé de la Miotte » (start of a sentence)
  ``nom|capfirst``                  the same for any text: first letter in capital
  ``nom|de`` · ``ville|de``         « de l'Hôpital… », « du Centre… », « des Hospices… »,
                                    « du Havre », « d'Arles »
  ``nom|au`` · ``ville|au``         « à l'Institut… », « au Centre… », « aux Hospices… »,
                                    « au Havre », « aux Sables-d'Olonne », « à Belfort »
  ``nom|verbe("a eu")``             « a eu » / « ont eu »; ``verbe("est situé")`` → « est
                                    située », « sont situés »…
  ``nom|participe("informé")``      « informé », « informée », « informés », « informées »
  ``nom|contient(ville)``           whether the name already holds the city (« le Centre
                                    hospitalier de Vernon », Vernon): say it once
  ``nom|accord("a", "ont")``        by number; ``accord(sg, pl, fém_sg, fém_pl)`` by gender too
  ``f['etablissement.nom']``        printed as is: « l'Hôpital… » (article in lower case)
  ``lieu_date``                     « Le Havre, le 9 janvier 2026 » (a context variable)

Values (``bot/drafting/sentences.py``):
  ``x|insere``                      inside a sentence: « noms, prénoms, dates de naissance »
                                    from « Noms, prénoms, dates de naissance.. »
  ``x|insere(debut=True)``          at the start of a sentence: capital first letter
  ``x|phrase`` · ``x|phrase(False)``  a sentence of its own: capital (or not), one stop
  ``[a, b, c]|liste`` · ``liste("ou")``  « a, b et c » · « a, b ou c »

Dates and numbers (``bot/drafting/formatting.py``): ``day`` (« 1er mars 2026 »), ``moment``
(« 9 janvier 2026 à 14 h 30 »), ``hour`` (« 14 h »), ``number`` (« 1 250 »), ``duration``.

Layout (``bot/drafting/document.py``): blocks marked ``[[titre]]``, ``[[titraille]]``,
``[[chapo]]``… in a modèle; ``text|lisible`` is a draft's text as read in a chat, without
its marks.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot import yamlfile
from bot.domain.model import Fact
from bot.domain.people import mark
from bot.domain.values import fold, typed, value_type
from bot.drafting import formatting as fmt
from bot.drafting import sentences
from bot.drafting.document import readable
from bot.drafting.language import load_lexicon
from bot.drafting.names import Grammar, Nom, load_grammar, nom

NAMES = "_noms"  # the context variable holding the render's names, by fact key

LANGUAGES = ("fr", "en")


def load_labels(messages_dir: Path) -> dict[str, dict[str, Any]]:
    """``messages/<lang>/labels.yml``: what a person reads for each stored code."""
    result: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        path = messages_dir / lang / "labels.yml"
        result[lang] = yamlfile.safe_load(path.read_text("utf-8")) if path.exists() else {}
    return result


def build_environment(messages_dir: Path, tz: ZoneInfo) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(messages_dir)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )

    labels = load_labels(messages_dir)

    def locale(ctx: Context) -> str:
        return str(ctx.get("lang", "fr"))

    @pass_context
    def label(ctx: Context, code: Any, kind: str | None = None) -> str:
        """The label of a stored code in the reader's language: ``fact.status|label``, or
        ``"verifie"|label("FactStatus")``. Codes of older rows (« vérifié ») are folded."""
        if code is None:
            return str(labels[locale(ctx)].get("nothing", ""))
        group = kind or type(code).__name__
        raw = code.value if isinstance(code, Enum) else str(code)
        table = labels.get(locale(ctx), labels["fr"]).get(group) or {}
        for candidate in (raw, fold(raw).replace(" ", "_").replace("-", "_")):
            if candidate in table:
                return str(table[candidate])
        return raw

    @pass_context
    def who(ctx: Context, person: Any) -> str:
        """A person as readers see them: ``@`` and the display name, never a raw id; with
        ``marks`` in the context, a mark each platform shows its way (a Slack mention)."""
        if person is None:
            return ""
        people = ctx.get("people") or {}
        name = people.get(str(person)) if hasattr(people, "get") else None
        if ctx.get("marks"):
            return mark(str(person), str(name or person))
        return "@" + str(name or person)

    @pass_context
    def day(ctx: Context, value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(tz).date()
        return fmt.day_fr(value, locale(ctx))

    @pass_context
    def moment(ctx: Context, value: datetime) -> str:
        return fmt.moment_fr(value, tz, locale(ctx))

    @pass_context
    def hour(ctx: Context, value: datetime) -> str:
        return fmt.time_fr(value.astimezone(tz), locale(ctx))

    @pass_context
    def number(ctx: Context, value: int) -> str:
        return fmt.number_fr(value, locale(ctx))

    @pass_context
    def value(ctx: Context, fact: Fact) -> str:
        return fmt.fact_value(fact, tz, locale(ctx))

    @pass_context
    def duration(ctx: Context, seconds: float) -> str:
        return fmt.duration_fr(seconds, locale(ctx))

    @pass_context
    def shown(ctx: Context, snapshot: dict[str, Any]) -> str:
        """A journal snapshot's value, formatted by its type; as stored when its type is not
        known or its value does not read as that type (an older row)."""
        raw = str(snapshot["valeur"])
        try:
            kind = value_type(str(snapshot["type"]))
            return fmt.format_typed(typed(raw, kind), kind, tz, locale(ctx))
        except (KeyError, ValueError):
            return raw

    @pass_context
    def iso_moment(ctx: Context, value: str) -> str:
        return fmt.moment_fr(datetime.fromisoformat(value), tz, locale(ctx))

    grammar = load_grammar(messages_dir)
    lexicon = load_lexicon(messages_dir)

    @pass_context
    def de(ctx: Context, name: str) -> str:
        return as_nom(ctx, name, grammar).de

    @pass_context
    def au(ctx: Context, name: str) -> str:
        return as_nom(ctx, name, grammar).au

    @pass_context
    def sujet(ctx: Context, name: str) -> str:
        return as_nom(ctx, name, grammar).sujet

    @pass_context
    def verbe(ctx: Context, name: str, singulier: str) -> str:
        return as_nom(ctx, name, grammar).verbe(singulier)

    @pass_context
    def participe(ctx: Context, name: str, masculin: str) -> str:
        return as_nom(ctx, name, grammar).participe(masculin)

    @pass_context
    def accord(ctx: Context, name: str, singulier: str, pluriel: str, *feminins: str) -> str:
        return as_nom(ctx, name, grammar).accord(singulier, pluriel, *feminins)

    @pass_context
    def contient(ctx: Context, name: str, autre: str) -> bool:
        return as_nom(ctx, name, grammar).contient(autre)

    def insere(value: object, debut: bool = False) -> str:
        return sentences.insere(value, lexicon, debut)

    def phrase(value: object, capital: bool = True) -> str:
        return sentences.phrase(value, lexicon, capital)

    env.filters.update(
        label=label,
        who=who,
        au=au,
        sujet=sujet,
        verbe=verbe,
        participe=participe,
        accord=accord,
        contient=contient,
        insere=insere,
        apres=sentences.apres,
        liste=sentences.liste,
        lisible=readable,
        shown=shown,
        iso_moment=iso_moment,
        day=day,
        moment=moment,
        hour=hour,
        number=number,
        value=value,
        duration=duration,
        capfirst=capfirst,
        phrase=phrase,
        de=de,
    )
    return env


def capfirst(text: str) -> str:
    """« la Clinique » → « La Clinique » at the start of a sentence."""
    return text[:1].upper() + text[1:]


def as_nom(ctx: Context, name: object, grammar: Grammar) -> Nom:
    """The ``Nom`` a text stands for: itself, one of the render's names printed in any of its
    forms (what ``c.nom()`` returns), or the text read as an establishment's name."""
    if isinstance(name, Nom):
        return name
    text = " ".join(str(name).split())
    known: dict[str, Nom] = ctx.get(NAMES) or {}
    for candidate in known.values():
        if text in (str(candidate), candidate.sujet, candidate.nu):
            return candidate
    return nom(text, grammar)


def render_string(env: ImmutableSandboxedEnvironment, source: str, **context: Any) -> str:
    return env.from_string(source).render(**context).strip()
