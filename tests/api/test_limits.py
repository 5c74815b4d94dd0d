"""Limits of the HTTP layer: failed authentication per client address, imports at once, and a
database that cannot be reached (503 with Retry-After, never 500)."""

from __future__ import annotations

import asyncpg
import httpx
import pytest

from api.app import create_app
from api.limits import ImportSlots, TokenBucketLimiter
from matcher.access import RateLimited
from matcher.access.errors import ServiceBusy
from matcher.settings import Settings
from tests.api.conftest import World, api_settings
from tests.ports import free_port


def _client(app: object, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 4321))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_failed_authentication_is_limited_per_client_address(
    settings: Settings, world: World
) -> None:
    app = create_app(
        settings,
        api_settings=api_settings(auth_failures_per_minute=6, auth_failure_burst=3),
        engine_factory=None,
    )
    bad = {"Authorization": "Bearer sswm_not-a-token"}
    async with (
        app.router.lifespan_context(app),
        _client(app, "203.0.113.7") as attacker,
        _client(app, "198.51.100.2") as other,
    ):
        statuses = [(await attacker.get("/v1/me", headers=bad)).status_code for _ in range(4)]
        assert statuses == [401, 401, 401, 429]
        limited = await attacker.get("/v1/me", headers=world.auth("ag1"))
        # Once an address is over its budget it is refused before the database is asked,
        # whatever it presents, until the bucket refills.
        assert limited.status_code == 429
        assert limited.headers["content-type"] == "application/problem+json"
        assert int(limited.headers["retry-after"]) >= 1
        # Another address is not affected, and requests without a token spend nothing.
        assert (await other.get("/v1/me", headers=world.auth("ag1"))).status_code == 200
        for _ in range(5):
            assert (await other.get("/v1/me")).status_code == 401
        assert (await other.get("/v1/me", headers=world.auth("ag1"))).status_code == 200


def test_token_buckets_forget_refilled_keys_when_there_are_many() -> None:
    limiter = TokenBucketLimiter(per_minute=60, burst=1)
    for address in range(10_001):
        limiter.acquire(f"10.0.{address // 256}.{address % 256}", now=0.0)
    assert limiter.blocked("10.0.0.0", now=0.5) is not None
    limiter.acquire("fresh", now=100.0)  # every old bucket has refilled by now
    assert len(limiter._buckets) == 1


def test_import_slots_bound_each_token_and_the_process() -> None:
    slots = ImportSlots(per_token=1, total=2)
    with slots.hold(1):
        with pytest.raises(RateLimited) as per_token, slots.hold(1):
            pass
        assert per_token.value.retry_after >= 1
        with slots.hold(2), pytest.raises(ServiceBusy), slots.hold(3):
            pass
        assert slots.running == 1
    assert slots.running == 0
    with slots.hold(1):  # released slots are reusable
        assert slots.running == 1


async def test_unreachable_database_is_a_503_with_retry_after(
    settings: Settings, world: World
) -> None:
    app = create_app(settings, api_settings=api_settings(), engine_factory=None)
    async with app.router.lifespan_context(app):
        # The pool now points at a port where nothing listens: every new connection fails.
        await app.state.pool.expire_connections()
        app.state.pool._connect_args = (f"postgresql://nobody@127.0.0.1:{free_port()}/none",)
        async with _client(app, "127.0.0.1") as client:
            me = await client.get("/v1/me", headers=world.auth("ag1"))
            ready = await client.get("/readyz")
    assert me.status_code == 503, me.text
    assert me.json()["type"].endswith("/database-unavailable")
    assert int(me.headers["retry-after"]) >= 1
    assert ready.status_code == 503
    assert int(ready.headers["retry-after"]) >= 1


async def test_request_connections_carry_statement_and_idle_timeouts(settings: Settings) -> None:
    """A runaway statement or a transaction left open cannot hold a connection for ever."""
    app = create_app(settings, api_settings=api_settings(), engine_factory=None)
    async with app.router.lifespan_context(app), app.state.pool.acquire() as conn:
        assert await conn.fetchval("SHOW statement_timeout") == "30s"
        assert await conn.fetchval("SHOW idle_in_transaction_session_timeout") == "1min"
        with pytest.raises(asyncpg.QueryCanceledError):
            await conn.execute("SET LOCAL statement_timeout = '50ms'; SELECT pg_sleep(1)")
