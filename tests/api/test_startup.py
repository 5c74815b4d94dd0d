"""Start-up and concurrency of the real app: no silent fallback, no pool deadlock."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import httpx
import pytest

from api.app import create_app
from matcher.embedding import EmbedderUnavailable
from matcher.engine import MatchingEngine
from matcher.settings import Settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import connect
from matcher.storage.workers import WorkerRepository
from tests import factories
from tests.api.conftest import api_settings, issue


async def test_an_embedder_that_cannot_load_stops_the_start(db_url: str) -> None:
    settings = Settings.model_validate(
        {
            "DATABASE_URL": db_url,
            "embedder": "sentence-transformers",
            "embedder_model": "/no/such/model",
        }
    )
    app = create_app(settings, api_settings=api_settings())
    with pytest.raises(EmbedderUnavailable):
        async with app.router.lifespan_context(app):
            pass


async def _real_engine(pool: asyncpg.Pool[Any], settings: Settings) -> MatchingEngine:
    return await MatchingEngine.start(pool, settings)


async def test_more_concurrent_requests_than_connections_all_finish(db_url: str) -> None:
    conn = await connect(db_url)
    try:
        agency = await AgencyRepository(conn).ensure("AG1")
        await WorkerRepository(conn).upsert_many(
            agency.id, [factories.worker(n) for n in range(1, 6)]
        )
        token = await issue(conn, "agency", agency.id)
    finally:
        await conn.close()
    settings = Settings.model_validate(
        {"DATABASE_URL": db_url, "pool_max_size": 2, "embedder": "fake"}
    )
    app = create_app(settings, api_settings=api_settings(), engine_factory=_real_engine)
    headers = {"Authorization": f"Bearer {token}"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            requests = [
                client.post(
                    "/v1/search/workers",
                    json={"query": "perawat lansia", "limit": 3},
                    headers=headers,
                )
                for _ in range(12)
            ]
            responses = await asyncio.wait_for(asyncio.gather(*requests), timeout=60)
    assert [r.status_code for r in responses] == [200] * 12
    assert all(len(r.json()["data"]) == 3 for r in responses)
