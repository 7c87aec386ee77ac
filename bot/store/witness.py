"""Beside the database, in the data folder: the journal key and the witness file.

The witness is append-only: one signed JSON line per mark (``bot.domain.witness``), each
batch written with a single ``O_APPEND`` write under an exclusive lock on the file, so that
several processes may add to it side by side and each line follows the last one written.
A missing witness is not made again by a write: only its beginning
(``bot.store.sealing``) makes it."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from bot.domain.journal import WITNESSED
from bot.domain.witness import Mark, MarkKind, Reading, read_lines, signed_line, unsigned_link
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


TAIL = 65536


def _link(fd: int) -> tuple[str, int]:
    """What the next line follows: the last line's signature, or the digest of the whole
    file while it holds only unsigned lines (with how many there are)."""
    size = os.fstat(fd).st_size
    if size == 0:
        return "", 0
    start = max(0, size - TAIL)
    tail = os.pread(fd, size - start, start)
    lines = [line for line in tail.splitlines() if line.strip()]
    mac = None
    if lines and (start == 0 or len(lines) > 1):
        try:
            mac = json.loads(lines[-1]).get("mac")
        except (ValueError, AttributeError):
            mac = None
    if mac:
        return str(mac), 0
    whole = os.pread(fd, size, 0)
    return unsigned_link(whole), sum(1 for line in whole.splitlines() if line.strip())


class WitnessFile:
    def __init__(self, path: Path, key: bytes | None = None) -> None:
        self.path = path
        self.key = key

    @classmethod
    def in_folder(cls, data_dir: Path, key: bytes | None = None) -> WitnessFile:
        return cls(data_dir / WITNESS_FILE, key)

    def keyed(self, key: bytes) -> WitnessFile:
        return WitnessFile(self.path, key)

    def _lines(self, previous: str, marks: Iterable[Mark]) -> bytes:
        if self.key is None:
            raise ValueError("the witness is written under the journal key")
        out = []
        for mark in marks:
            line, previous = signed_line(self.key, previous, mark)
            out.append(line + "\n")
        return "".join(out).encode("utf-8")

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
            with os.fdopen(fd, "wb") as out:
                out.write(self._lines("", adopted))
                out.flush()
                os.fsync(out.fileno())
        except OSError:
            self.path.unlink(missing_ok=True)  # begun again at the next start
            raise

    def append(self, marks: Iterable[Mark]) -> None:
        marks = list(marks)
        if not marks:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                previous, unsigned = _link(fd)
                if unsigned:
                    marks.insert(0, Mark(MarkKind.SIGNED, 0, unsigned))
                size = os.fstat(fd).st_size
                torn = b"\n" if size and os.pread(fd, 1, size - 1) != b"\n" else b""
                os.write(fd, torn + self._lines(previous, marks))
                os.fsync(fd)
            finally:
                os.close(fd)
        except FileNotFoundError:
            log.error("the journal witness %s is missing: crisisbot audit resceller", self.path)
        except OSError:
            log.exception("could not write the journal witness %s", self.path)

    def reading(self) -> Reading | None:
        """Every line checked under the key, or None when the witness file is missing."""
        if self.key is None:
            raise ValueError("the witness is read under the journal key")
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return read_lines(data, self.key)

    def read(self) -> list[Mark] | None:
        """The marks up to the first line that does not hold, or None when the witness
        file is missing."""
        found = self.reading()
        return None if found is None else found.marks

    def set_aside(self, now: str) -> Path | None:
        """Move the witness aside, kept as it was, for a new one to begin."""
        if not self.path.exists():
            return None
        kept = self.path.with_name(f"{self.path.name}.{now}")
        os.replace(self.path, kept)
        return kept


def adoption(crisis: int, channel: str, last_seq: int, last_hash: str) -> list[Mark]:
    return [
        Mark(MarkKind.OPENED, crisis, channel=channel),
        Mark(MarkKind.ADOPTED, crisis, last_seq, last_hash[:WITNESSED]),
    ]
