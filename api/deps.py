"""Request dependencies: the connection (owning the transaction), the caller, limits.

``Annotated`` aliases keep route signatures short and make the rules impossible to skip: every
``/v1`` route takes ``PrincipalDep``, and services need the principal to do anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.limits import TokenBucketLimiter
from api.settings import MAX_PAGE_SIZE, ApiSettings
from matcher.access import MatchingEngineProtocol, Principal, RateLimited, TokenService
from matcher.settings import Settings
from matcher.storage.connection import Connection

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer sswm_...`")


def pool_of(request: Request) -> asyncpg.Pool[Any]:
    pool: asyncpg.Pool[Any] = request.app.state.pool
    return pool


async def get_conn(request: Request) -> AsyncIterator[Connection]:
    """A pooled connection inside a transaction: committed when the route returns, rolled back
    when it raises. Services never commit."""
    async with pool_of(request).acquire() as conn, conn.transaction():
        yield conn


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    conn: Annotated[Connection, Depends(get_conn)],
) -> Principal:
    """The caller behind the bearer token (401 otherwise), after its rate limit (429).

    Authenticates on the request's own connection: taking a second one from the pool while the
    request holds the first deadlocks as soon as every connection is held that way.
    """
    secret = credentials.credentials if credentials is not None else None
    principal = await TokenService(conn).authenticate(secret)
    limiter: TokenBucketLimiter = request.app.state.rate_limiter
    if principal.token_id is not None:
        wait = limiter.acquire(principal.token_id)
        if wait is not None:
            raise RateLimited(
                f"too many requests for this token; retry in {wait} s", retry_after=wait
            )
    return principal


def get_engine(request: Request) -> MatchingEngineProtocol | None:
    engine: MatchingEngineProtocol | None = getattr(request.app.state, "engine", None)
    return engine


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_api_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.api_settings
    return settings


ConnDep = Annotated[Connection, Depends(get_conn)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
EngineDep = Annotated[MatchingEngineProtocol | None, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ApiSettingsDep = Annotated[ApiSettings, Depends(get_api_settings)]

MAX_ID = 2**63 - 1
LimitQuery = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size (max 200).")]
CursorQuery = Annotated[
    str | None,
    Query(max_length=200, description="Opaque cursor from the previous page's `next_cursor`."),
]


def id_path(description: str) -> Any:
    """A path id bounded to PostgreSQL's bigint, so no id reaches the database out of range."""
    return Path(ge=1, le=MAX_ID, description=description)
