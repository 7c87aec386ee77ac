"""The real ``crisisbot`` program with a fault injected: ``python -m tests.e2e.faulty ERRNO
FOLDER ARGS…`` runs ``crisisbot ARGS…`` where creating a file under FOLDER fails with ERRNO
(ENOSPC: the disk is full; EROFS: a read-only disk), as the kernel would answer."""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from bot.cli import main


def inject(code: int, folder: str) -> None:
    real_open = os.open
    root = os.path.abspath(folder)

    def failing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and os.path.abspath(os.fsdecode(path)).startswith(root):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    os.open = failing_open  # type: ignore[assignment]


if __name__ == "__main__":
    inject(getattr(errno, sys.argv[1]), sys.argv[2])
    sys.argv = ["crisisbot", *sys.argv[3:]]
    main()
