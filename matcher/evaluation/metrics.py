"""Ranking metrics over graded relevance (2 = same occupation, 1 = same field, 0 = other).

NDCG uses the exponential gain ``2**rel - 1`` and the ideal ordering of *all* judged items,
not just the returned ones, so a ranking that misses relevant items is penalised. MRR and P@1
count only the top grade (same occupation) as relevant: a caregiver vacancy answered first by a
disability support worker is a near miss, not a hit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _dcg(grades: Sequence[int]) -> float:
    return sum(((1 << g) - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at_k(ranked: Sequence[int], all_grades: Sequence[int], k: int = 10) -> float:
    """NDCG@k of ``ranked`` grades against the best possible ordering of ``all_grades``."""
    ideal = _dcg(sorted(all_grades, reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg(list(ranked)[:k]) / ideal


def mrr(ranked: Sequence[int], relevant: int = 2) -> float:
    """Reciprocal rank of the first item of grade ``relevant`` or higher (0 when none)."""
    for i, grade in enumerate(ranked):
        if grade >= relevant:
            return 1.0 / (i + 1)
    return 0.0


def precision_at_1(ranked: Sequence[int], relevant: int = 2) -> float:
    """1 when the first item has grade ``relevant`` or higher, else 0."""
    return 1.0 if ranked and ranked[0] >= relevant else 0.0
