"""VectorIndex writes, reads, kind switching, validation and concurrency."""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt
import pytest

from matcher.embedding import FakeEmbedder
from matcher.index import DimensionMismatch, IndexConfig, VectorIndex

DIM = 16


def _unit(rng: np.random.Generator, n: int, dim: int = DIM) -> npt.NDArray[np.float32]:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _ids(*values: int) -> npt.NDArray[np.int64]:
    return np.array(values, dtype=np.int64)


@pytest.fixture(params=["exact", "hnsw"])
def index(request: pytest.FixtureRequest) -> VectorIndex:
    threshold = 1 if request.param == "hnsw" else 10_000
    return VectorIndex(DIM, "fake-16", IndexConfig(exact_threshold=threshold))


def test_upsert_update_remove_are_visible_to_next_search(index: VectorIndex) -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng, 50)
    index.upsert(np.arange(100, 150, dtype=np.int64), vectors)
    assert len(index) == 50
    assert index.contains(120)
    assert index.search_one(vectors[20], 1)[0].id == 120

    # Update: id 120 now points elsewhere; the old vector no longer finds it.
    index.upsert(_ids(120), vectors[30:31])
    assert len(index) == 50
    top = index.search_one(vectors[30], 2)
    assert {hit.id for hit in top} == {120, 130}
    assert 120 not in [hit.id for hit in index.search_one(vectors[20], 3)]

    assert index.remove(_ids(130, 999)) == 1  # unknown ids are ignored
    assert not index.contains(130)
    assert len(index) == 49
    assert all(hit.id != 130 for hit in index.search_one(vectors[30], 49))
    assert index.search_one(vectors[30], 1)[0].id == 120
    np.testing.assert_array_equal(index.ids(), np.setdiff1d(np.arange(100, 150), [130]))


def test_results_are_sorted_clamped_and_bounded_by_k(index: VectorIndex) -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng, 10)
    index.upsert(np.arange(10, dtype=np.int64), vectors * 7.5)  # normalised on add
    hits = index.search_one(vectors[3] * 0.01, 100)  # and on search
    assert len(hits) == 10
    assert hits[0].id == 3
    assert all(-1.0 <= hit.score <= 1.0 for hit in hits)
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_batch_queries_return_one_list_per_row(index: VectorIndex) -> None:
    rng = np.random.default_rng(2)
    vectors = _unit(rng, 20)
    index.upsert(np.arange(20, dtype=np.int64), vectors)
    results = index.search(vectors[:3], 2)
    assert [row[0].id for row in results] == [0, 1, 2]


def test_empty_index_and_empty_filter_return_nothing(index: VectorIndex) -> None:
    query = np.ones(DIM, dtype=np.float32)
    assert index.search_one(query, 5) == []
    index.upsert(_ids(1), query[None, :])
    assert index.search_one(query, 5, allowed_ids=_ids(2, 3)) == []
    assert index.search_one(query, 5, allowed_ids=np.zeros(0, dtype=np.int64)) == []


def test_rejects_bad_input(index: VectorIndex) -> None:
    with pytest.raises(DimensionMismatch):
        index.upsert(_ids(1), np.ones((1, DIM + 1), dtype=np.float32))
    with pytest.raises(ValueError, match="zero"):
        index.upsert(_ids(1), np.zeros((1, DIM), dtype=np.float32))
    with pytest.raises(ValueError, match="NaN"):
        index.upsert(_ids(1), np.full((1, DIM), np.nan, dtype=np.float32))
    with pytest.raises(ValueError, match="duplicate"):
        index.upsert(_ids(1, 1), np.ones((2, DIM), dtype=np.float32))
    with pytest.raises(ValueError, match="ids but"):
        index.upsert(_ids(1, 2), np.ones((1, DIM), dtype=np.float32))
    with pytest.raises(ValueError, match=">= 0"):
        index.upsert(_ids(-1), np.ones((1, DIM), dtype=np.float32))
    with pytest.raises(TypeError):
        index.upsert(np.array([1.5]), np.ones((1, DIM), dtype=np.float32))
    with pytest.raises(ValueError, match="k must"):
        index.search_one(np.ones(DIM, dtype=np.float32), 0)
    with pytest.raises(DimensionMismatch):
        index.search_one(np.ones(DIM - 1, dtype=np.float32), 1)
    assert len(index) == 0


def test_switches_to_hnsw_above_threshold_and_back_after_shrinking() -> None:
    rng = np.random.default_rng(3)
    index = VectorIndex(DIM, "fake-16", IndexConfig(exact_threshold=100))
    vectors = _unit(rng, 300)
    kinds = []
    index.upsert(np.arange(80, dtype=np.int64), vectors[:80])
    kinds.append(index.kind)
    index.upsert(np.arange(80, 300, dtype=np.int64), vectors[80:])
    kinds.append(index.kind)
    assert index.search_one(vectors[250], 1)[0].id == 250
    index.remove(np.arange(0, 280, dtype=np.int64))
    assert len(index) == 20
    kinds.append(index.kind)  # the tombstone rebuild re-picked the kind
    assert kinds == ["exact", "hnsw", "exact"]
    assert index.tombstones == 0
    assert index.search_one(vectors[290], 1)[0].id == 290


def test_tombstones_trigger_rebuild() -> None:
    rng = np.random.default_rng(4)
    index = VectorIndex(DIM, "fake-16", IndexConfig(exact_threshold=10, max_tombstone_fraction=0.5))
    vectors = _unit(rng, 400)
    index.upsert(np.arange(400, dtype=np.int64), vectors)
    index.remove(np.arange(100, dtype=np.int64))
    assert index.tombstones == 100
    index.remove(np.arange(100, 250, dtype=np.int64))
    assert index.tombstones == 0  # 250/400 dead > 0.5: rebuilt
    assert len(index) == 150
    assert index.kind == "hnsw"
    assert index.search_one(vectors[300], 1)[0].id == 300


def test_memory_estimate_reflects_storage() -> None:
    rng = np.random.default_rng(5)
    vectors = _unit(rng, 2_000, dim=64)
    ids = np.arange(2_000, dtype=np.int64)
    sizes = {}
    for storage in ("flat", "sq8"):
        index = VectorIndex(64, "fake-64", IndexConfig(exact_threshold=100, storage=storage))
        index.upsert(ids, vectors)
        sizes[storage] = index.memory_bytes()
    assert sizes["flat"] > 2_000 * 64 * 4
    assert sizes["sq8"] < sizes["flat"] - 2_000 * 64 * 2


def test_fake_embedder_ranks_shared_words_first() -> None:
    embedder = FakeEmbedder(dim=128)
    texts = ["perawat lansia", "tukang las", "juru masak restoran", "perawat rumah sakit"]
    index = VectorIndex(embedder.dim, embedder.model_id)
    index.upsert(np.arange(4, dtype=np.int64), embedder.encode(texts))
    hits = index.search_one(embedder.encode(["perawat lansia bersertifikat"])[0], 2)
    assert [hit.id for hit in hits] == [0, 3]


def test_concurrent_searches_and_writes_stay_consistent() -> None:
    rng = np.random.default_rng(6)
    vectors = _unit(rng, 600)
    index = VectorIndex(DIM, "fake-16", IndexConfig(exact_threshold=300))
    index.upsert(np.arange(200, dtype=np.int64), vectors[:200])
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                for row in index.search(vectors[:4], 5, allowed_ids=np.arange(0, 600, 2)):
                    assert all(hit.id % 2 == 0 for hit in row)
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    for start in range(200, 600, 50):
        index.upsert(np.arange(start, start + 50, dtype=np.int64), vectors[start : start + 50])
        index.remove(np.arange(start - 200, start - 150, dtype=np.int64))
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []
    assert len(index) == 200
    assert index.kind == "exact"
    np.testing.assert_array_equal(index.ids(), np.arange(400, 600))


@pytest.mark.parametrize("storage", ["flat", "sq8"])
def test_vector_returns_the_stored_row(storage: str) -> None:
    rng = np.random.default_rng(4)
    vectors = _unit(rng, 40)
    hnsw = VectorIndex(DIM, "fake-16", IndexConfig(exact_threshold=1, storage=storage))  # type: ignore[arg-type]
    exact = VectorIndex(DIM, "fake-16", IndexConfig(exact_threshold=10_000, storage=storage))  # type: ignore[arg-type]
    for index in (hnsw, exact):
        index.upsert(np.arange(1, 41, dtype=np.int64), vectors)
        assert index.vector(999) is None
        row = index.vector(7)
        assert row is not None and row.dtype == np.float32 and row.shape == (DIM,)
        if index.exact_vectors:
            np.testing.assert_array_equal(row, vectors[6])
        else:
            # 8-bit codes: close to the stored vector, not equal; callers read the database.
            assert float(row @ vectors[6]) > 0.99 and not np.array_equal(row, vectors[6])
        index.upsert(_ids(7), vectors[:1])
        replaced = index.vector(7)
        assert replaced is not None and float(replaced @ vectors[0]) > 0.99
        index.remove(_ids(7))
        assert index.vector(7) is None
    assert exact.exact_vectors
    assert hnsw.exact_vectors == (storage == "flat")
