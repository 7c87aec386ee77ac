"""The fact-check's French lexicon, read from ``messages/fr/verification.yml``, and the
check of an edited draft against the register (the rules are ``bot/domain/factcheck.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.domain.drafts import ModelSpec
from bot.domain.factcheck import Claim, Lexicon, Report, check
from bot.domain.model import Fact
from bot.domain.values import fold
from bot.drafting.document import readable


def _claims(section: dict[str, Any], by: str) -> tuple[Claim, ...]:
    return tuple(
        Claim(
            name,
            tuple(re.compile(p) for p in spec["motifs"]),
            tuple((e["cle"], e.get("valeur")) for e in spec[by]),
        )
        for name, spec in section.items()
    )


def load_lexicon(messages_dir: Path) -> Lexicon:
    data: dict[str, Any] = yaml.safe_load(
        (messages_dir / "fr" / "verification.yml").read_text("utf-8")
    )
    return Lexicon(
        claims=_claims(data["affirmations"], "etablie_par"),
        denials=_claims(data.get("dementis") or {}, "contredit_par"),
        reported=tuple(data.get("rapporte", ())),
        negation=re.compile(data["negation"]),
        names=frozenset(fold(str(n)) for n in data.get("noms_admis", ())),
        numbers=frozenset(str(n) for n in data.get("nombres_admis", ())),
        months={fold(k): int(v) for k, v in data["mois"].items()},
        required={k: tuple(v or ()) for k, v in (data.get("obligatoires") or {}).items()},
    )


class FactChecker:
    """Checks an edited text with the lexicon loaded once."""

    def __init__(self, messages_dir: Path) -> None:
        self.lexicon = load_lexicon(messages_dir)

    def check(
        self,
        spec: ModelSpec,
        text: str,
        original: str,
        facts: list[Fact],
        today: date,
        relied: Mapping[str, str] = {},
        days: Iterable[date] = (),
    ) -> Report:
        """``text`` against the register ``facts`` as it is now (see ``bot.domain.factcheck``)."""
        required = [r.key for r in spec.required] + list(self.lexicon.required.get(spec.name, ()))
        return check(
            readable(text), readable(original), facts, self.lexicon, required, today, relied, days
        )
