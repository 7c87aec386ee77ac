"""The patient-data corpus: variants that must be refused, ordinary texts that must not.

Shared by ``tests/unit/test_pii_corpus.py`` and ``bench/pii_corpus.py``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.bootstrap import Answer, Application

DATA = Path(__file__).resolve().parent / "data"
REFUSALS = frozenset({"sensitive_data", "sensitive_contact"})
CHANNEL = "C-corpus"
# Each variant is typed in one of these fields, in turn.
COMMANDS = (
    "fait echantillon.note = {}",
    "fait fuite.averee = non source: {}",
    "question {} ?",
    "repondre 1 {}",
    "verifier fuite.averee preuve: {}",
    "rejeter 1 {}",
    "clore {}",
    "ouvrir {}",
)
# A variant written as a name can be (``@jean.dupont-1``) is also tried as a key, an owner and
# a role target.
IDENTITIES = ("fait {}.note = oui", "question Qui rappelle ? @{}", "role @{} dpo")
_NAME = re.compile(r"^[\w.\-]+$")


@dataclass(frozen=True)
class Variant:
    kind: str
    form: str
    text: str
    secret: str

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.form}-{self.secret}"


def variants() -> list[Variant]:
    rows = yaml.safe_load((DATA / "pii_variants.yml").read_text("utf-8"))
    return [Variant(r["genre"], r["forme"], r["texte"], r["secret"]) for r in rows]


def crisis_texts() -> list[str]:
    lines = (DATA / "crisis_texts.txt").read_text("utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def commands_for(index: int, text: str) -> list[str]:
    commands = [COMMANDS[index % len(COMMANDS)].format(text)]
    if _NAME.match(text):
        commands.append(IDENTITIES[index % len(IDENTITIES)].format(text))
    return commands


def channel_for(command: str, index: int) -> str:
    """``ouvrir`` needs a channel without a crisis; every other command the prepared one."""
    return f"C-neuf-{index}" if command.startswith("ouvrir") else CHANNEL


def prepare(app: Application) -> None:
    """A crisis with a fact to verify and question n° 1 to answer."""
    for command in (
        "ouvrir Revendication sur un forum",
        "fait fuite.averee = non",
        "question Qui ?",
    ):
        assert not app.answer("alice", CHANNEL, command).error


def _digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))


def shows(secret: str, text: str) -> bool:
    """Whether ``text`` shows ``secret``, however its digits are spaced."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    if "@" in secret:
        local, _, domain = secret.casefold().partition("@")
        return local in plain or f"@{domain}" in plain
    digits = _digits(secret)
    if len(digits) >= 4:
        return digits in _digits(text)
    return secret.casefold() in plain


def refused(answer: Answer) -> bool:
    return answer.error and answer.reply.template in REFUSALS
