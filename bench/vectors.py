"""Synthetic clustered unit vectors: the stand-in for encoded profiles at sizes we cannot encode.

Encoding 1M profile texts with USE takes about 15 minutes on 2 cores, so the 1M memory and
recall figures use vectors drawn around ``clusters`` random centres (like profiles that group
by occupation), of the same dimension as the real model. Deterministic per seed and chunk, so
ground truth can be recomputed chunk by chunk without holding every vector.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]


class ClusteredVectors:
    """``n`` unit vectors of width ``dim`` around ``clusters`` centres, generated in chunks."""

    def __init__(
        self, n: int, dim: int, *, clusters: int = 200, spread: float = 0.6, seed: int = 7
    ) -> None:
        self.n = n
        self.dim = dim
        self.spread = spread
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.centres = _unit(rng.standard_normal((clusters, dim), dtype=np.float32))

    def chunk(self, start: int, stop: int) -> FloatMatrix:
        """Vectors ``start..stop-1`` (the same values on every call)."""
        rng = np.random.default_rng((self.seed, start))
        size = stop - start
        which = rng.integers(0, self.centres.shape[0], size)
        noise = rng.standard_normal((size, self.dim), dtype=np.float32)
        noise *= self.spread / np.sqrt(self.dim, dtype=np.float32)
        return _unit(self.centres[which] + noise)

    def chunks(self, size: int) -> Iterator[tuple[int, FloatMatrix]]:
        """``(start, vectors)`` over the whole set."""
        for start in range(0, self.n, size):
            yield start, self.chunk(start, min(self.n, start + size))

    def queries(self, count: int) -> FloatMatrix:
        """Query vectors from the same distribution (not members of the set)."""
        rng = np.random.default_rng((self.seed, 1 << 40))
        which = rng.integers(0, self.centres.shape[0], count)
        noise = rng.standard_normal((count, self.dim), dtype=np.float32)
        noise *= self.spread / np.sqrt(self.dim, dtype=np.float32)
        return _unit(self.centres[which] + noise)


def _unit(matrix: FloatMatrix) -> FloatMatrix:
    out = np.ascontiguousarray(matrix, dtype=np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out
