"""Errors raised by the vector index.

Exception tree::

    VectorIndexError          base for everything this package raises on purpose
    ├── DimensionMismatch     a vector or query has the wrong number of columns (also ValueError)
    └── SnapshotUnusable      a saved snapshot cannot be trusted; rebuild from stored embeddings

``SnapshotUnusable`` is an expected, recoverable condition (first start, model change, a
crash mid-copy, a disk error), not a bug: the caller's reaction is always the same, so
one exception type with a ``reason`` is enough.
"""

from __future__ import annotations

__all__ = ["DimensionMismatch", "SnapshotUnusable", "VectorIndexError"]


class VectorIndexError(Exception):
    """Base class of every error raised deliberately by ``matcher.index``."""


class DimensionMismatch(VectorIndexError, ValueError):
    """Vectors whose width differs from the index dimension (e.g. another model's)."""


class SnapshotUnusable(VectorIndexError):
    """A snapshot file is missing, truncated, corrupt, or from another model.

    ``reason`` is a short machine-friendly tag (``missing``, ``truncated``, ``checksum``,
    ``format``, ``model``, ``corrupt``, ``config``, ``cursor``) for logs and metrics; the message has details.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"snapshot unusable ({reason}): {detail}")
        self.reason = reason
        self.detail = detail
