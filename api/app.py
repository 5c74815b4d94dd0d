"""The application factory. ``lifespan`` builds the pool, migrates, starts the engine and
closes them; everything lives in ``app.state`` (no module globals), so tests build many apps.

Plugging in the engine: ``create_app(engine_factory=...)`` takes an async callable
``(pool, settings) -> engine``. The default imports ``matcher.engine.MatchingEngine`` and calls
``await MatchingEngine.start(pool, settings)``; ``engine_factory=None`` runs without one
(matching routes answer 503 and ``/readyz`` reports not ready).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import asyncpg
from fastapi import FastAPI

# Swagger UI and ReDoc from the package, not a CDN: /docs works offline (issue 19).
from fastapi_offline import FastAPIOffline

from api.limits import BodySizeLimitMiddleware, ImportSlots, TokenBucketLimiter
from api.metrics import ApiMetrics, MetricsMiddleware
from api.problems import CatchAllMiddleware, install_problem_handlers
from api.routes import (
    admin,  # model re-encodes as jobs (issue 17)
    audit,
    calendars,  # online interviews, agenda, .ics (issue 18)
    consents,
    employers,
    events,
    health,
    imports,
    jobs,  # jobs (issue 17)
    matching,
    meetings,  # company meets sending organisation (issue 18)
    recognitions,
    signin,
    tokens,
    vacancies,
    vocabulary,
    workers,
)
from api.settings import ApiSettings
from matcher.access import MatchingEngineProtocol
from matcher.jobs import JobRunner, start_jobs  # jobs (issue 17)
from matcher.settings import Settings, get_settings
from matcher.storage.database import create_pool, resolve_database_url, session_settings
from matcher.storage.migrations import migrate
from web import router as web_router

log = logging.getLogger("api")

ENGINE_POOL_SIZE = 4

EngineFactory = Callable[["asyncpg.Pool[Any]", Settings], Awaitable[MatchingEngineProtocol]]

DESCRIPTION = """Matches BNSP-certified Indonesian workers with Japanese SSW employers.

Authenticate with `Authorization: Bearer <token>` (create the first admin token with
`matcher token create --role admin --name me`). Every error is `application/problem+json`
(RFC 9457) with a stable `type` under `https://ssw-matcher.dev/problems/`. Lists are
`{"data": [...], "count": N, "next_cursor": ...}`; pass `next_cursor` back as `?cursor=`.
"""

TAGS = [
    {"name": "workers", "description": "Workers, their certificates, tests and experience."},
    {"name": "employers", "description": "Japanese employers."},
    {
        "name": "vacancies",
        "description": "Vacancies with explicit required and preferred conditions.",
    },
    {"name": "matching", "description": "Ranked and explained matches and searches."},
    {"name": "imports", "description": "Idempotent bulk imports (JSON, JSON Lines, CSV)."},
    {"name": "tokens", "description": "API tokens bound to a role and a subject."},
    {"name": "audit", "description": "Who read which worker's full profile."},
    {"name": "vocabulary", "description": "Codes of the contract with their en/ja/id labels."},
    {
        "name": "recognitions",
        "description": "Schemes counted as a job category's skill test (admins write).",
    },
    {
        "name": "signin",
        "description": "One-time sign-in codes a worker exchanges for a short session.",
    },
    {
        "name": "jobs",
        "description": "Long work (imports) answered with 202; poll its state, progress, result.",
    },
    {"name": "health", "description": "Liveness, readiness, metrics."},
]


async def default_engine_factory(
    pool: asyncpg.Pool[Any], settings: Settings
) -> MatchingEngineProtocol:
    """``matcher.engine.MatchingEngine``, building its indexes in the background: the API
    serves at once, ``/readyz`` answers 503 and matching routes 503 until the build is done."""
    from matcher.engine import MatchingEngine

    engine: MatchingEngineProtocol = await MatchingEngine.start(pool, settings, wait=False)
    return engine


POOL_CLOSE_S = 5.0


async def _close_pool(pool: asyncpg.Pool[Any]) -> None:
    """Close gracefully, but never wait longer than ``POOL_CLOSE_S`` for connections still
    held (a request cancelled at shutdown): shutdown must finish within seconds."""
    try:
        async with asyncio.timeout(POOL_CLOSE_S):
            await pool.close()
    except TimeoutError:
        log.warning("connections still held after %s s at shutdown; terminating", POOL_CLOSE_S)
        pool.terminate()


def create_app(
    settings: Settings | None = None,
    *,
    api_settings: ApiSettings | None = None,
    engine_factory: EngineFactory | None = default_engine_factory,
) -> FastAPI:
    """A new application; nothing connects until the lifespan starts."""
    api_config = api_settings or ApiSettings()
    metrics = ApiMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        config = settings or get_settings()
        # Starting the embedded PostgreSQL blocks for a second: keep it off the event loop.
        url = await anyio.to_thread.run_sync(resolve_database_url, config)
        idle = config.db_idle_in_transaction_timeout_s
        pool = await create_pool(
            url,
            min_size=config.pool_min_size,
            max_size=config.pool_max_size,
            server_settings=session_settings(
                statement_timeout_s=config.db_statement_timeout_s,
                idle_in_transaction_timeout_s=idle,
            ),
        )
        # The engine reads through a pool of its own: a request holds one connection of the
        # request pool for its transaction while the engine answers it, so sharing one pool
        # deadlocks once every connection is held by a request waiting for the engine. Its
        # statements (loading every embedding at start) may rightly run long.
        engine_pool = await create_pool(
            url,
            min_size=1,
            max_size=ENGINE_POOL_SIZE,
            server_settings=session_settings(idle_in_transaction_timeout_s=idle),
        )
        engine: MatchingEngineProtocol | None = None
        job_runner: JobRunner | None = None  # jobs (issue 17)
        try:
            async with engine_pool.acquire() as conn:
                await migrate(conn)
            if engine_factory is not None:
                # No fallback: an embedder that cannot be loaded stops the start with its error.
                engine = await engine_factory(engine_pool, config)
            app.state.settings = config
            app.state.pool = pool
            app.state.engine = engine
            job_runner = app.state.jobs = await start_jobs(url, config, engine)  # jobs (issue 17)
            yield
        finally:
            if job_runner is not None:  # jobs (issue 17): running jobs go back to the queue
                await job_runner.stop()
            current = getattr(app.state, "engine", None)
            if current is not None:
                await current.close()
            await _close_pool(engine_pool)
            await _close_pool(pool)

    app = FastAPIOffline(
        title="SSW Matcher API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.api_settings = api_config
    app.state.metrics = metrics
    app.state.rate_limiter = TokenBucketLimiter(
        per_minute=api_config.rate_limit_per_minute, burst=api_config.rate_limit_burst
    )
    app.state.auth_failure_limiter = TokenBucketLimiter(
        per_minute=api_config.auth_failures_per_minute, burst=api_config.auth_failure_burst
    )
    app.state.signin_failure_limiter = TokenBucketLimiter(
        per_minute=api_config.signin_failures_per_minute, burst=api_config.signin_failure_burst
    )
    app.state.import_slots = ImportSlots(
        per_token=api_config.imports_per_token, total=api_config.imports_total
    )
    app.state.engine = None
    install_problem_handlers(app)
    for module in (
        health,
        tokens,
        workers,
        employers,
        vacancies,
        matching,
        imports,
        audit,
        recognitions,
        vocabulary,
    ):
        app.include_router(module.router)
    app.include_router(events.router)
    app.include_router(consents.router)  # consents, acceptance; the scheduled purge
    app.include_router(signin.router)  # one-time sign-in codes for workers
    app.include_router(meetings.router)  # company meets sending organisation (issue 18)
    app.include_router(calendars.router)  # interview details, agenda, .ics (issue 18)
    app.include_router(jobs.router)  # jobs (issue 17)
    app.include_router(admin.router)  # model re-encodes as jobs (issue 17)
    app.include_router(web_router)  # the browser interface at / (web/)
    # Added innermost first: metrics see every status, the catch-all turns crashes into 500s.
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_body_bytes=api_config.max_body_bytes,
        max_import_bytes=api_config.max_import_bytes,
    )
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app
