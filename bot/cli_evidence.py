"""``crisisbot empreinte FICHIER --channel C --motif …``: the SHA-256 of a file on this
machine recorded as evidence in the crisis journal; the content never leaves the machine."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

from bot.bootstrap import bootstrap
from bot.commands.reply import Reply
from bot.config import Settings
from bot.domain.errors import CrisisError
from bot.services.evidence import record_fingerprint
from bot.wording import said

CHUNK = 1 << 20


def digest(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file, read in chunks."""
    sha, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def empreinte(
    path: Annotated[Path, typer.Argument(help="Le fichier, sur cette machine.")],
    channel: Annotated[str, typer.Option("--channel", "-c", help="Le canal de la crise.")],
    motif: Annotated[str, typer.Option("--motif", "-m", help="Ce qu'est ce fichier.")],
    by: Annotated[str, typer.Option("--par", help="Qui le consigne.")] = "exploitant",
) -> None:
    """Consigne au journal de la crise l'empreinte SHA-256, la taille et le nom d'un fichier
    (un échantillon reçu, une capture), jamais son contenu."""
    if not path.exists():
        typer.echo(said("admin", "fingerprint_missing"), err=True)
        raise typer.Exit(2)
    try:
        sha256, size = digest(path)
    except OSError:
        typer.echo(said("admin", "fingerprint_unreadable"), err=True)
        raise typer.Exit(2) from None
    application = bootstrap(Settings())
    try:
        kept = record_fingerprint(application.deps, channel, by, path.name, size, sha256, motif)
    except CrisisError as exc:
        refusal = Reply(exc.code, exc.params, error=True)
        typer.echo(application.messages.render(refusal, "fr"), err=True)
        raise typer.Exit(2) from None
    typer.echo(
        said("admin", "fingerprint_recorded", title=kept.crisis.title, subject=kept.subject,
             sha256=kept.sha256, size=kept.size, file=kept.name)
    )  # fmt: skip
