"""Filtered search: only allowed ids, and never an eligible one lost (vs brute force)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.index import IndexConfig, VectorIndex

DIM = 8
# Configurations that force each exact code path: flat index with gathered or bitmap
# scans, and HNSW whose filtered searches are all routed to the exact subset scan.
EXACT_PATHS = {
    "flat-gather": IndexConfig(exact_threshold=10_000, gather_limit=10_000),
    "flat-bitmap": IndexConfig(exact_threshold=10_000, gather_limit=0),
    "hnsw-subset-scan": IndexConfig(exact_threshold=1, gather_limit=0, filtered_exact_fraction=1.0),
    "hnsw-sq8-gather": IndexConfig(exact_threshold=1, storage="sq8", gather_limit=10_000),
}


def _unit(rng: np.random.Generator, n: int, dim: int = DIM) -> npt.NDArray[np.float32]:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(min_value=1, max_value=120))
    ids = draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True))
    removed = draw(st.lists(st.sampled_from(ids), max_size=n, unique=True))
    allowed = draw(st.lists(st.integers(0, 10_000) | st.sampled_from(ids), max_size=150))
    # Spread-out ids take the sorted lookup from id to slot; compact ones the dense array.
    scale = draw(st.sampled_from([1, 1_000_003]))
    return {
        "ids": [i * scale for i in ids],
        "removed": [i * scale for i in removed],
        "allowed": [i * scale for i in allowed],
        "k": draw(st.integers(1, 30)),
        "seed": draw(st.integers(0, 2**32 - 1)),
        "config": draw(st.sampled_from(sorted(EXACT_PATHS))),
    }


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_filtered_search_matches_brute_force(scenario: dict[str, object]) -> None:
    ids = np.array(scenario["ids"], dtype=np.int64)
    removed = set(scenario["removed"])  # type: ignore[call-overload]
    allowed = np.array(scenario["allowed"], dtype=np.int64)
    k = int(scenario["k"])  # type: ignore[call-overload]
    config = EXACT_PATHS[str(scenario["config"])]
    rng = np.random.default_rng(int(scenario["seed"]))  # type: ignore[call-overload]
    vectors = _unit(rng, ids.shape[0])
    query = _unit(rng, 1)[0]

    index = VectorIndex(DIM, "fake-8", config)
    index.upsert(ids, vectors)
    index.remove(np.array(sorted(removed), dtype=np.int64))
    hits = index.search_one(query, k, allowed_ids=allowed)

    # Brute force over every eligible (allowed, present, not removed) id.
    eligible = {int(i) for i in ids} - removed
    eligible &= {int(i) for i in allowed}
    score_of = {int(i): float(v @ query) for i, v in zip(ids, vectors, strict=True)}
    returned = [hit.id for hit in hits]
    assert set(returned) <= eligible
    assert len(returned) == len(set(returned)) == min(k, len(eligible))
    tolerance = 0.02 if config.storage == "sq8" else 1e-5
    for hit in hits:
        assert hit.score == pytest.approx(score_of[hit.id], abs=tolerance)
    if hits:
        # No eligible id scoring clearly better than the worst returned one was missed.
        floor = min(hit.score for hit in hits)
        missed = [i for i in eligible - set(returned) if score_of[i] > floor + 2 * tolerance]
        assert missed == []


def test_small_allowed_set_in_a_large_hnsw_index_is_exact() -> None:
    """Selective filters bypass the graph: every allowed id comes back."""
    rng = np.random.default_rng(7)
    vectors = _unit(rng, 3_000, dim=32)
    index = VectorIndex(32, "fake-32", IndexConfig(exact_threshold=500))
    index.upsert(np.arange(3_000, dtype=np.int64), vectors)
    assert index.kind == "hnsw"
    allowed = rng.choice(3_000, size=40, replace=False).astype(np.int64)
    query = _unit(rng, 1, dim=32)[0]
    hits = index.search_one(query, 40, allowed_ids=allowed)
    assert sorted(hit.id for hit in hits) == sorted(allowed.tolist())
    expected = allowed[np.argsort(-(vectors[allowed] @ query))][:10]
    assert [hit.id for hit in hits[:10]] == expected.tolist()
