"""The peer: pgvector HNSW (m 16, ef_construction 64, ef_search 64) in the same embedded
PostgreSQL, on the very vectors the engine indexed, with the very eligibility filters.

Both sides answer "top 20 worker ids for this vacancy vector": ours through
``VectorIndex.search_one`` (what ``match_vacancy`` calls), pgvector through one SQL statement
over a loopback connection. Filtered queries pass the eligible ids as an array (the engine's
filter is computed in Python, so this is the same filter), with
``hnsw.iterative_scan = relaxed_order`` so PostgreSQL keeps scanning until 20 rows pass it.
Recall@20 of both is measured against an exact scan of the same vectors.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import asyncpg
import numpy as np
import numpy.typing as npt

from bench.matching import eligible_sets, sample_vacancies
from bench.stats import exact_top_k, recall_at_k, summarise_latencies
from matcher.engine import MatchingEngine
from matcher.storage.connection import Connection
from matcher.storage.embeddings import EmbeddingRepository

FloatMatrix = npt.NDArray[np.float32]
IdArray = npt.NDArray[np.int64]
K = 20
TABLE = "bench_pgvector_workers"


async def load_vectors(
    pool: asyncpg.Pool[Any], entity: str, model_id: str
) -> tuple[IdArray, FloatMatrix]:
    """Every stored vector of ``entity`` (the engine's own source of truth)."""
    ids: list[IdArray] = []
    parts: list[FloatMatrix] = []
    async with pool.acquire() as conn:
        repo = EmbeddingRepository(conn, entity)  # type: ignore[arg-type]
        async for batch_ids, vectors in repo.iter_all(model_id):
            ids.append(batch_ids)
            parts.append(vectors)
    return np.concatenate(ids), np.ascontiguousarray(np.vstack(parts), dtype=np.float32)


async def build_peer(conn: Connection, dim: int, model_id: str) -> dict[str, float]:
    """A dedicated table with a typed ``vector(dim)`` column and its HNSW index (timed)."""
    await conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    began = time.perf_counter()
    await conn.execute(
        f"CREATE TABLE {TABLE} (id bigint PRIMARY KEY, embedding vector({dim}) NOT NULL)"
    )
    await conn.execute(
        f"""INSERT INTO {TABLE} (id, embedding)
            SELECT worker_id, embedding::vector({dim}) FROM worker_embeddings WHERE model_id = $1""",
        model_id,
    )
    copied = time.perf_counter() - began
    await conn.execute("SET maintenance_work_mem = '1GB'")
    await conn.execute("SET max_parallel_maintenance_workers = 1")
    began = time.perf_counter()
    await conn.execute(
        f"""CREATE INDEX ON {TABLE} USING hnsw (embedding vector_ip_ops)
            WITH (m = 16, ef_construction = 64)"""
    )
    built = time.perf_counter() - began
    await conn.execute(f"ANALYZE {TABLE}")
    size = await conn.fetchval(
        f"SELECT pg_relation_size(indexrelid) FROM pg_index WHERE indrelid = '{TABLE}'::regclass AND NOT indisprimary"
    )
    rows = await conn.fetchval(f"SELECT count(*) FROM {TABLE}")
    return {
        "copy_s": round(copied, 2),
        "hnsw_build_s": round(built, 2),
        "index_bytes_per_vector": round(int(size) / max(1, int(rows)), 1),
    }


async def _peer_series(
    conn: Connection,
    queries: FloatMatrix,
    allowed: list[IdArray | None],
    dim: int,
) -> tuple[list[list[int]], list[float]]:
    unfiltered = await conn.prepare(
        f"SELECT id FROM {TABLE} ORDER BY embedding <#> $1::vector({dim}) LIMIT {K}"
    )
    filtered = await conn.prepare(
        f"""SELECT id FROM {TABLE} WHERE id = ANY($2::bigint[])
            ORDER BY embedding <#> $1::vector({dim}) LIMIT {K}"""
    )
    found: list[list[int]] = []
    timings: list[float] = []
    lists = [None if ids is None else ids.tolist() for ids in allowed]
    for query, ids in zip(queries, lists, strict=True):
        began = time.perf_counter()
        if ids is None:
            rows = await unfiltered.fetch(query)
        else:
            rows = await filtered.fetch(query, ids)
        timings.append(time.perf_counter() - began)
        found.append([r["id"] for r in rows])
    return found, timings


def _our_series(
    search: Callable[[FloatMatrix, int, IdArray | None], list[Any]],
    queries: FloatMatrix,
    allowed: list[IdArray | None],
) -> tuple[list[list[int]], list[float]]:
    found: list[list[int]] = []
    timings: list[float] = []
    for query, ids in zip(queries, allowed, strict=True):
        began = time.perf_counter()
        hits = search(query, K, ids)
        timings.append(time.perf_counter() - began)
        found.append([h.id for h in hits])
    return found, timings


async def bench_pgvector(
    engine: MatchingEngine, queries: int, seed: int, *, progress: Callable[[str], None]
) -> dict[str, Any]:
    pool = engine.pool
    model_id = engine.state.embedder.model_id
    dim = engine.state.embedder.dim
    progress("pgvector: loading stored vectors")
    worker_ids, worker_vectors = await load_vectors(pool, "worker", model_id)
    vacancy_ids, vacancy_vectors = await load_vectors(pool, "vacancy", model_id)
    chosen = sample_vacancies(engine, queries, seed)
    row_of = {int(v): i for i, v in enumerate(vacancy_ids.tolist())}
    query_vectors = np.ascontiguousarray(vacancy_vectors[[row_of[v] for v in chosen]])
    eligible = eligible_sets(engine, chosen)
    filtered: list[IdArray | None] = [eligible[v] for v in chosen]
    unfiltered: list[IdArray | None] = [None] * len(chosen)
    progress("pgvector: exact ground truth")
    truth_all = exact_top_k(query_vectors, worker_vectors, worker_ids, K)
    truth_eligible = exact_top_k(query_vectors, worker_vectors, worker_ids, K, filtered)

    async with pool.acquire() as conn:
        progress(f"pgvector: building HNSW over {worker_ids.shape[0]:,} vectors")
        build = await build_peer(conn, dim, model_id)
        version = await conn.fetchval(
            "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
        )
        await conn.execute("SET hnsw.ef_search = 64")
        await conn.execute("SET plan_cache_mode = force_custom_plan")
        await _peer_series(conn, query_vectors[:5], unfiltered[:5], dim)  # warm the cache
        peer_all, peer_all_t = await _peer_series(conn, query_vectors, unfiltered, dim)
        await conn.execute("SET hnsw.iterative_scan = relaxed_order")
        await _peer_series(conn, query_vectors[:5], filtered[:5], dim)
        peer_f, peer_f_t = await _peer_series(conn, query_vectors, filtered, dim)
        await conn.execute(f"DROP TABLE IF EXISTS {TABLE}")

    search = engine.state.workers.search_one
    _our_series(search, query_vectors[:5], unfiltered[:5])
    ours_all, ours_all_t = _our_series(search, query_vectors, unfiltered)
    ours_f, ours_f_t = _our_series(search, query_vectors, filtered)

    def side(found: list[list[int]], times: list[float], truth: list[list[int]]) -> dict[str, Any]:
        return {
            "recall_at_20": recall_at_k(found, truth, K),
            **summarise_latencies(times).as_dict(),
        }

    result: dict[str, Any] = {
        "pgvector_version": version,
        "vectors": int(worker_ids.shape[0]),
        "dim": dim,
        "queries": len(chosen),
        "pgvector_build": build,
        "pgvector_settings": "hnsw m=16 ef_construction=64, ef_search=64; filtered: iterative_scan=relaxed_order",
        "ours_settings": f"VectorIndex {engine.state.workers.kind}, storage={engine.state.workers.config.storage}, "
        f"M={engine.state.workers.config.hnsw_m}, ef_search={engine.state.workers.config.ef_search}",
        "unfiltered": {
            "ours": side(ours_all, ours_all_t, truth_all),
            "pgvector": side(peer_all, peer_all_t, truth_all),
        },
        "eligible": {
            "ours": side(ours_f, ours_f_t, truth_eligible),
            "pgvector": side(peer_f, peer_f_t, truth_eligible),
        },
    }
    for name in ("unfiltered", "eligible"):
        pair = result[name]
        pair["speedup_p50"] = round(
            pair["pgvector"]["p50_ms"] / max(pair["ours"]["p50_ms"], 1e-6), 1
        )
        pair["speedup_p99"] = round(
            pair["pgvector"]["p99_ms"] / max(pair["ours"]["p99_ms"], 1e-6), 1
        )
    return result
