"""The ``Embedder`` protocol and the array helpers every implementation shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["Embedder", "FloatMatrix", "normalise_rows"]

FloatMatrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into comparable vectors.

    ``model_id`` is stored next to every embedding and every index snapshot: vectors from
    different models (or different dimensions) must never be mixed, and the id is how the
    storage layer notices a model change and re-encodes instead of returning nonsense.

    ``encode`` returns a C-contiguous float32 array of shape ``(len(texts), dim)`` whose
    rows have unit L2 norm, so cosine similarity is a plain inner product (what FAISS's
    ``METRIC_INNER_PRODUCT`` computes). Implementations batch internally so callers may
    pass any number of texts without blowing up peak memory.
    """

    @property
    def model_id(self) -> str:
        """Stable identifier of the model (and its output space)."""
        ...

    @property
    def dim(self) -> int:
        """Number of columns ``encode`` returns."""
        ...

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts`` into an ``(n, dim)`` C-contiguous float32 unit-norm matrix."""
        ...


def normalise_rows(matrix: npt.ArrayLike) -> FloatMatrix:
    """Return ``matrix`` as C-contiguous float32 with unit-norm rows.

    Models usually normalise already, but not always exactly (float32 rounding, or
    a model whose pooling skips the normalise layer); re-normalising is cheap and makes
    the "inner product == cosine" contract hold regardless. All-zero rows (which no
    model should produce) are left at zero rather than turned into NaN.
    """
    out = np.array(matrix, dtype=np.float32, copy=True, order="C")
    if out.ndim != 2:
        raise ValueError(f"expected a 2-D array, got shape {out.shape}")
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def check_batch_size(batch_size: int) -> int:
    """Validate a batch size once, at construction, instead of failing mid-encode."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    return batch_size


def empty_matrix(dim: int) -> FloatMatrix:
    """The ``(0, dim)`` result for an empty input, so callers need no special case."""
    return np.zeros((0, dim), dtype=np.float32)
