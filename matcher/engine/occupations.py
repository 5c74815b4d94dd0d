"""Which occupation a profile or vacancy is about, inferred from its embedding.

Vacancies often arrive without an occupation code and workers rarely give one, yet "same
occupation" is what employers mean by a good match (a caregiver, not any nursing-care worker).
Each occupation of the catalogue gets a prototype: the normalised mean embedding of its labels
and example phrases in Japanese, Indonesian and English. A text's occupation profile is a
softmax over its cosine to every prototype; two profiles' dot product is the probability that
both are about the same occupation. How often the top occupation is right is measured by
``matcher eval`` (README, "Ranking quality").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from matcher.embedding import Embedder
from models.vocabulary import occupation_phrases

Matrix = npt.NDArray[np.float32]

SHARPNESS = 30.0
"""Softmax temperature inverse: cosines differ by a few hundredths between close occupations."""


class OccupationInference:
    """Prototype embeddings of the occupation catalogue, for one embedder."""

    def __init__(self, embedder: Embedder, sharpness: float = SHARPNESS) -> None:
        phrases = occupation_phrases()
        self.codes: list[str] = list(phrases)
        centroids = []
        for code in self.codes:
            mean = embedder.encode(phrases[code]).mean(axis=0)
            centroids.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        self.centroids: Matrix = np.ascontiguousarray(np.stack(centroids), dtype=np.float32)
        self.sharpness = sharpness

    def profiles(self, vectors: Matrix) -> Matrix:
        """Occupation distributions (rows sum to 1) of unit ``vectors``."""
        scores = (np.atleast_2d(vectors) @ self.centroids.T) * self.sharpness
        scores -= scores.max(axis=1, keepdims=True)
        weights = np.exp(scores)
        return np.ascontiguousarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float32)

    def top(self, profile: Matrix) -> str:
        """The most likely occupation code of one profile."""
        return self.codes[int(np.argmax(profile))]

    @staticmethod
    def same_occupations(
        profiles: Sequence[Matrix | None], other: Matrix | None
    ) -> list[float | None]:
        """Probability that each profile and ``other`` are about the same occupation, in [0, 1]
        (``None`` where either is missing), in one array operation for all the candidates of a
        query: one numpy call per candidate added up (docs/benchmarks.md, "Measurements behind
        the code").

        Row sums, not BLAS: each row is summed the same way whatever the batch, so a pair's
        value does not depend on which other candidates came with it.
        """
        present = [(i, profile) for i, profile in enumerate(profiles) if profile is not None]
        out: list[float | None] = [None] * len(profiles)
        if other is None or not present:
            return out
        rows = np.stack([profile for _, profile in present])
        values = np.clip((rows * other).sum(axis=1, dtype=np.float32), 0.0, 1.0).tolist()
        for (i, _), value in zip(present, values, strict=True):
            out[i] = value
        return out
