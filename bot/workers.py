"""Which process a claim on the outbox belongs to, and whether that process still runs on
this host: a restarted process takes back at once the claims of its earlier boot or of a
process gone, never those of a live one."""

from __future__ import annotations

import os
import secrets
import socket

from bot.domain.outbox import Worker


def this_worker() -> Worker:
    pid = os.getpid()
    boot = f"{pid_namespace()}.{start_of(pid) or ''}.{secrets.token_hex(6)}"
    return Worker(socket.gethostname(), pid, boot)


def pid_namespace() -> str:
    """The inode of this process's pid namespace ("" where the system does not tell)."""
    try:
        return "".join(c for c in os.readlink("/proc/self/ns/pid") if c.isdigit())
    except OSError:
        return ""


def start_of(pid: int) -> str | None:
    """When process ``pid`` of this pid namespace started (clock ticks since the host's
    boot), None when no such process runs or the system does not tell."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[19] if len(fields) > 19 else None


def running(pid: int, started: str | None) -> bool:
    """Whether the process ``pid`` of this pid namespace runs and, when ``started`` is known,
    is the very process started then (not a later one given the same pid)."""
    if not alive(pid):
        return False
    return started is None or start_of(pid) in (started, None)


def alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
