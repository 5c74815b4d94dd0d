"""Fast seeded sampling shared by the worker and employer factories.

``random.Random.choice``/``choices``/``randint`` cost about a microsecond each; the worker hot path
makes dozens of draws per row, so it draws ``random()`` once and indexes (``Sampler``). Every
draw still comes from one seeded ``random.Random``: never the global generator.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

REFERENCE_DATE = date(2026, 11, 1)
"""'Today' of the demo data: expiry, ages and availability are relative to it, never to now."""


class WeightedChoice(Generic[T]):
    """Weighted choice with precomputed cumulative weights (``choices`` recomputes them)."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("items and weights must be non-empty and of equal length")
        self._items = tuple(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        """One item, drawn with probability proportional to its weight."""
        return self._items[bisect_right(self._cum, rng.random() * self._total)]


class Sampler:
    """Thin, fast helpers over one seeded ``random.Random``."""

    __slots__ = ("rnd", "rng")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rnd = rng.random

    def choice(self, seq: Sequence[T]) -> T:
        """A uniformly chosen element of a non-empty sequence."""
        return seq[int(self.rnd() * len(seq))]

    def randint(self, lo: int, hi: int) -> int:
        """An integer in ``lo..hi`` inclusive."""
        return lo + int(self.rnd() * (hi - lo + 1))

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.rnd() < p

    def pair(self, seq: Sequence[T]) -> tuple[T, T]:
        """Two distinct elements (``seq`` needs at least two)."""
        n = len(seq)
        i = int(self.rnd() * n)
        j = int(self.rnd() * (n - 1))
        if j >= i:
            j += 1
        return seq[i], seq[j]
