"""Starting the real program with a wrong setting, a missing folder, a full or read-only disk,
a database that does not answer: one French sentence on standard error naming the setting and
what to do, exit status 2, no traceback, and nothing created where it should not be."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.program import CHAT_VARIABLES
from tests.waiting import WATCH, stays

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

ROOT = Path(__file__).resolve().parents[2]
ENTRY_POINTS = [
    ("run",),
    ("console",),
    ("audit", "verify"),
    ("digest",),
    ("outbox",),
    ("outbox", "--retry"),
    ("purge", "--before", "2026-01-01", "--yes"),
    ("registre", "export"),
    ("retex", "--channel", "cellule"),
    ("pack", "--channel", "cellule"),
    ("db", "upgrade"),
    ("db", "current"),
]


def program(
    folder: Path, *args: str, env: dict[str, str], module: tuple[str, ...] = ("bot",)
) -> subprocess.CompletedProcess[str]:
    """``crisisbot ARGS`` in ``folder`` with only the settings of ``env`` (and SQLite there
    unless given)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CRISISBOT_", "TEAMS_"))}
    for name in (*CHAT_VARIABLES, "DATABASE_URL", "PORT"):
        clean.pop(name, None)
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", *module, *args],
        input="",
        capture_output=True,
        text=True,
        env={**clean, **env},
        cwd=folder,
        timeout=120,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str], *names: str, alone: bool = True) -> str:
    """The one sentence the program said before stopping with status 2 (after the log lines
    of a start that went far, unless ``alone``)."""
    said = result.stderr.strip()
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    if not alone:
        said = said.splitlines()[-1]
    assert len(said.splitlines()) == 1, said
    assert said.startswith("crisisbot ne peut pas démarrer : "), said
    assert said.endswith("."), said
    for name in names:
        assert name in said, (name, said)
    return said


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("args", ENTRY_POINTS, ids=" ".join)
def test_every_entry_point_says_a_missing_database_folder_in_one_sentence(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    url = f"sqlite:///{tmp_path}/absent/dossier/crisisbot.db"
    said = refused(program(tmp_path, *args, env={"DATABASE_URL": url}), "DATABASE_URL")
    assert f"« {tmp_path}/absent/dossier »" in said and "créez-le" in said
    assert files_in(tmp_path) == set()


SETTINGS = [
    ({"DATABASE_URL": "nonsense"}, "DATABASE_URL", "sqlite:///"),
    ({"DATABASE_URL": "mysql://bot@db/crise"}, "DATABASE_URL", "PostgreSQL"),
    ({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"}, "DATABASE_URL", "« 127.0.0.1:1/x »"),
    ({"CRISISBOT_DATA_DIR": "donnees"}, "CRISISBOT_DATA_DIR", "n'existe pas"),
    ({"CRISISBOT_EXPORTS_DIR": "fichier/exports"}, "CRISISBOT_EXPORTS_DIR", "n'est pas un dossier"),
    ({"CRISISBOT_TIMEZONE": "Mars/Olympus"}, "CRISISBOT_TIMEZONE", "Europe/Paris"),
    ({"CRISISBOT_DIGEST_TIME": "25:00"}, "CRISISBOT_DIGEST_TIME", "HH:MM"),
    ({"CRISISBOT_DIGEST_TIME": "8h"}, "CRISISBOT_DIGEST_TIME", "HH:MM"),
    ({"CRISISBOT_PATIENT_ID_PATTERN": "IPP(\\d+"}, "CRISISBOT_PATIENT_ID_PATTERN", "régulière"),
    ({"CRISISBOT_INSURER_DAYS": "cinq"}, "CRISISBOT_INSURER_DAYS", "jours ouvrés"),
    ({"CRISISBOT_LANGUAGE": "de"}, "CRISISBOT_LANGUAGE", "fr ou en"),
    ({"CRISISBOT_OUTBOX_LEASE": "10"}, "CRISISBOT_OUTBOX_LEASE", "CRISISBOT_OUTBOX_SEND_TIMEOUT"),
    ({"PORT": "http"}, "PORT", "65535"),
]


@pytest.mark.parametrize(("env", "name", "hint"), SETTINGS, ids=lambda v: str(v)[:40])
def test_a_wrong_setting_is_named_with_what_to_write(
    tmp_path: Path, env: dict[str, str], name: str, hint: str
) -> None:
    (tmp_path / "fichier").write_text("")
    args = ("audit", "verify") if name.startswith("DATABASE") else ("run",)
    said = refused(program(tmp_path, *args, env=env), name)
    assert hint in said
    assert files_in(tmp_path) == {"fichier"}, "nothing created: no database, no key, no witness"


def test_a_setting_read_from_the_env_file_is_named_the_same(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("CRISISBOT_TIMEZONE=Paris\n")
    refused(program(tmp_path, "run", env={}), "CRISISBOT_TIMEZONE", "Europe/Paris")


def test_a_full_disk_for_the_journal_key_is_said_and_leaves_no_empty_key(tmp_path: Path) -> None:
    """ENOSPC, injected where the kernel would answer it: creating a file in the data folder."""
    data = tmp_path / "donnees"
    data.mkdir()
    env = {"CRISISBOT_DATA_DIR": str(data)}
    result = program(tmp_path, "ENOSPC", str(data), "audit", "verify", env=env,
                     module=("tests.e2e.faulty",))  # fmt: skip
    said = refused(result, "CRISISBOT_DATA_DIR", "plein", "libérez de la place")
    assert f"« {data} »" in said
    assert list(data.iterdir()) == []
    assert program(tmp_path, "audit", "verify", env=env).returncode == 0, "starts once fixed"
    assert (data / "journal.key").read_text().strip()


def test_a_read_only_data_folder_is_said(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    data.mkdir()
    result = program(tmp_path, "EROFS", str(data), "run", env={"CRISISBOT_DATA_DIR": str(data)},
                     module=("tests.e2e.faulty",))  # fmt: skip
    refused(result, "CRISISBOT_DATA_DIR", "accessible en écriture")
    assert list(data.iterdir()) == []


@contextlib.contextmanager
def mounted(folder: Path, options: str) -> Iterator[None]:
    """A small tmpfs at ``folder`` (root only; skipped where mounting is not allowed)."""
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here: the injected faults cover it")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_really_full_disk_under_the_database_is_said(tmp_path: Path) -> None:
    disk = tmp_path / "disque"
    with mounted(disk, "size=64k"):
        with contextlib.suppress(OSError), (disk / "plein").open("wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        url = f"sqlite:///{disk}/crisisbot.db"
        said = refused(program(tmp_path, "audit", "verify", env={"DATABASE_URL": url}), "plein")
        assert "DATABASE_URL" in said
        assert sorted(p.name for p in disk.iterdir()) == ["plein"], "no half-made database"


def test_a_read_only_disk_under_the_database_is_said(tmp_path: Path) -> None:
    disk = tmp_path / "disque"
    with mounted(disk, "ro,size=64k"):
        url = f"sqlite:///{disk}/crisisbot.db"
        refused(program(tmp_path, "run", env={"DATABASE_URL": url}), "DATABASE_URL", "écriture")


def test_a_port_already_taken_is_said(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"TEAMS_ANONYMOUS": "true", "CRISISBOT_ADMINS": "*", "PORT": str(port)}
        refused(program(tmp_path, "run", env=env), "PORT", str(port), alone=False)


def test_socket_mode_without_its_token_is_said(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s", "CRISISBOT_ADMINS": "*"}
    refused(program(tmp_path, "run", "--socket", env=env), "SLACK_APP_TOKEN")
    assert files_in(tmp_path) == set()


# CRISISBOT_ADMINS: a chat platform without it does not start; the console needs nothing.

CHATS = [
    {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s"},
    {"TEAMS_CLIENT_ID": "app", "TEAMS_TENANT_ID": "t", "TEAMS_CLIENT_SECRET": "s"},
    {"TEAMS_ANONYMOUS": "true"},
]


@pytest.mark.parametrize("chat", CHATS, ids=lambda c: next(iter(c)))
@pytest.mark.parametrize("admins", [None, "", " , "])
def test_a_chat_platform_without_admins_does_not_start(
    tmp_path: Path, chat: dict[str, str], admins: str | None
) -> None:
    env = dict(chat) if admins is None else {**chat, "CRISISBOT_ADMINS": admins}
    said = refused(program(tmp_path, "run", env=env), "CRISISBOT_ADMINS")
    assert "séparés par des virgules" in said and "*" in said
    assert files_in(tmp_path) == set()


def test_the_console_starts_without_admins(tmp_path: Path) -> None:
    """``make run`` on a fresh machine: no credentials, no settings; the operator opens a crisis."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--user", "alice"],
        input="ouvrir Fuite présumée\nstatut\n",
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith(("CRISISBOT_", "SLACK_", "TEAMS_"))},
        cwd=tmp_path,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Crise ouverte" in done.stdout and "Fuite présumée" in done.stdout
    assert "Traceback" not in done.stderr


def test_an_empty_journal_key_is_said_never_used(tmp_path: Path) -> None:
    (tmp_path / "journal.key").write_text("")
    refused(program(tmp_path, "audit", "verify", env={}), "journal.key", "CRISISBOT_JOURNAL_KEY")


def test_a_file_that_is_not_a_database_is_said_and_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("pas une base")
    url = f"sqlite:///{tmp_path}/notes.db"
    refused(program(tmp_path, "audit", "verify", env={"DATABASE_URL": url}), "DATABASE_URL")
    assert (tmp_path / "notes.db").read_text() == "pas une base"


# Slack and Teams start with every setting they need, or the program stops with one sentence:
# an incomplete set never falls back to the console (which exits 0 at the end of an empty
# input, and a platform restarts it in a loop).

KEY = "0123456789abcdef" * 4
INCOMPLETE = [
    ({"SLACK_BOT_TOKEN": "xoxb-x"}, (), ("SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN")),
    ({"SLACK_SIGNING_SECRET": "s"}, (), ("SLACK_BOT_TOKEN", "xoxb-")),
    ({"SLACK_APP_TOKEN": "xapp-x"}, (), ("SLACK_BOT_TOKEN",)),
    ({}, ("--socket",), ("SLACK_BOT_TOKEN",)),
    ({"SLACK_BOT_TOKEN": "xoxb-x"}, ("--socket",), ("SLACK_APP_TOKEN",)),
    ({"TEAMS_CLIENT_ID": "app"}, (), ("TEAMS_TENANT_ID, TEAMS_CLIENT_SECRET",)),
    ({"TEAMS_CLIENT_ID": "app", "TEAMS_TENANT_ID": "t"}, (), ("il manque TEAMS_CLIENT_SECRET",)),
    ({"TEAMS_CLIENT_SECRET": "s"}, (), ("TEAMS_CLIENT_ID, TEAMS_TENANT_ID",)),
]


@pytest.mark.parametrize(("env", "args", "names"), INCOMPLETE, ids=lambda v: str(v)[:40])
def test_an_incomplete_set_of_chat_settings_stops_with_what_is_missing(
    tmp_path: Path, env: dict[str, str], args: tuple[str, ...], names: tuple[str, ...]
) -> None:
    full = {**env, "CRISISBOT_ADMINS": "*", "CRISISBOT_JOURNAL_KEY": KEY}
    refused(program(tmp_path, "run", *args, env=full), *names)
    assert files_in(tmp_path) == set()


def test_socket_mode_needs_no_signing_secret(tmp_path: Path) -> None:
    """Slack's Socket Mode signs nothing: the bot token and the app token are enough, and the
    program serves Slack (here it reaches the fake Web API) instead of the console."""
    from tests.e2e.slack_fake import FakeSlackApi, LoopThread, serve

    loop, api = LoopThread(), FakeSlackApi()
    try:
        _, api_port = loop.run(serve(api.app()))
        api.base = f"http://127.0.0.1:{api_port}/"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {
            "SLACK_BOT_TOKEN": "xoxb-x", "SLACK_APP_TOKEN": "xapp-x", "CRISISBOT_ADMINS": "*",
            "CRISISBOT_JOURNAL_KEY": KEY, "SLACK_API_URL": api.base + "api/",
            "CRISISBOT_HOST": "127.0.0.1", "PORT": str(port),
        }  # fmt: skip
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("CRISISBOT_", "SLACK_", "TEAMS_"))}  # fmt: skip
        clean.pop("DATABASE_URL", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=tmp_path, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**clean, **env, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        try:
            assert process.stdin is not None
            process.stdin.close()  # the console would read this empty input and exit 0
            deadline = time.monotonic() + 60
            while not any(c.method == "apps.connections.open" for c in api.calls):
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, api.calls
                time.sleep(0.1)
            stays(lambda: process.poll() is None, WATCH, why=lambda: "the process stopped")
        finally:
            process.terminate()
            process.wait(timeout=30)
    finally:
        loop.stop()


# The journal key comes from the environment with Slack or Teams, the witness has a home that
# survives a redeploy, and a key or a witness lost is said, never replaced in silence.

SLACK = {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s", "CRISISBOT_ADMINS": "*"}
TEAMS = {"TEAMS_CLIENT_ID": "app", "TEAMS_TENANT_ID": "t", "TEAMS_CLIENT_SECRET": "s",
         "CRISISBOT_ADMINS": "*"}  # fmt: skip


@pytest.mark.parametrize("chat", [SLACK, TEAMS], ids=["slack", "teams"])
def test_a_chat_platform_without_a_journal_key_in_the_environment_does_not_start(
    tmp_path: Path, chat: dict[str, str]
) -> None:
    said = refused(program(tmp_path, "run", env=chat), "CRISISBOT_JOURNAL_KEY")
    assert "secrets.token_hex(32)" in said
    assert files_in(tmp_path) == set(), "no key generated, no database, no witness"


def test_a_journal_key_kept_in_a_file_is_to_be_copied_into_the_environment(tmp_path: Path) -> None:
    (tmp_path / "journal.key").write_text(KEY + "\n")
    said = refused(program(tmp_path, "run", env=SLACK), "CRISISBOT_JOURNAL_KEY")
    assert f"« {tmp_path / 'journal.key'} »" in said


def test_postgresql_with_a_chat_platform_needs_a_data_folder_for_the_witness(
    tmp_path: Path,
) -> None:
    env = {**SLACK, "CRISISBOT_JOURNAL_KEY": KEY, "DATABASE_URL": "postgres://u@127.0.0.1:1/db"}
    refused(program(tmp_path, "run", env=env), "CRISISBOT_DATA_DIR", "volume persistant")
    assert files_in(tmp_path) == set()


def opened(folder: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--user", "alice"],
        input="ouvrir Fuite présumée\n", capture_output=True, text=True, cwd=folder,
        env={**{k: v for k, v in os.environ.items() if not k.startswith(("CRISISBOT_", "SLACK_", "TEAMS_"))},
             "PYTHONPATH": str(ROOT), **env},
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_another_journal_key_than_the_one_that_sealed_the_journal_does_not_start(
    tmp_path: Path,
) -> None:
    opened(tmp_path, {"CRISISBOT_JOURNAL_KEY": KEY})
    said = refused(program(tmp_path, "audit", "verify", env={"CRISISBOT_JOURNAL_KEY": "autre" * 8}),
                   "CRISISBOT_JOURNAL_KEY", "clé d'origine")  # fmt: skip
    assert "falsifié" in said
    assert program(tmp_path, "audit", "verify", env={"CRISISBOT_JOURNAL_KEY": KEY}).returncode == 0


def test_a_lost_journal_key_file_is_said_and_no_new_key_is_kept(tmp_path: Path) -> None:
    opened(tmp_path, {})
    (tmp_path / "journal.key").unlink()
    refused(
        program(tmp_path, "console", env={}), "journal.key", "CRISISBOT_JOURNAL_KEY", "sauvegarde"
    )
    assert not (tmp_path / "journal.key").exists()


def test_a_lost_witness_stops_the_start_audit_reports_it_and_resceller_seals_a_new_one(
    tmp_path: Path,
) -> None:
    env = {"CRISISBOT_JOURNAL_KEY": KEY}
    opened(tmp_path, env)
    witness = tmp_path / "journal-witness.log"
    witness.unlink()
    refused(program(tmp_path, "console", env=env), "journal-witness.log", "audit resceller --par")
    assert not witness.exists()
    audit = program(tmp_path, "audit", "verify", env=env)
    assert audit.returncode == 1, audit.stdout + audit.stderr
    assert not witness.exists()
    begun = program(tmp_path, "audit", "resceller", "--par", "alice", "-y", env=env)
    assert begun.returncode == 0 and "Témoin scellé de nouveau" in begun.stdout, begun.stderr
    assert witness.exists()
    assert program(tmp_path, "audit", "verify", env=env).returncode == 0


@pytest.mark.parametrize("args", [("run",), ("console",)], ids=" ".join)
def test_a_first_start_in_the_console_warns_about_the_journal_key_in_french(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRISISBOT_", "TEAMS_"))}
    for name in (*CHAT_VARIABLES, "DATABASE_URL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input="aide\n",
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("CRISISBOT_JOURNAL_KEY n'est pas défini : une clé du journal"), (
        warning
    )
    assert "journal.key" in warning and "WARNING" not in warning and "not set" not in warning
    assert "Commandes de la cellule de crise" in result.stdout
