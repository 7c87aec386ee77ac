"""The local chat: one user, commands typed at a Rich prompt or piped, one per line."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt

from bot.bootstrap import Answer, Application
from bot.domain.outbox import NOTICE, OutboxItem
from bot.services.digest import due_reminders
from bot.services.points import due_points

QUIT_WORDS = frozenset({"quitter", "exit", "quit", "\\q"})


class ConsoleTransport:
    """In the console the reply already shows each change: only digests and reminders print."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def accepts(self, item: OutboxItem) -> bool:
        return item.kind != NOTICE

    async def send(self, item: OutboxItem, text: str) -> None:
        self.console.print(f"[yellow]{escape(text)}[/yellow]", highlight=False)


def deliver(app: Application, console: Console) -> None:
    """Reminders and points that fell due, then whatever the outbox holds for the console."""
    due_reminders(app.deps)
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
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        answer = app.answer(user, channel, line)
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
            show(console, app.answer(user, channel, line))
            deliver(app, console)
