"""The local chat: one user, commands typed at a Rich prompt or piped, one per line."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt

from bot.bootstrap import Answer, Application
from bot.commands.dispatch import split_command
from bot.commands.parsing import number
from bot.domain.commands import Command, EditDraft
from bot.domain.errors import UsageError
from bot.domain.outbox import CONSOLE, NOTICE, OutboxItem
from bot.services.digest import due_reminders
from bot.services.kit_reminders import due_task_reminders
from bot.services.points import due_points

QUIT_WORDS = frozenset({"quitter", "exit", "quit", "\\q"})
END_OF_TEXT = "."


def text_command(line: str, following: Iterator[str]) -> str | Command:
    """``modifier <n°>`` alone on its line takes the text of the following lines, up to a
    line holding only « . »; any other line is a command as typed."""
    name, args = split_command(line)
    if name != "modifier" or len(args.split()) != 1:
        return line
    try:
        draft = number(args, "usage_modifier")
    except UsageError:
        return line
    lines: list[str] = []
    for raw in following:
        if raw.strip() == END_OF_TEXT:
            break
        lines.append(raw.rstrip("\n"))
    return EditDraft(draft, "\n".join(lines))


class ConsoleTransport:
    """In the console the reply already shows each change: only digests and reminders print."""

    platform = CONSOLE

    def __init__(self, console: Console) -> None:
        self.console = console

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def already_sent(self, item: OutboxItem) -> bool:
        return False

    async def send(self, item: OutboxItem, text: str, plain: bool = False) -> None:
        if item.kind == NOTICE:
            return
        self.console.print(f"[yellow]{escape(text)}[/yellow]", highlight=False)


def deliver(app: Application, console: Console) -> None:
    """Reminders and points that fell due, then whatever the outbox holds for the console."""
    due_reminders(app.deps)
    due_task_reminders(app.deps)
    due_points(app.deps)
    asyncio.run(app.deliverer.deliver_due(ConsoleTransport(console)))


def show(console: Console, answer: Answer) -> None:
    style = "red" if answer.error else ("green" if answer.public else "")
    text = escape(answer.text)
    console.print(f"[{style}]{text}[/{style}]" if style else text, highlight=False)
    if answer.file is not None:
        console.print(escape(str(answer.file)), highlight=False)


def run_lines(app: Application, user: str, channel: str, lines: Iterable[str], out: TextIO) -> int:
    """Answer each non-empty line; return the number of commands refused."""
    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    refused = 0
    remaining = iter(lines)
    for raw in remaining:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        answer = app.answer(user, channel, text_command(line, remaining))
        refused += answer.error
        show(console, answer)
        deliver(app, console)
        out.flush()
    return refused


def interactive(app: Application, user: str, channel: str) -> None:
    console = Console(highlight=False, emoji=False)
    console.print(
        f"crisisbot — canal « {escape(channel)} », utilisateur « {escape(user)} ». "
        "Tapez `aide` pour les commandes, `quitter` pour sortir."
    )
    while True:
        try:
            line = Prompt.ask(f"[bold]{escape(user)}[/bold] /crise")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if line.strip().lower() in QUIT_WORDS:
            return
        if line.strip():
            show(console, app.answer(user, channel, text_command(line, _prompted(console))))
            deliver(app, console)


def _prompted(console: Console) -> Iterator[str]:
    """Lines of a text typed at the prompt, until « . » (or the end of input)."""
    console.print("Le texte, puis une ligne contenant seulement « . » :")
    while True:
        try:
            yield input()
        except EOFError:
            return
