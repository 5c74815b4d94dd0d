"""Snapshots: round trip, refusal of unusable files, and atomic replacement."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from matcher.index import IndexConfig, SnapshotCursor, SnapshotUnusable, VectorIndex
from matcher.index.snapshot_file import read_header

DIM = 16


def _unit(rng: np.random.Generator, n: int) -> npt.NDArray[np.float32]:
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _populated(config: IndexConfig | None = None) -> tuple[VectorIndex, npt.NDArray[np.float32]]:
    rng = np.random.default_rng(21)
    vectors = _unit(rng, 300)
    index = VectorIndex(DIM, "fake-16", config)
    index.upsert(np.arange(1_000, 1_300, dtype=np.int64), vectors)
    index.remove(np.arange(1_000, 1_010, dtype=np.int64))  # leave tombstones in the file
    return index, vectors


@pytest.mark.parametrize(
    "config",
    [IndexConfig(), IndexConfig(exact_threshold=50, storage="sq8")],
    ids=["exact", "hnsw-sq8"],
)
def test_round_trip_preserves_results_and_metadata(tmp_path: Path, config: IndexConfig) -> None:
    index, vectors = _populated(config)
    path = tmp_path / "workers.vidx"
    index.save(path, SnapshotCursor(4242, 4242))
    loaded, cursor = VectorIndex.load(path, expected_model_id="fake-16")

    assert cursor == SnapshotCursor(4242, 4242)
    assert (loaded.model_id, loaded.dim, loaded.kind) == ("fake-16", DIM, index.kind)
    assert loaded.config == config
    assert len(loaded) == len(index) == 290
    assert loaded.tombstones == index.tombstones
    assert not loaded.contains(1_005)
    np.testing.assert_array_equal(loaded.ids(), index.ids())
    allowed = np.arange(1_000, 1_300, 3, dtype=np.int64)
    assert loaded.search(vectors[:5], 10) == index.search(vectors[:5], 10)
    assert loaded.search(vectors[:5], 10, allowed) == index.search(vectors[:5], 10, allowed)

    # The loaded index is fully writable.
    loaded.upsert(np.array([1_005], dtype=np.int64), vectors[5:6])
    assert loaded.search_one(vectors[5], 1)[0].id == 1_005


def test_missing_snapshot(tmp_path: Path) -> None:
    with pytest.raises(SnapshotUnusable) as caught:
        VectorIndex.load(tmp_path / "absent.vidx", "fake-16")
    assert caught.value.reason == "missing"


def test_other_model_snapshot_is_refused(tmp_path: Path) -> None:
    index, _ = _populated()
    path = tmp_path / "s.vidx"
    index.save(path, SnapshotCursor(1, 1))
    with pytest.raises(SnapshotUnusable) as caught:
        VectorIndex.load(path, "use-multilingual-v3")
    assert caught.value.reason == "model"


@pytest.mark.parametrize("keep", [0, 5, 20, 200, -33, -1])
def test_truncated_snapshot_is_refused(tmp_path: Path, keep: int) -> None:
    index, _ = _populated()
    path = tmp_path / "s.vidx"
    index.save(path, SnapshotCursor(1, 1))
    data = path.read_bytes()
    path.write_bytes(data[:keep])
    with pytest.raises(SnapshotUnusable) as caught:
        VectorIndex.load(path, "fake-16")
    assert caught.value.reason in {"truncated", "checksum", "format"}


@pytest.mark.parametrize("where", [3, 40, 0.5, -40, -1])
def test_corrupted_byte_is_refused(tmp_path: Path, where: float) -> None:
    index, _ = _populated()
    path = tmp_path / "s.vidx"
    index.save(path, SnapshotCursor(1, 1))
    data = bytearray(path.read_bytes())
    position = int(len(data) * where) if isinstance(where, float) else int(where)
    data[position] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(SnapshotUnusable) as caught:
        VectorIndex.load(path, "fake-16")
    assert caught.value.reason in {"checksum", "format", "truncated"}


def test_garbage_and_empty_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.vidx"
    for content in (b"", b"not an index at all" * 10):
        path.write_bytes(content)
        with pytest.raises(SnapshotUnusable):
            VectorIndex.load(path, "fake-16")


def test_interrupted_save_leaves_previous_snapshot_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, vectors = _populated()
    path = tmp_path / "s.vidx"
    index.save(path, SnapshotCursor(10, 10))
    before = path.read_bytes()

    index.upsert(np.array([1_000], dtype=np.int64), vectors[0:1])

    def disk_failure(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_failure)
    with pytest.raises(OSError, match="No space"):
        index.save(path, SnapshotCursor(11, 11))
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.vidx"]  # temp file cleaned up
    loaded, cursor = VectorIndex.load(path, "fake-16")
    assert cursor.seq == 10
    assert not loaded.contains(1_000)

    index.save(path, SnapshotCursor(11, 11))  # and a later save succeeds
    assert VectorIndex.load(path, "fake-16")[1].seq == 11


@pytest.mark.parametrize(("threshold", "storage"), [(1000, "flat"), (1, "flat"), (1, "sq8")])
def test_a_removed_vector_is_wiped_from_memory_and_later_snapshots(
    tmp_path: Path, threshold: int, storage: str
) -> None:
    """Erasure relies on this: a process that only removed the id (another server process
    did the erasing) must not write the person's vector or id into its next snapshot."""
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((40, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex(16, "fake-16", IndexConfig(exact_threshold=threshold, storage=storage))  # type: ignore[arg-type]
    ids = np.arange(1000, 1040, dtype=np.int64)
    index.upsert(ids, vectors)
    gone = 1007
    index.remove(np.array([gone], dtype=np.int64))
    path = tmp_path / "workers.snapshot"
    index.save(path, SnapshotCursor(5, 5))
    blob = path.read_bytes()
    assert np.int64(gone).tobytes() not in blob
    if storage == "flat":
        assert vectors[7].tobytes() not in blob
        assert vectors[8].tobytes() in blob  # the check can see a vector that is there
    loaded, _ = VectorIndex.load(path, "fake-16")
    assert gone not in {hit.id for hit in loaded.search_one(vectors[7], 40)}
    assert len(loaded) == 39


def test_cursor_travels_in_the_file_and_version_1_files_are_refused(tmp_path: Path) -> None:
    """One file holds vectors and cursor, so no crash can pair a snapshot with another save's
    cursor; a version 1 file (cursor in a sidecar) is refused so the index is rebuilt."""
    index, _ = _populated()
    path = tmp_path / "s.vidx"
    index.save(path, SnapshotCursor(seq=77, xmin=70))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.vidx"]
    assert VectorIndex.load(path, "fake-16")[1] == SnapshotCursor(77, 70)

    header = read_header(path)
    assert header is not None
    assert header["format_version"] == 2
    assert header["cursor"] == {"seq": 77, "xmin": 70}

    blob = path.read_bytes()
    old = blob.replace(b'"format_version": 2', b'"format_version": 1')
    body = old[:-32]
    path.write_bytes(body + hashlib.sha256(body).digest())
    with pytest.raises(SnapshotUnusable) as caught:
        VectorIndex.load(path, "fake-16")
    assert caught.value.reason == "format"
