"""Vector search over database ids: exact below a size threshold, HNSW above it.

The index stores only what it must (unit vectors, an id map, tombstones) and snapshots
atomically with the model id and the change-log cursor in one file (``snapshot_file``), so a
restart loads the snapshot
and replays later changes, or rebuilds from stored embeddings if the snapshot is unusable.
"""

from matcher.index.errors import DimensionMismatch, SnapshotUnusable, VectorIndexError
from matcher.index.snapshot_file import SnapshotCursor
from matcher.index.vector_index import Hit, IndexConfig, IndexKind, Storage, VectorIndex

__all__ = [
    "DimensionMismatch",
    "Hit",
    "IndexConfig",
    "IndexKind",
    "SnapshotCursor",
    "SnapshotUnusable",
    "Storage",
    "VectorIndex",
    "VectorIndexError",
]
