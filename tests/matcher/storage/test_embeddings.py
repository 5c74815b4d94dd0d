"""Embedding storage and the change log, against a real PostgreSQL with pgvector."""

from __future__ import annotations

import asyncio

import asyncpg
import numpy as np

from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import connect
from matcher.storage.embeddings import ChangeCursor, ChangeLogRepository, EmbeddingRepository
from matcher.storage.workers import WorkerRepository
from tests import factories


async def _workers(conn: asyncpg.Connection, n: int) -> list[int]:
    agency = await AgencyRepository(conn).ensure("AG1")
    outcome = await WorkerRepository(conn).upsert_many(
        agency.id, [factories.worker(i) for i in range(1, n + 1)]
    )
    return sorted(outcome.ids.values())


async def test_store_and_load_round_trip(conn: asyncpg.Connection) -> None:
    ids = await _workers(conn, 3)
    repo = EmbeddingRepository(conn, "worker")
    vectors = np.random.default_rng(0).standard_normal((3, 8)).astype(np.float32)

    await repo.store(ids, "m1", ["h1", "h2", "h3"], vectors)
    loaded_ids, loaded = await repo.load(ids, "m1")

    assert loaded_ids.tolist() == ids
    np.testing.assert_allclose(loaded, vectors, rtol=1e-6)
    assert await repo.hashes(ids, "m1") == dict(zip(ids, ["h1", "h2", "h3"], strict=True))
    assert await repo.hashes(ids, "other-model") == {}
    assert await repo.missing("m1", 10) == []
    assert await repo.missing("other-model", 10) == ids


async def test_embeddings_of_deleted_workers_disappear(conn: asyncpg.Connection) -> None:
    ids = await _workers(conn, 2)
    repo = EmbeddingRepository(conn, "worker")
    await WorkerRepository(conn).delete(ids[0])
    await repo.store(ids, "m1", ["a", "b"], np.ones((2, 4), dtype=np.float32))
    assert await repo.count("m1") == 1
    await WorkerRepository(conn).delete(ids[1])
    assert await repo.count("m1") == 0


async def test_storing_waits_for_a_concurrent_delete_and_skips_its_row(
    conn: asyncpg.Connection, db_url: str
) -> None:
    """A delete that commits while embeddings are stored must not fail the store (a ranking
    refresh once answered 409 when a client deleted a worker at the same moment)."""
    ids = await _workers(conn, 2)
    deleter = await connect(db_url)
    try:
        deleting = deleter.transaction()
        await deleting.start()
        await WorkerRepository(deleter).delete(ids[0])
        store = asyncio.ensure_future(
            EmbeddingRepository(conn, "worker").store(
                ids, "m1", ["a", "b"], np.ones((2, 4), dtype=np.float32)
            )
        )
        await asyncio.sleep(0.3)
        assert not store.done(), "the store should wait for the deleting transaction"
        await deleting.commit()
        await asyncio.wait_for(store, timeout=10)
    finally:
        await deleter.close()
    repo = EmbeddingRepository(conn, "worker")
    assert await repo.count("m1") == 1
    assert await repo.hashes(ids, "m1") == {ids[1]: "b"}


async def test_change_log_catches_a_transaction_that_commits_late(
    conn: asyncpg.Connection, db_url: str
) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    slow = await connect(db_url)
    try:
        transaction = slow.transaction()
        await transaction.start()
        late = await WorkerRepository(slow).upsert_many(agency.id, [factories.worker(1)])
        early = await WorkerRepository(conn).upsert_many(agency.id, [factories.worker(2)])
        log = ChangeLogRepository(conn)

        first = await log.changed_since("worker", ChangeCursor())
        await transaction.commit()
        second = await log.changed_since("worker", first.cursor)
        third = await log.changed_since("worker", second.cursor)
    finally:
        await slow.close()

    assert first.ids == list(early.ids.values())
    assert next(iter(late.ids.values())) in second.ids
    assert third.ids == []
