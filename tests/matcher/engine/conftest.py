"""Fixtures for engine tests: a pool on the test database and an engine over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from matcher.engine import MatchingEngine
from matcher.settings import get_settings
from matcher.storage.database import create_pool


@pytest.fixture
async def pool(db_url: str) -> AsyncIterator[asyncpg.Pool[Any]]:
    created = await create_pool(db_url, min_size=1, max_size=4)
    try:
        yield created
    finally:
        await created.close()


@pytest.fixture
async def engine(pool: asyncpg.Pool[Any]) -> AsyncIterator[MatchingEngine]:
    started = await MatchingEngine.start(pool, get_settings())
    try:
        yield started
    finally:
        await started.close()
