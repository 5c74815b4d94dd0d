"""Errors of the access layer, extending the engine's tree (``matcher.errors``).

MatcherError
├── Unauthenticated      no token, an unknown, expired or revoked token (401)
├── RateLimited          the token spent its request budget (429, with ``retry_after``)
├── PayloadTooLarge      a body or an import above the configured cap (413)
├── ServiceBusy          the server runs as much of this work as it may (503, ``retry_after``)
└── EngineUnavailable    matching was asked for but no engine is running (503)
"""

from __future__ import annotations

from matcher.errors import MatcherError


class Unauthenticated(MatcherError):
    code = "unauthenticated"
    status = 401


class RateLimited(MatcherError):
    code = "rate-limited"
    status = 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class PayloadTooLarge(MatcherError):
    code = "payload-too-large"
    status = 413


class ServiceBusy(MatcherError):
    code = "busy"
    status = 503

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class EngineUnavailable(MatcherError):
    code = "engine-unavailable"
    status = 503


class ValidationFailed(MatcherError):
    """Input that failed validation, with every failing field (dotted path) and its message."""

    code = "validation"
    status = 422

    def __init__(self, detail: str, errors: list[tuple[str, str]]) -> None:
        super().__init__(detail, field=errors[0][0] if errors else None)
        self.errors = errors
