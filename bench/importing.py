"""Import section: rows per second end to end (validate, store, embed, index), per embedder,
and the embedder's throughput alone.

End to end means: ``import_workers`` and ``import_vacancies`` over the demo JSONL files (parse,
validate, upsert with COPY), then ``MatchingEngine.start`` on the empty snapshot directory,
which encodes every text, stores the vectors in PostgreSQL and builds both indexes. Loading the
model is timed apart (it happens once per process, not per row).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import asyncpg

from bench.config import BenchConfig
from bench.database import fresh_database
from matcher.demo import ensure_preset
from matcher.embedding import (
    Document,
    Embedder,
    PartCacheStats,
    configure_threads,
    encode_documents,
    join_parts,
    load_embedder,
)
from matcher.engine import MatchingEngine
from matcher.imports import import_vacancies, import_workers, iter_rows
from matcher.settings import Settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.database import create_pool, with_database

Progress = Callable[[str], None]
FAKE_DIM = "512"
"""The fake embedder runs at the real model's width, so storage and index costs are equal."""


def embedder_model(kind: str) -> str | None:
    return FAKE_DIM if kind == "fake" else None


def load_timed(kind: str, threads: int) -> tuple[Embedder, float]:
    began = time.perf_counter()
    embedder = load_embedder(kind, embedder_model(kind), threads)
    return embedder, time.perf_counter() - began


def engine_settings(config: BenchConfig, url: str, kind: str, engine_dir: Path) -> Settings:
    return Settings(
        database_url=url,
        data_dir=engine_dir,
        embedder=kind,
        embedder_model=embedder_model(kind),
        threads=config.threads,
        pool_max_size=12,
    )


@dataclass
class LoadedEngine:
    """An engine over a freshly imported database, kept open for the later sections."""

    url: str
    database: str
    kind: str
    settings: Settings
    pool: asyncpg.Pool[Any]
    engine: MatchingEngine
    result: dict[str, Any]


def bench_embedding(embedder: Embedder, documents: list[Document]) -> dict[str, Any]:
    """Profiles per second of encoding alone, in the batch size the engine uses (256).

    Measured twice on the same profiles: as whole texts (``encode``), and as the engine encodes
    them (``encode_documents``: by parts where the embedder can). ``embedder`` must be fresh, so
    the part cache starts cold and fills as it would over a first import.
    """
    texts = [join_parts(document) for document in documents]
    embedder.encode(texts[:16])  # warm-up: loads the model
    began = time.perf_counter()
    for start in range(0, len(texts), 256):
        embedder.encode(texts[start : start + 256])
    seconds = time.perf_counter() - began
    began = time.perf_counter()
    for start in range(0, len(documents), 256):
        encode_documents(embedder, documents[start : start + 256])
    document_seconds = time.perf_counter() - began
    lengths = sorted(len(t) for t in texts)
    result: dict[str, Any] = {
        "model_id": embedder.model_id,
        "texts": len(texts),
        "seconds": round(seconds, 2),
        "texts_per_s": round(len(texts) / seconds, 1),
        "documents_seconds": round(document_seconds, 2),
        "documents_per_s": round(len(documents) / document_seconds, 1),
        "median_text_chars": lengths[len(lengths) // 2],
    }
    stats = getattr(embedder, "part_stats", None)
    if isinstance(stats, PartCacheStats) and stats.documents:
        result["part_hit_ratio"] = round(stats.hit_ratio, 3)
        result["tokens_encoded_per_document"] = round(stats.tokens_encoded / stats.documents, 1)
    return result


async def attach_engine(
    config: BenchConfig,
    server: str,
    kind: str,
    stack: AsyncExitStack,
    *,
    progress: Progress,
) -> LoadedEngine:
    """An engine over the database an earlier run imported (``--reuse``: no import timed)."""
    database = f"{config.database}_{kind.replace('-', '_')}"
    url = with_database(server, database)
    engine_dir = config.engine_dir.with_name(database)
    settings = engine_settings(config, url, kind, engine_dir)
    configure_threads(config.threads)
    embedder, load_s = await anyio.to_thread.run_sync(load_timed, kind, config.threads)
    pool = await create_pool(url, min_size=2, max_size=settings.pool_max_size)
    stack.push_async_callback(pool.close)
    progress(f"reuse[{kind}]: starting the engine over {database}")
    began = time.perf_counter()
    engine = await MatchingEngine.start(pool, settings, embedder=embedder)
    stack.push_async_callback(engine.close)
    start_s = time.perf_counter() - began
    await engine.settle()  # measure queries after the background warm-up, not during it
    result = {
        "embedder": kind,
        "model_id": embedder.model_id,
        "model_load_s": round(load_s, 2),
        "engine_start_s": round(start_s, 2),
        "engine_settle_s": round(time.perf_counter() - began, 2),
        "loaded_from_snapshot": engine.loaded_from_snapshot,
        "reused_database": database,
    }
    return LoadedEngine(url, database, kind, settings, pool, engine, result)


async def import_end_to_end(
    config: BenchConfig,
    server: str,
    kind: str,
    stack: AsyncExitStack,
    *,
    progress: Progress,
) -> LoadedEngine:
    """Import the preset into ``bench_<label>_<kind>`` and start an engine over it (timed)."""
    files = ensure_preset(config.preset, config.preset_dir, config.seed)
    database = f"{config.database}_{kind.replace('-', '_')}"
    url = await fresh_database(server, database)
    engine_dir = config.engine_dir.with_name(database)
    shutil.rmtree(engine_dir, ignore_errors=True)
    engine_dir.mkdir(parents=True, exist_ok=True)
    settings = engine_settings(config, url, kind, engine_dir)
    configure_threads(config.threads)
    embedder, load_s = await anyio.to_thread.run_sync(load_timed, kind, config.threads)

    pool = await create_pool(url, min_size=2, max_size=settings.pool_max_size)
    stack.push_async_callback(pool.close)
    progress(f"import[{kind}]: {files.manifest['workers']:,} workers into {database}")
    began = time.perf_counter()
    async with pool.acquire() as conn:
        agency = await AgencyRepository(conn).ensure("BENCH", "Benchmark agency")
        with files.workers.open(encoding="utf-8") as stream:
            workers = await import_workers(
                conn, iter_rows(stream, "jsonl", kind="workers"), agency_id=agency.id
            )
        workers_s = time.perf_counter() - began
        with files.vacancies.open(encoding="utf-8") as stream:
            vacancies = await import_vacancies(conn, iter_rows(stream, "jsonl", kind="vacancies"))
    stored_s = time.perf_counter() - began
    progress(f"import[{kind}]: rows stored in {stored_s:.1f} s; encoding and indexing")
    engine = await MatchingEngine.start(pool, settings, embedder=embedder)
    stack.push_async_callback(engine.close)
    total_s = time.perf_counter() - began
    rows = workers.rows + vacancies.rows
    result = {
        "embedder": kind,
        "model_id": embedder.model_id,
        "model_load_s": round(load_s, 2),
        "workers": workers.rows,
        "vacancies": vacancies.rows,
        "errors": workers.error_count + vacancies.error_count,
        "validate_store_workers_s": round(workers_s, 2),
        "validate_store_all_s": round(stored_s, 2),
        "encode_store_index_s": round(total_s - stored_s, 2),
        "total_s": round(total_s, 2),
        "rows_per_s": round(rows / total_s, 1),
        "store_rows_per_s": round(rows / stored_s, 1),
        "texts_encoded": engine.state.encoded,
        "worker_index_kind": engine.state.workers.kind,
    }
    progress(f"import[{kind}]: {result['rows_per_s']} rows/s end to end")
    return LoadedEngine(url, database, kind, settings, pool, engine, result)
