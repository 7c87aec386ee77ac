"""``crisisbot``: run, console, demo, db."""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from bot import cli_admin, cli_dossier, cli_evidence
from bot.adapters import console as chat
from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.startup import (
    DATA_DIR,
    EXIT_STATUS,
    StartupError,
    check_journal_home,
    check_places,
    check_platforms,
    database,
    explain,
    place,
)
from bot.store import sealing
from bot.store.migrate import current_revision, upgrade
from bot.store.uow import make_engine
from bot.store.witness import KEY_FILE, WitnessFile, journal_key
from bot.wording import said

app = typer.Typer(
    help="crisisbot : la cellule de crise d'une fuite de données de santé.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(
    help="Base de données : migrations.", no_args_is_help=True, pretty_exceptions_enable=False
)
app.add_typer(db_app, name="db")
app.add_typer(cli_admin.audit_app, name="audit")
app.add_typer(cli_admin.registre_app, name="registre")
app.command("purge")(cli_admin.purge)
app.command("digest")(cli_admin.digest)
app.command("outbox")(cli_admin.outbox)
app.command("retex")(cli_dossier.retex)
app.command("pack")(cli_dossier.pack)
app.command("empreinte")(cli_evidence.empreinte)

User = Annotated[str, typer.Option("--user", "-u", help="Votre nom dans la cellule.")]
Channel = Annotated[str, typer.Option("--channel", "-c", help="Le canal (une crise par canal).")]
DEMO_SCRIPT = Path(__file__).with_name("demo") / "scenario.txt"
WEEK_SCRIPT = Path(__file__).with_name("demo") / "semaine.txt"
_ADVANCE = re.compile(r"^\+(\d+)\s*(h|j)$")


def _console_session(settings: Settings, user: str, channel: str) -> None:
    for handler in logging.getLogger().handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))  # read by the person at the console
    application = bootstrap(settings)
    if sys.stdin.isatty():
        chat.interactive(application, user, channel)
    else:
        chat.run_lines(application, user, channel, sys.stdin, sys.stdout)


@app.command()
def console(user: User = "console", channel: Channel = "console") -> None:
    """La console locale : une commande par ligne, au clavier ou en entrée standard."""
    _console_session(Settings(), user, channel)


@app.command()
def run(
    user: User = "console",
    channel: Channel = "console",
    socket: Annotated[bool, typer.Option("--socket", help="Slack en Socket Mode.")] = False,
) -> None:
    """Lance le bot : Slack quand SLACK_BOT_TOKEN et SLACK_SIGNING_SECRET sont définis
    (HTTP sur $PORT, ou Socket Mode avec SLACK_APP_TOKEN ou --socket), Teams quand
    TEAMS_CLIENT_ID est défini (/api/messages sur $PORT), les deux ensemble dans un même
    processus quand les deux le sont, sinon la console locale."""
    settings = Settings()
    socket = socket or bool(settings.slack_app_token)
    check_platforms(settings, socket)
    if settings.slack_configured or settings.teams_configured:
        if not settings.admins:
            raise StartupError("admins_unset")
        check_journal_home(settings, settings.data_dir / KEY_FILE)
        logging.getLogger("bot").setLevel(logging.INFO)
        asyncio.run(serve(bootstrap(settings), settings, socket))
        return
    _console_session(settings, user, channel)


async def serve(application: Application, settings: Settings, socket: bool) -> None:
    """Every platform configured, in one process and one event loop."""
    host, port = settings.host, settings.port
    if settings.slack_configured and settings.teams_configured:
        from bot.adapters import together

        await together.serve(application, host, port, socket)
    elif settings.slack_configured:
        from bot.adapters.slack.server import serve as serve_slack

        await serve_slack(application, host, port, socket)
    else:
        from bot.adapters.teams.server import serve as serve_teams

        await serve_teams(application, host, port)


@app.command()
def demo(
    script: Annotated[Path, typer.Option(help="Le scénario à rejouer.")] = DEMO_SCRIPT,
    week: Annotated[
        bool,
        typer.Option(
            "--semaine",
            help="Une semaine de crise : notifications, décisions, points, presse et RETEX.",
        ),
    ] = False,
) -> None:
    """Rejoue une crise fictive, commande par commande, sur une base temporaire. Une ligne
    « +4h » ou « +1j » avance l'horloge ; avec --semaine, les points de situation sont
    publiés, et le RETEX et le pack de crise sont écrits à la fin."""
    if week:
        script = WEEK_SCRIPT
    out = Console(highlight=False, emoji=False, soft_wrap=True)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(DATABASE_URL=f"sqlite:///{folder}/demo.db")
        clock = FixedClock(datetime(2026, 1, 12, 9, 30, tzinfo=settings.tz))
        application = bootstrap(settings, clock=clock)
        for line in script.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            if line.startswith("#"):
                out.print(f"\n[bold cyan]{escape(line.lstrip('# '))}[/bold cyan]")
                continue
            advance = _ADVANCE.match(line.strip())
            if advance:
                amount, unit = int(advance.group(1)), advance.group(2)
                clock.advance(hours=amount * (24 if unit == "j" else 1))
                if week:
                    chat.deliver(application, out)
                continue
            user, _, command = line.partition(":")
            clock.advance(minutes=7)
            out.print(f"[bold]{escape(user.strip())}[/bold] > /crise {escape(command.strip())}")
            chat.show(out, application.answer(user.strip(), "demo", command.strip()))
            if week:
                chat.deliver(application, out)
        if week:
            for fmt in ("md", "docx"):
                path = cli_dossier.export_dossier(application, "retex", "demo", fmt)
                out.print(f"\nRETEX : {escape(str(path))}")
            path = cli_dossier.export_dossier(application, "pack", "demo", "docx")
            out.print(f"Pack de crise : {escape(str(path))}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Applique les migrations jusqu'à la dernière."""
    settings = Settings()
    check_places(settings)
    with database(settings.database_url):
        engine = make_engine(settings.database_url)
        before = current_revision(engine)
        upgrade(engine)
        revision = current_revision(engine)
    with place(DATA_DIR, settings.data_dir):
        key = journal_key(settings.journal_key, settings.data_dir)
    witness = WitnessFile.in_folder(settings.data_dir)
    sealing.start(engine, key, witness, before, datetime.now(UTC))
    typer.echo(said("admin", "database_current", revision=revision))


@db_app.command("current")
def db_current() -> None:
    """Affiche la révision de la base."""
    settings = Settings()
    check_places(settings)
    with database(settings.database_url):
        revision = current_revision(make_engine(settings.database_url))
    typer.echo(revision or said("admin", "no_revision"))


def main() -> None:
    """The program: a failure an operator can fix (a setting, a folder, the database, the
    port) is one French sentence on standard error and exit status 2, never a traceback."""
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        app()
    except Exception as error:
        told = explain(error)
        if told is None:
            raise
        logging.getLogger("bot").debug("start-up failure", exc_info=error)
        print(told, file=sys.stderr)
        sys.exit(EXIT_STATUS)
