"""Start-up failures an operator can fix, told in one French sentence that names the setting
and what to do (``messages/fr/startup.yml``), never as a traceback.

The places the settings name are checked before anything is created: a missing folder is a
typo to correct, not a folder to make (a database or a witness created elsewhere would run
the cell on an empty register, or without its witness). What fails afterwards (a full disk,
a database that does not answer) is translated where it happens, naming its setting."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from bot.wording import said, wording

if TYPE_CHECKING:
    from bot.config import Settings

DATABASE = "DATABASE_URL"
DATA_DIR = "CRISISBOT_DATA_DIR"
EXPORTS_DIR = "CRISISBOT_EXPORTS_DIR"
EXIT_STATUS = 2


class StartupError(Exception):
    """A failure at start-up: ``code`` is the key of its sentence in ``startup.yml``."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(f"{code}: {values}")
        self.code = code
        self.values = values


def sentence(code: str, **values: Any) -> str:
    """The sentence of ``code`` with its values, on one line."""
    return said("startup", code, **values)


def explain(error: BaseException) -> str | None:
    """The sentence for an error an operator can fix at start-up; None for anything else
    (a bug keeps its traceback)."""
    if isinstance(error, StartupError):
        return sentence(error.code, **error.values)
    if isinstance(error, ValidationError):
        return _invalid_setting(error)
    if isinstance(error, sa_exc.ArgumentError):
        return sentence("database_url_invalid")
    if isinstance(error, sa_exc.DBAPIError):
        return sentence("database_unreachable", where="(DATABASE_URL)")
    if isinstance(error, OSError) and error.errno in _OS_CODES and error.filename:
        return sentence(
            "file_error",
            path=error.filename,
            reason=wording("startup")["reasons"][_OS_CODES[error.errno]],
        )
    return None


def _invalid_setting(error: ValidationError) -> str:
    first = error.errors()[0]
    setting = ".".join(str(part) for part in first.get("loc", ())) or "?"
    expected: dict[str, str] = wording("startup")["expected"]
    return sentence(
        "setting_invalid", setting=setting, expected=expected.get(setting, expected["default"])
    )


_OS_CODES = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EACCES: "unwritable",
    errno.EPERM: "unwritable",
    errno.EROFS: "unwritable",
    errno.ENOENT: "folder_missing",
    errno.ENOTDIR: "not_a_folder",
}


@contextmanager
def place(setting: str, path: Path) -> Iterator[None]:
    """Writing in the folder ``setting`` names: an OS error becomes its sentence."""
    try:
        yield
    except OSError as error:
        code = _OS_CODES.get(error.errno or 0, "unwritable")
        raise StartupError(code, setting=setting, path=path) from error


def _parsed(url: str) -> URL:
    try:
        return make_url(url)
    except sa_exc.ArgumentError as error:
        raise StartupError("database_url_invalid") from error


def sqlite_file(url: str) -> Path | None:
    """The SQLite database file ``url`` names; None for another database or in memory."""
    parsed = _parsed(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _where(url: str) -> str:
    parsed = _parsed(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"« {parsed.host or 'localhost'}{port}/{parsed.database or ''} »"


@contextmanager
def database(url: str) -> Iterator[None]:
    """Opening and migrating the database: its failures become their sentence, and a
    SQLite file this start created is not left behind half made."""
    created = sqlite_file(url)
    if created is not None and created.exists():
        created = None
    try:
        with _database_errors(url):
            yield
    except BaseException:
        if created is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{created}{suffix}").unlink(missing_ok=True)
        raise


@contextmanager
def _database_errors(url: str) -> Iterator[None]:
    try:
        yield
    except (sa_exc.NoSuchModuleError, ModuleNotFoundError) as error:
        raise StartupError("database_driver") from error
    except sa_exc.ArgumentError as error:
        raise StartupError("database_url_invalid") from error
    except sa_exc.DBAPIError as error:
        path = sqlite_file(url)
        if path is None:
            raise StartupError("database_unreachable", where=_where(url)) from error
        reason = str(error.orig).lower()
        if "full" in reason:
            raise StartupError("disk_full", setting=DATABASE, path=path) from error
        if "readonly" in reason or "read-only" in reason:
            raise StartupError("unwritable", setting=DATABASE, path=path.parent) from error
        raise StartupError("database_unopenable", path=path) from error
    except OSError as error:
        path = sqlite_file(url) or Path(".")
        code = _OS_CODES.get(error.errno or 0, "unwritable")
        raise StartupError(code, setting=DATABASE, path=path) from error


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK | os.X_OK)


def _folder(setting: str, path: Path, *, create_later: bool) -> None:
    """``path`` is a folder the bot may write in. With ``create_later``, a missing folder
    is fine when the bot can make it when it needs it (the exports); otherwise it must exist."""
    if path.exists():
        if not path.is_dir():
            raise StartupError("not_a_folder", setting=setting, path=path)
        if not _writable(path):
            raise StartupError("unwritable", setting=setting, path=path)
        return
    if not create_later:
        raise StartupError("folder_missing", setting=setting, path=path)
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise StartupError("not_a_folder", setting=setting, path=parent)
    if not _writable(parent):
        raise StartupError("unwritable", setting=setting, path=parent)


def check_places(settings: Settings) -> None:
    """Before anything is created: the database's URL and folder, the data folder, and where
    exports will be written."""
    database_file = sqlite_file(settings.database_url)
    if database_file is not None:
        folder = database_file.absolute().parent
        if not folder.is_dir():
            code = "not_a_folder" if folder.exists() else "database_folder_missing"
            raise StartupError(code, setting=DATABASE, path=folder)
        if database_file.is_dir():
            raise StartupError("database_unopenable", path=database_file)
        if not _writable(folder):
            raise StartupError("unwritable", setting=DATABASE, path=folder)
    _folder(DATA_DIR, settings.data_dir, create_later=False)
    _folder(EXPORTS_DIR, settings.exports_dir, create_later=True)


@contextmanager
def listening(host: str, port: int) -> Iterator[None]:
    """Binding the HTTP port: a port in use or forbidden becomes its sentence."""
    try:
        yield
    except OSError as error:
        raise StartupError("port_taken", host=host, port=port) from error


def check_platforms(settings: Settings, socket: bool) -> None:
    """Slack and Teams start with every setting they need, or the program stops: an
    incomplete set would otherwise start the local console, which reads an empty input and
    exits 0 (a platform restarts it in a loop). Socket Mode needs no signing secret."""
    slack = (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
    if any(slack) or socket:
        if not settings.slack_bot_token:
            raise StartupError("slack_token_missing")
        if socket and not settings.slack_app_token:
            raise StartupError("socket_token")
        if not settings.slack_signing_secret and not settings.slack_app_token:
            raise StartupError("slack_secret_missing")
    teams = {
        "TEAMS_CLIENT_ID": settings.teams_client_id,
        "TEAMS_TENANT_ID": settings.teams_tenant_id,
        "TEAMS_CLIENT_SECRET": settings.teams_client_secret,
    }
    if any(teams.values()) and not settings.teams_anonymous:
        missing = [name for name, value in teams.items() if not value]
        if missing:
            raise StartupError("teams_incomplete", missing=", ".join(missing))


def check_journal_home(settings: Settings, key_file: Path) -> None:
    """With Slack or Teams (a local test client aside), the journal key comes from the
    environment and the witness has a folder of its own: on a host whose disk is wiped at
    each deploy, a key generated in the working directory would be a new key after a
    restart (the journal then reads as tampered), and the witness would be lost."""
    if settings.teams_anonymous and not settings.slack_configured:
        return
    if not settings.journal_key:
        if key_file.is_file():
            raise StartupError("journal_key_in_file", path=key_file)
        raise StartupError("journal_key_unset")
    if settings.data_dir_setting is None and sqlite_file(settings.database_url) is None:
        raise StartupError("data_dir_unset")
