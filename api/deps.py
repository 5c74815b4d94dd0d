"""Request dependencies: the caller, the connection (owning the transaction), limits.

``Annotated`` aliases keep route signatures short and make the rules impossible to skip: every
``/v1`` route takes ``PrincipalDep``, and services need the principal to do anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.limits import TokenBucketLimiter
from api.settings import MAX_PAGE_SIZE, ApiSettings
from matcher.access import (
    MatchingEngineProtocol,
    Principal,
    RateLimited,
    TokenService,
    Unauthenticated,
)
from matcher.settings import Settings
from matcher.storage.connection import Connection
from matcher.storage.database import checkout, transaction

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer sswm_...`")


def pool_of(request: Request) -> asyncpg.Pool[Any]:
    pool: asyncpg.Pool[Any] = request.app.state.pool
    return pool


def _acquire_timeout(request: Request) -> float:
    settings: Settings = request.app.state.settings
    return settings.db_acquire_timeout_s


def connect_for(request: Request) -> Callable[[], AbstractAsyncContextManager[Connection]]:
    """A factory of short units of work on the request pool (``matcher.storage.database.
    transaction``), for routes that must not hold a connection across a slow step."""
    pool, timeout = pool_of(request), _acquire_timeout(request)
    return lambda: transaction(pool, acquire_timeout=timeout)


def checkout_for(request: Request) -> AbstractAsyncContextManager[Connection]:
    """One pooled connection outside a transaction, for work that opens its own transactions
    (the import pipeline: one per batch, or one in all)."""
    return checkout(pool_of(request), acquire_timeout=_acquire_timeout(request))


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def refuse_if_blocked(failures: TokenBucketLimiter, address: str, what: str) -> None:
    """429 with ``Retry-After`` while ``address`` has used up its budget of failed ``what``
    (bad tokens, bad sign-in codes): refused before the database is asked again."""
    wait = failures.blocked(address)
    if wait is not None:
        raise RateLimited(
            f"too many failed {what} from this address; retry in {wait} s", retry_after=wait
        )


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller behind the bearer token (401 otherwise), after its rate limit (429).

    Authenticates on a connection of its own, checked out and released at once: the request's
    transaction (``get_conn``) starts only afterwards, so no request ever holds two pooled
    connections, and none is held while the body or the caller is slow. Failed attempts are
    counted per client address: an address that keeps presenting bad tokens is refused (429)
    before the database is asked again.
    """
    secret = credentials.credentials if credentials is not None else None
    address = client_address(request)
    failures: TokenBucketLimiter = request.app.state.auth_failure_limiter
    refuse_if_blocked(failures, address, "authentications")
    try:
        async with checkout_for(request) as conn:
            principal = await TokenService(conn).authenticate(secret)
    except Unauthenticated:
        if secret:
            failures.acquire(address)
        raise
    limiter: TokenBucketLimiter = request.app.state.rate_limiter
    if principal.token_id is not None:
        wait = limiter.acquire(principal.token_id)
        if wait is not None:
            raise RateLimited(
                f"too many requests for this token; retry in {wait} s", retry_after=wait
            )
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_conn(request: Request, principal: PrincipalDep) -> AsyncIterator[Connection]:
    """The request's one pooled connection inside its transaction.

    Declared with ``scope="function"``: the transaction commits (or rolls back) when the route
    function returns, *before* the response is sent, so a 2xx means committed and visible to
    the next request, and a failed COMMIT becomes an error response instead of a 2xx (a
    ``yield`` dependency's exit otherwise runs after the response). It depends on the principal
    so that authentication's own short checkout has ended before this one starts. FastAPI has
    read the JSON body before it solves dependencies, so no connection waits on a slow client.
    Services never commit.
    """
    del principal
    async with transaction(pool_of(request), acquire_timeout=_acquire_timeout(request)) as conn:
        yield conn


def get_engine(request: Request) -> MatchingEngineProtocol | None:
    engine: MatchingEngineProtocol | None = getattr(request.app.state, "engine", None)
    return engine


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_api_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.api_settings
    return settings


ConnDep = Annotated[Connection, Depends(get_conn, scope="function")]


def get_connect(
    request: Request, principal: PrincipalDep
) -> Callable[[], AbstractAsyncContextManager[Connection]]:
    """``connect_for`` as a dependency, after authentication: for routes that wait on
    something slow between their database steps (matching waits on the engine)."""
    del principal
    return connect_for(request)


ConnectDep = Annotated[Callable[[], AbstractAsyncContextManager[Connection]], Depends(get_connect)]
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
