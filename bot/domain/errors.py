"""The one hierarchy of errors a command can meet.

Every error a user can cause is a ``CrisisError``. It carries a ``code`` (the key of
its wording in ``messages/<lang>/errors.yml``) and ``params`` (the values the wording
may show). Raising one means: nothing was changed, tell the user why and what to do.

    CrisisError
    ├── UsageError          the command text does not follow the grammar
    ├── InvalidValue        a value does not parse (type, date, number)
    ├── NotFound            a crisis, fact, question or draft that does not exist
    ├── Forbidden           the caller's role does not allow it
    ├── Conflict            the state does not allow it (already open, already answered…)
    └── SensitiveData       patient data was typed where it must not be

Library errors (SQLAlchemy, Slack, Jinja) are translated where they are caught, with
``raise … from exc``; anything else reaching an adapter is an internal error: the user
is told that the command failed and the log keeps the traceback.
"""

from __future__ import annotations

from typing import Any


class CrisisError(Exception):
    """A refusal the user can understand and act upon."""

    code: str = "error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or type(self).code
        self.params: dict[str, Any] = params
        super().__init__(f"{self.code}: {params}")


class UsageError(CrisisError):
    code = "usage"


class InvalidValue(CrisisError):
    code = "invalid_value"


class NotFound(CrisisError):
    code = "not_found"


class Forbidden(CrisisError):
    code = "forbidden"


class Conflict(CrisisError):
    code = "conflict"


class SensitiveData(CrisisError):
    code = "sensitive_data"
