"""Fixtures for engine tests: a pool on the test database and an engine over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from matcher.engine import MatchingEngine
from matcher.settings import get_settings


@pytest.fixture
async def engine(pool: asyncpg.Pool[Any]) -> AsyncIterator[MatchingEngine]:
    started = await MatchingEngine.start(pool, get_settings())
    try:
        yield started
    finally:
        await started.close()
