"""Running the real ``crisisbot`` program in a subprocess, on a database in a test folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHAT_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "TEAMS_CLIENT_ID")


def crisisbot(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/crisisbot.db",
        "CRISISBOT_EXPORTS_DIR": str(folder / "exports"),
    }
    for name in CHAT_VARIABLES:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=120,
        check=False,
    )
