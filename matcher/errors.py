"""Errors the engine raises, with a stable ``code`` the API maps onto problem details.

MatcherError
├── NotFound                 an object does not exist or the caller may not see it
├── Conflict                 a write clashes with stored data
├── InvalidInput             input that passed parsing but breaks a rule
├── PermissionDenied         the caller's role may not do this at all
├── DatabaseUnavailable      PostgreSQL could not be reached or started
└── MigrationError           a migration failed or was edited after it was applied
"""

from __future__ import annotations


class MatcherError(Exception):
    """Base of every error the engine raises on purpose."""

    code = "matcher-error"
    status = 500

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(MatcherError):
    code = "not-found"
    status = 404


class Conflict(MatcherError):
    code = "conflict"
    status = 409


class InvalidInput(MatcherError):
    code = "invalid-input"
    status = 422


class PermissionDenied(MatcherError):
    code = "forbidden"
    status = 403


class DatabaseUnavailable(MatcherError):
    """PostgreSQL cannot be reached now; ``retry_after`` (seconds) tells a client when to retry."""

    code = "database-unavailable"
    status = 503

    def __init__(
        self, detail: str, *, field: str | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(detail, field=field)
        self.retry_after = retry_after


class MigrationError(MatcherError):
    code = "migration-error"
    status = 500
