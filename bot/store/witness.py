"""Beside the database, in the data folder: the journal key and the witness file.

The witness is append-only: one JSON line per mark, each written with a single
``O_APPEND`` write, so that several processes may add to it side by side. A missing
witness is not made again by a write: only its beginning (``bot.store.sealing``) makes it."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from bot.domain.journal import WITNESSED
from bot.domain.witness import Mark, MarkKind
from bot.startup import StartupError
from bot.wording import said

log = logging.getLogger(__name__)
KEY_FILE = "journal.key"
WITNESS_FILE = "journal-witness.log"


def journal_key(configured: str | None, data_dir: Path) -> bytes:
    """The configured key, else the key kept in the data folder, made on first start."""
    if configured:
        return configured.encode()
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)  # checked at start when it is real
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            try:
                with os.fdopen(fd, "w") as out:
                    out.write(secrets.token_hex(32) + "\n")
                    out.flush()
                    os.fsync(out.fileno())
            except OSError:
                path.unlink(missing_ok=True)  # never a half-written key, kept as the key
                raise
            log.warning(said("startup", "journal_key_generated", path=path))
    key = path.read_text("utf-8").strip()
    if not key:
        raise StartupError("journal_key_empty", path=path)
    return key.encode()


class WitnessFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_folder(cls, data_dir: Path) -> WitnessFile:
        return cls(data_dir / WITNESS_FILE)

    def exists(self) -> bool:
        return self.path.exists()

    def begin(self, adopted: Iterable[Mark]) -> None:
        """Create the witness, adopting the crises that exist already; once only."""
        if self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        except FileExistsError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                for mark in adopted:
                    out.write(mark.line() + "\n")
                out.flush()
                os.fsync(out.fileno())
        except OSError:
            self.path.unlink(missing_ok=True)  # begun again at the next start
            raise

    def append(self, marks: Iterable[Mark]) -> None:
        lines = "".join(mark.line() + "\n" for mark in marks)
        if not lines:
            return
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, lines.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except FileNotFoundError:
            log.error("the journal witness %s is missing: crisisbot audit resceller", self.path)
        except OSError:
            log.exception("could not write the journal witness %s", self.path)

    def read(self) -> list[Mark] | None:
        """Every mark, or None when the witness file is missing."""
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return None
        marks = []
        for line in text.splitlines():
            if line.strip():
                try:
                    marks.append(Mark.parse(line))
                except (ValueError, KeyError):
                    log.warning("unreadable witness line: %r", line[:200])
        return marks


def adoption(crisis: int, channel: str, last_seq: int, last_hash: str) -> list[Mark]:
    return [
        Mark(MarkKind.OPENED, crisis, channel=channel),
        Mark(MarkKind.ADOPTED, crisis, last_seq, last_hash[:WITNESSED]),
    ]
