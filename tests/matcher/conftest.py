"""Fixtures of the engine's own tests (no API): a pool on the test database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from matcher.storage.database import create_pool


@pytest.fixture
async def pool(db_url: str) -> AsyncIterator[asyncpg.Pool[Any]]:
    """A small pool of its own, as the engine and the job runner hold one."""
    created = await create_pool(db_url, min_size=1, max_size=4)
    try:
        yield created
    finally:
        await created.close()
