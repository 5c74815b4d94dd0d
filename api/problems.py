"""RFC 9457 problem details: one renderer and the handlers that route every error through it.

``type`` URIs are ``https://ssw-matcher.dev/problems/<code>`` with these stable codes:
``validation`` (422, with ``errors``), ``invalid-input`` (422), ``unauthenticated`` (401),
``forbidden`` (403), ``not-found`` (404), ``method-not-allowed`` (405), ``request-timeout``
(408), ``conflict`` (409),
``payload-too-large`` (413), ``unsupported-media-type`` (415), ``rate-limited`` (429),
``internal`` (500), ``database-unavailable``, ``busy``, ``engine-unavailable``, ``not-ready``
(503, the first two with ``Retry-After``),
and ``http-<status>`` for any other HTTP status.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import asyncpg
from asyncpg.exceptions import OperatorInterventionError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matcher.access.errors import Unauthenticated, ValidationFailed
from matcher.access.validation import field_errors
from matcher.errors import MatcherError
from matcher.storage.database import UNAVAILABLE_RETRY_AFTER_S
from models.schemas.common import PROBLEM_BASE, Problem

log = logging.getLogger("api")
PROBLEM_JSON = "application/problem+json"

_HTTP_CODES = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    408: "request-timeout",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "rate-limited",
    500: "internal",
}


class UnsupportedMediaType(MatcherError):
    code = "unsupported-media-type"
    status = 415


class BodyTimeout(MatcherError):
    """The client stopped sending the body it announced."""

    code = "request-timeout"
    status = 408


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": _title(status),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def matcher_error_response(exc: MatcherError) -> JSONResponse:
    headers: dict[str, str] = {}
    errors: list[dict[str, str]] | None = None
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="ssw-matcher"'
    if isinstance(exc, ValidationFailed):
        errors = [{"field": f, "message": m} for f, m in exc.errors]
    elif exc.field is not None:
        errors = [{"field": exc.field, "message": exc.detail}]
    return problem_response(exc.status, exc.code, exc.detail, errors=errors, headers=headers)


async def _matcher_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MatcherError)
    if exc.status >= 500:
        log.error("%s on %s %s: %s", exc.code, request.method, request.url.path, exc.detail)
    return matcher_error_response(exc)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for item in exc.errors():
        loc = [str(p) for p in item.get("loc", ())]
        if loc and loc[0] == "body":
            loc = loc[1:]
        errors.append({"field": ".".join(loc), "message": str(item.get("msg", "invalid"))})
    fields = ", ".join(e["field"] or "(body)" for e in errors[:10])
    return problem_response(422, "validation", f"invalid request: {fields}", errors=errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc.__cause__, MatcherError):  # FastAPI wraps errors raised reading the body
        return matcher_error_response(exc.__cause__)
    if exc.status_code == 400 and request.method in ("POST", "PUT", "PATCH"):
        # FastAPI answers 400 for a body it cannot decode (not UTF-8); malformed JSON is 422.
        # One status for "the body is not valid" is simpler for clients.
        message = "the body could not be parsed as JSON (is it UTF-8?)"
        errors = [{"field": "body", "message": message}]
        return problem_response(422, "validation", message, errors=errors)
    code = _HTTP_CODES.get(exc.status_code, f"http-{exc.status_code}")
    detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(exc.status_code, code, detail, headers=headers)


def unavailable_response(detail: str) -> JSONResponse:
    """503 ``database-unavailable`` with ``Retry-After``: the client should simply retry."""
    return problem_response(
        503,
        "database-unavailable",
        detail,
        headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)},
    )


async def _connection_error(request: Request, exc: Exception) -> JSONResponse:
    """The connection broke or PostgreSQL went away mid-request (also at COMMIT): nothing was
    acknowledged, so the client may retry."""
    log.warning("database unavailable on %s %s: %r", request.method, request.url.path, exc)
    return unavailable_response("the database is not available; try again shortly")


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """Data PostgreSQL refuses (NUL characters, out-of-range values) is the client's error;
    a constraint violation that slipped past the services is a conflict; a serialisation
    failure or deadlock (possible at COMMIT) is a conflict the client may retry."""
    if isinstance(exc, asyncpg.QueryCanceledError):
        log.warning("statement cancelled on %s %s: %s", request.method, request.url.path, exc)
        return unavailable_response("the database took too long to answer; try again shortly")
    if isinstance(exc, asyncpg.PostgresConnectionError | OperatorInterventionError):
        return await _connection_error(request, exc)
    if isinstance(exc, asyncpg.SerializationError | asyncpg.DeadlockDetectedError):
        return problem_response(409, "conflict", "the change collided with another; retry it")
    if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
        return problem_response(409, "conflict", "the change conflicts with stored data")
    if isinstance(exc, asyncpg.DataError):
        return problem_response(422, "invalid-input", f"the database refused a value: {exc}")
    log.exception("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(500, "internal", "an unexpected database error occurred")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MatcherError, _matcher_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(asyncpg.PostgresError, _database_error)
    app.add_exception_handler(asyncpg.InterfaceError, _connection_error)
    app.add_exception_handler(ConnectionError, _connection_error)


class CatchAllMiddleware:
    """The last line: any unhandled exception becomes a logged 500 problem (never a traceback).

    Starlette's own ``Exception`` handler re-raises after responding; this one does not, so
    servers and test transports see the same 500 a client sees.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = problem_response(500, "internal", "an unexpected error occurred")
            await response(scope, receive, send)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status documented as a problem."""
    return {
        status: {
            "model": Problem,
            "description": _title(status),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


__all__ = [
    "PROBLEM_JSON",
    "BodyTimeout",
    "CatchAllMiddleware",
    "UnsupportedMediaType",
    "field_errors",
    "install_problem_handlers",
    "matcher_error_response",
    "problem_response",
    "problem_responses",
]
