"""The connection pool: what a connection carries back into the pool, and what it does not."""

from __future__ import annotations

import pytest

from matcher.errors import DatabaseUnavailable
from matcher.storage.database import create_pool


async def test_an_unfinished_transaction_is_rolled_back_on_release(db_url: str) -> None:
    pool = await create_pool(db_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await conn.execute("CREATE TEMP TABLE IF NOT EXISTS pool_probe (n int)")
            transaction = conn.transaction()
            await transaction.start()
            await conn.execute("INSERT INTO pool_probe VALUES (1)")
            # released without commit or rollback, as a cancelled request would leave it
        async with pool.acquire() as conn:
            assert not conn.is_in_transaction()
            assert await conn.fetchval("SELECT count(*) FROM pool_probe") == 0
    finally:
        await pool.close()


async def test_release_sends_no_reset_query(db_url: str) -> None:
    """``keep_session``: no ``RESET ALL`` round trip, so session settings survive a release
    (which is why the code base never sets any outside a transaction)."""
    pool = await create_pool(db_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await conn.execute("SET application_name = 'pool-probe'")
        async with pool.acquire() as conn:
            assert await conn.fetchval("SHOW application_name") == "pool-probe"
    finally:
        await pool.close()


async def test_an_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(DatabaseUnavailable, match="cannot connect to PostgreSQL"):
        await create_pool("postgresql://nobody@127.0.0.1:9/none", min_size=1, max_size=1)
