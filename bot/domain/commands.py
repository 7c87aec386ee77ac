"""The typed commands: one dataclass per subcommand.

The text grammar (``bot/commands/grammar.py``) is one way to build them; a Slack modal, a
button or a Teams card builds them directly from its typed fields. People are already
resolved (``Person``); values are the text the user typed, parsed by the services."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import FactStatus
from bot.domain.people import Person
from bot.domain.roles import Role


@dataclass(frozen=True)
class Command:
    """Base of every command."""


@dataclass(frozen=True)
class Help(Command):
    topic: str | None = None


@dataclass(frozen=True)
class OpenCrisis(Command):
    title: str
    exercise: bool = False


@dataclass(frozen=True)
class ShowStatus(Command):
    pass


@dataclass(frozen=True)
class AssignRole(Command):
    target: Person
    role: Role


@dataclass(frozen=True)
class RecordFact(Command):
    key: str
    value: str
    source: str | None = None


@dataclass(frozen=True)
class SettleFact(Command):
    key: str
    status: FactStatus
    proof: str | None = None


@dataclass(frozen=True)
class ListFacts(Command):
    pass


@dataclass(frozen=True)
class AskQuestion(Command):
    text: str
    owner: Person | None = None
    due: str | None = None


@dataclass(frozen=True)
class AnswerQuestion(Command):
    number: int
    answer: str


@dataclass(frozen=True)
class ListQuestions(Command):
    pass


@dataclass(frozen=True)
class ShowJournal(Command):
    subject: str = ""


@dataclass(frozen=True)
class SetLanguage(Command):
    language: str


@dataclass(frozen=True)
class WriteDraft(Command):
    model: str


@dataclass(frozen=True)
class ListDrafts(Command):
    pass


@dataclass(frozen=True)
class ShowDraft(Command):
    number: int


@dataclass(frozen=True)
class ApproveDraft(Command):
    number: int


@dataclass(frozen=True)
class RejectDraft(Command):
    number: int
    motif: str


@dataclass(frozen=True)
class PublishDraft(Command):
    number: int


@dataclass(frozen=True)
class ExportDraft(Command):
    number: int
    format: str = "docx"


@dataclass(frozen=True)
class ShowDeadlines(Command):
    pass


@dataclass(frozen=True)
class ShowDigest(Command):
    pass


@dataclass(frozen=True)
class ShowRegister(Command):
    pass


@dataclass(frozen=True)
class CloseCrisis(Command):
    motif: str


@dataclass(frozen=True)
class EditDraft(Command):
    number: int
    text: str


@dataclass(frozen=True)
class OpenEditForm(Command):
    """A platform's form to edit draft ``number``, prefilled with its text when it may be
    edited now; ``limit`` is the most characters the platform's form holds."""

    number: int
    limit: int | None = None


@dataclass(frozen=True)
class CompareVersions(Command):
    number: int
    version: int | None = None


@dataclass(frozen=True)
class AcceptFinding(Command):
    number: int
    finding: int
    motif: str


@dataclass(frozen=True)
class ConfirmWording(Command):
    number: int
    motif: str


@dataclass(frozen=True)
class RecordDecision(Command):
    text: str
    motif: str | None = None
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListDecisions(Command):
    pass


@dataclass(frozen=True)
class DecideObligation(Command):
    """A decision on an obligation (``cnil``, ``patients``…): ``oui``/``non`` and why."""

    obligation: str
    answer: str
    motif: str | None = None
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApproveDecision(Command):
    number: int


@dataclass(frozen=True)
class ShowSeverity(Command):
    pass


@dataclass(frozen=True)
class DecideAwareness(Command):
    moment: str
    motif: str


@dataclass(frozen=True)
class CorrectDraft(Command):
    number: int


@dataclass(frozen=True)
class Disseminate(Command):
    number: int
    recipient: str
    when: str | None = None


@dataclass(frozen=True)
class ListDisseminations(Command):
    pass


@dataclass(frozen=True)
class RecordFiling(Command):
    body: str
    on: str | None = None
    reference: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class LogInquiry(Command):
    media: str
    journalist: str
    question: str
    due: str | None = None


@dataclass(frozen=True)
class ListInquiries(Command):
    pass


@dataclass(frozen=True)
class AnswerInquiry(Command):
    number: int
    draft: int


@dataclass(frozen=True)
class SetCadence(Command):
    hours: int


@dataclass(frozen=True)
class PostPoint(Command):
    pass


@dataclass(frozen=True)
class ListTasks(Command):
    pass


@dataclass(frozen=True)
class CountCall(Command):
    """``motif``: the reason of a call, as typed; empty: show the counts."""

    motif: str = ""


@dataclass(frozen=True)
class CompleteTask(Command):
    number: int
    note: str | None = None


@dataclass(frozen=True)
class SetContact(Command):
    """``entry``: the code of a directory entry, then its value, as typed (one field, so that
    the guard reads the value after its code); empty: show the crisis directory."""

    entry: str = ""
