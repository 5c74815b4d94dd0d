"""Index section: build time, memory per vector and recall@20 of each index kind and storage.

Every variant indexes the same vectors; ground truth is an exact inner-product scan computed
chunk by chunk (so a 1M set need not sit in memory as float32 twice).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bench.stats import merge_top_k, recall_at_k, rss_bytes, summarise_latencies
from bench.vectors import ClusteredVectors
from matcher.index import IndexConfig, VectorIndex

FloatMatrix = npt.NDArray[np.float32]
IdArray = npt.NDArray[np.int64]
Chunks = Callable[[], Iterator[tuple[IdArray, FloatMatrix]]]
K = 20
CHUNK = 50_000


@dataclass(frozen=True, slots=True)
class Variant:
    """One index configuration to measure."""

    name: str
    config: IndexConfig


def variants(n: int, *, include_exact: bool = True, include_flat: bool = True) -> list[Variant]:
    """Exact flat scan, HNSW over float32, HNSW over 8-bit codes (engine defaults otherwise)."""
    out: list[Variant] = []
    if include_exact:
        out.append(Variant("exact", IndexConfig(exact_threshold=n + 1)))
    if include_flat:
        out.append(Variant("hnsw-flat", IndexConfig(exact_threshold=1, storage="flat")))
    out.append(Variant("hnsw-sq8", IndexConfig(exact_threshold=1, storage="sq8")))
    return out


def array_chunks(ids: IdArray, vectors: FloatMatrix) -> Chunks:
    """Chunks over vectors already in memory."""

    def chunks() -> Iterator[tuple[IdArray, FloatMatrix]]:
        for start in range(0, ids.shape[0], CHUNK):
            yield ids[start : start + CHUNK], vectors[start : start + CHUNK]

    return chunks


def synthetic_chunks(source: ClusteredVectors) -> Chunks:
    """Chunks of synthetic vectors; ids are 1..n."""

    def chunks() -> Iterator[tuple[IdArray, FloatMatrix]]:
        for start, vectors in source.chunks(CHUNK):
            yield np.arange(start + 1, start + 1 + vectors.shape[0], dtype=np.int64), vectors

    return chunks


def exact_truth(chunks: Chunks, queries: FloatMatrix, k: int = K) -> list[list[int]]:
    """Exact top-``k`` ids per query over every chunk."""
    best: tuple[FloatMatrix, IdArray] | None = None
    for ids, vectors in chunks():
        best = merge_top_k(best, queries @ vectors.T, ids, k)
    assert best is not None
    return [[int(i) for i in row] for row in best[1]]


def measure_variant(
    variant: Variant,
    dim: int,
    chunks: Chunks,
    queries: FloatMatrix,
    truth: list[list[int]],
    *,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Build ``variant`` from ``chunks`` and measure it; the index is dropped afterwards."""
    gc.collect()
    rss_before = rss_bytes()
    index = VectorIndex(dim, "bench", variant.config)
    began = time.perf_counter()
    count = 0
    for ids, vectors in chunks():
        index.upsert(ids, vectors)
        count += ids.shape[0]
        if progress is not None and count % 200_000 == 0:
            progress(f"{variant.name}: {count:,} vectors in {time.perf_counter() - began:.0f} s")
    build_s = time.perf_counter() - began
    gc.collect()
    rss_after = rss_bytes()
    found: list[list[int]] = []
    timings: list[float] = []
    for query in queries:
        t0 = time.perf_counter()
        hits = index.search_one(query, K)
        timings.append(time.perf_counter() - t0)
        found.append([h.id for h in hits])
    memory = index.memory_bytes()
    result = {
        "variant": variant.name,
        "kind": index.kind,
        "vectors": count,
        "build_s": round(build_s, 2),
        "build_vectors_per_s": round(count / build_s) if build_s else None,
        "bytes_per_vector": round(memory / count, 1),
        "rss_bytes_per_vector": round((rss_after - rss_before) / count, 1),
        "recall_at_20": recall_at_k(found, truth, K),
        "search": summarise_latencies(timings).as_dict(),
        "hnsw_m": variant.config.hnsw_m,
        "ef_search": variant.config.ef_search,
        "ef_construction": variant.config.ef_construction,
    }
    del index
    gc.collect()
    return result


def bench_index(
    dim: int,
    chunks: Chunks,
    queries: FloatMatrix,
    chosen: list[Variant],
    *,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every variant over the same vectors and queries."""
    truth = exact_truth(chunks, queries)
    rows = []
    for variant in chosen:
        if progress is not None:
            progress(f"index: building {variant.name}")
        rows.append(measure_variant(variant, dim, chunks, queries, truth, progress=progress))
    return {"dim": dim, "queries": int(queries.shape[0]), "variants": rows}


def bench_synthetic(
    n: int,
    dim: int,
    queries: int,
    *,
    include_exact: bool,
    include_flat: bool,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The index section over ``n`` synthetic clustered vectors (the 1M memory run)."""
    source = ClusteredVectors(n, dim)
    result = bench_index(
        dim,
        synthetic_chunks(source),
        source.queries(queries),
        variants(n, include_exact=include_exact, include_flat=include_flat),
        progress=progress,
    )
    result["source"] = (
        f"synthetic: {n:,} clustered unit vectors ({source.centres.shape[0]} centres)"
    )
    return result


def main() -> None:  # pragma: no cover - manual helper
    """``python -m bench.index N``: the synthetic index section alone."""
    import json

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(
        json.dumps(
            bench_synthetic(
                n,
                512,
                100,
                include_exact=n <= 200_000,
                include_flat=True,
                progress=lambda m: print(m, file=sys.stderr),
            ),
            indent=2,
        )
    )


if __name__ == "__main__":  # pragma: no cover
    main()
