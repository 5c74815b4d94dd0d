"""Cosine-similarity search over int64 database ids, exact when small and HNSW when large.

Layout: FAISS only ever sees *slots* (0..ntotal-1, the order vectors were added). We keep
``slot -> id`` in a numpy array and ``id -> slot`` in a dict, plus a ``live`` mask. An update
or removal only tombstones the old slot; tombstoned slots are excluded from every search
through an ``IDSelectorBitmap`` and physically dropped by a rebuild once they exceed
``max_tombstone_fraction``. This one path serves both index kinds because HNSW cannot
remove vectors at all and ``remove_ids`` on a flat index is a full pass anyway.

Filtering happens *before* ranking: the allowed ids become a bitmap of slots and FAISS only
scores those (or we scan them exactly when they are few). Taking a global top-k and then
filtering would silently drop eligible candidates, so it is never done.

Threads: searches share a read lock and can run in parallel; writes are exclusive.
A single-query search runs entirely in the calling thread (FAISS parallelises over
queries, and fewer than 20 queries never reach BLAS), so callers get their concurrency
from their own thread pool; ``configure_threads`` bounds batched searches.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal, NamedTuple, Self

import faiss as _faiss_module
import numpy as np
import numpy.typing as npt

from matcher.index.errors import DimensionMismatch, SnapshotUnusable
from matcher.index.rwlock import ReadWriteLock
from matcher.index.snapshot_file import SnapshotCursor, read_snapshot, write_snapshot

__all__ = ["Hit", "IndexConfig", "IndexKind", "Storage", "VectorIndex"]

Storage = Literal["flat", "sq8"]
IndexKind = Literal["exact", "hnsw"]

_BUILD_CHUNK = 50_000
_SQ_TRAIN_SAMPLE = 65_536
_MIN_TOMBSTONES_FOR_REBUILD = 64
_DICT_ENTRY_BYTES = 100  # CPython dict slot + two int objects, roughly
# Ids are database sequences, so an id -> slot array indexed by id is small: it is used while it
# costs at most this many entries per live vector (4 bytes each), else the sorted lookup.
_DENSE_ENTRIES_PER_LIVE = 8
_DENSE_MIN_ENTRIES = 1 << 16

# faiss ships partial stubs that lack the SearchParameters keywords; use it untyped.
faiss: Any = _faiss_module


class Hit(NamedTuple):
    """One search result: database id and cosine similarity in [-1, 1]."""

    id: int
    score: float


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Tunables; the defaults were measured on 2 cores (docs/benchmarks.md, "Measurements
    behind the code", and the module's tests).

    ``exact_threshold``: up to this many live vectors search is an exact flat scan (a few
    milliseconds at this size); above it an HNSW graph is built.
    ``storage``: how HNSW stores vectors. ``"flat"`` keeps float32; ``"sq8"`` keeps 8-bit
    scalar-quantised codes (about a third of the memory), costing a percent or two of recall.
    ``hnsw_m`` / ``ef_construction`` / ``ef_search``: graph degree and beam widths, the
    smallest that kept recall@20 high on clustered data.
    ``max_tombstone_fraction``: rebuild once this share of slots is dead.
    ``filtered_exact_fraction`` / ``filtered_exact_count``: an allowed set smaller than
    either is scanned exactly; HNSW with a very selective filter loses recall.
    ``gather_limit``: allowed sets up to this size are scored by gathering just those
    vectors, skipping even the per-slot bitmap check over the whole index.
    ``max_filtered_ef``: cap on the efSearch widened for filtered HNSW searches.
    """

    exact_threshold: int = 20_000
    storage: Storage = "flat"
    hnsw_m: int = 32
    ef_construction: int = 80
    ef_search: int = 64
    max_tombstone_fraction: float = 0.2
    filtered_exact_fraction: float = 0.1
    filtered_exact_count: int = 4_096
    gather_limit: int = 512
    max_filtered_ef: int = 1_024

    def __post_init__(self) -> None:
        if self.storage not in ("flat", "sq8"):
            raise ValueError(f"storage must be 'flat' or 'sq8', got {self.storage!r}")
        for name in ("exact_threshold", "hnsw_m", "ef_construction", "ef_search"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1")
        if not 0.0 < self.max_tombstone_fraction < 1.0:
            raise ValueError("max_tombstone_fraction must be in (0, 1)")
        if not 0.0 <= self.filtered_exact_fraction <= 1.0:
            raise ValueError("filtered_exact_fraction must be in [0, 1]")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IndexConfig:
        """Rebuild from a snapshot header, ignoring keys this version does not know."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


_WIPED_ID = -1
"""The id a dead slot holds once wiped (real ids are never negative)."""


class VectorIndex:
    """Thread-safe id -> unit-vector index with filtered top-k cosine search.

    ``model_id`` and ``dim`` pin the embedding space: snapshots from another model are
    refused on load, vectors of another width are refused on upsert.
    """

    def __init__(self, dim: int, model_id: str, config: IndexConfig | None = None) -> None:
        if dim < 1:
            raise ValueError(f"dim must be >= 1, got {dim}")
        if not model_id:
            raise ValueError("model_id must be a non-empty string")
        self._dim = dim
        self._model_id = model_id
        self._config = config or IndexConfig()
        self._lock = ReadWriteLock()
        self._kind: IndexKind = "exact"
        self._index: Any = faiss.IndexFlatIP(dim)
        self._storage: Any = self._index
        self._slot_ids = np.zeros(0, dtype=np.int64)
        self._live = np.zeros(0, dtype=bool)
        self._ntotal = 0
        self._id_to_slot: dict[int, int] = {}
        self._tombstones = 0
        # Derived data rebuilt lazily by readers; writers reset it under the write lock.
        self._cache_lock = threading.Lock()
        self._live_bitmap: npt.NDArray[np.uint8] | None = None
        self._lookup: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None
        self._dense: npt.NDArray[np.int32] | None = None

    # ------------------------------------------------------------------ properties
    @property
    def dim(self) -> int:
        """Vector width."""
        return self._dim

    @property
    def model_id(self) -> str:
        """Embedding model whose vectors this index holds."""
        return self._model_id

    @property
    def config(self) -> IndexConfig:
        """Tunables in effect."""
        return self._config

    @property
    def kind(self) -> IndexKind:
        """``"exact"`` (flat scan) or ``"hnsw"``: depends on size, switches automatically."""
        with self._lock.read():
            return self._kind

    @property
    def tombstones(self) -> int:
        """Dead slots awaiting the next rebuild."""
        with self._lock.read():
            return self._tombstones

    def __len__(self) -> int:
        """Number of live ids."""
        with self._lock.read():
            return len(self._id_to_slot)

    def contains(self, id_: int) -> bool:
        """Whether ``id_`` is currently searchable."""
        with self._lock.read():
            return int(id_) in self._id_to_slot

    def ids(self) -> npt.NDArray[np.int64]:
        """All live ids, sorted; for reconciling against the database."""
        with self._lock.read():
            return np.sort(self._slot_ids[: self._ntotal][self._live[: self._ntotal]])

    def vector(self, id_: int) -> npt.NDArray[np.float32] | None:
        """The stored unit vector of ``id_`` (``None`` when absent).

        Exact with ``"flat"`` storage; with ``"sq8"`` it is the dequantised code, off by up to
        half a quantisation step per component, so callers that need the exact vector (a query
        by object id) check ``exact_vectors`` and read the database otherwise.
        """
        with self._lock.read():
            slot = self._id_to_slot.get(int(id_))
            if slot is None:
                return None
            row: npt.NDArray[np.float32] = np.asarray(self._storage.reconstruct(slot), np.float32)
            return row

    @property
    def exact_vectors(self) -> bool:
        """Whether ``vector`` returns vectors exactly as stored (float32 storage)."""
        with self._lock.read():
            return self._kind == "exact" or self._config.storage == "flat"

    def memory_bytes(self) -> int:
        """Estimated resident bytes: vector codes, HNSW graph, id maps and masks."""
        with self._lock.read():
            total = self._ntotal * int(self._storage.sa_code_size())
            if self._kind == "hnsw":
                graph = self._index.hnsw
                total += 4 * int(graph.neighbors.size()) + 4 * int(graph.levels.size())
                total += 8 * int(graph.offsets.size())
            total += self._slot_ids.nbytes + self._live.nbytes
            total += sys.getsizeof(self._id_to_slot) + _DICT_ENTRY_BYTES * len(self._id_to_slot)
            with self._cache_lock:  # lookup tables built by filtered searches
                if self._lookup is not None:
                    total += self._lookup[0].nbytes + self._lookup[1].nbytes
                if self._dense is not None:
                    total += self._dense.nbytes
            return total

    # ------------------------------------------------------------------ writes
    def upsert(self, ids: npt.ArrayLike, vectors: npt.ArrayLike) -> None:
        """Insert or replace vectors; visible to the next search once this returns.

        Vectors are L2-normalised here, so callers may pass raw model output. Duplicate
        ids within one call are rejected (which one should win is ambiguous).
        """
        id_array = _as_ids(ids)
        matrix = self._as_unit_rows(vectors, what="vectors")
        if matrix.shape[0] != id_array.shape[0]:
            raise ValueError(f"{id_array.shape[0]} ids but {matrix.shape[0]} vectors")
        if np.unique(id_array).shape[0] != id_array.shape[0]:
            raise ValueError("duplicate ids in one upsert")
        if id_array.shape[0] == 0:
            return
        with self._lock.write():
            self._tombstone_locked(id_array)
            first = self._ntotal
            self._index.add(matrix)
            self._grow_locked(first + id_array.shape[0])
            self._slot_ids[first : first + id_array.shape[0]] = id_array
            self._live[first : first + id_array.shape[0]] = True
            self._ntotal = first + id_array.shape[0]
            for offset, id_ in enumerate(id_array.tolist()):
                self._id_to_slot[id_] = first + offset
            self._invalidate_locked()
            self._maybe_rebuild_locked()

    def remove(self, ids: npt.ArrayLike) -> int:
        """Remove ids (unknown ids are ignored); returns how many were present."""
        id_array = _as_ids(ids)
        with self._lock.write():
            removed = self._tombstone_locked(id_array)
            if removed:
                self._invalidate_locked()
                self._maybe_rebuild_locked()
            return removed

    def rebuild(self) -> None:
        """Drop tombstones and re-pick the index kind now (normally automatic)."""
        with self._lock.write():
            self._rebuild_locked()

    # ------------------------------------------------------------------ search
    def search(
        self, query: npt.ArrayLike, k: int, allowed_ids: npt.ArrayLike | None = None
    ) -> list[list[Hit]]:
        """Top-``k`` most similar live ids per query row, best first.

        ``query`` is ``(dim,)`` or ``(q, dim)``; the result has one list per query row
        (fewer than ``k`` hits when fewer ids qualify). ``allowed_ids`` restricts the
        search to those ids *before* ranking; unknown or removed ids in it are ignored.
        """
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        queries = self._as_unit_rows(query, what="query")
        allowed = None if allowed_ids is None else _as_ids(allowed_ids, check_negative=False)
        with self._lock.read():
            if not self._id_to_slot:
                return [[] for _ in range(queries.shape[0])]
            if allowed is None:
                scores, slots = self._search_all_locked(queries, k)
            else:
                allowed_slots = self._allowed_slots_locked(allowed)
                if allowed_slots.shape[0] == 0:
                    return [[] for _ in range(queries.shape[0])]
                scores, slots = self._search_subset_locked(queries, k, allowed_slots)
            return self._to_hits_locked(scores, slots)

    def search_one(
        self, query: npt.ArrayLike, k: int, allowed_ids: npt.ArrayLike | None = None
    ) -> list[Hit]:
        """``search`` for a single ``(dim,)`` query."""
        query_row = np.asarray(query)
        if query_row.ndim != 1:
            raise ValueError(f"search_one takes a (dim,) vector, got shape {query_row.shape}")
        return self.search(query_row, k, allowed_ids)[0]

    def _search_all_locked(
        self, queries: npt.NDArray[np.float32], k: int
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        k_eff = min(k, len(self._id_to_slot))
        bitmap = self._live_bitmap_locked() if self._tombstones else None
        selector = None if bitmap is None else _bitmap_selector(bitmap)
        if self._kind == "exact":
            params: Any = faiss.SearchParameters(sel=selector) if selector else None
        else:
            params = faiss.SearchParametersHNSW(efSearch=max(self._config.ef_search, k_eff))
            if selector is not None:
                params.sel = selector
        scores, slots = self._index.search(queries, k_eff, params=params)
        del bitmap  # the selector borrowed this buffer until here
        return scores, slots

    def _search_subset_locked(
        self, queries: npt.NDArray[np.float32], k: int, allowed_slots: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        cfg = self._config
        n_allowed = allowed_slots.shape[0]
        k_eff = min(k, n_allowed)
        if n_allowed <= cfg.gather_limit:
            return self._gather_scan_locked(queries, k_eff, allowed_slots)
        mask = np.zeros(self._ntotal, dtype=bool)
        mask[allowed_slots] = True
        bitmap = np.packbits(mask, bitorder="little")
        selector = _bitmap_selector(bitmap)
        live = len(self._id_to_slot)
        small = n_allowed < max(cfg.filtered_exact_count, cfg.filtered_exact_fraction * live)
        if self._kind == "exact" or small:
            params: Any = faiss.SearchParameters(sel=selector)
            scores, slots = self._storage.search(queries, k_eff, params=params)
        else:
            widened = math.ceil(cfg.ef_search * live / n_allowed)
            ef = min(cfg.max_filtered_ef, max(cfg.ef_search, k_eff, widened))
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=ef)
            scores, slots = self._index.search(queries, k_eff, params=params)
        del bitmap
        return scores, slots

    def _gather_scan_locked(
        self, queries: npt.NDArray[np.float32], k: int, allowed_slots: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """Score a handful of allowed vectors directly: O(allowed), not O(index)."""
        vectors = np.asarray(self._index.reconstruct_batch(allowed_slots), dtype=np.float32)
        all_scores = queries @ vectors.T  # (q, allowed)
        top = np.argpartition(-all_scores, k - 1, axis=1)[:, :k]
        top_scores = np.take_along_axis(all_scores, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        return (
            np.take_along_axis(top_scores, order, axis=1),
            allowed_slots[np.take_along_axis(top, order, axis=1)],
        )

    def _to_hits_locked(
        self, scores: npt.NDArray[np.float32], slots: npt.NDArray[np.int64]
    ) -> list[list[Hit]]:
        clamped = np.clip(scores, -1.0, 1.0)
        out: list[list[Hit]] = []
        for row_scores, row_slots in zip(clamped.tolist(), slots.tolist(), strict=True):
            hits = [
                Hit(int(self._slot_ids[slot]), float(score))
                for score, slot in zip(row_scores, row_slots, strict=True)
                if 0 <= slot < self._ntotal and self._live[slot]
            ]
            out.append(hits)
        return out

    def _allowed_slots_locked(self, allowed: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Live slots of the allowed ids (unknown ids dropped, each slot once).

        Through an array indexed by id when ids are dense enough (a gather), else a sorted
        lookup table (``np.unique`` + ``searchsorted``, which was most of a broad filtered query:
        docs/benchmarks.md, "Measurements behind the code").
        """
        dense = self._dense_locked()
        if dense is not None:
            if allowed.shape[0] > 1 and not bool(np.all(allowed[1:] > allowed[:-1])):
                allowed = np.unique(allowed)
            inside = allowed[(allowed >= 0) & (allowed < dense.shape[0])]
            slots = dense[inside]
            live_slots: npt.NDArray[np.int64] = slots[slots >= 0].astype(np.int64)
            return live_slots
        sorted_ids, sorted_slots = self._lookup_locked()
        wanted = np.unique(allowed)
        positions = np.searchsorted(sorted_ids, wanted)
        positions = np.minimum(positions, max(sorted_ids.shape[0] - 1, 0))
        found = sorted_ids[positions] == wanted if sorted_ids.shape[0] else positions < 0
        return sorted_slots[positions[found]]

    def _lookup_locked(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        with self._cache_lock:
            return self._lookup_unlocked_cache()

    def _lookup_unlocked_cache(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The sorted (ids, slots) table; the caller holds ``_cache_lock``."""
        if self._lookup is None:
            live_slots = np.flatnonzero(self._live[: self._ntotal]).astype(np.int64)
            live_ids = self._slot_ids[live_slots]
            order = np.argsort(live_ids, kind="stable")
            self._lookup = (live_ids[order], live_slots[order])
        return self._lookup

    def _dense_locked(self) -> npt.NDArray[np.int32] | None:
        """``slot_of[id]`` (-1: absent) while ids are dense enough, else ``None``."""
        with self._cache_lock:
            if self._dense is None:
                live = len(self._id_to_slot)
                if live == 0:
                    return None
                sorted_ids, sorted_slots = self._lookup_unlocked_cache()
                size = int(sorted_ids[-1]) + 1
                if size > max(_DENSE_MIN_ENTRIES, _DENSE_ENTRIES_PER_LIVE * live):
                    return None
                dense = np.full(size, -1, dtype=np.int32)
                dense[sorted_ids] = sorted_slots
                self._dense = dense
            return self._dense

    def _live_bitmap_locked(self) -> npt.NDArray[np.uint8]:
        with self._cache_lock:
            if self._live_bitmap is None:
                self._live_bitmap = np.packbits(self._live[: self._ntotal], bitorder="little")
            return self._live_bitmap

    # ------------------------------------------------------------------ internals
    def _as_unit_rows(self, data: npt.ArrayLike, what: str) -> npt.NDArray[np.float32]:
        matrix = np.array(data, dtype=np.float32, order="C", copy=True, ndmin=2)
        if matrix.ndim != 2:
            raise ValueError(f"{what} must be 1-D or 2-D, got shape {matrix.shape}")
        if matrix.shape[1] != self._dim:
            raise DimensionMismatch(
                f"{what} have {matrix.shape[1]} columns, index {self._model_id!r} has {self._dim}"
            )
        if not np.isfinite(matrix).all():
            raise ValueError(f"{what} contain NaN or infinity")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        if matrix.shape[0] and not (norms > 0).all():
            raise ValueError(f"{what} contain an all-zero row, which has no direction")
        matrix /= norms
        return matrix

    def _tombstone_locked(self, ids: npt.NDArray[np.int64]) -> int:
        """Mark the ids' slots dead and wipe them: the vector's codes are zeroed and the slot
        forgets its id, so neither memory nor a snapshot written later holds a removed
        (possibly erased) person's vector or id. The slot stays in the graph until a rebuild.
        """
        removed = 0
        code_size = int(self._storage.sa_code_size())
        codes = faiss.rev_swig_ptr(self._storage.codes.data(), self._ntotal * code_size)
        for id_ in ids.tolist():
            slot = self._id_to_slot.pop(id_, None)
            if slot is not None:
                self._live[slot] = False
                self._slot_ids[slot] = _WIPED_ID
                codes[slot * code_size : (slot + 1) * code_size] = 0
                self._tombstones += 1
                removed += 1
        return removed

    def _grow_locked(self, needed: int) -> None:
        if needed <= self._slot_ids.shape[0]:
            return
        capacity = max(needed, 2 * self._slot_ids.shape[0], 1024)
        slot_ids = np.zeros(capacity, dtype=np.int64)
        slot_ids[: self._ntotal] = self._slot_ids[: self._ntotal]
        live = np.zeros(capacity, dtype=bool)
        live[: self._ntotal] = self._live[: self._ntotal]
        self._slot_ids, self._live = slot_ids, live

    def _invalidate_locked(self) -> None:
        with self._cache_lock:
            self._lookup = None
            self._live_bitmap = None
            self._dense = None

    def _maybe_rebuild_locked(self) -> None:
        live = len(self._id_to_slot)
        wrong_kind = self._kind == "exact" and live > self._config.exact_threshold
        too_dead = (
            self._tombstones >= _MIN_TOMBSTONES_FOR_REBUILD
            and self._tombstones > self._config.max_tombstone_fraction * self._ntotal
        )
        if wrong_kind or too_dead:
            self._rebuild_locked()

    def _target_kind(self, live: int) -> IndexKind:
        """HNSW above the threshold; once HNSW, stay until half of it (no flapping)."""
        threshold = self._config.exact_threshold
        if live > threshold or (self._kind == "hnsw" and live > threshold // 2):
            return "hnsw"
        return "exact"

    def _rebuild_locked(self) -> None:
        """Copy live vectors into a fresh index of the right kind, in bounded chunks.

        Runs under the write lock, so searches wait: an exact->HNSW switch at 20k x 512
        takes a few seconds on 2 cores; for very large indexes schedule ``rebuild`` off
        peak. With sq8 storage the vectors come back dequantised (the originals are not
        kept, that is the point of sq8); re-quantising them is near lossless.
        """
        live_slots = np.flatnonzero(self._live[: self._ntotal]).astype(np.int64)
        kind = self._target_kind(live_slots.shape[0])
        index = self._new_index(kind)
        if not index.is_trained:
            sample = live_slots[:: max(1, live_slots.shape[0] // _SQ_TRAIN_SAMPLE)]
            index.train(np.ascontiguousarray(self._index.reconstruct_batch(sample)))
        for start in range(0, live_slots.shape[0], _BUILD_CHUNK):
            chunk = live_slots[start : start + _BUILD_CHUNK]
            index.add(np.ascontiguousarray(self._index.reconstruct_batch(chunk)))
        ids = self._slot_ids[live_slots]
        self._install_locked(kind, index, ids, np.ones(ids.shape[0], dtype=bool))

    def _new_index(self, kind: IndexKind) -> Any:
        if kind == "exact":
            return faiss.IndexFlatIP(self._dim)
        cfg = self._config
        index: Any
        if cfg.storage == "sq8":
            index = faiss.IndexHNSWSQ(
                self._dim, faiss.ScalarQuantizer.QT_8bit, cfg.hnsw_m, faiss.METRIC_INNER_PRODUCT
            )
        else:
            index = faiss.IndexHNSWFlat(self._dim, cfg.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = cfg.ef_construction
        index.hnsw.efSearch = cfg.ef_search  # default only; requests pass their own
        return index

    def _install_locked(
        self,
        kind: IndexKind,
        index: Any,
        slot_ids: npt.NDArray[np.int64],
        live: npt.NDArray[np.bool_],
    ) -> None:
        self._kind = kind
        self._index = index
        self._storage = index if kind == "exact" else faiss.downcast_index(index.storage)
        self._ntotal = int(index.ntotal)
        self._slot_ids = np.array(slot_ids, dtype=np.int64, copy=True)
        self._live = np.array(live, dtype=bool, copy=True)
        live_slots = np.flatnonzero(self._live)
        self._id_to_slot = dict(
            zip(self._slot_ids[live_slots].tolist(), live_slots.tolist(), strict=True)
        )
        self._tombstones = self._ntotal - len(self._id_to_slot)
        self._invalidate_locked()

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike[str], cursor: SnapshotCursor) -> None:
        """Write a self-checking snapshot atomically (format: ``matcher.index.snapshot_file``).

        ``cursor`` is the change-log position this index is consistent with; on start the
        caller replays the changes after it. It lives in the file's header, so the vectors and
        the position can never come from two different saves: a half-written id map once
        returned another user's record with score 1.0.
        """
        with self._lock.read():
            index_bytes = faiss.serialize_index(self._index)
            slot_ids = np.ascontiguousarray(self._slot_ids[: self._ntotal])
            live = np.ascontiguousarray(self._live[: self._ntotal]).view(np.uint8)
            header = {
                "model_id": self._model_id,
                "dim": self._dim,
                "kind": self._kind,
                "count": len(self._id_to_slot),
                "ntotal": self._ntotal,
                "config": asdict(self._config),
            }
        write_snapshot(
            Path(path),
            header,
            cursor,
            [
                ("index", index_bytes.data),
                ("slot_ids", slot_ids.view(np.uint8).data),
                ("live", live.data),
            ],
        )

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], expected_model_id: str
    ) -> tuple[Self, SnapshotCursor]:
        """Read a snapshot written by ``save``; returns the index and its cursor.

        Raises ``SnapshotUnusable`` when the file is missing, truncated, fails its
        checksum, has an unknown format, or holds another model's vectors; the caller then
        rebuilds from the embeddings stored in the database. Loading reads the whole file
        into memory once (peak about twice the snapshot size).
        """
        source = Path(path)
        header, cursor, payload = read_snapshot(source)
        if header.get("model_id") != expected_model_id:
            raise SnapshotUnusable(
                "model",
                f"snapshot holds {header.get('model_id')!r} vectors, expected {expected_model_id!r}",
            )
        try:
            index = cls(
                int(header["dim"]), str(header["model_id"]), IndexConfig.from_json(header["config"])
            )
            faiss_index = faiss.deserialize_index(payload["index"])
            slot_ids = np.frombuffer(payload["slot_ids"], dtype=np.int64)
            live = np.frombuffer(payload["live"], dtype=np.uint8).astype(bool)
            kind = header["kind"]
            ntotal = int(header["ntotal"])
            consistent = (
                kind in ("exact", "hnsw")
                and int(faiss_index.d) == index.dim
                and int(faiss_index.ntotal) == ntotal == slot_ids.shape[0] == live.shape[0]
                and int(live.sum()) == int(header["count"])
                and np.unique(slot_ids[live]).shape[0] == int(header["count"])
                and isinstance(faiss_index, faiss.IndexFlat) == (kind == "exact")
            )
        except (KeyError, TypeError, ValueError, RuntimeError) as exc:
            raise SnapshotUnusable("corrupt", f"{source}: {exc}") from exc
        if not consistent:
            raise SnapshotUnusable("corrupt", f"{source}: sections disagree with the header")
        with index._lock.write():
            index._install_locked(kind, faiss_index, slot_ids, live)
        return index, cursor


# ---------------------------------------------------------------------- helpers
def _as_ids(ids: npt.ArrayLike, check_negative: bool = True) -> npt.NDArray[np.int64]:
    array = np.asarray(ids)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError(f"ids must be 1-D, got shape {array.shape}")
    if array.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"ids must be integers, got dtype {array.dtype}")
    out = array.astype(np.int64, copy=False)
    if check_negative and (out < 0).any():
        raise ValueError("ids must be >= 0 (database primary keys)")
    return out


def _bitmap_selector(bitmap: npt.NDArray[np.uint8]) -> Any:
    """An ``IDSelectorBitmap`` borrowing ``bitmap``: keep the array alive while searching."""
    return faiss.IDSelectorBitmap(bitmap.shape[0], faiss.swig_ptr(bitmap))
