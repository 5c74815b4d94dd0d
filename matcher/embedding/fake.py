"""A deterministic, model-free embedder for tests and local development."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from matcher.embedding.protocol import FloatMatrix, check_batch_size, empty_matrix, normalise_rows

__all__ = ["FakeEmbedder"]

_WORD = re.compile(r"\w+")
_WORD_WEIGHT = 2.0
_NGRAM_WEIGHT = 1.0
_EMPTY_FEATURE = "\x00empty"


class FakeEmbedder:
    """Hashed word + character-trigram features ("feature hashing"), L2-normalised.

    Why not random vectors: tests of ranking, filtering and persistence need embeddings
    whose similarities *mean* something, or a broken ranking would pass. Here texts that
    share words (or, for Japanese, which has no spaces, shared characters) get a higher
    cosine, so "perawat lansia" is closer to "perawat lansia berpengalaman" than to
    "tukang las". It is fully deterministic across processes (blake2b, not the salted
    built-in ``hash``), needs no model download and encodes thousands of texts per second.

    It does not understand cross-lingual meaning: use the real models for that.
    """

    def __init__(self, dim: int = 64, batch_size: int = 256) -> None:
        if dim < 8:
            raise ValueError(f"dim must be >= 8, got {dim}")
        self._dim = dim
        self._batch_size = check_batch_size(batch_size)

    @property
    def model_id(self) -> str:
        """``fake-<dim>``: different dims are different output spaces."""
        return f"fake-{self._dim}"

    @property
    def dim(self) -> int:
        """Configured output dimension."""
        return self._dim

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts``; identical texts always give bit-identical rows."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single str")
        if len(texts) == 0:
            return empty_matrix(self._dim)
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            self._accumulate(text, out[row])
        return normalise_rows(out)

    def _accumulate(self, text: str, row: FloatMatrix) -> None:
        features = list(_features(text))
        if not features:
            features = [(_EMPTY_FEATURE, 1.0)]
        for feature, weight in features:
            digest = int.from_bytes(
                hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little"
            )
            sign = 1.0 if digest >> 63 == 0 else -1.0
            row[digest % self._dim] += sign * weight


def _features(text: str) -> list[tuple[str, float]]:
    """Words (weight 2) and boundary-marked character trigrams of each word (weight 1).

    NFKC + casefold first so full-width Latin and case variants match, as they would for
    a human reader.
    """
    normalised = unicodedata.normalize("NFKC", text).casefold()
    out: list[tuple[str, float]] = []
    for word in _WORD.findall(normalised):
        out.append(("w:" + word, _WORD_WEIGHT))
        padded = f"<{word}>"
        out.extend(("c:" + padded[i : i + 3], _NGRAM_WEIGHT) for i in range(len(padded) - 2))
    return out
