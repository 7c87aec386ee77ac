"""Evidence kept by its fingerprint: a file examined on the operator's machine (a sample the
attackers sent, a capture) is recorded in the crisis journal by its SHA-256, size, name and
the reason it is kept, never by its content: the chain of custody a complaint needs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import InvalidValue
from bot.domain.facts import check_length
from bot.domain.model import Crisis, EventKind
from bot.services.context import Deps, crisis_id, log, open_crisis_of


@dataclass(frozen=True)
class Fingerprint:
    crisis: Crisis
    subject: str
    sha256: str
    size: int
    name: str


def record_fingerprint(
    deps: Deps, channel: str, by: str, name: str, size: int, sha256: str, motif: str
) -> Fingerprint:
    """Journal the fingerprint of a file under ``empreinte <n>``; its name and the motif
    are guarded like anything typed."""
    motif = check_length(" ".join(motif.split()), "motif")
    name = check_length(" ".join(name.split()), "fichier")
    deps.guard.check([("fichier", name), ("motif", motif), ("par", by)])
    if not motif:
        raise InvalidValue("empty_motif_empreinte")
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, channel, lock=True)
        cid = crisis_id(crisis)
        kept = [e for e in uow.repo.events(cid) if e.kind == EventKind.PREUVE_EMPREINTE]
        subject = f"empreinte {len(kept) + 1}"
        after = {"empreinte": sha256, "taille": size, "fichier": name, "motif": motif}
        log(uow.repo, crisis, deps, by, EventKind.PREUVE_EMPREINTE, subject, None, after)
        uow.commit()
        return Fingerprint(crisis, subject, sha256, size, name)
