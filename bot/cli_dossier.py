"""``crisisbot retex`` and ``crisisbot pack``: the after-action review and the printable
crisis pack of one crisis, as docx or Markdown files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from bot.bootstrap import Application, bootstrap
from bot.commands.reply import Reply
from bot.config import Settings
from bot.domain.errors import NotFound
from bot.drafting import dossier as writer
from bot.drafting.environment import render_string
from bot.services.dossier import Dossier, dossier
from bot.wording import said

Channel = Annotated[str, typer.Option("--channel", "-c", help="Le canal de la crise.")]
Format = Annotated[str, typer.Option("--format", "-f", help="docx ou md.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Fichier.")]


def _people(application: Application, record: Dossier, anonymous: bool) -> dict[str, str]:
    """Display names by id; without names, each person is shown by their role."""
    if not anonymous:
        return application.names()
    roles = {m.user: m.role.value for m in record.members}
    env = application.messages.env
    shown = {}
    for person in record.people:
        role = roles.get(person, "membre")
        shown[person] = render_string(env, "{{ role|label('Role') }}", role=role, lang="fr")
    return shown


def _without_names(
    application: Application, record: Dossier, people: dict[str, str], text: str
) -> str:
    """``text`` without the names people typed in free text: a journalist's name wherever
    it appears (a decision, a question, a fact), and a member of the cell mentioned by name
    (``@bob``, ``<@U…>``) or by display name, shown by their role."""
    hidden = render_string(application.messages.env, "{{ 'journaliste'|label('Anonyme') }}")
    names = application.names()
    swaps = {inquiry.journalist: hidden for inquiry in record.inquiries if inquiry.journalist}
    for person, role in people.items():
        swaps[f"<@{person}>"] = f"@{role}"
        for name in {person, names.get(person, person)}:
            swaps[f"@{name}"] = f"@{role}"
            swaps[name] = role
    for name in sorted(swaps, key=len, reverse=True):
        text = re.sub(rf"(?<![\w@]){re.escape(name)}(?!\w)", swaps[name], text)
    return text


def export_dossier(
    application: Application,
    kind: str,
    channel: str,
    fmt: str,
    output: Path | None = None,
    anonymous: bool = False,
) -> Path:
    """Write the ``retex`` or the ``pack`` of the crisis of ``channel``; raises ``NotFound``."""
    record = dossier(application.deps, channel)
    people = _people(application, record, anonymous)
    journal = application.messages.render(
        Reply("journal", {"events": record.events, "subject": ""}), "fr", people
    )
    template = application.messages.env.get_template(f"fr/documents/{kind}.md.j2")
    text = template.render(
        d=record,
        journal=journal,
        people=people,
        anonymous=anonymous,
        insurer_days=application.deps.insurer_days,
        models=application.deps.models,
        lang="fr",
    )
    if anonymous:
        text = _without_names(application, record, people, text)
    if output is None:
        folder = re.sub(r"[^\w-]", "_", channel)
        suffix = "-anonyme" if anonymous else ""
        output = application.settings.exports_dir / folder / f"{kind}{suffix}.{fmt}"
    return writer.write(text, fmt, output).resolve()


def _write(kind: str, channel: str, fmt: str, output: Path | None, anonymous: bool) -> None:
    if fmt not in writer.FORMATS:
        typer.echo(said("admin", "format_unknown", fmt=fmt, expected="docx ou md"), err=True)
        raise typer.Exit(2)
    application = bootstrap(Settings())
    try:
        path = export_dossier(application, kind, channel, fmt, output, anonymous)
    except NotFound as exc:
        typer.echo(said("admin", "no_crisis_in_channel", channel=channel), err=True)
        raise typer.Exit(1) from exc
    typer.echo(str(path))


def retex(
    channel: Channel,
    fmt: Format = "docx",
    output: Output = None,
    anonymous: Annotated[
        bool, typer.Option("--anonyme", help="Sans noms de personnes : leurs rôles.")
    ] = False,
) -> None:
    """Le retour d'expérience d'une crise : échéances, démarches, décisions, faits, questions,
    presse, textes publiés et chronologie, avec l'empreinte du journal."""
    _write("retex", channel, fmt, output, anonymous)


def pack(channel: Channel, fmt: Format = "docx", output: Output = None) -> None:
    """Le dossier de crise à imprimer pour travailler sans réseau : cellule, contacts,
    échéances, faits, questions, décisions, derniers textes, formulaire de signalement."""
    _write("pack", channel, fmt, output, False)
