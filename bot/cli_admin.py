"""Administration commands: ``audit verify``, ``registre export``, ``purge``."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.bootstrap import Application, bootstrap
from bot.commands.reply import Reply
from bot.config import Settings
from bot.domain.outbox import CONSOLE, NOTICE, UNSENT, OutboxItem, OutboxStatus
from bot.domain.values import fold, parse_datetime
from bot.drafting.formatting import moment_fr
from bot.services import audit, register, retention
from bot.store import sealing
from bot.store.witness import WITNESS_FILE, WitnessFile
from bot.transport import Transport
from bot.wording import said

audit_app = typer.Typer(
    help="Journal inviolable : vérification de la chaîne.", no_args_is_help=True
)
registre_app = typer.Typer(help="Registre des violations (RGPD art. 33.5).", no_args_is_help=True)
FORMATS = ("md", "csv", "json")


def _app() -> Application:
    return bootstrap(Settings())


@audit_app.command("verify")
def audit_verify() -> None:
    """Vérifie la chaîne du journal, l'état de chaque crise et le témoin des têtes du
    journal ; statut 1 si rompu."""
    application = bootstrap(Settings(), missing_witness="report")
    result = audit.verify(application.deps)
    witness = application.settings.data_dir / WITNESS_FILE
    reply = Reply("audit", {"v": result, "witness": str(witness)})
    typer.echo(application.messages.render(reply, application.settings.language))
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("resceller")
def audit_reseal(
    by: Annotated[str, typer.Option("--par", help="Qui scelle de nouveau le témoin.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Sans demander confirmation.")] = False,
) -> None:
    """Scelle de nouveau le témoin du journal, perdu ou vidé, à partir de la base telle
    qu'elle est ; l'opération est inscrite au journal des lignes avec son auteur."""
    application = bootstrap(Settings(), missing_witness="reseal")
    if application.engine is None:
        raise typer.Exit(2)
    if not yes and not _confirmed(said("admin", "reseal_confirm")):
        typer.echo(said("admin", "reseal_cancelled"))
        raise typer.Exit(1)
    witness = WitnessFile.in_folder(application.settings.data_dir)
    key = application.deps.journal_key
    entry = sealing.reseal(application.engine, key, witness, by, datetime.now(UTC))
    typer.echo(said("admin", "resealed", witness=witness.path, seq=entry.seq, by=by))


@registre_app.command("export")
def registre_export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, csv ou json")] = "md",
    channel: Annotated[str | None, typer.Option("--channel", "-c", help="Une seule crise.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Fichier.")] = None,
) -> None:
    """Exporte la fiche du registre de chaque crise, remplie à partir des faits vérifiés."""
    if fmt not in FORMATS:
        typer.echo(said("admin", "format_unknown", fmt=fmt, expected="md, csv ou json"), err=True)
        raise typer.Exit(2)
    application = _app()
    entries = register.all_entries(application.deps, channel)
    if fmt == "json":
        text = register.as_json(entries)
    elif fmt == "csv":
        text = register.as_csv(entries)
    else:
        text = (
            "\n\n".join(
                application.messages.render(Reply("registre", {"entry": e}), "fr") for e in entries
            )
            + "\n"
        )
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")
        typer.echo(str(output.resolve()))


def _confirmed(question: str) -> bool:
    answer = typer.prompt(question, default="n", show_default=False)
    return fold(str(answer).strip()) in {"o", "oui", "y", "yes"}


def purge(
    before: Annotated[str, typer.Option("--before", help="Crises closes avant cette date.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Sans demander confirmation.")] = False,
    user: Annotated[str, typer.Option("--user", "-u", help="Qui purge.")] = "admin",
) -> None:
    """Supprime les crises closes avant DATE ; un résumé de chacune est conservé."""
    settings = Settings()
    try:
        limit: datetime = parse_datetime(before, settings.tz)
    except Exception as exc:
        typer.echo(said("admin", "date_invalid", value=before), err=True)
        raise typer.Exit(2) from exc
    application = bootstrap(settings)
    candidates = retention.purgeable(application.deps, limit)
    waiting = retention.undelivered(application.deps, candidates)
    for crisis in candidates:
        if crisis.channel in waiting:
            _held(crisis.channel, crisis.title, waiting[crisis.channel])
    candidates = [c for c in candidates if c.channel not in waiting]
    refused = retention.rejected(application.deps, candidates)
    if not candidates:
        typer.echo(said("admin", "nothing_to_purge" if not waiting else "nothing_purgeable"))
        return
    for crisis in candidates:
        closed = moment_fr(crisis.closed_at, settings.tz) if crisis.closed_at else ""
        typer.echo(
            said(
                "admin",
                "purge_candidate",
                channel=crisis.channel,
                title=crisis.title,
                closed=closed,
            )
        )
        if crisis.channel in refused:
            count = refused[crisis.channel]
            typer.echo(said("admin", "purge_rejected_warning", channel=crisis.channel, count=count))
    if not yes and not _confirmed(said("admin", "purge_confirm", count=len(candidates))):
        typer.echo(said("admin", "purge_cancelled"))
        raise typer.Exit(1)
    result = retention.purge(application.deps, candidates, user)
    titles = {crisis.channel: crisis.title for crisis in candidates}
    for channel, count in result.held.items():
        _held(channel, titles[channel], count)
    for kept in result.kept:
        counts = kept["counts"]
        typer.echo(
            said(
                "admin",
                "purged",
                channel=kept["channel"],
                title=kept["title"],
                facts=counts["faits"],
                questions=counts["questions"],
                drafts=counts["brouillons"],
                events=counts["evenements"],
                fingerprint=kept["last_hash"][:12],
            )
        )
        channel = kept["channel"]
        if channel in result.dropped:
            count = result.dropped[channel]
            typer.echo(said("admin", "purge_rejected_dropped", channel=channel, count=count))


def _held(channel: str, title: str, count: int) -> None:
    typer.echo(said("admin", "purge_held", channel=channel, title=title, count=count))


def digest(
    force: Annotated[
        bool, typer.Option("--force", help="Publier même si déjà fait aujourd'hui.")
    ] = False,
) -> None:
    """Publie le point de situation de chaque crise ouverte, une fois par jour au plus.

    Sans plateforme de discussion configurée, les points de situation sont affichés ici."""
    from bot.services.digest import daily_digests

    application = _app()
    count = daily_digests(application.deps, force=force)
    if count == 0:
        typer.echo(said("admin", "digest_already"))
    asyncio.run(_deliver(application))


async def _deliver(application: Application) -> int:
    """Deliver what is due: the chat platform's items when it is configured here, and the
    console's items printed; the items of a platform not configured here wait for it."""
    settings = application.settings
    transports: list[Transport] = [PrintTransport()]
    if settings.slack_configured:
        from bot.adapters.slack.app import outbox_client
        from bot.adapters.slack.format import Names
        from bot.adapters.slack.transport import SlackTransport

        assert settings.slack_bot_token
        client = outbox_client(settings.slack_bot_token, settings.slack_api_url)
        transports.append(SlackTransport(client, Names(client), application.messages.buttons))
    sent = 0
    for transport in transports:
        while count := await application.deliverer.deliver_due(transport):
            sent += count
    return sent


class PrintTransport:
    """Without a chat platform: digests and reminders are printed, notices are skipped."""

    platform = CONSOLE

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def already_sent(self, item: OutboxItem) -> bool:
        return False

    async def send(self, item: OutboxItem, text: str, plain: bool = False) -> None:
        if item.kind == NOTICE:
            return
        typer.echo(text + "\n")


def outbox(
    retry: Annotated[
        bool,
        typer.Option(
            "--retry", help="Renvoyer maintenant les envois en échec, en attente ou refusés."
        ),
    ] = False,
) -> None:
    """Liste les envois en attente, en échec et refusés ; --retry les renvoie maintenant."""
    application = _app()
    if retry:
        application.deliverer.retry()
        asyncio.run(_deliver(application))
    with application.deps.read() as uow:
        items = uow.repo.outbox(UNSENT)
        refused = uow.repo.outbox((OutboxStatus.REJECTED,))
    reply = Reply("outbox", {"items": items, "rejected": refused, "retried": retry})
    typer.echo(application.messages.render(reply, application.settings.language))
