"""HNSW vs exact recall@20 on clustered synthetic data (30k vectors)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from matcher.index import IndexConfig, Storage, VectorIndex

N, DIM, K, QUERIES = 30_000, 64, 20, 200


def _clustered(seed: int, n: int) -> npt.NDArray[np.float32]:
    """Unit vectors around 300 centres: embeddings of job texts cluster by occupation."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((300, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    x = centres[rng.integers(0, 300, n)] + 0.08 * rng.standard_normal((n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _recall(got: list[list[int]], want: npt.NDArray[np.int64]) -> float:
    return float(
        np.mean([len(set(g) & set(w.tolist())) / K for g, w in zip(got, want, strict=True)])
    )


@pytest.mark.parametrize("storage", ["flat", "sq8"])
def test_hnsw_recall_at_20_against_exact(storage: Storage) -> None:
    data = _clustered(11, N + QUERIES)
    vectors, queries = data[:N], data[N:]
    ids = np.arange(N, dtype=np.int64) * 3 + 5
    index = VectorIndex(DIM, "synthetic", IndexConfig(storage=storage))
    index.upsert(ids, vectors)
    assert index.kind == "hnsw"

    exact = ids[np.argsort(-(queries @ vectors.T), axis=1)[:, :K]]
    got = [[hit.id for hit in row] for row in index.search(queries, K)]
    assert _recall(got, exact) >= 0.95

    # Filtered HNSW path (40% allowed, above the exact-scan cut-off): allowed ids only,
    # and recall against the exact filtered answer stays high.
    rng = np.random.default_rng(12)
    mask = rng.random(N) < 0.4
    allowed = ids[mask]
    scores = queries @ vectors.T
    scores[:, ~mask] = -np.inf
    exact_filtered = ids[np.argsort(-scores, axis=1)[:, :K]]
    got_filtered = [[hit.id for hit in row] for row in index.search(queries, K, allowed)]
    allowed_set = set(allowed.tolist())
    assert all(set(row) <= allowed_set for row in got_filtered)
    assert _recall(got_filtered, exact_filtered) >= 0.95
