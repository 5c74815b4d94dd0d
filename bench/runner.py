"""Runs the selected sections in order and assembles one result.

Order matters on 2 cores: the import builds the engine every later section uses; the HTTP
server runs while the in-process engine is idle; the synthetic 1M index comes last (it takes
the most memory and time).
"""

from __future__ import annotations

import gc
import json
import shlex
import sys
import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import numpy as np

from bench.config import BenchConfig
from bench.database import server_url
from bench.http import bench_http
from bench.importing import (
    LoadedEngine,
    attach_engine,
    bench_embedding,
    import_end_to_end,
    load_timed,
)
from bench.index import array_chunks, bench_index, bench_synthetic, variants
from bench.matching import bench_matching, sample_vacancies
from bench.pgvector import bench_pgvector, load_vectors
from bench.report import render_document, write_json
from bench.stats import machine
from bench.timetable import bench_timetable
from matcher.embedding import Document
from matcher.storage.workers import WorkerRepository
from matcher.texts import worker_parts

Progress = Callable[[str], None]
NEEDS_ENGINE = {"embed", "import", "index", "match", "http", "pgvector"}


def stderr_progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def _profile_documents(loaded: LoadedEngine, count: int) -> list[Document]:
    ids = loaded.engine.state.workers.ids()[:count].tolist()
    async with loaded.pool.acquire() as conn:
        workers = await WorkerRepository(conn).get_many(ids)
    return [worker_parts(w) for w in workers.values()]


async def _index_section(
    loaded: LoadedEngine, config: BenchConfig, progress: Progress
) -> dict[str, Any]:
    model_id = loaded.engine.state.embedder.model_id
    ids, vectors = await load_vectors(loaded.pool, "worker", model_id)
    _, vacancy_vectors = await load_vectors(loaded.pool, "vacancy", model_id)
    rng = np.random.default_rng(config.seed)
    take = rng.choice(
        vacancy_vectors.shape[0],
        size=min(config.recall_queries, vacancy_vectors.shape[0]),
        replace=False,
    )
    queries = np.ascontiguousarray(vacancy_vectors[np.sort(take)])
    result = await anyio.to_thread.run_sync(
        lambda: bench_index(
            loaded.engine.state.embedder.dim,
            array_chunks(ids, vectors),
            queries,
            variants(ids.shape[0]),
            progress=progress,
        )
    )
    result["source"] = (
        f"the {ids.shape[0]:,} stored {model_id} worker vectors; queries: vacancy vectors"
    )
    return result


async def run(
    config: BenchConfig, command: str, progress: Progress = stderr_progress
) -> dict[str, Any]:
    """Run ``config.sections``; returns the result (also written by the caller)."""
    sections: dict[str, Any] = {}
    result: dict[str, Any] = {
        "label": config.label,
        "preset": config.preset,
        "embedder": config.embedder,
        "command": command,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "sections": sections,
    }
    chosen = set(config.sections)
    began = time.perf_counter()
    async with AsyncExitStack() as stack:
        loaded: LoadedEngine | None = None
        if chosen & NEEDS_ENGINE:
            server = await server_url(config.data_dir)
            runs = []
            if (
                "import" in chosen
                and config.floor_embedder
                and config.floor_embedder != config.embedder
            ):
                async with AsyncExitStack() as floor_stack:
                    floor = await import_end_to_end(
                        config, server, config.floor_embedder, floor_stack, progress=progress
                    )
                    runs.append(floor.result)
                gc.collect()
            if config.reuse and "import" not in chosen:
                loaded = await attach_engine(
                    config, server, config.embedder, stack, progress=progress
                )
                result["engine"] = loaded.result
            else:
                loaded = await import_end_to_end(
                    config, server, config.embedder, stack, progress=progress
                )
                runs.append(loaded.result)
            if "import" in chosen:
                sections["import"] = {"runs": runs}
        if loaded is not None and "embed" in chosen:
            progress("embed: encoding profile texts")
            documents = await _profile_documents(loaded, config.embed_texts)
            # A fresh embedder: the engine's has a part cache warmed by the import.
            fresh, _ = await anyio.to_thread.run_sync(load_timed, config.embedder, config.threads)
            sections["embed"] = await anyio.to_thread.run_sync(bench_embedding, fresh, documents)
        if loaded is not None and "match" in chosen:
            progress("match: in-process latencies")
            sections["match"] = await bench_matching(loaded.engine, config.queries, config.seed)
        if loaded is not None and "pgvector" in chosen:
            sections["pgvector"] = await bench_pgvector(
                loaded.engine, config.queries, config.seed, progress=progress
            )
        if loaded is not None and "http" in chosen:
            progress(f"http: starting matcher serve --workers {config.serve_workers}")
            await loaded.engine.save_snapshots()
            vacancy_ids = sample_vacancies(loaded.engine, config.queries, config.seed)
            sections["http"] = await bench_http(
                loaded.settings,
                vacancy_ids,
                config.http_requests,
                config.http_clients,
                config.data_dir / "logs",
                config.serve_workers,
                (config.data_dir / "pg").resolve(),
            )
        if loaded is not None and "index" in chosen:
            sections["index"] = await _index_section(loaded, config, progress)
    if "timetable" in chosen:
        progress("timetable: solving")
        employers, workers, slots = config.timetable
        sections["timetable"] = await anyio.to_thread.run_sync(
            bench_timetable, employers, workers, slots
        )
    if "million" in chosen:
        progress(f"million: synthetic index of {config.million_size:,} vectors")
        sections["million"] = await anyio.to_thread.run_sync(
            lambda: bench_synthetic(
                config.million_size,
                512,
                config.recall_queries,
                include_exact=False,
                include_flat=False,
                progress=progress,
            )
        )
    result["wall_s"] = round(time.perf_counter() - began, 1)
    return result


def merge_sections(result: dict[str, Any], paths: list[Path]) -> None:
    """Copy sections this run did not measure from earlier result files (marked as such)."""
    for path in paths:
        other = json.loads(path.read_text(encoding="utf-8"))
        for name, section in other.get("sections", {}).items():
            if name not in result["sections"]:
                section = dict(section)
                section.setdefault(
                    "merged_from", f"{path} ({other.get('started')}: `{other.get('command')}`)"
                )
                result["sections"][name] = section


def write_outputs(
    result: dict[str, Any], config: BenchConfig, preamble: str, notes: str, *, path: Path
) -> None:
    """The result file and the document over every result file in the results directory."""
    write_json(result, path)
    results = []
    order = {
        "100k": 0,
        "http-use-fifth-pass": 0,
        "http-use-fifth-pass-httpx": 1,
        "http-use-fourth-pass": 1,
        "import-100k-use-parts": 0,
        "100k-fake-v2": 0,
        "http-use-third-pass": 1,
        "import-100k-use": 1,
        "100k-fake": 1,
        "100k-fake-after": 1,
        "session2-baseline": 1,
        "100k-fake-loaded": 1,
        "import-demo": 2,
        "10k": 2,
        "quick": 9,
    }
    for file in sorted(
        config.results_dir.glob("*.json"), key=lambda p: (order.get(p.stem, 5), p.stem)
    ):
        results.append(json.loads(file.read_text(encoding="utf-8")))
    config.doc_path.parent.mkdir(parents=True, exist_ok=True)
    existing = config.doc_path.read_text(encoding="utf-8") if config.doc_path.is_file() else None
    config.doc_path.write_text(
        render_document(results, config.targets, preamble, notes, existing), encoding="utf-8"
    )


def command_line() -> str:
    return "matcher " + " ".join(shlex.quote(a) for a in sys.argv[1:])
