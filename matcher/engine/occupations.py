"""Which occupation a profile or vacancy is about, inferred from its embedding.

Vacancies often arrive without an occupation code and workers rarely give one, yet "same
occupation" is what employers mean by a good match (a caregiver, not any nursing-care worker).
Each occupation of the catalogue gets a prototype: the normalised mean embedding of its labels
and example phrases in Japanese, Indonesian and English. A text's occupation profile is a
softmax over its cosine to every prototype; two profiles' dot product is the probability that
both are about the same occupation. How often the top occupation is right is measured by
``matcher eval`` (README, "Ranking quality").

Prototypes alone confuse neighbouring trades: a sentence encoder puts a job sheet that lists
duties ("すり身の調合", "ganti bearing & v-belt") near its field, not its trade. The trade terms
the text names (``matcher.ranking.lexical``: BM25 over the taxonomy's vocabulary) say which
trade, so ``with_terms`` turns the prototype profile into a posterior over both: the softmax of
the prototype logits plus ``LEXICAL_SHARPNESS`` times each occupation's BM25 score in units of a
typical single mention. A text that names no trade term keeps its prototype profile, so the
signals only score: they never decide eligibility.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from matcher.embedding import Embedder
from matcher.ranking.lexical import LexicalProfile, Lexicon
from models.vocabulary import occupation_phrases

Matrix = npt.NDArray[np.float32]

SHARPNESS = 30.0
"""Softmax temperature inverse: cosines differ by a few hundredths between close occupations."""

LEXICAL_SHARPNESS = 2.0
"""Weight of one typical trade-term mention (the lexicon's ``mention_score``) in the posterior's
logits, next to ``SHARPNESS`` times the cosine: chosen on the development split of the trade
set (docs/benchmarks.md, "Trade posterior, duties and katakana words")."""


class OccupationInference:
    """Prototype embeddings of the occupation catalogue, for one embedder."""

    def __init__(
        self,
        embedder: Embedder,
        sharpness: float = SHARPNESS,
        lexicon: Lexicon | None = None,
        lexical_sharpness: float | None = None,
    ) -> None:
        phrases = occupation_phrases()
        self.codes: list[str] = list(phrases)
        centroids = []
        for code in self.codes:
            mean = embedder.encode(phrases[code]).mean(axis=0)
            centroids.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        self.centroids: Matrix = np.ascontiguousarray(np.stack(centroids), dtype=np.float32)
        self.sharpness = sharpness
        self.lexicon = lexicon
        """The trade vocabulary ``with_terms`` reads; ``None``: prototypes only."""
        self.lexical_sharpness = (
            LEXICAL_SHARPNESS if lexical_sharpness is None else lexical_sharpness
        )
        self._lexical_columns = (
            None
            if lexicon is None
            else np.asarray([lexicon.index_of(code) for code in self.codes], dtype=np.int64)
        )
        self._permuted = self._lexical_columns is not None and not np.array_equal(
            self._lexical_columns, np.arange(len(self.codes))
        )

    def profiles(self, vectors: Matrix) -> Matrix:
        """Occupation distributions (rows sum to 1) of unit ``vectors``."""
        scores = (np.atleast_2d(vectors) @ self.centroids.T) * self.sharpness
        scores -= scores.max(axis=1, keepdims=True)
        weights = np.exp(scores)
        return np.ascontiguousarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float32)

    def with_terms(
        self, profiles: Sequence[Matrix | None], terms: Sequence[LexicalProfile | None]
    ) -> list[Matrix | None]:
        """The posterior of each prototype profile given the trade terms its text names
        (``terms``, row for row): ``softmax(log profile + lexical_sharpness * bm25 /
        mention_score)``, in one array operation per batch and row by row, so a text's
        posterior does not depend on the batch. A profile stays as it is when its text names
        no term or there is no lexicon; a missing profile stays missing."""
        out = list(profiles)
        if self.lexicon is None or self._lexical_columns is None or self.lexical_sharpness <= 0:
            return out
        rows: list[int] = []
        priors: list[Matrix] = []
        named: list[LexicalProfile] = []
        for i, (profile, found) in enumerate(zip(profiles, terms, strict=True)):
            if profile is not None and found is not None and not found.empty:
                rows.append(i)
                priors.append(profile)
                named.append(found)
        if not rows:
            return out
        evidence = np.zeros((len(rows), len(self.lexicon)), dtype=np.float32)
        evidence[
            np.repeat(np.arange(len(rows)), [t.occupations.shape[0] for t in named]),
            np.concatenate([t.occupations for t in named]),
        ] = np.concatenate([t.scores for t in named])
        if self._permuted:
            evidence = evidence[:, self._lexical_columns]
        prior = np.stack(priors)
        logits = np.log(np.maximum(prior, np.float32(1e-37)))
        logits += evidence * np.float32(self.lexical_sharpness / self.lexicon.mention_score)
        logits -= logits.max(axis=1, keepdims=True)
        weights = np.exp(logits)
        posterior = weights / weights.sum(axis=1, keepdims=True)
        for row, i in enumerate(rows):
            out[i] = np.ascontiguousarray(posterior[row])
        return out

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
